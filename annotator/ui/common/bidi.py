"""Paragraph direction by the Unicode bidi rule (first strong character), without Qt."""

from __future__ import annotations

import re
import unicodedata

LRM = "\u200e"  # left-to-right mark: makes a mixed line read left to right
FSI, PDI = "\u2068", "\u2069"  # first-strong isolate: a piece keeps its own direction inside the line


def isolate(text: str) -> str:
    """Wrap a piece (an Arabic source name, a date) so it cannot reorder its neighbours."""
    return f"{FSI}{text}{PDI}"


def is_rtl(text: str) -> bool:
    """True when the first strongly directional character is right-to-left (Arabic, Hebrew...)."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


# UTF-8 lead bytes of U+0580..U+07FF (Hebrew, Arabic, Syriac, Thaana, N'Ko and a little Armenian).
_LEADS = tuple(bytes([b]) for b in range(0xD6, 0xE0))


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


_RTL_3BYTE = re.compile("[\u0800-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
