"""Demo data of change requests and notices (UPD-1 … UPD-5), made through
casework/change/services.py: one applied with its update slip printed and signed, one
verified and waiting for a manager, one waiting for verification, one notice.

Four eyes (ACC-8): `frontdesk` opens, `frontdesk2` verifies, `manager` approves."""

from __future__ import annotations

import datetime
import random

from django.contrib.auth.models import User
from django.utils import timezone

from casework.cases.pdf import case_slip_mark_signed
from casework.change import services as change_services
from casework.engine import services
from casework.models import Case, CaseKind
from residents.access.policy import policy_for
from residents.audit.context import acting_as
from residents.models import Resident

STREETS = ["和平里街道", "安定门街道", "东直门街道", "交道口街道", "景山街道"]
EMPLOYERS = ["东城区第一人民医院", "北京市公交集团", "和平里小学", "东直门社区卫生服务中心"]


def _address(rng: random.Random) -> str:
    return (
        f"东城区{rng.choice(STREETS)}{rng.randint(1, 60)}号院"
        f"{rng.randint(1, 6)}单元{rng.randint(1, 18)}{rng.randint(1, 4):02d}"
    )


def seed(*, rng: random.Random, users: dict[str, User], residents: list[Resident]) -> int:
    """Create the change demo records; nothing when any change case exists already."""
    if len(residents) < 4 or Case.objects.filter(kind=CaseKind.CHANGE).exists():
        return 0
    front_desk, checker, manager = users["frontdesk"], users["frontdesk2"], users["manager"]
    moved, new_phone, new_job, noticed = rng.sample(residents, k=4)

    # One actor per block, one block after the other: auditlog's actor does not nest.
    with acting_as(front_desk):
        # Applied: the resident moved; the update slip is printed and signed, which closes it.
        applied = change_services.change_request_open(
            resident=moved, actor=front_desk, proposed={"address": _address(rng)},
            reason="居民已搬家，申请变更现居住地址", documents="居民身份证原件、房屋租赁合同",
            happened_on=timezone.localdate() - datetime.timedelta(days=12),
        )
    with acting_as(checker):
        services.case_act(case=applied, action="verify", actor=checker, reason="与租赁合同一致")
    with acting_as(manager):
        change_services.change_approve(case=applied, actor=manager, reason="材料齐全，同意变更")
    with acting_as(front_desk):
        slip, _pdf = change_services.change_slip_print(
            case=applied, actor=front_desk, policy=policy_for(front_desk, moved)
        )
        case_slip_mark_signed(slip=slip, actor=front_desk, signed_on=timezone.localdate())

        # Waiting for verification: a new mobile number, typed from what the resident says.
        change_services.change_request_open(
            resident=new_phone, actor=front_desk,
            proposed={"phone": f"139{rng.randint(0, 99_999_999):08d}"},
            reason="原手机号已停用，更换为新号码", documents="居民身份证原件",
            happened_on=timezone.localdate() - datetime.timedelta(days=3),
        )

        # Verified, waiting for a manager: work information is comprehensive information.
        new_job_case = change_services.change_request_open(
            resident=new_job, actor=front_desk,
            proposed={"employer": rng.choice(EMPLOYERS), "occupation": "职员"},
            reason="居民更换工作单位", documents="居民身份证原件、劳动合同",
            # Declared months after the new job began: flagged as a late declaration (REG-10).
            happened_on=timezone.localdate() - datetime.timedelta(days=75),
        )
    with acting_as(checker):
        services.case_act(
            case=new_job_case, action="verify", actor=checker, reason="与劳动合同一致"
        )
    with acting_as(front_desk):
        # A notice: staff noticed the record may be outdated; the resident has not come yet.
        change_services.change_notice_open(
            resident=noticed, actor=front_desk, subject="居住地址可能已变更",
            details="入户走访时无人应答，邻居反映该户已于上月搬离，需居民到窗口核实。",
        )
    return 4
