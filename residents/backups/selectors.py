"""Reads for the backups page: the files in BACKUP_DIR with the latest check of each."""

from __future__ import annotations

from dataclasses import dataclass

from residents.backups.services import BackupFile, backup_files
from residents.models import BackupVerification


@dataclass(frozen=True)
class BackupRow:
    file: BackupFile
    check: BackupVerification | None


def backup_rows() -> list[BackupRow]:
    files = backup_files()
    checks = {
        check.file_name: check
        for check in BackupVerification.objects.filter(file_name__in=[f.name for f in files])
        .select_related("checked_by")
        .order_by("file_name", "-checked_at", "-pk")
        .distinct("file_name")
    }
    return [BackupRow(file=item, check=checks.get(item.name)) for item in files]
