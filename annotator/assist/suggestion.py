"""A suggestion, as a value: what the pass proposes and what its callers receive.

Kept apart from the pass (:mod:`annotator.assist.suggest`) so that a process that only *receives*
suggestions, the window, loads this module and nothing else of the engine: importing the pass
compiles its date expressions and loads its dictionaries' modules (~100 ms of Python; from source,
as with PYTHONDONTWRITEBYTECODE, more), and the window's first pass did it on a pool thread while
the coder was tagging, taking Python's lock from every key press meanwhile (a tag took 60-90 ms).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A proposed span: code-point offsets into the article, a codebook label, its value."""

    start: int
    end: int
    label: str
    text: str
    value: dict[str, Any]
    confidence: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# A frozen dataclass's __init__ sets each field through object.__setattr__ (1.5 us a suggestion);
# a long article makes tens of thousands of suggestions. The pass fills an instance of a class
# with Suggestion's very slots (the same names in the same order, so the same layout) with plain
# attribute stores, then makes it a Suggestion by assigning its class, which CPython allows only
# between classes of one layout: 0.15 us, where the slots' own setters took 0.35 us. The result is
# the same frozen object.


class _Unfrozen:
    """Suggestion's layout without the freeze: a suggestion while it is filled in."""

    __slots__ = Suggestion.__slots__  # (start, end, label, text, value, confidence)

    start: int
    end: int
    label: str
    text: str
    value: dict[str, Any]
    confidence: float


def new_suggestion(start: int, end: int, label: str, text: str, value: dict[str, Any], confidence: float) -> Suggestion:
    """``Suggestion(start, end, label, text, value, confidence)``, built in a tenth of the time."""
    s = _Unfrozen()
    s.start = start
    s.end = end
    s.label = label
    s.text = text
    s.value = value
    s.confidence = confidence
    s.__class__ = Suggestion  # type: ignore[assignment]
    return s  # type: ignore[return-value]
