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
# a long article makes tens of thousands of suggestions, which the pass builds with the fields'
# own slot setters instead, in half the time. The result is the same frozen object.
_SETTERS = tuple(Suggestion.__dict__[name].__set__ for name in ("start", "end", "label", "text", "value", "confidence"))


def new_suggestion(start: int, end: int, label: str, text: str, value: dict[str, Any], confidence: float) -> Suggestion:
    """``Suggestion(start, end, label, text, value, confidence)``, built in half the time."""
    s = object.__new__(Suggestion)
    set_start, set_end, set_label, set_text, set_value, set_confidence = _SETTERS
    set_start(s, start)
    set_end(s, end)
    set_label(s, label)
    set_text(s, text)
    set_value(s, value)
    set_confidence(s, confidence)
    return s
