"""A tag repaints the lines it touches, not the whole article view (issue 8: with thousands of spans
a full repaint was most of a tag's cost). Checked by what Qt is asked to paint, not by timing."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QRegion

from tests.ui.conftest import PLAIN_TEXT as PLAIN_TEXT_WORDS
from tests.ui.conftest import select_cp, stored


class PaintedRegion(QObject):
    """Collects the region of every paint event a widget gets."""

    def __init__(self) -> None:
        super().__init__()
        self.region = QRegion()

    def eventFilter(self, watched: QObject, e: QEvent) -> bool:
        if e.type() == QEvent.Type.Paint:
            self.region = self.region.united(e.region())  # type: ignore[attr-defined]
        return False


def test_a_tag_repaints_only_the_lines_of_the_tagged_text(qtbot, window, ui_db) -> None:  # type: ignore[no-untyped-def]
    w = window
    c, view = w.coding.controller, w.coding.view
    c.open_article(ui_db["ids"]["plain"])
    text = c.doc.text
    word = "Nairobi"  # in the first paragraph; the second one ("Students joined ...") is untouched
    start = text.index(word)
    select_cp(view, start, start + len(word))
    view.setFocus()
    qtbot.wait(50)  # let the selection's own repaint go by

    painted = PaintedRegion()
    view.viewport().installEventFilter(painted)
    try:
        qtbot.keyClick(view, Qt.Key.Key_L)
        qtbot.waitUntil(lambda: not painted.region.isEmpty(), timeout=5000)
        qtbot.wait(20)
    finally:
        view.viewport().removeEventFilter(painted)

    assert [(s.label, s.text) for s in stored(w).spans] == [("location", word)]
    span = next(iter(view.index.in_order()))
    assert view.selected == span.key  # the new span is selected: its outline is drawn

    bounds = painted.region.boundingRect()
    for rect in view.span_rects(span):
        assert bounds.contains(rect.toAlignedRect().adjusted(1, 1, -1, -1))  # the span's line is painted
    second = text.index("Students")
    elsewhere = view.cursorRect(_cursor_at(view, second))
    assert not painted.region.intersects(QRect(elsewhere))  # the other paragraph is not
    assert bounds.height() < view.viewport().height() // 2


def _cursor_at(view, cp: int):  # type: ignore[no-untyped-def]
    cursor = view.textCursor()
    cursor.setPosition(view.u16.to_utf16(cp))
    return cursor


def test_an_opened_article_paints_with_its_annotations_or_after_a_moment_without(
    qtbot, window, ui_db, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """The text and the span list wait for the annotations (read just after the text) to paint
    once, with the colours; if those do not come, they paint without them a moment later. (An
    article read from the database: one kept in memory comes with its annotations in one step.)"""
    from annotator.services import workspace
    from annotator.services.kept_articles import KeptArticles

    monkeypatch.setattr(KeptArticles, "article", lambda _self, p, aid: (workspace.load_article(p, aid), False))
    from annotator.ui.coding.screen import HOLD_PAINT_MS
    from tests.ui.conftest import EMOJI_TEXT, PLAIN_TEXT

    w = window
    c, view, spans = w.coding.controller, w.coding.view, w.coding.spans_view
    c.open_article(ui_db["ids"]["emoji"])  # (synchronous: text and annotations in one go)
    assert view.text == EMOJI_TEXT and not c.loading
    assert view.viewport().updatesEnabled() and spans.viewport().updatesEnabled()

    def unreadable(*_args: object) -> None:
        raise OSError("the disk went away")

    monkeypatch.setattr(workspace, "coding_rows", unreadable)
    problems: list[str] = []
    c.problem.connect(problems.append)
    c.open_article(ui_db["ids"]["plain"])
    assert c.loading and view.text == PLAIN_TEXT and problems and "the disk went away" in problems[-1]
    assert not view.viewport().updatesEnabled() and not spans.viewport().updatesEnabled()
    painted = PaintedRegion()
    view.viewport().installEventFilter(painted)
    try:
        qtbot.waitUntil(view.viewport().updatesEnabled, timeout=HOLD_PAINT_MS * 20)
        qtbot.waitUntil(lambda: not painted.region.isEmpty(), timeout=5000)
    finally:
        view.viewport().removeEventFilter(painted)
    assert spans.viewport().updatesEnabled()


class Paints(QObject):
    """Counts a widget's paint events and notes its width at each."""

    def __init__(self) -> None:
        super().__init__()
        self.widths: list[int] = []

    def eventFilter(self, watched: QObject, e: QEvent) -> bool:
        if e.type() == QEvent.Type.Paint:
            self.widths.append(watched.width())  # type: ignore[attr-defined]
        return False


def test_opening_an_article_paints_its_span_list_once_and_moves_no_row(qtbot, window, ui_db) -> None:  # type: ignore[no-untyped-def]
    """The list's scroll bar is there before the spans arrive: a bar that appeared with them
    narrowed the rows under the pointer and painted the list a second time on every open."""
    from annotator.services import annotate as an

    w = window
    c, spans = w.coding.controller, w.coding.spans_view
    plain, arabic = ui_db["ids"]["plain"], ui_db["ids"]["arabic"]
    ref = an.SetRef(plain, "tester")
    words = [i for i, ch in enumerate(PLAIN_TEXT_WORDS) if ch == " "]
    for start in [0, *(i + 1 for i in words)][:12]:  # more rows than the list shows
        end = PLAIN_TEXT_WORDS.find(" ", start)
        an.apply(w.project, an.AddSpan(ref, start, end if end != -1 else len(PLAIN_TEXT_WORDS), "actor"))
    c.open_article(arabic)  # no spans: the list is empty
    qtbot.wait(100)
    width = spans.viewport().width()
    paints = Paints()
    spans.viewport().installEventFilter(paints)
    try:
        c.open_article(plain)
        qtbot.waitUntil(lambda: len(c.spans) == 12 and not c.loading, timeout=5000)
        qtbot.wait(200)  # everything the open made due has run
    finally:
        spans.viewport().removeEventFilter(paints)
    assert spans.verticalScrollBar().maximum() > 0  # the rows do not all fit
    assert paints.widths == [width]
