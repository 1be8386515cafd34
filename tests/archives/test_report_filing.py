"""A report whose loop closes (the residents are satisfied) is filed into its year's report
volume (ARC-7), once; the report page says where, the volume lists it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from archives.filing.services import report_file
from archives.models import ArchiveCategory, ContentClass, VolumeItem
from reporters.review import services as review
from residents import roles
from tests.factories import make_user
from tests.reporters.helpers import make_group, make_report, make_reporter

pytestmark = pytest.mark.django_db

ALL_GOOD = dict(truthful=True, complete=True, accurate=True, well_formatted=True, reason="")


@pytest.fixture
def manager():
    return make_user(roles.MANAGER)


@pytest.fixture
def reporter(manager):
    group = make_group(manager, reviewer=make_user(roles.FRONT_DESK))
    user, _profile = make_reporter(manager, group=group)
    return user


def _handled(reporter, manager):
    report = make_report(reporter, submit=True)
    review.report_review(actor=manager, report=report, **ALL_GOOD)
    return review.report_handle(actor=manager, report=report, result="已在中心广场增设健身器材")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_report_is_filed_once_when_the_residents_are_satisfied(reporter, manager):
    report = _handled(reporter, manager)
    review.report_evaluate(actor=reporter, report=report, satisfied=False, comment="器材太少")
    assert not VolumeItem.objects.filter(report=report).exists()  # reopened, not closed
    report = review.report_handle(actor=manager, report=report, result="又增设了两台器材")
    review.report_evaluate(actor=reporter, report=report, satisfied=True, comment="满意")
    item = VolumeItem.objects.get(report=report)
    volume = item.volume
    assert (volume.category, volume.content_class) == (
        ArchiveCategory.REPORTS, ContentClass.REPORTS
    )
    assert volume.year == timezone.localdate().year
    assert item.contents == {"submissions": 1, "reviews": 1, "attachments": 0, "evaluations": 2}
    # Filing twice makes one item; a second closed report goes into the same volume.
    assert report_file(report, manager).pk == item.pk
    assert VolumeItem.objects.filter(report=report).count() == 1
    other = _handled(reporter, manager)
    review.report_evaluate(actor=manager, report=other, satisfied=True, comment="")
    assert VolumeItem.objects.get(report=other).volume == volume


def test_the_report_page_and_the_volume_show_the_filing(reporter, manager):
    report = _handled(reporter, manager)
    detail = reverse("reporters:report_detail", args=[report.pk])
    assert "report-filing" not in _client(manager).get(detail).content.decode()
    review.report_evaluate(actor=reporter, report=report, satisfied=True, comment="满意")
    volume = VolumeItem.objects.get(report=report).volume
    volume_url = reverse("archives:volume_detail", args=[volume.pk])
    staff_page = _client(manager).get(detail).content.decode()
    assert "report-filing" in staff_page and volume.number in staff_page
    assert volume_url in staff_page
    # The reporter sees that it is filed, without a link to a page they may not open.
    own_page = _client(reporter).get(detail).content.decode()
    assert volume.number in own_page and volume_url not in own_page
    volume_page = _client(manager).get(volume_url).content.decode()
    assert report.number in volume_page
