"""Registration confirmation slips (REG-5): what goes on them, and the PDF rendering.

A slip shows each field as the printing user may see it (`FieldPolicy.display_value`), so a
front-desk print carries the masked ID number and phone, never the full ones.
"""

from __future__ import annotations

import hashlib
import json
import secrets

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from residents.access.fields import SLIP_FIELDS
from residents.access.policy import FieldPolicy
from residents.models import Resident, Slip
from residents.people.presentation import display_rows

# Letters and digits that cannot be misread on paper (no 0/O, 1/I/L).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8

def new_verification_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def slip_rows(resident: Resident, policy: FieldPolicy) -> list[tuple[str, str]]:
    """(label, value) for every field the printing user may see, in slip order."""
    return display_rows(resident, policy, SLIP_FIELDS)


def content_hash(resident: Resident, rows: list[tuple[str, str]]) -> str:
    payload = json.dumps(
        {"archive_number": resident.archive_number, "rows": rows},
        ensure_ascii=False,
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def render_registration_slip(
    *, resident: Resident, slip: Slip, rows: list[tuple[str, str]]
) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "residents/pdf/registration_slip.html",
        {
            "centre_name": settings.CENTRE_NAME,
            "resident": resident,
            "slip": slip,
            "rows": rows,
            "printed_at": timezone.localtime(slip.printed_at),
        },
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def slip_filename(resident: Resident, slip: Slip) -> str:
    # Archive number and code only: a filename must not carry a name or an ID number.
    return f"slip-{resident.archive_number or resident.pk}-{slip.verification_code}.pdf"
