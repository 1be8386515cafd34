"""Registration confirmation slips (REG-5): what goes on them, and their PDF.

A slip shows each field as the printing user may see it (`FieldPolicy.display_value`), so a
front-desk print carries the masked ID number and phone, never the full ones.
"""

from __future__ import annotations

from django.utils import timezone

from residents.access.fields import SLIP_FIELDS
from residents.access.masking import mask_name
from residents.access.policy import FieldPolicy
from residents.common.pdf import VerifiedPrint, content_hash, render_pdf, render_pdf_batch
from residents.models import Resident, Slip
from residents.people.presentation import display_rows

SLIP_TEMPLATE = "residents/pdf/registration_slip.html"


def slip_rows(resident: Resident, policy: FieldPolicy) -> list[tuple[str, str]]:
    """(label, value) for every field the printing user may see, in slip order."""
    return display_rows(resident, policy, SLIP_FIELDS)


def slip_field_groups(policy: FieldPolicy) -> list[str]:
    """The field groups a registration slip printed by this user shows in full."""
    return policy.groups_shown_in_full(SLIP_FIELDS)


def slip_content_hash(resident: Resident, rows: list[tuple[str, str]]) -> str:
    return content_hash({"archive_number": resident.archive_number, "rows": rows})


def render_registration_slip(
    *, resident: Resident, slip: Slip, rows: list[tuple[str, str]]
) -> bytes:
    return render_pdf(
        template=SLIP_TEMPLATE,
        context={
            "resident": resident,
            "slip": slip,
            "rows": rows,
            "printed_at": timezone.localtime(slip.printed_at),
        },
    )


def render_registration_slips(
    *, printed: list[tuple[Resident, Slip, list[tuple[str, str]]]]
) -> bytes:
    """Many slips as one PDF (a batch print), each from a new page."""
    return render_pdf_batch(
        template=SLIP_TEMPLATE,
        contexts=[
            {
                "resident": resident,
                "slip": slip,
                "rows": rows,
                "printed_at": timezone.localtime(slip.printed_at),
            }
            for resident, slip, rows in printed
        ],
    )


def slip_filename(resident: Resident, slip: Slip) -> str:
    # Archive number and code only: a filename must not carry a name or an ID number.
    return f"slip-{resident.archive_number or resident.pk}-{slip.verification_code}.pdf"


def slip_lookup(code: str) -> VerifiedPrint | None:
    """A registration slip as the public verification page shows it (REG-11)."""
    slip = Slip.objects.select_related("resident").filter(verification_code=code).first()
    if slip is None:
        return None
    return VerifiedPrint(
        kind=str(slip.get_kind_display()),
        number=slip.resident.archive_number or "—",
        printed_on=timezone.localdate(slip.printed_at),
        masked_name=mask_name(slip.resident.name),
    )
