"""A panel's figures for a period: stored ones while fresh, else counted afresh and stored.

Counting at a million residents takes longer than a page may; the refresh job
(residents/dashboards/tasks.py) counts the current and previous periods ahead, so a page finds
them stored and reads them in one query. DASHBOARD_MAX_AGE_SECONDS bounds how old a shown
figure may be.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone

from residents.dashboards.periods import Period
from residents.dashboards.registry import Panel
from residents.models import DashboardFigure

NOW = "now"


def _key(panel: Panel, period: Period) -> tuple[str, str, datetime.date]:
    if panel.now_only:
        return panel.key, NOW, timezone.localdate()
    return panel.key, period.kind, period.start


def count_panel(panel: Panel, period: Period) -> dict:
    """Count afresh and store (on the primary, whatever the page reads from)."""
    figures = panel.count(period)
    key, kind, start = _key(panel, period)
    DashboardFigure.objects.using(DEFAULT_DB_ALIAS).update_or_create(
        panel=key, period=kind, starts_on=start,
        defaults={"figures": figures, "counted_at": timezone.now()},
    )
    return figures


def figures_for(
    wanted: list[tuple[Panel, Period]],
) -> tuple[dict[tuple[str, Period], dict], datetime.datetime | None]:
    """Figures of each (panel, period), and when the oldest shown was counted."""
    keys = {_key(panel, period): (panel, period) for panel, period in wanted}
    fresh_after = timezone.now() - datetime.timedelta(seconds=settings.DASHBOARD_MAX_AGE_SECONDS)
    stored = {}
    if settings.DASHBOARD_MAX_AGE_SECONDS > 0:
        starts = {start for _p, _k, start in keys}
        for row in DashboardFigure.objects.filter(
            panel__in={p for p, _k, _s in keys}, starts_on__in=starts, counted_at__gt=fresh_after
        ).values_list("panel", "period", "starts_on", "figures", "counted_at"):
            stored[row[:3]] = (row[3], row[4])
    result, oldest = {}, None
    for key, (panel, period) in keys.items():
        if key in stored:
            figures, counted_at = stored[key]
        else:
            figures, counted_at = count_panel(panel, period), timezone.now()
        oldest = counted_at if oldest is None else min(oldest, counted_at)
        result[(panel.key, period)] = figures
    return result, oldest


def refresh_running_periods() -> int:
    """Count every panel for the running month, quarter and year and the ones before them
    (what a dashboard opens on); the number of figures counted."""
    from residents.dashboards.periods import PERIOD_CHOICES
    from residents.dashboards.registry import panels

    today = timezone.localdate()
    counted = set()
    for kind, _label in PERIOD_CHOICES:
        running = Period.containing(kind, today)
        for period in (running, running.previous):
            for panel in panels():
                key = _key(panel, period)
                if key not in counted:
                    count_panel(panel, period)
                    counted.add(key)
    return len(counted)
