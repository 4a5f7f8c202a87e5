"""Tagging checks offsets against the article's text kept by the project, not by SQL over the whole
text at every tag: the text is read once, a tag issues no statement that reads or measures it, and a
kept copy never stands in for another article's text. On SQLite and PostgreSQL."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import event, text

from annotator.services import annotate as an
from annotator.services.project import ArticleTexts
from annotator.store import coding_rows
from tests.unit.test_annotate import TEXT, add_article


def _statements(project, run):  # type: ignore[no-untyped-def]
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        seen.append(statement.lower())

    event.listen(project.engine, "before_cursor_execute", record)
    try:
        run()
    finally:
        event.remove(project.engine, "before_cursor_execute", record)
    return seen


def test_a_tag_neither_reads_nor_measures_the_whole_text(project) -> None:  # type: ignore[no-untyped-def]
    ref = an.SetRef(add_article(project), "alice")
    an.apply(project, an.AddSpan(ref, 0, 10, "actor"))  # the first tag may read the text, once
    start = TEXT.index("Khartoum")
    statements = _statements(project, lambda: an.apply(project, an.AddSpan(ref, start, start + 8, "location")))
    # Any statement that touches the articles' text column, or slices or measures a text (the
    # span-key query measures short keys, which is fine: it names no article text).
    reads_text = [
        s for s in statements if "articles.text" in s or "substr(" in s or "length(articles" in s or "length(text" in s
    ]
    assert reads_text == []
    with project.engine.connect() as conn:
        stored = conn.execute(text("SELECT text FROM spans ORDER BY id")).scalars().all()
    assert stored == ["Protesters", "Khartoum"]


def test_offsets_are_checked_against_the_code_point_length(project) -> None:  # type: ignore[no-untyped-def]
    ref = an.SetRef(add_article(project), "alice")
    end = len(TEXT)  # code points: emoji and Arabic count one each
    an.apply(project, an.AddSpan(ref, end - 6, end, "date"))
    with pytest.raises(an.CodingError, match=f"run past the end of the text \\({end} characters\\)"):
        an.apply(project, an.AddSpan(ref, end - 3, end + 1, "date"))
    with pytest.raises(an.CodingError, match="article 999999 is not in the database"):
        an.apply(project, an.AddSpan(an.SetRef(999999, "alice"), 0, 3, "actor"))


def test_the_text_is_read_once_for_many_tags(project, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    reads: list[int] = []
    real = coding_rows.article_text
    monkeypatch.setattr(coding_rows, "article_text", lambda conn, i: reads.append(i) or real(conn, i))
    ref = an.SetRef(add_article(project), "alice")
    words = ["Protesters", "Khartoum", "Police", "families", "ministry"]
    for w in words:
        start = TEXT.index(w)
        an.apply(project, an.AddSpan(ref, start, start + len(w), "actor"))
    assert reads == [ref.article_id]


@pytest.mark.parametrize("opening", ["window", "window, from memory", "load_article"])
def test_an_article_opened_needs_no_read_for_its_first_tag(project, monkeypatch: pytest.MonkeyPatch, opening) -> None:  # type: ignore[no-untyped-def]
    """Opening an article reads its text whole; its tags are checked against that copy (the first
    tag read it again, on the GUI thread: 20 ms for a 1.5 MB article)."""
    from annotator.services.kept_articles import KeptArticles
    from annotator.services.workspace import load_article

    ref = an.SetRef(add_article(project), "alice")
    others = [add_article(project, f"o{i}", f"Other article {i}.") for i in range(6)]
    kept = KeptArticles()
    if opening == "load_article":
        assert load_article(project, ref.article_id) is not None
    else:
        assert kept.article(project, ref.article_id) is not None
    if opening == "window, from memory":
        for other in others:  # the project's kept texts move on; the window's memory keeps it
            with project.engine.connect() as conn:
                project.texts.get(conn, other)
        assert kept.article(project, ref.article_id) is not None
    reads: list[int] = []
    real = coding_rows.article_text
    monkeypatch.setattr(coding_rows, "article_text", lambda conn, i: reads.append(i) or real(conn, i))
    start = TEXT.index("Khartoum")
    an.apply(project, an.AddSpan(ref, start, start + 8, "location"))
    assert reads == []
    with project.engine.connect() as conn:
        assert conn.execute(text("SELECT text FROM spans")).scalars().all() == ["Khartoum"]


def test_only_a_few_texts_are_kept(project, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    reads: list[int] = []
    real = coding_rows.article_text
    monkeypatch.setattr(coding_rows, "article_text", lambda conn, i: reads.append(i) or real(conn, i))
    texts = ArticleTexts(keep=2)
    ids = [add_article(project, f"k{i}", f"Article number {i} text.") for i in range(3)]
    with project.engine.connect() as conn:
        for n, i in enumerate(ids):
            assert texts.get(conn, i) == f"Article number {n} text."
        assert texts.get(conn, ids[2]) == "Article number 2 text."  # kept
        assert texts.get(conn, ids[1]) == "Article number 1 text."  # kept
        assert texts.get(conn, ids[0]) == "Article number 0 text."  # the least recently used went
    assert reads == [*ids, ids[0]]


def test_a_kept_text_never_stands_in_for_another_article(project) -> None:  # type: ignore[no-untyped-def]
    """Were an article id ever reused (nothing deletes articles today), the copy would not be."""
    texts = ArticleTexts()
    first = add_article(project, "old", "The old text.")
    with project.engine.connect() as conn:
        assert texts.get(conn, first) == "The old text."
    with project.engine.begin() as conn:
        conn.execute(text("UPDATE articles SET external_id = 'new', text = 'A new text.' WHERE id = :i"), {"i": first})
    with project.engine.connect() as conn:
        assert texts.get(conn, first) == "A new text."
        conn.execute(text("DELETE FROM articles WHERE id = :i"), {"i": first})
        assert texts.get(conn, first) is None


def test_threads_sharing_the_texts_each_get_their_own_article(project) -> None:  # type: ignore[no-untyped-def]
    texts = ArticleTexts(keep=3)
    ids = [add_article(project, f"t{i}", f"Thread article {i}. " * (i + 1)) for i in range(6)]
    start = threading.Barrier(6, timeout=10)
    wrong: list[tuple[int, str | None]] = []

    def read(n: int) -> None:
        start.wait()
        with project.engine.connect() as conn:
            for _ in range(30):
                for i in (n, (n + 1) % 6):
                    got = texts.get(conn, ids[i])
                    if got != f"Thread article {i}. " * (i + 1):
                        wrong.append((i, got))

    threads = [threading.Thread(target=read, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert wrong == []
