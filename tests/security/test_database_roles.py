"""ACC-12: the application signs in to PostgreSQL as a role that is neither superuser nor owner;
it reads and writes every table of the application, and may only read and append to the audit
log."""

from __future__ import annotations

import psycopg
import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, ProgrammingError, connection, connections, transaction
from django.utils import timezone
from psycopg import sql

from config.database_roles import APPEND_ONLY_TABLES, READ_ONLY_TABLES, role_problems
from residents.models import Channel, RegistrationStatus
from tests.database_roles import as_the_owner
from tests.factories import make_resident, registration_data

pytestmark = [
    pytest.mark.django_db,
]


@pytest.fixture
def app(app_sign_in, db):
    """A connection of its own, signed in with the application's credentials to the test
    database; everything it does is rolled back."""
    default = connections[DEFAULT_DB_ALIAS]
    params = type(default)(
        {**default.settings_dict, **app_sign_in}, DEFAULT_DB_ALIAS
    ).get_connection_params()
    with psycopg.connect(**params, autocommit=True) as raw:
        # The audit log's chain trigger queues writers on a lock, which this test's own
        # transaction holds once it has written an entry: fail rather than wait for ever.
        raw.execute("SET lock_timeout = '10s'")
        with raw.transaction(force_rollback=True), raw.cursor() as cursor:
            yield cursor


def _application_tables() -> set[str]:
    return {model._meta.db_table for model in apps.get_models(include_auto_created=True)}


def test_the_application_signs_in_as_neither_superuser_nor_owner(app):
    app.execute(
        "SELECT session_user, rolsuper, rolcreaterole, rolcreatedb, rolbypassrls, rolreplication "
        "FROM pg_roles WHERE rolname = session_user"
    )
    assert app.fetchone() == (settings.DATABASE_APP_ROLE, False, False, False, False, False)
    app.execute(
        "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND pg_has_role(session_user, c.relowner, 'USAGE')"
    )
    assert app.fetchone() == (0,)
    assert role_problems(app) == []


def test_the_deploy_check_warns_when_the_application_signs_in_as_the_owner():
    # The test session itself signs in as the owner (tests/database_roles.py).
    with connection.cursor() as cursor:
        problems = role_problems(cursor)
    assert [problem.id for problem in problems] == ["residents.W001"]
    assert settings.DATABASE_OWNER["USER"] in problems[0].msg


def test_the_application_registers_and_reads_a_resident(app):
    now = timezone.now()
    row = {
        **registration_data(),
        "name_sort_key": "ceshi",
        "status": RegistrationStatus.DRAFT,
        "channel": Channel.WINDOW,
        "return_reason": "",
        "education_level": "",
        "employer": "",
        "major": "",
        "occupation": "",
        "position": "",
        "school": "",
        "work_contact": "",
        "is_floating": False,
        "id_document": "id_card",
        "created_at": now,
        "updated_at": now,
    }
    app.execute(
        sql.SQL("INSERT INTO residents_resident ({}) VALUES ({}) RETURNING id").format(
            sql.SQL(", ").join(map(sql.Identifier, row)),
            sql.SQL(", ").join(sql.Placeholder() * len(row)),
        ),
        list(row.values()),
    )
    (resident_id,) = app.fetchone()
    app.execute("SELECT name, id_number FROM residents_resident WHERE id = %s", [resident_id])
    assert app.fetchone() == (row["name"], row["id_number"])


def test_the_application_appends_to_the_audit_log_and_the_chain_follows(app):
    app.execute("SELECT id FROM django_content_type WHERE app_label = 'residents' LIMIT 1")
    (content_type,) = app.fetchone()
    app.execute(
        "INSERT INTO auditlog_logentry (content_type_id, object_pk, object_repr, action, "
        "changes_text, timestamp) VALUES (%s, '1', 'appended', 0, '', now()) "
        "RETURNING chain_seq, chain_hash",
        [content_type],
    )
    chain_seq, chain_hash = app.fetchone()
    assert chain_seq >= 1 and len(chain_hash) == 64


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE auditlog_logentry SET object_repr = 'nothing happened'",
        "DELETE FROM auditlog_logentry",
        "TRUNCATE auditlog_logentry",
        "ALTER TABLE auditlog_logentry DISABLE TRIGGER audit_log_append_only",
        "ALTER TABLE auditlog_logentry DISABLE TRIGGER audit_log_chain",
        "ALTER TABLE auditlog_logentry DISABLE TRIGGER ALL",
        "DROP TRIGGER audit_log_chain ON auditlog_logentry",
        "DROP FUNCTION audit_log_append_only() CASCADE",
        "DROP TABLE auditlog_logentry",
        "SET session_replication_role = replica",
    ],
)
def test_the_application_cannot_rewrite_empty_or_unhook_the_audit_log(app, statement):
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        app.execute(statement)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE casework_casestep SET decision_reason = 'approved after all'",
        "DELETE FROM casework_casestep",
        "TRUNCATE casework_casestep",
    ],
)
def test_the_application_cannot_rewrite_the_recorded_steps_of_a_case(app, statement):
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        app.execute(statement)


@pytest.mark.parametrize(
    "statement",
    [
        "CREATE TABLE shadow_log (id int)",
        "ALTER TABLE residents_resident ADD COLUMN shadow text",
        "DROP TABLE residents_resident CASCADE",
        "TRUNCATE residents_resident CASCADE",
    ],
)
def test_the_application_cannot_change_the_schema_or_empty_a_table(app, statement):
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        app.execute(statement)


def test_the_application_cannot_become_the_owner(app):
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        app.execute(
            sql.SQL("SET ROLE {}").format(sql.Identifier(settings.DATABASE_OWNER["USER"]))
        )


def test_auditlogs_own_flush_command_cannot_empty_the_log(front_desk):
    make_resident(actor=front_desk)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, count(*) FROM auditlog_logentry")
        role, entries = cursor.fetchone()
    assert role == settings.DATABASE_APP_ROLE and entries > 0
    for options in (["--truncate"], []):
        with pytest.raises(ProgrammingError), transaction.atomic():
            call_command("auditlogflush", "--yes", *options)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM auditlog_logentry")
        assert cursor.fetchone() == (entries,)


def test_every_table_grants_the_application_what_it_needs_and_no_more(app):
    app.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
    )
    tables = {name for (name,) in app.fetchall()}
    assert _application_tables() <= tables
    wrong = {}
    for table in sorted(tables):
        if table in APPEND_ONLY_TABLES:
            expected = {"SELECT", "INSERT"}
        elif table in READ_ONLY_TABLES:
            expected = {"SELECT"}
        else:
            expected = {"SELECT", "INSERT", "UPDATE", "DELETE"}
        held = set()
        for privilege in ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES",
                          "TRIGGER"):
            app.execute(
                "SELECT has_table_privilege(session_user, %s::regclass, %s)", [table, privilege]
            )
            if app.fetchone()[0]:
                held.add(privilege)
        if held != expected:
            wrong[table] = sorted(held)
    assert wrong == {}
    app.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relkind = 'S' "
        "AND NOT has_sequence_privilege(session_user, c.oid, 'USAGE')"
    )
    assert app.fetchall() == []


def test_a_table_a_later_migration_creates_is_granted_to_the_application_at_once():
    with as_the_owner(), connection.cursor() as cursor:
        cursor.execute("CREATE TABLE residents_later (id bigint GENERATED BY DEFAULT AS IDENTITY)")
        cursor.execute(
            "SELECT has_table_privilege(%s, 'residents_later', 'SELECT, INSERT, UPDATE, DELETE'),"
            " has_table_privilege(%s, 'residents_later', 'TRUNCATE')",
            [settings.DATABASE_APP_ROLE] * 2,
        )
        assert cursor.fetchone() == (True, False)


def test_migrate_restores_the_logs_restriction_however_a_migration_changed_it():
    app_role = sql.Identifier(settings.DATABASE_APP_ROLE).as_string()
    with as_the_owner():
        with connection.cursor() as cursor:
            # What a migration recreating the table would leave: the default privileges.
            cursor.execute(f"GRANT UPDATE, DELETE, TRUNCATE ON auditlog_logentry TO {app_role}")
        call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT has_table_privilege(%s, 'auditlog_logentry', 'UPDATE, DELETE, TRUNCATE')",
            [settings.DATABASE_APP_ROLE],
        )
        assert cursor.fetchone() == (False,)
