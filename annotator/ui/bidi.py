"""Paragraph direction by the Unicode bidi rule (first strong character), without Qt."""

from __future__ import annotations

import unicodedata


def is_rtl(text: str) -> bool:
    """True when the first strongly directional character is right-to-left (Arabic, Hebrew...)."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False
