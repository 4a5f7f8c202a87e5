"""The pre-annotation pass: dates, places, actors and action words found in an article.

One pass over the article's folded text (:func:`~annotator.assist.folding.fold_text`, which keeps
every offset) with Aho-Corasick automata built once per dictionary:

* the gazetteer's place names (:meth:`Gazetteer.automaton`, built once per gazetteer);
* a lexicon per engine: actor phrases, the codebook's sub-event ``triggers``, country names and
  demonyms (countries are not suggested themselves; they tell which countries the article is
  about, which ranks ambiguous places and fills "protesters" with a country);
* date anchors, inside :mod:`annotator.assist.dates`.

Every key is stored with a space each side and the folded text has a space at every non-letter,
so a hit is always a whole word or phrase. Where suggestions overlap the longer one stays; on
equal length date, then actor, location, action.

Suggestions are proposals only: nothing here stores them, and they count as a coder's work only
when the coder accepts them (the services layer's business).
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from typing import Any

from annotator.assist.actors import ActorCandidate, ActorDictionary
from annotator.assist.dates import DateResolution, find_dates
from annotator.assist.folding import arabic_stems, fold_key, fold_text
from annotator.assist.places import Gazetteer, PlaceCandidate
from annotator.domain.codebook import Codebook, LabelKind

DATE, LOCATION, ACTOR, ACTION = "date", "location", "actor", "action"
_PRIORITY = {DATE: 0, ACTOR: 1, LOCATION: 2, ACTION: 3}

# Words before a place that make it "near" the place: geo_precision 2 (reference §4.2).
_NEAR = re.compile(
    r"(?:\bnear|\boutside|\boutskirts of|\bclose to|\bvicinity of|\baround"
    r"|\b(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:ern)? of"
    r"|\b(?:km|kms|kilometres|kilometers|miles) (?:from|of|outside))"
    r"(?: the)?(?: (?:town|city|village|district) of)? +$"
)
# Words before a place that make a place reading likelier ("in Qamishli", "from Derik").
# The last word of every _NEAR phrase: the regular expression runs only after one of these.
_NEAR_LAST_WORDS = frozenset({"near", "outside", "of", "to", "around", "from", "the"})
_LOCATIVE = frozenset({"in", "at", "near", "outside", "from", "to", "into", "of", "around", "towards", "toward"})
# A place outside the article's countries is suggested only if it is a city; when the article's
# countries are unknown, a town, or a smaller place after a locative word. The gazetteer holds many
# villages named like ordinary words.
_BIG_CITY = 100_000
_TOWN = 15_000
_ARABIC_WORD = re.compile("[\u0620-\u064a\u066e-\u06d3]{3,}")


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


@dataclass(frozen=True, slots=True)
class _Lex:
    kind: str  # "actor", "action" or "country"
    payload: Any


class SuggestionEngine:
    """The automata and look-up caches for one codebook, gazetteer and actor dictionary.

    Build once (:meth:`prepare`, a few seconds for the gazetteer, well under one with its cache)
    and call :meth:`suggest` per article; an engine is safe to share between threads once
    prepared.
    """

    def __init__(self, codebook: Codebook, gazetteer: Gazetteer, actors: ActorDictionary) -> None:
        self.codebook = codebook
        self.gazetteer = gazetteer
        self.actors = actors
        self._lock = threading.Lock()
        self._lexicon: Any = None
        # The codebook's label for each kind of suggestion: the pass works with its own kinds and
        # names the suggestions it returns with the codebook's labels (which may be named otherwise).
        by_kind = codebook.label_for_kind
        kinds = {DATE: LabelKind.DATE, LOCATION: LabelKind.PLACE, ACTOR: LabelKind.ACTOR, ACTION: LabelKind.ACTION}
        self._labels = {mine: by_kind[kind] for mine, kind in kinds.items() if kind in by_kind}
        self._renamed = any(mine != label for mine, label in self._labels.items())

    def prepare(self) -> None:
        """Build every automaton now rather than on the first article."""
        self.gazetteer.automaton()
        self._lexicon_automaton()
        find_dates("", dt.date.today())  # builds the date-anchor automaton

    def _lexicon_automaton(self) -> Any:
        if self._lexicon is not None:
            return self._lexicon
        with self._lock:
            if self._lexicon is None:
                import ahocorasick

                entries: dict[str, list[_Lex]] = {}
                for key, named in self.actors.phrases().items():
                    entries.setdefault(key, []).append(_Lex(ACTOR, (key, named)))
                for et in self.codebook.event_types:
                    for sub in et.sub_event_types:
                        value = {"event_type": et.name, "sub_event_type": sub.name}
                        for trigger in sub.triggers:
                            entries.setdefault(fold_key(trigger), []).append(_Lex(ACTION, value))
                countries = self.actors.countries
                for key, info in (*countries.name_keys().items(), *countries.demonym_keys().items()):
                    entries.setdefault(key, []).append(_Lex("country", info))
                automaton = ahocorasick.Automaton()
                for key, lexes in entries.items():
                    if key:
                        automaton.add_word(f" {key} ", (len(key), tuple(lexes)))
                automaton.make_automaton()
                self._lexicon = automaton
        return self._lexicon

    # ---- the pass ----

    def suggest(self, text: str, *, published: dt.date | None) -> list[Suggestion]:
        """Suggestions for one article, sorted by start. Without a published date no dates.

        Suggestions for repeated mentions share their ``value`` contents: treat values as read-only.
        """
        folded = fold_text(text)
        padded = f" {folded} "
        found: list[Suggestion] = []
        if published is not None and DATE in self._labels:
            found.extend(self._dates(text, folded, published))
        mentions: Counter[str] = Counter()
        actor_hits: list[tuple[int, int, str, bool]] = []
        want_actions = ACTION in self._labels
        for end, (length, lexes) in self._lexicon_automaton().iter(padded):
            start = end - length - 1
            for lex in lexes:
                if lex.kind == "country":
                    surface = text[start : start + length]
                    if surface.lower() != surface:  # "US", not "us"
                        mentions[lex.payload.iso2] += 1
                elif lex.kind == ACTOR:
                    actor_hits.append((start, start + length, *lex.payload))
                elif want_actions:
                    found.append(Suggestion(start, start + length, ACTION, text[start : start + length],
                                            dict(lex.payload), 0.6))  # fmt: skip
        places = self._places(text, folded, padded, frozenset(mentions)) if LOCATION in self._labels else []
        found.extend(p for p, _ in places)
        if ACTOR in self._labels:
            for p, iso2 in places:
                if not p.value["ambiguous"]:
                    mentions[iso2] += 1
            main = self.actors.countries.by_iso2(mentions.most_common(1)[0][0]) if mentions else None
            found.extend(self._actors(text, actor_hits, main.name if main else None))
        kept = _without_overlaps(found)
        if self._renamed:
            labels = self._labels
            kept = [replace(s, label=labels[s.label]) for s in kept]
        return kept

    def _dates(self, text: str, folded: str, published: dt.date) -> Iterable[Suggestion]:
        values: dict[DateResolution, dict[str, Any]] = {}
        for start, end, resolution in find_dates(text, published, folded):
            value = values.get(resolution)
            if value is None:
                value = values[resolution] = resolution.as_dict()
            yield Suggestion(start, end, DATE, text[start:end], dict(value), _date_confidence(resolution))

    def _place_hits(self, text: str, folded: str, padded: str) -> list[tuple[int, int, str]]:
        """(start, end, index key) of every place name in the text."""
        hits = []
        for end, key in self.gazetteer.automaton().iter(padded):
            start = end - len(key) - 1
            surface = text[start : start + len(key)]
            # Lower-case words in a cased script are not place names.
            if surface.lower() != surface or surface.upper() == surface:
                hits.append((start, start + len(key), key))
        if not folded.isascii():
            seen: dict[str, tuple[int, str] | None] = {}
            for m in _ARABIC_WORD.finditer(folded):
                word = m.group()
                if word not in seen:
                    seen[word] = self._arabic_place(word)
                found = seen[word]
                if found is not None:
                    hits.append((m.start() + found[0], m.end(), found[1]))
        return hits

    def _arabic_place(self, word: str) -> tuple[int, str] | None:
        """(characters to skip, index key) when an Arabic word is a place name with prefixes."""
        if self.gazetteer.has_key(word):
            return None  # the automaton has it whole
        for clitic, stem in arabic_stems(word):
            if self.gazetteer.has_key(stem):
                # Keep the article in the span ("الخرطوم"), not a preposition ("ب").
                return (len(clitic) - 2 if clitic.endswith("ال") else len(clitic)), stem
        return None

    def _places(self, text: str, folded: str, padded: str, mentioned: frozenset[str]) -> list[tuple[Suggestion, str]]:
        """Place suggestions, each with its country's ISO alpha-2 code."""
        hits = self._place_hits(text, folded, padded)
        # Countries the article names, and those of its clear, large places (a dateline such as
        # "MAKURDI —" names no country but settles it), rank the ambiguous ones.
        context = set(mentioned)
        first: dict[str, list[PlaceCandidate]] = {}
        for _start, _end, key in hits:
            if key not in first:
                first[key] = found = self.gazetteer.lookup_key(key, context=mentioned, limit=5)
                if found and not found[0].ambiguous and found[0].population >= _BIG_CITY:
                    context.add(self._iso2_of(found[0]))
        context.discard("")
        frozen = frozenset(context)
        # One decision per distinct (name, near, after a locative word); mentions repeat.
        decided: dict[tuple[str, bool, bool], tuple[dict[str, Any], float, str] | None] = {}
        out: list[tuple[Suggestion, str]] = []
        for start, end, key in hits:
            before = folded[max(0, start - 40) : start]
            previous = before.rstrip().rpartition(" ")[2]
            near = previous in _NEAR_LAST_WORDS and _NEAR.search(before) is not None
            locative = previous in _LOCATIVE
            memo_key = (key, near, locative)
            if memo_key not in decided:
                decided[memo_key] = self._decide_place(key, near, locative, frozen)
            decision = decided[memo_key]
            if decision is not None:
                value, confidence, iso2 = decision
                surface = text[start:end]
                value = dict(value)
                value["matched_name"] = surface
                out.append((Suggestion(start, end, LOCATION, surface, value, confidence), iso2))
        return out

    def _decide_place(
        self, key: str, near: bool, locative: bool, context: frozenset[str]
    ) -> tuple[dict[str, Any], float, str] | None:
        found = self.gazetteer.lookup_key(key, context=context, near=near, limit=5)
        if not found:
            return None
        best = found[0]
        iso2 = self._iso2_of(best)
        in_context = iso2 in context
        if not in_context and not (
            best.population >= _BIG_CITY
            or (not context and (best.population >= _TOWN or (locative and best.population >= 1000)))
        ):
            return None  # a village abroad named like a word in the text
        confidence = 0.5 + 0.25 * in_context + 0.1 * locative + 0.1 * (best.population >= 100_000)
        confidence -= 0.25 * best.ambiguous
        value = best.as_dict()
        if best.ambiguous:
            value["candidates"] = [c.as_dict() for c in found]
        return value, round(min(0.99, max(0.05, confidence)), 2), iso2

    def _iso3(self, iso2: str) -> str:
        info = self.actors.countries.by_iso2(iso2)
        return info.iso3 if info else ""

    def _iso2_of(self, place: PlaceCandidate) -> str:
        info = self.actors.countries.by_iso3(place.iso3)
        return info.iso2 if info else ""

    def _actors(self, text: str, hits: list[tuple[int, int, str, bool]], country: str | None) -> Iterable[Suggestion]:
        memo: dict[str, ActorCandidate | None] = {}
        for start, end, key, named in hits:
            surface = text[start:end]
            if named and not _has_upper(surface) and surface.lower() != surface.upper():
                continue  # "us forces" in lower case is not the United States
            if key not in memo:
                memo[key] = self.actors.resolve(key, event_country=country)
            candidate = memo[key]
            if candidate is not None:
                # A bare alias ("police") borrows the article's main country: less certain.
                yield Suggestion(start, end, ACTOR, surface, candidate.as_dict(), 0.85 if named else 0.7)


def _date_confidence(resolution: DateResolution) -> float:
    if resolution.rule == "explicit date":
        return 0.95
    return (0.9, 0.8, 0.7)[resolution.time_precision - 1]


def _has_upper(s: str) -> bool:
    return any(ch.isupper() for ch in s)


def _without_overlaps(found: list[Suggestion]) -> list[Suggestion]:
    """Suggestions in text order with overlaps resolved: of two overlapping ones the longer stays
    (on equal length the label priority decides).

    A sweep over the suggestions sorted by start: each one either is clear of the last kept, or
    competes with it. Matches nest far more often than they chain, so comparing with the last kept
    is enough.
    """
    order = sorted(found, key=lambda s: (s.start, -(s.end - s.start), _PRIORITY.get(s.label, 9)))
    kept: list[Suggestion] = []
    for s in order:
        if not kept or s.start >= kept[-1].end:
            kept.append(s)
            continue
        last = kept[-1]
        if (s.end - s.start, -_PRIORITY.get(s.label, 9)) > (last.end - last.start, -_PRIORITY.get(last.label, 9)):
            kept[-1] = s
    return kept


# ---- the functional entry point ----

_engines: dict[tuple[int, int, int], tuple[SuggestionEngine, tuple[object, ...]]] = {}
_engines_lock = threading.Lock()


def engine_for(codebook: Codebook, gazetteer: Gazetteer, actors: ActorDictionary) -> SuggestionEngine:
    """The cached engine for these three objects (built on first use, then reused)."""
    key = (id(codebook), id(gazetteer), id(actors))
    with _engines_lock:
        cached = _engines.get(key)
        # The objects are kept in the cache entry so their ids cannot be reused by new objects.
        if cached is None:
            cached = _engines[key] = (SuggestionEngine(codebook, gazetteer, actors), (codebook, gazetteer, actors))
    return cached[0]


def suggest(
    text: str, *, published: dt.date | None, codebook: Codebook, gazetteer: Gazetteer, actors: ActorDictionary
) -> list[Suggestion]:
    """Suggestions for one article (see :class:`SuggestionEngine`)."""
    return engine_for(codebook, gazetteer, actors).suggest(text, published=published)
