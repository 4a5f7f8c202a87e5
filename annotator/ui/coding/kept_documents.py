"""The laid-out documents of the last few texts the article view showed, kept for going back.

Coders go back and forth between articles. Putting a long text into a QTextDocument is most of
what showing it costs (a 1.5 MB article: 11-19 ms of the GUI thread, during which the window
does nothing else). The article view therefore shows each
text in a document of its own and keeps the last few; going back to one sets its document again
(``QPlainTextEdit.setDocument``: a few milliseconds, the lines laid out afresh at the view's width).

A kept document is taken only for the very same text object with the same reflow setting: the
texts come from ``services.kept_articles.KeptArticles``, which hands out the same object only
while the article's stored text is unchanged, so identity is the check that the document still
shows what is stored. Span formats are not part of the match: the formatter formats every block
again when it is next painted (``SpanFormatter.reset``).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QTextDocument

    from annotator.domain.offsets import TextOffsets

MAX_DOCUMENTS = 3  # the one shown and the two before it
MAX_CHARS = 4_000_000  # code points in all: a 1.5 MB text's document takes about 4 bytes a character


@dataclass(slots=True)
class KeptDocument:
    text: str  # the stored text (what the view's offsets count)
    reflow: bool
    shown: str  # the text in the document: ``text``, or it reflowed
    offsets: TextOffsets | None  # the reflow map's offsets (None: not reflowed)
    document: QTextDocument
    directions_set: bool = False  # its right-to-left paragraphs are aligned (or it has none)


class KeptDocuments:
    """Least recently shown first; the last one kept is the one the view shows."""

    def __init__(self, max_documents: int = MAX_DOCUMENTS, max_chars: int = MAX_CHARS) -> None:
        self._max_documents = max(1, max_documents)
        self._max_chars = max_chars
        self._kept: OrderedDict[int, KeptDocument] = OrderedDict()  # by id(document)

    def find(self, text: str, reflow: bool) -> KeptDocument | None:
        """The kept document of exactly this text object (with this reflow setting), made the most
        recent; None if there is none."""
        for key, kept in self._kept.items():
            if kept.text is text and kept.reflow == reflow:
                self._kept.move_to_end(key)
                return kept
        return None

    def keep(self, kept: KeptDocument) -> None:
        """Keep a document just shown, and let go of (delete) the oldest beyond the bounds. The
        document shown is never let go of."""
        self._kept[id(kept.document)] = kept
        self._kept.move_to_end(id(kept.document))
        chars = sum(len(k.shown) for k in self._kept.values())
        while len(self._kept) > 1 and (len(self._kept) > self._max_documents or chars > self._max_chars):
            _key, gone = self._kept.popitem(last=False)
            chars -= len(gone.shown)
            gone.document.deleteLater()
