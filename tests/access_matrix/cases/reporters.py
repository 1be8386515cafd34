"""Access matrix cases of the information reporters (Issue 12, REP-1…REP-16, ACC-2).

The world's reporter is registered, has signed the confidentiality agreement and belongs to a
work group whose designated reviewer is the world's front-desk user. Reporters see their own
reports, emergencies and work file; the reviewer the group's; managers all. The submitted
report names the world's resident: the report page shows that resident's basic information to
whoever may see the report (audited), and nothing else of the register.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from reporters.assessment import services as assessments
from reporters.devices import services as devices
from reporters.disclosure import services as disclosures
from reporters.emergencies import services as emergencies
from reporters.groups.services import group_save
from reporters.meetings import services as meetings
from reporters.profiles import services as profiles
from reporters.reports import services as reports
from reporters.review import services as review
from reporters.tasks import services as tasks
from reporters.training import services as training
from tests.access_matrix.cases.common import FORBIDDEN, FOUND, HIDDEN, OK, Case, World, _statuses
from tests.reporters.helpers import PNG_1X1

MANAGERS_OK = dict(manager=OK, designated_manager=OK)
MANAGERS_FOUND = dict(manager=FOUND, designated_manager=FOUND)
# Who sees the group's reports and emergencies: the reporter, the group's reviewer, managers.
SEERS_OK = dict(reporter=OK, front_desk=OK, **MANAGERS_OK)
EMERGENCY_TAKERS_OK = dict(reporter=OK, front_desk=OK, **MANAGERS_OK)

OPINION = {
    "category": "opinion", "title": "建议增设健身器材", "collection_method": "forum",
    "source": "居民座谈会", "facts": "居民反映小区缺少健身器材", "analysis": "需求集中",
    "suggested_measures": "增设健身器材", "proposer": "王阿姨", "proposer_contact": "13900001111",
}
REPORT_POST = {**OPINION, "title": "建议增设健身器材（修改）"}


def _png(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG_1X1, content_type="image/png")


def _pk(w: World, key: str) -> int:
    return w.extra["reporters"][key].pk


def _half() -> dict:
    today = timezone.localdate()
    return {"year": today.year, "half": 1 if today.month <= 6 else 2}


def _written() -> dict:
    at = (timezone.localtime() - datetime.timedelta(minutes=20)).strftime("%Y-%m-%dT%H:%M")
    return {"occurred_at": at, "place": "五号楼", "course": "厨房起火，已扑灭",
            "impact_scope": "一户", "measures_taken": "报119，疏散"}


CASES: dict[str, Case] = {
    "reporters:home": Case(
        "get", lambda w: reverse("reporters:home"), _statuses(FORBIDDEN, reporter=OK)
    ),
    "reporters:reporter_list": Case(
        "get", lambda w: reverse("reporters:reporter_list"),
        _statuses(FORBIDDEN, front_desk=OK, **MANAGERS_OK),
    ),
    "reporters:reporter_new": Case(
        "get", lambda w: reverse("reporters:reporter_new"), _statuses(FORBIDDEN, **MANAGERS_OK)
    ),
    "reporters:reporter_detail": Case(
        "get", lambda w: reverse("reporters:reporter_detail", args=[_pk(w, "profile")]),
        _statuses(HIDDEN, **SEERS_OK),
    ),
    "reporters:reporter_edit": Case(
        "post", lambda w: reverse("reporters:reporter_edit", args=[_pk(w, "profile")]),
        _statuses(HIDDEN, reporter=FORBIDDEN, front_desk=FORBIDDEN, **MANAGERS_FOUND),
        lambda w: {"area": "西区", "group": _pk(w, "group")},
    ),
    "reporters:agreement_print": Case(
        "post", lambda w: reverse("reporters:agreement_print", args=[_pk(w, "profile")]),
        _statuses(HIDDEN, reporter=FORBIDDEN, front_desk=FORBIDDEN, **MANAGERS_OK),
    ),
    "reporters:agreement_sign": Case(
        "post", lambda w: reverse("reporters:agreement_sign", args=[_pk(w, "profile")]),
        _statuses(HIDDEN, reporter=FORBIDDEN, front_desk=FORBIDDEN, **MANAGERS_FOUND),
        lambda w: {"signed_on": timezone.localdate().isoformat(), "scan": _png("scan.png")},
    ),
    "reporters:agreement_scan": Case(
        "get", lambda w: reverse("reporters:agreement_scan", args=[_pk(w, "profile")]),
        _statuses(HIDDEN, reporter=OK, front_desk=FORBIDDEN, **MANAGERS_OK),
    ),
    "reporters:reporter_status": Case(
        "post", lambda w: reverse("reporters:reporter_status", args=[_pk(w, "profile")]),
        _statuses(HIDDEN, reporter=FORBIDDEN, front_desk=FORBIDDEN, **MANAGERS_FOUND),
        lambda w: {"status": "suspended", "reason": "调整岗位"},
    ),
    "reporters:group_list": Case(
        "get", lambda w: reverse("reporters:group_list"), _statuses(FORBIDDEN, **MANAGERS_OK)
    ),
    "reporters:group_new": Case(
        "get", lambda w: reverse("reporters:group_new"), _statuses(FORBIDDEN, **MANAGERS_OK)
    ),
    "reporters:group_edit": Case(
        "get", lambda w: reverse("reporters:group_edit", args=[_pk(w, "group")]),
        _statuses(FORBIDDEN, **MANAGERS_OK),
    ),
    "reporters:group_seal": Case(
        "get", lambda w: reverse("reporters:group_seal", args=[_pk(w, "group")]),
        _statuses(FORBIDDEN, **MANAGERS_OK),
    ),
    "reporters:report_list": Case(
        "get", lambda w: reverse("reporters:report_list"), _statuses(FORBIDDEN, **SEERS_OK)
    ),
    "reporters:report_new": Case(
        "get", lambda w: reverse("reporters:report_new"), _statuses(FORBIDDEN, reporter=OK)
    ),
    "reporters:report_detail": Case(
        "get", lambda w: reverse("reporters:report_detail", args=[_pk(w, "submitted")]),
        _statuses(HIDDEN, **SEERS_OK),
    ),
    # A draft is its author's alone.
    "reporters:report_edit": Case(
        "post", lambda w: reverse("reporters:report_edit", args=[_pk(w, "draft")]),
        _statuses(HIDDEN, reporter=FOUND), lambda w: REPORT_POST,
    ),
    "reporters:report_submit": Case(
        "post", lambda w: reverse("reporters:report_submit", args=[_pk(w, "draft")]),
        _statuses(HIDDEN, reporter=FOUND),
    ),
    "reporters:report_link": Case(
        "post", lambda w: reverse("reporters:report_link", args=[_pk(w, "draft")]),
        _statuses(HIDDEN, reporter=FOUND),
        lambda w: {"link-number": w.resident.archive_number},
    ),
    "reporters:report_attach": Case(
        "post", lambda w: reverse("reporters:report_attach", args=[_pk(w, "draft")]),
        _statuses(HIDDEN, reporter=FOUND),
        lambda w: {"attach-file": _png("photo.png"), "attach-description": "现场照片"},
    ),
    "reporters:report_attachment": Case(
        "get", lambda w: reverse(
            "reporters:report_attachment", args=[_pk(w, "submitted"), _pk(w, "attachment")]
        ),
        _statuses(HIDDEN, **SEERS_OK),
    ),
    # The author is told on the report page that somebody else reviews it (four eyes).
    "reporters:report_review": Case(
        "post", lambda w: reverse("reporters:report_review", args=[_pk(w, "submitted")]),
        _statuses(HIDDEN, reporter=FOUND, front_desk=FOUND, **MANAGERS_FOUND),
        lambda w: {"review-truthful": "on", "review-complete": "on", "review-accurate": "on",
                   "review-well_formatted": "on"},
    ),
    "reporters:report_handle": Case(
        "post", lambda w: reverse("reporters:report_handle", args=[_pk(w, "approved")]),
        _statuses(HIDDEN, reporter=FORBIDDEN, front_desk=FORBIDDEN, **MANAGERS_FOUND),
        lambda w: {"handle-result": "已协调物业采购"},
    ),
    # Managers open the case that handles an approved report (REP-6).
    "reporters:report_case_open": Case(
        "post", lambda w: reverse("reporters:report_case_open", args=[_pk(w, "approved")]),
        _statuses(HIDDEN, reporter=FORBIDDEN, front_desk=FORBIDDEN, **MANAGERS_FOUND),
        lambda w: {"case-target": "suggestion"},
    ),
    # The reporter who collected the residents' evaluation, or a manager, records it.
    "reporters:report_evaluate": Case(
        "post", lambda w: reverse("reporters:report_evaluate", args=[_pk(w, "handled")]),
        _statuses(HIDDEN, reporter=FOUND, front_desk=FORBIDDEN, **MANAGERS_FOUND),
        lambda w: {"evaluate-satisfied": "yes", "evaluate-comment": "居民满意"},
    ),
    "reporters:emergency_list": Case(
        "get", lambda w: reverse("reporters:emergency_list"),
        _statuses(FORBIDDEN, **EMERGENCY_TAKERS_OK),
    ),
    "reporters:emergency_new": Case(
        "get", lambda w: reverse("reporters:emergency_new"),
        _statuses(FORBIDDEN, **EMERGENCY_TAKERS_OK),
    ),
    "reporters:emergency_detail": Case(
        "get", lambda w: reverse("reporters:emergency_detail", args=[_pk(w, "call")]),
        _statuses(HIDDEN, **EMERGENCY_TAKERS_OK),
    ),
    # Staff who took the call are told that the reporter files the written report.
    "reporters:emergency_write": Case(
        "post", lambda w: reverse("reporters:emergency_write", args=[_pk(w, "call")]),
        _statuses(HIDDEN, reporter=FOUND, front_desk=FOUND, **MANAGERS_FOUND),
        lambda w: _written(),
    ),
    "reporters:emergency_print": Case(
        "post", lambda w: reverse("reporters:emergency_print", args=[_pk(w, "written")]),
        _statuses(HIDDEN, **EMERGENCY_TAKERS_OK),
    ),
    "reporters:weekly": Case(
        "get", lambda w: reverse("reporters:weekly"), _statuses(FORBIDDEN, **MANAGERS_OK)
    ),
    # Tasks (REP-13): the reporter their own, the group's reviewer the group's, managers all.
    "reporters:task_list": Case(
        "get", lambda w: reverse("reporters:task_list"), _statuses(FORBIDDEN, **SEERS_OK)
    ),
    "reporters:task_new": Case(
        "get", lambda w: reverse("reporters:task_new"), _statuses(FORBIDDEN, **MANAGERS_OK)
    ),
    "reporters:task_detail": Case(
        "get", lambda w: reverse("reporters:task_detail", args=[_pk(w, "task")]),
        _statuses(HIDDEN, **SEERS_OK),
    ),
    "reporters:task_answer": Case(
        "post", lambda w: reverse("reporters:task_answer", args=[_pk(w, "task")]),
        _statuses(HIDDEN, reporter=FOUND, front_desk=FORBIDDEN, manager=FORBIDDEN,
                  designated_manager=FORBIDDEN),
        lambda w: {"report": _pk(w, "approved")},
    ),
    "reporters:task_complete": Case(
        "post", lambda w: reverse("reporters:task_complete", args=[_pk(w, "task")]),
        _statuses(HIDDEN, reporter=FOUND, front_desk=FORBIDDEN, manager=FORBIDDEN,
                  designated_manager=FORBIDDEN),
        lambda w: {"note": "已走访"},
    ),
    # Training (REP-7, REP-14): sessions attended by the reporters one may see.
    "reporters:training_list": Case(
        "get", lambda w: reverse("reporters:training_list"), _statuses(FORBIDDEN, **SEERS_OK)
    ),
    "reporters:training_new": Case(
        "get", lambda w: reverse("reporters:training_new"), _statuses(FORBIDDEN, **MANAGERS_OK)
    ),
    "reporters:training_compliance": Case(
        "get", lambda w: reverse("reporters:training_compliance"),
        _statuses(FORBIDDEN, **MANAGERS_OK),
    ),
    "reporters:training_detail": Case(
        "get", lambda w: reverse("reporters:training_detail", args=[_pk(w, "training")]),
        _statuses(HIDDEN, **SEERS_OK),
    ),
    "reporters:training_edit": Case(
        "get", lambda w: reverse("reporters:training_edit", args=[_pk(w, "training")]),
        _statuses(FORBIDDEN, **MANAGERS_OK),
    ),
    # Half-yearly assessment, rewards and penalties (REP-8, REP-15).
    "reporters:assessment_list": Case(
        "get", lambda w: reverse("reporters:assessment_list"), _statuses(FORBIDDEN, **SEERS_OK)
    ),
    "reporters:assessment_open": Case(
        "post", lambda w: reverse("reporters:assessment_open"),
        _statuses(FORBIDDEN, **MANAGERS_FOUND), lambda w: _half(),
    ),
    "reporters:assessment_detail": Case(
        "get", lambda w: reverse("reporters:assessment_detail", args=[_pk(w, "assessment")]),
        _statuses(HIDDEN, **SEERS_OK),
    ),
    # Those who may see it are told on the page when it is not theirs to give.
    "reporters:assessment_self": Case(
        "post", lambda w: reverse("reporters:assessment_self", args=[_pk(w, "assessment")]),
        _statuses(HIDDEN, reporter=FOUND, front_desk=FOUND, **MANAGERS_FOUND),
        lambda w: {"self-score": "88", "self-comment": "按时报送"},
    ),
    # Peers are other members of the reporter's group: the world's group has none.
    "reporters:assessment_peer": Case(
        "post", lambda w: reverse("reporters:assessment_peer", args=[_pk(w, "assessment")]),
        _statuses(HIDDEN), lambda w: {f"peer{_pk(w, 'assessment')}-score": "80"},
    ),
    "reporters:assessment_supervisor": Case(
        "post", lambda w: reverse("reporters:assessment_supervisor",
                                  args=[_pk(w, "assessment")]),
        _statuses(HIDDEN, reporter=FORBIDDEN, front_desk=FORBIDDEN, **MANAGERS_FOUND),
        lambda w: {"supervisor-score": "80", "supervisor-comment": "良好"},
    ),
    "reporters:assessment_finalise": Case(
        "post", lambda w: reverse("reporters:assessment_finalise", args=[_pk(w, "assessment")]),
        _statuses(HIDDEN, reporter=FORBIDDEN, front_desk=FORBIDDEN, **MANAGERS_FOUND),
    ),
    "reporters:reward_new": Case(
        "get", lambda w: reverse("reporters:reward_new"), _statuses(FORBIDDEN, **MANAGERS_OK)
    ),
    "reporters:reward_certificate": Case(
        "post", lambda w: reverse("reporters:reward_certificate", args=[_pk(w, "reward")]),
        _statuses(HIDDEN, reporter=OK, front_desk=FORBIDDEN, **MANAGERS_OK),
    ),
    "reporters:penalty_new": Case(
        "get", lambda w: reverse("reporters:penalty_new"), _statuses(FORBIDDEN, **MANAGERS_OK)
    ),
    # External disclosure (REP-9): managers only; the one who asked is told on the page that
    # another manager decides.
    "reporters:disclosure_list": Case(
        "get", lambda w: reverse("reporters:disclosure_list"),
        _statuses(FORBIDDEN, **MANAGERS_OK),
    ),
    "reporters:disclosure_new": Case(
        "get", lambda w: reverse("reporters:disclosure_new"), _statuses(FORBIDDEN, **MANAGERS_OK)
    ),
    "reporters:disclosure_detail": Case(
        "get", lambda w: reverse("reporters:disclosure_detail", args=[_pk(w, "disclosure")]),
        _statuses(HIDDEN, **MANAGERS_OK),
    ),
    "reporters:disclosure_decide": Case(
        "post", lambda w: reverse("reporters:disclosure_decide", args=[_pk(w, "disclosure")]),
        _statuses(HIDDEN, **MANAGERS_FOUND), lambda w: {"decision": "approve", "note": "同意"},
    ),
    "reporters:disclosure_package": Case(
        "post", lambda w: reverse("reporters:disclosure_package", args=[_pk(w, "disclosed")]),
        _statuses(HIDDEN, **MANAGERS_OK),
    ),
    # Work meetings and device checks (REP-13).
    "reporters:meeting_list": Case(
        "get", lambda w: reverse("reporters:meeting_list"), _statuses(FORBIDDEN, **SEERS_OK)
    ),
    "reporters:meeting_new": Case(
        "get", lambda w: reverse("reporters:meeting_new"), _statuses(FORBIDDEN, **MANAGERS_OK)
    ),
    "reporters:meeting_detail": Case(
        "get", lambda w: reverse("reporters:meeting_detail", args=[_pk(w, "meeting")]),
        _statuses(HIDDEN, **SEERS_OK),
    ),
    "reporters:suggestion_add": Case(
        "post", lambda w: reverse("reporters:suggestion_add", args=[_pk(w, "meeting")]),
        _statuses(HIDDEN, reporter=FORBIDDEN, front_desk=FORBIDDEN, **MANAGERS_FOUND),
        lambda w: {"reporter": w.users["reporter"].pk, "suggestion": "增加培训"},
    ),
    "reporters:suggestion_action": Case(
        "post", lambda w: reverse(
            "reporters:suggestion_action", args=[_pk(w, "meeting"), _pk(w, "suggestion")]
        ),
        _statuses(HIDDEN, reporter=FORBIDDEN, front_desk=FORBIDDEN, **MANAGERS_FOUND),
        lambda w: {f"action{_pk(w, 'suggestion')}-action_taken": "已安排"},
    ),
    "reporters:device_list": Case(
        "get", lambda w: reverse("reporters:device_list"), _statuses(FORBIDDEN, **SEERS_OK)
    ),
    "reporters:device_new": Case(
        "get", lambda w: reverse("reporters:device_new"), _statuses(FORBIDDEN, **MANAGERS_OK)
    ),
    # The personal seal (REP-12): managers upload it; managers and the reporter see it.
    "reporters:reporter_seal": Case(
        "get", lambda w: reverse("reporters:reporter_seal", args=[_pk(w, "profile")]),
        _statuses(HIDDEN, reporter=OK, front_desk=FORBIDDEN, **MANAGERS_OK),
    ),
    "reporters:reporter_seal_upload": Case(
        "post", lambda w: reverse("reporters:reporter_seal_upload", args=[_pk(w, "profile")]),
        _statuses(HIDDEN, reporter=FORBIDDEN, front_desk=FORBIDDEN, **MANAGERS_FOUND),
        lambda w: {"seal": _png("seal.png")},
    ),
}

# The report page shows the basic information of the residents the report names, to whoever
# may see the report, and records the read.
FULL_BY_DESIGN = {"reporters:report_detail"}
AUDITED_READS = {"reporters:report_detail": "read"}


def build(world: World) -> None:
    fd, manager, rep = (world.users[k] for k in ("front_desk", "manager", "reporter"))
    group = group_save(actor=manager, group=None, name="矩阵小组", reviewer=fd, seal=PNG_1X1)
    profile = profiles.reporter_register(
        actor=manager, user=rep, area="东区", group=group,
        started_on=timezone.localdate() - datetime.timedelta(days=30),
    )
    profiles.agreement_printed(actor=manager, profile=profile)
    profile = profiles.agreement_sign(
        actor=manager, profile=profile, signed_on=timezone.localdate(), scan=PNG_1X1
    )
    draft = reports.report_create(actor=rep, **OPINION)
    submitted = reports.report_create(actor=rep, **OPINION)
    reports.resident_link(actor=rep, report=submitted, number=world.resident.archive_number)
    attachment = reports.report_attach(
        actor=rep, report=submitted, data=PNG_1X1, description="现场照片"
    )
    submitted = reports.report_submit(actor=rep, report=submitted)
    approved = reports.report_submit(
        actor=rep, report=reports.report_create(actor=rep, **OPINION)
    )
    review.report_review(
        actor=manager, report=approved, truthful=True, complete=True, accurate=True,
        well_formatted=True, reason="",
    )
    handled = reports.report_submit(
        actor=rep, report=reports.report_create(actor=rep, **OPINION)
    )
    review.report_review(
        actor=fd, report=handled, truthful=True, complete=True, accurate=True,
        well_formatted=True, reason="",
    )
    handled = review.report_handle(actor=manager, report=handled, result="已处理")
    called = timezone.now() - datetime.timedelta(minutes=10)
    call = emergencies.emergency_log_call(
        actor=fd, reporter=rep, kind="fire", called_at=called, basic_facts="五号楼冒烟"
    )
    written = emergencies.emergency_log_call(
        actor=fd, reporter=rep, kind="fire", called_at=called, basic_facts="六号楼冒烟"
    )
    written = emergencies.emergency_write(
        actor=rep, call=written, occurred_at=called, place="六号楼", course="厨房起火",
        impact_scope="一户", measures_taken="已扑灭",
    )
    task = tasks.task_assign(
        actor=manager, reporter=rep, title="走访三号楼", area="三号楼",
        due_on=timezone.localdate() + datetime.timedelta(days=3),
    )
    tasks.task_answer(actor=rep, task=task, report=submitted)
    session = training.training_save(
        actor=manager, session=None, held_on=timezone.localdate(), title="信息收集方法",
        topics=["collection"], lecturer_kind="staff", lecturer_staff=manager, lecturer_name="",
        hours=Decimal(2), place="活动室", summary="", attendees=[rep],
    )
    assessments.assessments_open(actor=manager, **_half())
    reward = assessments.reward_grant(
        actor=manager, reporter=rep, kind="certificate", reason="报告及时",
        awarded_on=timezone.localdate(),
    )
    dmgr = world.users["designated_manager"]
    asked = disclosures.disclosure_request(
        actor=manager, recipient="区住建局", purpose="维修立项", content="事实部分",
        reports=[approved],
    )
    disclosed = disclosures.disclosure_decide(
        actor=dmgr, disclosure=disclosures.disclosure_request(
            actor=manager, recipient="街道办", purpose="汇总", content="全文", reports=[approved],
        ), approve=True, note="同意",
    )
    meeting = meetings.meeting_record(
        actor=manager, held_on=timezone.localdate(), place="会议室", attendees=[rep],
        other_attendees="", minutes="例会",
    )
    suggestion = meetings.suggestion_add(
        actor=manager, meeting=meeting, reporter=rep, suggestion="配发工作证"
    )
    devices.device_check_record(
        actor=manager, reporter=rep, checked_on=timezone.localdate(), device_kind="phone",
        device="手机", result="passed", findings="", action="",
    )
    profile = profiles.reporter_seal_set(actor=manager, profile=profile, seal=PNG_1X1)
    world.extra["reporters"] = {
        "meeting": meeting, "suggestion": suggestion,
        "disclosure": asked, "disclosed": disclosed,
        "task": task, "training": session, "reward": reward,
        "assessment": rep.reporter_assessments.get(),
        "group": group, "profile": profile, "draft": draft, "submitted": submitted,
        "approved": approved, "call": call, "written": written, "attachment": attachment,
        "handled": handled,
    }
