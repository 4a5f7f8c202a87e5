"""Places the gazetteer lacks, named where a place stands: "the town of Rubaya in North Kivu
province", "near Pedakorma village", "the municipality of Puerto Jordan, in ... Arauca".

Real reports name villages that no bundled gazetteer has (most of the places missed on real ACLED
events were such villages, issue #13). Before, such a name had no suggestion at all, and the coder
saw only the broader places around it. Now it is suggested by its own name, with the country and
province the text gives it, least sure of all places and without coordinates: the coder finds
the point (the place search, Ctrl+G) or loads the country's villages (``annotator gazetteer add``),
and the place then ranks first in the project (every coded location joins the gazetteer).

Only a name the text itself calls a place counts: one right after "the village of" (or town, city,
municipality...) or right before "village" (town, locality...). A capitalised word after "in" alone
may be anything ("in Parliament", "in Congress").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from annotator.assist.event_context import Sentences
from annotator.assist.suggestion import Suggestion
from annotator.assist.suggestion import new_suggestion as _new

# Less sure than a place the gazetteer has as the text names it (those start at 0.5 or more; only
# penalties, for a dateline's place, an admin context or a town far abroad, take one lower): first
# only where the text's other places are such.
CONFIDENCE = 0.3
LOCATION = "location"

# Words that call the name after them and "of" a place ("the town of Rubaya"), and those that call
# the name before them one ("Pedakorma village"; not "city": "Gaza City" is a name of its own).
_KINDS_OF = frozenset({"village", "town", "city", "municipality", "locality", "hamlet", "settlement", "commune",
                       "township", "camp", "neighbourhood", "neighborhood", "suburb"})  # fmt: skip
_KINDS_BEFORE_NAME = frozenset({"village", "town", "locality", "hamlet", "settlement", "camp"})
# All of them, which the pass's one scan of the lexicon finds (a regular expression's alternation
# over a 1.5 MB article tries every position: 50 ms); names are read around them only.
PLACE_KIND_WORDS = tuple(sorted(_KINDS_OF | _KINDS_BEFORE_NAME))
# A name's words: capitalised, with the particles of Spanish, French, Portuguese and Arabic names
# between them ("San Vicente de Chucuri", "Pont-Sonde", "Deir al-Balah"), at most four. Not the
# place roles' NAME, whose particles include "of": here a name ends at "of" ("son of Hezab Uddin of
# Khagrabond village" names the village, not "Hezab Uddin of Khagrabond").
_NAME = r"[A-Z][\w'’.-]*(?: (?:de |del |de la |des |du |do |da |el |al-|la |le )?[A-Z][\w'’-]*){0,3}"
_OF_NAME = re.compile(rf" of (?:the )?(?P<name>{_NAME})")
_NAME_BEFORE = re.compile(rf"(?<![\w'’-])(?P<name>{_NAME}) $")
_APPOSITION = re.compile(rf"(?<![\w'’-])(?P<name>{_NAME}), an? (?:[a-z-]+ ){{0,2}}$")
# What follows a kind word that describes a place: where it lies, or the sentence's punctuation.
_PLACE_GOES_ON = re.compile(
    r"\s*(?:[,.;:)]|$|\d|(?:in|near|of|on|about|some|outside|close|just|located|where|that|which|between|along"
    r"|north|south|east|west|northeast|northwest|southeast|southwest|northern|southern|eastern|western)\b)"
)
_DESCRIBED = re.compile(r"\b(?:a|an) $", re.IGNORECASE)
# How far before a kind word its name may begin (four long words).
_NAME_REACH = 80
# Words that begin a sentence or a name's description, never a village's name.
_NOT_NAMES = frozenset({"the", "a", "an", "this", "that", "its", "their", "his", "her", "our", "one", "each", "every"})


def unlisted_places(
    text: str,
    kinds: Sequence[tuple[int, int]],
    places: Sequence[Suggestion],
    busy: Callable[[int, int], bool],
    known: Callable[[str], bool],
    country: str,
    precision: Callable[[int, int], int],
    sentences: Sentences | None = None,
) -> list[Suggestion]:
    """Suggestions for the names the text calls places that no suggestion already covers.

    ``kinds``: (start, end) of the words that call a name a place (PLACE_KIND_WORDS), by start;
    ``places``: the place suggestions made (by start), whose country and province a name takes
    from the nearest in its sentence (after it first: "Rubaya in North Kivu province");
    ``busy(start, end)``: whether another suggestion or a named group covers the span;
    ``known(name)``: whether the gazetteer or the countries read the name (it is then no unknown
    village, whatever stopped it being suggested); ``country``: the article's, for a name whose
    sentence names no place; ``precision(start, end)``: the geo_precision the words around a name
    give it (2 "near" it)."""
    found: dict[tuple[int, int], str] = {}
    for m in _candidates(text, kinds):
        start, end = m.span("name")
        name = m.group("name")
        first, _, rest = name.partition(" ")
        if first.lower() in _NOT_NAMES:  # "The Pedakorma village": the name after the article
            if not rest:
                continue
            start, name = start + len(first) + 1, rest
        if (
            (start, end) in found
            or _DESCRIBED.search(text, max(0, start - 4), start)
            or busy(start, end)
            or known(name)
        ):
            continue  # ("a Fulani camp", "a Hindu village": who lives there, not the place's name)
        found[start, end] = name
    if not found:
        return []
    if sentences is None:
        sentences = Sentences(text)
    out = []
    starts = [p.start for p in places]
    for (start, end), name in sorted(found.items()):
        _lo, hi = sentences.around(start)
        where = _nearest(places, starts, start, end, hi, country)
        value: dict[str, Any] = {
            "location": name,
            "country": where.value.get("country", country) if where is not None else country,
            "admin1": where.value.get("admin1", "") if where is not None else "",
            "geo_precision": precision(start, end),
            "unlisted": True,
            "matched_name": name,
        }
        out.append(_new(start, end, LOCATION, name, value, CONFIDENCE))
    return out


def _candidates(text: str, kinds: Iterable[tuple[int, int]]) -> Iterable[re.Match[str]]:
    """The names right after "the village of" and right before "village" (and the other kinds),
    read around the kind words at ``kinds`` (start, end)."""
    for start, end in kinds:
        # (Most kind words have neither: "the town", "a village near": asked before any pattern.)
        if text.startswith(" of ", end):
            m = _OF_NAME.match(text, end)
            if m is not None:
                yield m
        # "Kuriga, a town in Kaduna state": the name before the comma of an apposition.
        # (Not "Ali Musa, a village elder": the kind word then names a person's role.)
        apposition = (
            _APPOSITION.search(text, max(0, start - _NAME_REACH - 30), start)
            if text.find(", a", max(0, start - 30), start) >= 0  # (asked first: most kind words have none)
            else None
        )
        if apposition is not None and _PLACE_GOES_ON.match(text, end):
            yield apposition
        elif start > 1 and text[start - 1] == " " and text[start:end].lower() in _KINDS_BEFORE_NAME:
            word = text.rfind(" ", 0, start - 1) + 1
            if text[word : word + 1].isupper():
                m = _NAME_BEFORE.search(text, max(0, start - _NAME_REACH), start)
                if m is not None:
                    yield m


def _nearest(
    places: Sequence[Suggestion], starts: list[int], start: int, end: int, hi: int, country: str
) -> Suggestion | None:
    """The place suggestion that says where the name lies: the first after it in its sentence
    (ending at ``hi``: "Rubaya in North Kivu province"), else the last before it in the article's
    ``country`` ("... in Bijapur district. The bodies were found near Pedakorma village").
    ``starts``: the places' starts (they are by start)."""
    i = bisect.bisect_left(starts, end)
    if i < len(places) and places[i].start < hi and places[i].value.get("country"):
        return places[i]
    i = bisect.bisect_right(starts, start) - 1
    while i >= 0 and (places[i].end > start or places[i].value.get("country") != country):
        i -= 1
    return places[i] if i >= 0 else None
