"""The article with every coder's spans merged into marks coloured by state.

Built on the coding screen's ``SpanFormatter`` (per-block formats on a QPlainTextEdit, formatted
when painted): each position is a "span" whose label is its state, so 30,000 marks cost what the
blocks on screen cost, not what the article holds.
"""

from __future__ import annotations

from PySide6.QtGui import QPaintEvent, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from annotator.domain.adjudication.spans import SpanPosition
from annotator.domain.offsets import Utf16Index
from annotator.domain.span_index import SpanIndex
from annotator.domain.text_shape import may_contain_rtl
from annotator.ui.coding.article_view import align_rtl_paragraphs, reset_alignment
from annotator.ui.coding.span_formats import SpanFormatter
from annotator.ui.common.theme import LIGHT, Theme
from annotator.ui.review.states import STATE_COLOURS


class ReviewTextView(QPlainTextEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewText")
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.document().setDocumentMargin(18)
        self.formatter = SpanFormatter(self.document())
        self.u16 = Utf16Index("")
        self.formatter.set_colours(STATE_COLOURS, LIGHT)

    def set_theme(self, theme: Theme) -> None:
        self.formatter.set_colours(STATE_COLOURS, theme)
        self.viewport().update()

    def load(self, text: str, positions: list[SpanPosition]) -> None:
        self.u16 = Utf16Index(text)
        self.formatter.reset(self._index(positions, text), self.u16)
        reset_alignment(self.document())
        self.document().setPlainText(text)
        if may_contain_rtl(text):
            align_rtl_paragraphs(self.document())  # Arabic paragraphs run and align right, as when coding

    def update_marks(self, positions: list[SpanPosition], text: str) -> None:
        """New states on the same text: every block is formatted again when next painted."""
        self.formatter.reset(self._index(positions, text), self.u16)
        self.viewport().update()

    @staticmethod
    def _index(positions: list[SpanPosition], text: str) -> SpanIndex:
        return SpanIndex(((str(i), p.start, p.end, p.state.value) for i, p in enumerate(positions)), text)

    def show_position(self, p: SpanPosition) -> None:
        """Select the position's text and scroll to it (code points to Qt's UTF-16 here)."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.u16.to_utf16(p.start))
        cursor.setPosition(self.u16.to_utf16(p.end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def paintEvent(self, e: QPaintEvent) -> None:
        self.formatter.ensure_shown(self, e.rect().bottom())
        super().paintEvent(e)
