"""Demo supervision records: last quarter's inspection with one problem, two spot checks and an
accountability decision that followed."""

from __future__ import annotations

import datetime
import random

from django.contrib.auth.models import User
from django.utils import timezone

from casework.models import FindingResult, Inspection, InspectionKind
from casework.supervision import selectors, services
from residents.audit.context import acting_as
from residents.models import Resident

PROBLEMS = {"复核按时完成": "抽查 20 户，其中 3 户复核逾期未办，已要求限期补办"}


def seed(*, rng: random.Random, users: dict[str, User], residents: list[Resident]) -> int:
    if Inspection.objects.exists():
        return 0
    manager = users["manager"]
    today = timezone.localdate()
    last_quarter_end = datetime.date(today.year, (today.month - 1) // 3 * 3 + 1, 1) - (
        datetime.timedelta(days=1)
    )
    findings = [
        services.FindingInput(
            checkpoint=item.title,
            result=FindingResult.PROBLEM if item.title in PROBLEMS else FindingResult.PASSED,
            finding=PROBLEMS.get(item.title, ""),
        )
        for item in selectors.active_checklist()
    ]
    with acting_as(manager):
        services.inspection_record(
            actor=manager, kind=InspectionKind.QUARTERLY,
            inspected_on=last_quarter_end - datetime.timedelta(days=rng.randint(2, 10)),
            inspectors="社区主任、督查组代表",
            summary="信息登记、授权和投诉处理总体规范，复核有逾期。",
            findings=findings,
        )
        for days_ago in (12, 40):
            services.inspection_record(
                actor=manager, kind=InspectionKind.SPOT_CHECK,
                inspected_on=today - datetime.timedelta(days=days_ago),
                inspectors="督查组", summary="不定期抽查前台登记与回执签字留存情况。",
                findings=[services.FindingInput(checkpoint=f.checkpoint,
                                                result=FindingResult.PASSED) for f in findings],
            )
        services.accountability_record(
            actor=manager, level="department", unit="社区服务中心前台", measure="criticism",
            grounds="季度检查发现居民信息复核逾期", decided_by="社区党委",
            decided_on=last_quarter_end,
        )
    return 3
