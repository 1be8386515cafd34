"""Demo rectifications: the quarterly inspection's problem rectified and closed, one issued for
a spot-check finding and now overdue, and one being rectified."""

from __future__ import annotations

import datetime
import random

from django.contrib.auth.models import User
from django.utils import timezone

from casework.engine.services import case_act
from casework.models import Case, CaseKind, FindingResult, InspectionFinding, Rectification
from casework.rectification.services import rectification_issue, rectification_start
from residents.audit.context import acting_as
from residents.models import Resident


def seed(*, rng: random.Random, users: dict[str, User], residents: list[Resident]) -> int:
    if Case.objects.filter(kind=CaseKind.RECTIFICATION).exists():
        return 0
    manager, checker, desk = users["manager"], users["manager2"], users["frontdesk"]
    today = timezone.localdate()
    created = 0
    finding = InspectionFinding.objects.filter(
        result=FindingResult.PROBLEM, rectification__isnull=True
    ).order_by("pk").first()
    with acting_as(manager):
        if finding is not None:
            closed = rectification_issue(
                actor=manager, responsible=desk, finding=finding,
                deadline=today + datetime.timedelta(days=10),
                finding_text=finding.finding, requirements="逾期未办的复核三日内补办，"
                "建立复核到期提醒台账。",
            )
            with acting_as(desk):
                rectification_start(case=closed, actor=desk, note="已逐户电话预约补办复核")
            with acting_as(checker):
                case_act(case=closed, action="check", actor=checker,
                         reason="抽查三户，复核均已补办，台账已建立")
                case_act(case=closed, action="close", actor=checker)
            created += 1
        overdue = rectification_issue(
            actor=manager, responsible=desk, subject="临时查阅授权未按期收回",
            deadline=today + datetime.timedelta(days=5),
            finding_text="不定期抽查发现两项临时查阅授权到期后未及时收回。",
            requirements="立即收回到期授权，并说明原因。",
        )
        # Demo history: issued three weeks ago, its deadline long past.
        past = today - datetime.timedelta(days=7)
        Case.objects.filter(pk=overdue.pk).update(due_on=past)
        Rectification.objects.filter(case=overdue).update(deadline=past)
        created += 1
        rectifying = rectification_issue(
            actor=manager, responsible=users["frontdesk2"], subject="回执签字留存不全",
            deadline=today + datetime.timedelta(days=14),
            finding_text="部分登记回执未见居民签字扫描件。",
            requirements="补齐签字回执扫描件，前台每日下班前核对。", unit="社区服务中心前台",
        )
        with acting_as(users["frontdesk2"]):
            rectification_start(case=rectifying, actor=users["frontdesk2"],
                                note="正在逐份核对回执")
        created += 1
    return created
