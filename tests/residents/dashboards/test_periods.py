"""Periods: half-years exist for assessments (SUP-6), the dashboard keeps to month, quarter and
year."""

from __future__ import annotations

import datetime

from residents.dashboards.periods import HALF_YEAR, Period
from residents.dashboards.presentation import period_from


def test_a_half_year_runs_january_to_june_or_july_to_december():
    first = Period.containing(HALF_YEAR, datetime.date(2026, 3, 15))
    assert (first.start, first.end) == (datetime.date(2026, 1, 1), datetime.date(2026, 7, 1))
    assert first.following.start == datetime.date(2026, 7, 1)
    assert first.previous.start == datetime.date(2025, 7, 1)
    assert len(first.month_starts()) == 6
    assert first.label != first.following.label


def test_the_dashboard_does_not_take_a_half_year():
    today = datetime.date(2026, 5, 10)
    assert period_from({"period": "half_year"}, today).kind == "month"
    assert period_from({"period": "quarter"}, today).kind == "quarter"
