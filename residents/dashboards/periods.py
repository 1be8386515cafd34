"""The period a dashboard shows (month, quarter or year) and the one before it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MONTH, QUARTER, HALF_YEAR, YEAR = "month", "quarter", "half_year", "year"
PERIOD_CHOICES = [
    (MONTH, gettext_lazy("Month")),
    (QUARTER, gettext_lazy("Quarter")),
    (YEAR, gettext_lazy("Year")),
]
# Assessments also run over half-years (SUP-6); the dashboard keeps to the three above.
ASSESSMENT_PERIOD_CHOICES = [
    (MONTH, gettext_lazy("Month")),
    (QUARTER, gettext_lazy("Quarter")),
    (HALF_YEAR, gettext_lazy("Half-year")),
    (YEAR, gettext_lazy("Year")),
]
_MONTHS = {MONTH: 1, QUARTER: 3, HALF_YEAR: 6, YEAR: 12}


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    kind: str
    start: datetime.date
    # The first day after the period.
    end: datetime.date

    @classmethod
    def containing(cls, kind: str, day: datetime.date) -> Period:
        if kind not in _MONTHS:
            kind = MONTH
        if kind == MONTH:
            start = day.replace(day=1)
        elif kind == QUARTER:
            start = datetime.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
        elif kind == HALF_YEAR:
            start = datetime.date(day.year, 1 if day.month <= 6 else 7, 1)
        else:
            start = datetime.date(day.year, 1, 1)
        return cls(kind, start, _add_months(start, _MONTHS[kind]))

    @property
    def previous(self) -> Period:
        return Period.containing(self.kind, self.start - datetime.timedelta(days=1))

    @property
    def following(self) -> Period:
        return Period.containing(self.kind, self.end)

    def as_of(self, today: datetime.date | None = None) -> datetime.date:
        """The day standing figures (totals, open items) are counted on: the period's last
        day, or today while the period runs."""
        today = today or timezone.localdate()
        return min(self.end - datetime.timedelta(days=1), today)

    def month_starts(self) -> list[datetime.date]:
        return [_add_months(self.start, n) for n in range(_MONTHS[self.kind])]

    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        """The period as aware datetimes in the centre's time zone, end exclusive."""
        zone = timezone.get_current_timezone()
        return (
            datetime.datetime.combine(self.start, datetime.time(), tzinfo=zone),
            datetime.datetime.combine(self.end, datetime.time(), tzinfo=zone),
        )

    @property
    def label(self) -> str:
        if self.kind == MONTH:
            return _("%(year)d-%(month)02d") % {"year": self.start.year, "month": self.start.month}
        if self.kind == QUARTER:
            return _("Q%(quarter)d %(year)d") % {
                "year": self.start.year, "quarter": (self.start.month - 1) // 3 + 1,
            }
        if self.kind == HALF_YEAR:
            if self.start.month <= 6:
                return _("First half of %(year)d") % {"year": self.start.year}
            return _("Second half of %(year)d") % {"year": self.start.year}
        return _("Year %(year)d") % {"year": self.start.year}


def month_label(day: datetime.date) -> str:
    return _("Month %(month)d") % {"month": day.month}
