"""Per-resident data keys for the personal values kept in the audit history (ACC-14).

A resident's old and new field values are written to the append-only log encrypted with the
resident's own key (residents/audit/sealing.py). The key is stored here wrapped by the key-
encryption key from the environment (AUDIT_KEK); deleting the row when the resident's archive
is destroyed makes those values unreadable while the entries, and the hash chain, stay.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ResidentAuditKey(models.Model):
    # A plain number, not a foreign key: the key may outlive an anonymised record and must
    # never be deleted by a cascade other than the destruction that means to delete it.
    resident_id = models.BigIntegerField(_("resident"), unique=True)
    wrapped_key = models.BinaryField(_("wrapped key"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("audit value key")
        verbose_name_plural = _("audit value keys")

    def __str__(self) -> str:
        return f"Audit key of resident #{self.resident_id}"
