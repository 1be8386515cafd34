"""End to end in a real browser at phone width: a reporter opens a task from the home page,
marks the submitted report answering it and completes it."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reporters.models import ReporterTask
from reporters.tasks import services as tasks
from residents import roles
from tests import factories
from tests.reporters.helpers import make_group, make_report, make_reporter

pytestmark = [
    pytest.mark.browser,
    # See test_register_verify_print.py: the roles come from a data migration.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _sign_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(factories.PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(f"{live_server.url}/")


def test_a_reporter_completes_a_task_from_the_phone(live_server, page):
    manager = factories.make_user(roles.MANAGER)
    reporter, _profile = make_reporter(manager, group=make_group(manager))
    task = tasks.task_assign(
        actor=manager, reporter=reporter, title="走访三号楼独居老人", area="三号楼",
        due_on=timezone.localdate() + datetime.timedelta(days=2),
    )
    report = make_report(reporter, submit=True)
    page.set_viewport_size({"width": 390, "height": 844})  # from the street, on a phone

    _sign_in(page, live_server, reporter.username)
    expect(page.locator("h1")).to_have_text("信息报告员首页")
    page.get_by_role("link", name=re.compile("走访三号楼独居老人")).click()
    page.wait_for_url(re.compile(rf"/reporters/tasks/{task.pk}/$"))
    # Completing before any report answers the task is refused, next to the field.
    page.get_by_role("button", name="任务已完成").click()
    expect(page.locator("#id_note_error")).to_be_visible()

    page.locator("[name=report]").select_option(str(report.pk))
    page.get_by_role("button", name="标明完成此任务").click()
    expect(page.locator(".messages")).to_contain_text("已标明该信息报告完成此任务")
    page.locator("[name=note]").fill("已走访五户，情况已写入报告")
    page.get_by_role("button", name="任务已完成").click()
    expect(page.locator(".messages")).to_contain_text("任务已完成")
    expect(page.get_by_role("button", name="任务已完成")).to_have_count(0)
    # Nothing of the page is wider than the phone.
    assert page.evaluate("document.querySelector('main').scrollWidth") <= 390

    task = ReporterTask.objects.get()
    assert task.is_done and task.completion_note == "已走访五户，情况已写入报告"
    assert list(task.answers.values_list("report_id", flat=True)) == [report.pk]
