"""Passwords expire, are changed on a self-service page, and may not repeat (ACC-5, ACC-10)."""

from __future__ import annotations

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from residents.models import PasswordHistory
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

CHANGE = "/accounts/password/"


def _age_password(user, days):
    PasswordHistory.objects.filter(user=user).update(
        changed_at=timezone.now() - datetime.timedelta(days=days)
    )


def _sign_in(client, user, password=PASSWORD):
    response = client.post(reverse("login"), {"username": user.username, "password": password})
    assert response.status_code == 302
    return response


def _change(client, old, new):
    return client.post(CHANGE, {"old_password": old, "new_password1": new, "new_password2": new})


def test_the_change_page_is_at_accounts_password_and_in_chinese(front_desk_client):
    assert reverse("password_change") == CHANGE
    page = front_desk_client.get(CHANGE).content.decode()
    assert "修改密码" in page
    assert "原密码" in page or "旧密码" in page


def test_a_password_older_than_90_days_must_be_changed_before_any_other_page(client, front_desk):
    _age_password(front_desk, 91)
    _sign_in(client, front_desk)
    for url in (reverse("home"), reverse("residents:list"), reverse("audit:trail")):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url == CHANGE
    assert client.get(CHANGE).status_code == 200
    assert "请设置新密码" in client.get(CHANGE).content.decode()
    assert _change(client, PASSWORD, "Fresh-passw0rd-2026").status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_a_password_younger_than_the_limit_is_not_forced_to_change(client, front_desk, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 30
    _age_password(front_desk, 29)
    _sign_in(client, front_desk)
    assert client.get(reverse("home")).status_code == 200


def test_the_maximum_age_is_a_setting(client, front_desk, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 30
    _age_password(front_desk, 31)
    _sign_in(client, front_desk)
    assert client.get(reverse("home")).url == CHANGE


def test_an_account_without_password_history_counts_from_when_it_was_created(client, front_desk):
    PasswordHistory.objects.filter(user=front_desk).delete()
    User.objects.filter(pk=front_desk.pk).update(
        date_joined=timezone.now() - datetime.timedelta(days=120)
    )
    _sign_in(client, front_desk)
    assert client.get(reverse("home")).url == CHANGE


def test_demo_accounts_are_exempt_only_while_demo_mode_is_on(client, settings):
    demo = make_user(None, username="frontdesk")
    _age_password(demo, 400)
    settings.DEMO_MODE = True
    _sign_in(client, demo)
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("logout"))
    settings.DEMO_MODE = False
    _sign_in(client, demo)
    assert client.get(reverse("home")).url == CHANGE


def test_changing_the_password_is_audited_and_recorded(client, front_desk):
    _sign_in(client, front_desk)
    assert _change(client, PASSWORD, "Fresh-passw0rd-2026").status_code == 302
    entry = LogEntry.objects.get(additional_data__event="password_changed")
    assert entry.actor == front_desk
    assert "Fresh" not in str(entry.additional_data)
    newest = PasswordHistory.objects.filter(user=front_desk).latest("changed_at")
    front_desk.refresh_from_db()
    assert newest.password_hash == front_desk.password
    # Still signed in after the change.
    assert client.get(reverse("home")).status_code == 200


def test_none_of_the_last_five_passwords_may_be_reused(client, front_desk):
    _sign_in(client, front_desk)
    passwords = [PASSWORD] + [f"Rotated-passw0rd-{n}" for n in range(1, 6)]
    for old, new in zip(passwords, passwords[1:], strict=False):
        assert _change(client, old, new).status_code == 302
    current = passwords[-1]
    for recent in passwords[1:]:
        response = _change(client, current, recent)
        assert response.status_code == 200, recent
        assert "最近使用过" in response.content.decode()
    # The sixth-last password is old enough to be used again.
    assert _change(client, current, passwords[0]).status_code == 302
    assert PasswordHistory.objects.filter(user=front_desk).count() == 5
    assert all(
        not row.password_hash.endswith(passwords[0])
        for row in PasswordHistory.objects.filter(user=front_desk)
    )


def test_a_password_set_any_other_way_is_recorded_as_a_hash(db):
    user = User.objects.create_user(username="someone", password="Created-passw0rd-1")
    first = PasswordHistory.objects.get(user=user)
    assert first.password_hash == user.password
    assert "Created" not in first.password_hash
    user.set_password("Admin-set-passw0rd-2")
    user.save()
    assert PasswordHistory.objects.filter(user=user).count() == 2
