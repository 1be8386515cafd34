"""Case numbers: readable, per kind and year, sequential without gaps (BG-2026-000001).

The kind's counter is `residents.common.numbering.year_counter_next`, taken inside the opening
transaction like resident archive numbers.
"""

from __future__ import annotations

from django.utils import timezone

from casework.models import CaseKind, CaseSequence
from residents.common.numbering import year_counter_next

PREFIXES: dict[CaseKind, str] = {
    CaseKind.CHANGE: "BG",
    CaseKind.QUERY: "CX",
    CaseKind.AFFAIR: "SX",
    CaseKind.COMPLAINT: "TS",
    CaseKind.RECTIFICATION: "ZG",
}


def format_case_number(kind: str, year: int, number: int) -> str:
    return f"{PREFIXES[CaseKind(kind)]}-{year}-{number:06d}"


def case_number_next(kind: str) -> str:
    kind = CaseKind(kind)
    year = timezone.localdate().year
    return format_case_number(
        kind, year, year_counter_next(model=CaseSequence, year=year, kind=kind)
    )
