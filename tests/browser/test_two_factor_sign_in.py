"""End to end in a real browser: a manager sets up two-step verification, then signs in with
the password and a code from the authenticator app (ACC-10)."""

from __future__ import annotations

import base64
import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from playwright.sync_api import expect

from residents import roles
from residents.accounts.second_factor import stored_recovery_code
from tests import factories

pytestmark = [
    pytest.mark.browser,
    # See test_register_verify_print.py: the roles come from a data migration.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _password_step(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").focus()
    page.keyboard.type(user.username)
    page.keyboard.press("Tab")
    page.keyboard.type(factories.PASSWORD)
    page.keyboard.press("Enter")


def test_a_manager_sets_up_the_authenticator_and_signs_in_with_a_code(live_server, page):
    manager = factories.make_user(roles.MANAGER)

    _password_step(page, live_server, manager)
    page.wait_for_url(re.compile(r"/accounts/otp/setup/\?next=/$"))
    expect(page.locator("svg.qr-code")).to_be_visible()
    # The key as typed into an app by hand gives the codes the server expects.
    secret = page.locator("#otp-secret").inner_text().replace(" ", "")
    expect(page.locator("input[name=code]")).to_be_focused()
    page.keyboard.type(f"{totp(base64.b32decode(secret)):06d}")
    page.keyboard.press("Enter")

    codes = page.locator("#recovery-codes li")
    expect(codes).to_have_count(10)
    shown = {code.replace("-", "") for code in codes.all_inner_texts()}
    assert {stored_recovery_code(code) for code in shown} == set(
        StaticToken.objects.filter(device__user=manager).values_list("token", flat=True)
    )
    page.get_by_role("link", name="已妥善保存，继续").click()
    page.wait_for_url(f"{live_server.url}/")

    page.locator("form[action='/accounts/logout/'] button").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    _password_step(page, live_server, manager)
    page.wait_for_url(re.compile(r"/accounts/otp/verify/"))
    # The code of the next 30-second step: the one of this step confirmed the enrolment.
    page.keyboard.type(factories.next_totp_code(manager))
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/audit/")
    expect(page.locator("h1")).to_be_visible()
    assert "/accounts/otp/" not in page.url
