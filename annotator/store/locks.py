"""How long a transaction waits for another program's lock, chosen per transaction.

A coder's edit is committed at once, on the GUI thread. If an import in another process holds the
database's write lock, SQLite would wait up to its ``busy_timeout`` (10 s, see ``engine``) with the
window frozen and nothing said. ``lock_wait`` lets the caller try with a short wait first, tell the
user, and then try again with the long one. It applies to the transactions begun on this thread
inside the block: SQLite gets a ``busy_timeout`` for the connection, PostgreSQL a ``SET LOCAL
lock_timeout`` for the transaction; outside the block the usual wait is put back.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

from sqlalchemy import Connection, Engine, event

# The usual wait, as the engine sets it on every SQLite connection.
DEFAULT_WAIT_S = 10.0

_wait: ContextVar[float | None] = ContextVar("annotator_lock_wait", default=None)


@contextlib.contextmanager
def lock_wait(engine: Engine, seconds: float | None) -> Iterator[None]:
    """Within the block, transactions of ``engine`` begun on this thread wait at most ``seconds`` for a
    lock (None: the usual wait)."""
    if not event.contains(engine, "begin", _on_begin):
        event.listen(engine, "begin", _on_begin)
    token = _wait.set(seconds)
    try:
        yield
    finally:
        _wait.reset(token)


def _on_begin(conn: Connection) -> None:
    seconds = _wait.get()
    record = conn.connection
    dbapi: Any = record.dbapi_connection
    backend = conn.dialect.name
    if backend == "sqlite":
        ms = int((DEFAULT_WAIT_S if seconds is None else seconds) * 1000)
        if record.info.get("busy_timeout_ms", int(DEFAULT_WAIT_S * 1000)) != ms:
            dbapi.execute(f"PRAGMA busy_timeout={ms}")  # no transaction is begun by a pragma
            record.info["busy_timeout_ms"] = ms
    elif backend == "postgresql" and seconds is not None:
        with dbapi.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = '{int(seconds * 1000)}ms'")  # ends with the transaction


def is_lock_timeout(exc: BaseException) -> bool:
    """Did this error come from waiting too long for another connection's lock?"""
    orig = getattr(exc, "orig", exc)
    if getattr(orig, "sqlstate", None) == "55P03":  # PostgreSQL: lock_not_available
        return True
    import sqlite3

    return isinstance(orig, sqlite3.OperationalError) and "locked" in str(orig)
