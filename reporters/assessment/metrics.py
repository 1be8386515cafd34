"""The data behind a half-yearly assessment (REP-8), counted in SQL: reports per week, the
share of weeks with the routine report on time, emergency written reports within the hour,
the share of reviews returning a report, loops closed and residents' satisfaction."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Count, DateTimeField, ExpressionWrapper, F, Q
from django.db.models.functions import TruncWeek
from django.utils import timezone

from reporters.models import EmergencyCall, Report, ReportEvaluation, ReportReview, ReportStatus
from reporters.weekly.services import week_bounds


def half_bounds(year: int, half: int) -> tuple[datetime.datetime, datetime.datetime]:
    zone = timezone.get_current_timezone()
    start = datetime.datetime(year, 1 if half == 1 else 7, 1, tzinfo=zone)
    end = datetime.datetime(year, 7, 1, tzinfo=zone) if half == 1 else datetime.datetime(
        year + 1, 1, 1, tzinfo=zone
    )
    return start, end


def _due_offset() -> datetime.timedelta:
    start, due = week_bounds()
    return due - start


def _weeks_due(start: datetime.datetime, end: datetime.datetime, began: datetime.date) -> int:
    """Weeks of the period, after the reporter began, whose routine report fell due by `end`."""
    offset = _due_offset()
    monday = start.date() - datetime.timedelta(days=start.weekday())
    count = 0
    zone = timezone.get_current_timezone()
    while True:
        week = datetime.datetime.combine(monday, datetime.time(0, 0), tzinfo=zone)
        due = week + offset
        if due > end:
            return count
        if due >= start and monday >= began - datetime.timedelta(days=began.weekday()):
            count += 1
        monday += datetime.timedelta(days=7)


def _share(part: int, whole: int) -> float | None:
    return None if not whole else round(100 * part / whole, 1)


def metrics_of(
    *, reporter_id: int, began: datetime.date, year: int, half: int,
    now: datetime.datetime | None = None,
) -> dict:
    """The metrics of the half-year (up to now, while it lasts)."""
    start, end = half_bounds(year, half)
    until = min(end, now or timezone.now())
    in_half = Q(first_submitted_at__gte=start, first_submitted_at__lt=until)
    reports = Report.objects.filter(author_id=reporter_id)
    counts = reports.aggregate(
        submitted=Count("pk", filter=in_half),
        approved=Count("pk", filter=in_half & Q(status__in=[
            ReportStatus.APPROVED, ReportStatus.HANDLED, ReportStatus.CLOSED,
        ])),
        closed=Count("pk", filter=in_half & Q(status=ReportStatus.CLOSED)),
    )
    on_time_weeks = (
        reports.filter(in_half)
        .annotate(week=TruncWeek("first_submitted_at"))
        .annotate(due=ExpressionWrapper(F("week") + _due_offset(), output_field=DateTimeField()))
        .filter(first_submitted_at__lte=F("due"))
        .values("week").distinct().count()
    )
    reviews = ReportReview.objects.filter(
        report__author_id=reporter_id, reviewed_at__gte=start, reviewed_at__lt=until
    ).aggregate(total=Count("pk"), returned=Count("pk", filter=Q(approved=False)))
    calls = EmergencyCall.objects.filter(
        reporter_id=reporter_id, called_at__gte=start, called_at__lt=until
    ).aggregate(
        total=Count("pk"),
        in_time=Count("pk", filter=Q(written_at__isnull=False,
                                     written_at__lte=F("written_due_at"))),
    )
    evaluations = ReportEvaluation.objects.filter(
        report__author_id=reporter_id, recorded_at__gte=start, recorded_at__lt=until
    ).aggregate(total=Count("pk"), satisfied=Count("pk", filter=Q(satisfied=True)))
    weeks = _weeks_due(start, until, began)
    return {
        "reports_submitted": counts["submitted"],
        "reports_per_week": float(round(Decimal(counts["submitted"]) / max(weeks, 1), 2)),
        "weeks_due": weeks,
        "weeks_on_time": on_time_weeks,
        "on_time_share": _share(on_time_weeks, weeks),
        "emergencies": calls["total"],
        "emergencies_in_time_share": _share(calls["in_time"], calls["total"]),
        "reviews": reviews["total"],
        "rejection_share": _share(reviews["returned"], reviews["total"]),
        "loops_closed": counts["closed"],
        "loops_closed_share": _share(counts["closed"], counts["approved"]),
        "evaluations": evaluations["total"],
        "satisfaction_share": _share(evaluations["satisfied"], evaluations["total"]),
    }
