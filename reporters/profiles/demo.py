"""Demo data of the reporters: two work groups with seals and designated reviewers, the demo
reporters registered with signed agreements, reports in every state (one closed by the
residents' evaluation) and two emergencies (one
written in time, one still within its hour)."""

from __future__ import annotations

import datetime
import io
import random

from django.contrib.auth.models import User
from django.utils import timezone

from reporters.emergencies import services as emergencies
from reporters.groups.services import group_save
from reporters.models import ReporterProfile
from reporters.profiles import services as profiles
from reporters.reports import services as reports
from reporters.review import services as review
from residents.audit.context import acting_as
from residents.models import Resident

OPINION = {
    "category": "opinion", "title": "建议增设健身器材", "collection_method": "forum",
    "source": "第三季度居民座谈会", "facts": "十余名老年居民反映中心广场缺少健身器材。",
    "analysis": "小区老年居民比例较高，需求集中且合理。",
    "suggested_measures": "在中心广场东侧增设一组健身器材。",
    "proposer": "王桂兰", "proposer_contact": "13911240001",
}
EVENT = {
    "category": "event", "title": "三号楼前路面塌陷", "collection_method": "observation",
    "source": "日常巡查", "facts": "三号楼前人行道路面塌陷约一平方米。",
    "analysis": "夜间照明不足，存在行人摔倒风险。", "suggested_measures": "设置围挡并尽快修复。",
    "event_kind": "road_hazard", "place": "三号楼前人行道", "course": "早晨巡查时发现路面下沉。",
    "people_involved": "无人受伤", "current_state": "已设置临时警示标志",
    "measures_taken": "已通知物业公司",
}
CONSTRUCTION = {
    "category": "construction", "title": "北门道路修缮进度滞后", "collection_method": "visit",
    "source": "走访施工现场", "facts": "北门道路修缮原定本月完工，目前完成约一半。",
    "analysis": "材料供应延迟是主要原因。", "suggested_measures": "协调施工单位增加人手。",
    "project": "北门道路修缮", "stage": "路基施工", "problems": "材料供应延迟",
    "figures": "计划工期30天，已用25天，完成约50%",
}
ENVIRONMENT = {
    "category": "environment", "title": "七号楼后垃圾堆积", "collection_method": "phone",
    "source": "居民来电", "facts": "七号楼后绿化带堆积生活垃圾多日。",
    "analysis": "清运点位设置不合理，居民就近丢弃。",
    "suggested_measures": "增设垃圾桶并加强清运。",
    "problem_area": "七号楼后绿化带", "causes": "清运点位偏远，清运频次不足。",
}
ALL_GOOD = dict(truthful=True, complete=True, accurate=True, well_formatted=True, reason="")


def _seal_png(colour: tuple[int, int, int]) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (200, 200), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((10, 10, 190, 190), outline=colour, width=8)
    draw.regular_polygon((100, 100, 30), 5, fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def seed(*, rng: random.Random, users: dict[str, User], residents: list[Resident]) -> int:
    """Nothing when any reporter is registered already."""
    if ReporterProfile.objects.exists():
        return 0
    manager, manager2 = users["manager"], users["manager2"]
    reporter, reporter2, desk = users["reporter"], users["reporter2"], users["frontdesk"]
    east = group_save(actor=manager, group=None, name="东区工作小组", reviewer=manager2,
                      seal=_seal_png((200, 0, 0)))
    west = group_save(actor=manager, group=None, name="西区工作小组", reviewer=desk,
                      seal=_seal_png((180, 0, 40)))
    started = timezone.localdate() - datetime.timedelta(days=90)
    created = 2
    areas = ((reporter, east, "东区一至八号楼"), (reporter2, west, "西区九至十六号楼"))
    for user, group, area in areas:
        profile = profiles.reporter_register(
            actor=manager, user=user, area=area, group=group, started_on=started
        )
        profiles.agreement_printed(actor=manager, profile=profile)
        profiles.agreement_sign(actor=manager, profile=profile, signed_on=started,
                                scan=_seal_png((0, 0, 0)))
        created += 1

    def submitted(author, data):
        with acting_as(author):
            report = reports.report_create(actor=author, **data)
            return reports.report_submit(actor=author, report=report)

    # A draft, one awaiting review, one returned, one approved, one handled.
    with acting_as(reporter):
        draft = reports.report_create(actor=reporter, **ENVIRONMENT)
        if residents:
            target = residents[0]
            reports.resident_link(actor=reporter, report=draft, number=target.archive_number)
    submitted(reporter, {**EVENT, "occurred_at": timezone.now() - datetime.timedelta(days=1)})
    returned = submitted(reporter, CONSTRUCTION)
    with acting_as(manager2):
        review.report_review(
            actor=manager2, report=returned,
            **{**ALL_GOOD, "accurate": False, "reason": "完成比例与施工日志不符，请核实。"},
        )
    approved = submitted(reporter2, {**OPINION, "title": "建议延长社区图书室开放时间"})
    with acting_as(desk):
        review.report_review(actor=desk, report=approved, **ALL_GOOD)
    handled = submitted(reporter, OPINION)
    with acting_as(manager2):
        review.report_review(actor=manager2, report=handled, **ALL_GOOD)
    with acting_as(manager):
        review.report_handle(actor=manager, report=handled,
                             result="已列入下季度社区设施更新计划，物业负责采购安装。")
    closed = submitted(reporter2, {**ENVIRONMENT, "title": "九号楼旁垃圾桶破损"})
    with acting_as(desk):
        review.report_review(actor=desk, report=closed, **ALL_GOOD)
    with acting_as(manager):
        review.report_handle(actor=manager, report=closed, result="已更换新垃圾桶两只。")
    with acting_as(reporter2):
        review.report_evaluate(actor=reporter2, report=closed, satisfied=True,
                               comment="居民表示满意")
    created += 7

    now = timezone.now()
    with acting_as(desk):
        written = emergencies.emergency_log_call(
            actor=desk, reporter=reporter2, kind="fire", basic_facts="十二号楼厨房冒烟",
            called_at=now - datetime.timedelta(hours=3),
        )
    with acting_as(reporter2):
        emergencies.emergency_write(
            actor=reporter2, call=written,
            occurred_at=now - datetime.timedelta(hours=3, minutes=5),
            place="十二号楼二单元", course="住户炒菜时油锅起火，邻居报警后自行扑灭。",
            impact_scope="一户厨房，无人员伤亡",
            measures_taken="拨打119，疏散同单元居民，通知物业检查燃气。",
        )
    with acting_as(reporter):
        emergencies.emergency_log_call(
            actor=reporter, reporter=reporter, kind="theft", basic_facts="五号楼车棚电动车被盗",
            called_at=now - datetime.timedelta(minutes=20),
        )
    return created + 2
