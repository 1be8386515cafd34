"""Dynamic tracking (TRK-1 … TRK-4, UPD-6): contacts, status history, emergencies, re-checks."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from residents.audit.querysets import AuditedQuerySet
from residents.models.people import Resident


class ContactKind(models.TextChoices):
    VISIT = "visit", _("Home visit (走访)")
    PHONE = "phone", _("Phone call")
    ONLINE = "online", _("Online feedback")


class ContactRecord(models.Model):
    """A dated tracking record by a staff member (TRK-4)."""

    resident = models.ForeignKey(
        Resident, verbose_name=_("resident"), on_delete=models.PROTECT,
        related_name="contact_records",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ContactKind.choices)
    occurred_on = models.DateField(_("date"), db_index=True)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("staff member"),
    )
    summary = models.TextField(_("summary"))
    follow_up = models.TextField(_("follow-up needed"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("tracking record")
        verbose_name_plural = _("tracking records")
        ordering = ["-occurred_on", "-pk"]

    def __str__(self) -> str:
        return f"Tracking record #{self.pk}"


class StatusAspect(models.TextChoices):
    ECONOMIC = "economic", _("Economic situation (income, employment)")
    HEALTH = "health", _("Health (chronic or serious illness)")
    HOUSING = "housing", _("Housing")


class StatusChange(models.Model):
    """A change of a resident's economic, health or housing situation (TRK-1), kept as history."""

    resident = models.ForeignKey(
        Resident, verbose_name=_("resident"), on_delete=models.PROTECT,
        related_name="status_changes",
    )
    aspect = models.CharField(_("aspect"), max_length=10, choices=StatusAspect.choices)
    previous = models.TextField(_("previous situation"), blank=True)
    current = models.TextField(_("new situation"))
    effective_on = models.DateField(_("effective on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-effective_on", "-pk"]

    def __str__(self) -> str:
        return f"Status change #{self.pk}"


class EmergencyKind(models.TextChoices):
    DISASTER = "disaster", _("Natural disaster")
    ACCIDENT = "accident", _("Accident")
    ILLNESS = "illness", _("Serious illness")
    OTHER = "other", _("Other")


class Emergency(models.Model):
    """An emergency befalling a resident (TRK-3), followed up until closed."""

    resident = models.ForeignKey(
        Resident, verbose_name=_("resident"), on_delete=models.PROTECT,
        related_name="emergencies",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=EmergencyKind.choices)
    occurred_on = models.DateField(_("occurred on"))
    description = models.TextField(_("what happened"))
    help_given = models.TextField(_("help given"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True, db_index=True)
    closing_note = models.TextField(_("closing note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("emergency")
        verbose_name_plural = _("emergencies")
        ordering = ["-occurred_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("occurred_on")),
                name="emergency_closed_after_it_occurred",
            ),
        ]

    def __str__(self) -> str:
        return f"Emergency #{self.pk}"


class EmergencyFollowUp(models.Model):
    emergency = models.ForeignKey(
        Emergency, verbose_name=_("emergency"), on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    date = models.DateField(_("date"))
    note = models.TextField(_("follow-up"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("emergency follow-up")
        verbose_name_plural = _("emergency follow-ups")
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"Emergency follow-up #{self.pk}"


class Recheck(models.Model):
    """A full re-check of a resident's information (UPD-6)."""

    resident = models.ForeignKey(
        Resident, verbose_name=_("resident"), on_delete=models.PROTECT, related_name="rechecks"
    )
    checked_on = models.DateField(_("checked on"))
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("checked by"),
    )
    note = models.TextField(_("note"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("re-check")
        verbose_name_plural = _("re-checks")
        ordering = ["-checked_on", "-pk"]

    def __str__(self) -> str:
        return f"Re-check #{self.pk}"
