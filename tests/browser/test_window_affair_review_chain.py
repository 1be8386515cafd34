"""End to end in a real browser: a window affair reviewed by three different people — the
business department's initial review, a supervisor's second review, the community head's
approval (AFF-3) — and the result in the window handler's inbox (AFF-8)."""

from __future__ import annotations

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from casework.affairs import catalogue as catalogue_services
from casework.affairs import services as affair_services
from casework.duties import services as duty_services
from casework.models import Case, ReviewDutyKind
from residents import roles
from tests import factories

pytestmark = [
    pytest.mark.browser,
    # See test_register_verify_print.py: the roles come from a data migration.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MATERIALS = ["临时救助申请书", "居民身份证原件及复印件"]


def _log_in(page, live_server, user, *, second_factor: bool = False) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill(user.username)
    page.locator("input[name=password]").fill(factories.PASSWORD)
    page.locator("input[name=password]").press("Enter")
    if second_factor:
        # A person signs in again within one 30-second step here (minutes apart in real
        # life); django-otp refuses a code of a step already used, so the replay counter of
        # the test's authenticator starts afresh.
        TOTPDevice.objects.filter(user=user).update(last_t=-1)
        page.wait_for_url(re.compile(r"/accounts/otp/verify/"))
        page.locator("input[name=code]").fill(factories.next_totp_code(user))
        page.locator("input[name=code]").press("Enter")
    page.wait_for_url(f"{live_server.url}/")


def _log_out(page) -> None:
    page.locator("form[action$='/accounts/logout/'] button").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))


def _review(page, live_server, case, user, action: str, opinion: str) -> None:
    _log_in(page, live_server, user, second_factor=True)
    page.goto(f"{live_server.url}/casework/cases/{case.pk}/")
    form = page.locator(f"form.step-form:has(input[name=action][value={action}])")
    form.locator("textarea").fill(opinion)
    form.locator("button").click()
    expect(page.locator(".messages").first).to_be_visible()
    _log_out(page)


def test_a_window_affair_passes_three_reviewers_and_the_handler_gets_the_result(
    live_server, page
):
    manager = factories.make_user(roles.MANAGER)
    desk = factories.make_user(roles.FRONT_DESK)
    clerk, supervisor, head = (factories.make_user(roles.MANAGER) for _ in range(3))
    for reviewer in (clerk, supervisor, head):
        factories.enrol_second_factor(reviewer)
    department = duty_services.department_save(name="民政业务科", members=[clerk], actor=manager)
    duty_services.review_duty_grant(
        user=supervisor, duty=ReviewDutyKind.SECOND_REVIEW, title="分管副主任", actor=manager
    )
    duty_services.review_duty_grant(
        user=head, duty=ReviewDutyKind.FINAL_APPROVAL, title="社区主任", actor=manager
    )
    item = catalogue_services.catalogue_item_add(
        name="临时救助申请", legal_basis="《社会救助暂行办法》第四十七条",
        materials="\n".join(MATERIALS), procedure="受理\n初审\n复审\n审批", time_limit_days=10,
        needs_second_review=True, actor=manager, department=department,
    )
    duty_services.window_save(name="社会救助窗口", items=[item], staff=[desk], actor=manager)
    resident = factories.make_resident(actor=desk)
    case = affair_services.affair_accept(
        item=item, resident=resident, actor=desk, received=MATERIALS
    )

    # The window handler cannot review the case; the page says whose step it is.
    _log_in(page, live_server, desk)
    page.goto(f"{live_server.url}/casework/cases/{case.pk}/")
    expect(page.locator(".case-handler")).to_contain_text("社会救助窗口")
    expect(page.locator("input[name=action][value=initial_review]")).to_have_count(0)
    _log_out(page)

    # The head may not take the department's initial review.
    _log_in(page, live_server, head, second_factor=True)
    page.goto(f"{live_server.url}/casework/cases/{case.pk}/")
    expect(page.locator("input[name=action][value=initial_review]")).to_have_count(0)
    _log_out(page)

    _review(page, live_server, case, clerk, "initial_review", "入户核实，情况属实")
    _review(page, live_server, case, supervisor, "second_review", "复审同意")
    _review(page, live_server, case, head, "approve", "同意给予临时救助")
    steps = dict(Case.objects.get(pk=case.pk).steps.values_list("action", "actor"))
    assert [steps["initial_review"], steps["second_review"], steps["approve"]] == [
        clerk.pk, supervisor.pk, head.pk
    ]

    # The handler finds the result in the inbox: the case number and a masked name only.
    _log_in(page, live_server, desk)
    expect(page.locator(".inbox-link .badge")).to_have_text("1")
    page.locator(".inbox-link").click()
    entry = page.locator("ul.inbox li").first
    expect(entry).to_contain_text(case.number)
    expect(entry).to_contain_text(resident.name[0] + "*")
    expect(entry).not_to_contain_text(resident.name)
    page.screenshot(path="/tmp/window_affair_inbox.png", full_page=True)
    entry.locator("button").click()
    page.wait_for_url(re.compile(rf"/casework/cases/{case.pk}/$"))
    expect(page.locator(".status-case-approved").first).to_be_visible()
