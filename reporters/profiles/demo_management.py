"""Demo data of the reporters' management (after the register, groups and reports): tasks
(one open on the demo reporter's home, one answered and completed), training this quarter (one
reporter short of the minimum), the half-year's assessments (one final), rewards and a
penalty, external disclosure requests (one approved, one awaiting decision), a work meeting
with suggestions, device checks and a personal seal."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.contrib.auth.models import User
from django.utils import timezone

from reporters.assessment import services as assessment
from reporters.devices import services as devices
from reporters.disclosure import services as disclosure
from reporters.meetings import services as meetings
from reporters.models import Assessment, Report, ReporterProfile, ReporterTask, ReportStatus
from reporters.profiles import services as profiles
from reporters.profiles.demo import _seal_png
from reporters.tasks import services as tasks
from reporters.training import services as training
from residents.audit.context import acting_as
from residents.models import Resident


def seed(*, rng: random.Random, users: dict[str, User], residents: list[Resident]) -> int:
    """Nothing when any task exists already, or before the reporters are registered."""
    if ReporterTask.objects.exists() or not ReporterProfile.objects.exists():
        return 0
    manager, manager2 = users["manager"], users["manager2"]
    reporter, reporter2 = users["reporter"], users["reporter2"]
    today = timezone.localdate()
    created = 0

    with acting_as(manager):
        tasks.task_assign(
            actor=manager, reporter=reporter, title="走访东区独居老人，了解冬季取暖情况",
            area="东区一至八号楼", due_on=today + datetime.timedelta(days=3),
            details="每户记录取暖方式与困难，发现隐患当即报告。",
        )
        done_task = tasks.task_assign(
            actor=manager, reporter=reporter2, title="收集居民对图书室开放时间的意见",
            area="西区", due_on=today + datetime.timedelta(days=7),
        )
    answering = Report.objects.filter(author=reporter2).exclude(
        status=ReportStatus.DRAFT
    ).order_by("pk").first()
    if answering is not None:
        with acting_as(reporter2):
            tasks.task_answer(actor=reporter2, task=done_task, report=answering)
            tasks.task_complete(actor=reporter2, task=done_task,
                                note="座谈会收集意见十二条，已整理上报。")
    created += 2

    with acting_as(manager):
        training.training_save(
            actor=manager, session=None, held_on=today - datetime.timedelta(days=20),
            title="信息报告撰写规范与法律法规", topics=["writing", "laws"],
            lecturer_kind="expert", lecturer_staff=None, lecturer_name="李明（区司法局）",
            hours=Decimal("2.5"), place="社区活动室", summary="讲解固定格式与个人信息保护。",
            attendees=[reporter],
        )
        training.training_save(
            actor=manager, session=None, held_on=today - datetime.timedelta(days=35),
            title="信息收集方法", topics=["collection", "organising"], lecturer_kind="staff",
            lecturer_staff=manager, lecturer_name="", hours=Decimal("1.5"), place="会议室",
            summary="走访、问卷与座谈会的组织方法。", attendees=[reporter, reporter2],
        )
        created += 2

        half = 1 if today.month <= 6 else 2
        assessment.assessments_open(actor=manager, year=today.year, half=half)
    mine = Assessment.objects.get(reporter=reporter, year=today.year, half=half)
    with acting_as(reporter):
        assessment.assessment_self(actor=reporter, assessment=mine, score=Decimal(88),
                                   comment="按时报送，走访覆盖全部楼栋。")
    with acting_as(manager):
        assessment.assessment_supervisor(actor=manager, assessment=mine, score=Decimal(85),
                                         comment="报告质量较好，时效性可再提高。")
        assessment.assessment_finalise(actor=manager, assessment=mine)
        assessment.reward_grant(
            actor=manager, reporter=reporter2, kind="certificate",
            reason="及时报告十二号楼火情，协助疏散居民，避免人员伤亡。",
            awarded_on=today - datetime.timedelta(days=2),
        )
        assessment.reward_grant(
            actor=manager, reporter=reporter, kind="bonus", reason="半年考核良好",
            amount=Decimal(200), awarded_on=today,
        )
        assessment.penalty_decide(
            actor=manager, reporter=reporter, kind="criticism", ground="delayed_report",
            details="北门道路修缮信息迟报两天，已批评教育。",
            decided_on=today - datetime.timedelta(days=10),
        )
        created += 5

    shared = Report.objects.filter(status__in=[ReportStatus.HANDLED, ReportStatus.CLOSED])
    if shared.exists():
        with acting_as(manager):
            approved = disclosure.disclosure_request(
                actor=manager, recipient="区住房和城乡建设局", purpose="社区设施更新立项",
                content="报告中的事实与建议措施，不含居民个人信息。", reports=shared[:1],
            )
            disclosure.disclosure_request(
                actor=manager, recipient="某物业公司", purpose="整改跟进",
                content="报告全文", reports=shared[:2],
            )
        with acting_as(manager2):
            disclosure.disclosure_decide(actor=manager2, disclosure=approved, approve=True,
                                         note="同意，仅提供事实与建议部分。")
        created += 2

    with acting_as(manager):
        meeting = meetings.meeting_record(
            actor=manager, held_on=today - datetime.timedelta(days=14), place="社区会议室",
            attendees=[reporter, reporter2], other_attendees="王主任、综治办张干事",
            minutes="通报本季度信息报送情况；布置冬季安全巡查；听取信息报告员意见建议。",
        )
        answered = meetings.suggestion_add(
            actor=manager, meeting=meeting, reporter=reporter,
            suggestion="希望配发工作证，方便入户走访。",
        )
        meetings.suggestion_action(actor=manager, suggestion=answered,
                                   action_taken="工作证已制作并于本周发放。")
        meetings.suggestion_add(
            actor=manager, meeting=meeting, reporter=reporter2,
            suggestion="建议增加一次法律法规培训。",
        )
        devices.device_check_record(
            actor=manager, reporter=reporter, checked_on=today - datetime.timedelta(days=5),
            device_kind="phone", device="华为手机（工作用）", result="passed", findings="",
            action="",
        )
        devices.device_check_record(
            actor=manager, reporter=reporter2, checked_on=today - datetime.timedelta(days=5),
            device_kind="storage", device="U盘 16G（编号 XB-02）", result="problem",
            findings="居民名单未加密存放", action="当场删除并改用加密U盘，已再次提醒保密要求。",
        )
        profiles.reporter_seal_set(
            actor=manager, profile=ReporterProfile.objects.get(user=reporter),
            seal=_seal_png((160, 0, 0)),
        )
        created += 6
    return created
