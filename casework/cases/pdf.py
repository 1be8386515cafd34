"""Printed casework slips: the record of each print and the PDF rendering.

Every print is a CaseSlip row (who, when, which case, a content hash, a short verification
code printed on the paper), recorded and rendered by `residents.common.pdf`; the templates
extend `casework/pdf/slip_base.html`. What a slip shows is decided by the kind's own service.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.models import Case, CaseSlip, CaseSlipKind
from residents.access.masking import mask_name
from residents.common.errors import ActionRefused
from residents.common.pdf import (
    VerifiedPrint,
    content_hash,
    print_record_create,
    render_pdf,
    reprint_reason_checked,
)
from residents.common.validation import refuse_future


def case_slip_print(
    *, case: Case, kind: str, actor, template: str, context: dict, content,
    reprint_reason: str = "",
) -> tuple[CaseSlip, bytes]:
    """Record one print of a slip of the case and render it.

    `content` is what the slip says (hashed into the record); `context` feeds the template,
    which also gets the case, the slip, the centre's name and the printing time. A second
    print of the same kind of slip (a jammed printer, a spoilt copy) needs its reason, kept on
    the print record and so in the audit log.
    """
    earlier = CaseSlip.objects.filter(case=case, kind=kind).exists()
    reason = reprint_reason_checked(earlier=earlier, reason=reprint_reason)
    # A print that fails to render leaves no record behind.
    with transaction.atomic():
        slip = print_record_create(
            model=CaseSlip,
            fields={
                "case": case,
                "kind": kind,
                "printed_by": actor,
                "content_hash": content_hash(
                    {"case": case.number, "kind": kind, "content": content}
                ),
                "reprint_reason": reason,
            },
        )
        pdf = render_pdf(
            template=template,
            context={
                **context,
                "case": case,
                "slip": slip,
                "printed_at": timezone.localtime(slip.printed_at),
            },
        )
    return slip, pdf


def case_slip_mark_signed(*, slip: CaseSlip, actor, signed_on: datetime.date) -> CaseSlip:
    """Record that the applicant signed the printed slip (UPD-4).

    A signed update confirmation slip finishes its approved change request.
    """
    from casework.engine.services import lock_case, take_step

    if not actor.has_perm("casework.change_case"):
        raise ActionRefused(_("You are not allowed to record signatures on case slips."))
    refuse_future(signed_on, field="signed_on")
    with transaction.atomic():
        locked = CaseSlip.objects.select_for_update().get(pk=slip.pk)
        if locked.signed_on is not None:
            raise ActionRefused(_("This slip is already recorded as signed."))
        locked.signed_on = signed_on
        locked.signed_recorded_by = actor
        locked.signed_recorded_at = timezone.now()
        locked.full_clean()
        locked.save(update_fields=["signed_on", "signed_recorded_by", "signed_recorded_at"])
        if locked.kind == CaseSlipKind.UPDATE_CONFIRMATION:
            case = lock_case(locked.case)
            if case.status == "approved":
                take_step(
                    case, action="close", actor=actor, allow_special=True,
                    reason=_("Update confirmation slip %(code)s signed")
                    % {"code": locked.verification_code},
                )
    return locked


def case_slip_filename(slip: CaseSlip) -> str:
    # Case number and code only: a filename must not carry a name or an ID number.
    return f"{slip.kind}-{slip.case.number}-{slip.verification_code}.pdf"


def case_slip_lookup(code: str) -> VerifiedPrint | None:
    """A casework slip as the public verification page shows it (REG-11): its kind, the case
    number, the day printed and the resident's (or applicant's) masked name."""
    slip = CaseSlip.objects.select_related("case__resident").filter(
        verification_code=code
    ).first()
    if slip is None:
        return None
    case = slip.case
    name = case.resident.name if case.resident_id else getattr(case, "applicant_name", "")
    return VerifiedPrint(
        kind=str(slip.get_kind_display()),
        number=case.number,
        printed_on=timezone.localdate(slip.printed_at),
        masked_name=mask_name(name) or "—",
    )
