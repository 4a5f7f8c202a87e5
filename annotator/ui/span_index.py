"""An interval index over one article's spans, in code points. No Qt here, so it is tested alone.

The article view asks it, for every block it paints, which spans overlap that block; the span
list asks for text order; a click asks which spans lie under a point. An article can carry
10,000 spans, so all three are answered from one sorted list with bisect: spans overlapping
[a, b) start before b and, unless they are long, no earlier than a - LONG. The few long spans
(a whole paragraph tagged as an action, say) are kept apart and scanned.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from typing import Protocol


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


LONG = 2048


class SpanIndex:
    __slots__ = ("_by_key", "_long", "_order", "_starts")

    def __init__(self, spans: Iterable[SpanLike] = ()) -> None:
        self._by_key: dict[str, SpanLike] = {s.key: s for s in spans}
        self._order: list[tuple[int, int, str]] = sorted((s.start, s.end, s.key) for s in self._by_key.values())
        self._starts: list[int] = [o[0] for o in self._order]
        self._long: set[str] = {s.key for s in self._by_key.values() if s.end - s.start > LONG}

    def __len__(self) -> int:
        return len(self._order)

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    def get(self, key: str) -> SpanLike | None:
        return self._by_key.get(key)

    def keys(self) -> Iterable[str]:
        return self._by_key.keys()

    # ---- edits (return the row in text order the span had or has, for list models)

    def add(self, span: SpanLike) -> int:
        if span.key in self._by_key:
            self.remove(span.key)
        self._by_key[span.key] = span
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
        span = self._by_key.pop(key)
        row = self.row_of_entry((span.start, span.end, key))
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
        span = self._by_key[key]
        return self.row_of_entry((span.start, span.end, key))

    # ---- questions

    def at_row(self, row: int) -> SpanLike:
        return self._by_key[self._order[row][2]]

    def in_order(self) -> Iterator[SpanLike]:
        for _, _, key in self._order:
            yield self._by_key[key]

    def overlapping(self, a: int, b: int) -> list[SpanLike]:
        """Spans that share at least one character with [a, b), in text order."""
        out: list[SpanLike] = []
        order = self._order
        i = bisect.bisect_left(self._starts, a - LONG)
        n = len(order)
        while i < n:
            start, end, key = order[i]
            if start >= b:
                break
            if end > a:
                out.append(self._by_key[key])
            i += 1
        if self._long:
            seen = {s.key for s in out}
            for key in self._long:
                s = self._by_key[key]
                if key not in seen and s.start < b and s.end > a:
                    out.append(s)
            out.sort(key=lambda s: (s.start, s.end, s.key))
        return out

    def at(self, pos: int) -> list[SpanLike]:
        """Spans covering the character at ``pos``, innermost (shortest) first."""
        found = list(self.overlapping(pos, pos + 1))
        found.sort(key=lambda s: (s.end - s.start, s.start, s.key))
        return found

    def touching(self, a: int, b: int) -> list[SpanLike]:
        """Spans lying wholly inside [a, b), in text order (what a selection contains)."""
        return [s for s in self.overlapping(a, b) if s.start >= a and s.end <= b]

    def neighbour(self, key: str | None, pos: int, step: int) -> SpanLike | None:
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
