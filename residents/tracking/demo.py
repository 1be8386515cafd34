"""Demo data of the tracking subject: visits, calls, feedback, status history, emergencies,
re-checks, all made through residents/tracking/services.py.

Demo residents are all verified on the day `seed_demo` runs, so nobody would be due a re-check
for years; to show a realistic re-check work list, part of them get a verification date in the
past (an audited queryset update: the demo stands for a register kept for years).
"""

from __future__ import annotations

import datetime
import random

from django.contrib.auth.models import User
from django.utils import timezone

from residents.audit.context import acting_as
from residents.models import ContactRecord, Emergency, Recheck, Resident, StatusChange
from residents.tracking import services

VISITS = [
    ("入户走访，老人独居，身体状况良好，叮嘱注意冬季取暖和用电安全。", "一个月后再次走访"),
    ("走访了解家庭情况，子女在外地工作，每周电话联系，生活能自理。", ""),
    ("上门核实居住情况，卫生间漏水影响楼下住户，已报物业。", "协调物业一周内维修"),
    ("走访残疾人家庭，了解康复需求，家属希望申请轮椅。", "联系街道残联办理辅具申请"),
    ("走访新入住住户，宣传社区服务、垃圾分类和居住证办理。", ""),
    ("节前走访慰问，送去米面油，老人表示感谢。", ""),
    ("走访低保家庭，核实家庭收入和人口变化，情况属实。", "下季度复核"),
]
CALLS = [
    ("电话回访，询问医保报销进展，已告知所需材料和办理窗口。", ""),
    ("电话通知参加社区免费体检，本人表示会按时参加。", ""),
    ("电话了解就业情况，已推荐社区招聘会信息。", "招聘会后再次回访"),
    ("电话提醒按时领取高龄津贴，已确认知晓。", ""),
]
FEEDBACK = [
    ("通过微信群反映小区路灯损坏，夜间出行不便，已转物业处理。", "三日后确认维修结果"),
    ("在线留言咨询居住证办理流程，已回复所需材料。", ""),
    ("网上反馈楼道堆放杂物存在消防隐患，已通知网格员清理。", ""),
    ("在线反映广场舞噪音扰民，已与活动队伍沟通调整时间。", ""),
]
SITUATIONS = {
    "economic": ["在职，月收入约6000元", "失业，正在求职", "灵活就业，收入不稳定",
                 "退休，领取养老金", "再就业，在社区超市工作"],
    "health": ["身体健康", "患高血压，需长期服药", "糖尿病，定期复查", "术后康复中",
               "行动不便，需人照料"],
    "housing": ["自有住房", "租住，房屋条件一般", "与子女同住", "房屋老旧，需维修",
                "已搬入公租房"],
}
EMERGENCIES = [
    ("illness", "突发心脏不适，送医抢救后住院治疗。", "联系120并通知家属，协助办理住院手续。"),
    ("accident", "在家中摔倒导致髋部骨折。", "协助就医，帮助申请临时救助。"),
    ("disaster", "暴雨导致一楼房屋进水，家具受损。", "协调物业排水，提供临时安置。"),
    ("other", "家中电线老化起火，部分家具烧毁，无人员受伤。", "联系消防，发放救助物资。"),
    ("illness", "确诊恶性肿瘤，家庭负担沉重。", "协助申请大病医疗救助。"),
]
FOLLOW_UPS = [
    "电话回访，病情稳定。",
    "上门探望，送去慰问品。",
    "协助申请临时救助金，材料已提交街道。",
    "临时救助金已到账，家属表示感谢。",
]
CLOSINGS = ["已康复出院，生活恢复正常。", "救助金已发放，情况已稳定。", "房屋已修缮，已搬回居住。"]


def _days_ago(today: datetime.date, days: int) -> datetime.date:
    return today - datetime.timedelta(days=days)


def seed(*, rng: random.Random, users: dict[str, User], residents: list[Resident]) -> int:
    """Create the tracking demo records; nothing when any tracking record exists already."""
    if not residents or any(
        model.objects.exists() for model in (ContactRecord, StatusChange, Emergency, Recheck)
    ):
        return 0
    front_desk, manager = users["frontdesk"], users["manager"]
    today = timezone.localdate()
    created = 0

    with acting_as(front_desk):
        for resident in rng.sample(residents, k=min(len(residents), 60)):
            for _ in range(rng.randint(1, 3)):
                kind, pool = rng.choice(
                    [("visit", VISITS), ("visit", VISITS), ("phone", CALLS), ("online", FEEDBACK)]
                )
                summary, follow_up = rng.choice(pool)
                services.contact_record_create(
                    resident=resident, kind=kind, occurred_on=_days_ago(today, rng.randint(0, 400)),
                    summary=summary, follow_up=follow_up, actor=front_desk,
                )
                created += 1

    with acting_as(manager):
        for resident in rng.sample(residents, k=min(len(residents), 25)):
            for aspect, values in SITUATIONS.items():
                if rng.random() < 0.4:
                    continue
                steps = rng.sample(values, k=rng.randint(1, 3))
                day = _days_ago(today, rng.randint(500, 900))
                for value in steps:  # in date order: each change's `previous` is the one before
                    services.status_change_record(
                        resident=resident, aspect=aspect, current=value, effective_on=day,
                        actor=manager,
                    )
                    created += 1
                    day = min(today, day + datetime.timedelta(days=rng.randint(60, 300)))

    with acting_as(front_desk):
        for resident in rng.sample(residents, k=min(len(residents), 12)):
            kind, description, help_given = rng.choice(EMERGENCIES)
            occurred = _days_ago(today, rng.randint(3, 180))
            emergency = services.emergency_open(
                resident=resident, kind=kind, occurred_on=occurred, description=description,
                help_given=help_given, actor=front_desk,
            )
            created += 1
            day = occurred
            for note in FOLLOW_UPS[: rng.randint(0, 3)]:
                day = min(today, day + datetime.timedelta(days=rng.randint(1, 20)))
                services.emergency_follow_up_add(
                    emergency=emergency, date=day, note=note, actor=front_desk
                )
                created += 1
            if rng.random() < 0.4:
                services.emergency_close(
                    emergency=emergency,
                    closed_on=min(today, day + datetime.timedelta(days=rng.randint(1, 30))),
                    closing_note=rng.choice(CLOSINGS), actor=front_desk,
                )

    # A register kept for years: a quarter verified 2 years 10 months to 4 years ago, so the
    # re-check work list has residents due and overdue; a few of them re-checked today.
    now = timezone.now()
    long_verified = rng.sample(residents, k=max(1, len(residents) // 4))
    for resident in long_verified:
        verified_at = now - datetime.timedelta(days=rng.randint(1035, 1460))
        Resident.objects.filter(pk=resident.pk).update(verified_at=verified_at)
    with acting_as(front_desk):
        for resident in long_verified[: min(5, len(long_verified) // 3)]:
            services.recheck_record(resident=resident, actor=front_desk, note="信息核对无变化")
            created += 1
    return created
