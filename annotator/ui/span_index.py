"""An interval index over one article's spans, in code points. No Qt here, so it is tested alone.

The article view asks it, for every block it paints, which spans overlap that block; the span
list asks for text order; a click asks which spans lie under a point. An article can carry
10,000 spans, so all three are answered from one sorted list with bisect: spans overlapping
[a, b) start before b and, unless they are long, no earlier than a - LONG. The few long spans
(a whole paragraph tagged as an action, say) are kept apart and scanned.

Spans are kept as plain tuples and handed out as small ``Span`` tuples on demand, their text
sliced from the article: opening an article with 10,000 spans builds no objects per span.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from typing import NamedTuple, Protocol


class SpanLike(Protocol):
    @property
    def key(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def label(self) -> str: ...
    @property
    def text(self) -> str: ...


class Span(NamedTuple):
    key: str
    start: int
    end: int
    label: str
    text: str


LONG = 2048


class SpanIndex:
    __slots__ = ("_by_key", "_long", "_order", "_starts", "_text")

    def __init__(self, rows: Iterable[tuple[str, int, int, str]] = (), text: str = "") -> None:
        """``rows`` are (key, start, end, label); ``text`` is the article the offsets point into."""
        self._text = text
        self._by_key: dict[str, tuple[int, int, str]] = {}
        self._order: list[tuple[int, int, str]] = []
        self._long: set[str] = set()
        for key, start, end, label in rows:
            self._by_key[key] = (start, end, label)
            self._order.append((start, end, key))
            if end - start > LONG:
                self._long.add(key)
        if len(self._order) != len(self._by_key):  # a key given twice: the last one counts
            self._order = [(s, e, k) for k, (s, e, _) in self._by_key.items()]
        self._order.sort()  # rows usually arrive sorted by start, which sorts in linear time
        self._starts: list[int] = [o[0] for o in self._order]

    def __len__(self) -> int:
        return len(self._order)

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    def _span(self, key: str) -> Span:
        start, end, label = self._by_key[key]
        return Span(key, start, end, label, self._text[start:end])

    def get(self, key: str) -> Span | None:
        return self._span(key) if key in self._by_key else None

    def keys(self) -> Iterable[str]:
        return self._by_key.keys()

    # ---- edits (return the row in text order the span had or has, for list models)

    def add(self, span: SpanLike) -> int:
        if span.key in self._by_key:
            self.remove(span.key)
        self._by_key[span.key] = (span.start, span.end, span.label)
        entry = (span.start, span.end, span.key)
        row = bisect.bisect_left(self._order, entry)
        self._order.insert(row, entry)
        self._starts.insert(row, span.start)
        if span.end - span.start > LONG:
            self._long.add(span.key)
        return row

    def insertion_row(self, span: SpanLike) -> int:
        """The row ``add(span)`` would give it."""
        return bisect.bisect_left(self._order, (span.start, span.end, span.key))

    def remove(self, key: str) -> int:
        start, end, _ = self._by_key.pop(key)
        row = self.row_of_entry((start, end, key))
        del self._order[row]
        del self._starts[row]
        self._long.discard(key)
        return row

    def row_of_entry(self, entry: tuple[int, int, str]) -> int:
        row = bisect.bisect_left(self._order, entry)
        if row >= len(self._order) or self._order[row] != entry:
            raise KeyError(entry[2])
        return row

    def row_of(self, key: str) -> int:
        start, end, _ = self._by_key[key]
        return self.row_of_entry((start, end, key))

    # ---- questions

    def at_row(self, row: int) -> Span:
        return self._span(self._order[row][2])

    def in_order(self) -> Iterator[Span]:
        for _, _, key in self._order:
            yield self._span(key)

    def overlapping(self, a: int, b: int) -> list[Span]:
        """Spans that share at least one character with [a, b), in text order."""
        out: list[Span] = []
        order = self._order
        i = bisect.bisect_left(self._starts, a - LONG)
        n = len(order)
        while i < n:
            start, end, key = order[i]
            if start >= b:
                break
            if end > a:
                out.append(self._span(key))
            i += 1
        if self._long:
            seen = {s.key for s in out}
            for key in self._long:
                start, end, _ = self._by_key[key]
                if key not in seen and start < b and end > a:
                    out.append(self._span(key))
            out.sort(key=lambda s: (s.start, s.end, s.key))
        return out

    def at(self, pos: int) -> list[Span]:
        """Spans covering the character at ``pos``, innermost (shortest) first."""
        found = self.overlapping(pos, pos + 1)
        found.sort(key=lambda s: (s.end - s.start, s.start, s.key))
        return found

    def touching(self, a: int, b: int) -> list[Span]:
        """Spans lying wholly inside [a, b), in text order (what a selection contains)."""
        return [s for s in self.overlapping(a, b) if s.start >= a and s.end <= b]

    def neighbour(self, key: str | None, pos: int, step: int) -> Span | None:
        """The next (step=1) or previous (step=-1) span in text order from a span, or from a position."""
        if not self._order:
            return None
        if key is not None and key in self._by_key:
            row = self.row_of(key) + step
        elif step > 0:
            row = bisect.bisect_left(self._starts, pos)
        else:
            row = bisect.bisect_left(self._starts, pos) - 1
        if 0 <= row < len(self._order):
            return self.at_row(row)
        return None
