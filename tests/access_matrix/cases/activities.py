"""Access matrix cases of the activities pages.

Records about the resident (`pk`, `service_pk`, `participation_pk`, `volunteer_pk`) answer 404
to roles that may not see the resident; activities and teams are not resident data, so roles
without the model permission get 403 there.
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from residents.activities import services as activity_services
from residents.models import ActivityKind, ServiceKind
from tests.access_matrix.cases.common import (
    FORBIDDEN,
    FOUND,
    OK,
    RESIDENT_HIDDEN,
    Case,
    World,
    _statuses,
)

# Front desk and managers do this work; nobody else holds the model permissions.
WORKERS_ONLY = dict(front_desk=OK, manager=OK, designated_manager=OK)
WORKERS_FOUND = dict(front_desk=FOUND, manager=FOUND, designated_manager=FOUND)


def _today() -> str:
    return timezone.localdate().isoformat()


CASES: dict[str, Case] = {
    "residents:service_list": Case(
        "get", lambda w: reverse("residents:service_list", args=[w.resident.pk]),
        _statuses(OK, other_staff_granted=FORBIDDEN, **RESIDENT_HIDDEN),
    ),
    "residents:service_create": Case(
        "get", lambda w: reverse("residents:service_create", args=[w.resident.pk]),
        _statuses(OK, other_staff_granted=FORBIDDEN, **RESIDENT_HIDDEN),
    ),
    "residents:service_outcome": Case(
        "get", lambda w: reverse("residents:service_outcome", args=[w.extra["service"].pk]),
        _statuses(OK, other_staff_granted=FORBIDDEN, **RESIDENT_HIDDEN),
    ),
    "residents:service_open_list": Case(
        "get", lambda w: reverse("residents:service_open_list"),
        _statuses(FORBIDDEN, **WORKERS_ONLY),
    ),
    # Files due per age class (CLS-4): the world's resident has no file of their class.
    "residents:files_due_list": Case(
        "get", lambda w: reverse("residents:files_due_list"),
        _statuses(FORBIDDEN, **WORKERS_ONLY),
    ),
    "residents:activity_list": Case(
        "get", lambda w: reverse("residents:activity_list"),
        _statuses(FORBIDDEN, **WORKERS_ONLY),
    ),
    "residents:activity_create": Case(
        "post", lambda w: reverse("residents:activity_create"),
        _statuses(FORBIDDEN, **WORKERS_FOUND),
        lambda w: {"title": "重阳节茶话会", "kind": "cultural", "held_on": _today(),
                   "place": "社区活动室"},
    ),
    "residents:activity_detail": Case(
        "get", lambda w: reverse("residents:activity_detail", args=[w.extra["activity"].pk]),
        _statuses(FORBIDDEN, **WORKERS_ONLY),
    ),
    "residents:participant_add": Case(
        "post",
        lambda w: reverse("residents:participant_add", args=[w.extra["empty_activity"].pk]),
        _statuses(FORBIDDEN, **WORKERS_FOUND),
        lambda w: {"archive_number": w.resident.archive_number},
    ),
    "residents:participation_attendance": Case(
        "post",
        lambda w: reverse(
            "residents:participation_attendance", args=[w.extra["participation"].pk]
        ),
        _statuses(FOUND, other_staff_granted=FORBIDDEN, **RESIDENT_HIDDEN),
        lambda w: {"attended": "yes"},
    ),
    "residents:team_list": Case(
        "get", lambda w: reverse("residents:team_list"), _statuses(FORBIDDEN, **WORKERS_ONLY),
    ),
    "residents:team_create": Case(
        "get", lambda w: reverse("residents:team_create"), _statuses(FORBIDDEN, **WORKERS_ONLY),
    ),
    "residents:team_detail": Case(
        "get", lambda w: reverse("residents:team_detail", args=[w.extra["team"].pk]),
        _statuses(FORBIDDEN, **WORKERS_ONLY),
    ),
    "residents:team_join": Case(
        "post", lambda w: reverse("residents:team_join", args=[w.extra["empty_team"].pk]),
        _statuses(FORBIDDEN, **WORKERS_FOUND),
        lambda w: {"archive_number": w.resident.archive_number, "joined_on": _today()},
    ),
    "residents:volunteer_leave": Case(
        "post", lambda w: reverse("residents:volunteer_leave", args=[w.extra["membership"].pk]),
        _statuses(FOUND, other_staff_granted=FORBIDDEN, **RESIDENT_HIDDEN),
        lambda w: {f"leave-{w.extra['membership'].pk}-left_on": _today()},
    ),
}


def build(world: World) -> None:
    """Add the records these cases need to `world.extra`."""
    actor = world.users["front_desk"]
    resident = world.resident
    today = timezone.localdate()
    earlier = today - datetime.timedelta(days=30)
    world.extra["service"] = activity_services.service_record_create(
        resident=resident, kind=ServiceKind.MEDICAL_INSURANCE, applied_on=earlier,
        note="城乡居民医保参保登记", actor=actor,
    )
    # An economic application: its rows must not reach the front desk (checked by the leak test only
    # through the resident's name; tests/residents/activities/test_activities.py checks the rows).
    activity_services.service_record_create(
        resident=resident, kind=ServiceKind.DIBAO, applied_on=earlier, note="", actor=actor,
    )
    team = activity_services.volunteer_team_create(
        name="夕阳红志愿服务队", description="", created_on=earlier, actor=actor
    )
    world.extra["team"] = team
    world.extra["empty_team"] = activity_services.volunteer_team_create(
        name="青年志愿者服务队", description="", created_on=earlier, actor=actor
    )
    world.extra["membership"] = activity_services.volunteer_join(
        team=team, resident=resident, joined_on=earlier, actor=actor
    )
    activity = activity_services.activity_create(
        title="社区健步走", kind=ActivityKind.SPORTS, held_on=today, place="社区广场",
        description="", team=team, actor=actor,
    )
    world.extra["activity"] = activity
    world.extra["participation"] = activity_services.participation_add(
        activity=activity, resident=resident, actor=actor
    )
    world.extra["empty_activity"] = activity_services.activity_create(
        title="书法交流", kind=ActivityKind.CULTURAL, held_on=today, place="社区活动室",
        description="", team=None, actor=actor,
    )
