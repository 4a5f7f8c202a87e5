"""A long article's text is put in the view by Qt from the event loop (``ArticleView.load`` with
``fill_later``), while the coder's annotations are read on the database worker; and every text
goes to Qt as UTF-16 units (``Utf16Index.units``), which Qt must read as the very same text."""

from __future__ import annotations

import random

import pytest
from PySide6.QtGui import QTextDocument

from annotator.domain.offsets import Utf16Index
from annotator.domain.span_index import SpanIndex
from annotator.ui.coding.article_view import FILL_LATER, ArticleView
from tests.ui.conftest import ARABIC_TEXT, EMOJI_TEXT, add_article, utf16


def _long_text(seed: int, marker: str, *, arabic: bool = False, paragraphs: int = 700) -> str:
    rng = random.Random(seed)
    words = ["police", "fired", "tear", "gas", "in", "Juba", "😀"]
    lines = [f"{marker} {i} " + " ".join(rng.choice(words) for _ in range(40)) for i in range(paragraphs)]
    if arabic:  # every third paragraph right to left
        lines[::3] = [ARABIC_TEXT.replace("\n", " ")] * len(lines[::3])
    text = "\n".join(lines)
    assert len(text) > FILL_LATER
    return text


@pytest.mark.parametrize("text", [EMOJI_TEXT, ARABIC_TEXT, "a\nb\n\nc", "👩‍👩‍👧🇺🇬😀"])
def test_qt_reads_the_units_as_the_text(qapp, text: str) -> None:  # type: ignore[no-untyped-def]
    doc = QTextDocument()
    doc.setPlainText(Utf16Index(text).units(text))
    assert doc.toPlainText() == text
    assert doc.characterCount() - 1 == len(text.encode("utf-16-le")) // 2


def test_a_long_text_filled_later_arrives_with_the_event_loop(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = ArticleView()
    qtbot.addWidget(view)
    view.show()
    first = _long_text(1, "first")
    view.load(first, fill_later=True)
    assert view.document().isEmpty()  # not yet: Qt puts it in from the event loop
    qtbot.waitUntil(lambda: not view.document().isEmpty(), timeout=5000)
    assert view.document().toPlainText() == first
    assert view.textCursor().position() == 0 and view.verticalScrollBar().value() == 0


def test_another_text_loaded_before_the_fill_never_gets_the_first_one(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = ArticleView()
    qtbot.addWidget(view)
    view.show()
    first, second = _long_text(1, "first"), _long_text(2, "second")
    view.load(first, fill_later=True)
    kept_first = view.document()
    view.load(second, fill_later=True)  # before the event loop has run
    assert kept_first.toPlainText() == first  # the first one was filled on the way out
    qtbot.wait(50)
    assert view.document() is not kept_first
    assert view.document().toPlainText() == second
    view.load(first)  # going back shows the kept document with its own text
    assert view.document() is kept_first and view.document().toPlainText() == first


def test_spans_that_arrive_before_the_fill_are_shown_on_the_text(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = ArticleView()
    qtbot.addWidget(view)
    view.show()
    text = _long_text(3, "spans")
    juba = text.index("Juba", text.index("😀"))  # after an astral character: offsets differ
    view.load(text, fill_later=True)
    view.set_spans(SpanIndex([("s1", juba, juba + 4, "location")], text))  # as in synchronous reads
    assert view.document().toPlainText() == text
    view.select_span("s1")
    assert view.textCursor().position() == utf16(text, juba)
    assert view.cursor_cp() == juba


@pytest.mark.parametrize("arabic", [False, True])
def test_opening_a_long_article_on_worker_threads_shows_its_text_and_spans(qtbot, ui_db, arabic: bool) -> None:  # type: ignore[no-untyped-def]
    """The app's own path: the text read and made ready on the database worker (its shape, stored
    with it, read back: domain.text_shape), filled by Qt while the annotations are read, then the
    spans shown on it, and its right-to-left paragraphs aligned."""
    from PySide6.QtCore import Qt

    from annotator.services import annotate as an
    from annotator.services.project import open_project
    from annotator.ui.common.settings import Settings
    from annotator.ui.main_window import MainWindow

    text = _long_text(4, "worker", arabic=arabic)
    juba = text.index("Juba", text.index("😀"))
    project = open_project(str(ui_db["url"]))
    try:
        article = add_article(project, "long", text)
        an.apply(project, an.AddSpan(an.SetRef(article, "tester"), juba, juba + 4, "location"))
    finally:
        project.close()
    settings = Settings(str(ui_db["settings"]))
    settings.coder = "tester"
    settings.set("view/suggestions", False)
    window = MainWindow(str(ui_db["url"]), settings=settings)  # threaded reads, as in use
    qtbot.addWidget(window)
    window.show()
    window.load()
    c, view = window.coding.controller, window.coding.view
    qtbot.waitUntil(lambda: c.doc is not None and not c.loading, timeout=10000)
    c.open_article(article)
    qtbot.waitUntil(lambda: c.doc is not None and c.doc.id == article and not c.loading, timeout=10000)
    assert c.doc.shape is not None and c.doc.shape.may_rtl == arabic  # (stored with the long article)
    assert view.document().toPlainText() == text
    assert [s.text for s in c.spans.in_order()] == ["Juba"]
    assert c.prepared is None  # shown, and not held on to
    first = view.document().findBlockByNumber(0)
    rtl = Qt.LayoutDirection.RightToLeft
    qtbot.waitUntil(lambda: (first.blockFormat().layoutDirection() == rtl) == arabic, timeout=5000)
    view.select_span(next(iter(c.spans.in_order())).key)
    assert view.cursor_cp() == juba
    window.close()


@pytest.mark.parametrize("paragraphs", [700, 1200])  # aligned at once, and a moment later (over 200,000)
def test_right_to_left_paragraphs_of_a_long_text_filled_later_are_aligned(qtbot, paragraphs: int) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    view = ArticleView()
    qtbot.addWidget(view)
    view.show()
    text = _long_text(5, "rtl", arabic=True, paragraphs=paragraphs)
    view.load(text, fill_later=True)
    qtbot.wait(50)
    doc = view.document()
    assert doc.toPlainText() == text
    qtbot.waitUntil(lambda: doc.findBlockByNumber(0).blockFormat().layoutDirection() == Qt.LayoutDirection.RightToLeft)
    assert doc.findBlockByNumber(1).blockFormat().layoutDirection() != Qt.LayoutDirection.RightToLeft
    assert doc.findBlockByNumber(3).blockFormat().layoutDirection() == Qt.LayoutDirection.RightToLeft
