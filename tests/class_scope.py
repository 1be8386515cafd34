"""Class-scoped test data that is never committed."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def rolled_back_after_the_class(django_db_blocker) -> Iterator[None]:
    """Open a transaction around a class's shared data and roll it back when the class is done.

    Each test's own transaction then nests in it as a savepoint. Without it the data would be
    committed and seen by every later test on the same worker.
    """
    with django_db_blocker.unblock():
        assert not connection.in_atomic_block
        outer = transaction.atomic()
        outer.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
