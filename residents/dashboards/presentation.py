"""The dashboard as the page shows it: each panel's rows with this and the previous period,
the change, the link to the list it counts, and its chart."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from config.database_replica import reading_from_replica
from residents.dashboards import charts
from residents.dashboards.figures import figures_for
from residents.dashboards.periods import PERIOD_CHOICES, Period
from residents.dashboards.registry import COUNT, DAYS, PERCENT, Panel, panels, sections

PERMISSION = "residents.view_dashboard"
SUFFIX = {PERCENT: "%", DAYS: "", COUNT: "", "score": ""}


def _change(current, previous):
    if current is None or previous is None:
        return None
    change = current - previous
    return round(change, 1) if isinstance(change, float) else change


def dashboard(user, period: Period) -> dict:
    """Sections of panels for `period`, figures from the store or counted afresh."""
    shown = panels()
    wanted = [(panel, period) for panel in shown]
    wanted += [(panel, period.previous) for panel in shown if not panel.now_only]
    figures, counted_at = figures_for(wanted)
    by_section: dict[str, list[dict]] = {}
    for panel in shown:
        by_section.setdefault(panel.section, []).append(
            _panel_view(user, panel, period, figures)
        )
    return {
        "period": period,
        "counted_at": counted_at,
        "sections": [
            {"key": key, "title": title, "panels": by_section[key]}
            for key, title in sections() if key in by_section
        ],
    }


def _panel_view(user, panel: Panel, period: Period, figures) -> dict:
    current = figures[(panel.key, period)]
    previous = None if panel.now_only else figures[(panel.key, period.previous)]
    rows, bars = [], []
    for row in panel.rows(period):
        value = current.get(row.key)
        before = previous.get(row.key) if previous is not None else None
        unit = row.unit or panel.unit
        rows.append({
            "key": row.key,
            "label": row.label,
            "current": value,
            "previous": before,
            "change": _change(value, before),
            "suffix": SUFFIX.get(unit, ""),
            "link": panel.link(user, row.key),
        })
        if not row.unit:
            bars.append(charts.Bar(str(row.label), value, before))
    current_label = _("Today") if panel.now_only else period.label
    chart = charts.bar_chart(
        bars, chart_id=f"chart-{panel.key}", title=str(panel.title),
        current_label=current_label,
        previous_label=None if panel.now_only else period.previous.label,
        suffix=SUFFIX.get(panel.unit, ""), maximum=100 if panel.unit == PERCENT else None,
    )
    return {
        "key": panel.key, "title": panel.title, "note": panel.note, "rows": rows,
        "chart": chart, "now_only": panel.now_only, "current_label": current_label,
        "previous_label": None if panel.now_only else period.previous.label,
    }


def period_from(params, today: datetime.date) -> Period:
    """The period asked for (`period` = month/quarter/year, `at` = a day in it); never later
    than the one running today; anything unreadable gives the running month."""
    try:
        day = datetime.date.fromisoformat(params.get("at", ""))
    except ValueError:
        day = today
    kind = params.get("period", "")
    # Half-years are for assessments; the dashboard keeps to its own periods.
    if kind not in {key for key, _label in PERIOD_CHOICES}:
        kind = ""
    return Period.containing(kind, min(day, today))


def dashboard_context(user, params) -> dict:
    """What the dashboard template needs, for the period the query parameters ask for; read
    from the replica when one is configured."""
    today = timezone.localdate()
    period = period_from(params, today)
    with reading_from_replica():
        context = dashboard(user, period)
    following = period.following
    context.update({
        "period_choices": PERIOD_CHOICES,
        "earlier": period.previous,
        "later": following if following.start <= today else None,
    })
    return context
