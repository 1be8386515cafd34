"""`manage.py expire_access_grants`: mark lapsed access grants as expired now.

The job queue does the same every hour (residents/access/tasks.py); this command is for running
it by hand.

Reads already refuse a grant from its expiry instant on (residents.access.policy); this job tidies
the records: each lapsed grant becomes "expired", its object permissions are deleted, and both
changes are written to the audit log.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from residents.access.services import grants_expire_lapsed


class Command(BaseCommand):
    help = (
        "Mark approved access grants past their expiry as expired and delete their object "
        "permissions (audited). The job worker runs this every hour; safe to run at any time."
    )

    def handle(self, *args, **options):
        count = grants_expire_lapsed()
        self.stdout.write(f"expired access grants: {count}")
