"""`manage.py backup`: write an encrypted backup (database dump and uploaded files) to BACKUP_DIR.

`--generate-key` prints a new key for BACKUP_KEY instead.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from residents.backups import services


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into one encrypted file in BACKUP_DIR."

    def add_arguments(self, parser):
        parser.add_argument(
            "--generate-key", action="store_true", help="Print a new BACKUP_KEY and stop."
        )

    def handle(self, *args, **options):
        if options["generate_key"]:
            self.stdout.write(services.generate_key())
            return
        try:
            result = services.backup_create()
        except services.BackupRefused as refusal:
            raise CommandError(refusal.message) from refusal
        members = result.manifest["members"]
        size = result.path.stat().st_size
        self.stdout.write(
            f"backup written: {result.path} ({size} bytes, {len(members)} members, "
            f"{len(result.manifest['schema_version'])} migrations)"
        )
