"""Deadlines in working days over weekends, holidays and weekend days worked in their place."""

from __future__ import annotations

import datetime

import pytest

from casework.models import CalendarDay
from casework.workdays.deadlines import add_working_days, is_working_day, working_days_between

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def national_day_2026(manager):
    # 2026 National Day: 1–7 October off; Sunday 27 September and Saturday 10 October worked.
    for day in range(1, 8):
        CalendarDay.objects.create(
            date=D(2026, 10, day), is_working_day=False, name="国庆节", recorded_by=manager
        )
    for worked in (D(2026, 9, 27), D(2026, 10, 10)):
        CalendarDay.objects.create(
            date=worked, is_working_day=True, name="国庆节调休", recorded_by=manager
        )


def test_a_plain_week_skips_the_weekend():
    # Accepted on Friday 20 November 2026: five working days end on Friday 27 November.
    assert add_working_days(D(2026, 11, 20), 1) == D(2026, 11, 23)
    assert add_working_days(D(2026, 11, 20), 5) == D(2026, 11, 27)


def test_accepted_on_a_saturday_counts_from_monday():
    assert add_working_days(D(2026, 11, 21), 1) == D(2026, 11, 23)


def test_zero_days_is_the_same_day_and_negative_is_refused():
    assert add_working_days(D(2026, 11, 20), 0) == D(2026, 11, 20)
    with pytest.raises(ValueError):
        add_working_days(D(2026, 11, 20), -1)


def test_holidays_are_skipped_and_worked_weekend_days_count(national_day_2026):
    assert not is_working_day(D(2026, 10, 5))
    assert is_working_day(D(2026, 10, 10))
    # Accepted Wednesday 30 September: 1 working day → Thursday 8 October; 3 → Saturday 10th.
    assert add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 8)
    assert add_working_days(D(2026, 9, 30), 3) == D(2026, 10, 10)
    # Accepted Friday 25 September: the worked Sunday 27th is the first working day.
    assert add_working_days(D(2026, 9, 25), 1) == D(2026, 9, 27)


def test_working_days_between_counts_after_the_start_up_to_the_end(national_day_2026):
    assert working_days_between(D(2026, 9, 30), D(2026, 10, 10)) == 3
    assert working_days_between(D(2026, 11, 20), D(2026, 11, 20)) == 0
    assert working_days_between(D(2026, 11, 23), D(2026, 11, 20)) == 0


def test_a_long_limit_spans_many_weeks():
    # 20 working days from Monday 2 November 2026 without holidays: Monday 30 November.
    assert add_working_days(D(2026, 11, 2), 20) == D(2026, 11, 30)


def test_managers_hold_the_calendar_permissions(manager, front_desk):
    assert manager.has_perm("casework.add_calendarday")
    assert front_desk.has_perm("casework.view_calendarday")
    assert not front_desk.has_perm("casework.add_calendarday")
