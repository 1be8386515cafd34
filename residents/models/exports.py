"""Exported list files built in the background (DAT-2): kept for their requester only.

A row holds what the export needs to run again (the list, its filters, the format) and, once
built, the file. The file is handed out once, to the user who asked for it, within
EXPORT_FILE_HOURS; then its bytes are wiped, so no copy of personal data lingers here.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Being prepared")
    READY = "ready", _("Ready to download")
    DOWNLOADED = "downloaded", _("Downloaded")
    EXPIRED = "expired", _("Expired")
    FAILED = "failed", _("Failed")


class ExportFile(models.Model):
    list_name = models.CharField(_("list"), max_length=32)
    file_format = models.CharField(_("format"), max_length=8)
    # The list's filters as typed (a search term included): needed to build the file, wiped
    # with it.
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=16, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    content = models.BinaryField(_("file"), null=True, blank=True)
    ready_at = models.DateTimeField(_("ready at"), null=True, blank=True)
    downloaded_at = models.DateTimeField(_("downloaded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("export file")
        verbose_name_plural = _("export files")
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.list_name} export #{self.pk}"
