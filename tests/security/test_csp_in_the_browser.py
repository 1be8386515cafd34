"""ACC-11: under the strict content security policy a real browser blocks nothing on the pages
(no inline script, style or handler is refused), and the page's own script still runs."""

from __future__ import annotations

import base64
import re

import pytest
from django.urls import reverse
from django_otp.oath import totp

from residents import roles
from tests import factories
from tests.browser import conftest as browser

page = browser.page  # the Playwright page fixture of tests/browser

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_pages_run_under_the_policy_without_violations(live_server, page):
    manager = factories.make_user(roles.MANAGER)
    resident = factories.make_resident(actor=manager)
    refused: list[str] = []
    page.on(
        "console",
        lambda message: refused.append(f"{page.url}: {message.text}")
        if "Content Security Policy" in message.text
        else None,
    )

    page.goto(f"{live_server.url}{reverse('login')}")
    page.locator("input[name=username]").fill(manager.username)
    page.locator("input[name=password]").fill(factories.PASSWORD)
    page.locator("form button[type=submit]").last.click()
    # A manager sets up the second factor first: the QR code is inline SVG under the policy.
    page.wait_for_url(re.compile(r"/accounts/otp/setup/"))
    assert page.locator("svg.qr-code").bounding_box()["width"] > 100
    secret = page.locator("#otp-secret").inner_text().replace(" ", "")
    page.locator("input[name=code]").fill(f"{totp(base64.b32decode(secret)):06d}")
    page.locator("form button[type=submit]").last.click()
    page.locator("#recovery-codes").wait_for()
    assert page.locator("button[data-print]").is_visible()  # shown by the page's script
    page.locator("a.button.primary").click()
    page.wait_for_url(f"{live_server.url}/")

    for url in [
        reverse("home"),
        reverse("otp:setup"),
        reverse("residents:list"),
        reverse("residents:create"),
        reverse("residents:detail", args=[resident.pk]),
        reverse("casework:change_open", args=[resident.pk]),
        reverse("audit:trail"),
        reverse("residents:dashboard"),
        reverse("preregister"),
    ]:
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, url
        assert "script-src 'self'" in response.headers["content-security-policy"]

    # The filter grid's style comes from app.css now, not from an attribute.
    page.goto(f"{live_server.url}{reverse('audit:trail')}")
    assert page.locator(".filter-grid").evaluate("e => getComputedStyle(e).display") == "grid"
    assert refused == []


def test_the_admin_runs_under_the_policy_without_violations(live_server, page):
    admin = factories.make_user(roles.SYSADMIN)
    admin.is_staff = True
    admin.save(update_fields=["is_staff"])
    factories.enrol_second_factor(admin)
    refused: list[str] = []
    page.on(
        "console",
        lambda message: refused.append(f"{page.url}: {message.text}")
        if "Content Security Policy" in message.text
        else None,
    )
    page.goto(f"{live_server.url}{reverse('login')}")
    page.locator("input[name=username]").fill(admin.username)
    page.locator("input[name=password]").fill(factories.PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/accounts/otp/verify/"))
    # The code of the next 30-second step: the one of this step confirmed the enrolment.
    page.locator("input[name=code]").fill(factories.next_totp_code(admin))
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(f"{live_server.url}/")
    for url in [
        reverse("admin:index"),
        reverse("admin:auth_user_changelist"),
        reverse("admin:auth_user_change", args=[admin.pk]),
    ]:
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, url
    assert refused == []
