"""Background task of backups (ACC-6, DAT-4): a backup every night, checked once written."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from residents.backups.services import backup_create, backup_record_check, backups_prune
from residents.common.jobs import periodic


# 02:00 in Beijing (cron is read in UTC).
@periodic(cron="0 18 * * *", label=_("Nightly backup"))
def nightly_backup(timestamp: int) -> None:
    result = backup_create()
    backup_record_check(path=result.path)


# An hour after the nightly backup: the oldest beyond BACKUP_KEEP go.
@periodic(cron="0 19 * * *", label=_("Delete old backups"))
def prune_backups(timestamp: int) -> None:
    backups_prune()
