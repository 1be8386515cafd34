"""Demo assessment standards, the last year's improvement proposals and this year's draft, and
two policies on the public page."""

from __future__ import annotations

import datetime
import random

from django.contrib.auth.models import User
from django.utils import timezone

from casework.assessment import services
from casework.models import AssessmentStandard, Grade, Policy
from casework.policies.services import policy_add
from residents.audit.context import acting_as
from residents.models import Resident

STANDARDS = {
    Grade.EXCELLENT: {"min_on_time_percent": 95, "min_satisfaction": 4.5, "max_complaints": 0,
                      "max_errors": 1},
    Grade.GOOD: {"min_on_time_percent": 85, "min_satisfaction": 4.0, "max_complaints": 1,
                 "max_errors": 3},
    Grade.PASS: {"min_on_time_percent": 70, "min_satisfaction": 3.0, "max_complaints": 3,
                 "max_errors": 6},
}
PROPOSALS = (
    "一、高峰时段增开一个综合窗口，缩短排队时间。\n"
    "二、每季度组织一次信息登记规范培训，减少退回更正。\n"
    "三、复核到期提前一个月提醒，杜绝逾期。"
)
POLICIES = [
    ("城乡居民最低生活保障审核确认办法", "省民政厅",
     "第一条 为规范城乡居民最低生活保障审核确认工作，制定本办法。\n"
     "第二条 申请最低生活保障以家庭为单位，由申请家庭确定一名共同生活的家庭成员作为申请人。"),
    ("社区居民公约", "社区居民委员会",
     "一、遵纪守法，维护社区秩序。\n二、邻里和睦，互帮互助。\n三、爱护环境，垃圾分类投放。"),
]


def seed(*, rng: random.Random, users: dict[str, User], residents: list[Resident]) -> int:
    if AssessmentStandard.objects.exists():
        return 0
    manager = users["manager"]
    today = timezone.localdate()
    with acting_as(manager):
        services.standards_save(actor=manager, thresholds=STANDARDS)
        services.proposals_save(actor=manager, year=today.year - 1, proposals=PROPOSALS)
        services.proposals_save(actor=manager, year=today.year,
                                proposals="一、推行预约办理。\n二、完善满意度回访。")
        if not Policy.objects.exists():
            for index, (title, issuer, text) in enumerate(POLICIES):
                policy_add(actor=manager, title=title, issuer=issuer,
                           issued_on=today - datetime.timedelta(days=40 + 90 * index),
                           text=text)
    return len(STANDARDS) + 2 + len(POLICIES)

