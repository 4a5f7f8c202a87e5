"""What the article is: title, then source, date and link, above its text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from annotator.ui.coding.article_list import STATUS_TEXT
from annotator.ui.common.bidi import LRM, is_rtl, isolate

if TYPE_CHECKING:
    from annotator.services.workspace import ArticleDoc


SEPARATOR = "&nbsp;· "


class ArticleHeader(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleHeader")
        self.title = QLabel("")
        self.title.setObjectName("articleTitle")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.meta = QLabel("")
        self.meta.setObjectName("articleMeta")
        self.meta.setTextFormat(Qt.TextFormat.RichText)
        self.meta.setOpenExternalLinks(True)
        self.meta.setWordWrap(True)
        # The status has its own label, as wide as the widest status, beside the meta line: were it
        # part of the wrapped meta text, "Not started" could wrap to a second line where "Done" fits
        # on one, and marking an article done would make the text below jump.
        self.status = QLabel("")
        self.status.setObjectName("articleStatus")
        bold = self.status.font()
        bold.setBold(True)
        self.status.setFont(bold)
        self.status.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        widest = max(self.status.fontMetrics().horizontalAdvance(s) for s in STATUS_TEXT.values())
        self.status.setFixedWidth(widest + 4)
        meta_row = QHBoxLayout()
        meta_row.setContentsMargins(0, 0, 0, 0)
        meta_row.setSpacing(12)
        meta_row.addWidget(self.meta, 1)
        meta_row.addWidget(self.status, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(3)
        layout.addWidget(self.title)
        layout.addLayout(meta_row)
        self.show_article(None)

    def show_article(self, doc: ArticleDoc | None, status: str = "") -> None:
        self.status.setText(status)
        if doc is None:
            self.title.setText("No article open")
            self.meta.setText(
                "<span style='opacity:.7'>Pick one in the list (Ctrl+1), or Ctrl+J for the next one to code.</span>"
            )
            return
        self.title.setText(doc.title or doc.external_id)
        rtl = is_rtl(doc.title)
        self.title.setLayoutDirection(Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)
        self.title.setAlignment(
            (Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft) | Qt.AlignmentFlag.AlignAbsolute
        )
        # The meta line reads left to right with each piece isolated, so an Arabic source name
        # cannot turn "2024-07-03" into "03-07-2024" beside it.
        parts = [isolate(escape(p)) for p in (doc.source, doc.published.isoformat() if doc.published else "") if p]
        if doc.url:
            parts.append(f"<a href='{escape(doc.url, quote=True)}'>{escape(_short_url(doc.url))}</a>")
        parts.append(escape(doc.external_id))
        if doc.language:
            parts.append(escape(doc.language))
        # A no-break space ties each "·" to the piece before it: a wrapped line ends in "·" and
        # the next starts with a piece, never with a stray "· en".
        self.meta.setText(LRM + SEPARATOR.join(parts))


def escape(text: str, quote: bool = False) -> str:
    """HTML-escape for the meta line (html.escape costs a module import at start-up)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;").replace("'", "&#x27;") if quote else text


def _short_url(url: str) -> str:
    bare = url.split("://", 1)[-1]
    return bare if len(bare) <= 48 else bare[:45] + "…"
