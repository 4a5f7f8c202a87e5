"""Live changes through LISTEN/NOTIFY: an edit, an assignment, a codebook reach a listener within a
second; a dropped listener says so and comes back."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import create_engine, text

from annotator.services import annotate as an
from annotator.services import assignment
from annotator.services.live import Disconnected, Reconnected, SetChanged, TableChanged, open_listener, parse
from annotator.services.project import open_project
from annotator.store.repository import coders_t
from tests.unit.test_annotate import add_article


def _until(listener, wanted, seconds: float = 3.0):  # type: ignore[no-untyped-def]
    """Changes polled until one satisfies ``wanted``; returns (that change, seconds it took)."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        for change in listener.poll(0.2):
            if wanted(change):
                return change, time.monotonic() - start
    raise AssertionError("not heard in time")


def test_payloads_parse() -> None:
    assert parse('{"t": "set", "id": 4, "a": 2, "c": 1, "v": 7}') == SetChanged(4, 2, 1, 7)
    assert parse('{"t": "assignments"}') == TableChanged("assignments")
    assert parse("not json") is None and parse('{"t": "set"}') is None


def test_sqlite_has_nothing_to_listen_to(sqlite_project) -> None:  # type: ignore[no-untyped-def]
    assert open_listener(sqlite_project) is None


@pytest.mark.postgres
def test_changes_arrive_within_a_second_and_a_drop_is_survived(pg_url: str, pg_schemas) -> None:  # type: ignore[no-untyped-def]
    project = open_project(pg_url)
    other_schema = open_project(pg_schemas.new_url())
    listener = open_listener(project)
    assert listener is not None and listener.connected
    elsewhere = open_listener(other_schema)
    try:
        ref = an.SetRef(add_article(project), "alice")
        _inv, changes = an.apply(project, an.AddSpan(ref, 0, 5, "actor"))
        heard, took = _until(listener, lambda c: isinstance(c, SetChanged))
        assert heard.article_id == ref.article_id and heard.version == changes.set_versions[ref]
        assert took < 1.0
        with project.engine.begin() as conn:
            conn.execute(coders_t.insert().values(name="bilal", role="coder"))
        assignment.assign(project, ["bilal"], 1)
        _until(listener, lambda c: c == TableChanged("assignments"))
        assert elsewhere is not None and elsewhere.poll(0.3) == []  # another schema's listener hears nothing

        pid = listener._conn.execute("SELECT pg_backend_pid()").fetchone()[0]
        killer = create_engine(project.engine.url)
        with killer.begin() as conn:
            conn.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid})
        killer.dispose()
        dropped, _ = _until(listener, lambda c: isinstance(c, Disconnected))
        assert not listener.connected and dropped.reason
        _until(listener, lambda c: isinstance(c, Reconnected), seconds=5)
        _inv, changes = an.apply(project, an.SetStatus(ref, an.Status.DONE))
        heard, _ = _until(listener, lambda c: isinstance(c, SetChanged))
        assert heard.version == changes.set_versions[ref]
        assert listener.poll(0.3) == []  # one notification per edit
    finally:
        listener.close()
        if elsewhere is not None:
            elsewhere.close()
        project.close()
        other_schema.close()
