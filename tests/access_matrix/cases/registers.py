"""Access matrix cases of the registers pages.

Both registers are comprehensive (hardship) or key-person information: only managers see
them. Front desk and the service-scope grant see the resident, so pages naming the resident
answer 403 and pages naming a register record answer 404 (the record itself is hidden).
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from residents.models import HardshipKind, KeyPersonCategory
from residents.registers import services as register_services
from tests.access_matrix.cases.common import (
    FORBIDDEN,
    FOUND,
    HIDDEN,
    OK,
    RESIDENT_HIDDEN,
    Case,
    World,
    _statuses,
)


def _today() -> str:
    return timezone.localdate().isoformat()


def _in_days(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def _resident_page(name):
    return lambda w: reverse(f"residents:{name}", args=[w.resident.pk])


def _hardship(name):
    return lambda w: reverse(f"residents:{name}", args=[w.extra["hardship"].pk])


def _key_person(name):
    return lambda w: reverse(f"residents:{name}", args=[w.extra["key_person"].pk])


MANAGERS_ONLY_ON_RESIDENT = _statuses(
    FORBIDDEN, manager=OK, designated_manager=OK, **RESIDENT_HIDDEN
)


def _record(ok):
    return _statuses(HIDDEN, manager=ok, designated_manager=ok)


CASES: dict[str, Case] = {
    "residents:registers": Case("get", _resident_page("registers"), MANAGERS_ONLY_ON_RESIDENT),
    "residents:hardship_create": Case(
        "get", _resident_page("hardship_create"), MANAGERS_ONLY_ON_RESIDENT
    ),
    "residents:key_person_create": Case(
        "get", _resident_page("key_person_create"), MANAGERS_ONLY_ON_RESIDENT
    ),
    "residents:hardship_detail": Case("get", _hardship("hardship_detail"), _record(OK)),
    "residents:hardship_end": Case(
        "post", _hardship("hardship_end"), _record(FOUND), lambda w: {"end-end_date": _today()}
    ),
    "residents:hardship_review": Case(
        "post", _hardship("hardship_review"), _record(FOUND),
        lambda w: {"review-next_review_date": _in_days(180)},
    ),
    "residents:help_ledger_add": Case(
        "post", _hardship("help_ledger_add"), _record(FOUND),
        lambda w: {
            "help-date": _today(),
            "help-help_given": "发放米面油慰问品",
            "help-given_by": "社区民政专干",
        },
    ),
    "residents:key_person_detail": Case("get", _key_person("key_person_detail"), _record(OK)),
    "residents:key_person_end": Case(
        "post", _key_person("key_person_end"), _record(FOUND),
        lambda w: {"end-end_date": _today()},
    ),
    "residents:key_person_review": Case(
        "post", _key_person("key_person_review"), _record(FOUND),
        lambda w: {"review-next_review_date": _in_days(90)},
    ),
    "residents:key_person_visit": Case(
        "post", _key_person("key_person_visit"), _record(FOUND),
        lambda w: {"visit-visited_on": _today(), "visit-summary": "入户走访，情绪稳定"},
    ),
    "residents:worklist_key_person_visits": Case(
        "get", lambda w: reverse("residents:worklist_key_person_visits"),
        _statuses(FORBIDDEN, manager=OK, designated_manager=OK),
    ),
    "residents:worklist_hardship_reviews": Case(
        "get", lambda w: reverse("residents:worklist_hardship_reviews"),
        _statuses(FORBIDDEN, manager=OK, designated_manager=OK),
    ),
    # Their exports (DAT-2): whoever sees the register's list.
    "exports:key_person_visits": Case(
        "post", lambda w: reverse("exports:key_person_visits"),
        _statuses(FORBIDDEN, manager=OK, designated_manager=OK),
        lambda w: {"format": "csv", "category": KeyPersonCategory.RELEASED},
    ),
    "exports:hardship_reviews": Case(
        "post", lambda w: reverse("exports:hardship_reviews"),
        _statuses(FORBIDDEN, manager=OK, designated_manager=OK),
        lambda w: {"format": "csv"},
    ),
}


def build(world: World) -> None:
    """A current hardship entry due for review and a key person whose visit is overdue."""
    today = timezone.localdate()
    manager = world.users["manager"]
    world.extra["hardship"] = register_services.hardship_create(
        resident=world.resident, kind=HardshipKind.DIBAO,
        start_date=today - datetime.timedelta(days=200), review_date=today,
        note="家庭收入低于本市低保标准", actor=manager,
    )
    world.extra["key_person"] = register_services.key_person_create(
        resident=world.resident, category=KeyPersonCategory.RELEASED,
        start_date=today - datetime.timedelta(days=60),
        review_date=today + datetime.timedelta(days=30),
        note="2024年刑满释放，已安置就业", actor=manager,
    )
    # Key-person and hardship details reach managers only (checked for every page and role).
    world.extra.setdefault("never_leak", []).extend(
        ["2024年刑满释放，已安置就业", "刑满释放人员", "家庭收入低于本市低保标准"]
    )
