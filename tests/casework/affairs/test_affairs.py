"""Service-window affairs (AFF-1 … AFF-5, PRI-4): the catalogue, acceptance with the
materials checklist, the one-time notice, full acceptance with its recounted due date, the
acceptance receipt and the review chain."""

from __future__ import annotations

import datetime
import io
import random
import zoneinfo

import pytest
import time_machine
from auditlog.models import LogEntry
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from casework.affairs import catalogue as catalogue_services
from casework.affairs import demo as demo_affair
from casework.affairs import services as affair_services
from casework.engine import services
from casework.models import AffairItem, CalendarDay, Case, CaseSlip, CaseSlipKind
from casework.workdays.deadlines import add_working_days
from residents import roles
from residents.common.errors import ActionRefused
from tests.factories import make_resident, make_user

pytestmark = pytest.mark.django_db
D = datetime.date
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")

MATERIALS = ["户口簿原件及复印件", "居民身份证原件及复印件", "近期一寸免冠照片2张"]
ITEM_DATA = {
    "name": "老年人优待证办理",
    "legal_basis": "《中华人民共和国老年人权益保障法》第五十七条",
    "materials": "\n".join(MATERIALS),
    "procedure": "窗口受理\n业务科室初审\n社区负责人审批\n制证发放",
    "time_limit_days": 3,
}


def _noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, 10, tzinfo=SHANGHAI)


def _item(manager, *, needs_second_review: bool = False, **overrides) -> AffairItem:
    data = {**ITEM_DATA, **overrides}
    return catalogue_services.catalogue_item_add(
        **data, needs_second_review=needs_second_review, actor=manager
    )


def _accept(item, resident, front_desk, received=MATERIALS, **extra):
    return affair_services.affair_accept(
        item=item, resident=resident, actor=front_desk, received=list(received), **extra
    )


def _pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def _reload(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def resident(front_desk):
    return make_resident(actor=front_desk)


@pytest.fixture
def item(manager):
    return _item(manager)


# --- the catalogue (AFF-1) -----------------------------------------------------------------


def test_a_manager_adds_an_affair_and_it_is_listed(manager):
    client = _client(manager)
    payload = {**ITEM_DATA, "materials": "  户口簿 \n\n 照片  \n", "needs_second_review": "on"}
    response = client.post(reverse("casework:catalogue_add"), payload)
    assert response.status_code == 302
    item = AffairItem.objects.get(name=ITEM_DATA["name"])
    assert item.material_names == ["户口簿", "照片"]
    assert item.procedure_steps == ["窗口受理", "业务科室初审", "社区负责人审批", "制证发放"]
    assert (item.time_limit_days, item.needs_second_review, item.is_active) == (3, True, True)
    page = client.get(reverse("casework:catalogue_list")).content.decode()
    assert ITEM_DATA["name"] in page
    assert reverse("casework:catalogue_edit", args=[item.pk]) in page


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "老年人优待证办理"),  # taken by the item built first
        ("time_limit_days", "0"),
        ("time_limit_days", "366"),
        ("time_limit_days", "三"),
        ("materials", "  \n \n"),
        ("procedure", ""),
        ("legal_basis", " "),
    ],
)
def test_bad_catalogue_input_is_shown_next_to_its_field_and_nothing_is_saved(
    manager, item, field, value
):
    before = list(AffairItem.objects.values_list("pk", "name"))
    payload = {**ITEM_DATA, "name": "生育登记", field: value}
    response = _client(manager).post(reverse("casework:catalogue_add"), payload)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert list(AffairItem.objects.values_list("pk", "name")) == before


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("materials", "户口簿\n户口簿"),
        ("materials", "甲" * 101),
        ("time_limit_days", 400),
        ("name", "  老年人优待证办理 "),
    ],
)
def test_the_catalogue_service_refuses_what_the_form_cannot_see(manager, item, field, value):
    with pytest.raises(ValidationError) as refused:
        catalogue_services.catalogue_item_add(
            **{**ITEM_DATA, field: value}, needs_second_review=False, actor=manager
        )
    assert field in refused.value.message_dict
    assert AffairItem.objects.count() == 1


def test_the_front_desk_reads_the_catalogue_but_cannot_change_it(front_desk, item):
    client = _client(front_desk)
    assert client.get(reverse("casework:catalogue_list")).status_code == 200
    assert client.get(reverse("casework:catalogue_add")).status_code == 403
    response = client.post(
        reverse("casework:catalogue_edit", args=[item.pk]), {**ITEM_DATA, "is_active": ""}
    )
    assert response.status_code == 403
    assert AffairItem.objects.get(pk=item.pk).is_active
    with pytest.raises(ActionRefused):
        catalogue_services.catalogue_item_change(
            item=item, **ITEM_DATA, needs_second_review=False, is_active=False, actor=front_desk
        )


def test_a_retired_affair_stays_listed_but_is_no_longer_accepted(
    manager, front_desk, item, resident
):
    case = _accept(item, resident, front_desk, received=[])
    response = _client(manager).post(
        reverse("casework:catalogue_edit", args=[item.pk]),
        {**ITEM_DATA, "time_limit_days": "5"},  # is_active unticked: retire
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.is_active, item.time_limit_days) == (False, 5)
    # The case accepted before keeps its time limit and checklist.
    assert (_reload(case).time_limit_days, case.materials.count()) == (3, 3)

    listing = _client(front_desk).get(reverse("casework:catalogue_list"))
    assert [i.pk for i in listing.context["items"]] == [item.pk]
    assert not listing.context["items"][0].is_active

    choose = _client(front_desk).get(reverse("casework:affair_accept"), {"item": item.pk})
    assert "item" in choose.context["form"].errors
    with pytest.raises(ActionRefused):
        _accept(item, resident, front_desk)
    assert Case.objects.count() == 1

    _client(manager).post(
        reverse("casework:catalogue_edit", args=[item.pk]),
        {**ITEM_DATA, "is_active": "on"},
    )
    assert AffairItem.objects.get(pk=item.pk).is_active


# --- acceptance (AFF-2) --------------------------------------------------------------------


def test_the_acceptance_form_offers_the_items_materials_as_a_checklist(front_desk, item):
    response = _client(front_desk).get(reverse("casework:affair_accept"), {"item": item.pk})
    assert response.status_code == 200
    page = response.content.decode()
    for name in MATERIALS:
        assert f'type="checkbox" name="received" value="{name}"' in page


def test_accepting_with_every_material_opens_an_accepted_case_with_a_receipt(
    front_desk, item, resident
):
    client = _client(front_desk)
    response = client.post(
        reverse("casework:affair_accept"),
        {
            "item": item.pk, "archive_number": resident.archive_number.lower(),
            "applicant_name": "", "applicant_contact": "139 0000 1111",
            "details": "首次办理", "received": MATERIALS,
        },
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert response["Location"] == reverse("casework:case_detail", args=[case.pk])
    assert (case.kind, case.status, case.resident, case.affair_item) == (
        "affair", "accepted", resident, item
    )
    assert (case.subject, case.applicant_contact, case.details) == (
        item.name, "13900001111", "首次办理"
    )
    assert case.due_on == add_working_days(timezone.localdate(), 3)
    assert list(case.materials.values_list("name", "received")) == [
        (name, True) for name in MATERIALS
    ]

    receipt = client.post(reverse("casework:affair_receipt_print", args=[case.pk]))
    assert receipt.status_code == 200
    text = _pdf_text(receipt)
    assert case.number in text
    assert case.due_on.strftime("%Y-%m-%d") in text
    assert timezone.localdate().strftime("%Y-%m-%d") in text
    for value in (item.name, resident.name, resident.archive_number, *MATERIALS, "13900001111"):
        assert value in text
    assert resident.id_number not in text
    slip = CaseSlip.objects.get(case=case)
    assert (slip.kind, slip.printed_by) == (CaseSlipKind.ACCEPTANCE_RECEIPT, front_desk)
    assert slip.verification_code in text
    assert slip.verification_code in receipt["Content-Disposition"]
    assert resident.name not in receipt["Content-Disposition"]
    read = LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, object_pk=str(resident.pk),
        additional_data__purpose="acceptance_receipt",
    ).get()
    assert read.actor == front_desk


def test_missing_materials_wait_and_the_one_time_notice_lists_all_of_them(
    front_desk, item, resident
):
    client = _client(front_desk)
    client.post(
        reverse("casework:affair_accept"),
        {"item": item.pk, "archive_number": resident.archive_number, "received": [MATERIALS[1]]},
    )
    case = Case.objects.get()
    assert case.status == "awaiting_materials"
    assert services.missing_materials(case) == [MATERIALS[0], MATERIALS[2]]

    page = client.get(reverse("casework:case_detail", args=[case.pk])).content.decode()
    assert reverse("casework:affair_notice_print", args=[case.pk]) in page
    assert reverse("casework:affair_receipt_print", args=[case.pk]) not in page
    assert reverse("casework:affair_materials_complete", args=[case.pk]) in page

    notice = client.post(reverse("casework:affair_notice_print", args=[case.pk]))
    text = _pdf_text(notice)
    assert MATERIALS[0] in text and MATERIALS[2] in text
    assert MATERIALS[1] not in text
    for value in (case.number, item.name, item.legal_basis, resident.name):
        assert value in text
    assert CaseSlip.objects.get(case=case).kind == CaseSlipKind.ONE_TIME_NOTICE
    assert LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, object_pk=str(resident.pk),
        additional_data__purpose="one_time_notice",
    ).exists()

    refused = client.post(reverse("casework:affair_receipt_print", args=[case.pk]))
    assert refused.status_code == 200
    assert refused["Content-Type"].startswith("text/html")
    assert refused.context["panel"]["receipt_form"].non_field_errors()
    assert not CaseSlip.objects.filter(kind=CaseSlipKind.ACCEPTANCE_RECEIPT).exists()


def test_the_notice_is_refused_when_nothing_is_missing(front_desk, item, resident):
    case = _accept(item, resident, front_desk)
    response = _client(front_desk).post(reverse("casework:affair_notice_print", args=[case.pk]))
    assert response.status_code == 200
    assert response.context["panel"]["notice_form"].non_field_errors()
    assert not CaseSlip.objects.exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"archive_number": "JM-2000-999999"}, "archive_number"),
        ({"archive_number": "张三"}, "archive_number"),
        ({"archive_number": ""}, "archive_number"),
        ({"applicant_contact": "12345"}, "applicant_contact"),
        ({"received": ["结婚证"]}, "received"),
    ],
)
def test_bad_acceptance_input_is_shown_next_to_its_field_and_opens_nothing(
    front_desk, item, resident, payload, field
):
    data = {"item": item.pk, "archive_number": resident.archive_number, **payload}
    response = _client(front_desk).post(reverse("casework:affair_accept"), data)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert not Case.objects.exists()


def test_a_resident_the_user_may_not_see_is_not_found(item, resident):
    # Someone allowed to open cases but not to see this resident.
    user = make_user(roles.OTHER_STAFF)
    user.user_permissions.add(Permission.objects.get(codename="add_case"))
    response = _client(user).post(
        reverse("casework:affair_accept"),
        {"item": item.pk, "archive_number": resident.archive_number, "received": MATERIALS},
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["archive_number"]
    assert resident.name not in response.content.decode()
    assert not Case.objects.exists()


def test_an_affair_retired_while_the_form_was_open_is_refused(manager, front_desk, item, resident):
    client = _client(front_desk)
    catalogue_services.catalogue_item_change(
        item=item, **ITEM_DATA, needs_second_review=False, is_active=False, actor=manager
    )
    response = client.post(
        reverse("casework:affair_accept"),
        {"item": item.pk, "archive_number": resident.archive_number, "received": MATERIALS},
    )
    assert response.status_code == 200
    assert "item" in response.context["form"].errors
    assert not Case.objects.exists()


def test_only_staff_who_open_cases_may_accept(auditor, item):
    assert _client(auditor).get(reverse("casework:affair_accept")).status_code == 403


# --- full acceptance and the recounted due date (PRI-4) ------------------------------------


@pytest.fixture
def national_day_2026(manager):
    # 1–7 October off; Sunday 27 September and Saturday 10 October worked.
    for day in range(1, 8):
        CalendarDay.objects.create(
            date=D(2026, 10, day), is_working_day=False, name="国庆节", recorded_by=manager
        )
    for worked in (D(2026, 9, 27), D(2026, 10, 10)):
        CalendarDay.objects.create(
            date=worked, is_working_day=True, name="国庆节调休", recorded_by=manager
        )


@pytest.mark.parametrize(
    ("completed_on", "due_on"),
    [
        # Friday: Monday, Tuesday, Wednesday.
        (D(2026, 11, 20), D(2026, 11, 25)),
        # Wednesday before National Day: Thursday 8th, Friday 9th, the worked Saturday 10th.
        (D(2026, 9, 30), D(2026, 10, 10)),
    ],
)
def test_the_time_limit_is_counted_again_from_full_acceptance(
    front_desk, manager, item, resident, national_day_2026, completed_on, due_on
):
    with time_machine.travel(_noon(D(2026, 9, 14)), tick=False):
        case = _accept(item, resident, front_desk, received=MATERIALS[:1])
    assert case.due_on == D(2026, 9, 17)
    with time_machine.travel(_noon(completed_on), tick=False):
        for material in case.materials.filter(received=False):
            services.case_material_receive(case=case, material=material, actor=front_desk)
        response = _client(front_desk).post(
            reverse("casework:affair_materials_complete", args=[case.pk]),
            {"materials-complete-reason": "材料已补齐"},
        )
        assert response.status_code == 302
        case = _reload(case)
        assert (case.status, case.due_on) == ("accepted", due_on)
        last = case.steps.last()
        assert (last.action, last.from_status, last.to_status, last.actor) == (
            "materials_complete", "awaiting_materials", "accepted", front_desk
        )
        assert last.decision_reason == "材料已补齐"

        receipt = _client(front_desk).post(
            reverse("casework:affair_receipt_print", args=[case.pk])
        )
        text = _pdf_text(receipt)
    assert completed_on.strftime("%Y-%m-%d") in text
    assert due_on.strftime("%Y-%m-%d") in text
    assert "2026-09-14" not in text.replace(case.number, "")


def test_full_acceptance_is_refused_while_a_material_is_missing(front_desk, item, resident):
    case = _accept(item, resident, front_desk, received=MATERIALS[:1])
    before = (case.status, case.due_on, case.steps.count())
    material = case.materials.get(name=MATERIALS[1])
    services.case_material_receive(case=case, material=material, actor=front_desk)
    response = _client(front_desk).post(
        reverse("casework:affair_materials_complete", args=[case.pk]), {}
    )
    assert response.status_code == 200
    errors = response.context["panel"]["complete_form"].non_field_errors()
    assert MATERIALS[2] in errors[0]
    case = _reload(case)
    assert (case.status, case.due_on, case.steps.count()) == (
        before[0], before[1], before[2] + 1  # only the material received
    )
    with pytest.raises(ActionRefused):
        affair_services.affair_materials_complete(case=case, actor=front_desk)


def test_the_plain_step_form_cannot_complete_the_materials(front_desk, item, resident):
    case = _accept(item, resident, front_desk, received=[])
    for material in case.materials.all():
        services.case_material_receive(case=case, material=material, actor=front_desk)
    with pytest.raises(ActionRefused):
        services.case_act(case=case, action="materials_complete", actor=front_desk)
    assert _reload(case).status == "awaiting_materials"


# --- the review chain (AFF-3) and feedback (AFF-5) -----------------------------------------


def _steps(case: Case) -> list[tuple[str, str]]:
    return [(s.action, s.to_status) for s in _reload(case).steps.all()]


def test_a_complex_affair_goes_through_a_second_review_that_cannot_be_skipped(
    front_desk, manager, manager2, manager3, resident
):
    item = _item(manager, needs_second_review=True, name="低保申请受理")
    case = _accept(item, resident, front_desk)
    assert case.needs_second_review
    with pytest.raises(ActionRefused):
        services.case_act(  # not a reviewer
            case=case, action="initial_review", actor=front_desk, reason="初审同意",
        )
    services.case_act(case=case, action="initial_review", actor=manager, reason="材料真实")
    with pytest.raises(ActionRefused):
        services.case_act(case=case, action="approve", actor=manager2)  # skips the second review
    # Four eyes: the second review by another manager, the approval by a third one.
    services.case_act(case=case, action="second_review", actor=manager2, reason="复审同意")
    services.case_act(case=case, action="approve", actor=manager3, reason="同意")
    services.case_act(case=case, action="handle", actor=front_desk)
    response = _client(front_desk).post(
        reverse("casework:case_feedback", args=[case.pk]),
        {"channel": "sms", "text": "低保待遇已核定，短信告知"},
    )
    assert response.status_code == 302
    services.case_act(case=case, action="close", actor=front_desk)
    case = _reload(case)
    assert (case.status, case.feedback_channel, case.feedback_text) == (
        "closed", "sms", "低保待遇已核定，短信告知"
    )
    assert _steps(case) == [
        ("open", "accepted"),
        ("initial_review", "initial_reviewed"),
        ("second_review", "second_reviewed"),
        ("approve", "approved"),
        ("handle", "handled"),
        ("give_feedback", "feedback_given"),
        ("close", "closed"),
    ]


def test_a_simple_affair_is_approved_after_the_initial_review(
    front_desk, manager, manager2, item, resident
):
    case = _accept(item, resident, front_desk)
    assert not case.needs_second_review
    services.case_act(case=case, action="initial_review", actor=manager, reason="初审同意")
    with pytest.raises(ActionRefused):
        services.case_act(case=case, action="second_review", actor=manager2)
    services.case_act(case=case, action="approve", actor=manager2)
    services.case_act(case=case, action="handle", actor=front_desk)
    services.case_feedback(case=case, channel="pickup", text="证件已领取", actor=front_desk)
    services.case_act(case=case, action="close", actor=front_desk)
    case = _reload(case)
    assert (case.status, case.feedback_channel) == ("closed", "pickup")
    assert [action for action, _status in _steps(case)] == [
        "open", "initial_review", "approve", "handle", "give_feedback", "close"
    ]


def test_the_review_waits_for_the_materials(front_desk, manager, item, resident):
    case = _accept(item, resident, front_desk, received=[])
    with pytest.raises(ActionRefused):
        services.case_act(case=case, action="initial_review", actor=manager, reason="初审同意")
    assert _reload(case).status == "awaiting_materials"


def test_the_second_review_need_is_copied_at_acceptance(front_desk, manager, item, resident):
    case = _accept(item, resident, front_desk)
    catalogue_services.catalogue_item_change(
        item=item, **ITEM_DATA, needs_second_review=True, is_active=True, actor=manager
    )
    assert not _reload(case).needs_second_review


def test_the_case_page_shows_the_affair_panel(front_desk, manager, resident):
    item = _item(manager, needs_second_review=True)
    case = _accept(item, resident, front_desk, received=[])
    page = _client(front_desk).get(reverse("casework:case_detail", args=[case.pk]))
    assert page.status_code == 200
    panel = page.context["panel"]
    assert panel["item"] == item
    assert panel["missing"] == MATERIALS
    text = page.content.decode()
    for value in (item.legal_basis, "业务科室初审", *MATERIALS):
        assert value in text


def test_the_affair_pages_do_not_serve_other_kinds_of_case(front_desk, resident):
    other = services.case_open(
        kind="change", subject="变更地址", actor=front_desk, time_limit_days=5,
        resident=resident,
    )
    client = _client(front_desk)
    for name in ("affair_notice_print", "affair_receipt_print", "affair_materials_complete"):
        assert client.post(reverse(f"casework:{name}", args=[other.pk])).status_code == 404


# --- demo data -----------------------------------------------------------------------------


def test_the_demo_seeds_a_catalogue_and_cases_in_several_states_once(
    front_desk, manager, manager2, auditor
):
    residents = [make_resident(actor=front_desk) for _ in range(6)]
    users = {"frontdesk": front_desk, "manager": manager, "manager2": manager2, "auditor": auditor}
    created = demo_affair.seed(rng=random.Random(1), users=users, residents=residents)
    assert created == AffairItem.objects.count() + Case.objects.count() == 12
    assert AffairItem.objects.filter(is_active=False).count() == 1
    statuses = sorted(Case.objects.values_list("status", flat=True))
    assert statuses == sorted(
        ["awaiting_materials", "accepted", "initial_reviewed", "approved", "closed"]
    )
    closed = Case.objects.get(status="closed")
    assert closed.feedback_channel == "pickup"
    steps = dict(closed.steps.values_list("action", "actor"))
    assert [steps["initial_review"], steps["approve"]] == [manager.pk, manager2.pk]
    assert demo_affair.seed(rng=random.Random(1), users=users, residents=residents) == 0
    assert Case.objects.count() == 5
