"""Batch prints (DAT-3): confirmation slips of many residents printed into one PDF by a job.

Each slip of a batch is an ordinary `Slip` row (its own verification code and field groups);
the batch keeps who asked, which residents, the progress, who was skipped and why, and the PDF,
which only the requester downloads.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class BatchPrintStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("batch print status", "Queued")
    RUNNING = "running", pgettext_lazy("batch print status", "Printing")
    DONE = "done", pgettext_lazy("batch print status", "Done")
    FAILED = "failed", pgettext_lazy("batch print status", "Failed")


class BatchPrint(models.Model):
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    # The client address of the request, for the audit entries the job writes.
    remote_addr = models.GenericIPAddressField(null=True, blank=True)
    # Residents in print order; ids only (no personal data), like the job's arguments.
    resident_ids = ArrayField(models.BigIntegerField(), verbose_name=_("residents"))
    status = models.CharField(
        _("status"), max_length=10, choices=BatchPrintStatus.choices,
        default=BatchPrintStatus.QUEUED,
    )
    done = models.PositiveIntegerField(_("residents done"), default=0)
    slip_ids = ArrayField(models.BigIntegerField(), verbose_name=_("slips"), default=list)
    # [{"resident": pk, "reason": text}] for each resident that got no slip.
    skipped = models.JSONField(_("skipped"), default=list)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    pdf = models.BinaryField(_("PDF"), null=True, blank=True)

    class Meta:
        verbose_name = _("batch print")
        verbose_name_plural = _("batch prints")
        # Printing needs residents.add_slip; the batch is its requester's alone.
        default_permissions = ()
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"BatchPrint #{self.pk}"

    @property
    def total(self) -> int:
        return len(self.resident_ids)

    @property
    def finished(self) -> bool:
        return self.status in (BatchPrintStatus.DONE, BatchPrintStatus.FAILED)
