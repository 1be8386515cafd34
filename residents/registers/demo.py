"""Demo special-register entries (`manage.py seed_demo`): hardship with help ledgers, key persons
with visits, made through the register services.

Dates are relative to today, unlike the demo residents: the morning work lists must show
overdue visits and reviews due on whichever day the demo is run.
"""

from __future__ import annotations

import datetime
import random

from django.conf import settings
from django.contrib.auth.models import User
from django.utils import timezone

from residents.models import (
    DisabilityCategory,
    DisabilityLevel,
    HardshipEntry,
    HardshipKind,
    KeyPersonCategory,
    KeyPersonEntry,
    Resident,
)
from residents.registers import services

HARDSHIP_SHARE = 0.08
KEY_PERSON_SHARE = 0.02

HARDSHIP_NOTES = {
    HardshipKind.DIBAO: (
        "家庭人均收入低于本市低保标准，经入户调查核实。",
        "主要劳动力因病失业，家庭无稳定收入。",
        "单亲家庭，抚养未成年子女，收入微薄。",
    ),
    HardshipKind.TEKUN: (
        "无劳动能力、无生活来源、无法定赡养人。",
        "孤寡老人，独居，需定期关注生活起居。",
    ),
    HardshipKind.DISABILITY: (
        "持第二代残疾人证，已享受残疾人两项补贴。",
        "需要辅助器具，已转介区残联。",
        "生活基本自理，需定期上门探视。",
    ),
}
HELP_GIVEN = (
    ("发放米、面、油等节日慰问品", "社区民政专干"),
    ("协助办理低保年审材料", "社区民政专干"),
    ("代办残疾人两项补贴申请", "社区残疾人专职委员"),
    ("联系志愿者上门打扫卫生、整理房间", "幸福小区志愿服务队"),
    ("陪同前往社区卫生服务中心体检", "社区网格员"),
    ("发放临时救助金800元", "街道社会救助事务所"),
    ("送去冬季棉被两床、取暖器一台", "社区居委会"),
    ("协调物业减免当年物业费", "社区居委会"),
)
NEXT_STEPS = (
    "下月再次入户了解生活情况。",
    "跟进补贴到账情况。",
    "年底前完成低保复核。",
    "",
)
KEY_PERSON_NOTES = {
    KeyPersonCategory.CORRECTION: (
        "缓刑考验期内，每周到司法所报到。",
        "社区矫正期间，已签订矫正责任书。",
    ),
    KeyPersonCategory.RELEASED: (
        "刑满释放，已纳入安置帮教，协助联系就业。",
        "刑满释放后与母亲同住，情绪基本稳定。",
    ),
    KeyPersonCategory.DRUG: (
        "社区康复期间，按要求定期尿检。",
        "戒毒康复人员，家属配合监督。",
    ),
}
VISIT_SUMMARIES = (
    "入户走访，本人在家，情绪稳定，按时到司法所报到。",
    "电话预约后上门，了解近期就业情况，暂无异常。",
    "与家属交谈，反映其近期作息规律，无异常接触。",
    "走访时本人外出，向家属了解情况并留下联系方式。",
    "入户走访，协助填写就业登记表，鼓励参加技能培训。",
)


def _days_ago(today: datetime.date, days: int) -> datetime.date:
    return today - datetime.timedelta(days=days)


def _hardship(*, rng, resident, actor, today) -> int:
    kind = rng.choices(list(HardshipKind), weights=(5, 2, 4))[0]
    start = _days_ago(today, rng.randint(60, 1500))
    # About a quarter due for review within the work-list window, some already overdue.
    review = today + datetime.timedelta(days=rng.choice((-20, -5, 0, 3, 10, 45, 90, 200)))
    review = max(review, start)
    extra = {}
    if kind == HardshipKind.DISABILITY:
        extra = {
            "disability_category": rng.choice(list(DisabilityCategory)),
            "disability_level": rng.choice(list(DisabilityLevel)),
        }
    ended = rng.random() < 0.1
    entry = services.hardship_create(
        resident=resident, kind=kind, start_date=start, review_date=review,
        end_date=_days_ago(today, rng.randint(0, (today - start).days)) if ended else None,
        note=rng.choice(HARDSHIP_NOTES[kind]), actor=actor, **extra,
    )
    created = 1
    last = entry.end_date or today
    for _ in range(rng.randint(1, 4)):
        help_given, given_by = rng.choice(HELP_GIVEN)
        given_on = start + datetime.timedelta(days=rng.randint(0, (last - start).days))
        services.help_ledger_add(
            hardship=entry, date=given_on, help_given=help_given, given_by=given_by,
            next_step=rng.choice(NEXT_STEPS), actor=actor,
        )
        created += 1
    return created


def _key_person(*, rng, resident, actor, today) -> int:
    category = rng.choice(list(KeyPersonCategory))
    interval = settings.KEY_PERSON_VISIT_INTERVAL_DAYS[category]
    start = _days_ago(today, rng.randint(interval * 2, 720))
    entry = services.key_person_create(
        resident=resident, category=category, start_date=start,
        review_date=today + datetime.timedelta(days=rng.randint(-10, 180)),
        note=rng.choice(KEY_PERSON_NOTES[category]), actor=actor,
    )
    created = 1
    # Visits on schedule back from a last visit that leaves some entries overdue today.
    last_visit = _days_ago(today, rng.randint(0, interval * 2))
    visits = [
        last_visit - datetime.timedelta(days=interval * k + rng.randint(0, 2))
        for k in range(rng.randint(0, 5), 0, -1)
    ]
    for visited_on in [day for day in visits if day >= start] + [last_visit]:
        services.key_person_visit_record(
            entry=entry, visited_on=visited_on, summary=rng.choice(VISIT_SUMMARIES), actor=actor,
        )
        created += 1
    return created


def seed(*, rng: random.Random, users: dict[str, User], residents: list[Resident]) -> int:
    """Create demo register entries; nothing when either register already has entries."""
    if HardshipEntry.objects.exists() or KeyPersonEntry.objects.exists():
        return 0
    actor = users["manager"]
    today = timezone.localdate()
    shuffled = list(residents)
    rng.shuffle(shuffled)
    hardship_count = max(1, round(len(shuffled) * HARDSHIP_SHARE))
    key_person_count = max(1, round(len(shuffled) * KEY_PERSON_SHARE))
    created = 0
    for resident in shuffled[:hardship_count]:
        created += _hardship(rng=rng, resident=resident, actor=actor, today=today)
    for resident in shuffled[hardship_count : hardship_count + key_person_count]:
        created += _key_person(rng=rng, resident=resident, actor=actor, today=today)
    return created
