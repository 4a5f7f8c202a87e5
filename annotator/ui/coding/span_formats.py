"""Colouring coded spans in the article view, one block at a time and only when a block is painted.

Spans live outside the document, in a code-point ``SpanIndex``. Just before the view paints, each
visible block that has not been formatted since its spans last changed gets its formats through
``QTextLayout.setFormats`` (as Qt Creator and calibre do). Opening an article therefore formats
one screenful, not 4,000 paragraphs, and tagging a span re-formats the blocks it touches. The
document itself never holds formats, so it has no format undo history and no memory growth.

Overlapping and nested spans stay visible: each stretch of text is tinted with its innermost
span's colour, more strongly the deeper it is nested, and underlined in the colour of the span
around it, so both edges of both spans can be seen.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from annotator.domain.offsets import TextOffsets, Utf16Index
from annotator.domain.span_index import SpanIndex, SpanLike
from annotator.ui.common.theme import Theme, blend

if TYPE_CHECKING:
    from collections.abc import Sequence

    from PySide6.QtGui import QColor, QTextBlock, QTextCharFormat, QTextDocument, QTextLayout
    from PySide6.QtWidgets import QPlainTextEdit

# The Qt text classes are imported where first used: none is needed to paint the first window.


class SpanFormatter:
    def __init__(self, document: QTextDocument) -> None:
        self._doc = document
        self._index = SpanIndex()
        self._u16: TextOffsets = Utf16Index("")
        self._done: set[int] = set()  # block numbers whose formats match the index
        self._colours: dict[str, str] = {}
        self._theme: Theme | None = None
        self._cache: dict[tuple[str, ...], QTextCharFormat] = {}

    def set_document(self, document: QTextDocument) -> None:
        """Format this document's blocks from now on (the view shows another one)."""
        self._doc = document
        self._done.clear()

    def reset(self, index: SpanIndex, u16: TextOffsets) -> None:
        self._index = index
        self._u16 = u16
        self._done.clear()

    def set_colours(self, colours: dict[str, str], theme: Theme) -> None:
        self._colours = dict(colours)
        self._theme = theme
        self._cache.clear()
        self._done.clear()

    def colour(self, label: str) -> QColor:
        from PySide6.QtGui import QColor

        return QColor(self._colours.get(label, "#888888"))

    # ---- keeping blocks up to date

    def ensure_shown(self, view: QPlainTextEdit, bottom: int) -> None:
        """Format the blocks of ``view`` from its first visible one down to ``bottom`` (viewport
        pixels): the ones about to be painted, and only those whose spans changed since."""
        block = view.firstVisibleBlock()
        offset = view.contentOffset()
        while block.isValid():
            self.ensure(block)
            if view.blockBoundingGeometry(block).translated(offset).top() > bottom:
                break
            block = block.next()

    def ensure(self, block: QTextBlock) -> None:
        """Give ``block`` its span formats if it does not have the current ones."""
        number = block.blockNumber()
        if number in self._done:
            return
        self._done.add(number)
        block.layout().setFormats(self.ranges_for(block))

    def invalidate(self, cp_start: int, cp_end: int) -> None:
        """Blocks touching [cp_start, cp_end) need new formats (they get them when next painted)."""
        first = self._doc.findBlock(self._u16.to_utf16(cp_start))
        last = self._doc.findBlock(self._u16.to_utf16(max(cp_start, cp_end - 1)))
        if not first.isValid():
            return
        for number in range(first.blockNumber(), (last.blockNumber() if last.isValid() else first.blockNumber()) + 1):
            self._done.discard(number)

    # ---- formats of one block

    def ranges_for(self, block: QTextBlock) -> list[QTextLayout.FormatRange]:
        from PySide6.QtGui import QTextLayout

        pos = block.position()
        length = block.length() - 1  # without the paragraph separator
        if length <= 0 or not len(self._index):
            return []
        u16 = self._u16
        a, b = u16.to_cp(pos), u16.to_cp(pos + length)
        spans = self._index.overlapping(a, b)
        if not spans:
            return []
        out: list[QTextLayout.FormatRange] = []
        for seg_start, seg_end, covering in _segments(spans, a, b):
            fmt = self._format([s.label for s in covering])
            r = QTextLayout.FormatRange()
            r.start = u16.to_utf16(seg_start) - pos
            r.length = u16.to_utf16(seg_end) - pos - r.start
            r.format = fmt
            out.append(r)
        return out

    def _format(self, labels: list[str]) -> QTextCharFormat:
        """Labels covering a stretch, outermost first."""
        key = tuple(labels)
        fmt = self._cache.get(key)
        if fmt is None:
            from PySide6.QtGui import QColor, QTextCharFormat

            theme = self._theme
            assert theme is not None, "set_colours() first"
            depth = min(len(labels), 3)
            inner = self._colours.get(labels[-1], "#888888")
            fmt = QTextCharFormat()
            fmt.setBackground(blend(inner, theme.base, theme.tints[depth - 1]))
            if len(labels) > 1:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
                fmt.setUnderlineColor(QColor(self._colours.get(labels[-2], "#888888")))
            self._cache[key] = fmt
        return fmt


def _segments(spans: Sequence[SpanLike], a: int, b: int) -> list[tuple[int, int, list[SpanLike]]]:
    """Cut [a, b) at every span edge; each piece with the spans covering it, outermost first."""
    cuts = {a, b}
    for s in spans:
        cuts.add(min(max(s.start, a), b))
        cuts.add(min(max(s.end, a), b))
    points = sorted(cuts)
    out = []
    for lo, hi in itertools.pairwise(points):
        covering = [s for s in spans if s.start <= lo and s.end >= hi]
        if covering:
            covering.sort(key=lambda s: (-(s.end - s.start), s.start, s.key))
            out.append((lo, hi, covering))
    return out
