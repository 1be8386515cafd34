"""The one way bulk rows are written with PostgreSQL's COPY (imports and their audit entries):
building an INSERT of thousands of values costs more than running it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection
from psycopg import sql


def copy_rows(*, table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Write `rows` (one value per column, in order) into `table` on the current connection and
    transaction. Table and column names are quoted as identifiers; values travel as data."""
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(sql.Identifier(column) for column in columns),
    )
    with connection.cursor() as cursor, connection.wrap_database_errors, \
            cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
