"""Two database roles (ACC-12): the owner and the application.

The owner role (DATABASE_OWNER_URL) owns the database, its schema and tables, and is used by
`manage.py migrate` alone (residents/management/commands/migrate.py). The application's role
(DATABASE_URL) owns nothing and is no superuser: it may read and write the tables, but only read
and append to the audit log (and to the steps of cases), so it can neither rewrite nor empty the
log, nor switch off its triggers (that needs the table's owner) or `session_replication_role`
(that needs a superuser).

After every `migrate` the owner grants the application's role its privileges on every table and
sequence, and sets the same as default privileges for tables it creates later; the audit log's
restriction is applied last, so a migration that recreates the log cannot widen it.
Without DATABASE_OWNER_URL one role does everything, as a single-role installation always did,
and `manage.py check --deploy` warns about it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core import checks
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

# Rows are only ever added: no UPDATE, DELETE or TRUNCATE for the application. The audit log,
# and the steps of a case (who decided what, with which reason: the four-eyes evidence).
# Printed slips are not among them: signing is recorded on the slip's own row.
APPEND_ONLY_TABLES = ("auditlog_logentry", "casework_casestep")
# Migration bookkeeping, written by `migrate` (the owner); the application only reads it.
READ_ONLY_TABLES = ("django_migrations",)
APP_TABLE_PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE")
APPEND_ONLY_PRIVILEGES = ("SELECT", "INSERT")
# What a connection signs in with; the database's NAME stays (the test database keeps its own).
CREDENTIALS = ("USER", "PASSWORD", "HOST", "PORT", "OPTIONS")


def _quoted(name: str) -> str:
    from psycopg import sql

    return sql.Identifier(name).as_string()


def apply_privileges(cursor, *, owner: str, app: str) -> None:
    """Grant `app` its share of everything in the current schema, and of what `owner` creates
    there later. `cursor` is any DB-API cursor signed in as the owner (or a superuser)."""
    cursor.execute("SELECT current_schema()")
    schema = _quoted(cursor.fetchone()[0])
    owner, app = _quoted(owner), _quoted(app)
    tables = ", ".join(APP_TABLE_PRIVILEGES)
    statements = [
        f"GRANT USAGE ON SCHEMA {schema} TO {app}",
        f"GRANT {tables} ON ALL TABLES IN SCHEMA {schema} TO {app}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {app}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} "
        f"GRANT {tables} ON TABLES TO {app}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} "
        f"GRANT USAGE, SELECT ON SEQUENCES TO {app}",
    ]
    for names, privileges in (
        (APPEND_ONLY_TABLES, APPEND_ONLY_PRIVILEGES),
        (READ_ONLY_TABLES, ("SELECT",)),
    ):
        for name in names:
            cursor.execute("SELECT to_regclass(%s)", [f"{schema}.{_quoted(name)}"])
            if cursor.fetchone()[0] is None:  # a partial migrate, before the table exists
                continue
            table = f"{schema}.{_quoted(name)}"
            statements += [
                f"REVOKE ALL ON {table} FROM {app}",
                f"GRANT {', '.join(privileges)} ON {table} TO {app}",
            ]
    for statement in statements:
        cursor.execute(statement)


def grant_after_migrate(sender, using: str, **kwargs) -> None:
    """post_migrate: the role that ran the migrations grants the application's role."""
    app = settings.DATABASE_APP_ROLE
    if not app or using != DEFAULT_DB_ALIAS:  # a read replica takes the primary's grants
        return
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT current_user")
        apply_privileges(cursor, owner=cursor.fetchone()[0], app=app)


@contextmanager
def signed_in_as(alias: str, credentials: dict) -> Iterator[None]:
    """Reconnect `alias` with other credentials (from a settings dict) for a while."""
    connection = connections[alias]
    saved = {key: connection.settings_dict[key] for key in CREDENTIALS}
    connection.close()
    connection.settings_dict.update({key: credentials[key] for key in CREDENTIALS})
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(saved)


@contextmanager
def as_owner(alias: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Run a set-up step (migrate) as the owner role, when one is configured."""
    owner = settings.DATABASE_OWNER
    if (
        owner is None
        or alias != DEFAULT_DB_ALIAS
        or connections[alias].settings_dict["USER"] == owner["USER"]
    ):
        yield
        return
    with signed_in_as(alias, owner):
        yield


_ROLE_FACTS = """
SELECT r.rolname, r.rolsuper,
       d.datdba = r.oid,
       EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
                 AND pg_has_role(r.oid, c.relowner, 'USAGE')),
       coalesce(has_table_privilege(
           r.oid, to_regclass('auditlog_logentry'), 'UPDATE, DELETE, TRUNCATE'), false)
FROM pg_roles r, pg_database d
WHERE r.rolname = session_user AND d.datname = current_database()
"""


def role_problems(cursor) -> list[checks.CheckMessage]:
    """What is wrong with the role a DB-API `cursor` signed in as, for the application."""
    cursor.execute(_ROLE_FACTS)
    role, superuser, owns_database, owns_tables, log_writable = cursor.fetchone()
    problems: list[checks.CheckMessage] = []
    powers = [
        what
        for what, held in (
            ("a superuser", superuser),
            ("the database's owner", owns_database),
            ("an owner of its tables", owns_tables),
        )
        if held
    ]
    if powers:
        problems.append(
            checks.Warning(
                f"The application signs in to PostgreSQL as {role!r}, {' and '.join(powers)}: "
                "it could empty or rewrite the audit log and switch its triggers off.",
                hint="Set DATABASE_URL to a role that owns nothing and DATABASE_OWNER_URL to "
                "the owner role, then run `manage.py migrate` (README: Database roles).",
                id="residents.W001",
            )
        )
    elif log_writable:
        problems.append(
            checks.Warning(
                f"The application's role {role!r} may UPDATE, DELETE or TRUNCATE the audit "
                "log (auditlog_logentry).",
                hint="Run `manage.py migrate` with DATABASE_OWNER_URL set: it leaves the "
                "application's role only SELECT and INSERT on the log.",
                id="residents.W002",
            )
        )
    return problems


def check_database_roles(app_configs, databases=None, **kwargs) -> list[checks.CheckMessage]:
    """`check --deploy`: the application must not sign in as a superuser or an owner."""
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            return role_problems(cursor)
    except DatabaseError as exc:
        return [
            checks.Warning(
                f"The database roles could not be checked: {exc}",
                id="residents.W003",
            )
        ]
