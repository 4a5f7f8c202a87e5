"""CoNLL token-per-line BIO tags, for training named-entity models on the coded spans.

Layout (what spaCy's ``conll_ner`` converter, Flair's column corpus and CoNLL-2003 readers take):

    -DOCSTART- -X- O O
    <blank>
    Soldiers B-actor
    clashed B-action
    ...
    . O
    <blank>                 (one blank line after every sentence)

* Documents: one per exported annotation set, started by ``-DOCSTART- -X- O O`` (CoNLL-2003's marker)
  or, with the ``comment`` marker, by ``# doc_id = <article id>`` and ``# coder = <coder or gold>``
  lines for readers that take comments (Flair's ``comment_symbol``, CoNLL-U tools).
* Tokens: a simple rule on code points, for any script: numbers with inner separators (``1,000``,
  ``3.5``), words (letters, digits and combining marks, so Arabic and Devanagari words stay whole,
  with inner apostrophes or hyphens), and every other non-blank character on its own.
* Sentences end after ``.``, ``!``, ``?``, ``؟``, ``…``, ``।`` or ``。`` (plus any closing quotes or
  brackets right after) unless the next word starts in lower case, and at every line break.
* Tags: ``B-<label>`` on the first token a span touches, ``I-<label>`` on the rest, ``O`` elsewhere;
  labels with blanks get ``_``. A token partly inside a span counts as inside. Overlapping spans cannot
  both be tagged: the one that starts first wins, the longer one on a tie; the others are counted as
  dropped.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from annotator.domain.models import Span

DOCSTART = "-DOCSTART- -X- O O"
SENTENCE_END = frozenset({".", "!", "?", "؟", "…", "।", "。"})
CLOSERS = frozenset({'"', "'", "”", "’", "»", ")", "]", "}"})


class DocMarker(StrEnum):
    DOCSTART = "docstart"
    COMMENT = "comment"


@cache
def _token_re() -> re.Pattern[str]:
    marks: list[str] = []
    start = None
    for cp in range(0x300, 0x10000):
        is_mark = unicodedata.category(chr(cp)).startswith("M")
        if is_mark and start is None:
            start = cp
        elif not is_mark and start is not None:
            marks.append(f"\\u{start:04x}-\\u{cp - 1:04x}")
            start = None
    word = "[\\w" + "".join(marks) + "]"
    return re.compile(rf"\d+(?:[.,:/]\d+)+|{word}+(?:['’\-]{word}+)*|\S")


def tokenize(text: str) -> list[tuple[int, int]]:
    """(start, end) code-point offsets of the tokens of ``text``."""
    return [m.span() for m in _token_re().finditer(text)]


def sentences(text: str, tokens: list[tuple[int, int]]) -> list[list[int]]:
    """Token indexes grouped into sentences."""
    out: list[list[int]] = []
    current: list[int] = []
    pending_end = False
    for i, (s, e) in enumerate(tokens):
        if current:
            prev_end = tokens[current[-1]][1]
            piece = text[s:e]
            gap_break = "\n" in text[prev_end:s]
            if pending_end and piece in CLOSERS and not gap_break:
                current.append(i)
                continue
            if gap_break or (pending_end and not piece[0].islower()):
                out.append(current)
                current = []
        current.append(i)
        pending_end = text[s:e] in SENTENCE_END
    if current:
        out.append(current)
    return out


def tag_name(label: str) -> str:
    return "_".join(label.split()) or "_"


def bio_tags(tokens: list[tuple[int, int]], spans: Iterable[Span]) -> tuple[list[str], int]:
    """One BIO tag per token, and how many spans were dropped for overlapping a kept one."""
    tags = ["O"] * len(tokens)
    dropped = 0
    kept_end = -1
    starts = [s for s, _ in tokens]
    for span in sorted(spans, key=lambda sp: (sp.start, -(sp.end - sp.start), sp.label, sp.key)):
        if span.start < kept_end:
            dropped += 1
            continue
        free = []
        i = max(bisect.bisect_right(starts, span.start) - 1, 0)
        while i < len(tokens) and tokens[i][0] < span.end:
            if tokens[i][1] > span.start and tags[i] == "O":
                free.append(i)
            i += 1
        if not free:
            dropped += 1
            continue
        name = tag_name(span.label)
        tags[free[0]] = f"B-{name}"
        for i in free[1:]:
            tags[i] = f"I-{name}"
        kept_end = span.end
    return tags, dropped


@dataclass(frozen=True)
class ConllDocument:
    text: str
    dropped_spans: int  # spans not tagged because they overlap a tagged one


def document(
    text: str, spans: Iterable[Span], *, marker: DocMarker = DocMarker.DOCSTART, doc_id: str = "", coder: str = ""
) -> ConllDocument:
    """One document in CoNLL form, marker first, ending with the blank line after its last sentence."""
    tokens = tokenize(text)
    tags, dropped = bio_tags(tokens, spans)
    if marker is DocMarker.DOCSTART:
        lines = [DOCSTART, ""]
    else:
        lines = [f"# doc_id = {' '.join(doc_id.split())}"]
        if coder:
            lines.append(f"# coder = {' '.join(coder.split())}")
    for group in sentences(text, tokens):
        for i in group:
            s, e = tokens[i]
            lines.append(f"{text[s:e]} {tags[i]}")
        lines.append("")
    return ConllDocument("\n".join(lines) + "\n", dropped)
