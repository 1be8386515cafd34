"""Every state change of a case: open, act (one engine for all kinds), receive a material.

Each service runs in one transaction, locks the case row it changes, refuses with a reason
the user can read (ActionRefused), records a CaseStep (who, when, decision, reason), and is
logged by auditlog (Case, CaseStep and CaseMaterial are registered models).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.models import Case, CaseKind, CaseMaterial, CaseStep
from casework.numbering import case_number_next
from casework.workflows import (
    CLOSED_STATUSES,
    INITIAL_STATUS,
    OPEN_ACTION,
    RECEIVE_MATERIAL_ACTION,
    action_label,
    status_label,
    transition_for,
)
from casework.working_days import add_working_days
from residents.errors import ActionRefused
from residents.models import Resident

MAX_TIME_LIMIT_DAYS = 365


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
    materials: Iterable[tuple[str, bool]] = (),
) -> Case:
    """Open a case: number, due date in working days, initial status, checklist, first step."""
    try:
        kind = CaseKind(kind)
    except ValueError:
        raise ActionRefused(_("Unknown kind of case.")) from None
    if not actor.has_perm("casework.add_case"):
        raise ActionRefused(_("You are not allowed to open cases."))
    subject = subject.strip()
    if not subject:
        raise ActionRefused(_("State the subject of the case."))
    applicant_name = applicant_name.strip()
    if resident is None and kind != CaseKind.COMPLAINT:
        raise ActionRefused(_("This kind of case must be opened for a registered resident."))
    if resident is None and not applicant_name:
        raise ActionRefused(_("Give the applicant's name or choose a resident."))
    if not 0 < time_limit_days <= MAX_TIME_LIMIT_DAYS:
        raise ActionRefused(
            _("The time limit must be between 1 and %(max)d working days.")
            % {"max": MAX_TIME_LIMIT_DAYS}
        )
    materials = [(name.strip(), bool(required)) for name, required in materials]
    if any(not name for name, _required in materials):
        raise ActionRefused(_("Every required material needs a name."))

    with transaction.atomic():
        case = Case(
            number=case_number_next(kind),
            kind=kind,
            resident=resident,
            applicant_name=applicant_name,
            applicant_contact=applicant_contact.strip(),
            subject=subject,
            status=INITIAL_STATUS[kind],
            opened_by=actor,
            time_limit_days=time_limit_days,
            due_on=add_working_days(_today(), time_limit_days),
        )
        case.full_clean()
        case.save()
        for name, required in materials:
            material = CaseMaterial(case=case, name=name, required=required)
            material.full_clean()
            material.save()
        CaseStep.objects.create(
            case=case, action=OPEN_ACTION, from_status="", to_status=case.status, actor=actor
        )
    return case


def _refuse_state(case: Case, action: str) -> ActionRefused:
    return ActionRefused(
        _("Case %(number)s is “%(status)s” now; it cannot take the step “%(action)s”.")
        % {
            "number": case.number,
            "status": status_label(case.status),
            "action": action_label(case.kind, action),
        }
    )


def case_act(*, case: Case, action: str, actor, reason: str = "") -> Case:
    """Take one step of the case's workflow; two people on the same step cannot both succeed."""
    reason = reason.strip()
    with transaction.atomic():
        # The lock makes a second reviewer wait, then see the status the first one left.
        locked = Case.objects.select_for_update().get(pk=case.pk)
        transition = transition_for(locked.kind, locked.status, action)
        if transition is None:
            raise _refuse_state(locked, action)
        if not actor.has_perm(transition.permission):
            raise ActionRefused(
                _("You are not allowed to take the step “%(action)s” on a case.")
                % {"action": transition.label}
            )
        if transition.needs_reason and not reason:
            raise ActionRefused(
                _("The step “%(action)s” needs a reason: state it in a few words.")
                % {"action": transition.label}
            )
        if transition.requires_materials:
            missing = list(
                locked.materials.filter(required=True, received=False).values_list(
                    "name", flat=True
                )
            )
            if missing:
                raise ActionRefused(
                    _("Required materials are still missing: %(materials)s.")
                    % {"materials": "、".join(missing)}
                )

        from_status = locked.status
        locked.status = transition.target
        fields = ["status"]
        if transition.target in CLOSED_STATUSES:
            locked.closed_at = timezone.now()
            fields.append("closed_at")
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
    return locked


def case_material_receive(*, case: Case, material: CaseMaterial, actor) -> CaseMaterial:
    """Tick one material of the checklist as received, and record the step."""
    if not actor.has_perm("casework.change_case"):
        raise ActionRefused(_("You are not allowed to record materials of a case."))
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
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
        item.save(update_fields=["received"])
        CaseStep.objects.create(
            case=locked,
            action=RECEIVE_MATERIAL_ACTION,
            from_status=locked.status,
            to_status=locked.status,
            decision_reason=item.name,
            actor=actor,
        )
    return item
