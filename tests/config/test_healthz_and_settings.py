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
        {"DATABASE_OWNER_URL": "postgres://owner:pw@db.example/jumin"},
        {
            "DATABASE_URL": "postgres://app:pw@db.example/jumin",
            "DATABASE_OWNER_URL": "mysql://owner:pw@db.example/jumin",
        },
        {
            "DATABASE_URL": "postgres://app:pw@db.example/jumin",
            "DATABASE_OWNER_URL": "postgres://owner:pw@db.example/other",
        },
        {
            "DATABASE_URL": "postgres://app:pw@db.example/jumin",
            "DATABASE_OWNER_URL": "postgres://app:pw@db.example/jumin",
        },
        {"DATABASE_REPLICA_URL": "mysql://reader:pw@replica.example/jumin"},
        {"DATABASE_REPLICA_URL": "not a url"},
    ],
)
def test_bad_settings_stop_the_start_up_with_a_message(env):
    result = _load_settings(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


@pytest.mark.parametrize(
    ("env", "roles"),
    [
        (
            {
                "DATABASE_URL": "postgres://app:pw@db.example/jumin",
                "DATABASE_OWNER_URL": "postgres://owner:pw@db.example/jumin",
            },
            "app owner app",
        ),
        ({"DATABASE_URL": "postgres://app:pw@db.example/jumin"}, "app None None"),
    ],
)
def test_the_application_and_migrate_sign_in_as_the_roles_configured(env, roles):
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from config import settings as s; print(s.DATABASES['default']['USER'], "
            "(s.DATABASE_OWNER or {}).get('USER'), s.DATABASE_APP_ROLE)",
        ],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == roles.split()


@pytest.mark.parametrize(
    ("env", "aliases"),
    [
        (
            {
                "DATABASE_URL": "postgres://app:pw@db.example/jumin",
                "DATABASE_REPLICA_URL": "postgres://reader:pw@replica.example/jumin",
            },
            "default replica replica.example default",
        ),
        ({"DATABASE_URL": "postgres://app:pw@db.example/jumin"}, "default"),
    ],
)
def test_a_replica_is_configured_only_by_its_url_and_mirrors_the_test_database(env, aliases):
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from config import settings as s; r = s.DATABASES.get('replica'); "
            "print(*s.DATABASES, *([r['HOST'], r['TEST']['MIRROR']] if r else []))",
        ],
        env={**{k: v for k, v in os.environ.items() if k != "DATABASE_REPLICA_URL"}, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == aliases.split()
