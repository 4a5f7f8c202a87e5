"""Live changes from a team server (LISTEN/NOTIFY), without Qt: what others changed, as it happens.

The database announces every committed change of annotation sets (an edit, a status), assignments,
codebooks, coders and articles on the channel ``annotator.<schema>`` (triggers from migration 0003;
payloads carry ids, never content, and each client reads what concerns it under its own role).
A ``ChangeListener`` holds its own connection, apart from the ones edits use:

* ``poll(timeout)`` returns what arrived (waiting up to ``timeout`` seconds for the first): the UI can
  call ``poll(0)`` from a timer a few times a second, or ``fileno()`` feeds a socket notifier;
* ``run(callback, stop)`` loops on a thread until ``stop`` is set.

When the connection drops, ``poll`` reports ``Disconnected`` once (the window shows its banner) and
then tries again every ``retry_s`` seconds; ``Reconnected`` means notifications were missed
meanwhile, so everything shown should be read again. On SQLite there is nothing to listen to:
``open_listener`` returns None.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeAlias

from sqlalchemy.engine import make_url

from annotator.services.project import Project


@dataclass(frozen=True, slots=True)
class SetChanged:
    """An annotation set was edited or its status changed (by anyone, this window included: a window
    that holds ``version`` already has it). Its status and content are read under the reader's role."""

    set_id: int
    article_id: int
    coder_id: int
    version: int


@dataclass(frozen=True, slots=True)
class TableChanged:
    """Rows were added to or removed from a table: 'assignments', 'annotation_sets', 'codebooks',
    'coders' or 'articles'."""

    table: str


@dataclass(frozen=True, slots=True)
class Disconnected:
    reason: str


@dataclass(frozen=True, slots=True)
class Reconnected:
    """Back after a drop: what was missed is lost, read the view again."""


Change: TypeAlias = SetChanged | TableChanged | Disconnected | Reconnected


def conninfo(url: str) -> str:
    """The libpq connection string of a SQLAlchemy PostgreSQL URL."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def parse(payload: str) -> Change | None:
    try:
        data = json.loads(payload)
    except json.JSONDecodeError:
        return None
    if not isinstance(data, dict):
        return None
    if data.get("t") == "set":
        try:
            return SetChanged(int(data["id"]), int(data["a"]), int(data["c"]), int(data["v"]))
        except (KeyError, TypeError, ValueError):
            return None
    table = data.get("t")
    return TableChanged(str(table)) if table else None


class ChangeListener:
    def __init__(self, url: str, *, retry_s: float = 1.0, connect_timeout_s: int = 5) -> None:
        self.url = url
        self.retry_s = retry_s
        self.connect_timeout_s = connect_timeout_s
        self.channel: str | None = None
        self._conn: Any = None
        self._last_try = 0.0
        self._ever_connected = False
        self._connect()

    @property
    def connected(self) -> bool:
        return self._conn is not None

    def backend_pid(self) -> int | None:
        """The server process of the listening connection (None while disconnected)."""
        conn = self._conn
        return int(conn.info.backend_pid) if conn is not None else None

    def fileno(self) -> int | None:
        """The socket to watch for readability (None while disconnected)."""
        return self._conn.fileno() if self._conn is not None else None

    def _connect(self) -> bool:
        import psycopg

        self._last_try = time.monotonic()
        try:
            conn = psycopg.connect(
                conninfo(self.url),
                autocommit=True,
                connect_timeout=self.connect_timeout_s,
                # A silent network drop is noticed within about 20 s, not hours.
                keepalives=1,
                keepalives_idle=10,
                keepalives_interval=5,
                keepalives_count=2,
            )
            schema = conn.execute("SELECT current_schema()").fetchone()
            self.channel = f"annotator.{schema[0] if schema else 'public'}"
            conn.execute(f'LISTEN "{self.channel}"')
        except psycopg.Error:
            return False
        self._conn = conn
        self._ever_connected = True
        return True

    def poll(self, timeout: float = 0.0) -> list[Change]:
        """What arrived, waiting up to ``timeout`` seconds for the first (0: only what is there)."""
        import psycopg

        if self._conn is None:
            if time.monotonic() - self._last_try < self.retry_s:
                if timeout:
                    time.sleep(min(timeout, self.retry_s))
                return []
            return [Reconnected()] if self._connect() else []
        out: list[Change] = []
        try:
            for note in self._conn.notifies(timeout=timeout):
                change = parse(note.payload)
                if change is not None:
                    out.append(change)
                timeout = 0  # after the first, take only what is already there
        except psycopg.Error as exc:
            self._drop()
            out.append(Disconnected(str(exc).strip().splitlines()[0] if str(exc).strip() else "connection lost"))
        return out

    def _drop(self) -> None:
        try:
            self._conn.close()
        except Exception:
            pass
        self._conn = None
        self._last_try = time.monotonic()

    def run(self, callback: Callable[[list[Change]], None], stop: threading.Event, *, tick_s: float = 0.5) -> None:
        """Deliver changes to ``callback`` (on this thread) until ``stop`` is set."""
        while not stop.is_set():
            changes = self.poll(tick_s)
            if changes:
                callback(changes)

    def close(self) -> None:
        if self._conn is not None:
            self._drop()


def open_listener(project: Project, **options: Any) -> ChangeListener | None:
    """A listener on the project's server; None on SQLite (one person's file: nothing to hear)."""
    if project.engine.dialect.name != "postgresql":
        return None
    return ChangeListener(project.url, **options)


def reachable(project: Project) -> bool:
    """Can the project's database be reached now? (The window's banner asks until it can.)"""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    try:
        with project.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except DBAPIError:
        return False
    return True
