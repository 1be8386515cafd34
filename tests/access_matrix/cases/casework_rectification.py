"""Access matrix cases of rectification (SUP-5, SAF-2).

Managers issue, check and print; the front desk member responsible for one starts it and prints
its notice; everyone else sees no rectification case (404) and no list (403).
"""

from __future__ import annotations

import datetime
import io

from django.urls import reverse
from django.utils import timezone
from PIL import Image

from casework.models import ChecklistItem, FindingResult, InspectionKind
from casework.rectification.services import rectification_issue
from casework.supervision.services import FindingInput, inspection_record
from tests.access_matrix.cases.common import FORBIDDEN, FOUND, HIDDEN, OK, Case, World, _statuses

MANAGERS = dict(manager=OK, designated_manager=OK)
MANAGERS_FOUND = dict(manager=FOUND, designated_manager=FOUND)
WORKERS = dict(front_desk=OK, **MANAGERS)


def _deadline() -> str:
    return (timezone.localdate() + datetime.timedelta(days=10)).isoformat()


def _issue_data(w: World) -> dict:
    return {"subject": "消防通道堆放杂物", "finding_text": "三号楼消防通道堆放杂物",
            "requirements": "三日内清理完毕", "responsible": str(w.users["front_desk"].pk),
            "deadline": _deadline()}


CASES: dict[str, Case] = {
    "casework:rectification_list": Case(
        "get", lambda w: reverse("casework:rectification_list"),
        _statuses(FORBIDDEN, **WORKERS),
    ),
    "casework:rectification_issue": Case(
        "post", lambda w: reverse("casework:rectification_issue"),
        _statuses(FORBIDDEN, **MANAGERS_FOUND), _issue_data,
    ),
    "casework:finding_rectification": Case(
        "get", lambda w: reverse(
            "casework:finding_rectification", args=[w.extra["problem_finding"].pk]
        ),
        _statuses(FORBIDDEN, **MANAGERS),
    ),
    # Only the responsible person starts it; a manager is told so on the case page.
    "casework:rectification_start": Case(
        "post", lambda w: reverse("casework:rectification_start",
                                  args=[w.extra["rectification"].pk]),
        _statuses(HIDDEN, front_desk=FOUND, **MANAGERS), lambda w: {"note": "已安排清理"},
    ),
    "casework:rectification_notice": Case(
        "post", lambda w: reverse("casework:rectification_notice",
                                  args=[w.extra["rectification"].pk]),
        _statuses(HIDDEN, **WORKERS),
    ),
}


def build(world: World) -> None:
    """A spot check with one problem, a rectification issued to the front desk, and a safety
    record with a problem and a photo."""
    build_safety(world)
    items = list(ChecklistItem.objects.filter(active=True))
    inspection = inspection_record(
        actor=world.users["manager"], kind=InspectionKind.SPOT_CHECK,
        inspected_on=timezone.localdate(), inspectors="督查组", summary="",
        findings=[FindingInput(checkpoint=items[0].title, result=FindingResult.PROBLEM,
                               finding="复核逾期三户")]
        + [FindingInput(checkpoint=item.title, result=FindingResult.PASSED)
           for item in items[1:]],
    )
    world.extra["problem_finding"] = inspection.findings.get(result=FindingResult.PROBLEM)
    world.extra["rectification"] = rectification_issue(
        actor=world.users["manager"], responsible=world.users["front_desk"],
        deadline=timezone.localdate() + datetime.timedelta(days=7),
        finding_text="档案室未登记查阅", requirements="建立查阅登记簿", subject="档案查阅登记",
    )


# --- safety and environment records (SAF-1, SAF-2) -------------------------------------------

SAFETY_READERS = dict(front_desk=OK, other_staff=OK, other_staff_granted=OK,
                      other_staff_expired=OK, **MANAGERS)
SAFETY_WRITERS_FOUND = dict(other_staff=FOUND, other_staff_granted=FOUND,
                            other_staff_expired=FOUND, **MANAGERS_FOUND)


def _patrol(w: World) -> dict:
    return {"kind": "patrol", "occurred_on": timezone.localdate().isoformat(),
            "start_time": "20:00", "end_time": "22:00", "place": "一号门—三号楼—北门",
            "people": "治安巡逻队三人"}


CASES.update({
    "casework:safety_list": Case(
        "get", lambda w: reverse("casework:safety_list"), _statuses(FORBIDDEN, **SAFETY_READERS)
    ),
    "casework:safety_create": Case(
        "post", lambda w: reverse("casework:safety_create"),
        _statuses(FORBIDDEN, **SAFETY_WRITERS_FOUND), _patrol,
    ),
    "casework:safety_detail": Case(
        "get", lambda w: reverse("casework:safety_detail", args=[w.extra["safety_record"].pk]),
        _statuses(FORBIDDEN, **SAFETY_READERS),
    ),
    "casework:safety_rectification": Case(
        "get", lambda w: reverse("casework:safety_rectification",
                                 args=[w.extra["safety_record"].pk]),
        _statuses(FORBIDDEN, **MANAGERS),
    ),
    "casework:safety_photo": Case(
        "get", lambda w: reverse("casework:safety_photo", args=[w.extra["safety_photo"].pk]),
        _statuses(FORBIDDEN, **SAFETY_READERS),
    ),
    "casework:garbage_schedule": Case(
        "post", lambda w: reverse("casework:garbage_schedule"),
        _statuses(FORBIDDEN, front_desk=FORBIDDEN, other_staff=FORBIDDEN,
                  other_staff_granted=FORBIDDEN, other_staff_expired=FORBIDDEN,
                  **MANAGERS_FOUND),
        lambda w: {"area": "一区", "days": "每天", "collection_time": "07:00",
                   "collector": "环卫所", "destination": "区垃圾转运站", "active": "on"},
    ),
})


def build_safety(world: World) -> None:
    """A fire-safety inspection that found a problem, with a photo taken before."""
    from casework.safety.services import PhotoInput, safety_record_create

    buffer = io.BytesIO()
    Image.new("L", (4, 4), 128).save(buffer, format="PNG")

    record = safety_record_create(
        actor=world.users["manager"], kind="fire_inspection", occurred_on=timezone.localdate(),
        place="五号楼", people="消防专干", findings="灭火器过期两具", problem_found=True,
        photos=[PhotoInput(stage="before", data=buffer.getvalue())],
    )
    world.extra["safety_record"] = record
    world.extra["safety_photo"] = record.photos.get()
