"""Deadlines counted in working days (AFF-4): weekends and the holiday calendar.

A time limit of N working days that starts on day D ends at the close of the N-th working day
after D (the day of acceptance does not count, as in administrative practice).
"""

from __future__ import annotations

import datetime

from casework.models import CalendarDay

# More than a year of consecutive rest days cannot happen; the bound stops a runaway loop.
MAX_SCAN_DAYS = 400


def calendar_exceptions(start: datetime.date, end: datetime.date) -> dict[datetime.date, bool]:
    """The calendar's special days between two dates (one query; pass it on to count many)."""
    return dict(
        CalendarDay.objects.filter(date__gte=start, date__lte=end).values_list(
            "date", "is_working_day"
        )
    )


def is_working_day(day: datetime.date, exceptions: dict[datetime.date, bool] | None = None) -> bool:
    if exceptions is None:
        exceptions = calendar_exceptions(day, day)
    if day in exceptions:
        return exceptions[day]
    return day.weekday() < 5


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date on which a limit of `days` working days counted from `start` runs out."""
    if days < 0:
        raise ValueError("a time limit cannot be negative")
    if days == 0:
        return start
    window_end = start + datetime.timedelta(days=days * 2 + 60)
    exceptions = calendar_exceptions(start, window_end)
    day, counted = start, 0
    for _step in range(MAX_SCAN_DAYS + days):
        day += datetime.timedelta(days=1)
        if day > window_end:
            window_end = day + datetime.timedelta(days=60)
            exceptions.update(calendar_exceptions(day, window_end))
        if is_working_day(day, exceptions):
            counted += 1
            if counted == days:
                return day
    raise ValueError("no working day found: check the holiday calendar")


def working_days_between(
    start: datetime.date, end: datetime.date,
    exceptions: dict[datetime.date, bool] | None = None,
) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start).

    `exceptions` covering the range may be given (e.g. once for a whole list page).
    """
    if end <= start:
        return 0
    if exceptions is None:
        exceptions = calendar_exceptions(start, end)
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        count += is_working_day(day, exceptions)
    return count
