"""The article text: read, select, tag with one key, click spans. The only place that sees UTF-16.

Qt counts positions in UTF-16 units; everything outside this widget counts code points. All
conversion happens here through ``Utf16Index``: selections leave as code points, spans arrive as
code points. With ``reflow`` on, the text is shown with hard-wrapped lines joined into paragraphs
(``domain.reflow``): the same conversion then also maps between the shown and the stored text, so
selections and spans keep referring to the stored text. The text itself is read-only; spans are
painted by ``SpanFormatter`` and the selected span and evidence under the mouse are outlined on top
of the text after Qt has painted it. Other layers (suggestions) paint over the text through
``add_overlay``.

The view shows the span index the coding controller owns; it never changes it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QTextOption
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QWidget

from annotator.domain.offsets import TextOffsets, Utf16Index
from annotator.domain.span_index import Span, SpanIndex, SpanLike
from annotator.ui.coding.kept_documents import KeptDocument, KeptDocuments
from annotator.ui.coding.prepared_text import PreparedText
from annotator.ui.coding.span_formats import SpanFormatter
from annotator.ui.common.bidi import is_rtl
from annotator.ui.common.theme import LIGHT, Theme

if TYPE_CHECKING:
    from PySide6.QtGui import (
        QContextMenuEvent,
        QKeyEvent,
        QMouseEvent,
        QPainter,
        QPaintEvent,
        QPen,
        QTextBlock,
        QTextDocument,
    )

# Qt classes used only once an article is open are imported where used, so the first window
# paints without creating them (PySide6 builds each class on first use).

_NO_OFFSETS = Utf16Index("")  # the formatter's, while the text has no spans (it needs none then)
# Inside a word, between two of its letters, these join rather than split: "Al-Malikiyah",
# "commander's", "O’Brien", Persian words with a zero-width non-joiner.
_WORD_JOINERS = frozenset("-\u2010\u2011'\u2019\u02bc\u200c\u200d")
DOCUMENT_MARGIN = 18
FILL_LATER = 100_000  # characters: a longer text may be put in by the event loop (``load``)
_DIRECTIONS_NOW = 200_000  # characters: scan shorter texts for right-to-left paragraphs at once


class Overlay(Protocol):
    """Something painted over the text after Qt has drawn it (and before the span outlines)."""

    def paint_over(self, e: QPaintEvent) -> None: ...


class ArticleView(QPlainTextEdit):
    tagRequested = Signal(str)  # a label's key was pressed
    deleteRequested = Signal()  # Delete or Backspace with a span selected
    spanSelected = Signal(object)  # span key, or None when nothing is selected
    # A span clicked, and the widget that had the focus before the click (a form field: link it).
    spanClicked = Signal(str, object)
    contextRequested = Signal(QPoint, object)  # global position, code-point offset under the mouse
    helpRequested = Signal()  # "?" pressed in the text
    _fill = Signal(str)  # a long text, put in by Qt alone (``load``)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleView")
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setUndoRedoEnabled(False)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.document().setDocumentMargin(DOCUMENT_MARGIN)
        self.setCursorWidth(2)
        self.formatter = SpanFormatter(self.document())
        self._documents = KeptDocuments()
        self.text = ""  # the stored text (what offsets count), whether or not it is shown reflowed
        self._shown = ""  # the text in the widget: the stored one, or it reflowed
        self._u16: TextOffsets | None = Utf16Index("")
        self.reflow = False
        self.index = SpanIndex()
        self.selected: str | None = None
        self.hover_keys: tuple[str, ...] = ()
        self.label_keys: dict[str, str] = {}  # key character -> label name
        self.snap_to_words = False
        self._overlays: list[Overlay] = []
        self._theme = LIGHT
        self._press_from: QWidget | None = None  # the widget that had the focus before the press
        self._press_pos: QPoint | None = None
        # The widget that had the focus just before the text took it (None once used or stale).
        self._focus_before: QWidget | None = None
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
        self._base_point_size = self.font().pointSizeF()
        self.zoom_steps = 0
        self._filling: QTextDocument | None = None  # a document whose text is yet to be put in
        self._fill.connect(self.setPlainText, Qt.ConnectionType.QueuedConnection)

    # ---- loading

    def load(
        self,
        text: str,
        index: SpanIndex | None = None,
        u16: Utf16Index | None = None,
        prepared: PreparedText | None = None,
        *,
        fill_later: bool = False,
    ) -> None:
        """Show an article's text (reflowed if ``reflow``), with its spans (code points over ``text``)
        if they are known; without them it shows none until ``set_spans``. ``u16``: the text's
        UTF-16 offsets, if already worked out (otherwise they are, when first needed).

        Each text is shown in a document of its own, and the last few are kept: showing one of them
        again (the same text object, ``KeptDocuments``) sets its document rather than putting the
        text in again. ``prepared``: what handing ``text`` to Qt takes, worked out off the GUI
        thread (``PreparedText``); otherwise it is worked out here.

        ``fill_later``: a long text is put in by Qt on its own, from the event loop, just after
        this returns, for a caller that reads something on another thread meanwhile (the coder's
        annotations): Qt then holds no Python lock, where for a call made from Python PySide keeps
        it (filling a 1.5 MB document that way stopped every other thread for 20 ms). Until then
        the document is empty; ``finish_filling`` fills it at once, as anything that needs the
        spans does (``set_spans``)."""
        self.finish_filling()
        self.text = text
        if prepared is not None and prepared.text is not text:
            prepared = None
        kept = self._documents.find(text, self.reflow)
        fresh = kept is None
        units = ""  # (the text to put in a new document, as handed to Qt)
        if kept is None:
            kept, prepared = self._new_document(text, prepared)
            units = prepared.units
        if u16 is None and prepared is not None and prepared.text is text:  # (not of a reflowed text)
            u16 = prepared.offsets
        self._u16 = kept.offsets if kept.offsets is not None else u16
        self._shown = kept.shown
        self.index = index if index is not None else SpanIndex((), self.text)
        self.selected = None
        self.hover_keys = ()
        self.formatter.reset(self.index, self.u16 if len(self.index) else _NO_OFFSETS)
        document = kept.document
        if document.defaultFont() != self.font():  # (zoomed while another text was shown)
            document.setDefaultFont(self.font())
        if document is not self.document():
            self.setDocument(document)
            self.formatter.set_document(document)
        if fresh:
            # Into the document once it is the view's (empty, setting it cost nothing; filled
            # first, setting it lays every line out again, 4 ms more on a 1.5 MB text). A short
            # text straight in, as QPlainTextEdit.setPlainText adds cursor and signal work.
            if fill_later and len(units) >= FILL_LATER:
                self._filling = document
                self._fill.emit(units)  # (to QPlainTextEdit.setPlainText, a slot of Qt's own)
            else:
                document.setPlainText(units)
        self._documents.keep(kept)
        if self.textCursor().position() or self.textCursor().hasSelection():
            cursor = self.textCursor()
            cursor.setPosition(0)
            self.setTextCursor(cursor)
        for bar in (self.verticalScrollBar(), self.horizontalScrollBar()):
            if bar.value():
                bar.setValue(0)
        if kept.directions_set:
            return
        if len(kept.shown) < _DIRECTIONS_NOW:
            self._set_directions(kept)
        else:
            # A very long text appears first; its right-to-left paragraphs are aligned a moment later.
            QTimer.singleShot(0, lambda k=kept: self._set_directions(k) if self.document() is k.document else None)

    def finish_filling(self) -> None:
        """Put in now the long text ``load`` left for Qt's event loop, if it is still waiting."""
        if self._filling is not None:
            if self._filling.isEmpty():
                from PySide6.QtCore import QCoreApplication

                QCoreApplication.sendPostedEvents(self, QEvent.Type.MetaCall)
            self._filling = None

    def _new_document(self, text: str, prepared: PreparedText | None) -> tuple[KeptDocument, PreparedText]:
        """An empty document for ``text`` (as shown: reflowed if ``reflow``), set up as the view's,
        and the text to put in it, made ready (``prepared`` if given and not reflowed)."""
        from PySide6.QtGui import QTextDocument
        from PySide6.QtWidgets import QPlainTextDocumentLayout

        shown, offsets = text, None
        if self.reflow:
            from annotator.domain.reflow import ReflowedOffsets, ReflowMap

            offsets = ReflowedOffsets(ReflowMap(text))
            shown = offsets.map.text
            prepared = None
        if prepared is None:
            prepared = PreparedText.of(shown)
        document = QTextDocument(self)
        document.setDocumentLayout(QPlainTextDocumentLayout(document))
        document.setUndoRedoEnabled(False)  # read-only: an undo history would only hold memory
        document.setDocumentMargin(DOCUMENT_MARGIN)
        document.setDefaultFont(self.font())
        kept = KeptDocument(text, self.reflow, shown, offsets, document, directions_set=not prepared.may_rtl)
        return kept, prepared

    def set_spans(self, index: SpanIndex, u16: Utf16Index | None = None) -> None:
        """The spans of the text shown (read after it): every block is formatted afresh when next
        painted."""
        self.finish_filling()
        if u16 is not None and not self.reflow:  # (reflowed, the offsets are the reflow map's)
            self._u16 = u16
        self.index = index
        self.selected = None
        self.hover_keys = ()
        self.formatter.reset(index, self.u16)
        self.viewport().update()

    @property
    def u16(self) -> TextOffsets:
        """The shown text's UTF-16 offsets (Qt's positions), worked out on first use."""
        if self._u16 is None:
            self._u16 = Utf16Index(self.text)
        return self._u16

    def _set_directions(self, kept: KeptDocument) -> None:
        self.finish_filling()  # (the paragraphs must be in)
        if not kept.directions_set:
            kept.directions_set = True
            align_rtl_paragraphs(kept.document)

    def set_reflow(self, on: bool) -> None:
        """Show hard-wrapped lines joined into paragraphs (or the text as stored); keeps the selected span."""
        if on == self.reflow:
            return
        self.reflow = on
        selected = self.selected
        self.load(self.text, self.index)
        # The spans are known (tags may follow at once): format with the new layout's offsets.
        self.formatter.reset(self.index, self.u16)
        if selected is not None:
            self.select_span(selected)

    @property
    def theme(self) -> Theme:
        return self._theme

    def add_overlay(self, overlay: Overlay) -> None:
        self._overlays.append(overlay)

    def set_theme(self, theme: Theme, colours: dict[str, str]) -> None:
        self._theme = theme
        self.formatter.set_colours(colours, theme)
        self.viewport().update()

    # ---- spans changing

    def invalidate(self, ranges: Sequence[tuple[int, int]]) -> None:
        """Spans changed in these stretches of text (code points): format them afresh when painted."""
        for cp_start, cp_end in ranges:
            self.formatter.invalidate(cp_start, cp_end)
            self.update_cp(cp_start, cp_end)

    def update_cp(self, cp_start: int, cp_end: int) -> None:
        """Repaint the lines on screen that hold [cp_start, cp_end) (code points), not the whole
        view: with thousands of spans a full repaint is most of a tag's cost. Span formats change
        colours and underlines only, never line breaks, so the lines stay where they are."""
        start, end = self.u16.to_utf16(cp_start), self.u16.to_utf16(max(cp_start + 1, cp_end))
        block = self.document().findBlock(start)
        offset = self.contentOffset()
        viewport = self.viewport()
        width, height = viewport.width(), viewport.height()
        while block.isValid() and block.position() < end:
            geometry = self.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > height:
                break
            if geometry.bottom() >= 0:
                # Whole lines, a little taller: outlines and dashed marks stray past the line box.
                for rect in _line_rects(block, geometry.topLeft(), start, end):
                    viewport.update(0, int(rect.top()) - 3, width, int(rect.height()) + 6)
            block = block.next()

    def _update_span(self, key: str | None) -> None:
        span = self.index.get(key) if key is not None else None
        if span is not None:
            self.update_cp(span.start, span.end)

    def select_span(self, key: str | None, *, reveal: bool = True) -> None:
        """Select a span (None: none). A selected span replaces any selected text."""
        if key is not None and key not in self.index:
            key = None
        changed = key != self.selected
        old, self.selected = self.selected, key
        if key is not None and not reveal and self.textCursor().hasSelection():
            self.clear_selection()
        if key is not None and reveal:
            span = self.index.get(key)
            assert span is not None
            cursor = self.textCursor()
            cursor.setPosition(self.u16.to_utf16(span.start))
            self.setTextCursor(cursor)
            self.ensureCursorVisible()
        # The old outline goes and the new one comes: only their lines (a scroll repaints anyway).
        self._update_span(old)
        self._update_span(key)
        if changed:
            self.spanSelected.emit(key)

    def set_hover(self, keys: Sequence[str]) -> None:
        keys = tuple(k for k in keys if k in self.index)
        if keys != self.hover_keys:
            self.hover_keys = keys
            self.viewport().update()

    # ---- selections in code points

    def selection_cp(self) -> tuple[int, int] | None:
        """The selected text's offsets in code points, trimmed of spaces (and widened to whole words
        when snapping is on); None when nothing but space is selected."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start = self.u16.to_cp(cursor.selectionStart())
        end = self.u16.to_cp_end(cursor.selectionEnd())
        return trim_selection(self.text, start, end, snap=self.snap_to_words)

    def clear_selection(self) -> None:
        cursor = self.textCursor()
        cursor.clearSelection()
        self.setTextCursor(cursor)

    def cursor_cp(self) -> int:
        return self.u16.to_cp(self.textCursor().position())

    def cp_at(self, point: QPoint) -> int | None:
        """The code point under a viewport position (None past the end of a line)."""
        cursor = self.cursorForPosition(point)
        pos = cursor.position()
        block = cursor.block()
        rect = self.cursorRect(cursor)
        rtl = block.layout().textOption().textDirection() == Qt.LayoutDirection.RightToLeft or (
            block.blockFormat().layoutDirection() == Qt.LayoutDirection.RightToLeft
        )
        before = point.x() > rect.x() if rtl else point.x() < rect.x()
        if before and pos > block.position():
            pos -= 1
        if pos >= block.position() + block.length() - 1:
            pos -= 1
        if pos < block.position():
            return None
        return self.u16.to_cp(pos)

    def spans_at_point(self, point: QPoint) -> list[Span]:
        cp = self.cp_at(point)
        return [] if cp is None else self.index.at(cp)

    # ---- zoom

    def set_zoom(self, steps: int) -> None:
        self.zoom_steps = max(-6, min(12, steps))
        font = QFont(self.font())
        font.setPointSizeF(max(6.0, self._base_point_size + self.zoom_steps))
        self.setFont(font)

    def set_base_font(self, font: QFont) -> None:
        self._base_point_size = font.pointSizeF()
        self.setFont(font)
        self.set_zoom(self.zoom_steps)

    # ---- input

    def keyPressEvent(self, e: QKeyEvent) -> None:
        self._focus_before = None
        mods = e.modifiers() & ~(Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier)
        key = e.key()
        if mods == Qt.KeyboardModifier.NoModifier:
            text = e.text().lower()
            if text and text in self.label_keys:
                self.tagRequested.emit(self.label_keys[text])
                e.accept()
                return
            if text == "?":
                self.helpRequested.emit()
                e.accept()
                return
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.selected is not None:
                self.deleteRequested.emit()
                e.accept()
                return
            if key in (Qt.Key.Key_BracketRight, Qt.Key.Key_BracketLeft):
                step = 1 if key == Qt.Key.Key_BracketRight else -1
                # Step from the selected span, unless the cursor has since moved away from it.
                here = self.cursor_cp()
                span = self.index.get(self.selected) if self.selected else None
                start_key = span.key if span is not None and span.start <= here <= span.end else None
                found = self.index.neighbour(start_key, here, step)
                if found is not None:
                    self.select_span(found.key)
                e.accept()
                return
            if key == Qt.Key.Key_Escape:
                self.clear_selection()
                self.select_span(None, reveal=False)
                e.accept()
                return
        super().keyPressEvent(e)

    def _focus_changed(self, old: QWidget | None, now: QWidget | None) -> None:
        if now is self or now is self.viewport():
            self._focus_before = old
        elif now is not None:
            self._focus_before = None

    def mousePressEvent(self, e: QMouseEvent) -> None:
        # Which widget had the focus until this click moved it here? (A form field: the click on a
        # span links it there too.) Qt moves the focus before the press reaches us, so the
        # focus-change signal remembered where it came from.
        self._press_from = self._focus_before
        self._focus_before = None
        self._press_pos = e.position().toPoint()
        super().mousePressEvent(e)

    def mouseReleaseEvent(self, e: QMouseEvent) -> None:
        super().mouseReleaseEvent(e)
        if e.button() != Qt.MouseButton.LeftButton or self.textCursor().hasSelection():
            return
        point = e.position().toPoint()
        if self._press_pos is not None and (point - self._press_pos).manhattanLength() > 4:
            return
        found = self.spans_at_point(point)
        if not found:
            self.select_span(None, reveal=False)
            return
        keys = [s.key for s in found]
        # A second click on the same place steps outwards through the spans stacked there.
        key = keys[(keys.index(self.selected) + 1) % len(keys)] if self.selected in keys else keys[0]
        self.select_span(key, reveal=False)
        self.spanClicked.emit(key, self._press_from)

    def mouseDoubleClickEvent(self, e: QMouseEvent) -> None:
        # Qt's own double click (kept for its triple-click timing) breaks words at hyphens and
        # apostrophes: "Al-Malikiyah" gave "Malikiyah". Widen its selection to the whole word,
        # found in code points and handed back to Qt in UTF-16 units.
        super().mouseDoubleClickEvent(e)
        if e.button() != Qt.MouseButton.LeftButton:
            return
        cp = self.cp_at(e.position().toPoint())
        word = None if cp is None else word_at(self.text, cp)
        if word is None:
            return
        from PySide6.QtGui import QTextCursor

        cursor = self.textCursor()
        cursor.setPosition(self.u16.to_utf16(word[0]))
        cursor.setPosition(self.u16.to_utf16(word[1]), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def contextMenuEvent(self, e: QContextMenuEvent) -> None:
        cp = self.cp_at(e.pos())
        if cp is not None and not self.textCursor().hasSelection():
            found = self.index.at(cp)
            if found and self.selected not in [s.key for s in found]:
                self.select_span(found[0].key, reveal=False)
        self.contextRequested.emit(e.globalPos(), cp)

    def viewportEvent(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ToolTip:
            from PySide6.QtWidgets import QToolTip

            point = e.pos()  # type: ignore[attr-defined]
            found = self.spans_at_point(point)
            if found:
                lines = [f"{s.label}: {s.text[:80]}" for s in found]
                QToolTip.showText(e.globalPos(), "\n".join(lines), self.viewport())  # type: ignore[attr-defined]
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(e)

    # ---- painting

    def paintEvent(self, e: QPaintEvent) -> None:
        # Format the blocks about to be painted (only those whose spans changed since last time).
        self.formatter.ensure_shown(self, e.rect().bottom())
        super().paintEvent(e)
        for overlay in self._overlays:
            overlay.paint_over(e)
        if self.selected is None and not self.hover_keys:
            return
        from PySide6.QtGui import QColor, QPainter, QPen

        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for key in self.hover_keys:
            span = self.index.get(key)
            if span is not None:
                pen = QPen(QColor(self._theme.accent), 1.6, Qt.PenStyle.DashLine)
                self._outline(painter, span, pen)
        if self.selected is not None:
            span = self.index.get(self.selected)
            if span is not None:
                colour = self.formatter.colour(span.label)
                colour = colour.lighter(135) if self._theme.dark else colour.darker(115)
                self._outline(painter, span, QPen(colour, 2.0))
        painter.end()

    def _outline(self, painter: QPainter, span: SpanLike, pen: QPen) -> None:
        painter.setPen(pen)
        for rect in self.span_rects(span):
            painter.drawRoundedRect(rect.adjusted(-1.5, -0.5, 1.5, 0.5), 3, 3)

    def span_rects(self, span: SpanLike) -> list[QRectF]:
        """Viewport rectangles of a span, one per visual line it covers (visible lines only)."""
        start, end = self.u16.to_utf16(span.start), self.u16.to_utf16(span.end)
        doc = self.document()
        block = doc.findBlock(start)
        offset = self.contentOffset()
        height = self.viewport().height()
        rects: list[QRectF] = []
        while block.isValid() and block.position() < end:
            geometry = self.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > height:
                break
            if geometry.bottom() >= 0:
                rects.extend(_line_rects(block, geometry.topLeft(), start, end))
            block = block.next()
        return rects


def _line_rects(block: QTextBlock, origin: QPointF, start: int, end: int) -> list[QRectF]:
    layout = block.layout()
    pos = block.position()
    lo, hi = max(start, pos) - pos, min(end, pos + block.length() - 1) - pos
    out = []
    base = origin + layout.position()
    for i in range(layout.lineCount()):
        line = layout.lineAt(i)
        a, b = max(lo, line.textStart()), min(hi, line.textStart() + line.textLength())
        if a >= b:
            continue
        x1, x2 = _x(line, a), _x(line, b)
        left, right = min(x1, x2), max(x1, x2)
        out.append(QRectF(base.x() + left, base.y() + line.y(), right - left, line.height()))
    return out


def _x(line: object, pos: int) -> float:
    value = line.cursorToX(pos)  # type: ignore[attr-defined]
    return float(value[0] if isinstance(value, tuple) else value)


def trim_selection(text: str, start: int, end: int, *, snap: bool) -> tuple[int, int] | None:
    """Drop spaces at the edges of a selection; with ``snap``, widen it to whole words."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    if snap:
        while start > 0 and in_word(text, start - 1) and in_word(text, start):
            start -= 1
        while end < len(text) and in_word(text, end) and in_word(text, end - 1):
            end += 1
    return start, end


def _word_char(ch: str) -> bool:
    # Letters and digits of any script, and combining marks (Arabic vowel signs and shadda are
    # marks, not letters: a word with "ّ" in it is still one word).
    return ch.isalnum() or ch == "_" or unicodedata.category(ch).startswith("M")


def in_word(text: str, i: int) -> bool:
    """Whether the code point ``text[i]`` belongs to a word: a letter, digit or mark, or a hyphen
    or apostrophe with word characters on both sides."""
    ch = text[i]
    if _word_char(ch):
        return True
    return ch in _WORD_JOINERS and 0 < i < len(text) - 1 and _word_char(text[i - 1]) and _word_char(text[i + 1])


def word_at(text: str, cp: int) -> tuple[int, int] | None:
    """The whole word around code point ``cp``, in code points; None when ``cp`` is not in a word
    (a space, punctuation, an emoji)."""
    if not 0 <= cp < len(text) or not in_word(text, cp):
        return None
    start, end = cp, cp + 1
    while start > 0 and in_word(text, start - 1):
        start -= 1
    while end < len(text) and in_word(text, end):
        end += 1
    return start, end


def align_rtl_paragraphs(document: QTextDocument) -> None:
    """Right-to-left paragraphs run and align right, left-to-right ones left. (The review
    screen's text uses it too.)

    QPlainTextEdit lays every block out with the document's default text option and ignores a
    block's own alignment, and a left-aligned option stays left in an Arabic paragraph: its last
    wrapped line sat at the left edge. Justified is the one default that follows each
    paragraph's direction: Qt aligns the unjustified last line of a right-to-left paragraph
    right (and of a left-to-right one left). So a text with right-to-left paragraphs is shown
    justified; a text without them keeps the plain left alignment (``reset_alignment``).
    The block format's direction is kept for ``ArticleView.cp_at``."""
    from PySide6.QtGui import QTextCursor

    cursor = QTextCursor(document)
    block = document.begin()
    found = False
    while block.isValid():
        if is_rtl(block.text()):
            found = True
            cursor.setPosition(block.position())
            fmt = block.blockFormat()
            fmt.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
            cursor.setBlockFormat(fmt)
        block = block.next()
    if found:
        _set_alignment(document, Qt.AlignmentFlag.AlignJustify)


def reset_alignment(document: QTextDocument) -> None:
    """Plain left alignment, for a text loaded after one with right-to-left paragraphs."""
    _set_alignment(document, Qt.AlignmentFlag.AlignLeft)


def _set_alignment(document: QTextDocument, alignment: Qt.AlignmentFlag) -> None:
    option = document.defaultTextOption()
    if option.alignment() != alignment:  # setting it lays the whole document out again
        option.setAlignment(alignment)
        document.setDefaultTextOption(option)
