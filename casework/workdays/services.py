"""The working-day calendar (AFF-4): managers record holidays and weekend days worked.

A holiday (放假) only means something on a weekday, since weekends are rest days anyway; a
worked day (调休上班) only on a Saturday or Sunday. A refusal names the form field it concerns;
auditlog records each write (CalendarDay is registered).
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from casework.models import CalendarDay
from residents.common.errors import ActionRefused


def calendar_day_add(
    *, date: datetime.date, is_working_day: bool, name: str, actor
) -> CalendarDay:
    weekend = date.weekday() >= 5
    if is_working_day and not weekend:
        message = _("A worked day must be a Saturday or a Sunday: weekdays are worked anyway.")
        raise ActionRefused(message, field="date")
    if not is_working_day and weekend:
        message = _("A holiday must be a weekday: Saturdays and Sundays are rest days anyway.")
        raise ActionRefused(message, field="date")
    taken = _("This date is already in the calendar.")
    if CalendarDay.objects.filter(date=date).exists():
        raise ActionRefused(taken, field="date")
    day = CalendarDay(date=date, is_working_day=is_working_day, name=name, recorded_by=actor)
    day.full_clean()
    try:
        with transaction.atomic():
            day.save()
    except IntegrityError as error:
        # Someone recorded the same date at the same moment.
        raise ActionRefused(taken, field="date") from error
    return day


def calendar_day_delete(*, day: CalendarDay, actor) -> None:
    with transaction.atomic():
        CalendarDay.objects.filter(pk=day.pk).select_for_update().first()
        day.delete()
