"""ACC-8 four eyes (maker-checker): whoever opened an item, or took its previous review step,
may not take its next review or approval step; an item needing a second review passes three
different people; a registration is verified by someone other than the staff who entered it.

Each attack is replayed through the service and as a crafted POST: refused with a reason,
nothing changed, the item's state as before. The legitimate path with distinct people works,
and the pages offer no button the user cannot use but say that someone else must take it.
"""

from __future__ import annotations

import pytest
from django.contrib import messages
from django.test import Client
from django.urls import reverse
from django.utils import translation

from casework.affairs import catalogue as catalogue_services
from casework.affairs import services as affair_services
from casework.change import services as change_services
from casework.engine import services
from casework.engine.workflows import WORKFLOWS
from casework.models import Case, CaseKind
from residents import roles
from residents.audit.context import acting_as
from residents.common.errors import ActionRefused
from residents.models import Channel, RegistrationStatus, Resident
from residents.people import services as people_services
from tests.factories import form_payload, make_resident, make_user, registration_data

pytestmark = pytest.mark.django_db

OTHER_STAFF_MUST = "需由其他工作人员审核"
OLD_ADDRESS = "东城区和平里街道1号"
NEW_ADDRESS = "东城区安定门街道8号院3单元201"
MATERIALS = ["户口簿原件及复印件", "残疾评定材料"]


@pytest.fixture
def boss3(db):
    return make_user(roles.MANAGER)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _chinese(refused: ActionRefused) -> str:
    with translation.override("zh-hans"):
        return str(refused.message)


def _case_snapshot(case: Case) -> tuple:
    case = Case.objects.get(pk=case.pk)
    return case.status, case.closed_at, case.steps.count()


def _step_post(client, case: Case, action: str, reason: str = ""):
    """What the case page's step form posts (or a hand-made copy of it)."""
    return client.post(
        reverse("casework:case_act", args=[case.pk]),
        {"action": action, f"step-{action}-action": action, f"step-{action}-reason": reason},
    )


def _offers_step(html: str, action: str) -> bool:
    return f'name="action" value="{action}"' in html


# --- which steps are review steps ----------------------------------------------------------


def test_the_review_and_approval_steps_are_exactly_the_checked_ones():
    review = {
        (kind, t.action) for kind, transitions in WORKFLOWS.items() for t in transitions
        if t.review
    }
    assert review == {
        (CaseKind.CHANGE, "verify"),
        (CaseKind.CHANGE, "approve"),
        (CaseKind.AFFAIR, "initial_review"),
        (CaseKind.AFFAIR, "second_review"),
        (CaseKind.AFFAIR, "approve"),
        # A rectification is checked by neither its responsible person nor who issued it.
        (CaseKind.RECTIFICATION, "check"),
    }


# --- change requests -----------------------------------------------------------------------


@pytest.fixture
def resident(front_desk):
    return make_resident(actor=front_desk, address=OLD_ADDRESS)


def _change(resident: Resident, opener) -> Case:
    return change_services.change_request_open(
        resident=resident, actor=opener, proposed={"address": NEW_ADDRESS},
        reason="居民搬家，申请变更居住地址", documents="居民身份证原件、租房合同",
    )


def _address(resident: Resident) -> str:
    return Resident.objects.get(pk=resident.pk).address


def test_a_front_desk_user_cannot_verify_its_own_change_request(front_desk, resident):
    case = _change(resident, front_desk)
    before = _case_snapshot(case)
    with pytest.raises(ActionRefused) as refused:
        services.case_act(case=case, action="verify", actor=front_desk, reason="原件已核对")
    assert OTHER_STAFF_MUST in _chinese(refused.value)
    assert _case_snapshot(case) == before
    assert _address(resident) == OLD_ADDRESS


def test_the_opener_cannot_approve_its_change_request_verified_by_a_colleague(
    front_desk, front_desk2, resident
):
    case = _change(resident, front_desk)
    services.case_act(case=case, action="verify", actor=front_desk2, reason="原件已核对")
    before = _case_snapshot(case)
    with acting_as(front_desk), pytest.raises(ActionRefused) as refused:
        change_services.change_approve(case=case, actor=front_desk, reason="同意")
    assert OTHER_STAFF_MUST in _chinese(refused.value)
    assert _case_snapshot(case) == before
    assert Case.objects.get(pk=case.pk).status == "verified"
    assert _address(resident) == OLD_ADDRESS


def test_the_verifier_cannot_also_approve_the_change(front_desk, front_desk2, resident):
    case = _change(resident, front_desk)
    services.case_act(case=case, action="verify", actor=front_desk2)
    before = _case_snapshot(case)
    with acting_as(front_desk2), pytest.raises(ActionRefused) as refused:
        change_services.change_approve(case=case, actor=front_desk2)
    assert OTHER_STAFF_MUST in _chinese(refused.value)
    assert _case_snapshot(case) == before
    assert _address(resident) == OLD_ADDRESS


def test_a_change_opened_verified_and_approved_by_three_people_is_applied(
    front_desk, front_desk2, manager, resident
):
    case = _change(resident, front_desk)
    services.case_act(case=case, action="verify", actor=front_desk2, reason="原件已核对")
    with acting_as(manager):
        change_services.change_approve(case=case, actor=manager, reason="材料齐全，同意变更")
    assert Case.objects.get(pk=case.pk).status == "approved"
    assert _address(resident) == NEW_ADDRESS
    actors = dict(case.steps.values_list("action", "actor"))
    assert [actors["open"], actors["verify"], actors["approve"]] == [
        front_desk.pk, front_desk2.pk, manager.pk
    ]


def test_crafted_posts_cannot_verify_or_approve_ones_own_change(front_desk, front_desk2, resident):
    case = _change(resident, front_desk)
    before = _case_snapshot(case)
    response = _step_post(_client(front_desk), case, "verify", "原件已核对")
    assert response.status_code == 200
    assert OTHER_STAFF_MUST in response.content.decode()
    assert _case_snapshot(case) == before

    services.case_act(case=case, action="verify", actor=front_desk2)
    before = _case_snapshot(case)
    for user in (front_desk, front_desk2):
        response = _client(user).post(
            reverse("casework:change_approve", args=[case.pk]), {"change-approve-reason": "同意"}
        )
        assert response.status_code == 200
        assert OTHER_STAFF_MUST in response.content.decode()
        assert _case_snapshot(case) == before
    assert _address(resident) == OLD_ADDRESS


def test_the_case_page_offers_review_steps_only_to_those_who_may_take_them(
    front_desk, front_desk2, manager, resident
):
    case = _change(resident, front_desk)
    own = _client(front_desk).get(reverse("casework:case_detail", args=[case.pk])).content.decode()
    assert not _offers_step(own, "verify")
    assert OTHER_STAFF_MUST in own
    colleague = (
        _client(front_desk2).get(reverse("casework:case_detail", args=[case.pk])).content.decode()
    )
    assert _offers_step(colleague, "verify")
    assert OTHER_STAFF_MUST not in colleague

    services.case_act(case=case, action="verify", actor=front_desk2)
    approve_url = reverse("casework:change_approve", args=[case.pk])
    for user in (front_desk, front_desk2):
        html = _client(user).get(reverse("casework:case_detail", args=[case.pk])).content.decode()
        assert approve_url not in html
        assert OTHER_STAFF_MUST in html
    html = _client(manager).get(reverse("casework:case_detail", args=[case.pk])).content.decode()
    assert approve_url in html
    assert OTHER_STAFF_MUST not in html


def test_a_change_notice_is_reviewed_by_neither_its_opener_nor_who_entered_the_values(
    front_desk, front_desk2, manager, manager2, resident
):
    notice = change_services.change_notice_open(
        resident=resident, actor=front_desk, subject="居住地址可能已变更",
        details="走访时邻居反映已搬离",
    )
    change_services.change_notice_confirm(
        case=notice, actor=front_desk2, proposed={"address": NEW_ADDRESS},
        reason="居民到窗口确认已搬家", documents="居民身份证原件",
    )
    before = _case_snapshot(notice)
    for user in (front_desk, front_desk2):
        with pytest.raises(ActionRefused):
            services.case_act(case=notice, action="verify", actor=user)
        assert _case_snapshot(notice) == before
    services.case_act(case=notice, action="verify", actor=manager)
    with acting_as(manager2):
        change_services.change_approve(case=notice, actor=manager2)
    assert _address(resident) == NEW_ADDRESS


def test_rejecting_and_withdrawing_stop_an_item_and_are_not_held_back(front_desk, resident):
    """Stopping an item lets nothing through: its opener may withdraw or reject it."""
    withdrawn = _change(resident, front_desk)
    services.case_act(case=withdrawn, action="withdraw", actor=front_desk, reason="居民撤回申请")
    assert Case.objects.get(pk=withdrawn.pk).status == "withdrawn"
    rejected = _change(resident, front_desk)
    services.case_act(case=rejected, action="reject", actor=front_desk, reason="材料不实")
    assert Case.objects.get(pk=rejected.pk).status == "rejected"


# --- service-window affairs ----------------------------------------------------------------


def _affair(opener, resident, *, needs_second_review: bool = True) -> Case:
    item = catalogue_services.catalogue_item_add(
        name="残疾人证申领协助", legal_basis="《残疾人保障法》", materials="\n".join(MATERIALS),
        procedure="窗口受理\n初审\n复审\n审批", time_limit_days=10,
        needs_second_review=needs_second_review, actor=make_user(roles.MANAGER),
    )
    return affair_services.affair_accept(
        item=item, resident=resident, actor=opener, received=MATERIALS
    )


def _refused_step(case: Case, action: str, actor) -> ActionRefused:
    before = _case_snapshot(case)
    with pytest.raises(ActionRefused) as refused:
        services.case_act(case=case, action=action, actor=actor, reason="同意")
    assert _case_snapshot(case) == before
    return refused.value


def test_one_manager_cannot_take_an_affair_through_both_reviews_and_approval(
    front_desk, manager, manager2, resident
):
    case = _affair(front_desk, resident)
    services.case_act(case=case, action="initial_review", actor=manager, reason="初审通过")

    assert OTHER_STAFF_MUST in _chinese(_refused_step(case, "second_review", manager))
    assert Case.objects.get(pk=case.pk).status == "initial_reviewed"
    # Approval cannot skip the second review either.
    _refused_step(case, "approve", manager)

    services.case_act(case=case, action="second_review", actor=manager2, reason="复审通过")
    assert OTHER_STAFF_MUST in _chinese(_refused_step(case, "approve", manager2))
    assert Case.objects.get(pk=case.pk).status == "second_reviewed"

    # Nor the initial reviewer: each review is a different person (AFF-3).
    assert OTHER_STAFF_MUST in _chinese(_refused_step(case, "approve", manager))
    services.case_act(case=case, action="approve", actor=make_user(roles.MANAGER), reason="同意")
    assert Case.objects.get(pk=case.pk).status == "approved"
    reviewers = dict(case.steps.values_list("action", "actor"))
    assert len({
        reviewers["open"], reviewers["initial_review"], reviewers["second_review"],
        reviewers["approve"],
    }) == 4


def test_the_second_review_needs_a_third_person(manager, manager2, boss3, resident):
    case = _affair(manager, resident)
    assert OTHER_STAFF_MUST in _chinese(_refused_step(case, "initial_review", manager))
    services.case_act(case=case, action="initial_review", actor=manager2, reason="初审同意")
    _refused_step(case, "second_review", manager)  # the opener
    _refused_step(case, "second_review", manager2)  # the initial reviewer
    services.case_act(case=case, action="second_review", actor=boss3)
    _refused_step(case, "approve", manager)  # the opener
    _refused_step(case, "approve", boss3)  # the second reviewer
    _refused_step(case, "approve", manager2)  # the initial reviewer
    services.case_act(case=case, action="approve", actor=make_user(roles.MANAGER))
    assert Case.objects.get(pk=case.pk).status == "approved"


def test_the_initial_reviewer_cannot_approve_an_affair_without_second_review(
    front_desk, manager, manager2, resident
):
    case = _affair(front_desk, resident, needs_second_review=False)
    services.case_act(case=case, action="initial_review", actor=manager, reason="初审同意")
    _refused_step(case, "approve", manager)
    services.case_act(case=case, action="approve", actor=manager2)
    assert Case.objects.get(pk=case.pk).status == "approved"


def test_a_crafted_post_cannot_take_the_second_review_after_ones_own_initial_review(
    front_desk, manager, manager2, resident
):
    case = _affair(front_desk, resident)
    services.case_act(case=case, action="initial_review", actor=manager, reason="初审同意")
    before = _case_snapshot(case)
    client = _client(manager)
    page = client.get(reverse("casework:case_detail", args=[case.pk])).content.decode()
    assert not _offers_step(page, "second_review")
    assert OTHER_STAFF_MUST in page
    assert _offers_step(
        _client(manager2).get(reverse("casework:case_detail", args=[case.pk])).content.decode(),
        "second_review",
    )

    response = _step_post(client, case, "second_review", "复审通过")
    assert response.status_code == 200
    assert OTHER_STAFF_MUST in response.content.decode()
    assert _case_snapshot(case) == before


def test_handling_steps_after_approval_are_the_handlers_own(
    front_desk, manager, manager2, resident
):
    """Handling, feedback and closing carry out a decision already taken by others."""
    case = _affair(front_desk, resident, needs_second_review=False)
    services.case_act(case=case, action="initial_review", actor=manager, reason="初审同意")
    services.case_act(case=case, action="approve", actor=manager2)
    services.case_act(case=case, action="handle", actor=front_desk)
    services.case_feedback(case=case, channel="pickup", text="本人到窗口领取", actor=front_desk)
    services.case_act(case=case, action="close", actor=front_desk)
    assert Case.objects.get(pk=case.pk).status == "closed"


# --- registrations -------------------------------------------------------------------------


def _registration(actor, *, submit: bool = True) -> Resident:
    return people_services.registration_create(
        actor=actor, data=registration_data(), submit=submit
    )


def _registration_snapshot(resident: Resident) -> tuple:
    resident = Resident.objects.get(pk=resident.pk)
    return resident.status, resident.archive_number, resident.verified_by_id


def _refused_verify(resident: Resident, actor) -> ActionRefused:
    before = _registration_snapshot(resident)
    with pytest.raises(ActionRefused) as refused:
        people_services.registration_verify(registration=resident, actor=actor)
    assert _registration_snapshot(resident) == before
    assert before[0] == RegistrationStatus.SUBMITTED
    assert before[1] is None
    return refused.value


def test_front_desk_cannot_verify_a_registration_it_entered(front_desk, front_desk2):
    resident = _registration(front_desk)
    assert OTHER_STAFF_MUST in _chinese(_refused_verify(resident, front_desk))
    people_services.registration_verify(registration=resident, actor=front_desk2)
    resident = Resident.objects.get(pk=resident.pk)
    assert resident.status == RegistrationStatus.VERIFIED
    assert resident.verified_by == front_desk2
    assert resident.archive_number


def test_a_crafted_post_cannot_verify_ones_own_registration(front_desk, front_desk2):
    resident = _registration(front_desk)
    before = _registration_snapshot(resident)
    response = _client(front_desk).post(reverse("residents:verify", args=[resident.pk]))
    assert response.status_code == 302
    shown = [(m.level, str(m)) for m in messages.get_messages(response.wsgi_request)]
    assert [level for level, _text in shown] == [messages.ERROR]
    assert OTHER_STAFF_MUST in shown[0][1]
    assert _registration_snapshot(resident) == before


def test_the_record_page_offers_verification_only_to_someone_else(front_desk, front_desk2):
    resident = _registration(front_desk)
    verify_url = reverse("residents:verify", args=[resident.pk])
    own = _client(front_desk).get(reverse("residents:detail", args=[resident.pk])).content.decode()
    assert verify_url not in own
    assert OTHER_STAFF_MUST in own
    other = (
        _client(front_desk2).get(reverse("residents:detail", args=[resident.pk])).content.decode()
    )
    assert verify_url in other
    assert OTHER_STAFF_MUST not in other


def test_a_draft_entered_by_one_and_submitted_by_another_is_verified_by_a_third(
    front_desk, front_desk2, manager
):
    resident = _registration(front_desk, submit=False)
    people_services.registration_submit(registration=resident, actor=front_desk2)
    _refused_verify(resident, front_desk)
    _refused_verify(resident, front_desk2)
    people_services.registration_verify(registration=resident, actor=manager)
    assert Resident.objects.get(pk=resident.pk).verified_by == manager


def test_a_returned_registration_resubmitted_by_its_clerk_is_verified_by_someone_else(
    front_desk, manager
):
    resident = _registration(front_desk)
    people_services.registration_return(registration=resident, actor=manager, reason="住址不完整")
    people_services.registration_update(
        registration=resident, actor=front_desk, data={"address": "东城区和平里街道九号楼3单元"}
    )
    people_services.registration_submit(registration=resident, actor=front_desk)
    _refused_verify(resident, front_desk)
    people_services.registration_verify(registration=resident, actor=manager)
    assert Resident.objects.get(pk=resident.pk).status == RegistrationStatus.VERIFIED


def test_the_clerk_who_took_over_a_preregistration_cannot_verify_it(front_desk, front_desk2):
    data = registration_data()
    Client().post(
        reverse("preregister"),
        form_payload({
            name: data[name] for name in (
                "name", "id_number", "gender", "birth_date", "hukou_type", "hukou_location",
                "hukou_moved_in_on", "area", "address", "residence_type", "living_since",
            )
        }),
    )
    pending = Resident.objects.get(id_number=data["id_number"])
    assert pending.channel == Channel.ONLINE

    response = _client(front_desk).post(
        reverse("residents:create"), {**form_payload(data), "submit": "1"}
    )
    assert response.status_code == 302
    taken_over = Resident.objects.get(pk=pending.pk)
    assert taken_over.channel == Channel.WINDOW
    _refused_verify(taken_over, front_desk)
    people_services.registration_verify(registration=taken_over, actor=front_desk2)
    assert Resident.objects.get(pk=pending.pk).verified_by == front_desk2


def test_an_online_preregistration_is_verified_by_any_front_desk_member(front_desk):
    """Nobody on the staff entered it: the resident did, online."""
    data = registration_data()
    resident = people_services.preregistration_submit(data=data, consent=True)
    people_services.registration_verify(registration=resident, actor=front_desk)
    assert Resident.objects.get(pk=resident.pk).status == RegistrationStatus.VERIFIED
