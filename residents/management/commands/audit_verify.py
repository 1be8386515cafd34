"""`manage.py audit_verify`: check the audit log's hash chain and name the first broken link.

Exits with status 1 when the chain is broken. Keep the printed last position and hash
somewhere else (e.g. the backup log): an entry removed from the end leaves no gap behind it.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from residents.audit.chain import verify_chain

REASONS = {
    "altered": "its content or hash does not match the chain (edited, or an entry before it "
    "was edited)",
    "missing_before": "the entry before it is missing (removed)",
    "unchained": "it was written outside the chain (the trigger was disabled)",
}


class Command(BaseCommand):
    help = "Verify the hash chain of the audit log and name the first broken link."

    def handle(self, *args, **options):
        report = verify_chain()
        if not report.intact:
            raise CommandError(
                f"audit chain broken at entry {report.broken_entry} "
                f"(position {report.broken_seq}): {REASONS[report.reason]}"
            )
        self.stdout.write(
            f"audit chain intact: {report.entries} entries, last position {report.last_seq}, "
            f"last hash {report.last_hash}"
        )
