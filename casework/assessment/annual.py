"""The annual evaluation report (SUP-2, SUP-9): the dashboard's charts for the year, residents'
feedback (surveys, return visits, complaints by category), inspection findings and the
rectifications opened, and the managers' improvement proposals. Figures and work records only:
no resident is named, and survey free texts stay out.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from casework.complaints.services import TYPE_MARKS, ComplaintType
from casework.engine.workflows import status_label
from casework.models import (
    AnnualProposal,
    Case,
    CaseChannel,
    CaseKind,
    FindingResult,
    Inspection,
)
from casework.surveys.selectors import question_summary, return_visit_summary
from residents.dashboards.periods import YEAR, Period
from residents.dashboards.presentation import dashboard

# Rectifications are cases of this kind (SUP-5); counted by the code so the report lists them
# as soon as the kind exists, and none before.
RECTIFICATION_KIND = "rectification"


def complaint_categories(start, end) -> list[tuple[str, int]]:
    """Complaints registered in [start, end) by type and by channel."""
    suggestion = Q(subject__startswith=TYPE_MARKS[ComplaintType.SUGGESTION])
    channels = (CaseChannel.WINDOW, CaseChannel.HOTLINE, CaseChannel.ONLINE)
    counts = Case.objects.order_by().filter(
        kind=CaseKind.COMPLAINT, opened_at__gte=start, opened_at__lt=end
    ).aggregate(
        complaint=Count("pk", filter=~suggestion),
        suggestion=Count("pk", filter=suggestion),
        **{channel.value: Count("pk", filter=Q(channel=channel)) for channel in channels},
    )
    return [
        (str(ComplaintType.COMPLAINT.label), counts["complaint"]),
        (str(ComplaintType.SUGGESTION.label), counts["suggestion"]),
        *[(str(channel.label), counts[channel.value]) for channel in channels],
    ]


def inspections(year: int) -> list[dict]:
    found = (
        Inspection.objects.filter(year=year)
        .annotate(problems=Count("findings", filter=Q(findings__result=FindingResult.PROBLEM)))
        .prefetch_related("findings").order_by("inspected_on", "pk")
    )
    return [
        {
            "inspection": inspection,
            "problems": [f for f in inspection.findings.all()
                         if f.result == FindingResult.PROBLEM],
        }
        for inspection in found
    ]


def rectifications(start, end) -> list[dict]:
    rows = (
        Case.objects.order_by("opened_at", "pk")
        .filter(kind=RECTIFICATION_KIND, opened_at__gte=start, opened_at__lt=end)
        .values("number", "subject", "status", "due_on", "closed_at")
    )
    return [{**row, "status_label": status_label(row["status"])} for row in rows]


def report(user, year: int) -> dict:
    period = Period.containing(YEAR, datetime.date(year, 1, 1))
    start, end = period.bounds()
    proposals = AnnualProposal.objects.filter(year=year).first()
    return {
        "year": year,
        "period": period,
        "dashboard": dashboard(user, period),
        "surveys": [
            {key: row[key] for key in ("question", "answered", "average", "levels", "yes", "no")
             if key in row}
            for row in question_summary(start, end)
        ],
        "visits": return_visit_summary(start, end),
        "complaints": complaint_categories(start, end),
        "inspections": inspections(year),
        "rectifications": rectifications(start, end),
        "proposals": proposals,
        "today": timezone.localdate(),
    }
