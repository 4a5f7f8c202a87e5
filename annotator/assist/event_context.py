"""The article's events read from more than one word (issue #13): a trigger's sub-event type is
weighed against the other triggers and actors of the article, and the people in a crowd are named
for what the crowd did.

ACLED's rules (reference §2, ``../shared/reference/acled-and-codebooks.md``) behind each reading:

* arrests at a protest are the protest's intervention: "Protest with intervention", not "Arrests";
* an abduction during an attack that kills or wounds is part of the attack;
* an attack by one armed, organised side on another (soldiers, police, an armed group) is a battle,
  "Armed clash"; "Attack" is kept for violence against civilians;
* the participants of a protest are "Protesters (country)", of a riot "Rioters (country)", whatever
  the article calls them ("residents", "a group of people", "workers").

Pure functions over the suggestions the pass found; nothing here looks anything up.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any, Protocol, TypeVar

ACTION, ACTOR = "action", "actor"
PROTESTS, RIOTS = "Protests", "Riots"
_PROTEST_WITH_INTERVENTION = {"event_type": "Protests", "sub_event_type": "Protest with intervention"}
_ARMED_CLASH = {"event_type": "Battles", "sub_event_type": "Armed clash"}
# Actor types (ACLED's inter codes) that are armed and organised: state forces, rebels, political
# and identity militias, external forces.
_ARMED_TYPES = frozenset({1, 2, 3, 4, 8})
_CIVILIANS, _RIOTERS, _PROTESTERS = 7, 5, 6
# People who may make up a crowd. At a protest or riot they are its participants; elsewhere only
# the codebook's aliases for civilians ("residents", "villagers") name anyone.
_CROWD = re.compile(
    r"\b(?:an? (?:group|crowd|mob) of (?:\w+ )?(?:people|residents|villagers|youths|men|women|locals)"
    r"|(?:angry |local |hundreds of |thousands of |dozens of |scores of )?"
    r"(?:residents|villagers|locals|people|crowds?|youths|students|workers|farmers|traders|teachers|doctors"
    r"|nurses|journalists|activists|supporters|employees|drivers|riders|miners|herders|interns|women"
    r"|a (?:group|crowd|mob)))\b",
    re.IGNORECASE,
)
# Crowd suggestions made per article: the first mentions are the participants; later ones are often
# bystanders or victims.
_CROWD_MENTIONS = 2


class _Suggestion(Protocol):
    """What this module reads of a suggestion (read-only: suggestions are frozen)."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def label(self) -> str: ...
    @property
    def value(self) -> dict[str, Any]: ...
    @property
    def confidence(self) -> float: ...


# The pass's Suggestion (a frozen dataclass); generic here so this module needs no import of it.
S = TypeVar("S", bound=_Suggestion)


# Where a sentence ends: at a full stop followed by a space, or at a line break (the match is the
# one character at which it ends).
_SENTENCE_END = re.compile(r"\.(?= )|\n")


class Sentences:
    """The sentences of one text (full stops and line breaks end one), their ends found once so
    that each look-up is a bisection.

    Searching the text both ways from every trigger (``str.find``, ``str.rfind``) scanned as far as
    the nearest full stop each time: on a text with few of them (a transcript, a list of incidents,
    the benchmarks' article) each of thousands of triggers scanned most of 1.5 MB, and one
    suggestion pass took 30 s."""

    __slots__ = ("_ends", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._ends = [m.start() for m in _SENTENCE_END.finditer(text)]

    def around(self, start: int) -> tuple[int, int]:
        """Bounds of the sentence around ``start``: from just after the last end before it to the
        first end at or after it (or the end of the text)."""
        ends = self._ends
        i = bisect.bisect_left(ends, start)  # ends[i:] are at or after start
        right = ends[i] if i < len(ends) else len(self._text)
        # The last end before start, except a full stop just before it: its space is at start, so
        # that stop neither ends the sentence before start nor the one at start.
        j = i - 1
        if j >= 0 and ends[j] == start - 1 and self._text[ends[j]] == ".":
            j -= 1
        return (ends[j] + 1 if j >= 0 else 0), right


def sentence_of(text: str, start: int) -> tuple[int, int]:
    """Bounds of the sentence around ``start`` (full stops and line breaks end one). For many
    look-ups in one text, make its ``Sentences`` once."""
    return Sentences(text).around(start)


def read_actions(text: str, suggestions: Sequence[S]) -> list[S]:
    """The suggestions with each action trigger's sub-event type read in its article's context."""
    actions = [s for s in suggestions if s.label == ACTION]
    if not actions:
        return list(suggestions)
    types = {s.value["event_type"] for s in actions}
    # Sorted by start, so each trigger finds its sentence's neighbours by bisection: a long article
    # has thousands of triggers and actors.
    armed = _ByStart([s for s in suggestions if s.label == ACTOR and s.value.get("type_code") in _ARMED_TYPES])
    attacks = _ByStart([a for a in actions if a.value["sub_event_type"] in ("Attack", "Armed clash")])
    sentences = Sentences(text)
    out: list[S] = []
    for s in suggestions:
        if s.label != ACTION:
            out.append(s)
            continue
        sub = s.value["sub_event_type"]
        if sub == "Arrests" and PROTESTS in types:
            s = replace(s, value=dict(_PROTEST_WITH_INTERVENTION), confidence=0.7)  # type: ignore[type-var]
        elif sub == "Abduction/forced disappearance" and attacks.within(*sentences.around(s.start)):
            # An abduction during an attack that kills or wounds is part of the attack.
            s = replace(s, confidence=0.4)  # type: ignore[type-var]
        elif sub == "Attack" and len({a.value["name"] for a in armed.within(*sentences.around(s.start))}) >= 2:
            # Two armed actors in the sentence ("gunmen attacked the army"): a battle.
            s = replace(s, value=dict(_ARMED_CLASH), confidence=0.65)  # type: ignore[type-var]
        out.append(s)
    return out


class _ByStart:
    """Suggestions sorted by start, for those starting within a range."""

    def __init__(self, items: list[Any]) -> None:
        self._items = sorted(items, key=lambda s: s.start)
        self._starts = [s.start for s in self._items]

    def within(self, lo: int, hi: int) -> list[Any]:
        return self._items[bisect.bisect_left(self._starts, lo) : bisect.bisect_left(self._starts, hi)]


def lead_event_type(suggestions: Sequence[_Suggestion]) -> str | None:
    """The event type of the article's most confident action (the first on a tie)."""
    actions = [s for s in suggestions if s.label == ACTION]
    if not actions:
        return None
    best = min(actions, key=lambda s: (-s.confidence, s.start))
    return str(best.value["event_type"])


def crowd_actors(
    text: str,
    suggestions: Sequence[S],
    generic: Callable[[int], dict[str, Any] | None],
    make: Callable[[int, int, str, dict[str, Any], float], S],
) -> list[S]:
    """The suggestions with the participants of a protest or riot named as ACLED names them.

    ``generic(type_code)`` gives the codebook's generic actor of that type for the article's
    country (None when unknown); ``make(start, end, text, value, confidence)`` builds a suggestion.
    A crowd suggestion replaces a civilians reading of the same words ("residents").
    """
    lead = lead_event_type(suggestions)
    if lead not in (PROTESTS, RIOTS):
        return list(suggestions)
    actor = generic(_PROTESTERS if lead == PROTESTS else _RIOTERS)
    if actor is None:
        return list(suggestions)
    taken = [(s.start, s.end) for s in suggestions if s.label != ACTOR or s.value.get("type_code") != _CIVILIANS]
    out = [s for s in suggestions if not (s.label == ACTOR and s.value.get("type_code") == _CIVILIANS)]
    civilians = [s for s in suggestions if s.label == ACTOR and s.value.get("type_code") == _CIVILIANS]
    made = 0
    for m in _CROWD.finditer(text):
        if made == _CROWD_MENTIONS:
            break
        if any(start < m.end() and m.start() < end for start, end in taken):
            continue
        out.append(make(m.start(), m.end(), m.group(), dict(actor), 0.8))
        made += 1
    # Civilians named apart from the crowd (the victims of a riot) stay.
    crowd = [(s.start, s.end) for s in out[len(out) - made :]]
    out.extend(c for c in civilians if not any(a < c.end and c.start < b for a, b in crowd))
    out.sort(key=lambda s: s.start)
    return out
