"""Rectification (整改) as a case kind: issued for a finding, rectified by the responsible
person, checked by someone else, closed; overdue on the work lists; the printed notice."""

from __future__ import annotations

import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from casework.duties.notices import overdue_steps_notify
from casework.engine.services import case_act
from casework.models import (
    Case,
    CaseKind,
    CaseSlip,
    ChecklistItem,
    FindingResult,
    InspectionKind,
    Rectification,
)
from casework.rectification.services import rectification_issue, rectification_start
from casework.supervision.services import FindingInput, inspection_record
from residents.common.errors import ActionRefused
from residents.models import Notification

pytestmark = pytest.mark.django_db


def _in(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def _problem_finding(manager):
    items = list(ChecklistItem.objects.filter(active=True))
    inspection = inspection_record(
        actor=manager, kind=InspectionKind.SPOT_CHECK, inspected_on=timezone.localdate(),
        inspectors="督查组", summary="",
        findings=[FindingInput(checkpoint=items[0].title, result=FindingResult.PROBLEM,
                               finding="三户复核逾期未办")]
        + [FindingInput(checkpoint=item.title, result=FindingResult.PASSED) for item in items[1:]],
    )
    return inspection, inspection.findings.get(result=FindingResult.PROBLEM)


def _issue(manager, responsible, **overrides):
    arguments = dict(
        actor=manager, responsible=responsible, deadline=_in(10),
        finding_text="消防通道堆放杂物", requirements="三日内清理，设置禁止堆放标识",
        subject="三号楼消防通道",
    )
    arguments.update(overrides)
    return rectification_issue(**arguments)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_finding_opens_one_rectification_and_a_double_submit_opens_no_second(
    manager_client, manager, front_desk
):
    inspection, finding = _problem_finding(manager)
    detail = manager_client.get(reverse("casework:inspection_detail", args=[inspection.pk]))
    url = reverse("casework:finding_rectification", args=[finding.pk])
    assert url in detail.content.decode()
    data = {"finding_text": finding.finding, "requirements": "本周内补办复核",
            "responsible": str(front_desk.pk), "deadline": _in(7).isoformat()}
    first = manager_client.post(url, data)
    second = manager_client.post(url, data)
    case = Case.objects.get(kind=CaseKind.RECTIFICATION)
    assert first.status_code == 302 and second.status_code == 302
    assert second["Location"] == reverse("casework:case_detail", args=[case.pk])
    assert Rectification.objects.get().finding == finding
    assert case.handler == front_desk and case.due_on == _in(7) and case.status == "issued"
    assert case.number.startswith("ZG-")
    # The inspection now links to its rectification instead of offering another.
    detail = manager_client.get(reverse("casework:inspection_detail", args=[inspection.pk]))
    assert case.number in detail.content.decode() and url not in detail.content.decode()
    with pytest.raises(ActionRefused, match=case.number):
        _issue(manager, front_desk, finding=finding, subject="")


def test_the_responsible_person_is_told_in_the_inbox(manager, front_desk):
    case = _issue(manager, front_desk)
    notification = Notification.objects.get(recipient=front_desk)
    assert case.number in notification.text
    assert notification.url == reverse("casework:case_detail", args=[case.pk])


def test_a_deadline_in_the_past_is_refused_next_to_the_field_and_nothing_is_saved(
    manager_client, front_desk
):
    response = manager_client.post(reverse("casework:rectification_issue"), {
        "subject": "档案室", "finding_text": "未登记查阅", "requirements": "建立登记簿",
        "responsible": str(front_desk.pk), "deadline": _in(-1).isoformat(),
    })
    assert response.status_code == 200
    assert response.context["form"].errors["deadline"]
    assert not Case.objects.filter(kind=CaseKind.RECTIFICATION).exists()


def test_only_the_responsible_person_starts_the_rectification(manager, manager2, front_desk):
    case = _issue(manager, front_desk)
    with pytest.raises(ActionRefused, match="责任人"):
        rectification_start(case=case, actor=manager2)
    rectification_start(case=case, actor=front_desk, note="已安排清理")
    case.refresh_from_db()
    assert case.status == "rectifying"


def test_neither_the_responsible_person_nor_the_issuer_checks_the_rectification(
    manager, manager2, manager3
):
    # A manager responsible for a rectification may check others', never their own.
    case = _issue(manager, manager2)
    rectification_start(case=case, actor=manager2)
    for actor in (manager2, manager):
        with pytest.raises(ActionRefused, match="另一名工作人员|其他工作人员|他人"):
            case_act(case=case, action="check", actor=actor, reason="已清理")
    case_act(case=case, action="check", actor=manager3, reason="现场复查，已清理完毕")
    case_act(case=case, action="close", actor=manager3)
    case.refresh_from_db()
    assert case.status == "closed" and case.closed_at is not None
    assert list(case.steps.values_list("action", flat=True)) == [
        "open", "start", "check", "close"]


def test_the_check_needs_a_reason_and_cannot_come_before_rectifying(manager, manager3,
                                                                    front_desk):
    case = _issue(manager, front_desk)
    with pytest.raises(ActionRefused):
        case_act(case=case, action="check", actor=manager3, reason="已复查")
    rectification_start(case=case, actor=front_desk)
    with pytest.raises(ActionRefused, match="理由|原因"):
        case_act(case=case, action="check", actor=manager3, reason="")


def test_the_case_page_shows_the_start_form_to_the_responsible_person_only(
    manager, front_desk
):
    case = _issue(manager, front_desk)
    url = reverse("casework:case_detail", args=[case.pk])
    start = reverse("casework:rectification_start", args=[case.pk])
    assert start in _client(front_desk).get(url).content.decode()
    page = _client(manager).get(url).content.decode()
    assert start not in page and "三日内清理" in page


def test_the_rectification_notice_prints_with_its_verification_code(manager, front_desk):
    case = _issue(manager, front_desk, unit="物业服务中心")
    response = _client(manager).post(reverse("casework:rectification_notice", args=[case.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages
    )
    slip = CaseSlip.objects.get(case=case)
    assert slip.kind == "rectification_notice"
    compact = text.replace(" ", "").replace("\n", "")
    for expected in ("整改通知书", case.number, "消防通道堆放杂物", "设置禁止堆放标识",
                     "物业服务中心", _in(10).isoformat(), slip.verification_code):
        assert expected in compact


def test_printing_the_notice_again_asks_why_and_records_the_reason(manager, front_desk):
    case = _issue(manager, front_desk)
    url = reverse("casework:rectification_notice", args=[case.pk])
    client = _client(manager)
    assert client.post(url)["Content-Type"] == "application/pdf"
    refused = client.post(url)
    assert refused["Content-Type"].startswith("text/html")
    assert CaseSlip.objects.filter(case=case).count() == 1
    again = client.post(url, {"reprint_reason": "打印机卡纸"})
    assert again["Content-Type"] == "application/pdf"
    assert list(CaseSlip.objects.filter(case=case).order_by("pk").values_list(
        "reprint_reason", flat=True)) == ["", "打印机卡纸"]


def test_an_overdue_rectification_shows_on_the_work_lists_and_the_responsible_home(
    manager, front_desk
):
    case = _issue(manager, front_desk)
    Case.objects.filter(pk=case.pk).update(due_on=_in(-2))
    worklists = _client(manager).get(reverse("residents:worklists")).content.decode()
    assert "逾期整改" in worklists
    home = _client(front_desk).get(reverse("home")).content.decode()
    assert "我的整改" in home and case.number in home
    assert overdue_steps_notify() >= 1
    assert Notification.objects.filter(
        recipient=front_desk, key__startswith="step-overdue", text__contains=case.number
    ).exists()
    listing = _client(manager).get(reverse("casework:rectification_list") + "?which=overdue")
    assert case.number in listing.content.decode()
