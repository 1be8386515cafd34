"""In a real browser: a manager's queue shows a verified change and approving it
removes it from the queue; printing a slip updates the page without a reload, and a second
print asks for its reason."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from casework.change import services as change_services
from casework.engine import services
from residents import roles
from residents.models import Slip
from tests import factories

pytestmark = [
    pytest.mark.browser,
    # See test_register_verify_print.py: the roles come from a data migration.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WAITING = "已核实待审批的变更"


def _log_in(page, live_server, user, *, second_factor: bool = False) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill(user.username)
    page.locator("input[name=password]").fill(factories.PASSWORD)
    page.locator("input[name=password]").press("Enter")
    if second_factor:
        page.wait_for_url(re.compile(r"/accounts/otp/verify/"))
        page.locator("input[name=code]").fill(factories.next_totp_code(user))
        page.locator("input[name=code]").press("Enter")
    page.wait_for_url(f"{live_server.url}/")


def test_a_managers_queue_shows_a_verified_change_and_approving_it_removes_it(
    live_server, page
):
    clerk = factories.make_user(roles.FRONT_DESK)
    manager = factories.make_user(roles.MANAGER)
    factories.enrol_second_factor(manager)
    resident = factories.make_resident(actor=clerk, address="东城区和平里街道1号")
    case = change_services.change_request_open(
        resident=resident, actor=clerk, proposed={"address": "东城区安定门街道8号"},
        reason="居民搬家", documents="租房合同",
    )
    case = services.case_act(case=case, action="verify", actor=factories.colleague_of(clerk))

    _log_in(page, live_server, manager, second_factor=True)
    queue = page.locator("section.work-lines", has_text=WAITING)
    expect(queue).to_contain_text(case.number)
    queue.get_by_role("link", name=re.compile(case.number)).click()
    page.wait_for_url(re.compile(rf"/casework/cases/{case.pk}/$"))
    expect(page.locator("[data-next-steps]")).to_contain_text("等待")
    approve = page.locator("form[action$='/approve/']")
    approve.locator("textarea").fill("材料属实，同意变更")
    approve.locator("button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text(case.number)
    page.goto(f"{live_server.url}/")
    expect(page.locator("section.work-lines", has_text=WAITING)).not_to_contain_text(
        case.number
    )


def test_printing_updates_the_page_and_a_second_print_asks_why(live_server, page):
    clerk = factories.make_user(roles.FRONT_DESK)
    resident = factories.make_resident(actor=clerk)
    _log_in(page, live_server, clerk)
    page.goto(f"{live_server.url}/residents/{resident.pk}/")
    expect(page.locator("[data-print-records]")).to_have_count(0)

    # Printed from the keyboard: the PDF downloads and the page shows the new print at once.
    button = page.locator("form[action$='/slip/'] button[type=submit]")
    button.focus()
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    assert download_info.value.suggested_filename.endswith(".pdf")
    records = page.locator("[data-print-records]")
    slip = Slip.objects.get(resident=resident)
    expect(records).to_contain_text(slip.verification_code)
    expect(records.locator("input[name=signed_on]")).to_have_value(
        timezone.localdate().isoformat()
    )
    # Focus moved to the print records for keyboard and screen reader users.
    expect(records.locator("h2")).to_be_focused()

    # The printer jammed: the second print asks for the reason and records it.
    reason = page.locator("form[action$='/slip/'] input[name=reprint_reason]")
    expect(reason).to_be_visible()
    reason.fill("打印机卡纸")
    with page.expect_download():
        page.locator("form[action$='/slip/'] button[type=submit]").click()
    expect(records).to_contain_text("再次打印：打印机卡纸")
    assert Slip.objects.filter(resident=resident).count() == 2
