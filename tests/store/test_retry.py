"""One transaction, retried where that is safe, reported where it is not (store.retry)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.exc import OperationalError

from annotator.store import retry


def _engine(tmp_path: Path):  # type: ignore[no-untyped-def]
    engine = create_engine(f"sqlite:///{tmp_path / 'r.db'}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (x INTEGER)"))
    return engine


def _rows(engine) -> list[int]:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return [row[0] for row in conn.execute(text("SELECT x FROM t ORDER BY x"))]


def test_transact_once_commits_the_body_and_returns_its_result(tmp_path: Path) -> None:
    engine = _engine(tmp_path)

    def body(conn: Connection) -> str:
        conn.execute(text("INSERT INTO t VALUES (1)"))
        return "done"

    assert retry.transact_once(engine, body) == "done"
    assert _rows(engine) == [1]


def test_a_failing_body_leaves_nothing_behind(tmp_path: Path) -> None:
    engine = _engine(tmp_path)

    def body(conn: Connection) -> None:
        conn.execute(text("INSERT INTO t VALUES (1)"))
        raise ValueError("refused")

    with pytest.raises(ValueError, match="refused"):
        retry.run_transaction(engine, body)
    assert _rows(engine) == []


def test_a_commit_lost_is_reported_not_run_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Running it again could apply it twice: the caller is told the outcome is unknown."""
    engine = _engine(tmp_path)
    runs: list[int] = []
    lost = OperationalError("COMMIT", {}, Exception("server closed the connection unexpectedly"))
    lost.connection_invalidated = True

    def body(conn: Connection) -> None:
        runs.append(1)
        conn.execute(text("INSERT INTO t VALUES (1)"))

    real = retry.transact_once

    def commit_unheard(engine_, body_):  # type: ignore[no-untyped-def]
        result = real(engine_, body_)
        raise retry.CommitLost(result) from lost

    monkeypatch.setattr(retry, "transact_once", commit_unheard)
    with pytest.raises(retry.OutcomeUnknownError, match="may or may not have been saved"):
        retry.run_transaction(engine, body)
    assert runs == [1]


def test_a_serialization_failure_is_run_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = _engine(tmp_path)
    monkeypatch.setattr(retry, "pause", lambda attempt: None)

    class Serialization(Exception):
        sqlstate = "40001"

    tries: list[int] = []

    def body(conn: Connection) -> int:
        tries.append(1)
        conn.execute(text("INSERT INTO t VALUES (:x)"), {"x": len(tries)})
        if len(tries) < 3:
            raise OperationalError("INSERT", {}, Serialization("could not serialize access"))
        return len(tries)

    assert retry.run_transaction(engine, body) == 3
    assert _rows(engine) == [3]  # the failed attempts were rolled back
