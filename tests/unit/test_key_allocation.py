"""Span and event keys are allocated by the service, in one place, without reading every key."""

from __future__ import annotations

from sqlalchemy import insert

from annotator.services import annotate as an
from annotator.store import coding_rows
from annotator.store import repository as repo
from annotator.store.uow import transaction
from tests.unit.test_annotate import add_article


def test_add_span_without_a_key_takes_the_next_number(project) -> None:  # type: ignore[no-untyped-def]
    ref = an.SetRef(add_article(project), "alice")
    _inverse, changes = an.apply(project, an.AddSpan(ref, 0, 10, "actor"))
    assert list(changes.spans) == ["s1"]
    with transaction(project.engine) as conn:
        set_id = coding_rows.find_set(conn, ref.article_id, "alice", "coder").id
        # Keys of other forms, and numbers that sort wrongly as text (s9 > s10 > s100 as strings).
        conn.execute(
            insert(repo.spans_t),
            [
                {
                    "set_id": set_id,
                    "key": k,
                    "start_offset": i + 11,
                    "end_offset": i + 12,
                    "label": "actor",
                    "text": "x",
                }
                for i, k in enumerate(["s9", "s10", "s100", "s99", "sz999", "s1x", "imported"])
            ],
        )
    with project.engine.connect() as conn:
        assert coding_rows.highest_numbered_key(conn, repo.spans_t, set_id, "s") == 100
        assert coding_rows.highest_numbered_key(conn, repo.spans_t, set_id, "t") == 0
    _inverse, changes = an.apply(project, an.AddSpan(ref, 30, 40, "location"))
    assert list(changes.spans) == ["s101"]
    _inverse, changes = an.apply(project, an.CreateEvent(ref))
    assert list(changes.events) == ["e1"]
