"""Hard-wrapped lines joined back into paragraphs, with words hyphenated at line ends repaired.

Text extracted from PDFs, and text pasted from e-mail, breaks lines inside sentences and splits
words across lines ("demonstra-" / "tors"). Joining puts one space between the lines of a paragraph
and mends the split word. A hyphen is kept where it belongs to the word: before a capital
("Al-" / "Qaeda"), after a digit ("15-" / "year-old"), or where the document writes the word with a
hyphen elsewhere ("well-known"). A soft hyphen (U+00AD) at a line end is always a break, never a letter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

_SOFT_HYPHEN = "\u00ad"
_HYPHENS = ("-", "\u2010")  # hyphen-minus and the typographic hyphen; not dashes, which stand for pauses
_WORD_BEFORE = re.compile(r"(\w+)[-\u2010]$")
_WORD_AFTER = re.compile(r"^(\w+)")
_HYPHENATED = re.compile(r"\b\w+[-\u2010]\w+\b")


def hyphenated_words(text: str) -> set[str]:
    """The words written with a hyphen inside a line of ``text``, lower-cased ("well-known")."""
    return {m.group(0).lower().replace("\u2010", "-") for m in _HYPHENATED.finditer(text)}


def _keeps_hyphen(left: str, right: str, known: Iterable[str] | set[str]) -> bool:
    if not right or not right[0].isalpha() or not right[0].islower():
        return True  # "Al-Qaeda", "15-year-old", "-" before a number or a quote
    if left and left[-1].isdigit():
        return True
    return f"{left}-{right}".lower() in known


def join_lines(lines: Sequence[str], known_hyphenated: set[str] | None = None) -> str:
    """One paragraph from its wrapped lines."""
    known = known_hyphenated or set()
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not out:
            out = line
            continue
        if out.endswith(_SOFT_HYPHEN):
            out = out[:-1] + line
            continue
        if out.endswith(_HYPHENS) and (before := _WORD_BEFORE.search(out)):
            after = _WORD_AFTER.match(line)
            right = after.group(1) if after else ""
            if _keeps_hyphen(before.group(1), right, known):
                out += line
            else:
                out = out[:-1] + line
            continue
        out += " " + line
    return out


def reflow_paragraphs(text: str) -> str:
    """Text whose paragraphs are separated by blank lines, each paragraph's lines joined."""
    blocks = re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    known = hyphenated_words(text)
    paragraphs = (join_lines(block.split("\n"), known) for block in blocks)
    return "\n\n".join(p for p in paragraphs if p)
