"""Reading many rows without building ORM objects: chunks of plain tuples.

On SQLite the DB-API cursor is drained directly: pysqlite reads nothing ahead, and each row is the
sqlite3 tuple itself (dates stay ISO text, booleans 0/1; readers accept both forms). On PostgreSQL a
server-side cursor streams the rows, and each comes back as a plain tuple too.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, Executable


def row_chunks(conn: Connection, stmt: Executable, chunk: int) -> Iterator[list[Sequence[Any]]]:
    """The rows of ``stmt`` as lists of at most ``chunk`` plain tuples."""
    if conn.dialect.name == "sqlite":
        result = conn.execute(stmt)
        cursor = result.cursor
        try:
            while rows := cursor.fetchmany(chunk):
                yield list(rows)
        finally:
            result.close()
        return
    result = conn.execution_options(stream_results=True, yield_per=chunk).execute(stmt)
    try:
        for part in result.partitions():
            yield [tuple(r) for r in part]
    finally:
        result.close()
