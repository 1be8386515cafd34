"""`manage.py seed_demo`: the demo accounts and a few hundred synthetic residents.

Safe to run repeatedly: existing accounts keep their password and names, residents are keyed
by ID number, so a second run changes nothing (and writes no audit entries).
"""

from __future__ import annotations

import os
import random
import time

from auditlog.context import set_actor
from django.apps import apps
from django.contrib.auth.models import Group, Permission, User
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from residents import roles
from residents.access import services as grants
from residents.activities import demo as demo_activities
from residents.audit.context import acting_as
from residents.demo.people import demo_residents
from residents.households import demo as demo_households
from residents.models import AccessGrant, GrantScope, RegistrationStatus, Resident
from residents.people import services
from residents.registers import demo as demo_registers
from residents.tracking import demo as demo_tracking

DEFAULT_PASSWORD = "Demo-2026-jumin"
DEFAULT_RESIDENTS = 300
# Changing the seed changes every demo resident; existing databases would then get new ones.
RESIDENT_SEED = 20261124

# username → (role, family name, given name, is_staff)
DEMO_ACCOUNTS: dict[str, tuple[str, str, str, bool]] = {
    "frontdesk": (roles.FRONT_DESK, "王", "丽", False),
    "manager": (roles.MANAGER, "陈", "建华", False),
    "reporter": (roles.REPORTER, "刘", "志强", False),
    "staff": (roles.OTHER_STAFF, "赵", "敏", False),
    "auditor": (roles.AUDITOR, "周", "静", False),
    # Django admin for users and roles only: not a superuser, so no resident data.
    "admin": (roles.SYSADMIN, "李", "强", True),
}


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
        started = time.monotonic()
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD
        with transaction.atomic():
            users, new_accounts = self._accounts(password)
            new_residents = self._residents(users["frontdesk"], residents)
            new_grants = self._access(users)
            new_records = self._dynamics(users)
        self.stdout.write(
            f"demo: {len(users)} accounts ({new_accounts} new), "
            f"{residents} residents ({new_residents} new), "
            f"{new_grants} new access requests, {new_records} new households, register, "
            f"tracking, activity and casework records in {time.monotonic() - started:.1f} s"
        )

    def _dynamics(self, users: dict[str, User]) -> int:
        """Households, registers, tracking and activities; each subject seeds itself once."""
        verified = list(
            Resident.objects.filter(status=RegistrationStatus.VERIFIED).order_by("pk")
        )
        seeders = [
            module.seed
            for module in (demo_households, demo_registers, demo_tracking, demo_activities)
        ]
        # Apps built on residents offer their demo data as AppConfig.demo_seeders (residents
        # never imports them).
        for config in apps.get_app_configs():
            seeders.extend(getattr(config, "demo_seeders", lambda: [])())
        created = 0
        for seed in seeders:
            with acting_as(users["manager"]):
                created += seed(rng=random.Random(RESIDENT_SEED), users=users, residents=verified)
        return created

    def _accounts(self, password: str) -> tuple[dict[str, User], int]:
        groups = {group.name: group for group in Group.objects.filter(
            name__in=[role for role, *_rest in DEMO_ACCOUNTS.values()]
        )}
        missing = {role for role, *_rest in DEMO_ACCOUNTS.values()} - groups.keys()
        if missing:
            raise CommandError(
                f"role groups missing ({', '.join(sorted(missing))}): run manage.py migrate first"
            )
        users: dict[str, User] = {}
        created_count = 0
        for username, (role, last_name, first_name, is_staff) in DEMO_ACCOUNTS.items():
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"last_name": last_name, "first_name": first_name, "is_staff": is_staff},
            )
            if created:
                user.set_password(password)
                user.save(update_fields=["password"])
                created_count += 1
            if not user.groups.filter(pk=groups[role].pk).exists():
                user.groups.add(groups[role])
            users[username] = user
        return users, created_count

    def _residents(self, actor: User, count: int) -> int:
        wanted = demo_residents(random.Random(RESIDENT_SEED), count)
        existing = set(
            Resident.objects.filter(
                id_number__in=[item["data"]["id_number"] for item in wanted]
            ).values_list("id_number", flat=True)
        )
        created = 0
        with set_actor(actor):
            for item in wanted:
                if item["data"]["id_number"] in existing:
                    continue
                status = item["status"]
                resident = services.registration_create(
                    actor=actor,
                    data=item["data"],
                    submit=status != RegistrationStatus.DRAFT,
                    channel=item["channel"],
                )
                if status == RegistrationStatus.VERIFIED:
                    services.registration_verify(registration=resident, actor=actor)
                elif status == RegistrationStatus.RETURNED:
                    services.registration_return(
                        registration=resident, actor=actor, reason=item["return_reason"]
                    )
                created += 1
        return created

    def _access(self, users: dict[str, User]) -> int:
        """`manager` is a designated manager; `staff` gets one grant in force and one request.

        The grants are made only while `staff` has no grant at all, so a second run (even
        after the demo grant has expired) changes nothing.
        """
        approve = Permission.objects.get(
            content_type__app_label="residents", codename="approve_accessgrant"
        )
        if not users["manager"].user_permissions.filter(pk=approve.pk).exists():
            users["manager"].user_permissions.add(approve)
        manager = User.objects.get(pk=users["manager"].pk)  # no stale permission cache
        staff = users["staff"]
        if AccessGrant.objects.filter(requester=staff).exists():
            return 0
        verified = list(
            Resident.objects.filter(status=RegistrationStatus.VERIFIED)
            .order_by("archive_number")
            .only("pk")[:2]
        )
        if not verified:
            return 0
        with set_actor(staff):
            grant = grants.grant_request(
                requester=staff, resident=verified[0], purpose="核实低保申请材料",
                scope=GrantScope.SERVICE,
            )
        with set_actor(manager):
            grants.grant_approve(
                grant=grant, approver=manager,
                expires_at=timezone.now() + grants.MAX_DURATION, note="演示数据",
            )
        if len(verified) < 2:
            return 1
        with set_actor(staff):
            grants.grant_request(
                requester=staff, resident=verified[1], purpose="上门走访前了解服务需求",
                scope=GrantScope.SERVICE,
            )
        return 2
