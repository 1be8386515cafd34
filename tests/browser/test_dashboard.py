"""End to end in a real browser: a manager signs in, lands on 待我处理 and the dashboard, opens
the dashboard, switches to the quarter, and follows a panel's row to the list it counts; the
page fits a 390 px phone screen."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import expect

from residents import roles
from tests import factories

pytestmark = [
    pytest.mark.browser,
    # See test_register_verify_print.py: the roles come from a data migration.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _log_in(page, live_server, user) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill(user.username)
    page.locator("input[name=password]").fill(factories.PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(re.compile(r"/accounts/otp/verify/"))
    page.locator("input[name=code]").fill(factories.next_totp_code(user))
    page.locator("input[name=code]").press("Enter")
    page.wait_for_url(f"{live_server.url}/")


def test_manager_switches_the_period_and_follows_a_panel_to_its_list(live_server, page):
    clerk = factories.make_user(roles.FRONT_DESK)
    manager = factories.make_user(roles.MANAGER)
    factories.enrol_second_factor(manager)
    elderly = factories.make_resident(actor=clerk, birth_date=datetime.date(1948, 5, 1))
    factories.make_resident(actor=clerk, birth_date=datetime.date(1990, 5, 1))

    _log_in(page, live_server, manager)
    expect(page.locator("h1").first).to_have_text("待我处理")
    expect(page.locator("#panel-age_groups")).to_be_visible()

    page.locator("nav summary", has_text="管理").click()
    page.locator("nav a", has_text="统计看板").click()
    page.wait_for_url(re.compile(r"/residents/dashboard/"))
    page.locator("#dashboard-period").select_option("quarter")
    page.locator("form.dashboard-period button[type=submit]").click()
    page.wait_for_url(re.compile(r"period=quarter"))
    expect(page.locator("h1")).to_contain_text("季度")
    elderly_row = page.locator("#panel-age_groups tr[data-row=elderly]")
    expect(elderly_row.locator("td[data-current]")).to_have_text("1")
    page.screenshot(path="/tmp/dashboard_quarter.png", full_page=True)

    # At a phone's width the panels stack and nothing runs off the side.
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path="/tmp/dashboard_390.png", full_page=True)

    elderly_row.locator("th a").click()
    page.wait_for_url(re.compile(r"/residents/\?.*age_group=elderly"))
    rows = page.locator("table.list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(elderly.name)
