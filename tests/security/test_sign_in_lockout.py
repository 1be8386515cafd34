"""Repeated failed sign-ins lock the account, and an address, for a while (ACC-5, ACC-10)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"


def _attempt(client, username, password, *, address="192.0.2.10", url=LOGIN):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def _fail(client, username, times, *, address="192.0.2.10", url=LOGIN):
    return [
        _attempt(client, username, "not-the-password", address=address, url=url).status_code
        for _ in range(times)
    ]


def test_five_failed_sign_ins_lock_the_account_for_fifteen_minutes(client, front_desk):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        assert _fail(client, front_desk.username, 4) == [200] * 4
        locked = _attempt(client, front_desk.username, "not-the-password")
        assert locked.status_code == 429
        # The right password from another address does not help: the account itself is locked.
        again = _attempt(client, front_desk.username, PASSWORD, address="198.51.100.20")
        assert again.status_code == 429
        assert "_auth_user_id" not in client.session
        clock.shift(datetime.timedelta(minutes=14))
        still = _attempt(client, front_desk.username, PASSWORD, address="198.51.100.20")
        assert still.status_code == 429
        clock.shift(datetime.timedelta(minutes=16))
        response = _attempt(client, front_desk.username, PASSWORD, address="198.51.100.20")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(front_desk.pk)


def test_the_lockout_page_explains_in_chinese_in_the_products_layout(client, front_desk):
    _fail(client, front_desk.username, 4)
    response = _attempt(client, front_desk.username, "not-the-password")
    page = response.content.decode()
    assert response.status_code == 429
    assert "登录已暂时锁定" in page
    assert "15 分钟" in page
    assert 'href="/static/css/app.css"' in page or "css/app" in page
    assert "not-the-password" not in page


def test_many_usernames_tried_from_one_address_lock_that_address(client):
    victim = make_user(None)
    _fail(client, "nobody-a", 2, address="203.0.113.5")
    _fail(client, "nobody-b", 2, address="203.0.113.5")
    assert _attempt(client, "nobody-c", "x", address="203.0.113.5").status_code == 429
    assert _attempt(client, victim.username, PASSWORD, address="203.0.113.5").status_code == 429
    # Another address is not affected, and neither is the account.
    assert _attempt(client, victim.username, PASSWORD, address="203.0.113.6").status_code == 302


def test_the_admin_login_is_locked_out_too(client, sysadmin):
    assert _fail(client, sysadmin.username, 4, url=ADMIN_LOGIN) == [200] * 4
    assert _fail(client, sysadmin.username, 1, url=ADMIN_LOGIN) == [429]
    assert _attempt(client, sysadmin.username, PASSWORD, address="198.51.100.1").status_code == 429


def test_lockout_counts_addresses_as_the_audit_log_sees_them(client, monkeypatch):
    """The address comes from residents.audit.context.client_address, the one place that knows."""
    monkeypatch.setattr(
        "residents.audit.context.client_address", lambda request=None: "203.0.113.99"
    )
    for number in range(4):
        _attempt(client, f"someone{number}", "x", address=f"192.0.2.{number + 1}")
    assert _attempt(client, "someone-else", "x", address="192.0.2.50").status_code == 429
