"""Access matrix cases of the archives (ARC).

Staff who may view volumes (front desk, managers, auditors) read the catalogue; the personal
archive page follows the field policy (the auditor sees no resident). Front desk and managers
apply to view; managers decide, keep the catalogue and destroy (a second manager approves).
A viewing opens only for its applicant, inside the approved window.
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from archives.applications import services as applications
from archives.destruction import services as destruction
from archives.handovers import services as handovers
from archives.models import AccessApplication, ArchiveCategory, ContentClass, VolumeItem
from archives.volumes import services as volumes
from residents.models import GrantStatus
from tests.access_matrix.cases.common import FORBIDDEN, FOUND, HIDDEN, OK, Case, World, _statuses

VIEWERS = _statuses(FORBIDDEN, front_desk=OK, manager=OK, designated_manager=OK, auditor=OK)
APPLICANTS = _statuses(FORBIDDEN, front_desk=OK, manager=OK, designated_manager=OK)
MANAGERS = _statuses(FORBIDDEN, manager=OK, designated_manager=OK)
MANAGERS_ACT = _statuses(FORBIDDEN, manager=FOUND, designated_manager=FOUND)


def _pk(key: str):
    return lambda w: [w.extra[key].pk]


CASES: dict[str, Case] = {
    "archives:resident_archive": Case(
        "get", lambda w: reverse("archives:resident_archive", args=[w.resident.pk]),
        _statuses(FORBIDDEN, front_desk=OK, manager=OK, designated_manager=OK, auditor=HIDDEN),
    ),
    "archives:volume_list": Case("get", lambda w: reverse("archives:volume_list"), VIEWERS),
    "archives:volume_create": Case(
        "get", lambda w: reverse("archives:volume_create"), MANAGERS
    ),
    "archives:volume_detail": Case(
        "get", lambda w: reverse("archives:volume_detail", args=_pk("volume")(w)), VIEWERS
    ),
    "archives:retention": Case("get", lambda w: reverse("archives:retention"), MANAGERS),
    "archives:catalogue_pdf": Case("get", lambda w: reverse("archives:catalogue_pdf"), VIEWERS),
    "archives:index_pdf": Case("get", lambda w: reverse("archives:index_pdf"), VIEWERS),
    "archives:application_list": Case(
        "get", lambda w: reverse("archives:application_list"), APPLICANTS
    ),
    "archives:application_create": Case(
        "get", lambda w: reverse("archives:application_create"), APPLICANTS
    ),
    "archives:application_detail": Case(
        "get", lambda w: reverse("archives:application_detail", args=_pk("application")(w)),
        APPLICANTS,
    ),
    "archives:application_approve": Case(
        "post", lambda w: reverse("archives:application_approve", args=_pk("application")(w)),
        MANAGERS_ACT,
        lambda w: {
            "day": (timezone.localdate() + datetime.timedelta(days=1)).isoformat(),
            "start": "09:00", "end": "11:00",
            "supervisor": w.users["designated_manager"].pk,
        },
    ),
    "archives:application_reject": Case(
        "post", lambda w: reverse("archives:application_reject", args=_pk("application")(w)),
        MANAGERS_ACT, lambda w: {"note": "用途不明确"},
    ),
    "archives:application_pdf": Case(
        "get", lambda w: reverse("archives:application_pdf", args=_pk("application")(w)),
        APPLICANTS,
    ),
    "archives:application_view": Case(
        "get", lambda w: reverse("archives:application_view", args=_pk("open_application")(w)),
        _statuses(FORBIDDEN, front_desk=OK, manager=HIDDEN, designated_manager=HIDDEN),
    ),
    "archives:destruction_list": Case(
        "get", lambda w: reverse("archives:destruction_list"), MANAGERS
    ),
    "archives:destruction_propose": Case(
        "post", lambda w: reverse("archives:destruction_propose"), MANAGERS_ACT,
        lambda w: {"volumes": [w.extra["old_volume"].pk], "reason": "保管期限已满"},
    ),
    "archives:destruction_approve": Case(
        "post", lambda w: reverse("archives:destruction_approve", args=_pk("batch")(w)),
        MANAGERS_ACT,
    ),
    "archives:destruction_register_pdf": Case(
        "get", lambda w: reverse("archives:destruction_register_pdf", args=_pk("batch")(w)),
        MANAGERS,
    ),
    "archives:handover_list": Case(
        "get", lambda w: reverse("archives:handover_list"), APPLICANTS
    ),
    # The receiver confirms; a manager who is not the receiver is told so on the list.
    "archives:handover_confirm": Case(
        "post", lambda w: reverse("archives:handover_confirm", args=_pk("handover")(w)),
        _statuses(FORBIDDEN, front_desk=FOUND, manager=FOUND, designated_manager=FOUND),
    ),
    "archives:handover_pdf": Case(
        "get", lambda w: reverse("archives:handover_pdf", args=_pk("handover")(w)), APPLICANTS
    ),
    "archives:inspection_list": Case(
        "get", lambda w: reverse("archives:inspection_list"), MANAGERS
    ),
}

AUDITED_READS = {
    "archives:resident_archive": "read",
    "archives:application_view": "read",
}


def build(world: World) -> None:
    """A volume holding the world's resident, the front desk's pending application and one
    approved for a window open now, and an expired volume proposed for destruction."""
    manager = world.users["manager"]
    front_desk = world.users["front_desk"]
    year = timezone.localdate().year
    volume = volumes.volume_open(
        actor=manager, title="户籍居民档案", category=ArchiveCategory.REGISTERED,
        content_class=ContentClass.BASIC, year=year, room="101", cabinet="A1", box="1",
    )
    VolumeItem.objects.create(volume=volume, resident=world.resident)
    world.extra["volume"] = volume
    world.extra["application"] = applications.application_submit(
        actor=front_desk, purpose="核对低保申请材料", volumes=[volume]
    )
    opened = applications.application_submit(
        actor=front_desk, purpose="核对救助申请材料", volumes=[volume]
    )
    now = timezone.now()
    AccessApplication.objects.filter(pk=opened.pk).update(
        status=GrantStatus.APPROVED, decided_by=manager, decided_at=now,
        supervisor=world.users["designated_manager"],
        starts_at=now - datetime.timedelta(hours=1), expires_at=now + datetime.timedelta(days=2),
    )
    world.extra["open_application"] = opened
    old = volumes.volume_open(
        actor=manager, title="2010年活动记录", category=ArchiveCategory.REGISTERED,
        content_class=ContentClass.SOCIAL, year=2010,
    )
    world.extra["old_volume"] = old
    world.extra["batch"] = destruction.batch_propose(
        actor=manager, volumes=[old], reason="保管期限已满"
    )
    world.extra["handover"] = handovers.handover_record(
        actor=manager, received_by=front_desk, volumes=[volume], note="移交档案室钥匙"
    )
