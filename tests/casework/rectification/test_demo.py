"""seed_demo shows rectification, safety records and a report whose handling opened a case."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from casework.models import Case, CaseKind, SafetyKind, SafetyRecord
from reporters.models import ReportCase

pytestmark = pytest.mark.django_db


def test_seed_demo_makes_rectifications_safety_records_and_a_handled_report_once():
    call_command("seed_demo", residents=5, stdout=io.StringIO())
    rectifications = Case.objects.filter(kind=CaseKind.RECTIFICATION)
    assert rectifications.filter(due_on__lt=timezone.localdate()).exclude(
        status__in=("closed", "withdrawn")).count() == 1
    assert rectifications.filter(status="closed").exists()
    assert set(SafetyRecord.objects.values_list("kind", flat=True)) == set(SafetyKind.values)
    assert SafetyRecord.objects.filter(rectification__isnull=False).exists()
    handling = ReportCase.objects.get()
    assert handling.case.kind == CaseKind.RECTIFICATION
    counts = (rectifications.count(), SafetyRecord.objects.count(), ReportCase.objects.count())
    call_command("seed_demo", residents=5, stdout=io.StringIO())
    assert (rectifications.count(), SafetyRecord.objects.count(),
            ReportCase.objects.count()) == counts
