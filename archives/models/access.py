"""Access applications (查阅申请, ARC-4, ARC-8): purpose, approval, a supervised viewing window."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from residents.models import GrantStatus


class AccessApplication(models.Model):
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("applicant"),
    )
    purpose = models.TextField(_("purpose"))
    volumes = models.ManyToManyField(
        "archives.Volume", related_name="access_applications", verbose_name=_("volumes")
    )
    # The same states as a resident access grant, so one rule decides when both are in force.
    status = models.CharField(
        _("status"), max_length=20, choices=GrantStatus.choices, default=GrantStatus.REQUESTED
    )
    created_at = models.DateTimeField(_("applied at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
        blank=True, verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("decision note"), max_length=300, blank=True)
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
        blank=True, verbose_name=_("supervisor"),
    )
    starts_at = models.DateTimeField(_("viewing from"), null=True, blank=True)
    expires_at = models.DateTimeField(_("viewing until"), null=True, blank=True)

    class Meta:
        verbose_name = _("archive access application")
        verbose_name_plural = _("archive access applications")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Access application #{self.pk}"
