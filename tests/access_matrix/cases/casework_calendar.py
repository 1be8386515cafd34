"""Access matrix cases of the working-day calendar (AFF-4).

Front desk and managers see the calendar (deadlines concern them); only managers change it.
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from casework.models import CalendarDay
from tests.access_matrix.cases.common import FORBIDDEN, FOUND, OK, Case, World, _statuses


def _weekday_on_or_after(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def _free_weekday() -> str:
    """A weekday well after the one built below, so the add is valid for managers."""
    return _weekday_on_or_after(datetime.date(timezone.localdate().year + 1, 6, 1)).isoformat()


CASES: dict[str, Case] = {
    "casework:calendar": Case(
        "get", lambda w: reverse("casework:calendar"),
        _statuses(FORBIDDEN, front_desk=OK, manager=OK, designated_manager=OK),
    ),
    "casework:calendar_add": Case(
        "post", lambda w: reverse("casework:calendar_add"),
        _statuses(FORBIDDEN, manager=FOUND, designated_manager=FOUND),
        lambda w: {"date": _free_weekday(), "kind": "holiday", "name": "端午节"},
    ),
    "casework:calendar_delete": Case(
        "post", lambda w: reverse("casework:calendar_delete", args=[w.extra["calendar_day"].pk]),
        _statuses(FORBIDDEN, manager=FOUND, designated_manager=FOUND),
    ),
}


def build(world: World) -> None:
    """One holiday on a weekday of this year, recorded by the manager."""
    day = _weekday_on_or_after(datetime.date(timezone.localdate().year, 1, 1))
    world.extra["calendar_day"] = CalendarDay.objects.create(
        date=day, is_working_day=False, name="元旦", recorded_by=world.users["manager"]
    )
