"""Successful and failed sign-ins, sign-outs and password changes are audit entries (ACC-10)."""

from __future__ import annotations

import json

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse

from residents import roles
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def _account_entries(event):
    return LogEntry.objects.filter(action=LogEntry.Action.ACCESS, additional_data__event=event)


def _sign_in(client, username, password, address="192.0.2.44"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_a_successful_sign_in_is_an_audit_entry_with_the_actor_and_address(client, front_desk):
    assert _sign_in(client, front_desk.username, PASSWORD).status_code == 302
    entry = _account_entries("login").get()
    assert entry.actor == front_desk
    assert entry.remote_addr == "192.0.2.44"
    assert entry.object_pk == str(front_desk.pk)


def test_a_failed_sign_in_records_the_username_tried_but_never_the_password(client, front_desk):
    _sign_in(client, front_desk.username, "Secret-typo-2026")
    _sign_in(client, "Secret-in-the-name-field", "Secret-typo-2027")
    known, unknown = _account_entries("login_failed").order_by("pk")
    assert known.actor is None
    assert known.remote_addr == "192.0.2.44"
    assert known.additional_data["username"] == front_desk.username
    assert known.object_pk == str(front_desk.pk)
    # A username no account has may be a password typed in the wrong field: partly masked.
    assert unknown.additional_data["username"].startswith("Se")
    assert "Secret-in-the-name-field" not in json.dumps(unknown.additional_data)
    for entry in (known, unknown):
        stored = json.dumps(entry.additional_data) + entry.object_repr + entry.changes_text
        assert "typo" not in stored


def test_signing_out_is_an_audit_entry(client, front_desk):
    _sign_in(client, front_desk.username, PASSWORD)
    client.post(reverse("logout"), REMOTE_ADDR="192.0.2.45")
    entry = _account_entries("logout").get()
    assert entry.actor == front_desk
    assert entry.remote_addr == "192.0.2.45"


def test_the_audit_trail_shows_sign_ins_in_chinese(client, front_desk):
    _sign_in(client, front_desk.username, "wrong-password-1")
    _sign_in(client, front_desk.username, PASSWORD)
    client.post(reverse("logout"))
    auditor = Client()
    auditor.force_login(make_user(roles.AUDITOR))
    page = auditor.get(reverse("audit:trail"), {"action": "sign_in"}).content.decode()
    for label in ("登录成功", "登录失败", "退出登录", f"尝试的用户名：{front_desk.username}"):
        assert label in page
    assert "登录与密码" in page
