"""Windows and duties (AFF-7), the review chain with real roles (AFF-3), time nodes and the
inbox (AFF-8), eligibility (CLS-5)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from casework.affairs import catalogue as catalogue_services
from casework.affairs import services as affair_services
from casework.duties import services as duty_services
from casework.duties.notices import overdue_steps_notify
from casework.engine import services
from casework.models import Case, Eligibility, ReviewDutyKind
from residents import roles
from residents.common.errors import ActionRefused
from residents.models import Notification
from residents.people import services as people_services
from tests.factories import make_resident, make_user, registration_data

pytestmark = pytest.mark.django_db

MATERIALS = ["户口簿原件及复印件", "居民身份证原件及复印件"]


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _reload(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)


@pytest.fixture
def chain(manager):
    """A department of two clerks, a supervisor and a community head, and an item of theirs."""
    people = {
        "desk": make_user(roles.FRONT_DESK),
        "clerk": make_user(roles.MANAGER),
        "clerk2": make_user(roles.MANAGER),
        "supervisor": make_user(roles.MANAGER),
        "head": make_user(roles.MANAGER),
        "outsider": make_user(roles.MANAGER),
    }
    department = duty_services.department_save(
        name="民政业务科", members=[people["clerk"], people["clerk2"]], actor=manager
    )
    duty_services.review_duty_grant(
        user=people["supervisor"], duty=ReviewDutyKind.SECOND_REVIEW, title="分管副主任",
        actor=manager,
    )
    duty_services.review_duty_grant(
        user=people["head"], duty=ReviewDutyKind.FINAL_APPROVAL, title="社区主任", actor=manager
    )
    item = catalogue_services.catalogue_item_add(
        name="临时救助申请", legal_basis="《社会救助暂行办法》第四十七条",
        materials="\n".join(MATERIALS), procedure="受理\n初审\n复审\n审批",
        time_limit_days=10, needs_second_review=True, actor=manager,
        department=department, initial_review_days=2, second_review_days=2, approval_days=2,
    )
    window = duty_services.window_save(
        name="社会救助窗口", items=[item], staff=[people["desk"]], actor=manager
    )
    return {**people, "department": department, "item": item, "window": window}


def _accept(chain, resident=None):
    return affair_services.affair_accept(
        item=chain["item"], resident=resident or make_resident(actor=chain["desk"]),
        actor=chain["desk"], received=MATERIALS, applicant_contact="13900001111",
    )


# --- windows and handlers (AFF-7) ------------------------------------------------------------


def test_a_case_is_handled_by_its_opener_at_the_window_offering_its_item(chain):
    case = _accept(chain)
    assert case.handler == chain["desk"]
    assert case.window == chain["window"]
    page = _client(chain["desk"]).get(reverse("casework:case_detail", args=[case.pk]))
    assert "社会救助窗口" in page.content.decode()


def test_a_manager_reassigns_the_handler_and_the_reason_is_recorded(chain, manager):
    case = _accept(chain)
    other = make_user(roles.FRONT_DESK)
    response = _client(manager).post(
        reverse("casework:case_reassign", args=[case.pk]),
        {"reassign-handler": other.pk, "reassign-reason": "原经办人休假"},
    )
    assert response.status_code == 302
    case = _reload(case)
    assert case.handler == other
    step = case.steps.last()
    assert (step.action, step.actor) == ("reassign", manager)
    assert "原经办人休假" in step.decision_reason


def test_a_crafted_reassignment_by_the_front_desk_is_refused_and_changes_nothing(chain):
    case = _accept(chain)
    other = make_user(roles.FRONT_DESK)
    response = _client(chain["desk"]).post(
        reverse("casework:case_reassign", args=[case.pk]),
        {"reassign-handler": other.pk, "reassign-reason": "想换人"},
    )
    assert response.status_code == 403
    assert _reload(case).handler == chain["desk"]


def test_a_reassignment_without_a_reason_is_refused_next_to_the_field(chain, manager):
    case = _accept(chain)
    response = _client(manager).post(
        reverse("casework:case_reassign", args=[case.pk]),
        {"reassign-handler": make_user(roles.FRONT_DESK).pk, "reassign-reason": ""},
    )
    assert response.status_code == 200
    assert _reload(case).handler == chain["desk"]


def test_the_case_list_filters_by_window_and_handler(chain, manager):
    at_window = _accept(chain)
    elsewhere = services.case_open(
        kind="change", subject="变更地址", actor=manager, time_limit_days=5,
        resident=make_resident(actor=manager),
    )
    client = _client(manager)
    listed = client.get(reverse("casework:case_list"), {"window": chain["window"].pk})
    numbers = [row["case"].number for row in listed.context["rows"]]
    assert numbers == [at_window.number]
    mine = client.get(reverse("casework:case_list"), {"handler": "mine"})
    assert [row["case"].number for row in mine.context["rows"]] == [elsewhere.number]


def test_sensitive_affair_details_show_to_the_handler_the_reviewer_due_and_managers(
    chain, manager
):
    item = catalogue_services.catalogue_item_add(
        name="低保申请", legal_basis="《社会救助暂行办法》第九条", materials="户口簿",
        procedure="受理\n初审", time_limit_days=10, needs_second_review=False,
        actor=manager, department=chain["department"],
    )
    desk2 = make_user(roles.FRONT_DESK)
    case = affair_services.affair_accept(
        item=item, resident=make_resident(actor=chain["desk"]), actor=chain["desk"],
        received=["户口簿"],
    )
    url = reverse("casework:case_detail", args=[case.pk])
    assert "低保申请" in _client(chain["desk"]).get(url).content.decode()  # the handler
    assert "低保申请" in _client(manager).get(url).content.decode()  # a manager
    assert "低保申请" not in _client(desk2).get(url).content.decode()  # another clerk
    # Handed to the other clerk, the case's details go with it.
    services_case = duty_services.case_reassign(
        case=case, handler=desk2, reason="调整分工", actor=manager
    )
    assert "低保申请" in _client(desk2).get(url).content.decode()
    assert services_case.handler == desk2


# --- the review chain (AFF-3) ----------------------------------------------------------------


def test_the_initial_review_belongs_to_the_items_department_and_needs_a_written_opinion(chain):
    case = _accept(chain)
    with pytest.raises(ActionRefused, match="民政业务科"):
        services.case_act(
            case=case, action="initial_review", actor=chain["outsider"], reason="同意"
        )
    with pytest.raises(ActionRefused):
        services.case_act(case=case, action="initial_review", actor=chain["clerk"], reason="")
    services.case_act(
        case=case, action="initial_review", actor=chain["clerk"], reason="初审：材料属实"
    )
    assert _reload(case).status == "initial_reviewed"


def test_second_review_and_final_approval_need_their_duties_each_a_different_person(chain):
    case = _accept(chain)
    services.case_act(case=case, action="initial_review", actor=chain["clerk"], reason="属实")
    for stranger in (chain["clerk2"], chain["outsider"], chain["head"]):
        with pytest.raises(ActionRefused):
            services.case_act(case=case, action="second_review", actor=stranger, reason="同意")
    services.case_act(case=case, action="second_review", actor=chain["supervisor"])
    # The supervisor given the approval duty too still may not approve their own review.
    duty_services.review_duty_grant(
        user=chain["supervisor"], duty=ReviewDutyKind.FINAL_APPROVAL, title="代理主任",
        actor=make_user(roles.MANAGER),
    )
    with pytest.raises(ActionRefused):
        services.case_act(case=case, action="approve", actor=chain["supervisor"])
    with pytest.raises(ActionRefused):
        services.case_act(case=case, action="approve", actor=chain["outsider"])
    services.case_act(case=case, action="approve", actor=chain["head"], reason="同意")
    actors = dict(_reload(case).steps.values_list("action", "actor"))
    assert len({actors["initial_review"], actors["second_review"], actors["approve"]}) == 3


def test_a_crafted_approval_post_by_someone_without_the_duty_is_refused(chain):
    case = _accept(chain)
    services.case_act(case=case, action="initial_review", actor=chain["clerk"], reason="属实")
    services.case_act(case=case, action="second_review", actor=chain["supervisor"])
    client = _client(chain["outsider"])
    page = client.get(reverse("casework:case_detail", args=[case.pk])).content.decode()
    assert 'value="approve"' not in page
    response = client.post(
        reverse("casework:case_act", args=[case.pk]),
        {"action": "approve", "step-approve-action": "approve", "step-approve-reason": "同意"},
    )
    assert response.status_code == 200
    assert _reload(case).status == "second_reviewed"


# --- time nodes and the inbox (AFF-8) ---------------------------------------------------------


def test_each_review_step_has_its_own_limit_shown_on_the_case(chain):
    with time_machine.travel(datetime.datetime(2026, 6, 1, 10, tzinfo=datetime.UTC), tick=False):
        case = _accept(chain)  # Monday
        assert case.step_due_on == datetime.date(2026, 6, 3)
        assert case.due_on == datetime.date(2026, 6, 15)
        page = _client(chain["desk"]).get(reverse("casework:case_detail", args=[case.pk]))
        assert "2026-06-03" in page.content.decode()


def test_an_overdue_step_lands_on_the_overdue_list_and_in_its_owners_inbox_once(chain, manager):
    with time_machine.travel(datetime.datetime(2026, 6, 1, 2, tzinfo=datetime.UTC), tick=False):
        case = _accept(chain)
    with time_machine.travel(datetime.datetime(2026, 6, 5, 2, tzinfo=datetime.UTC), tick=False):
        overdue = _client(manager).get(reverse("casework:worklist_due"), {"which": "overdue"})
        assert case.number in overdue.content.decode()
        assert overdue_steps_notify() == 2  # both members of the department
        assert overdue_steps_notify() == 0  # idempotent
    owners = set(Notification.objects.values_list("recipient", flat=True))
    assert owners == {chain["clerk"].pk, chain["clerk2"].pk}
    text = Notification.objects.first().text
    assert case.number in text
    assert case.resident.name not in text
    assert "临时救助" not in text


def test_the_approval_result_reaches_the_window_handlers_inbox(chain):
    case = _accept(chain)
    services.case_act(case=case, action="initial_review", actor=chain["clerk"], reason="属实")
    services.case_act(case=case, action="second_review", actor=chain["supervisor"])
    assert not Notification.objects.filter(recipient=chain["desk"]).exists()
    services.case_act(case=case, action="approve", actor=chain["head"], reason="同意")
    note = Notification.objects.get(recipient=chain["desk"])
    assert case.number in note.text
    assert case.resident.name[0] + "*" in note.text
    assert case.resident.name not in note.text
    inbox = _client(chain["desk"]).get(reverse("notifications:inbox")).content.decode()
    assert case.number in inbox


def test_a_returned_registration_reaches_its_creator(front_desk, front_desk2):
    registration = people_services.registration_create(
        actor=front_desk, data=registration_data(), submit=True
    )
    people_services.registration_return(
        registration=registration, actor=front_desk2, reason="地址填写不完整"
    )
    note = Notification.objects.get(recipient=front_desk)
    assert registration.name not in note.text
    assert note.url == reverse("residents:detail", args=[registration.pk])


def test_step_limits_must_fit_inside_the_items_limit(manager):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as invalid:
        catalogue_services.catalogue_item_add(
            name="残疾人证办理", legal_basis="《残疾人保障法》", materials="照片",
            procedure="受理", time_limit_days=3, needs_second_review=False, actor=manager,
            initial_review_days=2, approval_days=2,
        )
    assert "approval_days" in invalid.value.message_dict


# --- eligibility (CLS-5) ----------------------------------------------------------------------


def test_an_affair_for_registered_residents_only_is_refused_for_others_with_the_reason(
    chain, manager
):
    item = catalogue_services.catalogue_item_change(
        item=chain["item"], name="临时救助申请", legal_basis="《社会救助暂行办法》第四十七条",
        materials="\n".join(MATERIALS), procedure="受理", time_limit_days=10,
        needs_second_review=True, is_active=True, actor=manager,
        eligibility=Eligibility.REGISTERED,
    )
    outsider = make_resident(actor=chain["desk"], hukou_type="non_registered")
    before = Case.objects.count()
    response = _client(chain["desk"]).post(
        reverse("casework:affair_accept"),
        {"item": item.pk, "archive_number": outsider.archive_number, "received": MATERIALS},
    )
    assert response.status_code == 200
    assert "户籍" in response.content.decode()
    assert Case.objects.count() == before
    assert _accept(chain, make_resident(actor=chain["desk"])).pk


def test_the_acceptance_page_tells_who_may_apply(chain):
    page = _client(chain["desk"]).get(
        reverse("casework:affair_accept"), {"item": chain["item"].pk}
    )
    assert "所有居民" in page.content.decode()

