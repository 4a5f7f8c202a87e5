"""Reading a set's spans for opening an article (``coding_rows.spans_of_set``), on SQLite and PostgreSQL.

The spans come back as packed columns split apart: each key must keep its own offsets, label and
version however the database orders the rows, and awkward keys and labels must come back whole."""

from __future__ import annotations

import random

from sqlalchemy import insert

from annotator.store import coding_rows
from annotator.store import repository as repo
from annotator.store.uow import transaction
from tests.unit.test_annotate import add_article


def _set_with_spans(project, spans: list[dict]) -> int:  # type: ignore[no-untyped-def]
    article_id = add_article(project, "a1", "x" * 100_000)
    with transaction(project.engine) as conn:
        set_id = coding_rows.create_set(conn, article_id, "alice", "coder", "in_progress")
        if spans:
            conn.execute(insert(repo.spans_t), [{"set_id": set_id, "text": "", **s} for s in spans])
    return set_id


def _read(project, set_id: int):  # type: ignore[no-untyped-def]
    with project.engine.connect() as conn:
        return coding_rows.spans_of_set(conn, set_id)


def test_each_key_keeps_its_own_offsets_label_and_version(project) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(7)
    labels = ["actor", "location", "Label, with a comma", "تاريخ", "👥 crowd"]
    wanted = {}
    for i in range(3000):
        start = rng.randrange(0, 99_000)
        key = f"k{rng.randrange(10**9)}-{i}"
        wanted[key] = (start, start + rng.randrange(1, 500), rng.choice(labels), rng.randrange(1, 50))
    keys = list(wanted)
    rng.shuffle(keys)  # inserted out of text order
    set_id = _set_with_spans(
        project,
        [
            {"key": k, "start_offset": s, "end_offset": e, "label": lab, "version": v}
            for k, (s, e, lab, v) in ((k, wanted[k]) for k in keys)
        ],
    )
    spans, versions = _read(project, set_id)
    assert len(spans) == 3000
    assert {k: (s, e, lab) for k, s, e, lab in spans} == {k: w[:3] for k, w in wanted.items()}
    assert versions == {k: w[3] for k, w in wanted.items()}
    assert all(type(s) is int and type(e) is int for _k, s, e, _lab in spans)


def test_a_set_without_spans_reads_as_none(project) -> None:  # type: ignore[no-untyped-def]
    set_id = _set_with_spans(project, [])
    assert _read(project, set_id) == ([], {})


def test_a_label_holding_the_separator_is_read_row_by_row(project) -> None:  # type: ignore[no-untyped-def]
    odd = "odd\x1flabel"
    set_id = _set_with_spans(
        project,
        [
            {"key": "s1", "start_offset": 5, "end_offset": 9, "label": odd, "version": 3},
            {"key": "s\x1f2", "start_offset": 0, "end_offset": 4, "label": "actor", "version": 1},
        ],
    )
    spans, versions = _read(project, set_id)
    assert sorted(spans, key=lambda s: s[1]) == [("s\x1f2", 0, 4, "actor"), ("s1", 5, 9, odd)]
    assert versions == {"s1": 3, "s\x1f2": 1}
