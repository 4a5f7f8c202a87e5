"""What showing a long text in Qt needs to know of it, worked out once and stored with the article.

Qt counts UTF-16 units, so the view needs the code-point positions of a text's astral characters
(emoji and the like: two units each) and whether it may hold right-to-left paragraphs. Each is a
pass over the whole text: on a 1.5 MB article 4-5 ms together, on the path of every first open,
before Qt can start laying the text out. An article's text never changes after import, so for
long texts they are worked out once, when the article is stored (``SHAPE_FROM``), and read back
with the text. Shorter texts, and articles stored before, have none: they are worked out at open.
No Qt here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from annotator.domain.offsets import astral_positions

# Code points from which a text's shape is stored with it: below that, working it out at open
# takes under a third of a millisecond, and an import of a million short articles pays nothing.
SHAPE_FROM = 100_000

# UTF-8 lead bytes of U+0580..U+07FF (Hebrew, Arabic, Syriac, Thaana, N'Ko and a little Armenian).
_LEADS = tuple(bytes([b]) for b in range(0xD6, 0xE0))
_RTL_3BYTE = re.compile("[\u0800-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def may_contain_rtl(text: str) -> bool:
    """A quick test, exact in the negative: False means no right-to-left letters at all.

    Encoding to UTF-8 and looking for a few lead bytes (each a memchr) is several times faster
    than a regular expression over a long text; three-byte ranges (Arabic supplements and
    presentation forms) fall back to a precise search when their lead bytes occur.
    """
    if text.isascii():
        return False
    data = text.encode("utf-8", "surrogatepass")
    if any(lead in data for lead in _LEADS):
        return True
    if b"\xe0" in data or b"\xef" in data:
        return _RTL_3BYTE.search(text) is not None
    return False


@dataclass(frozen=True, slots=True)
class TextShape:
    """``astral``: the code-point positions of the text's astral characters, in order;
    ``may_rtl``: ``may_contain_rtl`` of it."""

    astral: tuple[int, ...]
    may_rtl: bool

    @classmethod
    def of(cls, text: str) -> TextShape:
        return cls(tuple(astral_positions(text)), may_contain_rtl(text))

    def columns(self) -> dict[str, Any]:
        """As the articles table stores it: the positions comma-separated ("" for none)."""
        return {"astral_at": ",".join(map(str, self.astral)), "may_rtl": self.may_rtl}

    @classmethod
    def from_columns(cls, astral_at: str | None, may_rtl: bool | None, text: str) -> TextShape | None:
        """The stored shape of ``text``; None where none is stored, or where what is stored does
        not fit the text (each position must hold an astral character): then it is worked out.
        (Only what this module wrote is stored, from the same text, which never changes.)"""
        if astral_at is None or may_rtl is None:
            return None
        try:
            astral = tuple(map(int, astral_at.split(","))) if astral_at else ()
        except ValueError:
            return None
        size = len(text)
        if any(not 0 <= i < size or ord(text[i]) <= 0xFFFF for i in astral):
            return None
        return cls(astral, bool(may_rtl))


def shape_columns(text: str) -> dict[str, Any]:
    """The articles table's shape columns for a text being stored: filled for long texts."""
    if len(text) < SHAPE_FROM:
        return {"astral_at": None, "may_rtl": None}
    return TextShape.of(text).columns()
