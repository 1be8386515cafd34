"""A resident's own report of a change in their situation, sent online (TRK-5).

It never changes the record: staff confirm it against the record as online feedback (a
tracking record of the kind "online feedback"), or dismiss it with a reason.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from residents.audit.querysets import AuditedQuerySet
from residents.models.people import Resident
from residents.models.tracking import ContactRecord


class SelfReportAspect(models.TextChoices):
    ECONOMIC = "economic", _("Income or employment")
    HEALTH = "health", _("Health")
    HOUSING = "housing", _("Housing or address")
    FAMILY = "family", _("Family or contact details")
    OTHER = "other", _("Something else")


class SelfReportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for staff to confirm")
    CONFIRMED = "confirmed", _("Confirmed as online feedback")
    DISMISSED = "dismissed", _("Dismissed")


class SelfReport(models.Model):
    resident = models.ForeignKey(
        Resident, on_delete=models.PROTECT, related_name="self_reports",
        verbose_name=_("resident"),
    )
    aspect = models.CharField(_("what changed"), max_length=20, choices=SelfReportAspect.choices)
    text = models.TextField(_("the resident's report"))
    consent_at = models.DateTimeField(_("consent given at"))
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=20, choices=SelfReportStatus.choices,
        default=SelfReportStatus.PENDING, db_index=True,
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
        blank=True, verbose_name=_("handled by"),
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handling_note = models.TextField(_("staff note"), blank=True)
    # The online feedback it became when confirmed.
    contact_record = models.OneToOneField(
        ContactRecord, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("tracking record"),
    )

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("self-report")
        verbose_name_plural = _("self-reports")
        ordering = ["submitted_at", "pk"]

    def __str__(self) -> str:
        return f"Self-report #{self.pk}"
