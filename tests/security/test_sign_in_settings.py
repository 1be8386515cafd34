"""Sign-in, password and session limits come from the environment, with safe defaults."""

from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings

PRINT = (
    "import config.settings as s; print(s.AXES_FAILURE_LIMIT, int(s.AXES_COOLOFF_TIME"
    ".total_seconds()), s.PASSWORD_MAX_AGE_DAYS, s.SESSION_ABSOLUTE_SECONDS, s.DEMO_MODE)"
)
NAMES = (
    "AXES_FAILURE_LIMIT", "AXES_COOLOFF_TIME", "PASSWORD_MAX_AGE_DAYS",
    "SESSION_ABSOLUTE_SECONDS", "DEMO_MODE",
)


def _settings(**env) -> str:
    base = {key: value for key, value in os.environ.items() if key not in NAMES}
    result = subprocess.run(
        [sys.executable, "-c", PRINT], env={**base, **env}, capture_output=True, text=True,
        check=True,
    )
    return result.stdout.split()


def test_lockout_password_and_session_limits_default_to_the_requirement():
    # DEMO_MODE is off unless set (ACC-11); the test suite's strong key is in the environment.
    assert _settings() == ["5", str(15 * 60), "90", str(12 * 3600), "False"]


def test_lockout_password_and_session_limits_come_from_the_environment():
    assert _settings(
        AXES_FAILURE_LIMIT="3", AXES_COOLOFF_TIME="30", PASSWORD_MAX_AGE_DAYS="60",
        SESSION_ABSOLUTE_SECONDS="3600", DEMO_MODE="true",
    ) == ["3", str(30 * 60), "60", "3600", "True"]


def test_lockout_is_by_username_and_separately_by_address_with_axes_first():
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username", "ip_address"]
    assert settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"
    assert settings.AXES_CLIENT_IP_CALLABLE == "residents.audit.context.client_address"
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert "residents.access.backends.ResidentAwareObjectPermissionBackend" in (
        settings.AUTHENTICATION_BACKENDS
    )
