"""Assessment figures for a period (SUP-3, SUP-6), counted in SQL: one GROUP BY query per
figure, by handler, by window or by kind of service; the rows are then joined by their key.

- handled: cases finished (closed or rejected) in the period; withdrawn ones are not work done;
- on time: the share of those finished by their due date;
- satisfaction: the average score of the return visits recorded in the period on the line's
  cases (survey answers name no window or staff member, so they count for the centre only);
- complaints: complaints registered in the period that a manager attributed to the line;
- errors returned: change requests rejected in the period, and (for staff) registrations they
  submitted that were returned for correction in the period.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Avg, Count, Exists, F, OuterRef, Q
from django.db.models.functions import TruncDate
from django.utils.translation import gettext_lazy as _

from casework.models import (
    AssessmentStandard,
    Case,
    CaseKind,
    CaseSlip,
    CaseStep,
    ComplaintAttribution,
    Grade,
    ReturnVisit,
    ServiceWindow,
)
from residents.dashboards.periods import Period
from residents.models import Resident

FINISHED = ("closed", "rejected")
# Grades from the best down; a line gets the first whose thresholds it meets, else FAIL.
GRADED = (Grade.EXCELLENT, Grade.GOOD, Grade.PASS)
# Kinds whose results are public: complaints on the board once published, affairs on the
# handled-affairs list unless their item tells a resident's status.
DISCLOSED_KINDS = (CaseKind.COMPLAINT, CaseKind.AFFAIR)


@dataclass
class Line:
    key: object
    name: str
    handled: int = 0
    on_time: int = 0
    visits: int = 0
    satisfaction: float | None = None
    complaints: int = 0
    errors: int = 0
    grade: str | None = None

    @property
    def on_time_percent(self) -> float | None:
        return round(100 * self.on_time / self.handled, 1) if self.handled else None

    @property
    def grade_label(self) -> str:
        return str(Grade(self.grade).label) if self.grade else str(_("Not assessed"))


def _finished(period: Period):
    start, end = period.bounds()
    return (
        Case.objects.order_by()
        .filter(status__in=FINISHED, closed_at__gte=start, closed_at__lt=end)
        .annotate(closed_date=TruncDate("closed_at"))
    )


_ON_TIME = Q(closed_date__lte=F("due_on"))


def _by(queryset, field: str, **aggregates) -> dict:
    """{value of `field`: {aggregate: value}} for the rows where `field` is set."""
    rows = queryset.exclude(**{f"{field}__isnull": True}).values(field).annotate(**aggregates)
    return {row.pop(field): row for row in rows}


def _figures(period: Period, field: str, attribution_field: str, change_field: str) -> dict:
    """Each figure grouped by `field` (on the case), one query per figure."""
    start, end = period.bounds()
    figures: dict = {}

    def merge(values: dict, **names):
        for key, row in values.items():
            entry = figures.setdefault(key, {})
            for name, source in names.items():
                if name == "satisfaction":
                    entry[name] = row[source]
                else:
                    entry[name] = entry.get(name, 0) + (row[source] or 0)

    merge(_by(_finished(period), field, handled=Count("pk"),
              on_time=Count("pk", filter=_ON_TIME)), handled="handled", on_time="on_time")
    visits = _by(
        ReturnVisit.objects.order_by().filter(visited_at__gte=start, visited_at__lt=end),
        f"case__{field}", visits=Count("pk"), average=Avg("satisfaction"),
    )
    merge(visits, visits="visits", satisfaction="average")
    merge(_by(
        ComplaintAttribution.objects.order_by().filter(
            complaint__opened_at__gte=start, complaint__opened_at__lt=end
        ), attribution_field, n=Count("pk"),
    ), complaints="n")
    merge(_by(
        CaseStep.objects.order_by().filter(
            action="reject", case__kind=CaseKind.CHANGE, acted_at__gte=start, acted_at__lt=end
        ), change_field, n=Count("case", distinct=True),
    ), errors="n")
    return figures


def _grade(line: Line, standards: dict[str, AssessmentStandard]) -> str | None:
    if not line.handled or not standards:
        return None
    for grade in GRADED:
        standard = standards.get(grade)
        if standard is not None and meets(line, standard):
            return grade
    return Grade.FAIL


def meets(line: Line, standard: AssessmentStandard) -> bool:
    """Whether the line meets every threshold the standard sets. A satisfaction threshold is
    not checked on a line without return visits: there is nothing to judge it by."""
    on_time = line.on_time_percent
    if standard.min_on_time_percent is not None and (
        on_time is None or Decimal(str(on_time)) < standard.min_on_time_percent
    ):
        return False
    if standard.min_satisfaction is not None and line.satisfaction is not None and (
        Decimal(str(round(line.satisfaction, 2))) < standard.min_satisfaction
    ):
        return False
    if standard.max_complaints is not None and line.complaints > standard.max_complaints:
        return False
    return not (standard.max_errors is not None and line.errors > standard.max_errors)


def standards() -> dict[str, AssessmentStandard]:
    return {standard.grade: standard for standard in AssessmentStandard.objects.all()}


def _lines(figures: dict, names: dict) -> list[Line]:
    kept = standards()
    lines = []
    for key in sorted(set(figures) | set(names), key=lambda k: str(names.get(k, k))):
        values = figures.get(key, {})
        line = Line(key=key, name=names.get(key, str(key)), **{
            name: values.get(name, 0 if name != "satisfaction" else None)
            for name in ("handled", "on_time", "visits", "satisfaction", "complaints", "errors")
        })
        if line.satisfaction is not None:
            line.satisfaction = round(line.satisfaction, 2)
        line.grade = _grade(line, kept)
        lines.append(line)
    return lines


def staff_name(user) -> str:
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return full or user.get_username()


def staff_lines(period: Period, *, only=None) -> list[Line]:
    """One line per staff member who handled cases, was named in a complaint, had work
    returned or stands at a window; `only` keeps one user's line."""
    figures = _figures(period, "handler", "staff_member", "case__handler")
    start, end = period.bounds()
    returned = _by(
        Resident.objects.order_by().filter(returned_at__gte=start, returned_at__lt=end),
        "submitted_by", n=Count("pk"),
    )
    for key, row in returned.items():
        entry = figures.setdefault(key, {})
        entry["errors"] = entry.get("errors", 0) + row["n"]
    users = get_user_model().objects.filter(
        Q(pk__in=list(figures)) | Q(service_windows__is_active=True)
    ).distinct()
    if only is not None:
        users = users.filter(pk=only.pk)
        figures = {key: value for key, value in figures.items() if key == only.pk}
        if not users.exists():
            users = get_user_model().objects.filter(pk=only.pk)
    names = {user.pk: staff_name(user) for user in users}
    return _lines({k: v for k, v in figures.items() if k in names}, names)


def window_lines(period: Period) -> list[Line]:
    figures = _figures(period, "window", "window", "case__window")
    names = dict(
        ServiceWindow.objects.filter(Q(is_active=True) | Q(pk__in=list(figures)))
        .values_list("pk", "name")
    )
    return _lines({k: v for k, v in figures.items() if k in names}, names)


@dataclass
class ServiceLine:
    kind: str
    label: str
    finished: int
    on_time_percent: float | None
    satisfaction: float | None
    errors: int
    disclosed_percent: float | None
    archived_percent: float | None


def service_lines(period: Period) -> list[ServiceLine]:
    """Efficiency, quality, disclosure and archives of each kind of service (SUP-3).

    Disclosure: the share of finished complaints published on the board, and of finished
    affairs shown on the handled-affairs list; other kinds are not public. Archives: the share
    of closed cases whose signed slip is recorded for the file.
    """
    start, end = period.bounds()
    signed = CaseSlip.objects.filter(case=OuterRef("pk"), signed_on__isnull=False)
    finished = _by(
        _finished(period).annotate(signed=Exists(signed)), "kind",
        finished=Count("pk"), on_time=Count("pk", filter=_ON_TIME),
        closed=Count("pk", filter=Q(status="closed")),
        archived=Count("pk", filter=Q(status="closed", signed=True)),
        disclosed=Count("pk", filter=(
            Q(kind=CaseKind.COMPLAINT, published_at__isnull=False)
            | Q(kind=CaseKind.AFFAIR, affair_item__reveals_status=False)
        )),
    )
    visits = _by(
        ReturnVisit.objects.order_by().filter(visited_at__gte=start, visited_at__lt=end),
        "case__kind", average=Avg("satisfaction"),
    )
    errors = _by(
        CaseStep.objects.order_by().filter(
            action="reject", case__kind=CaseKind.CHANGE, acted_at__gte=start, acted_at__lt=end
        ), "case__kind", n=Count("case", distinct=True),
    )
    labels = dict(Case._meta.get_field("kind").choices)
    lines = []
    for kind in sorted(set(labels) | set(finished), key=lambda k: list(labels).index(k)
                       if k in labels else len(labels)):
        row = finished.get(kind, {})
        count = row.get("finished", 0)
        average = visits.get(kind, {}).get("average")
        lines.append(ServiceLine(
            kind=kind, label=str(labels.get(kind, kind)), finished=count,
            on_time_percent=round(100 * row["on_time"] / count, 1) if count else None,
            satisfaction=round(average, 2) if average is not None else None,
            errors=errors.get(kind, {}).get("n", 0),
            disclosed_percent=(
                round(100 * row["disclosed"] / count, 1)
                if count and kind in DISCLOSED_KINDS else None
            ),
            archived_percent=(
                round(100 * row["archived"] / row["closed"], 1) if row.get("closed") else None
            ),
        ))
    return lines
