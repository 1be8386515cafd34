"""An optional read replica (DAT-5): DATABASE_REPLICA_URL, the database alias "replica".

Only the pages that ask for it read from the replica: exports, dashboards and the audit trail
wrap their reading in `reading_from_replica()`. Everything else reads from the primary, so a
page shown after a save always shows what was saved (a replica lags a little behind).

Writes always go to the primary, inside `reading_from_replica()` too: the audit entry an export
or a read leaves is written there (raw SQL in residents.audit.log uses the primary's connection
itself). Migrations never run on the replica.

Without DATABASE_REPLICA_URL there is no "replica" alias and `reading_from_replica()` changes
nothing. A replica set up as a test mirror of the primary (TEST MIRROR) is read through the
primary's own connection, so that a test's rows, in its open transaction, are seen.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import DEFAULT_DB_ALIAS, connections

REPLICA_ALIAS = "replica"

_reading_from_replica: ContextVar[bool] = ContextVar("reading_from_replica", default=False)


def replica_configured() -> bool:
    """Whether a replica of its own is configured (not absent, not a test mirror)."""
    if REPLICA_ALIAS not in connections.settings:
        return False
    return (
        connections[REPLICA_ALIAS].settings_dict
        is not connections[DEFAULT_DB_ALIAS].settings_dict
    )


@contextmanager
def reading_from_replica() -> Iterator[None]:
    """Reads within (as a `with` block or a view decorator) go to the replica, if configured.

    For pages that show many rows and tolerate a lag of seconds: exports, dashboards, the audit
    trail. Never around code that reads what it has just written.
    """
    token = _reading_from_replica.set(True)
    try:
        yield
    finally:
        _reading_from_replica.reset(token)


def read_alias() -> str:
    """The alias reads go to here and now."""
    if not _reading_from_replica.get() or not replica_configured():
        return DEFAULT_DB_ALIAS
    # Inside a transaction on the primary, reads stay there and see its uncommitted writes.
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return DEFAULT_DB_ALIAS
    return REPLICA_ALIAS


class ReplicaRouter:
    """DATABASE_ROUTERS: reads as `read_alias()` says, writes and migrations on the primary."""

    def db_for_read(self, model, **hints) -> str:
        return read_alias()

    def db_for_write(self, model, **hints) -> str:
        # Explicitly the primary: otherwise Django would write an object back to the alias it
        # was read from.
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        # The replica holds the primary's rows: an object read there may be linked to one of
        # the primary's (a content type read on the replica, on a new audit entry).
        aliases = {DEFAULT_DB_ALIAS, REPLICA_ALIAS}
        if obj1._state.db in aliases and obj2._state.db in aliases:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool | None:
        if db == REPLICA_ALIAS:
            return False
        return None
