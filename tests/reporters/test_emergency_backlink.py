"""A resident emergency opened from an information report says so on its page, with a link
to the report, for those who may open the report; others see no trace of it."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reporters.handling.services import report_case_open
from reporters.models import ReportResident
from reporters.reports import services as reports
from reporters.review import services as review
from residents import roles
from tests.factories import make_resident, make_user
from tests.reporters.helpers import EVENT, make_group, make_report, make_reporter

pytestmark = pytest.mark.django_db

ALL_GOOD = dict(truthful=True, complete=True, accurate=True, well_formatted=True, reason="")
FIRE = {**EVENT, "event_kind": "fire", "title": "五号楼厨房起火",
        "occurred_at": timezone.now() - datetime.timedelta(hours=2)}


def _page(user, emergency) -> tuple[int, str]:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("residents:emergency_detail", args=[emergency.pk]))
    return response.status_code, response.content.decode()


def test_the_emergency_page_links_back_to_the_report_for_those_who_may_see_it():
    manager = make_user(roles.MANAGER)
    reviewer = make_user(roles.FRONT_DESK)
    reporter, _profile = make_reporter(manager, group=make_group(manager, reviewer=reviewer))
    resident = make_resident(actor=manager)
    report = make_report(reporter, FIRE)
    ReportResident.objects.create(report=report, resident=resident, linked_by=reporter)
    report = reports.report_submit(actor=reporter, report=report)
    review.report_review(actor=manager, report=report, **ALL_GOOD)
    report.refresh_from_db()
    emergency = report_case_open(actor=manager, report=report, target="emergency",
                                 resident=resident, emergency_kind="accident").emergency
    link = reverse("reporters:report_detail", args=[report.pk])
    for user in (manager, reviewer):
        status, page = _page(user, emergency)
        assert status == 200
        assert "emergency-origin" in page and link in page
        assert f"来自信息员报告 {report.number}" in page
    other_desk = make_user(roles.FRONT_DESK)
    status, page = _page(other_desk, emergency)
    assert status == 200, "a front desk colleague opens the emergency but not the report"
    assert link not in page and report.number not in page
