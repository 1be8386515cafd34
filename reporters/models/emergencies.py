"""Emergency reports (REP-4): the phoned-in report logged at once, the written report due
within EMERGENCY_WRITTEN_MINUTES of the call, escalation when it is late."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EmergencyKind(models.TextChoices):
    FIRE = "fire", _("Fire")
    THEFT = "theft", _("Theft")
    DISASTER = "disaster", _("Natural disaster")
    OTHER = "other", _("Other emergency")


class EmergencyCall(models.Model):
    number = models.CharField(_("emergency report number"), max_length=20, unique=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="emergency_calls",
        verbose_name=_("reporter"),
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("logged by"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EmergencyKind.choices)
    called_at = models.DateTimeField(_("time of the call"))
    basic_facts = models.TextField(_("basic facts given on the phone"), max_length=2000)
    written_due_at = models.DateTimeField(_("written report due at"))
    # The written report.
    occurred_at = models.DateTimeField(_("time of the event"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    course = models.TextField(_("course of events"), max_length=4000, blank=True)
    impact_scope = models.TextField(_("scope of impact"), max_length=2000, blank=True)
    measures_taken = models.TextField(_("measures taken"), max_length=2000, blank=True)
    written_at = models.DateTimeField(_("written report filed at"), null=True, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("written report filed by"),
    )
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("emergency report")
        verbose_name_plural = _("emergency reports")
        ordering = ["-called_at", "-pk"]

    def __str__(self) -> str:
        return self.number

    @property
    def is_written(self) -> bool:
        return self.written_at is not None

    def is_overdue(self, now: datetime.datetime | None = None) -> bool:
        """No written report by the deadline (a late written report stays flagged late)."""
        now = now or timezone.now()
        if self.written_at is not None:
            return self.written_at > self.written_due_at
        return now > self.written_due_at

    def seconds_left(self, now: datetime.datetime | None = None) -> int:
        now = now or timezone.now()
        return max(0, int((self.written_due_at - now).total_seconds()))
