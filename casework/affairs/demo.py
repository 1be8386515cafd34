"""Demo affairs catalogue and affair cases for `manage.py seed_demo`, made through the services.

The catalogue holds the affairs a community service centre typically handles at its window,
each with the regulations it rests on; one is retired (the only-child parents' certificate,
no longer issued since the 2021 revision of the population and family planning law). The
cases show the main states: waiting for materials, due soon, under review, closed.
"""

from __future__ import annotations

import datetime
import random

from django.contrib.auth.models import User
from django.utils import timezone

from casework.affairs import catalogue as catalogue_services
from casework.affairs import services as affair_services
from casework.engine import services
from casework.models import AffairItem, Case, CaseKind
from residents.audit.context import acting_as
from residents.models import Resident

CATALOGUE = (
    {
        "name": "居住证明开具",
        "legal_basis": "《居住证暂行条例》（国务院令第663号）第九条；"
                       "《中华人民共和国城市居民委员会组织法》第三条",
        "materials": "申请人居民身份证原件及复印件\n"
                     "房屋所有权证或经备案的房屋租赁合同原件及复印件\n"
                     "户口簿原件及复印件（本市户籍居民提供）",
        "procedure": "窗口受理，核对材料\n社区工作人员入户或电话核实居住情况\n"
                     "社区负责人审核签字\n加盖公章，出具居住证明",
        "time_limit_days": 2,
        "needs_second_review": False,
    },
    {
        "name": "老年人优待证办理",
        "legal_basis": "《中华人民共和国老年人权益保障法》第五十七条、第五十八条",
        "materials": "户口簿原件及复印件\n居民身份证原件及复印件\n近期一寸免冠彩色照片2张",
        "procedure": "窗口受理，核对年龄与户籍\n业务科室初审\n社区负责人审批\n"
                     "报区民政局制证\n通知申请人领取",
        "time_limit_days": 7,
        "needs_second_review": False,
    },
    {
        "name": "低保申请受理",
        "legal_basis": "《社会救助暂行办法》（国务院令第649号）第九条至第十一条；"
                       "《最低生活保障审核确认办法》（民发〔2021〕57号）",
        "materials": "最低生活保障申请书\n"
                     "家庭成员居民身份证、户口簿原件及复印件\n"
                     "家庭收入情况声明及相关收入证明\n"
                     "家庭财产状况申报表\n"
                     "家庭经济状况核对授权书",
        "procedure": "窗口受理，一次性告知所缺材料\n入户调查家庭经济状况\n业务科室初审\n"
                     "社区负责人复审\n社区内公示7天\n报街道办事处审核确认",
        "time_limit_days": 30,
        "needs_second_review": True,
    },
    {
        "name": "生育登记",
        "legal_basis": "《中华人民共和国人口与计划生育法》（2021年修正）第二十条",
        "materials": "夫妻双方居民身份证原件\n结婚证原件\n夫妻一方户口簿原件",
        "procedure": "窗口受理\n核验婚姻与户籍信息\n登记并出具生育服务登记凭证",
        "time_limit_days": 1,
        "needs_second_review": False,
    },
    {
        "name": "残疾人证申领协助",
        "legal_basis": "《中华人民共和国残疾人保障法》第十四条；"
                       "《中华人民共和国残疾人证管理办法》（残联发〔2017〕29号）",
        "materials": "居民身份证或户口簿原件及复印件\n近期二寸免冠彩色照片3张\n"
                     "残疾人证申请表\n相关病历或医院诊断证明",
        "procedure": "窗口受理\n业务科室初审\n社区负责人复审\n报区残联安排残疾评定\n"
                     "通知申请人领证",
        "time_limit_days": 15,
        "needs_second_review": True,
    },
    {
        "name": "灵活就业登记",
        "legal_basis": "《中华人民共和国就业促进法》第二十条；"
                       "《就业服务与就业管理规定》（劳动和社会保障部令第28号）第六十二条",
        "materials": "居民身份证原件及复印件\n灵活就业人员登记表\n从事灵活就业的情况说明",
        "procedure": "窗口受理\n核实就业情况\n业务科室审核\n录入就业登记系统",
        "time_limit_days": 5,
        "needs_second_review": False,
    },
)

# Retired: no longer issued, kept for the cases of earlier years.
RETIRED = {
    "name": "独生子女父母光荣证办理",
    "legal_basis": "《中华人民共和国人口与计划生育法》（2015年修正）第二十七条",
    "materials": "夫妻双方居民身份证\n结婚证\n子女出生医学证明",
    "procedure": "窗口受理\n业务科室审核\n发放光荣证",
    "time_limit_days": 5,
    "needs_second_review": False,
}

CONTACTS = ("13901234567", "13611112222", "18800001111", "010-64281234", "15210203040")


def _age(resident: Resident, today: datetime.date) -> int:
    born = resident.birth_date
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _pick(rng: random.Random, residents: list[Resident], low: int, high: int) -> Resident:
    today = timezone.localdate()
    fitting = [r for r in residents if low <= _age(r, today) <= high and r.archive_number]
    return rng.choice(fitting or [r for r in residents if r.archive_number] or residents)


def _steps(case: Case, steps: list[tuple[str, User, str]]) -> Case:
    for action, actor, reason in steps:
        with acting_as(actor):
            case = services.case_act(case=case, action=action, actor=actor, reason=reason)
    return case


def seed(*, rng: random.Random, users: dict[str, User], residents: list[Resident]) -> int:
    """The catalogue and five affair cases; nothing when the catalogue exists already."""
    if AffairItem.objects.exists() or Case.objects.filter(kind=CaseKind.AFFAIR).exists():
        return 0
    if not residents:
        return 0
    # Four eyes (ACC-8): `manager` takes the initial review, `manager2` the next review step.
    manager, manager2, frontdesk = users["manager"], users["manager2"], users["frontdesk"]
    items = {}
    for data in CATALOGUE:
        items[data["name"]] = catalogue_services.catalogue_item_add(**data, actor=manager)
    retired = catalogue_services.catalogue_item_add(**RETIRED, actor=manager)
    catalogue_services.catalogue_item_change(
        item=retired, **RETIRED, is_active=False, actor=manager
    )
    created = len(items) + 1

    def accept(name, resident, *, missing=(), **extra):
        item = items[name]
        received = [m for m in item.material_names if m not in missing]
        return affair_services.affair_accept(
            item=item, resident=resident, actor=frontdesk, received=received,
            applicant_contact=rng.choice(CONTACTS), **extra,
        )

    # Waiting for materials: told at once which two are missing.
    accept(
        "低保申请受理", _pick(rng, residents, 35, 70),
        missing=("家庭收入情况声明及相关收入证明", "家庭财产状况申报表"),
        details="家庭主要劳动力因病失去工作，申请最低生活保障",
    )
    # Due soon: a two-day certificate accepted today.
    accept(
        "居住证明开具", _pick(rng, residents, 18, 60),
        details="子女入学需提供居住证明",
    )
    # Under review: initial review done, the second review by another manager next.
    disability = accept(
        "残疾人证申领协助", _pick(rng, residents, 18, 80),
        applicant_name="申请人家属", details="肢体残疾，申请办理残疾人证",
    )
    _steps(disability, [("initial_review", manager, "材料齐全，病历与申请相符")])
    # Approved, waiting to be handled.
    employment = accept("灵活就业登记", _pick(rng, residents, 20, 55), details="从事网约车服务")
    _steps(employment, [
        ("initial_review", manager, "就业情况属实"),
        ("approve", manager2, "同意登记"),
    ])
    # Closed: the whole chain, with the result picked up at the window.
    elderly = accept(
        "老年人优待证办理", _pick(rng, residents, 60, 100), details="首次办理老年人优待证"
    )
    elderly = _steps(elderly, [
        ("initial_review", manager, "年龄、户籍核对无误"),
        ("approve", manager2, "同意办理"),
        ("handle", frontdesk, "已报区民政局制证，证件已送达社区"),
    ])
    services.case_feedback(
        case=elderly, channel="pickup", text="已电话通知，本人到窗口领取优待证",
        actor=frontdesk,
    )
    _steps(elderly, [("close", frontdesk, "")])
    return created + 5
