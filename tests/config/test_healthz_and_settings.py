from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.db import connection
from django.urls import reverse


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_does_not_answer(client):
    original_host = connection.settings_dict["HOST"]
    connection.close()
    # A socket directory with no server in it: a real connection failure, not a stand-in.
    connection.settings_dict["HOST"] = "/nonexistent-socket-dir"
    try:
        response = client.get(reverse("healthz"))
    finally:
        connection.close()
        connection.settings_dict["HOST"] = original_host
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}


def _load_settings(**env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    "env",
    [
        {"DEBUG": "maybe"},
        {"DATABASE_URL": "mysql://u:p@localhost/db"},
        {"DEMO_MODE": "false", "SECRET_KEY": ""},
        {"SECRET_KEY": "too-short"},
        {"CONN_MAX_AGE": "sixty"},
        {"WEB_CONCURRENCY": "0"},
        {"WEB_CONCURRENCY": "many"},
    ],
)
def test_bad_settings_stop_the_start_up_with_a_message(env):
    result = _load_settings(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
