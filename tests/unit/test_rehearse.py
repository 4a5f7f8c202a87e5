"""Rehearsing an edit (services.annotate.rehearse), on SQLite and PostgreSQL: it writes nothing, and
the real edit after it runs on statements the engine has compiled already."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.engine.default import CACHE_MISS

from annotator.domain.models import SetStatus
from annotator.services import annotate as an
from annotator.store.tables import metadata
from tests.fixtures.coding import load_coding
from tests.hostile.common import fingerprint
from tests.unit.test_annotate import TEXT, add_article, snapshot, span_at


def stored_state(project) -> tuple[str, dict[str, int]]:  # type: ignore[no-untyped-def]
    """The coding tables' content (``fingerprint``: a set's version too), and every table's row count."""
    with project.engine.connect() as conn:
        counts = {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one() for t in metadata.sorted_tables
        }
    return fingerprint(project.engine), counts


@contextmanager
def compiled_afresh(project) -> Iterator[list[str]]:  # type: ignore[no-untyped-def]
    """The statements the engine had to compile (not found in its cache) while the block ran."""
    missed: list[str] = []

    def seen(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        if context is not None and context.cache_hit is CACHE_MISS:
            missed.append(statement)

    event.listen(project.engine, "after_cursor_execute", seen)
    try:
        yield missed
    finally:
        event.remove(project.engine, "after_cursor_execute", seen)


def test_a_rehearsed_tag_writes_nothing(project) -> None:  # type: ignore[no-untyped-def]
    ref = an.SetRef(add_article(project), "alice")
    before, state = snapshot(project, ref), stored_state(project)
    start, end = span_at(TEXT, "Khartoum")
    assert an.rehearse(project, an.AddSpan(ref, start, end, "location")) is True
    assert snapshot(project, ref) == before  # still not started, no span
    assert load_coding(project, ref).status == SetStatus.NOT_STARTED
    assert stored_state(project) == state  # no set, no mark, no history row either
    # And the edit itself still applies, with the first key (none was used up).
    _, changes = an.apply(project, an.AddSpan(ref, start, end, "location"))
    assert list(changes.spans) == ["s1"]


def test_a_refused_rehearsal_says_so_and_writes_nothing(project) -> None:  # type: ignore[no-untyped-def]
    ref = an.SetRef(add_article(project), "alice")
    start, end = span_at(TEXT, "Khartoum")
    an.apply(project, an.AddSpan(ref, start, end, "location"))
    before, state = snapshot(project, ref), stored_state(project)
    assert an.rehearse(project, an.AddSpan(ref, start, end, "location")) is False  # already tagged
    assert an.rehearse(project, an.AddSpan(ref, 0, 10_000, "actor")) is False  # beyond the text
    assert snapshot(project, ref) == before
    assert stored_state(project) == state
    # A rehearsal that would apply on this set (which raises its version) leaves it as it was too.
    assert an.rehearse(project, an.AddSpan(ref, *span_at(TEXT, "Police"), "actor")) is True
    assert stored_state(project) == state


def test_after_a_rehearsal_the_first_tag_compiles_nothing(project, fresh_db_url) -> None:  # type: ignore[no-untyped-def]
    from annotator.services.project import open_project

    # Without a rehearsal, the first tag on a new engine compiles its statements: what is saved.
    other = open_project(fresh_db_url())
    try:
        plain = an.SetRef(add_article(other), "alice")
        with compiled_afresh(other) as missed:
            an.apply(other, an.AddSpan(plain, *span_at(TEXT, "Police"), "actor"))
        assert missed, "the first tag on a new engine compiled nothing: this test shows nothing"
    finally:
        other.close()

    ref = an.SetRef(add_article(project), "alice")
    assert an.rehearse(project, an.AddSpan(ref, *span_at(TEXT, "Khartoum"), "location"))
    with compiled_afresh(project) as missed:
        an.apply(project, an.AddSpan(ref, *span_at(TEXT, "Police"), "actor"))
    assert missed == []


def test_a_rehearsal_does_not_wait_for_another_programs_lock(project, ref_with_set) -> None:  # type: ignore[no-untyped-def]
    """Another connection holds the set's row (PostgreSQL) or the write lock (SQLite): the
    rehearsal gives up at once rather than after the usual wait (10 s), and writes nothing."""
    import time

    from sqlalchemy import text

    ref, set_id = ref_with_set
    with project.engine.connect() as holder:
        holder.begin()
        holder.execute(text("UPDATE annotation_sets SET version = version WHERE id = :id"), {"id": set_id})
        t0 = time.monotonic()
        assert an.rehearse(project, an.AddSpan(ref, *span_at(TEXT, "Police"), "actor")) is False
        waited = time.monotonic() - t0
        holder.rollback()
    assert waited < 5.0  # (the usual wait is 10 s; the rehearsal's is 0.05 s)
    # Once the lock is gone, it rehearses again, and the usual wait is back for the edits.
    assert an.rehearse(project, an.AddSpan(ref, *span_at(TEXT, "Police"), "actor")) is True
    an.apply(project, an.AddSpan(ref, *span_at(TEXT, "Police"), "actor"))
    assert [s.text for s in load_coding(project, ref).spans] == ["Khartoum", "Police"]


@pytest.fixture
def ref_with_set(project):  # type: ignore[no-untyped-def]
    """A coder's set with one span (Khartoum), and its id."""
    from annotator.store import coding_rows

    ref = an.SetRef(add_article(project), "alice")
    an.apply(project, an.AddSpan(ref, *span_at(TEXT, "Khartoum"), "location"))
    with project.engine.connect() as conn:
        found = coding_rows.find_set(conn, ref.article_id, ref.coder, "coder")
    return ref, int(found.id)
