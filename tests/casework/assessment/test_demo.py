"""seed_demo gives the assessment its standards, the annual evaluation a year's proposals, and
the public policies page two policies."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casework.assessment import selectors
from casework.models import AnnualProposal, AssessmentStandard, Policy
from residents.dashboards.periods import Period

pytestmark = pytest.mark.django_db


def test_the_demo_has_standards_proposals_and_policies_and_grades_its_staff():
    call_command("seed_demo", residents=20, stdout=StringIO())
    assert AssessmentStandard.objects.count() == 3
    year = timezone.localdate().year
    assert set(AnnualProposal.objects.values_list("year", flat=True)) == {year - 1, year}
    assert Policy.objects.published().count() == 2
    page = Client().get(reverse("public:policies")).content.decode()
    assert "社区居民公约" in page
    lines = selectors.staff_lines(Period.containing("year", timezone.localdate()))
    assert any(line.grade for line in lines), "the demo's cases give some staff a grade"
