"""Handling an approved report opens a case (or a resident emergency), linked both ways, once
per report; its opening and closing show in the report's history (REP-6)."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casework.engine.services import case_act
from casework.models import Case, CaseKind
from casework.rectification.services import rectification_issue, rectification_start
from reporters.handling.services import report_case_open
from reporters.models import ReportCase, ReportResident
from reporters.reports import services as reports
from reporters.review import services as review
from residents import roles
from residents.common.errors import ActionRefused
from residents.models import Emergency, Notification
from tests.factories import make_resident, make_user
from tests.reporters.helpers import EVENT, OPINION, make_group, make_report, make_reporter

pytestmark = pytest.mark.django_db

HAZARD = {**EVENT, "occurred_at": timezone.now() - datetime.timedelta(hours=2)}
ALL_GOOD = dict(truthful=True, complete=True, accurate=True, well_formatted=True, reason="")


@pytest.fixture
def manager():
    return make_user(roles.MANAGER)


@pytest.fixture
def checker():
    return make_user(roles.MANAGER)


@pytest.fixture
def reporter(manager):
    group = make_group(manager, reviewer=make_user(roles.FRONT_DESK))
    user, _profile = make_reporter(manager, group=group)
    return user


def _approved(reporter, manager, data):
    report = make_report(reporter, data, submit=True)
    review.report_review(actor=manager, report=report, **ALL_GOOD)
    report.refresh_from_db()
    return report


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_suggestion_opens_one_case_shown_on_both_pages(reporter, manager):
    report = _approved(reporter, manager, OPINION)
    client = _client(manager)
    url = reverse("reporters:report_case_open", args=[report.pk])
    page = client.get(reverse("reporters:report_detail", args=[report.pk])).content.decode()
    assert url in page
    assert client.post(url, {"case-target": "suggestion"}).status_code == 302
    again = client.post(url, {"case-target": "complaint"})
    assert Case.objects.filter(kind=CaseKind.COMPLAINT).count() == 1
    assert again.status_code == 200  # the report page, saying what it already opened
    case = ReportCase.objects.get(report=report).case
    assert case.subject.startswith("【建议】")
    report_page = client.get(reverse("reporters:report_detail", args=[report.pk]))
    text = report_page.content.decode()
    assert reverse("casework:case_detail", args=[case.pk]) in text and case.number in text
    case_page = client.get(reverse("casework:case_detail", args=[case.pk])).content.decode()
    assert reverse("reporters:report_detail", args=[report.pk]) in case_page
    assert report.number in case_page


def test_a_road_hazard_opens_a_rectification_and_its_closing_reaches_the_report(
    reporter, manager, checker
):
    report = _approved(reporter, manager, HAZARD)
    responsible = make_user(roles.FRONT_DESK)
    handling = report_case_open(
        actor=manager, report=report, target="rectification", responsible=responsible,
        deadline=timezone.localdate() + datetime.timedelta(days=7),
        requirements="设置围挡并修复路面",
    )
    case = handling.case
    assert case.kind == CaseKind.RECTIFICATION and case.handler == responsible
    rectification_start(case=case, actor=responsible)
    case_act(case=case, action="check", actor=checker, reason="路面已修复")
    case_act(case=case, action="close", actor=checker)
    assert Notification.objects.filter(recipient=reporter, text__contains=case.number).count() == 2
    page = _client(manager).get(reverse("reporters:report_detail", args=[report.pk]))
    text = page.content.decode()
    assert text.count('class="handling-line"') == 2
    assert f"转办为案件 {case.number}" in text and f"案件 {case.number} 已办结" in text


def test_a_hazard_report_joins_the_rectification_already_open(reporter, manager):
    open_one = rectification_issue(
        actor=manager, responsible=make_user(roles.FRONT_DESK),
        deadline=timezone.localdate() + datetime.timedelta(days=5),
        finding_text="三号楼前路面塌陷", requirements="修复路面", subject="路面塌陷",
    )
    report = _approved(reporter, manager, HAZARD)
    with pytest.raises(ActionRefused):
        report_case_open(actor=manager, report=report, target="link", case_number="ZG-1999-1")
    handling = report_case_open(actor=manager, report=report, target="link",
                                case_number=open_one.number)
    assert handling.case == open_one and handling.linked
    assert Case.objects.filter(kind=CaseKind.RECTIFICATION).count() == 1


def test_an_opinion_cannot_open_a_rectification_or_an_emergency(reporter, manager):
    report = _approved(reporter, manager, OPINION)
    for target in ("rectification", "emergency"):
        with pytest.raises(ActionRefused):
            report_case_open(actor=manager, report=report, target=target)
    assert not ReportCase.objects.exists()


def test_a_fire_report_opens_an_emergency_of_a_resident_it_names(reporter, manager):
    resident = make_resident(actor=manager)
    fire = {**HAZARD, "event_kind": "fire", "title": "五号楼厨房起火"}
    report = make_report(reporter, fire)
    ReportResident.objects.create(report=report, resident=resident, linked_by=reporter)
    report = reports.report_submit(actor=reporter, report=report)
    review.report_review(actor=manager, report=report, **ALL_GOOD)
    report.refresh_from_db()
    other = make_resident(actor=manager)
    with pytest.raises(ActionRefused):
        report_case_open(actor=manager, report=report, target="emergency", resident=other,
                         emergency_kind="accident")
    handling = report_case_open(actor=manager, report=report, target="emergency",
                                resident=resident, emergency_kind="accident")
    assert Emergency.objects.get(resident=resident) == handling.emergency
    page = _client(manager).get(reverse("reporters:report_detail", args=[report.pk]))
    assert reverse("residents:emergency_detail", args=[handling.emergency.pk]) in (
        page.content.decode())


def test_only_an_approved_report_opens_a_case_and_only_managers_open_it(reporter, manager):
    draft = make_report(reporter, OPINION)
    with pytest.raises(ActionRefused):
        report_case_open(actor=manager, report=draft, target="suggestion")
    report = _approved(reporter, manager, OPINION)
    response = _client(reporter).post(
        reverse("reporters:report_case_open", args=[report.pk]), {"case-target": "suggestion"}
    )
    assert response.status_code in (403, 404) and not ReportCase.objects.exists()
