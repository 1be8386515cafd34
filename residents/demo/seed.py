"""The demo data of `manage.py seed_demo`: accounts, residents and every subject's records.

Safe to run repeatedly: existing accounts keep their password and names, residents are keyed
by ID number, and each subject seeds itself only once, so a second run changes nothing.
"""

from __future__ import annotations

import random

from auditlog.context import set_actor
from django.apps import apps
from django.contrib.auth.models import Group, User

from residents import roles
from residents.access import demo as demo_access
from residents.activities import demo as demo_activities
from residents.audit.context import acting_as
from residents.demo.people import demo_residents
from residents.households import demo as demo_households
from residents.imports import demo as demo_imports
from residents.models import RegistrationStatus, Resident
from residents.people import services
from residents.registers import demo as demo_registers
from residents.selfreports import demo as demo_selfreports
from residents.tracking import demo as demo_tracking

DEFAULT_PASSWORD = "Demo-2026-jumin"
# Changing the seed changes every demo resident; existing databases would then get new ones.
RESIDENT_SEED = 20261124

# username → (role, family name, given name, is_staff)
DEMO_ACCOUNTS: dict[str, tuple[str, str, str, bool]] = {
    "frontdesk": (roles.FRONT_DESK, "王", "丽", False),
    # A second of each, so that four-eyes steps can be shown.
    "frontdesk2": (roles.FRONT_DESK, "孙", "晓燕", False),
    "manager": (roles.MANAGER, "陈", "建华", False),
    "manager2": (roles.MANAGER, "吴", "国平", False),
    # The community head: final approval of window affairs (AFF-3).
    "head": (roles.MANAGER, "林", "振华", False),
    "reporter": (roles.REPORTER, "刘", "志强", False),
    "reporter2": (roles.REPORTER, "郑", "海峰", False),
    "staff": (roles.OTHER_STAFF, "赵", "敏", False),
    "auditor": (roles.AUDITOR, "周", "静", False),
    # Django admin for accounts only: not a superuser, so no resident data, and no role alone.
    "admin": (roles.SYSADMIN, "李", "强", True),
    # Approves role assignments and password resets; no resident data.
    "security": (roles.SECURITY_ADMIN, "钱", "卫东", False),
    "supervisor": (roles.SUPERVISOR, "何", "秀英", False),
}



class DemoRefused(Exception):
    """The database is not ready for demo data (e.g. migrations have not run)."""


def seed_all(*, password: str, residents: int) -> dict[str, int]:
    """Everything the demo needs, in one transaction of the caller's; returns what was new."""
    users, new_accounts = ensure_accounts(password)
    return {
        "accounts": len(users),
        "new_accounts": new_accounts,
        "new_residents": seed_residents(users["frontdesk"], users["frontdesk2"], residents),
        "new_grants": demo_access.seed(users=users),
        "new_records": seed_subjects(users),
    }


def ensure_accounts(password: str) -> tuple[dict[str, User], int]:
    groups = {group.name: group for group in Group.objects.filter(
        name__in=[role for role, *_rest in DEMO_ACCOUNTS.values()]
    )}
    missing = {role for role, *_rest in DEMO_ACCOUNTS.values()} - groups.keys()
    if missing:
        raise DemoRefused(
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



def seed_residents(actor: User, checker: User, count: int) -> int:
    """Residents registered by `actor`, verified or returned by `checker` (four eyes)."""
    wanted = demo_residents(random.Random(RESIDENT_SEED), count)
    existing = set(
        Resident.objects.filter(
            id_number__in=[item["data"]["id_number"] for item in wanted]
        ).values_list("id_number", flat=True)
    )
    created = 0
    for item in wanted:
        if item["data"]["id_number"] in existing:
            continue
        status = item["status"]
        # One actor per block, one after the other: auditlog's actor does not nest.
        with set_actor(actor):
            resident = services.registration_create(
                actor=actor,
                data=item["data"],
                submit=status != RegistrationStatus.DRAFT,
                channel=item["channel"],
            )
        with set_actor(checker):
            if status == RegistrationStatus.VERIFIED:
                services.registration_verify(registration=resident, actor=checker)
            elif status == RegistrationStatus.RETURNED:
                services.registration_return(
                    registration=resident, actor=checker, reason=item["return_reason"]
                )
        created += 1
    return created



def seed_subjects(users: dict[str, User]) -> int:
    """Households, registers, tracking and activities; each subject seeds itself once."""
    verified = list(
        Resident.objects.filter(status=RegistrationStatus.VERIFIED).order_by("pk")
    )
    seeders = [
        module.seed
        for module in (
            demo_households, demo_registers, demo_tracking, demo_activities, demo_imports,
            demo_selfreports,
        )
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

