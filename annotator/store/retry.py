"""Transactions that survive what a shared server does to them: serialization failures, deadlocks
and dropped connections.

PostgreSQL may abort a transaction that lost a race (SQLSTATE 40001, serialization failure) or a
deadlock (40P01); the transaction changed nothing and is simply run again. A connection can drop
(the server restarted, an administrator ended the session with ``pg_terminate_backend``, the laptop
changed networks): the pool's pre-ping replaces a dead idle connection, and a transaction cut off
before its COMMIT was sent changed nothing either, so it too is run again, on a new connection.
Only a connection lost *during* COMMIT leaves the outcome unknown; ``CommitLost`` tells the
caller, who can look for the edit's mark (``coding_rows.edit_landed``) or report it.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError, OperationalError

from annotator.domain.errors import UserError

T = TypeVar("T")

RETRYABLE_SQLSTATES = frozenset({"40001", "40P01"})  # serialization_failure, deadlock_detected
ATTEMPTS = 6


class ConnectionLostError(UserError):
    """The database server could not be reached again; the edit was not saved."""


class OutcomeUnknownError(UserError):
    """The connection dropped while the edit was being committed and nothing tells whether it was."""


def sqlstate(exc: BaseException) -> str | None:
    orig = getattr(exc, "orig", exc)
    found = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    return str(found) if found else None


def is_retryable(exc: BaseException) -> bool:
    """A transaction aborted by a serialization failure or a deadlock: run it again."""
    return sqlstate(exc) in RETRYABLE_SQLSTATES


def is_connection_lost(exc: BaseException) -> bool:
    """The connection itself failed (SQLAlchemy has invalidated it), or the server cannot be reached
    (PostgreSQL: no SQLSTATE, or a connection-exception or shutdown one). Never SQLite's errors: a
    locked file is waited for elsewhere (``store.locks``)."""
    if not isinstance(exc, DBAPIError):
        return False
    if exc.connection_invalidated:
        return True
    orig = exc.orig
    if not type(orig).__module__.startswith("psycopg") or not isinstance(exc, OperationalError):
        return False
    state = sqlstate(exc)
    return state is None or state.startswith("08") or state in ("57P01", "57P02", "57P03")


def pause(attempt: int) -> None:
    """Back off a little more after each failed attempt, with jitter so racing clients part ways."""
    time.sleep(min(2.0, 0.02 * (2**attempt)) * (0.5 + random.random()))


@dataclass
class Attempt:
    """One try of a transaction (its number, from 0, sets the back-off)."""

    number: int


def attempts(count: int = ATTEMPTS) -> Iterator[Attempt]:
    for number in range(count):
        yield Attempt(number)


class CommitLost(Exception):
    """The connection dropped during COMMIT: the transaction may or may not have landed.
    ``result`` is what its body returned, for a caller that can look for the edit's mark."""

    def __init__(self, result: object) -> None:
        self.result = result
        super().__init__("connection lost during commit")


def transact_once(engine: Engine, body: Callable[[Connection], T]) -> T:
    """Run ``body`` in one transaction on a fresh connection, rolled back if it raises. A connection
    lost during COMMIT raises ``CommitLost`` (chained to the driver's error); every other failure
    propagates as it came, for the caller's retry loop to judge."""
    with engine.connect() as conn:
        transaction = conn.begin()
        try:
            result = body(conn)
        except BaseException:
            if transaction.is_active:
                transaction.rollback()
            raise
        try:
            transaction.commit()
        except DBAPIError as exc:
            if is_connection_lost(exc):
                raise CommitLost(result) from exc
            raise
    return result


def run_transaction(engine: Engine, body: Callable[[Connection], T], *, tries: int = ATTEMPTS) -> T:
    """Run ``body`` in one transaction, again (on a new connection) after a serialization failure, a
    deadlock or a connection lost before COMMIT. ``body`` must be safe to run again: everything it
    did in a failed attempt was rolled back. A connection lost during COMMIT is reported."""
    last: BaseException | None = None
    for attempt in attempts(tries):
        try:
            return transact_once(engine, body)
        except CommitLost as exc:
            raise OutcomeUnknownError(
                "the connection to the database server dropped while the change was being saved; "
                "it may or may not have been saved: reload and check"
            ) from exc.__cause__
        except DBAPIError as exc:
            if not (is_retryable(exc) or is_connection_lost(exc)):
                raise
            last = exc
            pause(attempt.number)
    raise ConnectionLostError(lost_message(last)) from last


def lost_message(exc: BaseException | None) -> str:
    if exc is not None and is_retryable(exc):
        return "the database was too busy with other people's changes; nothing was saved, try again"
    reason = str(getattr(exc, "orig", exc) or "").strip().splitlines()
    detail = f" ({reason[0]})" if reason else ""
    return f"the connection to the database server was lost and could not be restored{detail}; nothing was saved"
