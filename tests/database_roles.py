"""The test session's two database roles, as in production (ACC-12, config/database_roles.py).

The session signs in as the owner role, which creates, migrates, flushes and drops the test
databases (a transactional test's flush TRUNCATEs the audit log, which the application's role
may not). Test bodies, and the live server's requests, act as the application's role with
SET ROLE, so that anything the application's role may not do fails in the tests as it would in
production; the owner is a member of that role (config/embedded_db.py grants it; on another
server: `GRANT <application role> TO <owner role>`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections


def _set_role(role: str | None) -> None:
    from psycopg import sql

    connection = connections[DEFAULT_DB_ALIAS]
    with connection.cursor() as cursor:
        if role is None:
            cursor.execute("RESET ROLE")
        else:
            cursor.execute(sql.SQL("SET ROLE {}").format(sql.Identifier(role)).as_string())


@contextmanager
def acting_as_the_application() -> Iterator[None]:
    role = settings.DATABASE_APP_ROLE
    connection = connections[DEFAULT_DB_ALIAS]
    options = connection.settings_dict["OPTIONS"]
    # Connections opened meanwhile (the live server's thread) take the role as they open.
    options["assume_role"] = role
    _set_role(role)
    try:
        yield
    finally:
        options.pop("assume_role", None)
        # Inside the test's transaction the rollback undoes SET ROLE; after a transactional
        # test the owner must be back before the flush.
        if connection.connection is not None and not connection.in_atomic_block:
            try:
                _set_role(None)
            except DatabaseError:
                connection.close()


@contextmanager
def as_the_owner() -> Iterator[None]:
    """Within a test, act as the owner role (the role the session signed in as) for a while."""
    _set_role(None)
    try:
        yield
    finally:
        if settings.DATABASE_APP_ROLE:
            _set_role(settings.DATABASE_APP_ROLE)
