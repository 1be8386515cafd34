"""`manage.py seed_demo`: the demo accounts and a few hundred synthetic residents.

Safe to run repeatedly: see residents/demo/seed.py.
"""

from __future__ import annotations

import os
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from residents.demo.seed import DEFAULT_PASSWORD, DemoRefused, seed_all

DEFAULT_RESIDENTS = 300


class Command(BaseCommand):
    help = (
        "Create the demo accounts (frontdesk, manager, reporter, staff, auditor, admin; "
        "password from DEMO_PASSWORD) and synthetic demo residents. Safe to run repeatedly: "
        "existing accounts and residents are left as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--residents",
            type=int,
            default=DEFAULT_RESIDENTS,
            metavar="N",
            help=f"number of demo residents (default {DEFAULT_RESIDENTS})",
        )

    def handle(self, *args, residents: int, **options):
        if residents < 0:
            raise CommandError("--residents must be zero or more")
        if not settings.DEMO_MODE:
            # Demo accounts share a published password: never in a production database.
            raise CommandError(
                "seed_demo creates demo accounts with a published password and runs only with "
                "DEMO_MODE=true (as `make run` sets it); nothing was created"
            )
        started = time.monotonic()
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD
        try:
            with transaction.atomic():
                made = seed_all(password=password, residents=residents)
        except DemoRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        self.stdout.write(
            f"demo: {made['accounts']} accounts ({made['new_accounts']} new), "
            f"{residents} residents ({made['new_residents']} new), "
            f"{made['new_grants']} new access requests, {made['new_records']} new households, "
            f"register, tracking, activity and casework records in "
            f"{time.monotonic() - started:.1f} s"
        )
