"""`manage.py restore FILE`: restore a backup into an empty database.

The key and every SHA-256 of the manifest are checked before anything is changed; then the
dump is restored as the owner role, the uploaded files put back, the application's role granted
its privileges and the audit chain verified. Exits with status 1 when the chain is broken.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from residents.backups import services
from residents.management.commands.audit_verify import REASONS


class Command(BaseCommand):
    help = "Restore a backup file into an empty database (refuses a non-empty one)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The backup file (.jmbk).")

    def handle(self, *args, **options):
        try:
            report = services.backup_restore(path=options["file"])
        except services.BackupRefused as refusal:
            raise CommandError(refusal.message) from refusal
        manifest = report.manifest
        self.stdout.write(
            f"restored the backup of {manifest['created_at']} (app version "
            f"{manifest['app_version']}): database and {report.media_files} uploaded files"
        )
        if report.missing_migrations:
            self.stdout.write(
                f"{len(report.missing_migrations)} migrations are newer than the backup: "
                "run `manage.py migrate` now."
            )
        chain = report.chain
        if not chain.intact:
            raise CommandError(
                f"audit chain broken at entry {chain.broken_entry} "
                f"(position {chain.broken_seq}): {REASONS[chain.reason]}"
            )
        self.stdout.write(
            f"audit chain intact: {chain.entries} entries, last position {chain.last_seq}, "
            f"last hash {chain.last_hash}"
        )
