"""ACC-11: production settings are safe without any demo switch; the demo is switched on
explicitly."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.http import HttpRequest
from django.urls import reverse
from django.utils.safestring import mark_safe

from config.settings import BASE_DIR

STRONG_KEY = "p7Hq-3vKz!9dWm2_Lr8sYt4@Nc6fXb1eJg5uRa0iOk-VhZqTyPwEnM"  # 54 characters
PRODUCTION = {"DEMO_MODE": "false", "SECRET_KEY": STRONG_KEY, "DEBUG": ""}


def _environment(**env: str) -> dict[str, str]:
    """The machine's environment without the test run's demo switch, plus `env`."""
    base = {k: v for k, v in os.environ.items() if k not in {"DEMO_MODE", "SECRET_KEY"}}
    return {**base, **env}


def _python(code: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        env=_environment(**env), cwd=BASE_DIR, capture_output=True, text=True, check=False,
    )


def _settings_of(**env: str) -> dict:
    names = [
        "DEMO_MODE", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER",
        "MESSAGE_STORAGE",
    ]
    result = _python(
        "import json; from config import settings as s; "
        f"print(json.dumps({{n: getattr(s, n, None) for n in {names!r}}}))",
        **env,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_demo_mode_is_off_unless_switched_on():
    assert _settings_of(SECRET_KEY=STRONG_KEY)["DEMO_MODE"] is False
    assert _settings_of(SECRET_KEY=STRONG_KEY, DEMO_MODE="true")["DEMO_MODE"] is True


def test_without_demo_mode_a_secret_key_is_required():
    result = _python("import config.settings")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
    # DEBUG is no way around it.
    assert _python("import config.settings", DEBUG="true").returncode != 0


@pytest.mark.parametrize(
    "key",
    [
        "insecure-local-demo-key-do-not-use-in-production",  # the demo key
        "x" * 40,  # long enough for the demo, too short for production
        "ab" * 30,  # too few different characters
        "django-insecure-" + "k3Jd9!sLq2Wz8xNc5vBm7aTr1eYu4iOp6hGf0",
    ],
)
def test_production_refuses_a_weak_or_demo_secret_key(key):
    result = _python("import config.settings", DEMO_MODE="false", SECRET_KEY=key)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_production_cookies_are_secure_and_hsts_and_https_redirect_are_on():
    values = _settings_of(**PRODUCTION)
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] is None


def test_https_redirect_and_the_proxy_header_are_configurable():
    values = _settings_of(
        **PRODUCTION, SECURE_SSL_REDIRECT="false", SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto"
    )
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_demo_mode_serves_plain_http_for_make_run():
    values = _settings_of(DEMO_MODE="true")
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0


def test_deploy_checks_report_nothing_in_production():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=_environment(**PRODUCTION), cwd=BASE_DIR, capture_output=True, text=True,
        check=False,
    )
    if not settings.DATABASE_APP_ROLE:
        # Tests against a single-role DATABASE_URL: the one warning due (README: Database roles).
        assert "residents.W001" in result.stdout + result.stderr
        assert "System check identified 1 issue " in result.stdout + result.stderr
        return
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_make_run_switches_the_demo_on_for_the_seed_and_the_server():
    makefile = (BASE_DIR / "Makefile").read_text()
    run_lines = [
        line for line in makefile.splitlines()
        if not line.startswith("#") and ("seed_demo" in line or "manage.py serve" in line)
    ]
    assert len(run_lines) == 2 and all("DEMO_MODE=true" in line for line in run_lines), run_lines


def test_make_run_serves_through_gunicorn_not_the_development_server():
    recipe_lines = [
        line for line in (BASE_DIR / "Makefile").read_text().splitlines()
        if line.startswith("\t")
    ]
    assert any("manage.py serve --bind 127.0.0.1:$(PORT)" in line for line in recipe_lines)
    assert not any("runserver" in line for line in recipe_lines)


@pytest.mark.django_db
def test_seed_demo_refuses_to_create_demo_accounts_without_demo_mode(settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="DEMO_MODE"):
        call_command("seed_demo", residents=0)
    assert not User.objects.filter(username__in=["frontdesk", "manager", "admin"]).exists()


def test_messages_are_kept_in_the_session_not_in_a_cookie():
    assert settings.MESSAGE_STORAGE == "django.contrib.messages.storage.session.SessionStorage"


@pytest.mark.django_db
def test_a_forged_messages_cookie_shows_nothing_on_the_login_page(client):
    # Signed with the running key: what anyone holding a known key (the demo key) could forge.
    storage = CookieStorage(HttpRequest())
    script = "<script>alert('forged')</script>"
    forged = storage._encode([Message(constants.ERROR, mark_safe(script))])
    client.cookies["messages"] = forged
    response = client.get(reverse("login"))
    assert response.status_code == 200
    content = response.content.decode()
    assert script not in content
    assert "forged" not in content
