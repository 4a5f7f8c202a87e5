"""Going back to an article shows its kept document again instead of putting its text in anew
(``ui/coding/kept_documents``): the same text, its current spans coloured, the view's font, its
own paragraph directions, and only a few documents kept."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QTextDocument

from tests.ui.conftest import ARABIC_TEXT, EMOJI_TEXT, PLAIN_TEXT, add_article, make_window, select_cp, utf16


def _formatted(view, cp: int) -> bool:  # type: ignore[no-untyped-def]
    """Whether the character at code point ``cp`` has a span format in its block's layout."""
    view.viewport().repaint()  # formats are given to the blocks about to be painted
    pos = utf16(view.text, cp)
    block = view.document().findBlock(pos)
    at = pos - block.position()
    return any(r.start <= at < r.start + r.length for r in block.layout().formats())


def test_going_back_shows_the_kept_document_with_the_spans_as_they_are_now(qtbot, ui_db, window) -> None:  # type: ignore[no-untyped-def]
    from annotator.services import annotate as an

    c, view = window.coding.controller, window.coding.view
    plain, emoji = ui_db["ids"]["plain"], ui_db["ids"]["emoji"]
    c.open_article(plain)
    first = view.document()
    police = PLAIN_TEXT.index("Police")
    c.tag("actor", (police, police + 6))
    select_cp(view, 0, 5)
    c.open_article(emoji)
    assert view.document() is not first and view.document().toPlainText() == EMOJI_TEXT
    # Meanwhile another window of the same coder tags Nairobi in the first article.
    nairobi = PLAIN_TEXT.index("Nairobi")
    an.apply(window.project, an.AddSpan(an.SetRef(plain, "tester"), nairobi, nairobi + 7, "location"))
    c.open_article(plain)
    assert view.document() is first  # not laid out again
    assert view.document().toPlainText() == PLAIN_TEXT
    assert not view.textCursor().hasSelection() and view.textCursor().position() == 0
    assert view.verticalScrollBar().value() == 0
    assert _formatted(view, nairobi) and _formatted(view, police)  # the new span is coloured
    assert not _formatted(view, PLAIN_TEXT.index("tear gas"))
    assert not view.document().isUndoRedoEnabled()  # a read-only text keeps no undo history
    # And tagging goes on in it, offsets as everywhere.
    students = PLAIN_TEXT.index("Students")
    select_cp(view, students, students + 8)
    view.setFocus()
    qtbot.keyClick(view, "a")
    assert [s.text for s in c.spans.in_order()] == ["Police", "Nairobi", "Students"]
    assert _formatted(view, students)


def test_a_kept_document_takes_the_zoom_set_while_another_article_was_shown(qtbot, ui_db, window) -> None:  # type: ignore[no-untyped-def]
    c, view = window.coding.controller, window.coding.view
    c.open_article(ui_db["ids"]["plain"])
    kept = view.document()
    size = kept.defaultFont().pointSizeF()
    c.open_article(ui_db["ids"]["emoji"])
    view.set_zoom(view.zoom_steps + 3)
    c.open_article(ui_db["ids"]["plain"])
    assert view.document() is kept
    assert kept.defaultFont().pointSizeF() == view.font().pointSizeF() == size + 3


def test_each_kept_document_keeps_its_own_paragraph_directions(qtbot, ui_db, window) -> None:  # type: ignore[no-untyped-def]
    c, view = window.coding.controller, window.coding.view
    c.open_article(ui_db["ids"]["arabic"])
    arabic = view.document()
    assert arabic.defaultTextOption().alignment() == Qt.AlignmentFlag.AlignJustify
    assert arabic.firstBlock().blockFormat().layoutDirection() == Qt.LayoutDirection.RightToLeft
    c.open_article(ui_db["ids"]["plain"])
    assert view.document().defaultTextOption().alignment() == Qt.AlignmentFlag.AlignLeft
    c.open_article(ui_db["ids"]["arabic"])
    assert view.document() is arabic
    assert arabic.defaultTextOption().alignment() == Qt.AlignmentFlag.AlignJustify
    assert view.document().toPlainText() == ARABIC_TEXT


def test_only_a_few_documents_are_kept_and_the_others_are_deleted(qtbot, ui_db) -> None:  # type: ignore[no-untyped-def]
    from annotator.services.project import open_project
    from annotator.ui.coding.kept_documents import MAX_DOCUMENTS

    project = open_project(str(ui_db["url"]))
    try:
        ids = [add_article(project, f"more-{n}", f"Article number {n}. " * 20) for n in range(MAX_DOCUMENTS + 2)]
    finally:
        project.close()
    window = make_window(qtbot, ui_db)
    try:
        c, view = window.coding.controller, window.coding.view
        shown: list[QTextDocument] = []
        for article_id in ids:
            c.open_article(article_id)
            shown.append(view.document())
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
        alive = [shiboken6.isValid(d) for d in shown]
        assert alive == [False] * 2 + [True] * MAX_DOCUMENTS  # the oldest go, the last ones stay
        assert view.document() is shown[-1]
        c.open_article(ids[0])  # let go of: laid out anew
        assert view.document() not in shown[-MAX_DOCUMENTS:] and view.text == "Article number 0. " * 20
    finally:
        window.close()


def test_an_equal_text_read_again_gets_a_document_of_its_own(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Only the very same text object (handed out again by the articles kept in memory while the
    stored text is unchanged) takes a kept document: a text read anew is put in anew."""
    from annotator.domain.span_index import SpanIndex
    from annotator.ui.coding.article_view import ArticleView

    view = ArticleView()
    qtbot.addWidget(view)
    view.resize(500, 300)
    view.show()
    text = PLAIN_TEXT * 3
    view.load(text, SpanIndex())
    first = view.document()
    view.load(EMOJI_TEXT, SpanIndex())
    view.load(text, SpanIndex())
    assert view.document() is first
    again = "".join(list(text))  # equal, not the same object
    view.load(again, SpanIndex())
    assert view.document() is not first and view.document().toPlainText() == text


def test_reflowing_shows_another_document_and_turning_it_off_the_kept_one(qtbot) -> None:  # type: ignore[no-untyped-def]
    from annotator.domain.span_index import SpanIndex
    from annotator.ui.coding.article_view import ArticleView

    wrapped = "Hundreds of demonstra-\ntors gathered in Al-\nFashir on Monday.\n"
    view = ArticleView()
    qtbot.addWidget(view)
    view.resize(500, 300)
    view.show()
    index = SpanIndex([("s1", wrapped.index("Fashir"), wrapped.index("Fashir") + 6, "location")], wrapped)
    view.load(wrapped, index)
    stored = view.document()
    view.set_reflow(True)
    assert view.document() is not stored
    assert view.document().toPlainText() == "Hundreds of demonstrators gathered in Al-Fashir on Monday."
    view.set_reflow(False)
    assert view.document() is stored and view.document().toPlainText() == wrapped
    assert view.u16.to_utf16(wrapped.index("Fashir")) == wrapped.index("Fashir")  # the stored text's offsets again
