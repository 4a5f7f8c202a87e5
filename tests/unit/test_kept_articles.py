"""Articles kept for reopening (services/kept_articles): what is taken from memory is always what is
stored now; on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from annotator.domain.text import content_hash
from annotator.services import annotate as an
from annotator.services import workspace as ws
from annotator.services.kept_articles import KeptArticles
from annotator.store import coding_rows
from annotator.store.repository import articles_t
from tests.unit.test_annotate import add_article

TEXT = "Protesters 🪧 gathered in Juba.\nقوات الأمن في الخرطوم.\nPolice arrived later."


class Reads:
    """Counts the reads that opening would repeat: the text, and a set's spans."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.texts = self.spans = 0
        real_text, real_spans = ws.load_article, ws.rows.spans_of_set

        def text(*a, **k):  # type: ignore[no-untyped-def]
            self.texts += 1
            return real_text(*a, **k)

        def spans(*a, **k):  # type: ignore[no-untyped-def]
            self.spans += 1
            return real_spans(*a, **k)

        monkeypatch.setattr(ws, "load_article", text)
        monkeypatch.setattr(ws.rows, "spans_of_set", spans)


def _open(kept: KeptArticles, project, ref: an.SetRef):  # type: ignore[no-untyped-def]
    doc, _from_memory = kept.article(project, ref.article_id)
    assert doc is not None
    rows, _index, u16 = kept.annotations(project, ref, doc)
    return doc, rows, u16


def _fresh(project, ref: an.SetRef):  # type: ignore[no-untyped-def]
    return ws.open_for_coding(project, ref)


def test_reopening_reads_neither_text_nor_spans_when_unchanged(project, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    aid = add_article(project, "k1", TEXT)
    ref = an.SetRef(aid, "alice")
    an.apply(project, an.AddSpan(ref, TEXT.index("Juba"), TEXT.index("Juba") + 4, "location"))
    reads, kept = Reads(monkeypatch), KeptArticles()
    _doc, _rows, u16 = _open(kept, project, ref)
    assert (reads.texts, reads.spans) == (1, 1)
    again, rows_again, u16_again = _open(kept, project, ref)
    assert (reads.texts, reads.spans) == (1, 1)  # nothing read again
    fresh_doc, fresh_rows = _fresh(project, ref)
    assert again == fresh_doc and again.text == TEXT
    assert rows_again.spans == fresh_rows.spans and rows_again.span_versions == fresh_rows.span_versions
    assert rows_again.set_version == fresh_rows.set_version and rows_again.status == fresh_rows.status
    assert u16_again is u16 and u16.to_utf16(len(TEXT)) == len(TEXT) + 1  # (the emoji: two UTF-16 units)


def test_an_edit_after_the_spans_were_kept_is_seen(project, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    aid = add_article(project, "k2", TEXT)
    ref = an.SetRef(aid, "alice")
    an.apply(project, an.AddSpan(ref, 0, 10, "actor"))
    reads, kept = Reads(monkeypatch), KeptArticles()
    _open(kept, project, ref)
    an.apply(project, an.AddSpan(ref, TEXT.index("Police"), TEXT.index("Police") + 6, "actor"))
    an.apply(project, an.RelabelSpan(ref, "s1", "action"))
    _doc, rows, _u16 = _open(kept, project, ref)
    assert reads.spans == 2 and reads.texts == 1  # the set's version moved: its spans read again
    assert rows.spans == _fresh(project, ref)[1].spans
    assert sorted(label for _k, _s, _e, label in rows.spans) == ["action", "actor"]
    an.apply(project, an.DeleteSpan(ref, "s1"))  # and a deletion too
    assert [k for k, *_ in _open(kept, project, ref)[1].spans] == ["s2"]


def test_each_coder_has_their_own_spans(project, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    aid = add_article(project, "k3", TEXT)
    alice, bob = an.SetRef(aid, "alice"), an.SetRef(aid, "bob")
    an.apply(project, an.AddSpan(alice, 0, 10, "actor"))
    kept = KeptArticles()
    assert len(_open(kept, project, alice)[1].spans) == 1
    assert _open(kept, project, bob)[1].spans == []  # bob has no set: not alice's spans
    an.apply(project, an.AddSpan(bob, 11, 13, "action"))
    assert [(s, e) for _k, s, e, _l in _open(kept, project, bob)[1].spans] == [(11, 13)]
    assert [(s, e) for _k, s, e, _l in _open(kept, project, alice)[1].spans] == [(0, 10)]


def test_the_text_is_checked_against_what_is_stored(project, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Texts never change, but the id could come to name another article: its external id decides
    (unique, and looked up without reading the text)."""
    aid = add_article(project, "k4", TEXT)
    reads, kept = Reads(monkeypatch), KeptArticles()
    assert kept.article(project, aid) == (ws.load_article(project, aid), False)
    assert kept.article(project, aid)[1] and reads.texts == 2  # (the second read: load_article above)
    other = "Another article entirely.\nSecond line."
    with project.engine.begin() as conn:
        conn.execute(
            update(articles_t)
            .where(articles_t.c.id == aid)
            .values(external_id="k4-other", text=other, content_hash=content_hash(other))
        )
    doc, from_memory = kept.article(project, aid)
    assert doc is not None and doc.text == other and not from_memory
    assert reads.texts == 3
    with project.engine.connect() as conn, monkeypatch.context() as m:  # its tags: against the new text, kept
        m.setattr(coding_rows, "article_text", lambda *_a: pytest.fail("the text was read again"))
        assert project.texts.get(conn, aid) == other
    assert kept.article(project, aid + 1000) == (None, False)  # (not in the project)


def test_memory_is_bounded(project, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ids = [add_article(project, f"b{i}", f"Article number {i} about Juba.") for i in range(3)]
    reads, kept = Reads(monkeypatch), KeptArticles(max_articles=2, max_chars=10_000)
    for aid in ids:
        kept.article(project, aid)
    assert len(kept) == 2
    kept.article(project, ids[0])  # the least recently opened went first
    assert reads.texts == 4
    kept.article(project, ids[2])
    assert reads.texts == 4
    small = KeptArticles(max_chars=20)  # a text longer than all that may be kept is not kept
    doc, _from_memory = small.article(project, ids[0])
    assert doc is not None and len(small) == 0
    rows, _index, u16 = small.annotations(project, an.SetRef(ids[0], "alice"), doc)
    assert rows.spans == [] and u16.length_cp == len(doc.text)


def test_each_opening_gets_an_index_of_its_own(project) -> None:  # type: ignore[no-untyped-def]
    """The window edits the index it is given; what is kept for the next opening stays as read."""
    from annotator.domain.span_index import Span

    aid = add_article(project, "k5", TEXT)
    ref = an.SetRef(aid, "alice")
    an.apply(project, an.AddSpan(ref, 0, 10, "actor"))
    kept = KeptArticles()
    doc, _from_memory = kept.article(project, aid)
    assert doc is not None
    _rows, first, _u16 = kept.annotations(project, ref, doc)
    first.add(Span("x9", 11, 13, "action", TEXT[11:13]))
    first.remove("s1")
    _rows, second, _u16 = kept.annotations(project, ref, doc)
    assert [(s.key, s.text) for s in second.in_order()] == [("s1", "Protesters")]
    assert second.get("x9") is None and [s.key for s in first.in_order()] == ["x9"]
