"""Paragraph direction by the Unicode bidi rule (first strong character), without Qt."""

from __future__ import annotations

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
