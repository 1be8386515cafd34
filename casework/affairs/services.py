"""Service-window affairs (AFF-2 … AFF-5, PRI-4): acceptance with the materials checklist,
the one-time notice of missing materials, full acceptance once they arrive, the receipt.

The review chain (initial review → second review when the item needs one → approval →
handling → feedback → close) is plain steps of the workflow (`casework.engine.workflows`); only the
steps that do more than change the status live here. Each service runs in one transaction,
locks the case it changes and refuses with a reason the user can read.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.cases.pdf import case_slip_print
from casework.engine.services import (
    case_open,
    lock_case,
    missing_materials,
    require_kind,
    take_step,
)
from casework.models import AffairItem, Case, CaseKind, CaseSlip, CaseSlipKind, Eligibility
from residents.access.policy import FieldPolicy
from residents.activities.kinds import eligibility_refusal
from residents.common.errors import ActionRefused
from residents.models import Resident

ACCEPTED = "accepted"
AWAITING_MATERIALS = "awaiting_materials"
# Steps that leave the case fully accepted: from then on the time limit runs.
ACCEPTING_ACTIONS = ("open", "materials_complete")
# A receipt confirms an acceptance: not for a case refused (the waiting one is refused apart).
NO_RECEIPT_STATUSES = frozenset({"rejected"})
PRINT_PERMISSION = "casework.change_case"

NOTICE_TEMPLATE = "casework/pdf/one_time_notice.html"
RECEIPT_TEMPLATE = "casework/pdf/acceptance_receipt.html"


def affair_accept(
    *,
    item: AffairItem,
    resident: Resident,
    actor,
    applicant_name: str = "",
    applicant_contact: str = "",
    details: str = "",
    received: Iterable[str] = (),
) -> Case:
    """Accept an affair at the window (AFF-2) with the item's checklist.

    With every material handed in the case is accepted and its time limit runs from today;
    otherwise it waits for the missing ones (told at once on the one-time notice).
    """
    received = list(dict.fromkeys(received))
    with transaction.atomic():
        current = AffairItem.objects.filter(pk=item.pk).first()
        if current is None or not current.is_active:
            raise ActionRefused(
                _("The affair “%(name)s” is no longer offered; choose another one.")
                % {"name": item.name}
            )
        refusal = eligibility_refusal(
            resident, registered_only=current.eligibility == Eligibility.REGISTERED,
            name=current.name,
        )
        if refusal:
            raise ActionRefused(refusal, field="archive_number")
        names = current.material_names
        unknown = [name for name in received if name not in names]
        if unknown:
            raise ActionRefused(
                _("These are not materials of “%(name)s”: %(materials)s.")
                % {"name": current.name, "materials": "、".join(unknown)}
            )
        complete = set(names) <= set(received)
        return case_open(
            kind=CaseKind.AFFAIR,
            subject=current.name,
            actor=actor,
            time_limit_days=current.time_limit_days,
            resident=resident,
            applicant_name=applicant_name,
            applicant_contact=applicant_contact,
            details=details,
            affair_item=current,
            materials=[(name, True) for name in names],
            received=received,
            status=ACCEPTED if complete else AWAITING_MATERIALS,
        )


def affair_materials_complete(*, case: Case, actor, reason: str = "") -> Case:
    """Every missing material has arrived: the case is accepted, and its time limit is counted
    again from today, since it runs from full acceptance (PRI-4)."""
    require_kind(case, CaseKind.AFFAIR)
    with transaction.atomic():
        locked = lock_case(case)
        # take_step refuses while a required material is still missing.
        # The step also counts the time limit again from today (restarts_clock).
        take_step(
            locked, action="materials_complete", actor=actor, reason=reason,
            allow_special=True,
        )
    return locked


def acceptance_date(case: Case) -> datetime.date | None:
    """The day the case was fully accepted (the last step that left it accepted)."""
    step = (
        case.steps.filter(action__in=ACCEPTING_ACTIONS, to_status=ACCEPTED)
        .order_by("-acted_at", "-pk")
        .first()
    )
    return timezone.localdate(step.acted_at) if step else None


def _item_facts(case: Case) -> dict:
    item = case.affair_item
    return {
        "item": item.name if item else case.subject,
        "legal_basis": item.legal_basis if item else "",
    }


def affair_notice_print(
    *, case: Case, actor, policy: FieldPolicy, reprint_reason: str = ""
) -> tuple[CaseSlip, bytes]:
    """The one-time notice (一次性告知单, PRI-4): every missing material, all at once."""
    require_kind(case, CaseKind.AFFAIR)
    if not actor.has_perm(PRINT_PERMISSION):
        raise ActionRefused(_("You are not allowed to print slips of a case."))
    with transaction.atomic():
        locked = lock_case(case)
        missing = missing_materials(locked)
        refusal = notice_refusal(locked, missing)
        if refusal:
            raise ActionRefused(refusal)
        content = {
            **_item_facts(locked),
            "resident_name": _resident_value(locked, policy, "name"),
            "archive_number": _resident_value(locked, policy, "archive_number"),
            "missing": missing,
        }
        return case_slip_print(
            case=locked, kind=CaseSlipKind.ONE_TIME_NOTICE, actor=actor,
            template=NOTICE_TEMPLATE, context={**content, "applicant": _applicant(locked)},
            content=content, reprint_reason=reprint_reason,
        )


def notice_refusal(case: Case, missing: list[str]) -> str | None:
    """Why the one-time notice cannot be printed now, or None (the page and the print ask)."""
    if case.status != AWAITING_MATERIALS or not missing:
        return _("Case %(number)s is not waiting for any material: there is nothing to notify.") % {
            "number": case.number
        }
    return None


def receipt_refusal(case: Case, missing: list[str]) -> str | None:
    """Why the acceptance receipt cannot be printed now, or None (the page and the print ask)."""
    if missing or case.status == AWAITING_MATERIALS:
        return _(
            "Case %(number)s is still waiting for materials: print the one-time notice "
            "instead; the receipt follows full acceptance."
        ) % {"number": case.number}
    if case.status in NO_RECEIPT_STATUSES:
        return _("Case %(number)s was not accepted: there is no receipt to print.") % {
            "number": case.number
        }
    return None


def affair_receipt_print(
    *, case: Case, actor, policy: FieldPolicy, reprint_reason: str = ""
) -> tuple[CaseSlip, bytes]:
    """The acceptance receipt (受理回执, AFF-2): what was accepted, when, and by when."""
    require_kind(case, CaseKind.AFFAIR)
    if not actor.has_perm(PRINT_PERMISSION):
        raise ActionRefused(_("You are not allowed to print slips of a case."))
    with transaction.atomic():
        locked = lock_case(case)
        refusal = receipt_refusal(locked, missing_materials(locked))
        if refusal:
            raise ActionRefused(refusal)
        accepted_on = acceptance_date(locked)
        content = {
            **_item_facts(locked),
            "resident_name": _resident_value(locked, policy, "name"),
            "archive_number": _resident_value(locked, policy, "archive_number"),
            "received": list(
                locked.materials.filter(received=True).values_list("name", flat=True)
            ),
            "accepted_on": accepted_on,
            "time_limit_days": locked.time_limit_days,
            "due_on": locked.due_on,
        }
        return case_slip_print(
            case=locked, kind=CaseSlipKind.ACCEPTANCE_RECEIPT, actor=actor,
            template=RECEIPT_TEMPLATE, context={**content, "applicant": _applicant(locked)},
            content=content, reprint_reason=reprint_reason,
        )


def _resident_value(case: Case, policy: FieldPolicy, field: str) -> str:
    # Printed as the user's policy shows it; a field the user may not see is left out.
    if not case.resident_id:
        return ""
    return policy.display_value(case.resident, field) or ""


def _applicant(case: Case) -> dict:
    return {"name": case.applicant_name, "contact": case.applicant_contact}
