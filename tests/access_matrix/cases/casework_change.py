"""Access matrix cases of the change pages (Issue 5: UPD-1 … UPD-5).

Change requests and notices are opened on verified residents by the front desk and managers;
everyone else gets 404 for a resident or case they may not see, 403 for one they may see but
not change. The records are built through the change services on the world's resident.
"""

from __future__ import annotations

from django.urls import reverse

from casework.change import services as change_services
from casework.engine import services
from residents import roles
from residents.audit.context import acting_as
from tests.access_matrix.cases.common import (
    FORBIDDEN,
    FOUND,
    HIDDEN,
    OK,
    RESIDENT_HIDDEN,
    Case,
    World,
)
from tests.access_matrix.cases.common import _statuses as statuses
from tests.factories import make_user

WORKERS = dict(front_desk=OK, manager=OK, designated_manager=OK)
WORKERS_ACT = dict(front_desk=FOUND, manager=FOUND, designated_manager=FOUND)
DOCUMENTS = "居民身份证原件"


def _case(w: World, key: str) -> int:
    return w.extra["change_cases"][key].pk


CASES: dict[str, Case] = {
    "casework:change_open": Case(
        "get", lambda w: reverse("casework:change_open", args=[w.resident.pk]),
        statuses(FORBIDDEN, **WORKERS, **RESIDENT_HIDDEN),
    ),
    "casework:change_notice_open": Case(
        "get", lambda w: reverse("casework:change_notice_open", args=[w.resident.pk]),
        statuses(FORBIDDEN, **WORKERS, **RESIDENT_HIDDEN),
    ),
    "casework:change_notice_confirm": Case(
        "get", lambda w: reverse("casework:change_notice_confirm", args=[_case(w, "notice")]),
        statuses(HIDDEN, **WORKERS),
    ),
    "casework:change_approve": Case(
        "post", lambda w: reverse("casework:change_approve", args=[_case(w, "verified")]),
        statuses(HIDDEN, **WORKERS_ACT),
        lambda w: {"change-approve-reason": "材料属实，同意变更"},
    ),
    "casework:change_rebase": Case(
        "post", lambda w: reverse("casework:change_rebase", args=[_case(w, "conflict")]),
        statuses(HIDDEN, **WORKERS_ACT),
        lambda w: {"change-rebase-reason": "所属网格已由他人更正，居民确认后重新核对"},
    ),
    # The front desk's print carries the retyped phone and ID number masked only.
    "casework:change_slip_print": Case(
        "post", lambda w: reverse("casework:change_slip_print", args=[_case(w, "approved")]),
        statuses(HIDDEN, **WORKERS),
        # Every role prints the same slip: the prints after the first say why.
        lambda w: {"reprint_reason": "打印机卡纸"},
    ),
}

# Pages that must record a read of the world's resident (front-desk request).
AUDITED_READS = {
    "casework:change_open": "read",
    "casework:change_notice_open": "read",
    "casework:change_notice_confirm": "read",
    "casework:change_slip_print": "read",
}


def _open(world: World, reason: str, actor=None, **proposed):
    return change_services.change_request_open(
        resident=world.resident, actor=actor or world.users["front_desk"], proposed=proposed,
        reason=reason, documents=DOCUMENTS,
    )


def build(world: World) -> None:
    fd, manager = world.users["front_desk"], world.users["manager"]
    # Four eyes (ACC-8): requests are verified by a clerk other than their opener; the one
    # every worker role approves is opened by a clerk outside the matrix.
    checker, clerk = make_user(roles.FRONT_DESK), make_user(roles.FRONT_DESK)
    resident = world.resident
    with acting_as(fd):
        # Verified before the change below is applied: approving it now meets a conflict.
        conflict = _open(world, "居民反映所属网格登记有误", area="和谐小区")
    with acting_as(checker):
        services.case_act(case=conflict, action="verify", actor=checker)
    with acting_as(fd):
        # The front desk retypes phone, ID number and household registration from the
        # documents (the same values, so the record keeps what other subjects rely on): the
        # slip carries them, masked or left out for the front desk.
        approved = _open(
            world, "居民申请登记服务需求并核对身份信息",
            phone=resident.phone, id_number=resident.id_number,
            hukou_location=resident.hukou_location, service_needs="需要上门送餐服务",
        )
    with acting_as(checker):
        services.case_act(case=approved, action="verify", actor=checker)
    with acting_as(manager):
        change_services.change_approve(case=approved, actor=manager, reason="材料属实")
    with acting_as(clerk):
        # Opened after the last write: approving it applies.
        verified = _open(world, "居民要求补充备注", actor=clerk, remarks="独居，需定期电话问候")
    with acting_as(checker):
        services.case_act(case=verified, action="verify", actor=checker)
    with acting_as(fd):
        notice = change_services.change_notice_open(
            resident=resident, actor=fd, subject="居住地址可能已变更",
            details="走访时邻居反映该户已搬走",
        )
    world.extra["change_cases"] = {
        "conflict": conflict,
        "approved": approved,
        "verified": verified,
        "notice": notice,
    }
