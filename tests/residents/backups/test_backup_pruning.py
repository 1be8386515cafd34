"""Only the BACKUP_KEEP newest backups are kept: older complete backups are deleted by a
nightly job after the backup; a file still being written and other files are left alone."""

from __future__ import annotations

from procrastinate.contrib.django import app

from residents.backups.archive import SUFFIX
from residents.backups.services import backup_files, backups_prune


def _backup(directory, day: int) -> str:
    name = f"jumin-202611{day:02d}T180000000000Z{SUFFIX}"
    (directory / name).write_bytes(b"backup")
    return name


def test_the_prune_is_a_nightly_periodic_task():
    scheduled = {key[0]: task for key, task in app.periodic_registry.periodic_tasks.items()}
    assert scheduled["residents.backups.tasks.prune_backups"].cron == "0 19 * * *"


def test_backups_beyond_the_newest_fourteen_are_deleted(tmp_path, settings):
    settings.BACKUP_DIR = tmp_path
    names = [_backup(tmp_path, day) for day in range(1, 17)]  # 16 nightly backups
    partial = tmp_path / f".jumin-20261130T180000000000Z{SUFFIX}.partial"
    partial.write_bytes(b"being written")
    other = tmp_path / "notes.txt"
    other.write_text("not a backup")

    deleted = backups_prune()

    assert sorted(deleted) == names[:2]  # the two oldest
    assert [item.name for item in backup_files()] == sorted(names[2:], reverse=True)
    assert partial.exists() and other.exists()
    assert backups_prune() == []


def test_the_number_kept_is_a_setting_and_the_newest_always_stays(tmp_path, settings):
    settings.BACKUP_DIR = tmp_path
    names = [_backup(tmp_path, day) for day in range(1, 6)]
    settings.BACKUP_KEEP = 3
    assert sorted(backups_prune()) == names[:2]
    settings.BACKUP_KEEP = 0
    assert sorted(backups_prune()) == names[2:4]
    assert [item.name for item in backup_files()] == [names[4]]
