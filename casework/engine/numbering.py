"""Case numbers: readable, per kind and year, sequential without gaps (BG-2026-000001).

Like resident archive numbers, the counter row of the kind and year is locked for the rest
of the opening transaction: concurrent openings queue up, and a rolled-back opening gives
its number back.
"""

from __future__ import annotations

from django.db import connection, transaction
from django.utils import timezone

from casework.models import CaseKind, CaseSequence

PREFIXES: dict[CaseKind, str] = {
    CaseKind.CHANGE: "BG",
    CaseKind.QUERY: "CX",
    CaseKind.AFFAIR: "SX",
    CaseKind.COMPLAINT: "TS",
}


def format_case_number(kind: str, year: int, number: int) -> str:
    return f"{PREFIXES[CaseKind(kind)]}-{year}-{number:06d}"


def case_number_next(kind: str) -> str:
    if not connection.in_atomic_block:
        raise RuntimeError("case numbers are taken inside the opening transaction")
    kind = CaseKind(kind)
    year = timezone.localdate().year
    # INSERT … ON CONFLICT DO NOTHING: no race between two first openings of the year.
    CaseSequence.objects.bulk_create(
        [CaseSequence(kind=kind, year=year, last_number=0)], ignore_conflicts=True
    )
    with transaction.atomic():
        sequence = CaseSequence.objects.select_for_update().get(kind=kind, year=year)
        sequence.last_number += 1
        sequence.save(update_fields=["last_number"])
    return format_case_number(kind, year, sequence.last_number)
