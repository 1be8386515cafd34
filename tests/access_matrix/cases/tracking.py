"""Access matrix cases of the tracking pages: contacts, status history, emergencies, re-checks.

Reading follows the field policy (a service-scope grant shows visits, calls and emergencies);
recording needs the role's model permissions (403 otherwise). Status changes are
comprehensive information: managers only, and their record URLs answer 404 to everyone else.
The world's emergency is a serious illness, comprehensive information too: its recorder (the
front desk) and managers see it, a service-scope grant does not (404).
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from residents.models import Resident
from residents.tracking import services as tracking_services
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

READ = _statuses(OK, **RESIDENT_HIDDEN)
RECORD = _statuses(OK, other_staff_granted=FORBIDDEN, **RESIDENT_HIDDEN)
ACT = _statuses(FOUND, other_staff_granted=FORBIDDEN, **RESIDENT_HIDDEN)
MANAGERS_ONLY = _statuses(FORBIDDEN, manager=OK, designated_manager=OK, **RESIDENT_HIDDEN)
WORK_LIST = _statuses(FORBIDDEN, front_desk=OK, manager=OK, designated_manager=OK)
# A serious illness: not shown through a service-scope grant.
ILLNESS_READ = {**READ, "other_staff_granted": HIDDEN}
ILLNESS_ACT = {**ACT, "other_staff_granted": HIDDEN}


def _today() -> str:
    return timezone.localdate().isoformat()


def _pk(w: World) -> list[int]:
    return [w.resident.pk]


CASES: dict[str, Case] = {
    "residents:tracking": Case(
        "get", lambda w: reverse("residents:tracking", args=_pk(w)), READ
    ),
    "residents:contact_create": Case(
        "get", lambda w: reverse("residents:contact_create", args=_pk(w)), RECORD
    ),
    "residents:contact_detail": Case(
        "get", lambda w: reverse("residents:contact_detail", args=[w.extra["contact"].pk]), READ
    ),
    "residents:status_create": Case(
        "get", lambda w: reverse("residents:status_create", args=_pk(w)), MANAGERS_ONLY
    ),
    "residents:status_history": Case(
        "get", lambda w: reverse("residents:status_history", args=[w.resident.pk, "economic"]),
        MANAGERS_ONLY,
    ),
    "residents:status_detail": Case(
        "get", lambda w: reverse("residents:status_detail", args=[w.extra["status"].pk]),
        _statuses(HIDDEN, manager=OK, designated_manager=OK),
    ),
    "residents:emergency_create": Case(
        "get", lambda w: reverse("residents:emergency_create", args=_pk(w)), RECORD
    ),
    "residents:emergency_detail": Case(
        "get", lambda w: reverse("residents:emergency_detail", args=[w.extra["emergency"].pk]),
        ILLNESS_READ,
    ),
    "residents:emergency_follow_up": Case(
        "post",
        lambda w: reverse("residents:emergency_follow_up", args=[w.extra["emergency"].pk]),
        ILLNESS_ACT,
        lambda w: {"date": _today(), "note": "电话回访，情况稳定"},
    ),
    "residents:emergency_close": Case(
        "post",
        lambda w: reverse("residents:emergency_close", args=[w.extra["emergency"].pk]),
        ILLNESS_ACT,
        lambda w: {"closed_on": _today(), "closing_note": "已妥善安置"},
    ),
    "residents:recheck": Case(
        "post", lambda w: reverse("residents:recheck", args=_pk(w)), ACT,
        lambda w: {"note": "信息无变化"},
    ),
    "residents:worklist_rechecks": Case(
        "get", lambda w: reverse("residents:worklist_rechecks"), WORK_LIST
    ),
    "residents:worklist_emergencies": Case(
        "get", lambda w: reverse("residents:worklist_emergencies"), WORK_LIST
    ),
}


def build(world: World) -> None:
    """A visit, an economic status change and an open emergency; the resident due a re-check."""
    resident = world.resident
    front_desk, manager = world.users["front_desk"], world.users["manager"]
    today = timezone.localdate()
    world.extra["contact"] = tracking_services.contact_record_create(
        resident=resident, kind="visit", occurred_on=today, summary="入户走访，老人身体尚可",
        actor=front_desk,
    )
    world.extra["status"] = tracking_services.status_change_record(
        resident=resident, aspect="economic", current="失业，靠积蓄生活",
        effective_on=today, actor=manager,
    )
    world.extra["emergency"] = tracking_services.emergency_open(
        resident=resident, kind="illness", occurred_on=today - datetime.timedelta(days=3),
        description="突发脑梗住院", help_given="联系家属，协助办理住院", actor=front_desk,
    )
    # Verified four years ago, so the re-check work list shows this resident to the roles.
    verified_at = timezone.now() - datetime.timedelta(days=4 * 365)
    Resident.objects.filter(pk=resident.pk).update(verified_at=verified_at)
    resident.verified_at = verified_at
