"""A text made ready for the article view ahead of time, off the GUI thread.

Putting a long text in the view is mostly Qt's work, but some of it is Python's: its UTF-16
offsets, the text as handed to Qt (``Utf16Index.units``) and whether it may hold right-to-left
paragraphs, each a pass over the whole text (about 8 ms together for a 1.5 MB article with an
emoji). Opening an article works them out on the database worker, right after reading the text,
while the GUI thread waits for it anyway. Plain Python: no Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.domain.offsets import Utf16Index
from annotator.domain.text_shape import may_contain_rtl


@dataclass(frozen=True, slots=True)
class PreparedText:
    text: str  # the text itself (the view takes the rest only for this very object)
    offsets: Utf16Index
    units: str  # as handed to Qt
    may_rtl: bool  # False: no right-to-left letter at all

    @classmethod
    def of(cls, text: str, offsets: Utf16Index | None = None, may_rtl: bool | None = None) -> PreparedText:
        """``offsets`` and ``may_rtl``: the text's, if known (stored with a long article:
        ``domain.text_shape``); otherwise they are worked out here."""
        offsets = offsets if offsets is not None else Utf16Index(text)
        return cls(text, offsets, offsets.units(text), may_contain_rtl(text) if may_rtl is None else may_rtl)
