"""Checks of backup files (ACC-6): each verification of a backup, by whom and with what result.

The backup files themselves live in BACKUP_DIR, not in the database (a dump cannot contain
itself); the backups page joins the files with their latest check by file name.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BackupVerification(models.Model):
    """One check of a backup file's key and hashes; it carries the backups page's permissions."""

    file_name = models.CharField(_("file"), max_length=255, db_index=True)
    checked_at = models.DateTimeField(_("checked at"), default=timezone.now)
    verified = models.BooleanField(_("verified"))
    reason = models.TextField(_("reason"), blank=True)
    # Empty for the check the nightly backup makes of its own file.
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("checked by"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )

    class Meta:
        verbose_name = _("backup verification")
        verbose_name_plural = _("backup verifications")
        default_permissions = ("view",)
        permissions = [("verify_backup", _("Can verify a backup file"))]

    def __str__(self) -> str:
        return self.file_name
