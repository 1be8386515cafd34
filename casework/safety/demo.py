"""Demo safety and environment records: one of each kind over the last weeks, the garbage
collection schedule, and a fire-safety inspection whose finding is being rectified."""

from __future__ import annotations

import datetime
import io
import random

from django.contrib.auth.models import User
from django.utils import timezone

from casework.models import GarbageSchedule, SafetyRecord
from casework.rectification.services import rectification_issue
from casework.safety.services import PhotoInput, garbage_schedule_save, safety_record_create
from residents.audit.context import acting_as
from residents.models import Resident


def _photo(shade: int) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (shade, 160, 90)).save(buffer, format="PNG")
    return buffer.getvalue()


def seed(*, rng: random.Random, users: dict[str, User], residents: list[Resident]) -> int:
    if SafetyRecord.objects.exists():
        return 0
    manager, staff = users["manager"], users["staff"]
    today = timezone.localdate()

    def day(days_ago: int) -> datetime.date:
        return today - datetime.timedelta(days=days_ago)

    with acting_as(manager):
        if not GarbageSchedule.objects.exists():
            for area, days, hour in (("东区一至五号楼", "每天", 7), ("西区六至十号楼", "每天", 8),
                                     ("沿街商铺", "周一、三、五", 21)):
                garbage_schedule_save(
                    actor=manager, area=area, days=days, collection_time=datetime.time(hour),
                    collector="街道环卫所", destination="区生活垃圾转运站",
                )
        fire = safety_record_create(
            actor=manager, kind="fire_inspection", occurred_on=day(6), place="五号楼、六号楼",
            people="社区消防专干、物业安全员", content="检查楼道灭火器、消防通道和应急照明。",
            findings="六号楼二单元消防通道堆放杂物，两具灭火器压力不足。", problem_found=True,
        )
        rectification_issue(
            actor=manager, responsible=users["frontdesk"], safety_record=fire,
            deadline=today + datetime.timedelta(days=7), finding_text=fire.findings,
            requirements="督促物业清理杂物、更换灭火器，整改后拍照报送。", unit="物业服务中心",
        )
        safety_record_create(
            actor=manager, kind="fire_training", occurred_on=day(20), place="社区活动室",
            people="消防救援站教员", participant_count=42,
            content="灭火器使用、初起火灾扑救和疏散演练。",
        )
        safety_record_create(
            actor=manager, kind="food_inspection", occurred_on=day(9), place="好味家常菜馆",
            people="社区网格员", department="街道市场监管所",
            content="检查证照、从业人员健康证和后厨卫生。", findings="证照齐全，后厨卫生良好。",
        )
    with acting_as(staff):
        for days_ago in (1, 3, 5):
            safety_record_create(
                actor=staff, kind="patrol", occurred_on=day(days_ago),
                start_time=datetime.time(20), end_time=datetime.time(22),
                place="东门—中心广场—三号楼—北门", people="治安巡逻队赵敏等三人",
                content="夜间巡逻，查看门禁和照明。",
                findings="北门路灯损坏一盏，已报物业。" if days_ago == 3 else "",
            )
        for days_ago in (1, 2):
            safety_record_create(
                actor=staff, kind="garbage", occurred_on=day(days_ago), place="东区一至五号楼",
                people="街道环卫所", quantity=f"{rng.randint(2, 4)} 车",
                destination="区生活垃圾转运站",
            )
        safety_record_create(
            actor=staff, kind="greening", occurred_on=day(12), place="中心广场绿地",
            people="物业绿化班组", content="修剪绿篱，补种草皮约 30 平方米。",
            photos=[PhotoInput(stage="before", data=_photo(90)),
                    PhotoInput(stage="after", data=_photo(30))],
        )
        safety_record_create(
            actor=staff, kind="cleanup", occurred_on=day(15), place="七号楼楼道及屋后",
            people="社区志愿者 15 人", participant_count=15,
            content="清理楼道堆物和屋后绿化带垃圾。",
            photos=[PhotoInput(stage="before", data=_photo(120)),
                    PhotoInput(stage="after", data=_photo(40))],
        )
    return SafetyRecord.objects.count()
