"""Issue 5: one request engine for four kinds of case — paths, refusals, deadlines, numbers,
concurrency and the audit trail."""

from __future__ import annotations

import datetime
import threading

import pytest
from auditlog.models import LogEntry
from django.db import connection, transaction
from django.utils import timezone

from casework.engine import services
from casework.engine.workflows import CLOSED_STATUSES, INITIAL_STATUS, WORKFLOWS
from casework.models import AffairItem, CalendarDay, Case, CaseKind, CaseSequence, CaseStep
from residents import roles
from residents.audit.context import acting_as
from residents.common.errors import ActionRefused
from tests.factories import make_resident, make_user

D = datetime.date


def _open(kind: str, actor, **overrides) -> Case:
    if kind not in (CaseKind.COMPLAINT, CaseKind.RECTIFICATION) and "resident" not in overrides:
        overrides["resident"] = make_resident(actor=actor)
    if kind == CaseKind.COMPLAINT and "resident" not in overrides:
        overrides.setdefault("applicant_name", "王大爷")
        overrides.setdefault("applicant_contact", "13900001111")
    overrides.setdefault("subject", "测试事项")
    overrides.setdefault("time_limit_days", 5)
    return services.case_open(kind=kind, actor=actor, **overrides)


def _step(case: Case, action: str, actor, reason: str = "") -> Case:
    """Any step, the special ones included: the engine alone, without a kind's own service."""
    with transaction.atomic():
        locked = services.lock_case(case)
        services.take_step(locked, action=action, actor=actor, reason=reason, allow_special=True)
    return locked


def _reload(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)


def _snapshot(case: Case) -> tuple:
    case = _reload(case)
    return case.status, case.closed_at, case.steps.count()


# --- the workflows as data -----------------------------------------------------------------


def test_every_kind_has_a_workflow_without_ambiguous_steps():
    assert set(WORKFLOWS) == set(CaseKind)
    assert set(INITIAL_STATUS) == set(CaseKind)
    for transitions in WORKFLOWS.values():
        pairs = [(status, t.action) for t in transitions for status in t.source]
        assert len(pairs) == len(set(pairs)), "one (status, action) must lead to one transition"
        targets = {t.target for t in transitions}
        assert "closed" in targets


# --- allowed paths, one per kind -----------------------------------------------------------

# Four eyes (ACC-8): the review steps are taken by others than the opener (FD) and than the
# previous reviewer.
FD, FD2, MG, MG2, MG3 = "front_desk", "front_desk2", "manager", "manager2", "manager3"
PATHS = {
    CaseKind.CHANGE: [
        ("verify", FD2, ""), ("approve", MG, "材料齐全，同意变更"), ("close", FD, ""),
    ],
    CaseKind.QUERY: [("check_identity", FD, ""), ("answer", FD, "已答复"), ("close", FD, "")],
    CaseKind.AFFAIR: [
        ("request_materials", FD, "缺少户口簿"),
        ("materials_complete", FD, ""),
        ("initial_review", MG, "初审通过"),
        ("second_review", MG2, "复审通过"),
        ("approve", MG3, "同意"),
        ("handle", FD, ""),
        ("give_feedback", FD, "电话告知"),
        ("close", FD, ""),
    ],
    CaseKind.COMPLAINT: [
        ("investigate", FD, ""),
        ("escalate", FD, "涉及物业，需上报"),
        ("handle", FD, "已协调物业"),
        ("give_feedback", FD, "已回复投诉人"),
        ("close", FD, "回访满意"),
    ],
    # The handler (here the opener) rectifies; someone else checks it.
    CaseKind.RECTIFICATION: [
        ("start", FD, "已安排整改"),
        ("check", MG, "现场复查合格"),
        ("close", MG, ""),
    ],
}


def test_every_special_step_has_its_own_service():
    special = {
        (kind, t.action) for kind, transitions in WORKFLOWS.items() for t in transitions
        if t.special
    }
    assert (CaseKind.CHANGE, "approve") in special
    assert (CaseKind.COMPLAINT, "close") in special


@pytest.mark.django_db
def test_the_plain_step_form_cannot_take_a_special_step(front_desk, manager):
    case = _open(CaseKind.COMPLAINT, front_desk)
    for action in ("investigate", "handle"):
        case = services.case_act(case=case, action=action, actor=front_desk)
    before = _snapshot(case)
    with pytest.raises(ActionRefused):
        services.case_act(case=case, action="give_feedback", actor=manager, reason="已告知")
    assert _snapshot(case) == before


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(CaseKind))
def test_each_kind_runs_from_opening_to_closed_and_records_every_step(
    kind, front_desk, front_desk2, manager, manager2, manager3
):
    actors = {FD: front_desk, FD2: front_desk2, MG: manager, MG2: manager2, MG3: manager3}
    materials = [("户口簿", True), ("照片", False)] if kind != CaseKind.QUERY else []
    extra = {}
    if kind == CaseKind.AFFAIR:
        extra["affair_item"] = AffairItem.objects.create(
            name="老年证办理", legal_basis="老年人权益保障法", materials="户口簿",
            procedure="受理\n审核", time_limit_days=5, needs_second_review=True,
        )
    case = _open(kind, front_desk, materials=materials, **extra)
    assert case.status == INITIAL_STATUS[kind]
    assert case.closed_at is None

    for material in case.materials.filter(required=True):
        if kind == CaseKind.AFFAIR:
            break  # received after the request for materials, below
        services.case_material_receive(case=case, material=material, actor=front_desk)

    for action, role, reason in PATHS[kind]:
        if action == "materials_complete":
            for material in case.materials.filter(required=True):
                services.case_material_receive(case=case, material=material, actor=front_desk)
        case = _step(case, action, actors[role], reason)

    case = _reload(case)
    assert case.status == "closed"
    assert case.closed_at is not None

    steps = [s for s in case.steps.all() if s.action not in ("open", "receive_material")]
    assert [(s.action, s.actor, s.decision_reason) for s in steps] == [
        (action, actors[role], reason) for action, role, reason in PATHS[kind]
    ]
    opening = case.steps.first()
    assert (opening.action, opening.from_status, opening.to_status, opening.actor) == (
        "open", "", INITIAL_STATUS[kind], front_desk
    )
    # Each step continues from where the previous one left the case.
    chain = [s for s in case.steps.all() if s.action != "receive_material"]
    for before, after in zip(chain, chain[1:], strict=False):
        assert after.from_status == before.to_status
        assert after.acted_at is not None


@pytest.mark.django_db
def test_affair_without_second_review_is_approved_after_the_initial_review(
    front_desk, manager, manager2
):
    case = _open(CaseKind.AFFAIR, front_desk)
    services.case_act(case=case, action="initial_review", actor=manager, reason="初审同意")
    case = services.case_act(case=case, action="approve", actor=manager2, reason="无需复审")
    assert case.status == "approved"


@pytest.mark.django_db
def test_a_complaint_not_satisfied_at_the_return_visit_is_handled_again(front_desk, manager):
    case = _open(CaseKind.COMPLAINT, front_desk)
    for action in ("investigate", "handle"):
        case = services.case_act(case=case, action=action, actor=front_desk)
    services.case_feedback(case=case, channel="phone", text="已协调物业", actor=front_desk)

    with pytest.raises(ActionRefused):
        services.return_visit_record(case=case, satisfaction=2, comment=" ", actor=front_desk)
    services.return_visit_record(
        case=case, satisfaction=2, comment="噪音仍在", actor=front_desk
    )
    case = _reload(case)
    assert case.status == "investigating"
    assert case.closed_at is None
    last = case.steps.last()
    assert (last.action, last.from_status, last.to_status, last.actor) == (
        "reopen", "feedback_given", "investigating", front_desk
    )
    assert "噪音仍在" in last.decision_reason

    case = services.case_act(case=case, action="handle", actor=manager)
    services.case_feedback(case=case, channel="sms", text="已更换设备", actor=manager)
    services.return_visit_record(case=case, satisfaction=5, comment="", actor=manager)
    case = _reload(case)
    assert case.status == "closed"
    assert case.closed_at is not None
    assert [v.satisfaction for v in case.return_visits.all()] == [2, 5]
    assert case.feedback_channel == "sms"


@pytest.mark.django_db
def test_a_closed_affair_awaits_one_return_visit(front_desk, manager, manager2):
    case = _open(CaseKind.AFFAIR, front_desk)
    for action, actor in (("initial_review", manager), ("approve", manager2),
                          ("handle", front_desk)):
        case = services.case_act(case=case, action=action, actor=actor, reason="同意")
    with pytest.raises(ActionRefused):
        services.return_visit_record(case=case, satisfaction=4, comment="", actor=front_desk)
    services.case_feedback(case=case, channel="pickup", text="已领取证明", actor=front_desk)
    case = services.case_act(case=case, action="close", actor=front_desk)
    assert services.awaits_return_visit(_reload(case))
    services.return_visit_record(case=case, satisfaction=4, comment="办事快", actor=front_desk)
    assert not services.awaits_return_visit(_reload(case))
    assert _reload(case).status == "closed"
    with pytest.raises(ActionRefused):
        services.return_visit_record(case=case, satisfaction=4, comment="", actor=front_desk)


@pytest.mark.django_db
def test_an_affair_needing_a_second_review_cannot_skip_it(
    front_desk, manager, manager2, manager3
):
    case = _open(CaseKind.AFFAIR, front_desk)
    Case.objects.filter(pk=case.pk).update(needs_second_review=True)
    case = services.case_act(
        case=_reload(case), action="initial_review", actor=manager, reason="初审同意",
    )
    with pytest.raises(ActionRefused):
        services.case_act(case=case, action="approve", actor=manager2)
    services.case_act(case=case, action="second_review", actor=manager2)
    assert services.case_act(case=case, action="approve", actor=manager3).status == "approved"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "action", "status"),
    [(CaseKind.CHANGE, "reject", "rejected"), (CaseKind.CHANGE, "withdraw", "withdrawn"),
     (CaseKind.QUERY, "reject", "rejected"), (CaseKind.AFFAIR, "reject", "rejected")],
)
def test_rejecting_or_withdrawing_finishes_the_case(kind, action, status, front_desk):
    case = _open(kind, front_desk)
    case = services.case_act(case=case, action=action, actor=front_desk, reason="不符合条件")
    case = _reload(case)
    assert case.status == status
    assert status in CLOSED_STATUSES
    assert case.closed_at is not None
    assert case.steps.last().decision_reason == "不符合条件"


# --- refused steps change nothing ----------------------------------------------------------


@pytest.mark.django_db
def test_a_step_from_the_wrong_status_is_refused_and_says_why(front_desk, manager):
    case = _open(CaseKind.CHANGE, front_desk)
    before = _snapshot(case)
    with pytest.raises(ActionRefused) as refused:
        services.case_act(case=case, action="approve", actor=manager)
    assert case.number in refused.value.message
    assert _snapshot(case) == before


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["fly", "reopen", "second_review", "answer"])
def test_unknown_or_foreign_actions_are_refused(front_desk, manager, action):
    case = _open(CaseKind.QUERY, front_desk)
    before = _snapshot(case)
    with pytest.raises(ActionRefused):
        services.case_act(case=case, action=action, actor=manager, reason="理由")
    assert _snapshot(case) == before


@pytest.mark.django_db
def test_a_step_without_the_permission_is_refused(front_desk, front_desk2):
    case = _open(CaseKind.AFFAIR, front_desk)
    before = _snapshot(case)
    with pytest.raises(ActionRefused):
        services.case_act(
            case=case, action="initial_review", actor=front_desk, reason="初审同意",
        )
    with pytest.raises(ActionRefused):
        services.case_act(
            case=case, action="initial_review", actor=make_user(roles.OTHER_STAFF),
            reason="初审同意",
        )
    assert _snapshot(case) == before
    case = _open(CaseKind.CHANGE, front_desk)
    services.case_act(case=case, action="verify", actor=front_desk2)
    before = _snapshot(case)
    with pytest.raises(ActionRefused):
        services.case_act(case=case, action="reject", actor=front_desk, reason="不同意")
    assert _snapshot(case) == before


@pytest.mark.django_db
@pytest.mark.parametrize("reason", ["", "   \n\t "])
def test_a_step_that_needs_a_reason_is_refused_without_one(front_desk, reason):
    case = _open(CaseKind.CHANGE, front_desk)
    before = _snapshot(case)
    with pytest.raises(ActionRefused):
        services.case_act(case=case, action="reject", actor=front_desk, reason=reason)
    assert _snapshot(case) == before


@pytest.mark.django_db
def test_verifying_with_required_materials_missing_is_refused(front_desk, front_desk2):
    case = _open(CaseKind.CHANGE, front_desk, materials=[("户口簿", True), ("照片", False)])
    before = _snapshot(case)
    with pytest.raises(ActionRefused) as refused:
        services.case_act(case=case, action="verify", actor=front_desk2)
    assert "户口簿" in refused.value.message
    assert _snapshot(case) == before

    material = case.materials.get(name="户口簿")
    services.case_material_receive(case=case, material=material, actor=front_desk)
    with pytest.raises(ActionRefused):
        services.case_material_receive(case=case, material=material, actor=front_desk)
    assert services.case_act(case=case, action="verify", actor=front_desk2).status == "verified"


@pytest.mark.django_db
def test_opening_is_refused_without_permission_subject_or_applicant(front_desk):
    resident = make_resident(actor=front_desk)
    with pytest.raises(ActionRefused):
        services.case_open(kind=CaseKind.CHANGE, subject="变更", actor=make_user(None),
                           resident=resident, time_limit_days=5)
    with pytest.raises(ActionRefused):
        services.case_open(kind=CaseKind.CHANGE, subject="  ", actor=front_desk,
                           resident=resident, time_limit_days=5)
    with pytest.raises(ActionRefused):
        services.case_open(kind=CaseKind.CHANGE, subject="变更", actor=front_desk,
                           time_limit_days=5)
    with pytest.raises(ActionRefused):
        services.case_open(kind=CaseKind.COMPLAINT, subject="噪音", actor=front_desk,
                           time_limit_days=5)
    with pytest.raises(ActionRefused):
        services.case_open(kind=CaseKind.CHANGE, subject="变更", actor=front_desk,
                           resident=resident, time_limit_days=0)
    assert not Case.objects.exists()
    assert not CaseSequence.objects.filter(last_number__gt=0).exists()


@pytest.mark.django_db
def test_str_holds_no_personal_data(front_desk):
    case = _open(CaseKind.COMPLAINT, front_desk, applicant_name="李四")
    assert str(case) == f"Case {case.number}"


# --- deadlines -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_due_date_skips_weekends_and_calendar_holidays(front_desk, manager, monkeypatch):
    # Opened on Friday 20 November 2026.
    monkeypatch.setattr(services, "_today", lambda: D(2026, 11, 20))
    case = _open(CaseKind.AFFAIR, front_desk, time_limit_days=2)
    assert case.due_on == D(2026, 11, 24)  # Monday, Tuesday

    CalendarDay.objects.create(
        date=D(2026, 11, 23), is_working_day=False, name="测试假日", recorded_by=manager
    )
    case = _open(CaseKind.AFFAIR, front_desk, time_limit_days=2)
    assert case.due_on == D(2026, 11, 25)  # Monday is a holiday: Tuesday, Wednesday
    assert _reload(case).time_limit_days == 2


# --- numbers -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_numbers_are_sequential_per_kind_and_year(front_desk):
    year = timezone.localdate().year
    first = _open(CaseKind.CHANGE, front_desk)
    second = _open(CaseKind.CHANGE, front_desk)
    query = _open(CaseKind.QUERY, front_desk)
    complaint = _open(CaseKind.COMPLAINT, front_desk)
    affair = _open(CaseKind.AFFAIR, front_desk)
    assert first.number == f"BG-{year}-000001"
    assert second.number == f"BG-{year}-000002"
    assert query.number == f"CX-{year}-000001"
    assert complaint.number == f"TS-{year}-000001"
    assert affair.number == f"SX-{year}-000001"


def _run_at_once(work, arguments) -> list[object]:
    barrier = threading.Barrier(len(arguments))
    outcomes: list[object] = []
    lock = threading.Lock()

    def run(argument):
        try:
            barrier.wait(timeout=10)
            outcome: object = work(argument)
        except ActionRefused:
            outcome = "refused"
        except Exception as exc:  # surfaced by the callers' assertions
            outcome = exc
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=run, args=(argument,)) for argument in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_cases_opened_at_once_get_consecutive_numbers_without_gaps():
    actors = [make_user(roles.FRONT_DESK) for _ in range(4)]
    year = timezone.localdate().year
    before = (
        CaseSequence.objects.filter(kind=CaseKind.COMPLAINT, year=year)
        .values_list("last_number", flat=True)
        .first()
        or 0
    )

    def open_case(actor):
        return services.case_open(
            kind=CaseKind.COMPLAINT, subject="噪音", actor=actor, applicant_name="匿名",
            time_limit_days=5,
        ).number

    numbers = _run_at_once(open_case, actors)
    assert all(isinstance(number, str) for number in numbers), numbers
    expected = {f"TS-{year}-{n:06d}" for n in range(before + 1, before + 5)}
    assert set(numbers) == expected
    assert CaseSequence.objects.get(kind=CaseKind.COMPLAINT, year=year).last_number == before + 4


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_reviewers_approving_at_once_approve_exactly_once():
    front_desk = make_user(roles.FRONT_DESK)
    reviewers = [make_user(roles.MANAGER), make_user(roles.MANAGER)]
    case = _open(CaseKind.AFFAIR, front_desk)
    # Reviewed first by a third manager: either reviewer may then approve (four eyes).
    services.case_act(
        case=case, action="initial_review", actor=make_user(roles.MANAGER), reason="初审同意"
    )

    def approve(actor):
        services.case_act(case=case, action="approve", actor=actor, reason="同意")
        return "approved"

    outcomes = _run_at_once(approve, reviewers)
    assert sorted(map(str, outcomes)) == ["approved", "refused"], outcomes
    case = _reload(case)
    assert case.status == "approved"
    assert case.steps.filter(action="approve").count() == 1


# --- audit ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_auditlog_records_every_step_with_its_actor(front_desk, front_desk2, manager):
    resident = make_resident(actor=front_desk)
    with acting_as(front_desk):
        case = _open(CaseKind.CHANGE, front_desk, resident=resident,
                     applicant_name="张三丰", applicant_contact="13812345678")
    with acting_as(front_desk2):
        services.case_act(case=case, action="verify", actor=front_desk2)
    with acting_as(manager):
        services.case_act(case=case, action="reject", actor=manager, reason="材料不实")

    created = LogEntry.objects.get_for_object(case).get(action=LogEntry.Action.CREATE)
    assert created.actor == front_desk
    assert "张三丰" not in str(created.changes)
    assert "13812345678" not in str(created.changes)

    status_changes = [
        (entry.actor, entry.changes["status"][1])
        for entry in LogEntry.objects.get_for_object(case)
        .filter(action=LogEntry.Action.UPDATE)
        .order_by("pk")
        if "status" in (entry.changes or {})
    ]
    assert status_changes == [(front_desk2, "verified"), (manager, "rejected")]

    for step in CaseStep.objects.filter(case=case):
        entry = LogEntry.objects.get_for_object(step).get(action=LogEntry.Action.CREATE)
        assert entry.actor == step.actor


@pytest.mark.django_db
def test_step_reasons_are_masked_in_the_change_log(front_desk):
    case = _open(CaseKind.CHANGE, front_desk)
    with acting_as(front_desk):
        case = services.case_act(
            case=case, action="reject", actor=front_desk, reason="申请人张三丰材料不实"
        )
    step = case.steps.last()
    entry = LogEntry.objects.get_for_object(step).get(action=LogEntry.Action.CREATE)
    assert "张三丰" not in str(entry.changes)
    assert step.decision_reason == "申请人张三丰材料不实"
