"""Demo data of complaints and suggestions: a handful in every state of their path, made
through casework/complaints/services.py and the engine, two of them published on the board."""

from __future__ import annotations

import random

from django.contrib.auth.models import User

from casework.complaints import services as complaint_services
from casework.engine import services
from casework.models import Case, CaseKind
from residents.audit.context import acting_as
from residents.models import Resident

# (channel, type, subject, content, applicant name, phone); the name is empty when the case
# is registered for a demo resident.
ITEMS = [
    ("hotline", "complaint", "夜间施工噪音扰民", "小区北侧工地每晚十一点后仍在施工，影响休息。",
     "周丽华", "13911230001"),
    ("window", "suggestion", "建议增设休息座椅", "社区广场缺少座椅，老人散步后无处休息。", "", ""),
    ("online", "complaint", "占道经营影响通行",
     "菜市场门口摊贩占用人行道，早高峰行人只能走机动车道。", "郑国强", "13911230002"),
    ("window", "complaint", "楼道堆放杂物", "5号楼3单元楼道长期堆放旧家具，存在消防隐患。", "", ""),
    ("hotline", "complaint", "垃圾清运不及时", "3号楼垃圾桶连续三天无人清运，气味很大。",
     "吴秀英", "13911230003"),
    ("window", "complaint", "路灯损坏", "小区东门两盏路灯不亮，夜间出行不便。",
     "冯建军", "13911230004"),
    ("online", "suggestion", "建议增设快递柜", "小区没有快递柜，白天上班的居民取件困难。",
     "陈晓燕", "13911230005"),
    ("hotline", "complaint", "电梯频繁故障", "8号楼电梯一周内停运三次，高层老人上下楼困难。",
     "褚志明", "13911230006"),
]

# How far each demo case goes: the steps after registration, and the texts if published.
PUBLISHED = {
    5: ("反映小区东门路灯损坏，夜间出行不便。", "已协调物业更换灯具，路灯恢复正常照明。"),
    6: ("建议小区增设快递柜，方便上班居民取件。",
        "已与快递企业协商，在小区南门增设智能快递柜两组。"),
}


def _advance(case: Case, index: int, desk: User) -> Case:
    """Take the case as far as its place in the list says (a spread of states)."""
    def act(action: str, reason: str = "") -> None:
        nonlocal case
        case = services.case_act(case=case, action=action, actor=desk, reason=reason)

    if index == 0:
        return case  # registered
    act("investigate")
    if index == 2:
        services.complaint_escalate(
            case=case, department="街道城管科", reason="占道经营需城管执法", actor=desk
        )
    if index in (1, 2):
        return case  # under investigation
    act("handle", "已协调相关单位处理")
    if index == 3:
        return case  # handled, feedback due
    services.case_feedback(case=case, channel="phone", text="已电话告知处理结果", actor=desk)
    if index == 4:
        return case  # awaiting the return visit
    if index == 7:
        # Not satisfied: handled again, then closed.
        services.return_visit_record(
            case=case, satisfaction=2, comment="维修后仍有故障", actor=desk
        )
        act("handle", "已督促维保单位更换控制板")
        services.case_feedback(case=case, channel="sms", text="已短信告知维修结果", actor=desk)
    services.return_visit_record(case=case, satisfaction=5, comment="", actor=desk)
    return Case.objects.get(pk=case.pk)


def seed(*, rng: random.Random, users: dict[str, User], residents: list[Resident]) -> int:
    """Create the complaint demo cases; nothing when any complaint exists already."""
    if Case.objects.filter(kind=CaseKind.COMPLAINT).exists():
        return 0
    desk, manager = users["frontdesk"], users["manager"]
    chosen = rng.sample(residents, k=min(len(residents), 2))
    created = 0
    for index, (channel, kind, subject, details, name, phone) in enumerate(ITEMS):
        resident = None
        if not name:
            if not chosen:
                name, phone = "匿名来访居民", ""
            else:
                resident = chosen.pop()
        if channel == "online":
            case = complaint_services.complaint_submit_online(
                name=name, contact=phone, complaint_type=kind, subject=subject,
                details=details, consent=True,
            )
        else:
            with acting_as(desk):
                case = complaint_services.complaint_register(
                    actor=desk, channel=channel, complaint_type=kind, subject=subject,
                    details=details, resident=resident, applicant_name=name,
                    applicant_contact=phone,
                )
        with acting_as(desk):
            case = _advance(case, index, desk)
        if index in PUBLISHED:
            summary, result = PUBLISHED[index]
            with acting_as(manager):
                complaint_services.complaint_publish(
                    case=case, actor=manager, summary=summary, result=result
                )
        created += 1
    return created
