"""A session ends at an absolute limit after sign-in, beside the idle timeout (ACC-10)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_absolute_limit_defaults_to_twelve_hours():
    assert django_settings.SESSION_ABSOLUTE_SECONDS == 12 * 60 * 60


def test_an_active_session_ends_at_the_absolute_limit_after_sign_in(client, front_desk, settings):
    settings.SESSION_ABSOLUTE_SECONDS = 60 * 60
    home = reverse("home")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.post(reverse("login"), {"username": front_desk.username, "password": PASSWORD})
        # Active every 20 minutes, so the 30-minute idle timeout never ends the session.
        for _ in range(3):
            clock.shift(datetime.timedelta(minutes=20))
            assert client.get(home).status_code == 200
        clock.shift(datetime.timedelta(minutes=1))
        response = client.get(home)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_a_session_without_a_recorded_sign_in_time_starts_counting_now(
    client, front_desk, settings
):
    settings.SESSION_ABSOLUTE_SECONDS = 60 * 60
    client.force_login(front_desk)
    session = client.session
    session.pop("signed_in_at", None)
    session.save()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        assert client.get(reverse("home")).status_code == 200
        clock.shift(datetime.timedelta(minutes=25))
        assert client.get(reverse("home")).status_code == 200
        clock.shift(datetime.timedelta(minutes=36))
        assert client.get(reverse("home")).status_code == 302


def _expires(client) -> datetime.datetime:
    from django.contrib.sessions.models import Session

    return Session.objects.get(session_key=client.cookies["sessionid"].value).expire_date


def test_the_idle_timeout_restarts_with_activity_but_the_session_is_rewritten_at_most_once_a_minute(
    client, front_desk, settings
):
    settings.SESSION_COOKIE_AGE = 30 * 60
    settings.SESSION_REFRESH_SECONDS = 60
    home = reverse("home")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.post(reverse("login"), {"username": front_desk.username, "password": PASSWORD})
        first = _expires(client)
        clock.shift(datetime.timedelta(seconds=30))
        response = client.get(home)
        assert response.status_code == 200
        # Within the minute: neither the stored session nor its cookie is renewed.
        assert _expires(client) == first
        assert "sessionid" not in response.cookies
        clock.shift(datetime.timedelta(seconds=40))
        response = client.get(home)
        assert _expires(client) == first + datetime.timedelta(seconds=70)
        assert response.cookies["sessionid"]["max-age"] == 30 * 60
        # Active every 25 minutes: the session lives on past its first expiry.
        clock.shift(datetime.timedelta(minutes=25))
        assert client.get(home).status_code == 200
        clock.shift(datetime.timedelta(minutes=25))
        assert client.get(home).status_code == 200
        # Then idle for the whole timeout: signed out.
        clock.shift(datetime.timedelta(minutes=30))
        response = client.get(home)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_an_anonymous_visit_creates_no_session(client):
    from django.contrib.sessions.models import Session

    client.get(reverse("login"))
    client.get(reverse("public:guide"))
    assert not Session.objects.exists()
