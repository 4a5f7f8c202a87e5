"""What the article is: title, then source, date and link, above its text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from annotator.ui.common.bidi import LRM, is_rtl, isolate

if TYPE_CHECKING:
    from annotator.services.workspace import ArticleDoc


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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(3)
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        self.show_article(None)

    def show_article(self, doc: ArticleDoc | None, status: str = "") -> None:
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
        if status:
            # "In progress" is one piece: a narrow header wraps before it, never inside it.
            parts.append(f"<b>{escape(status).replace(' ', '&nbsp;')}</b>")
        self.meta.setText(LRM + "  ·  ".join(parts))


def escape(text: str, quote: bool = False) -> str:
    """HTML-escape for the meta line (html.escape costs a module import at start-up)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;").replace("'", "&#x27;") if quote else text


def _short_url(url: str) -> str:
    bare = url.split("://", 1)[-1]
    return bare if len(bare) <= 48 else bare[:45] + "…"
