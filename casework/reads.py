"""Read logging of case pages and prints: the cases' residents (with the field groups shown)
and, for cases without a resident, the case itself (its applicant is personal data too).
One INSERT per model, however long the list."""

from __future__ import annotations

from casework.models import Case
from residents.access import FieldPolicy
from residents.audit import record_reads

APPLICANT_GROUP = "case_applicant"


def record_case_reads(
    request, cases: list[Case], policies: dict[int, FieldPolicy], *, purpose: str,
    extra: dict | None = None,
) -> None:
    residents = list({c.resident.pk: c.resident for c in cases if c.resident_id}.values())
    if residents:
        groups = {g for r in residents for g in policies[r.pk].shown_groups()}
        record_reads(
            actor=request.user, residents=residents, field_groups=groups, purpose=purpose,
            request=request, extra=extra,
        )
    anonymous = [c for c in cases if not c.resident_id]
    if anonymous:
        record_reads(
            actor=request.user, residents=anonymous, field_groups=[APPLICANT_GROUP],
            purpose=purpose, request=request, extra=extra,
        )
