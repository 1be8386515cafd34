"""Demo residents' own reports (TRK-5): two waiting for staff, one already confirmed."""

from __future__ import annotations

import random

from django.contrib.auth.models import User
from django.utils import timezone

from residents.audit.context import acting_as
from residents.models import Resident, SelfReport
from residents.selfreports import services

REPORTS = (
    ("economic", "我已于本月起在社区超市上班，月收入约三千元，特此告知。"),
    ("housing", "我家已搬到同小区8号楼2单元，请更新住址。"),
    ("health", "家中老人近期确诊糖尿病，希望了解社区健康管理服务。"),
)


def seed(*, rng: random.Random, users: dict[str, User], residents: list[Resident]) -> int:
    if SelfReport.objects.exists():
        return 0
    fitting = [r for r in residents if r.phone]
    if len(fitting) < len(REPORTS):
        return 0
    created = 0
    chosen = rng.sample(fitting, len(REPORTS))
    for resident, (aspect, text) in zip(chosen, REPORTS, strict=True):
        report = services.self_report_submit(
            id_number=resident.id_number, phone=resident.phone, aspect=aspect, text=text,
            consent=True,
        )
        created += report is not None
    first = SelfReport.objects.order_by("pk").first()
    if first is not None:
        with acting_as(users["frontdesk"]):
            services.self_report_confirm(
                report=first, note=f"{timezone.localdate():%m月%d日}电话核实属实，已开变更申请",
                actor=users["frontdesk"],
            )
    return created
