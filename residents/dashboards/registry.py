"""Dashboard panels (SUP-4): residents declares its own, higher apps add theirs.

A panel counts one thing for one period in ONE aggregate query (`count`), returning numbers
keyed by its rows; nothing about a person ever leaves it. Apps built on residents (casework,
reporters, archives) call `dashboard_panel` from their AppConfig.ready(); residents never
imports them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from residents.dashboards.periods import Period

# Sections of the dashboard, in the order they are shown; a panel may name a new one.
RESIDENTS, CASES, TRACKING = "residents", "cases", "tracking"

COUNT, PERCENT, DAYS, SCORE = "count", "percent", "days", "score"

_sections: dict[str, tuple[int, object]] = {
    RESIDENTS: (10, _("Residents")),
    CASES: (20, _("Services and cases")),
    TRACKING: (30, _("Tracking")),
}


def dashboard_section(key: str, title, *, order: int) -> None:
    """A section of the dashboard for a higher app's panels (reporters, archives)."""
    _sections[key] = (order, title)


def sections() -> list[tuple[str, object]]:
    ordered = sorted(_sections.items(), key=lambda item: item[1][0])
    return [(key, title) for key, (_order, title) in ordered]


@dataclass(frozen=True)
class Row:
    key: str
    label: object
    # A row in another unit than the panel's is shown in the table but not drawn in the chart.
    unit: str = ""


@dataclass(frozen=True)
class Panel:
    key: str
    title: object
    section: str
    # (period) -> {row key: number or None}; one aggregate query.
    count: Callable[[Period], dict[str, float | int | None]]
    # (period) -> the rows in order (labels may depend on the period: months).
    rows: Callable[[Period], list[Row]]
    # (user, row key) -> the URL of the list the row counts, with its filters, or None when the
    # user may not open that list.
    link: Callable[[object, str], str | None] = lambda user, key: None
    unit: str = COUNT
    # Counted for today only (work in hand): no previous period beside it.
    now_only: bool = False
    note: object = ""
    order: int = 100
    extra: dict = field(default_factory=dict)


_panels: dict[str, Panel] = {}


def dashboard_panel(panel: Panel) -> None:
    """Add a panel (called from an AppConfig.ready(); adding the same key again replaces it)."""
    _panels[panel.key] = panel


def panels() -> list[Panel]:
    return sorted(_panels.values(), key=lambda panel: (panel.order, panel.key))


def panel(key: str) -> Panel:
    return _panels[key]
