"""Access matrix cases of appointments at the windows: the front desk and managers
book and update them; everyone else gets 403."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from casework.appointments import services as appointment_services
from casework.duties import services as duty_services
from tests.access_matrix.cases.common import FORBIDDEN, FOUND, OK, Case, World, _statuses

WORKERS = dict(front_desk=OK, manager=OK, designated_manager=OK)
WORKERS_ACT = dict(front_desk=FOUND, manager=FOUND, designated_manager=FOUND)

CASES: dict[str, Case] = {
    "casework:appointment_list": Case(
        "get", lambda w: reverse("casework:appointment_list"), _statuses(FORBIDDEN, **WORKERS)
    ),
    "casework:appointment_book": Case(
        "get", lambda w: reverse("casework:appointment_book") + f"?resident={w.resident.pk}",
        _statuses(FORBIDDEN, **WORKERS),
    ),
    # Marked "came" by the first role; the others are told it cannot change so (a redirect).
    "casework:appointment_status": Case(
        "post",
        lambda w: reverse("casework:appointment_status", args=[w.extra["appointment"].pk]),
        _statuses(FORBIDDEN, **WORKERS_ACT),
        lambda w: {"status": "came"},
    ),
}

# Pages that must record a read of the world's resident (front-desk request).
AUDITED_READS = {
    "casework:appointment_list": "read",
    "casework:appointment_book": "read",
}


def build(world: World) -> None:
    fd, manager = world.users["front_desk"], world.users["manager"]
    window = duty_services.window_save(
        name="预约窗口", items=[], staff=[fd], actor=manager
    )
    world.extra["appointment"] = appointment_services.appointment_book(
        actor=fd, resident=world.resident, day=timezone.localdate(),
        time=timezone.localtime().time().replace(second=0, microsecond=0), window=window,
        purpose="办理老年人优待证",
    )
