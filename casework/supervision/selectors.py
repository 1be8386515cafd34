"""Reads of the supervision records; every page checks its view permission first."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from casework.models import (
    AccountabilityRecord,
    ChecklistItem,
    FindingResult,
    Inspection,
    InspectionKind,
)
from casework.supervision.services import quarter_of


def inspections():
    return (
        Inspection.objects.select_related("recorded_by")
        .prefetch_related("findings")
        .annotate(problem_count=Count("findings", filter=Q(findings__result=FindingResult.PROBLEM)))
        .order_by("-inspected_on", "-pk")
    )


def active_checklist():
    return ChecklistItem.objects.filter(active=True)


def accountability_records():
    return AccountabilityRecord.objects.select_related("staff_member", "recorded_by")


def quarterly_inspection_due(today: datetime.date | None = None) -> tuple[int, int] | None:
    """The current quarter when it has no quarterly inspection yet (shown on the work lists)."""
    year, quarter = quarter_of(today or timezone.localdate())
    done = Inspection.objects.filter(
        kind=InspectionKind.QUARTERLY, year=year, quarter=quarter
    ).exists()
    return None if done else (year, quarter)
