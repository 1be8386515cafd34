"""Every state change of a case: open, take a step (one engine for all kinds), materials,
feedback to the applicant, return visits.

Each service runs in one transaction, locks the case row it changes, refuses with a reason
the user can read (ActionRefused), records a CaseStep (who, when, decision, reason), and is
logged by auditlog (the casework models are registered). Kind-specific services
(`change_services`, `query_services`, …) lock with `lock_case` and move with `take_step`
inside their own transaction, so their extra work and the step commit together.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework.duties.notices import result_notify
from casework.duties.rules import duty_refusal
from casework.engine import hooks
from casework.engine.numbering import case_number_next
from casework.engine.workflows import (
    CLOSED_STATUSES,
    ENTRY_STATUSES,
    KINDS_WITHOUT_APPLICANT,
    OPEN_ACTION,
    OPENING_ACTIONS,
    RECEIVE_MATERIAL_ACTION,
    WAITING_STATUSES,
    Transition,
    action_label,
    status_label,
    step_limit_field,
    step_transition,
    transition_for,
)
from casework.models import (
    NOT_SATISFIED_AT_MOST,
    AffairItem,
    Case,
    CaseChannel,
    CaseKind,
    CaseMaterial,
    CaseStep,
    ChangeItem,
    FeedbackChannel,
    ReturnVisit,
    Satisfaction,
    ServiceWindow,
)
from casework.workdays.deadlines import add_working_days
from residents.common.errors import ActionRefused
from residents.documents.services import document_store
from residents.models import Resident

MIN_TIME_LIMIT_DAYS, MAX_TIME_LIMIT_DAYS = 1, 365
RETURN_VISIT_ACTION = "return_visit"
# What a kind's own services answer when handed a case of another kind.
NOT_OF_KIND = {
    CaseKind.CHANGE: gettext_lazy("Case %(number)s is not a change request."),
    CaseKind.QUERY: gettext_lazy("Case %(number)s is not an information query request."),
    CaseKind.AFFAIR: gettext_lazy("Case %(number)s is not a service-window affair."),
    CaseKind.RECTIFICATION: gettext_lazy("Case %(number)s is not a rectification."),
}


def _today() -> datetime.date:
    return timezone.localdate()


def case_open(
    *,
    kind: str,
    subject: str,
    actor,
    time_limit_days: int,
    resident: Resident | None = None,
    applicant_name: str = "",
    applicant_contact: str = "",
    details: str = "",
    channel: str = CaseChannel.WINDOW,
    status: str = "",
    affair_item: AffairItem | None = None,
    materials: Iterable[tuple[str, bool]] = (),
    received: Iterable[str] = (),
    due_on: datetime.date | None = None,
    handler=None,
) -> Case:
    """Open a case: number, due date in working days, entry status, checklist, first step.

    `actor` is None only for the public online complaint form. `received` names the
    materials of the checklist already handed in at opening.
    """
    try:
        kind = CaseKind(kind)
    except ValueError:
        raise ActionRefused(_("Unknown kind of case.")) from None
    if actor is None:
        if kind != CaseKind.COMPLAINT or channel != CaseChannel.ONLINE:
            raise ActionRefused(_("You are not allowed to open cases."))
    elif not actor.has_perm("casework.add_case"):
        raise ActionRefused(_("You are not allowed to open cases."))
    status = status or ENTRY_STATUSES[kind][0]
    if status not in ENTRY_STATUSES[kind]:
        raise ActionRefused(_("A case of this kind cannot start there."))
    subject = subject.strip()
    if not subject:
        raise ActionRefused(_("State the subject of the case."))
    applicant_name = applicant_name.strip()
    if resident is None and kind not in {CaseKind.COMPLAINT, *KINDS_WITHOUT_APPLICANT}:
        raise ActionRefused(_("This kind of case must be opened for a registered resident."))
    if resident is None and not applicant_name and kind not in KINDS_WITHOUT_APPLICANT:
        raise ActionRefused(_("Give the applicant's name or choose a resident."))
    if not MIN_TIME_LIMIT_DAYS <= time_limit_days <= MAX_TIME_LIMIT_DAYS:
        raise ActionRefused(
            _("The time limit must be between 1 and %(max)d working days.")
            % {"max": MAX_TIME_LIMIT_DAYS}
        )
    materials = [(name.strip(), bool(required)) for name, required in materials]
    if any(not name for name, _required in materials):
        raise ActionRefused(_("Every required material needs a name."))
    received = set(received)

    with transaction.atomic():
        case = Case(
            number=case_number_next(kind),
            kind=kind,
            resident=resident,
            applicant_name=applicant_name,
            applicant_contact=applicant_contact.strip(),
            subject=subject,
            details=details.strip(),
            channel=channel,
            status=status,
            opened_by=actor,
            time_limit_days=time_limit_days,
            due_on=due_on or add_working_days(_today(), time_limit_days),
            affair_item=affair_item,
            needs_second_review=bool(affair_item and affair_item.needs_second_review),
            resident_updated_at=resident.updated_at if resident is not None else None,
            # The opener handles the case unless a manager reassigns it (AFF-7).
            handler=handler or actor,
            window=window_for(actor, affair_item),
        )
        case.step_due_on = step_due_on(case)
        case.full_clean()
        case.save()
        for name, required in materials:
            material = CaseMaterial(
                case=case, name=name, required=required, received=name in received
            )
            material.full_clean()
            material.save()
        CaseStep.objects.create(
            case=case, action=OPEN_ACTION, from_status="", to_status=case.status,
            actor=actor,
        )
    return case


def window_for(actor, item: AffairItem | None) -> ServiceWindow | None:
    """The window a case opened by `actor` belongs to (AFF-7): for an affair, the open window
    offering its item where the actor is on duty, else any open window offering it; for
    other kinds (or no such window), the first open window the actor is on duty at."""
    windows = ServiceWindow.objects.filter(is_active=True).order_by("name", "pk")
    mine = windows.filter(staff=actor) if actor is not None else windows.none()
    if item is not None:
        found = mine.filter(items=item).first() or windows.filter(items=item).first()
        if found is not None:
            return found
    return mine.first()


def step_due_on(case: Case) -> datetime.date | None:
    """When the step the case stands on is due (AFF-8): its own limit from today when the
    catalogue item sets one, never later than the case's own due date; None when the step
    has no limit of its own (the case's due date holds), waits for the applicant or the case
    is finished."""
    if case.status in CLOSED_STATUSES or case.status in WAITING_STATUSES:
        return None
    field = step_limit_field(case) if case.affair_item_id else ""
    days = getattr(case.affair_item, field, 0) if field else 0
    if not days:
        return None
    return min(add_working_days(_today(), days), case.due_on)


def _refuse_state(case: Case, action: str) -> ActionRefused:
    return ActionRefused(
        _("Case %(number)s is “%(status)s” now; it cannot take the step “%(action)s”.")
        % {
            "number": case.number,
            "status": status_label(case.status),
            "action": action_label(case.kind, action),
        }
    )


def require_kind(case: Case, kind: CaseKind) -> None:
    """A kind's own services act only on cases of that kind."""
    if case.kind != kind:
        raise ActionRefused(NOT_OF_KIND[kind] % {"number": case.number})


def lock_case(case: Case) -> Case:
    """The case row, locked for the rest of the transaction.

    The lock makes a second reviewer wait, then see the status the first one left.
    """
    return Case.objects.select_for_update().get(pk=case.pk)


def missing_materials(case: Case) -> list[str]:
    return list(
        case.materials.filter(required=True, received=False).values_list("name", flat=True)
    )


def _current_chain(steps: list[CaseStep], kind: str) -> list[CaseStep]:
    """The review steps since the case last went back to the start of its review (e.g. a
    change request re-based on the current record, an affair whose materials arrived)."""
    chain: list[CaseStep] = []
    for step in steps:
        if step.from_status == step.to_status:
            continue  # a material received, a note, a reassignment: the status stays
        transition = step_transition(kind, step.action, step.from_status)
        if transition is not None and transition.review:
            chain.append(step)
        else:
            chain = []
    return chain


def four_eyes_refusal(case: Case, transition: Transition, actor) -> ActionRefused | None:
    """Why `actor` may not take the review step `transition` of `case` (ACC-8, AFF-3), or None.

    The one four-eyes rule of every kind of case, asked by `take_step` under the case's row
    lock and by the pages, which leave the step's button out and say why. The actor of a
    review step (`Transition.review`) may be neither who took an opening step of the case
    (opened it, or entered what it asks for), nor its handler at the window, nor anyone who
    took a review step of its current review: initial review, second review and final
    approval are each a different person. So a change request passes an opener, a verifier
    and an approver, and an affair needing a second review four different people at least.
    """
    if not transition.review or actor is None or actor.pk is None:
        return None
    steps = list(case.steps.only("action", "from_status", "to_status", "actor_id").order_by("pk"))
    if case.opened_by_id == actor.pk or any(
        step.action in OPENING_ACTIONS and step.actor_id == actor.pk for step in steps
    ):
        return ActionRefused(
            _("“%(action)s” needs another member of staff: you opened case %(number)s or "
              "entered what it asks for, and nobody reviews or approves their own request.")
            % {"action": transition.label, "number": case.number}
        )
    if case.handler_id == actor.pk:
        return ActionRefused(
            _("“%(action)s” needs another member of staff: you handle case %(number)s at "
              "the window, and its reviews are someone else's.")
            % {"action": transition.label, "number": case.number}
        )
    taken = next(
        (step for step in _current_chain(steps, case.kind) if step.actor_id == actor.pk), None
    )
    if taken is None:
        return None
    previous = step_transition(case.kind, taken.action, taken.from_status)
    return ActionRefused(
        _("“%(action)s” needs another member of staff: you took the step “%(previous)s” of "
          "case %(number)s, and the next review is someone else's.")
        % {"action": transition.label, "previous": previous.label, "number": case.number}
    )


def review_refusal(case: Case, transition: Transition, actor) -> ActionRefused | None:
    """Four eyes, then the duty the step needs (the one question of the pages and the engine)."""
    return four_eyes_refusal(case, transition, actor) or duty_refusal(
        case, transition.duty, actor
    )


def take_step(
    locked: Case,
    *,
    action: str,
    actor,
    reason: str = "",
    permission: str = "",
    allow_special: bool = False,
) -> Transition:
    """Move a locked case along one transition of its workflow and record the step.

    `permission` is asked on top of the transition's own (e.g. a manager for a change of
    comprehensive information). Call inside a transaction, on a case from `lock_case`.
    """
    reason = reason.strip()
    transition = transition_for(locked, action)
    if transition is None or (transition.special and not allow_special):
        raise _refuse_state(locked, action)
    for needed in filter(None, (transition.permission, permission)):
        if not actor.has_perm(needed):
            raise ActionRefused(
                _("You are not allowed to take the step “%(action)s” on this case.")
                % {"action": transition.label}
            )
    refused = review_refusal(locked, transition, actor)
    if refused is not None:
        raise refused
    if transition.needs_reason and not reason:
        raise ActionRefused(
            _("The step “%(action)s” needs a reason: state it in a few words.")
            % {"action": transition.label}
        )
    if transition.requires_materials:
        missing = missing_materials(locked)
        if missing:
            raise ActionRefused(
                _("Required materials are still missing: %(materials)s.")
                % {"materials": "、".join(missing)}
            )

    from_status = locked.status
    locked.status = transition.target
    fields = ["status"]
    if transition.restarts_clock:
        locked.due_on = add_working_days(_today(), locked.time_limit_days)
        fields.append("due_on")
    locked.step_due_on = step_due_on(locked)
    fields.append("step_due_on")
    if transition.target in CLOSED_STATUSES:
        locked.closed_at = timezone.now()
        fields.append("closed_at")
        # A finished change request no longer holds its fields (one open request per field).
        ChangeItem.objects.filter(case=locked, is_open=True).update(is_open=False)
    elif locked.closed_at is not None:
        locked.closed_at = None
        fields.append("closed_at")
    locked.full_clean()
    locked.save(update_fields=fields)
    CaseStep.objects.create(
        case=locked,
        action=transition.action,
        from_status=from_status,
        to_status=transition.target,
        decision_reason=reason,
        actor=actor,
    )
    # The approval result goes back to the window handler (AFF-8).
    result_notify(locked, transition.action, actor)
    if transition.target in CLOSED_STATUSES:
        hooks.case_closed(locked)
    return transition


def case_act(*, case: Case, action: str, actor, reason: str = "") -> Case:
    """Take one plain step (action and reason only); two people cannot both succeed."""
    with transaction.atomic():
        locked = lock_case(case)
        take_step(locked, action=action, actor=actor, reason=reason)
    return locked


def case_material_receive(
    *, case: Case, material: CaseMaterial, actor, scan: bytes | None = None,
    scan_groups: tuple[str, ...] = ("basic",),
) -> CaseMaterial:
    """Tick one material of the checklist as received, with its scan if one is given (kept in
    the document store, opened by those whose policy covers `scan_groups`), and record the
    step."""
    if not actor.has_perm("casework.change_case"):
        raise ActionRefused(_("You are not allowed to record materials of a case."))
    with transaction.atomic():
        locked = lock_case(case)
        item = CaseMaterial.objects.select_for_update().filter(pk=material.pk, case=locked).first()
        if item is None:
            raise ActionRefused(_("This material does not belong to the case."))
        if locked.status in CLOSED_STATUSES:
            raise ActionRefused(
                _("Case %(number)s is finished; its materials cannot change.")
                % {"number": locked.number}
            )
        if item.received:
            raise ActionRefused(
                _("The material “%(name)s” was already received.") % {"name": item.name}
            )
        item.received = True
        if scan:
            item.document = document_store(
                data=scan, kind="case_material", uploaded_by=actor, resident=locked.resident,
                field_groups=scan_groups,
            )
        item.save(update_fields=["received", "document"])
        CaseStep.objects.create(
            case=locked,
            action=RECEIVE_MATERIAL_ACTION,
            from_status=locked.status,
            to_status=locked.status,
            decision_reason=item.name,
            actor=actor,
        )
    return item


def case_feedback(*, case: Case, channel: str, text: str, actor) -> Case:
    """Tell the applicant the result (AFF-5, CMP-2) and record by which channel."""
    text = text.strip()
    if channel not in FeedbackChannel.values:
        raise ActionRefused(_("Choose how the applicant was told: phone, text message or pick-up."))
    if not text:
        raise ActionRefused(_("Write down what the applicant was told."))
    with transaction.atomic():
        locked = lock_case(case)
        take_step(
            locked, action="give_feedback", actor=actor,
            reason=f"{FeedbackChannel(channel).label}：{text}", allow_special=True,
        )
        locked.feedback_channel = channel
        locked.feedback_text = text
        locked.full_clean()
        locked.save(update_fields=["feedback_channel", "feedback_text"])
    return locked


def complaint_escalate(*, case: Case, department: str, reason: str, actor) -> Case:
    """Escalate a complaint under investigation to a department (QRY-2); the case stays open."""
    department = department.strip()
    if not department:
        raise ActionRefused(_("Name the department the complaint is escalated to."))
    with transaction.atomic():
        locked = lock_case(case)
        take_step(
            locked, action="escalate", actor=actor,
            reason=f"{department}：{reason.strip()}" if reason.strip() else "",
            allow_special=True,
        )
        locked.escalated_to = department
        locked.full_clean()
        locked.save(update_fields=["escalated_to"])
    return locked


def awaits_return_visit(case: Case) -> bool:
    return Case.objects.filter(pk=case.pk).awaiting_return_visit().exists()


def return_visit_record(*, case: Case, satisfaction: int, comment: str, actor) -> ReturnVisit:
    """Record the applicant's satisfaction (AFF-6); for a complaint it decides the next step:
    satisfied closes the case, not satisfied reopens it for handling again (CMP-2)."""
    if not actor.has_perm("casework.handle_case"):
        raise ActionRefused(_("You are not allowed to record return visits."))
    if satisfaction not in Satisfaction.values:
        raise ActionRefused(_("Choose the applicant's satisfaction."))
    comment = comment.strip()
    not_satisfied = satisfaction <= NOT_SATISFIED_AT_MOST
    if not_satisfied and not comment:
        raise ActionRefused(_("Write down why the applicant is not satisfied."))
    with transaction.atomic():
        locked = lock_case(case)
        if not awaits_return_visit(locked):
            raise ActionRefused(
                _("Case %(number)s is not waiting for a return visit.")
                % {"number": locked.number}
            )
        visit = ReturnVisit(
            case=locked, satisfaction=satisfaction, comment=comment, visited_by=actor
        )
        visit.full_clean()
        visit.save()
        label = Satisfaction(satisfaction).label
        note = f"{label}：{comment}" if comment else str(label)
        if locked.kind == CaseKind.COMPLAINT:
            take_step(
                locked, action="reopen" if not_satisfied else "close", actor=actor,
                reason=note, allow_special=True,
            )
        else:
            CaseStep.objects.create(
                case=locked, action=RETURN_VISIT_ACTION, from_status=locked.status,
                to_status=locked.status, decision_reason=note, actor=actor,
            )
    return visit
