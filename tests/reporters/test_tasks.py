"""Tasks assigned to reporters (REP-13): assigned with a due date, answered by reports,
completed by the reporter, an overdue task told to the reporter once."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from reporters.models import ReporterTask
from reporters.tasks import services as tasks
from residents import roles
from residents.common.errors import ActionRefused
from residents.models import Notification
from tests.factories import make_user
from tests.reporters.helpers import make_group, make_report, make_reporter

pytestmark = pytest.mark.django_db

BEIJING = zoneinfo.ZoneInfo("Asia/Shanghai")
MONDAY = datetime.datetime(2026, 11, 30, 9, 0, tzinfo=BEIJING)
DUE = datetime.date(2026, 12, 2)


@pytest.fixture
def manager():
    return make_user(roles.MANAGER)


def _assign(manager, reporter, **extra) -> ReporterTask:
    return tasks.task_assign(
        actor=manager, reporter=reporter, title="走访三号楼独居老人", area="三号楼",
        due_on=extra.pop("due_on", DUE), details="了解冬季取暖情况", **extra,
    )


def test_the_reporter_is_told_of_a_new_task_and_sees_it_on_the_home_page(client, manager):
    with time_machine.travel(MONDAY, tick=False):
        reporter, _profile = make_reporter(manager)
        task = _assign(manager, reporter)
        client.force_login(reporter)
        home = client.get(reverse("reporters:home")).content.decode()
    assert "走访三号楼独居老人" in home and "2026-12-02" in home
    assert Notification.objects.filter(
        recipient=reporter, key=f"reporter-task-assigned-{task.pk}"
    ).exists()


def test_a_task_cannot_be_due_in_the_past(manager):
    with time_machine.travel(MONDAY, tick=False):
        reporter, _profile = make_reporter(manager)
        with pytest.raises(ActionRefused) as refused:
            _assign(manager, reporter, due_on=datetime.date(2026, 11, 29))
    assert refused.value.field == "due_on"


def test_a_task_is_completed_only_with_a_submitted_report_answering_it(manager):
    with time_machine.travel(MONDAY, tick=False):
        reporter, _profile = make_reporter(manager)
        task = _assign(manager, reporter)
        with pytest.raises(ActionRefused, match="报告|report"):
            tasks.task_complete(actor=reporter, task=task, note="已走访")
        draft = make_report(reporter)
        tasks.task_answer(actor=reporter, task=task, report=draft)
        with pytest.raises(ActionRefused):
            tasks.task_complete(actor=reporter, task=task, note="已走访")
        tasks.task_answer(actor=reporter, task=task, report=make_report(reporter, submit=True))
        done = tasks.task_complete(actor=reporter, task=task, note="已走访五户")
    assert done.is_done and not done.is_overdue()
    assert task.answers.count() == 2


def test_a_report_answers_one_task_of_its_own_author_only(manager):
    with time_machine.travel(MONDAY, tick=False):
        reporter, _p = make_reporter(manager)
        other, _q = make_reporter(manager)
        task = _assign(manager, reporter)
        second = _assign(manager, reporter)
        report = make_report(reporter, submit=True)
        with pytest.raises(ActionRefused):
            tasks.task_answer(actor=other, task=task, report=make_report(other))
        tasks.task_answer(actor=reporter, task=task, report=report)
        with pytest.raises(ActionRefused) as refused:
            tasks.task_answer(actor=reporter, task=second, report=report)
    assert refused.value.field == "report"


def test_an_overdue_task_tells_the_reporter_once(manager):
    with time_machine.travel(MONDAY, tick=False):
        reporter, _profile = make_reporter(manager)
        task = _assign(manager, reporter)
    with time_machine.travel(datetime.datetime(2026, 12, 2, 23, 0, tzinfo=BEIJING), tick=False):
        assert tasks.tasks_notify_overdue() == 0
    with time_machine.travel(datetime.datetime(2026, 12, 3, 8, 0, tzinfo=BEIJING), tick=False):
        assert tasks.tasks_notify_overdue() == 1
        assert tasks.tasks_notify_overdue() == 0
    notices = Notification.objects.filter(
        recipient=reporter, key=f"reporter-task-overdue-{task.pk}"
    )
    assert notices.count() == 1
    assert "逾期" in notices.get().text or "overdue" in notices.get().text


def test_the_reporter_completes_a_task_from_the_task_page(client, manager):
    with time_machine.travel(MONDAY, tick=False):
        reporter, _profile = make_reporter(manager)
        task = _assign(manager, reporter)
        report = make_report(reporter, submit=True)
        client.force_login(reporter)
        client.post(reverse("reporters:task_answer", args=[task.pk]), {"report": report.pk})
        response = client.post(reverse("reporters:task_complete", args=[task.pk]),
                               {"note": "已走访"}, follow=True)
    assert "已完成" in response.content.decode()
    task.refresh_from_db()
    assert task.is_done


def test_reporters_see_their_own_tasks_reviewers_their_groups_managers_all(client, manager):
    reviewer = make_user(roles.FRONT_DESK)
    group = make_group(manager, reviewer=reviewer)
    with time_machine.travel(MONDAY, tick=False):
        member, _p = make_reporter(manager, group=group)
        outsider, _q = make_reporter(manager)
        member_task = _assign(manager, member)
        outsider_task = _assign(manager, outsider, due_on=datetime.date(2026, 12, 3))
    for user, seen in ((member, {member_task}), (reviewer, {member_task}),
                       (manager, {member_task, outsider_task})):
        client.force_login(user)
        page = client.get(reverse("reporters:task_list")).content.decode()
        for task in (member_task, outsider_task):
            assert (reverse("reporters:task_detail", args=[task.pk]) in page) == (task in seen)
    client.force_login(outsider)
    assert client.get(reverse("reporters:task_detail", args=[member_task.pk])).status_code == 404
