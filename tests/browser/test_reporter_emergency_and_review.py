"""End to end in a real browser: a reporter on a phone logs an emergency and files the written
report within the hour; a group's reviewer returns a report, then approves the corrected one."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reporters.models import EmergencyCall, Report, ReportStatus
from reporters.reports import services as reports
from residents import roles
from tests import factories
from tests.reporters.helpers import OPINION, make_group, make_report, make_reporter

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


def test_a_reporter_logs_a_phoned_in_emergency_then_files_the_written_report_in_time(
    live_server, page
):
    manager = factories.make_user(roles.MANAGER)
    reporter, _profile = make_reporter(manager, group=make_group(manager))
    page.set_viewport_size({"width": 390, "height": 844})  # from the street, on a phone

    _sign_in(page, live_server, reporter.username)
    expect(page.locator("h1")).to_have_text("信息报告员首页")
    page.get_by_role("link", name="报告紧急事件").click()
    page.wait_for_url(re.compile(r"/reporters/emergencies/new/$"))
    page.locator("[name=kind]").select_option("fire")
    page.locator("[name=basic_facts]").fill("五号楼二单元厨房冒烟，已拨打119")
    page.get_by_role("button", name="登记来电").click()
    page.wait_for_url(re.compile(r"/reporters/emergencies/\d+/$"))
    countdown = page.locator(".countdown")
    expect(countdown).to_be_visible()
    # An hour from the call, less the seconds a loaded machine took to get here.
    assert 57 * 60 <= int(countdown.get_attribute("data-countdown")) <= 60 * 60
    expect(countdown).to_have_text(re.compile(r"^(5[789]|60):\d\d$"))

    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    page.locator("[name=occurred_at]").fill(now)
    page.locator("[name=place]").fill("五号楼二单元")
    page.locator("[name=course]").fill("住户炒菜时油锅起火，邻居协助扑灭")
    page.locator("[name=impact_scope]").fill("一户厨房，无人员伤亡")
    page.locator("[name=measures_taken]").fill("疏散同单元居民，通知物业检查燃气")
    page.get_by_role("button", name="提交书面报告").click()
    expect(page.locator(".messages")).to_contain_text("书面报告已提交")
    expect(page.get_by_role("button", name="打印书面报告（PDF）")).to_be_visible()
    # Nothing of the page is wider than the phone.
    assert page.evaluate("document.querySelector('main').scrollWidth") <= 390

    call = EmergencyCall.objects.get()
    assert call.reporter == reporter and call.logged_by == reporter
    assert call.written_at is not None and not call.is_overdue()


def test_a_reviewer_returns_a_report_and_approves_it_once_corrected(live_server, page):
    manager = factories.make_user(roles.MANAGER)
    reviewer = factories.make_user(roles.FRONT_DESK)
    reporter, _profile = make_reporter(manager, group=make_group(manager, reviewer=reviewer))
    report = make_report(reporter, submit=True)

    _sign_in(page, live_server, reviewer.username)
    page.goto(f"{live_server.url}/reporters/reports/{report.pk}/")
    review = page.locator("form[action$='/review/']")
    for name in ("truthful", "complete", "well_formatted"):
        review.locator(f"[name=review-{name}]").check()
    review.get_by_role("button", name="登记复核").click()
    # Returning needs the reason: said next to the field, nothing saved.
    expect(page.locator("#id_review-reason_error")).to_be_visible()
    page.locator("[name=review-reason]").fill("反映人数不准确，请核实后修正")
    for name in ("truthful", "complete", "well_formatted"):
        page.locator(f"[name=review-{name}]").check()
    page.get_by_role("button", name="登记复核").click()
    expect(page.locator(".messages")).to_contain_text("已退回信息报告员修正")
    assert Report.objects.get(pk=report.pk).status == ReportStatus.REJECTED

    corrected = reports.report_update(
        actor=reporter, report=Report.objects.get(pk=report.pk),
        **{**OPINION, "facts": "十二名居民反映小区缺少健身器材"},
    )
    reports.report_submit(actor=reporter, report=corrected)

    page.reload()
    for name in ("truthful", "complete", "accurate", "well_formatted"):
        page.locator(f"[name=review-{name}]").check()
    page.get_by_role("button", name="登记复核").click()
    expect(page.locator(".messages")).to_contain_text("信息报告已审核通过")
    history = page.locator("section", has_text="历史记录")
    expect(history).to_contain_text("反映人数不准确")
    expect(history).to_contain_text("通过")
    assert Report.objects.get(pk=report.pk).status == ReportStatus.APPROVED
