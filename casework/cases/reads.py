"""Read logging of case pages and prints: the cases' residents (with the field groups shown)
and, for cases without a resident, the case itself (its applicant is personal data too).
One INSERT per model, however long the list."""

from __future__ import annotations

from collections.abc import Iterable

from casework.models import Case
from residents.audit.log import record_reads

APPLICANT_GROUP = "case_applicant"


def record_case_reads(
    request, cases: list[Case], field_groups: Iterable[str], *, purpose: str,
    extra: dict | None = None,
) -> None:
    """`field_groups`: what the page shows of the residents (a list row: the basic group)."""
    residents = list({c.resident.pk: c.resident for c in cases if c.resident_id}.values())
    if residents:
        record_reads(
            actor=request.user, residents=residents, field_groups=field_groups,
            purpose=purpose, request=request, extra=extra,
        )
    anonymous = [c for c in cases if not c.resident_id]
    if anonymous:
        record_reads(
            actor=request.user, residents=anonymous, field_groups=[APPLICANT_GROUP],
            purpose=purpose, request=request, extra=extra,
        )
