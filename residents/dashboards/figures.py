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
# A period that has ended changes only by late entries: its figures are kept this many times
# longer than a running period's (an hour at the default), and the refresh job recounts them
# only then.
ENDED_PERIOD_AGE_FACTOR = 6


# How often the refresh job runs (residents/dashboards/tasks.py).
REFRESH_INTERVAL = datetime.timedelta(minutes=5)


def max_age(panel: Panel, period: Period) -> datetime.timedelta:
    seconds = settings.DASHBOARD_MAX_AGE_SECONDS
    if not panel.now_only and period.end <= timezone.localdate():
        seconds *= ENDED_PERIOD_AGE_FACTOR
    return datetime.timedelta(seconds=seconds)


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
    now = timezone.now()
    stored = {}
    if settings.DASHBOARD_MAX_AGE_SECONDS > 0:
        starts = {start for _p, _k, start in keys}
        for row in DashboardFigure.objects.filter(
            panel__in={p for p, _k, _s in keys}, starts_on__in=starts
        ).values_list("panel", "period", "starts_on", "figures", "counted_at"):
            stored[row[:3]] = (row[3], row[4])
    result, oldest = {}, None
    for key, (panel, period) in keys.items():
        if key in stored and stored[key][1] > now - max_age(panel, period):
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
    wanted = {}
    for kind, _label in PERIOD_CHOICES:
        running = Period.containing(kind, today)
        for period in (running, running.previous):
            for panel in panels():
                wanted.setdefault(_key(panel, period), (panel, period))
    # A running period is always recounted; an ended one only when its figures would age out
    # before the next run.
    now = timezone.now()
    fresh = set()
    for row in DashboardFigure.objects.filter(
        panel__in={key[0] for key in wanted}, starts_on__in={key[2] for key in wanted}
    ).values_list("panel", "period", "starts_on", "counted_at"):
        if row[:3] not in wanted:
            continue
        panel, period = wanted[row[:3]]
        ended = not panel.now_only and period.end <= today
        if ended and row[3] > now - max_age(panel, period) + REFRESH_INTERVAL:
            fresh.add(row[:3])
    counted = 0
    for key, (panel, period) in wanted.items():
        if key not in fresh:
            count_panel(panel, period)
            counted += 1
    return counted
