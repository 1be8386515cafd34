"""Access matrix cases of rectification (SUP-5, SAF-2).

Managers issue, check and print; the front desk member responsible for one starts it and prints
its notice; everyone else sees no rectification case (404) and no list (403).
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

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
    """A spot check with one problem, and a rectification issued to the front desk."""
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
