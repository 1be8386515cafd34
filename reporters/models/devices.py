"""Checks of reporters' devices and storage media (REP-13, information security)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DeviceKind(models.TextChoices):
    PHONE = "phone", _("Mobile phone")
    COMPUTER = "computer", _("Computer")
    STORAGE = "storage", _("Storage medium (USB stick, card, disk)")
    OTHER = "other", _("Other device")


class CheckResult(models.TextChoices):
    PASSED = "passed", _("No problem found")
    PROBLEM = "problem", _("Problem found")


class DeviceCheck(models.Model):
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="device_checks",
        verbose_name=_("reporter"),
    )
    checked_on = models.DateField(_("checked on"))
    device_kind = models.CharField(_("kind of device"), max_length=20, choices=DeviceKind.choices)
    device = models.CharField(_("device"), max_length=200)
    result = models.CharField(_("result"), max_length=20, choices=CheckResult.choices)
    findings = models.TextField(_("findings"), max_length=2000, blank=True)
    action = models.TextField(_("action taken"), max_length=2000, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("checked by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("device check")
        verbose_name_plural = _("device checks")
        ordering = ["-checked_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.device} {self.checked_on}"
