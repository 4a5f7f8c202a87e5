"""Arabic paragraphs that wrap align right on every line, in the coding and the review text.

QPlainTextEdit ignores a block's own alignment, so a wrapped Arabic paragraph used to end with
its last line at the left edge; these tests measure where Qt lays each line out.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit

ARABIC = (
    "اعتقلت قوات الأمن يوم الاثنين خمسة ناشطين في حي بري بالخرطوم، بعد احتجاج على انقطاع "
    "الكهرباء المتكرر، بحسب ما قال أقارب المعتقلين."
)
ENGLISH = "Residents said power cuts in Khartoum have lasted up to twenty hours a day since June."


def _lines(view: QPlainTextEdit, number: int) -> list[tuple[float, float]]:
    """(left, right) of each laid-out line of block ``number``, in the block's coordinates."""
    block = view.document().findBlockByNumber(number)
    view.blockBoundingRect(block)  # lays the block out
    layout = block.layout()
    rects = [layout.lineAt(i).naturalTextRect() for i in range(layout.lineCount())]
    return [(r.left(), r.right()) for r in rects]


def _views() -> list[QPlainTextEdit]:
    from annotator.ui.coding.article_view import ArticleView
    from annotator.ui.review.text_view import ReviewTextView

    return [ArticleView(), ReviewTextView()]


@pytest.mark.parametrize("which", [0, 1], ids=["coding", "review"])
def test_wrapped_arabic_paragraph_ends_at_the_right_edge(qtbot: Any, which: int) -> None:
    view = _views()[which]
    qtbot.addWidget(view)
    view.resize(420, 400)
    view.show()
    view.load(f"{ARABIC}\n{ENGLISH}", [] if which else view.index)  # type: ignore[attr-defined]
    arabic, english = _lines(view, 0), _lines(view, 1)
    assert len(arabic) >= 2 and len(english) >= 2  # both wrap at this width
    (_, first_right), (last_left, last_right) = arabic[0], arabic[-1]
    assert abs(last_right - first_right) < 2  # the short last line sits at the right edge
    assert last_left > arabic[0][0] + 20  # ... not at the left
    assert abs(english[-1][0] - english[0][0]) < 1  # the English paragraph still starts at the left


def test_an_english_article_after_an_arabic_one_is_left_aligned_again(qtbot: Any) -> None:
    from annotator.domain.span_index import SpanIndex
    from annotator.ui.coding.article_view import ArticleView

    view = ArticleView()
    qtbot.addWidget(view)
    view.resize(420, 400)
    view.show()
    view.load(ARABIC, SpanIndex())
    assert view.document().defaultTextOption().alignment() == Qt.AlignmentFlag.AlignJustify
    view.load(f"{ENGLISH} {ENGLISH}", SpanIndex())
    assert view.document().defaultTextOption().alignment() == Qt.AlignmentFlag.AlignLeft
    lines = _lines(view, 0)
    first_width = lines[0][1] - lines[0][0]
    assert len(lines) >= 2 and first_width < view.viewport().width() - 2 * 18 - 1  # ragged, not stretched
