"""Appointments at the service windows (预约): who comes (a registered resident or a
visitor named as they gave their name), when, to which window, for what, and whether they came."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from residents.audit.querysets import AuditedQuerySet


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    CAME = "came", _("Came")
    MISSED = "missed", _("Did not come")
    CANCELLED = "cancelled", _("Cancelled")


class Appointment(models.Model):
    resident = models.ForeignKey(
        "residents.Resident", on_delete=models.PROTECT, null=True, blank=True,
        related_name="appointments", verbose_name=_("resident"),
    )
    visitor_name = models.CharField(_("visitor's name"), max_length=50, blank=True)
    day = models.DateField(_("date"))
    time = models.TimeField(_("time"))
    window = models.ForeignKey(
        "casework.ServiceWindow", on_delete=models.PROTECT, related_name="appointments",
        verbose_name=_("window"),
    )
    purpose = models.CharField(_("purpose"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=AppointmentStatus.choices,
        default=AppointmentStatus.BOOKED,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("booked by"),
    )
    created_at = models.DateTimeField(_("booked at"), auto_now_add=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["day", "time", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(resident__isnull=False) | ~models.Q(visitor_name=""),
                name="appointment_names_who_comes",
            ),
        ]

    def __str__(self) -> str:
        return f"Appointment {self.pk} on {self.day} {self.time}"
