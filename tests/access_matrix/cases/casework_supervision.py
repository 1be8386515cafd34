"""Access matrix cases of supervision (SUP-1, SUP-5, SUP-6).

Managers inspect, keep the checklist and record accountability; auditors read inspections and
accountability records; nobody else reaches these pages.
"""

from __future__ import annotations

import uuid

from django.urls import reverse
from django.utils import timezone

from casework.models import ChecklistItem, FindingResult, InspectionKind
from casework.supervision.services import FindingInput, inspection_record
from tests.access_matrix.cases.common import FORBIDDEN, FOUND, OK, Case, World, _statuses

MANAGERS = dict(manager=OK, designated_manager=OK)
MANAGERS_FOUND = dict(manager=FOUND, designated_manager=FOUND)


def _spot_check(w) -> dict:
    data = {"kind": "spot_check", "inspected_on": timezone.localdate().isoformat(),
            "inspectors": "督查组", "summary": ""}
    for index, _item in enumerate(ChecklistItem.objects.filter(active=True)):
        data[f"result_{index}"] = FindingResult.PASSED
    return data


CASES: dict[str, Case] = {
    "casework:inspection_list": Case(
        "get", lambda w: reverse("casework:inspection_list"),
        _statuses(FORBIDDEN, auditor=OK, **MANAGERS),
    ),
    "casework:inspection_create": Case(
        "post", lambda w: reverse("casework:inspection_create"),
        _statuses(FORBIDDEN, **MANAGERS_FOUND), _spot_check,
    ),
    "casework:inspection_detail": Case(
        "get", lambda w: reverse("casework:inspection_detail", args=[w.extra["inspection"].pk]),
        _statuses(FORBIDDEN, auditor=OK, **MANAGERS),
    ),
    "casework:checklist": Case(
        "post", lambda w: reverse("casework:checklist"),
        _statuses(FORBIDDEN, **MANAGERS_FOUND),
        lambda w: {"title": f"检查点{uuid.uuid4().hex[:6]}", "position": "9", "active": "on"},
    ),
    "casework:accountability": Case(
        "post", lambda w: reverse("casework:accountability"),
        # Auditors read the records but may not add one: their POST is refused.
        _statuses(FORBIDDEN, **MANAGERS_FOUND),
        lambda w: {"level": "department", "unit": "民政科", "measure": "criticism",
                   "grounds": "季度检查发现复核逾期", "decided_by": "社区党委",
                   "decided_on": timezone.localdate().isoformat()},
    ),
}


def build(world: World) -> None:
    """A quarterly inspection recorded by the manager."""
    world.extra["inspection"] = inspection_record(
        actor=world.users["manager"], kind=InspectionKind.QUARTERLY,
        inspected_on=timezone.localdate(), inspectors="社区主任", summary="",
        findings=[FindingInput(checkpoint=item.title, result=FindingResult.PASSED)
                  for item in ChecklistItem.objects.filter(active=True)],
    )
