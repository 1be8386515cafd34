"""QRY-1: query requests — opened with a purpose, the identity checked at the window, the query
result slip printed for the resident with their own record in full (and, when asked, who viewed
or changed it), every print read-logged; the case page shows no more than the user's policy."""

from __future__ import annotations

import io
import random

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from casework.engine import services
from casework.models import Case, CaseKind, CaseSlip, CaseSlipKind
from casework.query import demo as demo_query
from casework.query import services as query_services
from residents.access.masking import mask_id_number
from residents.audit.context import Event
from residents.common.errors import ActionRefused
from residents.common.staff import staff_number
from residents.models import Resident
from tests.factories import make_resident

pytestmark = pytest.mark.django_db

PHONE = "13812345678"
HUKOU = "河北省保定市莲池区"
EMPLOYER = "东城区第一机床厂"
SCHOOL = "北京联合大学"
NEEDS = "需要上门送餐服务"


@pytest.fixture
def resident(front_desk):
    return make_resident(
        actor=front_desk, phone=PHONE, hukou_location=HUKOU, employer=EMPLOYER,
        school=SCHOOL, service_needs=NEEDS,
    )


def _open(resident, actor, *, report: bool = False, purpose: str = "办理社保需核对户籍信息"):
    return query_services.query_open(
        resident=resident, actor=actor, purpose=purpose, include_access_report=report
    )


def _checked(resident, actor, **kwargs) -> Case:
    case = _open(resident, actor, **kwargs)
    return query_services.query_identity_check(case=case, actor=actor, document="id_card")


def _pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def _print(client, case, id_number: str | None = None, reprint_reason: str = "再次打印"):
    """Print as the window does: the ID number typed from the card presented (and, for a
    print after the first, why it is printed again; ignored on the first)."""
    if id_number is None:
        id_number = case.resident.id_number if case.resident_id else "110101199003070014"
    return client.post(
        reverse("casework:query_result_print", args=[case.pk]),
        {"print-id_number": id_number, "print-reprint_reason": reprint_reason},
    )


def _snapshot(case: Case) -> tuple:
    case = Case.objects.get(pk=case.pk)
    return case.status, case.identity_document, case.steps.count(), case.slips.count()


def _reads(resident, purpose: str) -> list[LogEntry]:
    return list(
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Resident),
            object_pk=str(resident.pk), action=LogEntry.Action.ACCESS,
            additional_data__purpose=purpose,
        ).order_by("pk")
    )


# --- opening ---------------------------------------------------------------------------------


def test_front_desk_opens_a_query_request_with_its_purpose(front_desk_client, front_desk, resident):
    url = reverse("casework:query_open", args=[resident.pk])
    page = front_desk_client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    # The front desk sees the masked ID number only, and the page is read-logged.
    assert resident.id_number not in text
    assert mask_id_number(resident.id_number) in text
    assert "data-once" in text
    assert _reads(resident, "query_open")

    response = front_desk_client.post(
        url, {"purpose": "申请公租房，核对现居住地址", "include_access_report": "on"}
    )
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("casework:case_detail", args=[case.pk])
    assert (case.kind, case.status, case.resident, case.opened_by) == (
        CaseKind.QUERY, "opened", resident, front_desk
    )
    assert case.details == "申请公租房，核对现居住地址"
    assert case.subject == "申请公租房，核对现居住地址"
    assert case.include_access_report is True
    assert case.number.startswith("CX-")
    opening = case.steps.get()
    assert (opening.action, opening.to_status, opening.actor) == ("open", "opened", front_desk)


def test_the_access_report_is_not_included_unless_asked(front_desk_client, resident):
    front_desk_client.post(
        reverse("casework:query_open", args=[resident.pk]), {"purpose": "核对本人信息"}
    )
    assert Case.objects.get().include_access_report is False


def test_a_query_without_a_purpose_is_refused_next_to_the_field(front_desk_client, resident):
    response = front_desk_client.post(
        reverse("casework:query_open", args=[resident.pk]), {"purpose": "   "}
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["purpose"]
    assert 'id="id_purpose_error"' in response.content.decode()
    assert not Case.objects.exists()


def test_opening_a_query_for_a_hidden_resident_answers_404(client, other_staff, resident):
    client.force_login(other_staff)
    response = client.post(
        reverse("casework:query_open", args=[resident.pk]), {"purpose": "核对"}
    )
    assert response.status_code == 404
    assert not Case.objects.exists()


def test_a_long_purpose_is_kept_in_full_with_a_short_subject(front_desk, resident):
    purpose = "核对户籍信息" * 20
    case = _open(resident, front_desk, purpose=purpose)
    assert case.details == purpose
    assert len(case.subject) <= query_services.SUBJECT_MAX_CHARS


# --- identity check --------------------------------------------------------------------------


def test_the_identity_check_records_the_document_and_who_checked_it(
    front_desk_client, front_desk, resident
):
    case = _open(resident, front_desk)
    response = front_desk_client.post(
        reverse("casework:query_identity_check", args=[case.pk]),
        {"identity-document": "hukou_booklet", "identity-note": "原件已核对"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.identity_document) == ("identity_checked", "hukou_booklet")
    step = case.steps.last()
    assert (step.action, step.from_status, step.to_status, step.actor) == (
        "check_identity", "opened", "identity_checked", front_desk
    )
    assert "原件已核对" in step.decision_reason
    page = front_desk_client.get(reverse("casework:case_detail", args=[case.pk]))
    assert reverse("casework:query_result_print", args=[case.pk]) in page.content.decode()


def test_another_document_must_be_named(front_desk_client, front_desk, resident):
    case = _open(resident, front_desk)
    before = _snapshot(case)
    response = front_desk_client.post(
        reverse("casework:query_identity_check", args=[case.pk]),
        {"identity-document": "other", "identity-note": ""},
    )
    assert response.status_code == 200
    form = response.context["panel"]["identity_form"]
    assert list(form.errors) == ["note"]
    assert 'id="id_identity-note_error"' in response.content.decode()
    assert _snapshot(case) == before


def test_an_unknown_document_is_refused_next_to_the_choice(front_desk_client, front_desk, resident):
    case = _open(resident, front_desk)
    before = _snapshot(case)
    response = front_desk_client.post(
        reverse("casework:query_identity_check", args=[case.pk]),
        {"identity-document": "library_card"},
    )
    assert response.status_code == 200
    assert list(response.context["panel"]["identity_form"].errors) == ["document"]
    assert _snapshot(case) == before


def test_the_identity_is_checked_once(front_desk_client, front_desk, resident):
    case = _checked(resident, front_desk)
    before = _snapshot(case)
    response = front_desk_client.post(
        reverse("casework:query_identity_check", args=[case.pk]),
        {"identity-document": "passport"},
    )
    assert response.status_code == 200
    assert response.context["panel"]["identity_form"].non_field_errors()
    assert _snapshot(case) == before


def test_the_identity_check_is_not_a_plain_step(front_desk_client, front_desk, resident):
    case = _open(resident, front_desk)
    before = _snapshot(case)
    response = front_desk_client.post(
        reverse("casework:case_act", args=[case.pk]),
        {"action": "check_identity", "step-check_identity-action": "check_identity"},
    )
    assert response.status_code == 200
    assert _snapshot(case) == before
    with pytest.raises(ActionRefused):
        services.case_act(case=case, action="answer", actor=front_desk)


def test_identity_check_and_print_are_for_query_requests_only(front_desk_client, front_desk):
    complaint = services.case_open(
        kind=CaseKind.COMPLAINT, subject="噪音", actor=front_desk, time_limit_days=5,
        applicant_name="王大爷",
    )
    check = front_desk_client.post(
        reverse("casework:query_identity_check", args=[complaint.pk]),
        {"identity-document": "id_card"},
    )
    printed = _print(front_desk_client, complaint)
    assert (check.status_code, printed.status_code) == (403, 403)
    assert not CaseSlip.objects.exists()


# --- the query result slip -------------------------------------------------------------------


def test_the_slip_is_refused_before_the_identity_check_and_logs_the_sensitive_read(
    front_desk_client, front_desk, resident
):
    case = _open(resident, front_desk)
    before = _snapshot(case)
    refused = _print(front_desk_client, case)
    assert refused.status_code == 200
    assert refused["Content-Type"].startswith("text/html")
    assert refused.context["panel"]["print_form"].non_field_errors()
    assert _snapshot(case) == before
    assert not CaseSlip.objects.exists()
    assert not _reads(resident, "query_result")

    query_services.query_identity_check(case=case, actor=front_desk, document="id_card")
    response = _print(front_desk_client, case)
    text = _pdf_text(response)
    slip = CaseSlip.objects.get()
    assert (slip.kind, slip.case, slip.printed_by) == (
        CaseSlipKind.QUERY_RESULT, case, front_desk
    )
    assert slip.verification_code in text
    assert slip.verification_code in response["Content-Disposition"]
    # The front desk may not see these on screen, but the resident gets them on paper.
    for value in (resident.id_number, PHONE, HUKOU, resident.address, EMPLOYER, SCHOOL, NEEDS,
                  resident.name, resident.archive_number, "办理社保需核对户籍信息"):
        assert value in text, value

    reads = _reads(resident, "query_result")
    assert len(reads) == 1
    data = reads[0].additional_data
    assert data["event"] == Event.READ
    assert {"basic", "sensitive", "service_needs"} <= set(data["field_groups"])
    assert (data["case"], data["slip"]) == (case.number, slip.verification_code)
    assert reads[0].actor == front_desk

    case.refresh_from_db()
    assert case.status == "answered"
    answer = case.steps.last()
    assert (answer.action, answer.from_status, answer.actor) == (
        "answer", "identity_checked", front_desk
    )
    assert slip.verification_code in answer.decision_reason


def test_the_filename_carries_no_personal_data(front_desk_client, front_desk, resident):
    case = _checked(resident, front_desk)
    disposition = _print(front_desk_client, case)["Content-Disposition"]
    assert case.number in disposition
    assert resident.name not in disposition
    assert resident.id_number not in disposition


def test_the_slip_lists_who_viewed_or_changed_the_record_when_asked(
    front_desk_client, front_desk, manager, resident
):
    # Earlier reads by a manager and the front desk: they appear on the slip by staff number.
    boss = Client()
    boss.force_login(manager)
    boss.get(reverse("residents:detail", args=[resident.pk]))
    front_desk_client.get(reverse("residents:detail", args=[resident.pk]))
    with_report = _checked(resident, front_desk, report=True)
    without = _checked(resident, front_desk)

    text = _pdf_text(_print(front_desk_client, with_report))
    assert staff_number(manager) in text
    assert staff_number(front_desk) in text
    plain = _pdf_text(_print(front_desk_client, without))
    assert staff_number(manager) not in plain
    assert staff_number(front_desk) not in plain
    # The report's rows are read under the same recorded print.
    data = _reads(resident, "query_result")[0].additional_data
    assert data["case"] == with_report.number


def test_a_reprint_is_another_slip_and_no_second_answer(front_desk_client, front_desk, resident):
    case = _checked(resident, front_desk)
    first = _print(front_desk_client, case)
    second = _print(front_desk_client, case)
    assert first.status_code == second.status_code == 200
    case.refresh_from_db()
    assert case.status == "answered"
    assert case.steps.filter(action="answer").count() == 1
    assert case.slips.count() == 2
    assert len(_reads(resident, "query_result")) == 2


def test_a_closed_query_can_be_reprinted_but_a_rejected_one_cannot(
    front_desk_client, front_desk, resident
):
    closed = _checked(resident, front_desk)
    query_services.query_result_print(
        case=closed, actor=front_desk, id_number=resident.id_number
    )
    services.case_act(case=closed, action="close", actor=front_desk)
    assert _print(front_desk_client, closed)["Content-Type"] == "application/pdf"

    rejected = _open(resident, front_desk)
    services.case_act(case=rejected, action="reject", actor=front_desk, reason="非本人申请")
    before = _snapshot(rejected)
    response = _print(front_desk_client, rejected)
    assert response["Content-Type"].startswith("text/html")
    assert response.context["panel"]["print_form"].non_field_errors()
    assert _snapshot(rejected) == before


def test_the_answered_query_is_closed_by_a_plain_step(manager_client, front_desk, resident):
    case = _checked(resident, front_desk)
    query_services.query_result_print(
        case=case, actor=front_desk, id_number=resident.id_number
    )
    response = manager_client.post(
        reverse("casework:case_act", args=[case.pk]),
        {"action": "close", "step-close-action": "close", "step-close-reason": "结果单已交本人"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "closed"
    assert case.closed_at is not None


# --- the case page panel ---------------------------------------------------------------------


def test_the_panel_shows_the_query_but_nothing_beyond_the_front_desk_policy(
    front_desk, manager, resident
):
    case = _open(resident, front_desk, report=True)
    desk = Client()
    desk.force_login(front_desk)
    page = desk.get(reverse("casework:case_detail", args=[case.pk]))
    text = page.content.decode()
    panel = page.context["panel"]
    assert panel["purpose"] == "办理社保需核对户籍信息"
    assert panel["include_access_report"] is True
    assert panel["identity_form"] is not None
    assert panel["can_print"] is False
    assert reverse("casework:query_identity_check", args=[case.pk]) in text
    assert reverse("casework:query_result_print", args=[case.pk]) not in text
    for hidden in (resident.id_number, PHONE, HUKOU, EMPLOYER, SCHOOL):
        assert hidden not in text, hidden

    query_services.query_identity_check(case=case, actor=front_desk, document="passport")
    query_services.query_result_print(
        case=case, actor=front_desk, id_number=resident.id_number
    )
    page = desk.get(reverse("casework:case_detail", args=[case.pk]))
    text = page.content.decode()
    panel = page.context["panel"]
    assert panel["identity_form"] is None
    assert panel["identity_document"] == str(query_services.IdentityDocumentChecked.PASSPORT.label)
    assert panel["can_print"] is True
    assert CaseSlip.objects.get().verification_code in text  # listed by the shared page
    for hidden in (resident.id_number, PHONE, HUKOU, EMPLOYER, SCHOOL):
        assert hidden not in text, hidden

    boss = Client()
    boss.force_login(manager)
    assert boss.get(reverse("casework:case_detail", args=[case.pk])).status_code == 200


def test_a_user_without_the_print_right_gets_no_button(front_desk, resident, auditor):
    case = _checked(resident, front_desk)
    client = Client()
    client.force_login(auditor)
    assert client.get(reverse("casework:case_detail", args=[case.pk])).status_code == 404
    assert _print(client, case).status_code == 404
    assert not CaseSlip.objects.exists()


# --- demo data -------------------------------------------------------------------------------


def test_the_demo_seeds_answered_and_waiting_queries_once(front_desk, manager):
    residents = [make_resident(actor=front_desk) for _ in range(3)]
    users = {"frontdesk": front_desk, "manager": manager}
    assert demo_query.seed(rng=random.Random(1), users=users, residents=residents) == 3
    queries = Case.objects.filter(kind=CaseKind.QUERY)
    assert sorted(queries.values_list("status", flat=True)) == ["answered", "closed", "opened"]
    assert CaseSlip.objects.filter(kind=CaseSlipKind.QUERY_RESULT).count() == 2
    assert queries.get(status="opened").slips.count() == 0
    assert demo_query.seed(rng=random.Random(1), users=users, residents=residents) == 0
    assert queries.count() == 3
