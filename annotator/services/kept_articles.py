"""The last few articles opened, kept in memory so that going back to one does not read it again.

Coders go back and forth: to the article before, to one they left half done, between two they
compare. Reading a long article is most of what opening it costs besides laying out its text (a
1.5 MB text with 10,000 spans: the text 5 ms, the spans 12, its UTF-16 offsets 2.5), so this keeps,
per article, the text, its offsets and each coder's spans (as read, and indexed), and checks them
before use:

* the text by the article's external id, looked up without the text, as ``ArticleTexts`` checks
  the texts tags are checked against (an article's text never changes after import);
* a coder's spans against their set's id and version (``workspace.coding_rows``).

Status and events are always read afresh. Only the database worker uses an instance (one thread):
no locks. The bounds keep the memory small next to the open article itself.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

from annotator.domain.offsets import Utf16Index
from annotator.domain.span_index import SpanIndex
from annotator.services import workspace
from annotator.services.annotate import SetRef
from annotator.services.project import Project
from annotator.services.workspace import ArticleDoc, CodingRows

MAX_ARTICLES = 4
MAX_CHARS = 8_000_000  # code points of text kept in all (the spans and offsets scale with it)


@dataclass(slots=True)
class _Kept:
    doc: ArticleDoc
    u16: Utf16Index | None = None
    # By (coder, kind): the annotations as read, and their spans indexed (never edited: each
    # opening gets a copy, which the window's edits change).
    rows: dict[tuple[str, str], tuple[CodingRows, SpanIndex]] = field(default_factory=dict)


class KeptArticles:
    """Reads an article for opening, from memory where what is kept is still what is stored."""

    def __init__(self, max_articles: int = MAX_ARTICLES, max_chars: int = MAX_CHARS) -> None:
        self._max_articles = max_articles
        self._max_chars = max_chars
        self._kept: OrderedDict[int, _Kept] = OrderedDict()  # least recently opened first

    def __len__(self) -> int:
        return len(self._kept)

    def article(self, project: Project, article_id: int) -> tuple[ArticleDoc | None, bool]:
        """The article (None: not in the project), and whether it came from memory."""
        kept = self._kept.get(article_id)
        if kept is not None:
            if workspace.external_id_of(project, article_id) == kept.doc.external_id:
                self._kept.move_to_end(article_id)
                # Its tags are checked against this text: no read at the first one (ArticleTexts.keep).
                project.texts.keep(kept.doc.id, kept.doc.external_id, kept.doc.text)
                return kept.doc, True
            del self._kept[article_id]
        doc = workspace.load_article(project, article_id)
        if doc is not None:
            self._keep(_Kept(doc))
        return doc, False

    def annotations(self, project: Project, ref: SetRef, doc: ArticleDoc) -> tuple[CodingRows, SpanIndex, Utf16Index]:
        """A coder's annotations of ``doc`` (read by ``article`` just before), their spans indexed
        (the caller's to edit), and the text's UTF-16 offsets."""
        kept = self._kept.get(doc.id)
        if kept is None or kept.doc is not doc:  # (too long to keep, or let go of meanwhile)
            found = workspace.coding_rows(project, ref)
            return found, SpanIndex(found.spans, doc.text), self.offsets(doc)
        who = (ref.coder, ref.kind.value)
        before = kept.rows.get(who)
        found = workspace.coding_rows(project, ref, before[0] if before is not None else None)
        # The same spans (taken from ``before``, unchanged): the same index.
        index = before[1] if before is not None and found.spans is before[0].spans else SpanIndex(found.spans, doc.text)
        kept.rows[who] = (found, index)
        return found, index.copy(), self.offsets(doc)

    def offsets(self, doc: ArticleDoc) -> Utf16Index:
        """The UTF-16 offsets of ``doc``'s text (kept with it, if it is kept)."""
        kept = self._kept.get(doc.id)
        if kept is None or kept.doc is not doc:
            return _offsets_of(doc)
        if kept.u16 is None:
            kept.u16 = _offsets_of(doc)
        return kept.u16

    def _keep(self, kept: _Kept) -> None:
        if len(kept.doc.text) > self._max_chars:
            return
        self._kept[kept.doc.id] = kept
        chars = sum(len(k.doc.text) for k in self._kept.values())
        while len(self._kept) > self._max_articles or chars > self._max_chars:
            _id, gone = self._kept.popitem(last=False)
            chars -= len(gone.doc.text)


def _offsets_of(doc: ArticleDoc) -> Utf16Index:
    """From the text's shape where it was stored with the article (no pass over a long text)."""
    return Utf16Index(doc.text) if doc.shape is None else Utf16Index.of_shape(doc.text, doc.shape.astral)
