"""Access matrix cases of windows and duties (AFF-3, AFF-7): only managers keep windows,
departments and review duties, and reassign a case's handler; the front desk sees the case
but may not reassign it (403); everyone else sees no case (404) and no page (403).
"""

from __future__ import annotations

from django.urls import reverse

from casework.duties import services as duty_services
from casework.engine import services
from casework.models import ReviewDutyKind
from tests.access_matrix.cases.common import FORBIDDEN, FOUND, HIDDEN, OK, Case, World, _statuses

MANAGERS = dict(manager=OK, designated_manager=OK)
MANAGERS_ACT = dict(manager=FOUND, designated_manager=FOUND)

CASES: dict[str, Case] = {
    "casework:duties_overview": Case(
        "get", lambda w: reverse("casework:duties_overview"), _statuses(FORBIDDEN, **MANAGERS)
    ),
    "casework:department_add": Case(
        "get", lambda w: reverse("casework:department_add"), _statuses(FORBIDDEN, **MANAGERS)
    ),
    "casework:department_edit": Case(
        "get", lambda w: reverse("casework:department_edit", args=[w.extra["department"].pk]),
        _statuses(FORBIDDEN, **MANAGERS),
    ),
    "casework:window_add": Case(
        "get", lambda w: reverse("casework:window_add"), _statuses(FORBIDDEN, **MANAGERS)
    ),
    "casework:window_edit": Case(
        "get", lambda w: reverse("casework:window_edit", args=[w.extra["window"].pk]),
        _statuses(FORBIDDEN, **MANAGERS),
    ),
    "casework:duty_grant": Case(
        "post", lambda w: reverse("casework:duty_grant"), _statuses(FORBIDDEN, **MANAGERS_ACT),
        lambda w: {
            "user": w.users["front_desk"].pk, "duty": ReviewDutyKind.SECOND_REVIEW,
            "title": "分管副主任",
        },
    ),
    "casework:duty_revoke": Case(
        "post", lambda w: reverse("casework:duty_revoke", args=[w.extra["review_duty"].pk]),
        _statuses(FORBIDDEN, **MANAGERS_ACT),
    ),
    "casework:case_reassign": Case(
        "post", lambda w: reverse("casework:case_reassign", args=[w.extra["duty_case"].pk]),
        _statuses(HIDDEN, front_desk=FORBIDDEN, **MANAGERS_ACT),
        lambda w: {
            "reassign-handler": w.users["manager"].pk, "reassign-reason": "窗口调整",
        },
    ),
}


def build(world: World) -> None:
    fd, manager = world.users["front_desk"], world.users["manager"]
    world.extra["department"] = duty_services.department_save(
        name="民政业务科", members=[fd], actor=manager
    )
    world.extra["window"] = duty_services.window_save(
        name="综合窗口一号", items=[], staff=[fd], actor=manager
    )
    world.extra["review_duty"] = duty_services.review_duty_grant(
        user=manager, duty=ReviewDutyKind.FINAL_APPROVAL, title="社区主任", actor=manager
    )
    world.extra["duty_case"] = services.case_open(
        kind="change", subject="变更联系电话", actor=fd, time_limit_days=5,
        resident=world.resident,
    )
