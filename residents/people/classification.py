"""Classification that is derived, never typed (CLS-1): age groups from the birth date.

The bounds are one setting (AGE_GROUP_BOUNDS); the group is computed on the day it is read.
A user who sees only the birth year (residents.access.policy) gets groups computed from the
year alone (`year_only`): a group that changed on the birthday would tell the day.
"""

from __future__ import annotations

import datetime
from enum import StrEnum

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AgeGroup(StrEnum):
    MINOR = "minor"
    YOUTH = "youth"
    MIDDLE_AGED = "middle_aged"
    ELDERLY = "elderly"


AGE_GROUP_LABELS = {
    AgeGroup.MINOR: _("Minor (under 18)"),
    AgeGroup.YOUTH: _("Youth (18–44)"),
    AgeGroup.MIDDLE_AGED: _("Middle-aged (45–59)"),
    AgeGroup.ELDERLY: _("Elderly (60 and over)"),
}


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Whole years of age on `day`; a 29 February birthday counts from 1 March."""
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def age_group(
    birth_date: datetime.date, day: datetime.date | None = None, *, year_only: bool = False
) -> AgeGroup:
    """The group on `day`; `year_only`: by the age reached in that calendar year."""
    day = day or timezone.localdate()
    age = day.year - birth_date.year if year_only else age_on(birth_date, day)
    youth, middle, elderly = settings.AGE_GROUP_BOUNDS
    if age < youth:
        return AgeGroup.MINOR
    if age < middle:
        return AgeGroup.YOUTH
    if age < elderly:
        return AgeGroup.MIDDLE_AGED
    return AgeGroup.ELDERLY


def _birthday_years_ago(day: datetime.date, years: int) -> datetime.date:
    """The latest birth date of somebody who is `years` old on `day`."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a non-leap year
        return day.replace(year=day.year - years, day=28)


def age_group_filter(
    group: AgeGroup, day: datetime.date | None = None, *, year_only: bool = False
) -> Q:
    """A filter on Resident.birth_date selecting exactly the residents of `group` on `day`
    (`year_only`: as `age_group` with `year_only`)."""
    day = day or timezone.localdate()
    youth, middle, elderly = settings.AGE_GROUP_BOUNDS
    lower_age, upper_age = {
        AgeGroup.MINOR: (0, youth),
        AgeGroup.YOUTH: (youth, middle),
        AgeGroup.MIDDLE_AGED: (middle, elderly),
        AgeGroup.ELDERLY: (elderly, None),
    }[AgeGroup(group)]
    if year_only:
        # Age reached this year >= lower  ⇔ born in or before the year `lower` years ago.
        condition = Q(birth_date__lte=datetime.date(day.year - lower_age, 12, 31))
        if upper_age is not None:
            condition &= Q(birth_date__gt=datetime.date(day.year - upper_age, 12, 31))
        return condition
    # Age >= lower  ⇔ born on or before the day `lower` years ago.
    condition = Q(birth_date__lte=_birthday_years_ago(day, lower_age))
    if upper_age is not None:
        condition &= Q(birth_date__gt=_birthday_years_ago(day, upper_age))
    return condition
