"""Reporters, groups and reports built through the real services."""

from __future__ import annotations

import datetime
import io

from django.utils import timezone
from PIL import Image

from reporters.groups.services import group_save
from reporters.profiles import services as profiles
from reporters.reports import services as reports
from residents import roles
from tests.factories import make_user


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 0, 0)).save(buffer, format="PNG")
    return buffer.getvalue()


PNG_1X1 = _png()  # a small, whole picture: the document store decodes what it keeps

OPINION = {
    "category": "opinion", "title": "建议增设健身器材", "collection_method": "forum",
    "source": "居民座谈会", "facts": "多名居民反映小区缺少健身器材",
    "analysis": "老年居民较多，需求集中", "suggested_measures": "在中心广场增设健身器材",
    "proposer": "王阿姨", "proposer_contact": "13900001111",
}
EVENT = {
    "category": "event", "title": "三号楼道路面塌陷", "collection_method": "observation",
    "source": "巡查发现", "facts": "三号楼前路面塌陷约一平方米", "analysis": "存在行人摔倒风险",
    "suggested_measures": "设置围挡并报修", "event_kind": "road_hazard",
    "place": "三号楼前", "course": "早上巡查时发现", "people_involved": "无",
    "current_state": "已设置临时警示", "measures_taken": "通知物业",
}


def make_group(manager, *, name: str = "第一工作小组", reviewer=None):
    return group_save(actor=manager, group=None, name=name, reviewer=reviewer)


def make_reporter(manager, *, group=None, signed: bool = True, started_days_ago: int = 30):
    user = make_user(roles.REPORTER)
    profile = profiles.reporter_register(
        actor=manager, user=user, area="东区一至五号楼", group=group,
        started_on=timezone.localdate() - datetime.timedelta(days=started_days_ago),
    )
    if signed:
        profiles.agreement_printed(actor=manager, profile=profile)
        profiles.agreement_sign(
            actor=manager, profile=profile, signed_on=timezone.localdate(), scan=PNG_1X1
        )
    return user, profile


def make_report(author, data=None, *, submit: bool = False):
    report = reports.report_create(actor=author, **(data or OPINION))
    if submit:
        report = reports.report_submit(actor=author, report=report)
    return report
