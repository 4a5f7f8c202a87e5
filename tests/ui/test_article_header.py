"""The article header keeps its height when the article's status changes, so the text below stays put."""

from __future__ import annotations

from annotator.ui.coding.article_list import STATUS_TEXT


def test_header_height_does_not_depend_on_the_status(window, ui_db) -> None:  # type: ignore[no-untyped-def]
    coding = window.coding
    coding.controller.open_article(ui_db["ids"]["plain"])
    header, doc = coding.header, coding.controller.doc
    # Across widths where the meta line fits on one line, wraps, and wraps again, every status
    # gives the same height ("Not started" used to wrap where "Done" fitted).
    for width in range(260, 1000, 7):
        heights = set()
        for status in STATUS_TEXT.values():
            header.show_article(doc, status)
            heights.add(header.heightForWidth(width))
        assert len(heights) == 1, f"at {width} px the header's height follows the status: {heights}"


def test_marking_done_does_not_move_the_text(qtbot, window, ui_db) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    coding = window.coding
    coding.controller.open_article(ui_db["ids"]["plain"])
    QApplication.processEvents()
    top = coding.view.mapTo(window, coding.view.rect().topLeft()).y()
    assert coding.header.status.text() == "Not started"
    coding.done_action.trigger()
    qtbot.waitUntil(lambda: coding.header.status.text() == "Done", timeout=2000)
    QApplication.processEvents()
    assert coding.view.mapTo(window, coding.view.rect().topLeft()).y() == top


def test_a_wrapped_meta_line_never_starts_with_a_separator(qtbot, window, ui_db) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QTextDocument

    coding = window.coding
    coding.controller.open_article(ui_db["ids"]["plain"])
    meta = coding.header.meta
    document = QTextDocument()
    document.setDefaultFont(meta.font())
    document.setHtml(meta.text())
    for width in range(120, 700, 11):
        document.setTextWidth(width)
        document.size()  # lays the text out
        layout = document.firstBlock().layout()
        text = document.firstBlock().text()
        starts = [text[layout.lineAt(i).textStart() :].lstrip("\u200e ") for i in range(layout.lineCount())]
        assert not any(s.startswith("·") for s in starts), (width, starts)
