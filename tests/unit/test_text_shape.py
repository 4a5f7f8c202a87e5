"""A long article's text shape (domain/text_shape): stored with it, read back with it, and the same
offsets as working them out; on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from annotator.domain.offsets import Utf16Index
from annotator.domain.text_shape import SHAPE_FROM, TextShape, may_contain_rtl, shape_columns
from annotator.services import annotate as an
from annotator.services import workspace as ws
from annotator.services.kept_articles import KeptArticles
from annotator.store.repository import articles_t
from annotator.store.uow import transaction
from tests.unit.test_annotate import add_article

PARAGRAPH = "Protesters 🪧 gathered in Juba.\r\nقوات الأمن في الخرطوم 😀.\nPolice arrived later, café.\n\n"
SHORT = "Police fired in Juba. 🪧"


def _long(paragraph: str = PARAGRAPH) -> str:
    return paragraph * (SHAPE_FROM // len(paragraph) + 1)


def test_the_shape_gives_the_offsets_working_them_out_gives() -> None:
    text = _long()
    shape = TextShape.of(text)
    assert shape.may_rtl and len(shape.astral) == 2 * (SHAPE_FROM // len(PARAGRAPH) + 1)
    stored = TextShape.from_columns(**shape.columns(), text=text)
    assert stored == shape
    made, known = Utf16Index(text), Utf16Index.of_shape(text, stored.astral)
    assert (known.length_cp, known.length_utf16, known.trivial) == (made.length_cp, made.length_utf16, False)
    assert known.units(text) == made.units(text)
    for cp in (0, 11, 12, 13, 40, len(PARAGRAPH) * 7 + 12, len(text)):
        assert known.to_utf16(cp) == made.to_utf16(cp)
    for u16 in (0, 12, 13, 14, 200, made.length_utf16):
        assert known.to_cp(u16) == made.to_cp(u16)


def test_a_text_without_astral_characters_or_arabic() -> None:
    text = _long("Police arrived later, café — no emoji here.\n")
    shape = TextShape.of(text)
    assert shape == TextShape((), False) and shape.columns() == {"astral_at": "", "may_rtl": False}
    assert TextShape.from_columns("", False, text) == shape
    assert Utf16Index.of_shape(text, ()).trivial


def test_only_long_texts_have_their_shape_stored() -> None:
    assert shape_columns(SHORT) == {"astral_at": None, "may_rtl": None}
    assert shape_columns(_long()) == TextShape.of(_long()).columns()


@pytest.mark.parametrize(
    ("astral_at", "may_rtl"),
    [(None, None), ("11", None), (None, True), ("11,x", True), ("10", True), ("-1", False), ("99999999", False)],
)
def test_a_stored_shape_that_does_not_fit_the_text_is_not_used(astral_at: str | None, may_rtl: bool | None) -> None:
    # (Position 11 holds the first emoji; 10 is a space.)
    assert TextShape.from_columns(astral_at, may_rtl, _long()) is None


def test_the_rtl_check_moved_to_the_domain_is_the_same() -> None:
    assert not may_contain_rtl("plain ascii") and not may_contain_rtl("emoji 😀 and café, русский, 中文")
    assert may_contain_rtl("text مرحبا text") and may_contain_rtl("text שלום text")


def test_storing_a_long_article_stores_its_shape_and_opening_reads_it(project) -> None:  # type: ignore[no-untyped-def]
    text = _long()
    long_id, short_id = add_article(project, "long", text), add_article(project, "short", SHORT)
    with project.engine.connect() as conn:
        rows = dict(conn.execute(select(articles_t.c.external_id, articles_t.c.astral_at)).all())
    assert rows["short"] is None and rows["long"] == TextShape.of(text).columns()["astral_at"]
    doc = ws.load_article(project, long_id)
    assert doc is not None and doc.text == text and doc.shape == TextShape.of(text)
    short = ws.load_article(project, short_id)
    assert short is not None and short.shape is None
    # Opening takes the offsets from the stored shape, and they are the text's.
    kept = KeptArticles()
    doc, _ = kept.article(project, long_id)
    assert doc is not None
    _rows, _index, u16 = kept.annotations(project, an.SetRef(long_id, "alice"), doc)
    assert u16.units(text) == Utf16Index(text).units(text) and u16.length_utf16 == Utf16Index(text).length_utf16


def test_an_article_stored_without_its_shape_opens_as_before(project, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    text = _long()
    aid = add_article(project, "long", text)
    with transaction(project.engine) as conn:  # as stored before revision 0006, or damaged
        conn.execute(update(articles_t).values(astral_at="5,6", may_rtl=None))
    doc = ws.load_article(project, aid)
    assert doc is not None and doc.shape is None
    calls = []
    real = Utf16Index.__init__

    def counted(self, t):  # type: ignore[no-untyped-def]
        calls.append(len(t))
        real(self, t)

    monkeypatch.setattr(Utf16Index, "__init__", counted)
    u16 = KeptArticles().offsets(doc)
    assert calls == [len(text)] and u16.units(text).count("\ud83e") == text.count("🪧")
