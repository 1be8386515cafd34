"""The annual evaluation (SUP-2, SUP-9): managers write the year's improvement proposals on a
page; the report prints the dashboard's charts for the year, residents' feedback, inspection
findings with the rectifications, and the proposals — figures, no resident."""

from __future__ import annotations

import io

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from casework.engine import services as cases
from casework.models import (
    AnnualProposal,
    CaseKind,
    ChecklistItem,
    FindingResult,
    InspectionKind,
    QuestionKind,
    SurveyQuestion,
)
from casework.supervision.services import FindingInput, inspection_record
from casework.surveys.services import survey_submit
from residents import roles
from tests.factories import make_resident, make_user

pytestmark = pytest.mark.django_db
PAGE = reverse("casework:annual_evaluation")
REPORT = reverse("casework:annual_evaluation_pdf")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_manager_writes_the_years_proposals_and_they_are_audited():
    manager = make_user(roles.MANAGER)
    year = timezone.localdate().year
    response = _client(manager).post(f"{PAGE}?year={year}",
                                     {"proposals": "一、增加周末窗口。\n二、加强培训。"})
    assert response.status_code == 302
    record = AnnualProposal.objects.get(year=year)
    assert record.proposals.startswith("一、增加周末窗口")
    assert LogEntry.objects.get_for_object(record).exists()
    again = _client(manager).post(f"{PAGE}?year={year}", {"proposals": "  "})
    assert again.status_code == 200 and again.context["form"].errors["proposals"]


def test_the_report_prints_charts_feedback_findings_and_proposals():
    manager, desk = make_user(roles.MANAGER), make_user(roles.FRONT_DESK)
    year = timezone.localdate().year
    resident = make_resident(actor=desk, name="欧阳报告")
    cases.case_open(kind=CaseKind.COMPLAINT, subject="【投诉】窗口排队", actor=desk,
                    applicant_name="投诉人乙", time_limit_days=5, channel="hotline")
    question = SurveyQuestion.objects.create(text="对窗口服务满意吗", kind=QuestionKind.RATING)
    free = SurveyQuestion.objects.create(text="其他意见", kind=QuestionKind.TEXT)
    survey_submit(answers={question.pk: 4, free.pk: "不应出现的意见原文"}, consent=True)
    checkpoint = ChecklistItem.objects.filter(active=True).first()
    assert checkpoint is not None, "the migrations install the default checklist"
    inspection_record(
        actor=manager, kind=InspectionKind.SPOT_CHECK, inspected_on=timezone.localdate(),
        inspectors="督查组", summary="",
        findings=[FindingInput(checkpoint=item.title, result=(
            FindingResult.PROBLEM if item.pk == checkpoint.pk else FindingResult.PASSED),
            finding="复核台账缺两页" if item.pk == checkpoint.pk else "")
            for item in ChecklistItem.objects.filter(active=True)],
    )
    AnnualProposal.objects.create(year=year, proposals="推行预约办理。", updated_by=manager)

    response = _client(manager).get(REPORT, {"year": year})
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    # The dashboard's panels for the year beside the year before, each chart's legend drawn.
    assert "投诉建议" in text and "满意度调查" in text
    assert f"{year}年 {year - 1}年" in text
    assert "对窗口服务满意吗" in text
    assert "复核台账缺两页" in text and checkpoint.title in text
    assert "推行预约办理" in text
    # No rectification kind yet: the report says there is none.
    assert "本年度未开具整改" in text
    for secret in (resident.name, resident.id_number, "投诉人乙", "不应出现的意见原文"):
        assert secret not in text
    assert b"<svg" not in response.content  # drawn into the PDF, not left as markup


def test_the_supervision_group_reads_the_report_but_cannot_edit_proposals():
    supervisor = make_user(roles.SUPERVISOR)
    client = _client(supervisor)
    assert client.get(REPORT).status_code == 200
    assert client.get(PAGE).context["form"] is None
    assert client.post(PAGE, {"proposals": "x"}).status_code == 403
