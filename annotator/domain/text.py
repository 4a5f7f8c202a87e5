"""Text normalisation for stored articles: LF line endings and Unicode NFC.

Offsets everywhere outside Qt widgets are code points over the normalised text. Imported offsets
refer to the raw text, so normalisation also returns a map from raw to normalised positions.
"""

from __future__ import annotations

import bisect
import hashlib
import unicodedata
from dataclasses import dataclass

# English month names, January first: ACLED's legacy date column writes them, news exports date by them.
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def count_of(n: int, noun: str) -> str:
    """A count with its noun, for messages: "1 article", "1,204 articles" (regular plurals only)."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def normalise_text(raw: str) -> str:
    """LF line endings (CRLF and lone CR become LF), then NFC."""
    return unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))


def content_hash(text: str) -> str:
    """Hash of normalised text, used to find re-imports of the same article under another id."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class OffsetMap:
    """Maps code-point offsets in raw text to offsets in its normalised form."""

    raw: str
    normalised: str
    # Parallel lists: raw chunk starts and normalised chunk starts. A chunk is a run that NFC and
    # the newline rule transform independently of its neighbours, so chunk edges map exactly.
    _raw_starts: tuple[int, ...]
    _norm_starts: tuple[int, ...]

    @property
    def identity(self) -> bool:
        return self.raw == self.normalised

    def map(self, raw_offset: int) -> int:
        if not 0 <= raw_offset <= len(self.raw):
            raise ValueError(f"offset {raw_offset} is outside the text (length {len(self.raw)})")
        if self.identity:
            return raw_offset
        i = bisect.bisect_right(self._raw_starts, raw_offset) - 1
        chunk_start = self._raw_starts[i]
        norm_start = self._norm_starts[i]
        inside = raw_offset - chunk_start
        if inside == 0:
            return norm_start
        chunk_end = self._raw_starts[i + 1] if i + 1 < len(self._raw_starts) else len(self.raw)
        chunk = self.raw[chunk_start:chunk_end]
        # A position inside a chunk maps to the length of its normalised prefix: a cut between a
        # base letter and its combining accent lands after the composed letter.
        norm_len = (self._norm_starts[i + 1] if i + 1 < len(self._norm_starts) else len(self.normalised)) - (norm_start)
        return norm_start + min(len(normalise_text(chunk[:inside])), norm_len)


def _chunk_starts(raw: str) -> list[int]:
    # ASCII characters other than LF never compose with what precedes them and CR/LF pairs are kept
    # together, so every such character can start a chunk.
    starts = [0]
    for i in range(1, len(raw)):
        ch = raw[i]
        if ch < "\x80" and not (ch == "\n" and raw[i - 1] == "\r"):
            starts.append(i)
    return starts


def normalise_with_map(raw: str) -> OffsetMap:
    """Normalise ``raw`` and build the offset map, cheaply when nothing changes."""
    normalised = normalise_text(raw)
    if normalised == raw:
        return OffsetMap(raw, raw, (0,), (0,))
    raw_starts = _chunk_starts(raw)
    norm_starts: list[int] = []
    pos = 0
    for j, start in enumerate(raw_starts):
        norm_starts.append(pos)
        end = raw_starts[j + 1] if j + 1 < len(raw_starts) else len(raw)
        pos += len(normalise_text(raw[start:end]))
    if pos != len(normalised):  # pragma: no cover - guards the chunking rule itself
        raise AssertionError("chunked normalisation disagrees with whole-text normalisation")
    return OffsetMap(raw, normalised, tuple(raw_starts), tuple(norm_starts))
