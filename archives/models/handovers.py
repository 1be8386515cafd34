"""Handovers (交接, ARC-7) and archive-room inspections (ARC-9)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Handover(models.Model):
    """Who handed over which volumes to whom; both confirm."""

    volumes = models.ManyToManyField(
        "archives.Volume", related_name="handovers", verbose_name=_("volumes")
    )
    note = models.CharField(_("items and remarks"), max_length=300, blank=True)
    handed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("handed over by"),
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("received by"),
    )
    handed_at = models.DateTimeField(_("handed over at"), default=timezone.now)
    received_at = models.DateTimeField(_("receipt confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        ordering = ["-handed_at"]

    def __str__(self) -> str:
        return f"Handover #{self.pk}"


class Inspection(models.Model):
    """A periodic check of the archive room: damage, mould, missing items, and the upkeep."""

    inspected_on = models.DateField(_("inspected on"))
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("inspector"),
    )
    damage = models.BooleanField(_("damage found"), default=False)
    mould = models.BooleanField(_("mould found"), default=False)
    missing = models.BooleanField(_("missing items found"), default=False)
    findings = models.TextField(_("findings and upkeep"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("archive inspection")
        verbose_name_plural = _("archive inspections")
        ordering = ["-inspected_on", "-pk"]

    def __str__(self) -> str:
        return f"Inspection #{self.pk}"
