"""Destruction of volumes past retention (ARC-9): proposed by one manager, approved by another."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DestructionStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    DESTROYED = "destroyed", _("Destroyed")


class DestructionBatch(models.Model):
    volumes = models.ManyToManyField(
        "archives.Volume", related_name="destruction_batches", verbose_name=_("volumes")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DestructionStatus.choices,
        default=DestructionStatus.PROPOSED,
    )
    reason = models.CharField(_("reason"), max_length=300)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("proposed by"),
    )
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
        blank=True, verbose_name=_("approved by"),
    )
    executed_at = models.DateTimeField(_("destroyed at"), null=True, blank=True)
    # The destruction register (销毁清册): volume numbers, archive and case numbers, counts;
    # kept after the data is gone, and holding no personal data.
    register = models.JSONField(_("register"), default=list, blank=True)

    class Meta:
        verbose_name = _("destruction batch")
        verbose_name_plural = _("destruction batches")
        ordering = ["-proposed_at"]

    def __str__(self) -> str:
        return f"Destruction batch #{self.pk}"
