"""The working-day calendar (AFF-4): public holidays and the weekend days worked in their place.

Weekends are rest days and weekdays are working days unless a CalendarDay says otherwise:
the State Council's yearly notice moves days both ways (放假 and 调休上班).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from residents.audit.querysets import AuditedQuerySet


class CalendarDay(models.Model):
    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(
        _("working day"),
        help_text=_("Ticked: a weekend day worked in place of a holiday (调休上班). "
                    "Not ticked: a holiday on a weekday (放假)."),
    )
    name = models.CharField(_("name"), max_length=50, help_text=_("e.g. 国庆节"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("recorded by"),
    )

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"
