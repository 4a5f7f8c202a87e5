"""Hard-wrapped lines joined back into paragraphs, with words hyphenated at line ends repaired.

Text extracted from PDFs, and text pasted from e-mail, breaks lines inside sentences and splits
words across lines ("demonstra-" / "tors"). Joining puts one space between the lines of a paragraph
and mends the split word. A hyphen is kept where it belongs to the word: before a capital
("Al-" / "Qaeda"), after a digit ("15-" / "year-old"), or where the document writes the word with a
hyphen elsewhere ("well-known"). A soft hyphen (U+00AD) at a line end is always a break, never a letter.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence

from annotator.domain.offsets import Utf16Index

_SOFT_HYPHEN = "\u00ad"
_HYPHENS = ("-", "\u2010")  # hyphen-minus and the typographic hyphen; not dashes, which stand for pauses
_WORD_BEFORE = re.compile(r"(\w+)[-\u2010]$")
_WORD_AFTER = re.compile(r"^(\w+)")
_HYPHENATED = re.compile(r"\b\w+[-\u2010]\w+\b")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_TAIL = 200  # characters of a paragraph looked at to mend a word split at a line end


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
    blocks = _PARAGRAPH_BREAK.split(text.replace("\r\n", "\n").replace("\r", "\n"))
    known = hyphenated_words(text)
    paragraphs = (join_lines(block.split("\n"), known) for block in blocks)
    return "\n\n".join(p for p in paragraphs if p)


class ReflowMap:
    """A stored text reflowed for reading, with every shown character's offset in the stored text.

    The coding view shows ``text`` and tags in it; offsets still refer to the stored text, so each
    character shown knows where it came from (``source``, strictly increasing): a line break that
    became a space maps to that line break, the two breaks between paragraphs to two of the stored
    ones. Characters dropped by the reflow (spaces at line edges, the hyphen of a mended word,
    extra blank lines) are shown nowhere. ``text`` is exactly ``reflow_paragraphs`` of the stored text.
    """

    __slots__ = ("source", "stored", "text")

    def __init__(self, stored: str) -> None:
        self.stored = stored
        known = hyphenated_words(stored)
        chars: list[str] = []
        source: list[int] = []
        for block_start, block in _blocks(stored):
            para_chars, para_source = _join_block(block, block_start, known)
            if not para_chars:
                continue
            if chars:
                # Between paragraphs: the first line break after the last one and the last before this one.
                first = stored.index("\n", source[-1] + 1)
                last = stored.rindex("\n", 0, para_source[0])
                chars += ["\n", "\n"]
                source += [first, last]
            chars += para_chars
            source += para_source
        self.text = "".join(chars)
        self.source = source

    def to_view(self, offset: int) -> int:
        """A stored offset (a boundary between characters) as a boundary in ``text``."""
        return bisect.bisect_left(self.source, offset)

    def to_stored_start(self, view: int) -> int:
        """Where a stretch starting at ``view`` starts in the stored text."""
        return self.source[view] if view < len(self.source) else len(self.stored)

    def to_stored_end(self, view: int) -> int:
        """Where a stretch ending at ``view`` (exclusive) ends in the stored text: right after its
        last shown character, so a mended word's dropped hyphen is not taken with it."""
        return self.source[view - 1] + 1 if view > 0 else 0


class ReflowedOffsets:
    """A text widget's positions (UTF-16, over the reflowed text) to stored code points and back."""

    __slots__ = ("map", "u16")

    def __init__(self, reflow: ReflowMap) -> None:
        self.map = reflow
        self.u16 = Utf16Index(reflow.text)

    def to_utf16(self, cp: int) -> int:
        return self.u16.to_utf16(self.map.to_view(cp))

    def to_cp(self, u16: int) -> int:
        return self.map.to_stored_start(self.u16.to_cp(u16))

    def to_cp_end(self, u16: int) -> int:
        return self.map.to_stored_end(self.u16.to_cp(u16))


def _blocks(text: str) -> list[tuple[int, str]]:
    """The blank-line-separated blocks of ``text`` with their start offsets (as ``reflow_paragraphs`` splits)."""
    out: list[tuple[int, str]] = []
    pos = 0
    for sep in _PARAGRAPH_BREAK.finditer(text):
        out.append((pos, text[pos : sep.start()]))
        pos = sep.end()
    out.append((pos, text[pos:]))
    return out


def _join_block(block: str, start: int, known: set[str]) -> tuple[list[str], list[int]]:
    """``join_lines`` of the block's lines, keeping each character's stored offset."""
    chars: list[str] = []
    source: list[int] = []
    line_start = start
    for raw in block.split("\n"):
        here = line_start
        line_start += len(raw) + 1
        line = raw.strip()
        if not line:
            continue
        first = here + len(raw) - len(raw.lstrip())
        offsets = list(range(first, first + len(line)))
        if chars:
            tail = "".join(chars[-_TAIL:])
            if tail.endswith(_SOFT_HYPHEN):
                chars.pop()
                source.pop()
            elif tail.endswith(_HYPHENS) and (before := _WORD_BEFORE.search(tail)):
                after = _WORD_AFTER.match(line)
                if not _keeps_hyphen(before.group(1), after.group(1) if after else "", known):
                    chars.pop()
                    source.pop()
            else:
                chars.append(" ")
                source.append(here - 1)  # the line break this space stands for
        chars.extend(line)
        source.extend(offsets)
    return chars, source
