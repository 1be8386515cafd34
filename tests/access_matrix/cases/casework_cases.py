"""Access matrix cases of the pages every kind of case shares (Issue 5).

Front desk and managers work on cases; everyone else sees none of them (404 for a case,
403 for lists). The cases are built through the engine's services.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from casework.engine import services
from casework.models import CaseKind, CaseSlip, CaseSlipKind
from tests.access_matrix.cases.common import FORBIDDEN, FOUND, HIDDEN, OK, Case, World, _statuses

WORKERS = dict(front_desk=OK, manager=OK, designated_manager=OK)
WORKERS_ACT = dict(front_desk=FOUND, manager=FOUND, designated_manager=FOUND)
COMPLAINANT = "投诉人欧阳秘"


def _png() -> bytes:
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("L", (1, 1), 255).save(out, "PNG")
    return out.getvalue()


def _case(w: World, key: str) -> int:
    return w.extra["cases"][key].pk


CASES: dict[str, Case] = {
    "casework:case_list": Case(
        "get", lambda w: reverse("casework:case_list"), _statuses(FORBIDDEN, **WORKERS)
    ),
    "casework:case_detail": Case(
        "get", lambda w: reverse("casework:case_detail", args=[_case(w, "change")]),
        _statuses(HIDDEN, **WORKERS),
    ),
    "casework:case_act": Case(
        "post", lambda w: reverse("casework:case_act", args=[_case(w, "change")]),
        _statuses(HIDDEN, **WORKERS_ACT),
        lambda w: {"action": "reject", "step-reject-action": "reject",
                   "step-reject-reason": "材料不实"},
    ),
    "casework:material_receive": Case(
        "post", lambda w: reverse(
            "casework:material_receive",
            args=[_case(w, "change"), w.extra["cases"]["change"].materials.first().pk],
        ),
        _statuses(HIDDEN, **WORKERS_ACT),
    ),
    "casework:material_scan": Case(
        "get", lambda w: reverse(
            "casework:material_scan",
            args=[_case(w, "change"), w.extra["scanned_material"].pk],
        ),
        _statuses(HIDDEN, **WORKERS),
    ),
    "casework:case_feedback": Case(
        "post", lambda w: reverse("casework:case_feedback", args=[_case(w, "handled")]),
        _statuses(HIDDEN, **WORKERS_ACT),
        lambda w: {"channel": "phone", "text": "已电话告知处理结果"},
    ),
    "casework:complaint_escalate": Case(
        "post", lambda w: reverse("casework:complaint_escalate", args=[_case(w, "investigating")]),
        _statuses(HIDDEN, **WORKERS_ACT),
        lambda w: {"department": "街道城管科", "reason": "涉及占道经营"},
    ),
    "casework:return_visit": Case(
        "post", lambda w: reverse("casework:return_visit", args=[_case(w, "told")]),
        _statuses(HIDDEN, **WORKERS_ACT),
        lambda w: {"satisfaction": "5", "comment": ""},
    ),
    "casework:slip_sign": Case(
        "post", lambda w: reverse("casework:slip_sign", args=[w.extra["case_slip"].pk]),
        _statuses(HIDDEN, **WORKERS_ACT),
        lambda w: {"signed_on": timezone.localdate().isoformat()},
    ),
    "casework:worklist_due": Case(
        "get", lambda w: reverse("casework:worklist_due") + "?which=due_soon",
        _statuses(FORBIDDEN, **WORKERS),
    ),
    "casework:worklist_return_visits": Case(
        "get", lambda w: reverse("casework:worklist_return_visits"),
        _statuses(FORBIDDEN, **WORKERS),
    ),
    # The case list's export (DAT-2): whoever sees the list, as they see it.
    "exports:cases": Case(
        "post", lambda w: reverse("exports:cases"), _statuses(FORBIDDEN, **WORKERS),
        lambda w: {"format": "csv"},
    ),
    # Choosing the resident a case is opened for: those who open cases only.
    "casework:resident_pick": Case(
        "get", lambda w: reverse("casework:resident_pick")
        + f"?for=affair&q={w.resident.archive_number}",
        _statuses(FORBIDDEN, **WORKERS),
    ),
}

# Pages that must record a read of the world's resident (front-desk request).
AUDITED_READS = {
    "casework:case_detail": "read",
    "casework:case_list": "read",
    "casework:resident_pick": "read",
}


def _complaint(fd, *steps: str):
    case = services.case_open(
        kind=CaseKind.COMPLAINT, subject="楼道堆放杂物", actor=fd, time_limit_days=5,
        applicant_name=COMPLAINANT, applicant_contact="13700001234", details="三楼楼道堆物",
        channel="hotline",
    )
    for action in steps:
        case = services.case_act(case=case, action=action, actor=fd)
    return case


def build(world: World) -> None:
    fd = world.users["front_desk"]
    change = services.case_open(
        kind=CaseKind.CHANGE, subject="变更居住地址", actor=fd, time_limit_days=5,
        resident=world.resident, materials=[("租房合同", True), ("身份证复印件", False)],
    )
    scanned = change.materials.get(name="身份证复印件")
    services.case_material_receive(case=change, material=scanned, actor=fd, scan=_png())
    world.extra["scanned_material"] = scanned
    told = _complaint(fd, "investigate", "handle")
    services.case_feedback(case=told, channel="sms", text="已清理", actor=fd)
    world.extra["cases"] = {
        "change": change,
        "investigating": _complaint(fd, "investigate"),
        "handled": _complaint(fd, "investigate", "handle"),
        "told": told,
    }
    with transaction.atomic():
        world.extra["case_slip"] = CaseSlip.objects.create(
            case=change, kind=CaseSlipKind.UPDATE_CONFIRMATION, printed_by=fd,
            content_hash="0" * 64, verification_code="CASE0001",
        )
