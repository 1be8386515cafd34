"""Casework's dashboard panels (SUP-4), registered in residents' panel registry from
CaseworkConfig.ready(): cases opened and closed, on time, overdue, working days taken,
satisfaction from return visits, complaints by category and escalations.

Each `count` is one aggregate query over every case (a dashboard counts the whole centre's
work, not what one user may open); no applicant or resident detail leaves it.
"""

from __future__ import annotations

from functools import cache
from urllib.parse import urlencode

from django.conf import settings
from django.db import connections
from django.db.models import Avg, Count, F, Q
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework.complaints.services import TYPE_MARKS, ComplaintType
from casework.engine.workflows import CLOSED_STATUSES, WAITING_STATUSES
from casework.models import (
    CalendarDay,
    Case,
    CaseChannel,
    CaseKind,
    CaseStep,
    ReturnVisit,
    Satisfaction,
)
from config.database_replica import read_alias
from residents.dashboards.periods import Period
from residents.dashboards.registry import (
    CASES,
    DAYS,
    PERCENT,
    SCORE,
    Panel,
    Row,
    dashboard_panel,
)

ESCALATE_ACTION = "escalate"


@cache
def _case_list_path() -> str:
    return reverse("casework:case_list")


def _case_list(user, **params) -> str | None:
    if not user.has_perm("casework.view_case"):
        return None
    query = urlencode({k: v for k, v in params.items() if v})
    return _case_list_path() + (f"?{query}" if query else "")


def _cases():
    return Case.objects.order_by()


def _kind_rows(prefix: str = "", template=None) -> list[Row]:
    rows = []
    for kind in CaseKind:
        label = template % {"kind": kind.label} if template else kind.label
        rows.append(Row(f"{prefix}{kind.value}", label))
    return rows


def _count_flow(period: Period) -> dict:
    start, end = period.bounds()
    aggregates = {}
    for kind in CaseKind.values:
        aggregates[f"opened:{kind}"] = Count(
            "pk", filter=Q(kind=kind, opened_at__gte=start, opened_at__lt=end)
        )
        aggregates[f"closed:{kind}"] = Count(
            "pk", filter=Q(kind=kind, closed_at__gte=start, closed_at__lt=end)
        )
    return _cases().filter(
        Q(opened_at__gte=start, opened_at__lt=end) | Q(closed_at__gte=start, closed_at__lt=end)
    ).aggregate(**aggregates)


def _flow_rows(period: Period) -> list[Row]:
    rows = []
    for kind in CaseKind:
        rows.append(Row(f"opened:{kind.value}", _("%(kind)s: opened") % {"kind": _short(kind)}))
        rows.append(Row(f"closed:{kind.value}", _("%(kind)s: finished") % {"kind": _short(kind)}))
    return rows


_SHORT = {
    CaseKind.CHANGE: gettext_lazy("Changes"),
    CaseKind.QUERY: gettext_lazy("Queries"),
    CaseKind.AFFAIR: gettext_lazy("Affairs"),
    CaseKind.COMPLAINT: gettext_lazy("Complaints"),
    CaseKind.RECTIFICATION: gettext_lazy("Rectifications"),
}


def _short(kind) -> str:
    return str(_SHORT[CaseKind(kind)])


def _count_on_time(period: Period) -> dict:
    start, end = period.bounds()
    on_time = Q(closed_date__lte=F("due_on"))
    aggregates = {"all": Count("pk"), "all_on_time": Count("pk", filter=on_time)}
    for kind in CaseKind.values:
        aggregates[kind] = Count("pk", filter=Q(kind=kind))
        aggregates[f"{kind}_on_time"] = Count("pk", filter=Q(kind=kind) & on_time)
    counts = (
        _cases().filter(closed_at__gte=start, closed_at__lt=end)
        .annotate(closed_date=TruncDate("closed_at"))
        .aggregate(**aggregates)
    )
    return {
        key: round(100 * counts[f"{key}_on_time"] / counts[key], 1) if counts[key] else None
        for key in ["all", *CaseKind.values]
    }


def _count_overdue(period: Period) -> dict:
    today = timezone.localdate()
    running = _cases().exclude(status__in=CLOSED_STATUSES | WAITING_STATUSES)
    return running.filter(due_on__lt=today).aggregate(
        **{kind: Count("pk", filter=Q(kind=kind)) for kind in CaseKind.values}
    )


# Working days from opening to finishing, against the holiday calendar: each day of the span
# gets its running number of working days (weekdays unless the calendar says otherwise), so a
# case's working days are the difference of two numbers — one query, no loop over cases.
_WORKING_DAYS_SQL = """
WITH finished AS (
    SELECT kind, (opened_at AT TIME ZONE %(zone)s)::date AS opened,
           (closed_at AT TIME ZONE %(zone)s)::date AS closed
    FROM {cases} WHERE closed_at >= %(start)s AND closed_at < %(end)s
), days AS (
    SELECT d::date AS day,
           SUM(CASE WHEN c.is_working_day IS NOT NULL THEN c.is_working_day::int
                    WHEN EXTRACT(ISODOW FROM d) < 6 THEN 1 ELSE 0 END)
               OVER (ORDER BY d) AS n
    FROM generate_series((SELECT MIN(opened) FROM finished),
                         (SELECT MAX(closed) FROM finished), interval '1 day') AS d
    LEFT JOIN {calendar} c ON c.date = d::date
)
SELECT f.kind, AVG(dc.n - dopen.n)::float
FROM finished f JOIN days dopen ON dopen.day = f.opened JOIN days dc ON dc.day = f.closed
GROUP BY ROLLUP (f.kind)
"""


def _count_working_days(period: Period) -> dict:
    start, end = period.bounds()
    sql = _WORKING_DAYS_SQL.format(
        cases=Case._meta.db_table, calendar=CalendarDay._meta.db_table
    )
    with connections[read_alias()].cursor() as cursor:
        cursor.execute(sql, {"zone": settings.TIME_ZONE, "start": start, "end": end})
        rows = cursor.fetchall()
    counts = {kind: None for kind in ["all", *CaseKind.values]}
    for kind, average in rows:
        counts[kind or "all"] = round(average, 1) if average is not None else None
    return counts


def _count_satisfaction(period: Period) -> dict:
    start, end = period.bounds()
    counts = ReturnVisit.objects.order_by().filter(
        visited_at__gte=start, visited_at__lt=end
    ).aggregate(
        average=Avg("satisfaction"),
        **{str(score): Count("pk", filter=Q(satisfaction=score)) for score in Satisfaction.values},
    )
    counts["average"] = round(counts["average"], 2) if counts["average"] is not None else None
    return counts


def _count_complaints(period: Period) -> dict:
    start, end = period.bounds()
    suggestion = Q(subject__startswith=TYPE_MARKS[ComplaintType.SUGGESTION])
    aggregates = {
        ComplaintType.COMPLAINT.value: Count("pk", filter=~suggestion),
        ComplaintType.SUGGESTION.value: Count("pk", filter=suggestion),
    }
    for channel in (CaseChannel.WINDOW, CaseChannel.HOTLINE, CaseChannel.ONLINE):
        aggregates[f"channel:{channel.value}"] = Count("pk", filter=Q(channel=channel))
    return _cases().filter(
        kind=CaseKind.COMPLAINT, opened_at__gte=start, opened_at__lt=end
    ).aggregate(**aggregates)


def _count_escalations(period: Period) -> dict:
    start, end = period.bounds()
    return CaseStep.objects.order_by().filter(
        action=ESCALATE_ACTION, acted_at__gte=start, acted_at__lt=end
    ).aggregate(escalations=Count("pk"), cases=Count("case", distinct=True))


def register_panels() -> None:
    dashboard_panel(Panel(
        key="case_flow", title=gettext_lazy("Cases opened and finished"), section=CASES,
        order=100, count=_count_flow, rows=_flow_rows,
        link=lambda user, key: _case_list(user, kind=key.partition(":")[2]),
        note=gettext_lazy("Finished: closed, rejected or withdrawn in the period."),
    ))
    dashboard_panel(Panel(
        key="on_time", title=gettext_lazy("Finished on time"), section=CASES, order=110,
        count=_count_on_time, unit=PERCENT,
        rows=lambda period: [Row("all", gettext_lazy("All cases")), *_kind_rows()],
        link=lambda user, key: _case_list(user, kind="" if key == "all" else key),
        note=gettext_lazy("Share of the cases finished in the period that finished by their "
                          "due date."),
    ))
    dashboard_panel(Panel(
        key="overdue", title=gettext_lazy("Overdue now"), section=CASES, order=120,
        count=_count_overdue, now_only=True, rows=lambda period: _kind_rows(),
        link=lambda user, key: _case_list(user, kind=key, due="overdue"),
    ))
    dashboard_panel(Panel(
        key="working_days", title=gettext_lazy("Average working days to finish"),
        section=CASES, order=130, count=_count_working_days, unit=DAYS,
        rows=lambda period: [Row("all", gettext_lazy("All cases")), *_kind_rows()],
        link=lambda user, key: _case_list(user, kind="" if key == "all" else key),
        note=gettext_lazy("Working days from opening to finishing, by the holiday calendar."),
    ))
    dashboard_panel(Panel(
        key="satisfaction", title=gettext_lazy("Satisfaction from return visits"),
        section=CASES, order=140, count=_count_satisfaction,
        rows=lambda period: [
            *[Row(str(value), label) for value, label in Satisfaction.choices],
            Row("average", gettext_lazy("Average score (1–5)"), unit=SCORE),
        ],
        link=lambda user, key: _case_list(user, status="closed"),
    ))
    dashboard_panel(Panel(
        key="complaints", title=gettext_lazy("Complaints and suggestions"), section=CASES,
        order=150, count=_count_complaints,
        rows=lambda period: [
            Row(ComplaintType.COMPLAINT.value, ComplaintType.COMPLAINT.label),
            Row(ComplaintType.SUGGESTION.value, ComplaintType.SUGGESTION.label),
            *[Row(f"channel:{c.value}", c.label)
              for c in (CaseChannel.WINDOW, CaseChannel.HOTLINE, CaseChannel.ONLINE)],
        ],
        link=lambda user, key: _case_list(user, kind=CaseKind.COMPLAINT),
        note=gettext_lazy("Registered in the period, by type and by channel."),
    ))
    dashboard_panel(Panel(
        key="escalations", title=gettext_lazy("Escalations to departments"), section=CASES,
        order=160, count=_count_escalations,
        rows=lambda period: [
            Row("escalations", gettext_lazy("Escalations")),
            Row("cases", gettext_lazy("Complaints escalated")),
        ],
        link=lambda user, key: _case_list(user, kind=CaseKind.COMPLAINT, status="investigating"),
    ))
