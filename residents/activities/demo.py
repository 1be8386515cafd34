"""Demo data for services handled for residents, community activities and volunteer teams.

Created through the services, so the demo has the same audit trail real work would leave.
Does nothing when any such record exists already, so `seed_demo` can run repeatedly.
"""

from __future__ import annotations

import datetime
import random

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from residents.activities import services
from residents.activities.kinds import REGISTERED_ONLY, SERVICE_AGE_GROUPS, eligibility_refusal
from residents.audit.context import acting_as
from residents.models import (
    Activity,
    ActivityKind,
    Resident,
    ServiceKind,
    ServiceOutcome,
    ServiceRecord,
    VolunteerTeam,
)
from residents.people.classification import age_group, age_on

TEAMS = [
    ("夕阳红志愿服务队", "退休居民组成，开展助老陪伴、读报聊天和节日慰问。", 55),
    ("青年志愿者服务队", "辖区青年和在校学生，参与环境整治、文明引导和社区活动保障。", 18),
    ("平安巡逻志愿队", "夜间和节假日治安巡逻，协助排查消防隐患。", 30),
    ("邻里互助服务队", "为独居老人、残疾人家庭提供上门帮扶和代购代办。", 25),
]

ACTIVITIES = {
    ActivityKind.CULTURAL: [
        ("重阳节敬老茶话会", "社区活动室"),
        ("书法绘画交流会", "社区文化站"),
        ("端午节包粽子活动", "社区党群服务中心"),
        ("中秋诗会", "社区文化站"),
        ("老年合唱团排练", "社区活动室"),
        ("防范电信诈骗讲座", "社区党群服务中心"),
    ],
    ActivityKind.SPORTS: [
        ("社区健步走", "和平里公园"),
        ("乒乓球友谊赛", "社区健身室"),
        ("广场舞展演", "社区广场"),
        ("太极拳晨练", "社区广场"),
    ],
    ActivityKind.VOLUNTEER: [
        ("楼道环境清洁日", "幸福小区"),
        ("敬老院陪伴服务", "和平里养老照料中心"),
        ("垃圾分类宣传引导", "各小区分类投放点"),
        ("消防安全隐患排查", "辖区各小区"),
    ],
    ActivityKind.OTHER: [
        ("义诊和健康咨询", "社区卫生服务站"),
        ("便民理发服务", "社区党群服务中心"),
    ],
}

SERVICE_NOTES = {
    ServiceKind.EDUCATION: ["子女入学材料审核，已开具居住证明", "协助办理学籍转入手续"],
    ServiceKind.MEDICAL: ["协助预约家庭医生签约", "慢病随访，转介社区卫生服务站"],
    ServiceKind.SOCIAL_INSURANCE: ["灵活就业人员养老保险参保登记", "养老金领取资格认证"],
    ServiceKind.MEDICAL_INSURANCE: ["城乡居民医保参保缴费", "异地就医备案"],
    ServiceKind.DIBAO: ["收取家庭收入和财产申报材料", "低保年度复核材料"],
    ServiceKind.TEKUN: ["特困供养申请，已入户调查"],
    ServiceKind.OTHER: ["代办老年人优待证", "出具居住证明"],
}
SERVICE_WEIGHTS = {
    ServiceKind.EDUCATION: 2, ServiceKind.MEDICAL: 3, ServiceKind.SOCIAL_INSURANCE: 4,
    ServiceKind.MEDICAL_INSURANCE: 4, ServiceKind.DIBAO: 1, ServiceKind.TEKUN: 1,
    ServiceKind.OTHER: 2,
}
AGE_CLASS_NOTES = {
    ServiceKind.GROWTH_FILE: "建立成长档案，记录入学与疫苗接种情况",
    ServiceKind.EMPLOYMENT: "推荐社区招聘会岗位",
    ServiceKind.ENTREPRENEURSHIP: "创业担保贷款政策咨询",
    ServiceKind.MATCHMAKING: "报名参加社区青年联谊活动",
    ServiceKind.HEALTH_MANAGEMENT: "高血压随访管理",
    ServiceKind.COUNSELLING: "预约社区心理咨询",
    ServiceKind.HEALTH_FILE: "建立居民健康档案，家庭医生签约",
    ServiceKind.ELDERLY_CARE: "登记居家养老助餐服务",
    ServiceKind.ELDERLY_MEDICAL: "协助预约上门医疗服务",
    ServiceKind.RECREATION: "报名老年合唱团",
    ServiceKind.HEALTH_CHECK: "参加社区年度免费体检",
    ServiceKind.VACCINATION: "参加社区流感疫苗接种",
    ServiceKind.HOUSING_CONSULTATION: "公租房申请条件咨询",
    ServiceKind.SCHOOL_ENROLMENT: "子女入学材料指导",
}
COMMUNITY_KINDS = (
    ServiceKind.HEALTH_CHECK, ServiceKind.VACCINATION, ServiceKind.HOUSING_CONSULTATION,
    ServiceKind.SCHOOL_ENROLMENT,
)
FINAL_WEIGHTS = {
    ServiceOutcome.APPROVED: 8, ServiceOutcome.REJECTED: 1, ServiceOutcome.WITHDRAWN: 1,
}


def _days_ago(today: datetime.date, rng: random.Random, low: int, high: int) -> datetime.date:
    return today - datetime.timedelta(days=rng.randint(low, high))


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def seed(*, rng: random.Random, users: dict[str, User], residents: list[Resident]) -> int:
    """Teams with members, past and coming activities with attendance, and services."""
    if (
        ServiceRecord.objects.exists()
        or Activity.objects.exists()
        or VolunteerTeam.objects.exists()
        or not residents
    ):
        return 0
    frontdesk, manager = users["frontdesk"], users["manager"]
    today = timezone.localdate()
    created = 0
    with transaction.atomic(), acting_as(frontdesk):
        teams = []
        for name, description, min_age in TEAMS:
            with acting_as(manager):
                team = services.volunteer_team_create(
                    name=name, description=description,
                    created_on=_days_ago(today, rng, 400, 1800), actor=manager,
                )
            teams.append(team)
            created += 1
            fitting = [r for r in residents if age_on(r.birth_date, today) >= min_age]
            for resident in rng.sample(fitting, min(len(fitting), rng.randint(6, 14))):
                span = (today - team.created_on).days
                joined = team.created_on + datetime.timedelta(days=rng.randint(0, span))
                membership = services.volunteer_join(
                    team=team, resident=resident, joined_on=joined, actor=frontdesk
                )
                created += 1
                if rng.random() < 0.2 and joined < today:
                    left = joined + datetime.timedelta(days=rng.randint(1, (today - joined).days))
                    services.volunteer_leave(membership=membership, left_on=left, actor=frontdesk)

        for kind, entries in ACTIVITIES.items():
            for title, place in entries:
                upcoming = rng.random() < 0.15
                held_on = (
                    today + datetime.timedelta(days=rng.randint(3, 30))
                    if upcoming else _days_ago(today, rng, 0, 360)
                )
                team = rng.choice(teams) if kind == ActivityKind.VOLUNTEER else None
                activity = services.activity_create(
                    title=title, kind=kind, held_on=held_on, place=place,
                    description="", team=team, actor=rng.choice([frontdesk, manager]),
                )
                created += 1
                for resident in rng.sample(residents, min(len(residents), rng.randint(5, 20))):
                    participation = services.participation_add(
                        activity=activity, resident=resident, actor=frontdesk
                    )
                    created += 1
                    if not upcoming and rng.random() < 0.85:
                        services.participation_set_attendance(
                            participation=participation, attended=True, actor=frontdesk
                        )

        for resident in rng.sample(residents, max(1, len(residents) // 4)):
            for _n in range(rng.randint(1, 2)):
                kind = _pick(rng, SERVICE_WEIGHTS)
                if eligibility_refusal(
                    resident, registered_only=kind in REGISTERED_ONLY, name=""
                ):
                    kind = ServiceKind.OTHER  # 低保 and 特困 are for registered residents
                applied_on = _days_ago(today, rng, 0, 700)
                record = services.service_record_create(
                    resident=resident, kind=kind, applied_on=applied_on,
                    note=rng.choice(SERVICE_NOTES[kind]), actor=frontdesk,
                )
                created += 1
                # Older applications have been decided; recent ones are often still open.
                if (today - applied_on).days > 45 or rng.random() < 0.4:
                    decided = applied_on + datetime.timedelta(
                        days=rng.randint(0, min(60, (today - applied_on).days))
                    )
                    with acting_as(manager):
                        services.service_record_set_outcome(
                            record=record, outcome=_pick(rng, FINAL_WEIGHTS),
                            outcome_on=decided, actor=manager,
                        )

        # Services per age class (CLS-4) and community-organised ones (TRK-6): about half of
        # each class has its file or service, so the work lists show the others as due.
        for resident in residents:
            group = age_group(resident.birth_date, today)
            kinds = [k for k, g in SERVICE_AGE_GROUPS.items() if g == group]
            if kinds and rng.random() < 0.5:
                kind = kinds[0] if rng.random() < 0.7 else rng.choice(kinds)
                services.service_record_create(
                    resident=resident, kind=kind, applied_on=_days_ago(today, rng, 0, 300),
                    note=AGE_CLASS_NOTES[kind], actor=frontdesk,
                )
                created += 1
            if rng.random() < 0.15:
                kind = rng.choice(COMMUNITY_KINDS)
                if not eligibility_refusal(
                    resident, registered_only=kind in REGISTERED_ONLY, name=""
                ):
                    services.service_record_create(
                        resident=resident, kind=kind,
                        applied_on=_days_ago(today, rng, 0, 300),
                        note=AGE_CLASS_NOTES[kind], actor=frontdesk,
                    )
                    created += 1
    return created
