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

import bisect
import datetime as dt
import functools
import math
import operator
import re
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NamedTuple

from annotator.assist.actors import STRIKE_NOUNS, ActorCandidate, ActorDictionary
from annotator.assist.automata import automaton_of
from annotator.assist.checkpoints import CHECK_EVERY, Checkpoint, carry_on
from annotator.assist.context import (
    AREA_FIRST,
    REGION_FIRST,
    Masks,
    government_use,
    masked_ranges,
    near_after,
    person_context,
    region_after,
    said_after,
    sentence_start,
    word_after,
    word_before,
)
from annotator.assist.countries import CountryInfo, read_data_toml
from annotator.assist.dates import AnchorHit, DateResolution, anchor_keys, find_dates
from annotator.assist.event_context import (
    ARMED_TYPES,
    CIVILIANS,
    CROWD_WORDS,
    EXTERNAL_FORCES,
    STATE_FORCES,
    Sentences,
    crowd_actors,
    read_actions,
    read_forces,
    unnamed_actor,
)
from annotator.assist.event_model import MAX_CHARS, EventTypeModel, word_features
from annotator.assist.folding import arabic_stems, fold_key, fold_text
from annotator.assist.learning import LEARNT, LEARNT_ELSEWHERE, CodedExample, ProjectLearning
from annotator.assist.named_groups import (
    CLAN_MILITIA,
    ETHNIC_MILITIA,
    KIND_WORDS,
    POLITICAL_MILITIA,
    PROPER_KINDS,
    SOMALI_LANDS,
    NamedGroup,
    named_groups,
)
from annotator.assist.outlets import outlet_country
from annotator.assist.place_index import region_key
from annotator.assist.place_roles import (
    CONTEXT,
    SPECIFIC,
    Mention,
    NamePositions,
    admin_context_after,
    admin_contexts_after,
    hyphen_joined,
    name_positions,
    numbered_name,
    road_name,
    specific_first,
    unknown_names,
)
from annotator.assist.places import Gazetteer, PlaceCandidate, common_words, own_name
from annotator.assist.suggestion import Suggestion as Suggestion  # (its own module: see there)
from annotator.assist.suggestion import new_suggestion as _new
from annotator.assist.unlisted_places import PLACE_KIND_WORDS, unlisted_places
from annotator.domain.codebook import Codebook, LabelKind
from annotator.domain.gc_pause import gc_paused

DATE, LOCATION, ACTOR, ACTION = "date", "location", "actor", "action"
CROWD = "crowd"  # a lexicon hit only: words for people, which become actors by what they did
_PRIORITY = {DATE: 0, ACTOR: 1, LOCATION: 2, ACTION: 3}

# Words before a place that make it "near" the place: geo_precision 2 (reference §4.2).
_NEAR = re.compile(
    r"(?:\bnear|\boutside|\boutskirts of|\bclose to|\bvicinity of|\baround"
    r"|\b(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:ern)? of"
    r"|\b(?:km|kms|kilometres|kilometers|miles) (?:from|of|outside)"
    r"|\b(?:countryside|environs|suburbs|surroundings|area|areas) (?:of|around))"
    # "near the Kurdish-majority border town of": up to three describing words before the noun.
    r"(?: the| a)?(?:(?: [a-z-]+){0,3} (?:town|city|village|villages|district|area|hamlet|settlement) of)? +$"
)
# Words before a place that make a place reading likelier ("in Qamishli", "from Derik").
# The last word of every _NEAR phrase: the regular expression runs only after one of these.
_NEAR_LAST_WORDS = frozenset({"near", "outside", "of", "to", "around", "from", "the", "a"})
_LOCATIVE = frozenset({"in", "at", "near", "outside", "from", "to", "into", "of", "around", "towards", "toward"})
# A place outside the article's countries is suggested only if it is a city; when the article's
# countries are unknown, a town, or a smaller place after a locative word. The gazetteer holds many
# villages named like ordinary words.
_BIG_CITY = 100_000
# What the outlet's country adds to its score among the countries the text points to: less than a
# demonym (0.5) or any place (1 or more), so it only breaks a tie.
_OUTLET_WEIGHT = 0.25
# How far from the seat of the province its admin context names a town found by another spelling may
# lie in the next province (a province's seat to its border: tens of kilometres).
_ACROSS_THE_BORDER_KM = 100.0
_TOWN = 15_000
_ARABIC_WORD = re.compile("[\u0620-\u064a\u066e-\u06d3]{3,}")


def _arabic_letter(c: str) -> bool:
    """Whether ``c`` (one character, or "" at either end of the text) is one of _ARABIC_WORD's."""
    return "\u0620" <= c <= "\u064a" or "\u066e" <= c <= "\u06d3"


@dataclass(frozen=True, slots=True)
class Analysis:
    """One article's suggestions and the country it is about (``None`` when nothing says).

    ``country_scores``: the evidence per country (ISO alpha-2 -> weight), for the curious.
    """

    suggestions: list[Suggestion]
    country: CountryInfo | None
    country_scores: dict[str, float]


class _Place(NamedTuple):
    """A place suggestion while the pass settles it (a tuple: a long article has thousands)."""

    suggestion: Suggestion
    iso2: str
    locative: bool  # after "in", "near", ...: a location, not a passing mention


class _Settled(NamedTuple):
    """A place suggestion's reading once the article's country is known (see _settle_places)."""

    suggestion: Suggestion  # as first made
    value: dict[str, Any]
    confidence: float
    iso2: str


def _place(suggestion: Suggestion, iso2: str, locative: bool) -> _Place:
    """``_Place(suggestion, iso2, locative)`` without the named tuple's own ``__new__``, a Python
    function (half the time; a long article's pass makes ~16,000)."""
    return _new_tuple(_Place, (suggestion, iso2, locative))


_new_tuple = tuple.__new__


class _Spans:
    """Spans of the text, for asking whether one contains a given range (in O(log n))."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans.sort()
        self.spans = spans  # sorted
        self._starts = [s for s, _ in spans]
        # The furthest end among spans starting at or before each one: nested and overlapping
        # spans are all seen by one bisect.
        self._reach: list[int] = []
        for _s, e in spans:
            self._reach.append(max(e, self._reach[-1]) if self._reach else e)

    def contains(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self._starts, start) - 1
        return i >= 0 and self._reach[i] >= end

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self._starts, end)
        return i > 0 and self._reach[i - 1] > start

    def held(self, starts: list[int], ends: list[int]) -> set[int]:
        """The indices of the ranges (``starts`` sorted, ``ends`` theirs) that some span contains,
        as :meth:`contains` answers for each: asked from the spans' side (a few names of groups,
        where a long article names places by the ten thousand)."""
        held = set()
        count = len(starts)
        for s, e in self.spans:
            k = bisect.bisect_left(starts, s)
            while k < count and starts[k] <= e:
                if ends[k] <= e:
                    held.add(k)
                k += 1
        return held


# Words before a country name that make it the place of events: "in Syria", "northeast Syria".
_PLACE_WORDS = (
    ["in"], ["across"], ["inside"], ["throughout"], ["northern"], ["southern"], ["eastern"], ["western"],
    ["northeast"], ["northwest"], ["southeast"], ["southwest"], ["northeastern"], ["northwestern"],
    ["southeastern"], ["southwestern"], ["central"], ["rural"],
)  # fmt: skip
# "QAMISHLI, Syria —", "MAKURDI (Reuters) -", "PESHAWAR, Pakistan, Oct 25 (Reuters) -": a place
# name, maybe a country and a date, then a dash.
# Or a place in capitals and a colon, as South Asian papers write it: "RAIPUR:", "NEW DELHI:".
_DATELINE = re.compile(
    r"^\s*(?:[^\n,—–(]{2,40}?(?:, ?[^\n,—–(]{2,30}?){0,2}\s*(?:\([^)\n]{1,30}\)\s*)?(?:—|–|--| - )"
    r"|[A-Z][A-Z .'-]{1,30}:\s)"
)


def _dateline(text: str) -> tuple[int, int]:
    """Where the article's dateline starts and ends ((0, 0) when it has none): at the start of the
    text or of the paragraph after a headline ("Six soldiers killed in Arauca\n\nBOGOTA — ...")."""
    m = _DATELINE.match(text[:120])
    if m is not None:
        return 0, m.end()
    headline = text.find("\n", 0, _HEADLINE_CHARS)
    if headline > 0 and not text[:headline].rstrip().endswith((".", ":")):
        body = len(text) - len(text[headline:].lstrip())
        m = _DATELINE.match(text[body : body + 120])
        if m is not None:
            return body, body + m.end()
    return 0, 0


# The longest first line read as a headline before a dateline.
_HEADLINE_CHARS = 200
# Confidence a dateline's place or date loses where the article names others: the dateline says
# where and when the reporter filed ("NAIROBI, Kenya (AP) — ... in Mandera county"), the body where
# and when the event was. (The dateline still counts most for the article's country.)
DATELINE_PENALTY = 0.3


class _LazySpans:
    """:class:`_Spans` made on the first question (most texts that call a name a place name none
    the pass lacks, and a long article's spans take a while to sort)."""

    def __init__(self, spans: Callable[[], list[tuple[int, int]]]) -> None:
        self._make = spans
        self._spans: _Spans | None = None

    def __call__(self, start: int, end: int) -> bool:
        if self._spans is None:
            self._spans = _Spans(self._make())
        return self._spans.overlaps(start, end)


def _dateline_second(places: list[Suggestion], start: int, end: int) -> list[Suggestion]:
    """The place (or date) suggestions with the dateline's (from ``start`` to ``end``) less sure
    than the body's, when the body names one. A headline's are no dateline's."""
    if not any(p.start >= end for p in places):
        return places
    return [
        _new(p.start, p.end, p.label, p.text, p.value, round(max(0.05, p.confidence - DATELINE_PENALTY), 2))
        if start <= p.start and p.end <= end
        else p
        for p in places
    ]


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

    def __init__(
        self,
        codebook: Codebook,
        gazetteer: Gazetteer,
        actors: ActorDictionary,
        *,
        day_first: bool | None = None,
        event_model: EventTypeModel | None = None,
    ) -> None:
        """``day_first``: the project's reading of year-less numeric dates ("on 12/03"): True
        day/month, False month/day, None both (flagged as ambiguous when they differ).
        ``event_model``: sub-event types learnt from the project's coded events (see :meth:`learn`)."""
        self.codebook = codebook
        self.day_first = day_first
        self.event_model = event_model
        self._event_type_of = {sub.name: et.name for et in codebook.event_types for sub in et.sub_event_types}
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
        self._countries: OrderedDict[int, CountryInfo | None] = OrderedDict()
        self._demonyms: frozenset[str] | None = None
        self._air_unit_names: dict[str, str] | None = None  # (read on first use: _air_units)

    def prepare(self) -> None:
        """Build every automaton now rather than on the first article."""
        self.gazetteer.load()
        self._lexicon_automaton()
        find_dates("", dt.date.today())  # builds the date-anchor automaton

    def _lexicon_automaton(self) -> Any:
        if self._lexicon is not None:
            return self._lexicon
        with self._lock:
            if self._lexicon is None:
                entries: dict[str, list[_Lex]] = {}
                for key, named in self.actors.phrases().items():
                    entries.setdefault(key, []).append(_Lex(ACTOR, (key, named)))
                for et in self.codebook.event_types:
                    for sub in et.sub_event_types:
                        value = {"event_type": et.name, "sub_event_type": sub.name}
                        for trigger in sub.triggers:
                            entries.setdefault(fold_key(trigger), []).append(_Lex(ACTION, value))
                for word in CROWD_WORDS:
                    entries.setdefault(fold_key(word), []).append(_Lex(CROWD, None))
                countries = self.actors.countries
                for key, info in countries.name_keys().items():
                    entries.setdefault(key, []).append(_Lex("country", (info, False)))
                for key, info in countries.demonym_keys().items():
                    if key not in countries.name_keys():
                        entries.setdefault(key, []).append(_Lex("country", (info, True)))
                # The two words of "russian patrol", which the pass joins (_forces_after): for each
                # key, whether it is a nationality and whether it is a force noun.
                demonyms, nouns = self.actors.force_words()
                joins = {key: (key if key in demonyms else None, key if key in nouns else None)
                         for key in (*demonyms, *nouns)}  # fmt: skip
                # Each key's readings by kind, so that a hit is read without a loop over its
                # entries asking each its kind; and the date anchors, whose hits the pass hands to
                # the dates (both scan the padded folded text: one scan of a long article, not two).
                anchors = anchor_keys()
                lexicon: dict[str, tuple[Any, ...]] = {}
                for key in {**entries, **joins}:
                    if not key:
                        continue
                    kinds = entries.get(key, ())
                    lexicon[f" {key} "] = (
                        len(key),
                        joins.get(key),
                        tuple(lex.payload for lex in kinds if lex.kind == "country"),
                        tuple(lex.payload for lex in kinds if lex.kind == ACTOR),
                        any(lex.kind == CROWD for lex in kinds),
                        tuple(lex.payload for lex in kinds if lex.kind == ACTION),
                        (_DATE_WORD, anchors[f" {key} "], False) if f" {key} " in anchors else None,
                    )
                for padded_key, anchor in anchors.items():
                    if padded_key not in lexicon:
                        lexicon[padded_key] = (len(padded_key) - 2, None, (), (), False, (), (_DATE_WORD, anchor, True))
                # The words of region mentions at a word's start, for _region_mentions (keys with no
                # space after them, which no other key is).
                for region_key_, read in _REGION_WORD_KEYS.items():
                    lexicon[region_key_] = (read[0], None, (), (), False, (), (_REGION_WORD, read, True))
                # The words that mark a group's name ("gang", "militia", "Army"), for named_groups;
                # some are actors' words too ("army"), read as those besides. And the words that
                # call a name a place ("village", "town"), for unlisted_places.
                _set_aside(lexicon, KIND_WORDS, _GROUP_WORD)
                _set_aside(lexicon, PLACE_KIND_WORDS, _PLACE_KIND_WORD)
                self._lexicon = automaton_of(lexicon.items())
        return self._lexicon

    # ---- the pass ----

    def suggest(self, text: str, *, published: dt.date | None, source: str = "", url: str = "") -> list[Suggestion]:
        """Suggestions for one article, sorted by start. Without a published date no dates.
        ``source`` and ``url``: the article's outlet, if known (see :meth:`analyse`).

        Suggestions for repeated mentions share their ``value`` contents: treat values as read-only.
        """
        return self.analyse(text, published=published, source=source, url=url).suggestions

    def article_country(self, text: str, checkpoint: Checkpoint = carry_on) -> CountryInfo | None:
        """The country the article is about (see :meth:`analyse`); remembered for recent texts."""
        key = hash(text)
        with self._lock:
            if key in self._countries:
                self._countries.move_to_end(key)
                return self._countries[key]
        country = self.analyse(text, published=None, checkpoint=checkpoint).country
        with self._lock:
            self._countries[key] = country
            while len(self._countries) > 16:
                self._countries.popitem(last=False)
        return country

    def analyse(
        self,
        text: str,
        *,
        published: dt.date | None,
        checkpoint: Checkpoint = carry_on,
        source: str = "",
        url: str = "",
    ) -> Analysis:
        """Suggestions and the article's main country.

        The country is where the article's events are: the places it names as locations (its
        dateline counts most, then places after "in", "near", ...), then countries it names as
        places ("in northeast Syria"). A country named for its forces ("Russian patrol") or its
        government ("Moscow said", "Russia rejected") does not count.

        ``checkpoint`` is called between the pass's steps (tens of milliseconds apart on a 1.5 MB
        article); whatever it raises ends the pass there, so a pass nobody waits for any more (the
        coder opened another article) stops at once.

        ``source`` and ``url`` say which outlet published the article: its home country
        (:func:`~annotator.assist.outlets.outlet_country`) is weak evidence. It breaks a tie between
        the countries the text points to; where the text names no country, it ranks the places of
        the names it gives (no town abroad ruled out for it) and whose generic actors are suggested.
        """
        # The pass makes tens of thousands of short-lived, cycle-free objects on a long article
        # (suggestions, their values, hits): the cycle collector's passes over them freed nothing
        # and took ~8 % of the pass (more in a process holding more).
        outlet = outlet_country(source, url, self.actors.countries) if source or url else None
        with gc_paused():
            return self._analyse(text, published, checkpoint, outlet.iso2 if outlet is not None else "")

    def _analyse(self, text: str, published: dt.date | None, checkpoint: Checkpoint, outlet: str = "") -> Analysis:
        folded = fold_text(text)
        checkpoint()
        padded = f" {folded} "
        masks = masked_ranges(text, folded)
        checkpoint()
        acts: list[Suggestion] = []  # the action triggers' suggestions
        anchors: list[AnchorHit] = []  # the date anchors' hits, found by the lexicon's scan
        region_hits: list[tuple[int, tuple[int, bool]]] = []  # and the region words' (see _region_words)
        group_words: list[tuple[int, int]] = []  # and the words that mark a group's name (named_groups)
        place_kinds: list[tuple[int, int]] = []  # and those that call a name a place (unlisted_places)
        asides = (anchors, region_hits, group_words, place_kinds)
        country_hits: list[tuple[int, int, CountryInfo, bool]] = []
        actor_hits: list[tuple[int, int, str, bool]] = []
        crowd: list[tuple[int, int]] = []  # words for people, read by what they did (event_context)
        triggers: list[tuple[int, str]] = []  # (start, the rules' sub-event type): the model's features
        want_actions = ACTION in self._labels
        # Where a force noun's leading space would be -> (nationality, its start, its own end) before
        # it; the end is 0 for the one right before the noun, whose span reaches the noun.
        ends_with_demonym: defaultdict[int, list[tuple[str, int, int]]] = defaultdict(list)
        masked = bool(masks)  # (asked once: tens of thousands of hits)
        lexicon = self._lexicon_automaton().iter(padded)
        for n, (end, (length, joins, countries, actors, crowd_word, actions, aside)) in enumerate(lexicon):
            if not n & CHECK_EVERY:
                checkpoint()
            if aside is not None:  # a date's or a region mention's word: its hit set aside for them
                which, read, alone = aside
                asides[which].append((end, read))
                if alone:
                    continue
            start = end - length - 1
            if joins is not None:
                demonym, noun = joins
                if noun is not None and start - 1 in ends_with_demonym:
                    forces = list(self._forces_after(start, noun, ends_with_demonym[start - 1], masks))
                    if forces and noun in STRIKE_NOUNS:
                        # A force noun inside the strike gives way ("pakistani drone" of "pakistani
                        # drone strike"): found just before, it ends inside the strike's words.
                        firsts = {first for first, _end, _key, _named in forces}
                        while actor_hits and actor_hits[-1][0] in firsts and actor_hits[-1][1] > start:
                            actor_hits.pop()
                    actor_hits.extend(forces)
                if demonym is not None:
                    here = [(demonym, start, 0)]
                    # "U.S. and British warplanes", "Turkish or Iraqi forces": each nationality's own.
                    for gap in _BETWEEN_NATIONALITIES:
                        if text.endswith(gap, 0, start) and start - len(gap) in ends_with_demonym:
                            earlier = ends_with_demonym[start - len(gap)]
                            here.extend((d, first, own or _demonym_end(text, first, d)) for d, first, own in earlier)
                            break
                    ends_with_demonym[start + length].extend(here)
                    if text[start + length : start + length + 2] == ". ":  # "U.S. forces": its closing dot
                        ends_with_demonym[start + length + 1].extend(here)
            if masked and masks.covers(start, start + length):
                continue
            if countries:
                surface = text[start : start + length]
                # A country's name inside a longer one is not a mention of its own: "Republic of
                # Congo" and "Congo" of "Democratic Republic of Congo", "Sudan" of "South Sudan".
                # (Hits come by end; at one end, whichever length first.)
                stop = start + length
                if surface.lower() != surface and not (
                    country_hits and country_hits[-1][0] <= start and country_hits[-1][1] >= stop
                ):
                    while country_hits and country_hits[-1][0] >= start:
                        country_hits.pop()
                    for info, demonym in countries:
                        country_hits.append((start, stop, info, demonym))
            for key, named in actors:
                actor_hits.append((start, start + length, key, named))
            # (Capitalised inside a sentence, the word is a name's: "Indigenous People of Biafra".)
            if crowd_word and not (text[start].isupper() and not sentence_start(text, start)):
                crowd.append((start, start + length))
            if actions and want_actions:
                for payload in actions:
                    triggers.append((start, payload["sub_event_type"]))
                    # A trigger inside a longer one ("strike" of "air strike", "killed" of "killed
                    # protesters") is not an act of its own: the reading of the article's acts
                    # would count it (a protest in an article of air strikes). Hits come by end.
                    if acts and acts[-1].start <= start and acts[-1].end >= end - 1:
                        continue
                    while acts and acts[-1].start >= start:
                        acts.pop()
                    acts.append(_new(start, start + length, ACTION, text[start : start + length],
                                     dict(payload), 0.6))  # fmt: skip
        found: list[Suggestion] = []
        dateline_start, dateline = _dateline(text)
        if published is not None and DATE in self._labels:
            dates = [
                s for s in self._dates(text, folded, published, anchors) if not (masks and masks.covers(s.start, s.end))
            ]
            # (A dateline's date is the day the report was filed: "PESHAWAR, Oct 25 (Reuters) -
            # ... late on Thursday".)
            found.extend(_dateline_second(dates, dateline_start, dateline) if dateline else dates)
            checkpoint()
        found.extend(acts)
        if actor_hits:
            # (Most hits are in lower case, "police", "soldiers": passed over without a call.)
            actor_hits = [
                h
                for h in actor_hits
                if not (
                    (text[h[0]].isupper() and (self._tail_of_a_longer_name(text, *h) or self._body_named(text, *h)))
                    or (h[2] == "civilian" and word_after(text, h[1]).lower() in _CIVILIAN_AS_A_KIND)
                )
            ]
        checkpoint()
        # Groups named by words the dictionary lacks ("the Gran Grif gang", "Fano militiamen", "the
        # Arakan Army"): their words are no place either (Fano, Italy), and each is an actor of its
        # own (below).
        unlisted = (
            self._unlisted_groups(text, actor_hits, masks, [(end - n - 1, end - 1) for end, n in group_words])
            if ACTOR in self._labels
            else []
        )
        within = _Spans([(g.start, g.end) for g in unlisted]) if unlisted else None
        if within is not None:
            actor_hits = [h for h in actor_hits if not within.contains(h[0], h[1])]
            crowd = [c for c in crowd if not within.contains(*c)]  # ("herders" of "Fulani herders")
        # Bare words for a group's people right before its name are the group ("rebels of the
        # Kachin Independence Army", "fighters from the Arakan Army"): no second, unnamed side.
        named_at = {s for s, _e, _key, is_named in actor_hits if is_named} | {g.start for g in unlisted}
        if named_at:
            # And so are those right after its name ("ISWAP militants", "Al Shabaab fighters").
            named_end = {e for _s, e, _key, is_named in actor_hits if is_named} | {g.end for g in unlisted}
            actor_hits = [
                h
                for h in actor_hits
                if h[3] or not (_of_the_group(text, h[1], named_at) or _right_after(text, h[0], named_end))
            ]
        # So are the words for a group's own people that would otherwise make a crowd ("rival
        # factions of the Sinaloa Cartel", "members of the 5 Segond gang"), of a group no one names
        # too ("members of a gang coalition", "men from an armed group").
        armed_at = named_at | {
            s for s, _e, key, is_named in actor_hits if not is_named and self.actors.generic_type(key) in ARMED_TYPES
        }
        if armed_at and crowd:
            crowd = [
                c
                for c in crowd
                if text[c[0] : c[1]].lower() not in _ITS_PEOPLE or not _of_the_group(text, c[1], armed_at)
            ]
        # A country inside a named actor ("Russian patrol", "Syrian Democratic Forces") names whose
        # forces they are, not where the event is; nor does a country standing for its government.
        inside_named = _Spans(
            [(s, e) for s, e, _key, is_named in actor_hits if is_named] + [(g.start, g.end) for g in unlisted]
        )
        as_place = [
            (s, e, info, demonym)
            for s, e, info, demonym in country_hits
            if not inside_named.contains(s, e) and not government_use(text, s, e)
        ]
        mentions = frozenset(info.iso2 for _s, _e, info, _d in as_place if info.iso2)
        # Only forces or governments are named ("Beninese soldiers killed two civilians in
        # Koualou"): still the best hint for ranking the places, though not for the country, and no
        # reason to pass over a town abroad ("Israeli forces raided Jenin").
        only_hinted = not mentions
        if only_hinted:
            mentions = frozenset(info.iso2 for _s, _e, info, _d in country_hits if info.iso2)
        # Nothing in the text says where: the outlet's country is the hint (weak: only_hinted).
        outlet_only = not mentions and bool(outlet)
        if outlet_only:
            mentions = frozenset((outlet,))
        scores: defaultdict[str, float] = defaultdict(float)
        for s, e, info, demonym in as_place:
            if info.iso2:
                weight = 0.5 if demonym else 1.0 + (folded[max(0, s - 20) : s].split()[-1:] in _PLACE_WORDS)
                scores[info.iso2] += weight + 3.0 * (e <= dateline)
        # A group's name is no place, whatever town abroad is also called so ("Hamas", "Taliban").
        groups = frozenset((s, e) for s, e, _key, is_named in actor_hits if is_named)
        # Where the named groups are at home ("Taliban", "QSD"): a hint for spellings the gazetteer
        # lacks when the article names no country ("Puli Alam city, Logar" for Pul-e Alam).
        homes = frozenset(
            home.iso2 for _s, _e, key, is_named in actor_hits if is_named and (home := self.actors.home_of(key))
        )
        # Which names say where another lies, or stand where a place should: read once for the
        # places the gazetteer lacks and for which place is the most specific.
        positions = name_positions(text) if LOCATION in self._labels else None
        places = (
            self._places(
                text,
                folded,
                padded,
                mentions,
                masks,
                positions,
                groups,
                checkpoint,
                within,
                homes,
                [(s, e, info.iso2) for s, e, info, demonym in as_place if info.iso2 and not demonym],
                only_hinted,
                region_hits,
                outlet_only,
            )
            if positions is not None
            else []
        )
        checkpoint()
        # (places are by start)
        in_names = (
            inside_named.held(list(map(_PLACE_START, places)), list(map(_PLACE_END, places)))
            if inside_named.spans
            else set()
        )
        for n, (place, iso2, locative) in enumerate(places):
            value = place.value
            if n in in_names:
                continue  # a place in a group's name ("Hamas militants": Hamm) says nothing of where
            if iso2 and not value["ambiguous"]:
                weight = 1.0 + locative + (n == 0) + 3.0 * (place.end <= dateline)
                # A place whose region the article names is sure evidence; a three-letter name
                # ("Bat", "Gao") may be a word or a fragment and counts for less.
                weight += 2.0 * bool(value.get("admin_named")) + 2.0 * (value.get("feature") == "admin1")
                scores[iso2] += weight / (2 if len(place.text) <= 3 else 1)
        if outlet in scores:
            scores[outlet] += _OUTLET_WEIGHT  # (a tie's breaker, no more)
        main = self.actors.countries.by_iso2(max(scores, key=scores.__getitem__)) if scores else None
        settled = _specific_first(text, self._settle_places(places, main), positions, self.gazetteer.whole_admin1)
        found.extend(_dateline_second(settled, dateline_start, dateline) if dateline else settled)
        # The sentences' bounds, found once for the places the gazetteer lacks and the readings of
        # the acts that need them.
        sentences = Sentences(text) if triggers or place_kinds else None
        if positions is not None and main is not None and place_kinds:
            named = list(groups) + (within.spans if within else [])
            taken = _LazySpans(lambda: [(s.start, s.end) for s in found] + named)
            kinds = [(end - n - 1, end - 1) for end, n in place_kinds]
            found.extend(unlisted_places(text, kinds, settled, taken, self._knows_place, main.name,
                                         lambda s, e: _precision(text, folded, s, e)[0], sentences))  # fmt: skip
        if not places and main is not None and LOCATION in self._labels:
            seat = self._country_seat(text, as_place, main)
            if seat is not None:
                found.append(seat)
        checkpoint()
        when = _event_date(found, published)
        # Whose generic actors these are: the article's country, else the one country its forces
        # are named for ("Beninese soldiers" in a village the gazetteer lacks).
        home = main or (self.actors.countries.by_iso2(next(iter(mentions))) if len(mentions) == 1 else None)
        if ACTOR in self._labels:
            found.extend(self._actors(text, actor_hits, home.name if home else None, masks, when))
            found.extend(self._unlisted_actors(text, unlisted, found, home.name if home else None, when))
            checkpoint()
        found = read_actions(text, found, sentences)
        if ACTOR in self._labels and want_actions:
            found = read_forces(text, found, self._air_units(), sentences)
        checkpoint()
        if self.event_model is not None and want_actions:
            found = self._rank_actions(text, folded, triggers, found, self.event_model, sentences)
            checkpoint()
        if ACTOR in self._labels and home is not None:
            found = crowd_actors(
                text, found, crowd, lambda code: self.actors.generic_of_type(code, home.name, when), _actor, sentences
            )
            found = unnamed_actor(
                text, found, lambda code: self.actors.unnamed_of_type(code, home.name, when), _actor, sentences
            )
            checkpoint()
        kept = _without_overlaps(found)
        if self._renamed:
            labels = self._labels
            kept = [replace(s, label=labels[s.label]) for s in kept]
        return Analysis(kept, main, {k: round(v, 2) for k, v in scores.items()})

    def _country_seat(
        self, text: str, named: list[tuple[int, int, CountryInfo, bool]], country: CountryInfo
    ) -> Suggestion | None:
        """Where ACLED codes an event the article places in a country and nowhere smaller ("arrested
        in different cities in Belarus", "University of Zambia workers go on strike"): its capital,
        with geo_precision 3, flagged as standing in for the place (``fallback``) and least sure.
        ``named``: the countries named as places (start, end, country, by a demonym); a country
        named only by its demonym ("Beninese soldiers") or as the first word of a longer name
        ("Bangladesh Jatiya Party activists", a national body) places nothing, nor one given as where
        a name the gazetteer lacks lies ("attacked Kofounou in Benin": the village, not the capital)."""
        spans = [(s, e) for s, e, info, demonym in named if info.iso2 == country.iso2 and not demonym]
        free = [(s, e) for s, e in spans if not _NAME_GOES_ON.match(text, e)]
        span = next(((s, e) for s, e in free if not _NAME_IN.search(text, max(0, s - 40), s)), None)
        if span is None or not country.capital:
            return None
        capitals = [c for c in self.gazetteer.lookup(country.capital, context_countries=(country.iso2,), limit=3)
                    if c.iso3 == country.iso3]  # fmt: skip
        if not capitals:
            return None
        start, end = span
        value = {**capitals[0].as_dict(), "geo_precision": 3, "fallback": True, "matched_name": text[start:end]}
        return _new(start, end, LOCATION, text[start:end], value, _COUNTRY_SEAT_CONFIDENCE)

    def _forces_after(
        self, start: int, noun: str, demonyms: list[tuple[str, int, int]], masks: Masks
    ) -> Iterator[tuple[int, int, str, bool]]:
        """Actor hits for a force noun at ``start`` after nationalities ending just before it ("russian
        patrol"), as if the lexicon listed every such pair (it would hold 11,000 more phrases). Only
        their starts and lengths differ from the noun's own hits ending at the same place, and the
        pass orders suggestions by start, so where they come among those hits does not matter. After a
        strike ("israeli air strike") the hit is the nationality alone: the strike is the act. A
        nationality coordinated with the one before the noun ("U.S. and British warplanes") is its
        own word alone (``own``: its end; 0 for the one right before the noun)."""
        for demonym, first, own in dict.fromkeys(demonyms):
            if self.actors.is_forces_phrase(demonym, noun) and not (masks and masks.covers(first, start + len(noun))):
                end = own or (start - 1 if noun in STRIKE_NOUNS else start + len(noun))
                yield first, end, f"{demonym} {noun}", True

    # ---- sub-event types learnt from the project ----

    def rule_types(self, text: str) -> list[str]:
        """The sub-event types the codebook's triggers read in ``text`` (the model's rule features)."""
        out: list[str] = []
        for _end, (_length, _joins, _countries, _actors, _crowd, actions, _anchor) in self._lexicon_automaton().iter(
            f" {fold_text(text)} "
        ):
            out.extend(payload["sub_event_type"] for payload in actions)
        return out

    def learn(self, examples: Iterable[CodedExample], *, cache: Path | None = None, project: str = "") -> None:
        """Train the sub-event type model on a project's coded events (seconds for thousands; call
        off the UI thread). With ``cache`` the model is kept there under the project's name and the
        examples' digest, and read back instead of trained again."""
        examples = [e for e in examples if e.sub_event_type in self._event_type_of]
        digest = ProjectLearning(examples=tuple(examples)).examples_digest()
        path = cache / f"event-model-{_file_safe(project)}-{digest}.npz" if cache is not None else None
        if path is not None and path.exists():
            try:
                self.event_model = EventTypeModel.load(path)
                return
            except (OSError, ValueError, KeyError):
                pass  # a damaged file: train again
        self.event_model = EventTypeModel.train(((e.text, e.sub_event_type) for e in examples), self.rule_types)
        if path is not None and self.event_model is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            for old in path.parent.glob(f"event-model-{_file_safe(project)}-*.npz"):
                old.unlink(missing_ok=True)  # the project's older model
            self.event_model.save(path)

    def _rank_actions(
        self,
        text: str,
        folded: str,
        triggers: list[tuple[int, str]],
        found: list[Suggestion],
        model: EventTypeModel,
        sentences: Sentences | None = None,
    ) -> list[Suggestion]:
        """Each action's sub-event type read by the rules and the project's model together: the
        sentence's model probabilities, weighed by how much the model has learnt, plus the rules'
        reading; the best three are offered (``alternatives``: the second and third). The
        sentences are read from the folded article and ranked in one matrix product: a long
        article has thousands."""
        weight = model.examples / (model.examples + _MODEL_PRIOR)
        row_of: dict[int, int] = {}  # action start -> its sentence's row
        rows: dict[tuple[str, tuple[str, ...]], int] = {}  # a sentence's words and rule readings -> row
        trigger_starts = [start for start, _sub in triggers]
        if sentences is None:
            sentences = Sentences(text)
        for s in found:
            if s.label == ACTION and s.start not in row_of:
                lo, hi = sentences.around(s.start)
                hi = min(hi, lo + MAX_CHARS)
                inside = triggers[bisect.bisect_left(trigger_starts, lo) : bisect.bisect_left(trigger_starts, hi)]
                row_of[s.start] = rows.setdefault((folded[lo:hi], tuple(sub for _t, sub in inside)), len(rows))
        ranked = model.rank_many([word_features(words.split(), subs) for words, subs in rows])
        made: dict[tuple[int, str, float, tuple[str, ...]], tuple[dict[str, Any], float] | None] = {}
        out: list[Suggestion] = []
        for s in found:
            if s.label != ACTION:
                out.append(s)
                continue
            offered = tuple(a["sub_event_type"] for a in s.value.get("alternatives", ()))
            key = (row_of[s.start], s.value["sub_event_type"], s.confidence, offered)
            if key not in made:
                made[key] = self._blend(ranked[key[0]], key[1], key[2], weight, s.value["event_type"], offered)
            blended = made[key]
            if blended is None:
                out.append(s)
            else:
                value, confidence = blended
                # Each suggestion its own copy of the value, as everywhere in the pass.
                out.append(_new(s.start, s.end, s.label, s.text, dict(value), confidence))
        return out

    def _blend(
        self,
        readings: list[tuple[str, float]],
        rule: str,
        rule_confidence: float,
        weight: float,
        event_type: str,
        offered: tuple[str, ...] = (),
    ) -> tuple[dict[str, Any], float] | None:
        """The model's readings of a sentence and the rules' reading of one trigger in it, blended;
        the other readings the rules offered with it (``offered``: an arrest at a protest is the
        protest's intervention, or an arrest) count for half."""
        if not readings:
            return None  # the model knows no word of the sentence: the rules decide
        scores = {sub: weight * p for sub, p in readings}
        scores[rule] = scores.get(rule, 0.0) + (1 - weight) * rule_confidence
        for sub in offered:
            scores[sub] = scores.get(sub, 0.0) + (1 - weight) * rule_confidence / 2
        best = sorted(scores.items(), key=lambda item: -item[1])[:3]
        value = {"event_type": self._event_type_of.get(best[0][0], event_type), "sub_event_type": best[0][0],
                 "alternatives": [{"event_type": self._event_type_of.get(sub, ""), "sub_event_type": sub,
                                   "score": round(score, 3)} for sub, score in best[1:]]}  # fmt: skip
        return value, round(min(0.95, max(0.05, best[0][1])), 2)

    def _demonym_words(self) -> frozenset[str]:
        """Demonyms, which may stand before a place name ("Syrian Qamishli")."""
        if self._demonyms is None:
            self._demonyms = frozenset(self.actors.countries.demonym_keys())
        return self._demonyms

    def _dates(self, text: str, folded: str, published: dt.date, anchors: list[AnchorHit]) -> Iterable[Suggestion]:
        # Each distinct resolution's value and confidence made once: an article repeats its dates.
        values: dict[DateResolution, tuple[dict[str, Any], float]] = {}
        for start, end, resolution in find_dates(text, published, folded, day_first=self.day_first, anchors=anchors):
            read = values.get(resolution)
            if read is None:
                read = values[resolution] = (resolution.as_dict(), _date_confidence(resolution))
            yield _new(start, end, DATE, text[start:end], dict(read[0]), read[1])

    def _place_hits(
        self,
        text: str,
        folded: str,
        tokens: list[str],
        words: set[str],
        foreign: list[str],
        checkpoint: Checkpoint = carry_on,
    ) -> list[tuple[int, int, str]]:
        """(start, end, index key) of every place name in the text (``tokens``: ``folded.split()``,
        ``words``: ``set(tokens)``, ``foreign``: those of them not all ASCII)."""
        # (Lower-case words in a cased script are not place names: left out by the scan.)
        hits = self.gazetteer.find_names(folded, checkpoint, tokens, words, text)
        if not folded.isascii():
            # Arabic words with prefixes ("بالخرطوم"): each distinct word read once, from the
            # distinct words of the text (an Arabic word lies inside one), and the few that are
            # place names then found where they stand whole (not inside a longer Arabic word).
            arabic = {w for token in foreign for w in _ARABIC_WORD.findall(token)}
            places = {w: found for w in sorted(arabic) if (found := self._arabic_place(w)) is not None}
            if places:
                for last, word in automaton_of((w, w) for w in places).iter(folded):
                    start, end = last - len(word) + 1, last + 1
                    if not _arabic_letter(folded[start - 1 : start]) and not _arabic_letter(folded[end : end + 1]):
                        skip, key = places[word]
                        hits.append((start + skip, end, key))
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

    def _places(
        self,
        text: str,
        folded: str,
        padded: str,
        mentioned: frozenset[str],
        masks: Masks,
        positions: NamePositions,
        groups: frozenset[tuple[int, int]] = frozenset(),
        checkpoint: Checkpoint = carry_on,
        unlisted: _Spans | None = None,
        homes: frozenset[str] = frozenset(),
        countries_named: Sequence[tuple[int, int, str]] = (),
        only_hinted: bool = False,
        region_hits: list[tuple[int, tuple[int, bool]]] | None = None,
        outlet_only: bool = False,
    ) -> list[_Place]:
        """Place suggestions, each with its country's ISO alpha-2 code, in text order. ``groups``:
        spans that name an actor (never a place); ``homes``: the countries of the named groups,
        searched too for other spellings of names the gazetteer lacks; ``countries_named``:
        (start, end, ISO alpha-2) of the countries the text names as places, by start; ``only_hinted``:
        ``mentioned`` holds only the countries of forces or governments the text names; ``region_hits``:
        where the words of region mentions begin a word, as the lexicon's scan found them (see
        :func:`_region_words`)."""
        allowed = self._demonym_words()
        masked = bool(masks)
        tokens = folded.split()
        words = set(tokens)  # (the text's distinct words, read by the name scan and the admin names)
        foreign = [token for token in words if not token.isascii()]  # (read by the Arabic names and regions)
        found_hits = self._place_hits(text, folded, tokens, words, foreign, checkpoint)
        checkpoint()
        # Countries the article names, and those of its clear, large places (a dateline such as
        # "MAKURDI —" names no country but settles it), rank the ambiguous ones. A capital that
        # stands for its government ("Moscow said") is no place and settles nothing.
        first: dict[str, list[PlaceCandidate]] = {}
        capital: dict[str, bool | None] = {}  # whether the name's first reading is a capital (None: no reading)
        kept: list[tuple[int, int, str]] = []
        context = set(mentioned)
        starts = {start for start, _end, _key in found_hits}  # (read by hyphen_joined)
        # The first words of hyphenated names, read as a place only where it lies in the article's
        # countries (below): a town with a part of it ("Mogadishu-Wadajir"), not a namesake of a
        # longer name's first word (Pont, France, for "Pont-Sonde").
        hyphened: set[int] = set()
        for n, (start, end, key) in enumerate(found_hits):
            if not n & CHECK_EVERY:
                checkpoint()
            if (
                (masked and masks.covers(start, end))
                or (groups and (start, end) in groups)
                or (unlisted is not None and unlisted.contains(start, end))
                or person_context(text, start, end, allowed=allowed)
                or road_name(text, start, end)
                or numbered_name(text, end)
            ):
                continue
            if hyphen_joined(text, end, starts):
                hyphened.add(start)
            if key not in first:
                found = first[key] = self.gazetteer.lookup_key(key, context=mentioned, limit=5)
                capital[key] = found[0].feature == "capital" if found else None
            is_capital = capital[key]
            if is_capital and government_use(text, start, end):
                continue
            if is_capital is False and said_after(text, end):
                continue  # "Ahmad said": a person
            kept.append((start, end, key))
        # Names inside a longer one read as a place ("Paz" of "LA PAZ", "Vicente" of "San Vicente
        # de Chucuri") are no mentions of their own: the longest name is read. (Inside one that is
        # not a place here, a shorter name may be: "Kirsh" of "Jabal al Kirsh front".)
        inside_longer = _inside_longer_names(folded, kept)
        if inside_longer:
            kept = [hit for hit in kept if (hit[0], hit[1]) not in inside_longer]
        # A region of one country given as a name's admin context ("Cabo Afungi (Palma, Cabo
        # Delgado)", "(Belet Xaawo, Gedo)") says where the name lies: a namesake abroad (Palma, the
        # Balearic city; Gedo, the Ethiopian town) is not it, and the name is read as one the
        # gazetteer lacks in that country (below: its district, say). The region's country is the
        # article's too, whatever large city abroad shares a name with its villages (though the
        # region, which put it there, is no surer for it).
        # So does a country after a name and a comma ("Nasir, South Sudan, on Tuesday"; the
        # gazetteer's Nasir is a suburb of Khartoum), unless the name is a list's ("Kenya, Uganda
        # and Tanzania") or another country's too ("Goma, Congo": Congo is also the DRC's name).
        contexts = self._admin_contexts(text, positions)
        # (the end of the name before -> the country right after it)
        country_after = {
            s - 2: (iso2, "")
            for s, e, iso2 in countries_named
            if text[s - 2 : s] == ", " and text[s - 3 : s - 2].isalnum() and _CLOSES_COUNTRY.match(text, e)
            and not self.actors.countries.part_of_another_name(text[s:e])
        }  # fmt: skip
        placed_in: dict[str, str] = {}  # a name's country, where its admin context gives one
        if contexts or country_after:
            # One answer per name and region: a long article names the same places again and again,
            # and a name whose best few lie elsewhere has all its namesakes ranked.
            lies: dict[tuple[str, tuple[str, str] | None], bool] = {}
            placed = []
            afters = admin_contexts_after(text, [e for _s, e, _k in kept], contexts)
            for (s, e, k), after in zip(kept, afters, strict=True):
                where = after or country_after.get(e)
                if where is not None:
                    placed_in.setdefault(k, where[0])
                if (k, where) not in lies:
                    lies[k, where] = self._may_lie_in(where, k, first[k])
                if lies[k, where]:
                    placed.append((s, e, k))
            kept = placed
        # The countries of places named by their own names ("Sderot"): where a town abroad found by
        # another language's name for it ("Hamas", a name of Hamm) is not.
        home = frozenset(
            mentioned
            | {
                self._iso2_of(f[0])
                for k in first
                if (f := first[k]) and not f[0].ambiguous and own_name(f[0].location_unicode, k)
            }
        )
        for key in dict.fromkeys(key for _start, _end, key in kept):  # each name once: it reads only the name
            found = first[key]
            if found and not found[0].ambiguous and found[0].population >= _BIG_CITY:
                iso2 = self._iso2_of(found[0])
                # (Not a city whose name the text places in another country: "Leon (Leon)".)
                if not _foreign_alias(_place_facts(found[0]), key, home, iso2) and placed_in.get(key, iso2) == iso2:
                    context.add(iso2)
        context.discard("")
        region_words = _region_words(text, region_hits, foreign) if region_hits is not None else None
        regions = self._regions(text, frozenset(context), masks, region_words)
        if unlisted is not None:  # ("West Papua" of the West Papua National Liberation Army)
            regions = [r for r in regions if not unlisted.contains(r.suggestion.start, r.suggestion.end)]
        context.update(iso2 for _s, _e, iso2, _admin1 in contexts)
        frozen = frozenset(context)
        checkpoint()
        if regions:
            # "Chin State" is the region, not a town called Chin somewhere else.
            inside = _Spans([(r.suggestion.start, r.suggestion.end) for r in regions])
            kept = [(s, e, k) for s, e, k in kept if not inside.contains(s, e)]
        # The forces' countries rule no town out while nothing else says where the article is: a
        # large city it names does ("Turkish fighters shelled ... Sayada in rural Aleppo"), and so
        # does any place it names in those countries ("Sudanese troops ... in Khartoum").
        open_abroad = outlet_only or (
            only_hinted
            and frozen <= mentioned
            and not any(found and self._iso2_of(found[0]) in mentioned for found in first.values())
        )
        # One decision per distinct (name, near, after a locative word); mentions repeat.
        decided: dict[tuple[str, int, bool], tuple[dict[str, Any], float, str] | None] = {}
        admins_named = _AdminNames(padded, words)  # admin names looked for, and the spellings found
        out: list[_Place] = []
        for n, (start, end, key) in enumerate(kept):
            if not n & CHECK_EVERY:
                checkpoint()
            precision, locative, near = _precision(text, folded, start, end)
            memo_key = (key, precision, locative)
            if memo_key not in decided:
                decided[memo_key] = self._decide_place(
                    key, precision, locative, frozen, admins_named, home, open_abroad
                )
            decision = decided[memo_key]
            if decision is not None and not (hyphened and start in hyphened and decision[2] not in frozen):
                value, confidence, iso2 = decision
                surface = text[start:end]
                value = dict(value)
                value["matched_name"] = surface
                out.append(_place(_new(start, end, LOCATION, surface, value, confidence), iso2, locative or near))
        out.extend(regions)
        taken = [(p.suggestion.start, p.suggestion.end) for p in out] + list(groups)
        # The article's countries: those it names, and those of the places it was found to name.
        countries = frozen | {p.iso2 for p in out if p.iso2 and not p.suggestion.value.get("ambiguous")}
        out.extend(
            self._unknown_places(text, folded, out, taken, countries, admins_named, masks, positions, homes, contexts)
        )
        out.sort(key=_PLACE_START)
        return out

    def _admin_contexts(self, text: str, positions: NamePositions) -> list[tuple[int, int, str, str]]:
        """(start, end, country, admin1) of the names given as another's admin context ("(Palma,
        Cabo Delgado)", "Pipri, Kaushambi") that name a province or district of one country only,
        by start; admin1 is the province (a district's own) where all of that name lie in one.
        A region that shares its name with a large city elsewhere is that country's only where
        another context names a region of it ("(Qandala, Bari)": Somalia's Bari, not the Italian
        city; "Deir al-Balah, Gaza": Gaza City, not Mozambique's Gaza province)."""
        read: dict[str, tuple[tuple[str, str] | None, bool]] = {}  # each distinct name looked up once
        supported: set[str] = set()  # the countries the contexts' other names lie in
        spans = positions[CONTEXT].spans
        for start, end in spans:
            name = text[start:end]
            if name not in read:
                key = fold_key(name)
                found = self.gazetteer.areas(key, frozenset()) or self.gazetteer.regions(name)
                codes = {self._iso2_of(c) for c in found}
                if len(codes) > 1:
                    # Of a province in one country and districts elsewhere, the province: a note's
                    # admin context names the province ("Leon (Leon)": Nicaragua's department, not
                    # the municipality of Leon, Guanajuato).
                    provinces = [c for c in found if c.feature == "admin1"]
                    if len({self._iso2_of(c) for c in provinces}) == 1:
                        found, codes = provinces, {self._iso2_of(provinces[0])}
                admin1s = {self.gazetteer.whole_admin1(c.admin1) for c in found}
                where = (codes.pop(), admin1s.pop() if len(admin1s) == 1 else "") if len(codes) == 1 else None
                places = self.gazetteer.lookup_key(key, limit=1)
                place = self._iso2_of(places[0]) if places else None
                big_city = bool(places) and places[0].population >= _BIG_CITY
                elsewhere = where is not None and big_city and place != where[0]
                read[name] = (where, elsewhere)
                if where is not None and not elsewhere:
                    supported.add(where[0])
                elif where is None and place is not None:
                    supported.add(place)  # ("Qandala": a town the gazetteer has, not a district)
        out = []
        for start, end in spans:
            name = text[start:end]
            where, elsewhere = read[name]
            # (A province named as the place it follows is no large city elsewhere: "Leon (Leon)".)
            if (
                where is not None
                and where[0]
                and (not elsewhere or where[0] in supported or text.endswith(f"{name} (", 0, start))
            ):
                out.append((start, end, *where))
        return out

    def _may_lie_in(self, where: tuple[str, str] | None, key: str, found: list[PlaceCandidate]) -> bool:
        """Whether a name (``key``) whose admin context is the region ``where`` (country, admin1;
        None: it has none) may be one of its places: one lies in that country and, where the region
        says, in that province. ``found``: its best few, before all of them are asked for (a common
        name has dozens of namesakes: "Rampur")."""
        if where is None:
            return True
        return bool(
            self._inside(found, where) or self._inside(self.gazetteer.lookup_key(key, limit=_ALL_NAMESAKES), where)
        )

    def _across_the_border(self, places: list[PlaceCandidate], where: tuple[str, str] | None) -> list[PlaceCandidate]:
        """The ``places`` in the country of ``where`` (country, admin1) that lie within reach of its
        province's seat, though in the next province: a note's admin context may name the province
        a town on its border serves ("near Mai Mahiu (Narok)": Maai Mahiu lies just inside Nakuru)."""
        if where is None or not where[1]:
            return []
        iso2, admin1 = where
        seats = [r for r in self.gazetteer.regions(admin1, context=frozenset({iso2})) if self._iso2_of(r) == iso2]
        return [
            c
            for c in places
            if self._iso2_of(c) == iso2
            and any(_km(c.latitude, c.longitude, r.latitude, r.longitude) <= _ACROSS_THE_BORDER_KM for r in seats)
        ]

    def _inside(self, places: list[PlaceCandidate], where: tuple[str, str] | None) -> list[PlaceCandidate]:
        """The ``places`` that lie in the region ``where`` (country, admin1; admin1 "": anywhere in
        the country; None: all of them). A place the project coded there stays: the reading weighs
        it against the province named."""
        if where is None:
            return places
        iso2, admin1 = where
        return [
            c
            for c in places
            if self._iso2_of(c) == iso2
            and (not admin1 or self.gazetteer.whole_admin1(c.admin1) == admin1 or c.feature == "coded")
        ]

    def _unknown_places(
        self,
        text: str,
        folded: str,
        placed: list[_Place],
        taken: list[tuple[int, int]],
        context: frozenset[str],
        admins_named: _AdminNames,
        masks: Masks,
        positions: NamePositions,
        homes: frozenset[str] = frozenset(),
        contexts: Sequence[tuple[int, int, str, str]] = (),
    ) -> list[_Place]:
        """Places for the names in place positions that no name matched (``taken``: the spans
        already read; :func:`place_roles.unknown_names`), in the article's countries only:
        another spelling of a place there ("Tal Tamer" for Tall Tamr), less sure than a name the
        gazetteer has; else a province or district of that name coded to its largest town, standing
        in for the place ("Argo district, Badakhshan": the village unknown, its province is not).
        ``context``: the article's countries (none known, only a region of one country is read);
        ``homes``: the named groups' countries, where other spellings are looked for too."""
        read: dict[tuple[str, str, tuple[str, str] | None], tuple[dict[str, Any], float, str] | None] = {}
        # Regions already given by a place the text names ("Sderot (Ashqelon, HaDarom)").
        whole = self.gazetteer.whole_admin1
        given = {(p.iso2, whole(p.suggestion.value["admin1"])) for p in placed}
        out = []
        for start, end, position in unknown_names(text, taken, positions):
            if masks and masks.covers(start, end):
                continue
            key = fold_key(text[start:end])
            # The region given as its admin context, if any ("Pauktaw township, Rakhine State"):
            # another spelling is looked for there only (not Pauktaw, Yangon).
            where = admin_context_after(text, end, contexts) if contexts else None
            if (key, position, where) not in read:
                read[key, position, where] = self._unknown_reading(key, position, context, admins_named, homes, where)
            reading = read[key, position, where]
            if (
                reading is not None
                and not (reading[0].get("fallback") and (reading[2], whole(reading[0]["admin1"])) in given)
                and not (
                    where is None and reading[0].get("spelling_variant") and _in_another_region(reading, given, whole)
                )
            ):
                template, confidence, iso2 = reading
                value = {**template, "matched_name": text[start:end]}
                # ("in the village of Fambita, near Banibangou": the town found by another spelling
                # is where the event is near, as for a name the gazetteer has.)
                value["geo_precision"] = max(value["geo_precision"], _precision(text, folded, start, end)[0])
                out.append(_Place(_new(start, end, LOCATION, text[start:end], value, confidence), iso2, True))
        return out

    def _unknown_reading(
        self,
        key: str,
        position: str,
        context: frozenset[str],
        admins_named: _AdminNames,
        homes: frozenset[str] = frozenset(),
        where: tuple[str, str] | None = None,
    ) -> tuple[dict[str, Any], float, str] | None:
        """How :meth:`_unknown_places` reads one name (None: as nothing): a region so named first
        ("(Karimama, Alibori)"), then, but for a name given as admin context, another spelling of
        a place in the article's countries or the named groups' (``homes``), inside the region its
        admin context names (``where``: country, admin1), if it has one."""
        if len(key) < 3 or self.gazetteer.is_stopped(key):
            return None
        areas = self.gazetteer.areas(key, context)
        if areas and (context or len({a.iso3 for a in areas}) == 1):
            value = {**areas[0].as_dict(), "fallback": True}
            return value, 0.4, self._iso2_of(areas[0])
        # The groups' countries only widen the search: they rank nothing, as the article may be
        # about a group abroad ("Hamas" in an Israeli town).
        searched = context | homes
        if not searched or position == CONTEXT:
            return None
        spelt = self.gazetteer.lookup_variant(key, searched, context=context)
        found = self._inside(spelt, where) or self._across_the_border(spelt, where)
        if found:
            # The place whose province or district the text names, if one does ("Obe district, Herat").
            named = _named_admin(found, key, admins_named, self.gazetteer.admin_keys)
            best = named or found[0]
            value = best.as_dict()
            value.update(spelling_variant=True, admin_named=named is not None, ambiguous=False)
            if len(found) > 1:
                value["candidates"] = [c.as_dict() for c in found[:_ALTERNATIVES]]
            # Less sure than a name as the gazetteer has it, unless the text names its region too.
            return value, 0.55 + 0.1 * (position == SPECIFIC) + 0.15 * (named is not None), self._iso2_of(best)
        # A misspelling ("Kintengela (Kaputiei North, Kajiado)"): only a place whose province or
        # district the text names, the evidence that a name so alike is the one meant.
        found = self._inside(self.gazetteer.lookup_misspelt(key, context, context=context), where)
        named = _named_admin(found, key, admins_named, self.gazetteer.admin_keys) if found else None
        if named is not None:
            value = {**named.as_dict(), "misspelt": True, "admin_named": True, "ambiguous": False}
            return value, 0.6 + 0.1 * (position == SPECIFIC), self._iso2_of(named)
        return None

    def _regions(
        self, text: str, context: frozenset[str], masks: Masks, region_words: list[tuple[int, int, bool]] | None = None
    ) -> list[_Place]:
        """Admin1 regions named with their kind ("Chin State", "Lualaba province", "State of
        Mexico"), coded to their largest town with geo_precision 3 (``region_words``: see
        :func:`_region_mentions`)."""
        out = []
        # One look-up per distinct name: a long article names its regions again and again.
        read: dict[str, tuple[dict[str, Any], str, float] | None] = {}
        for m in _region_mentions(text, region_words):
            if masks and masks.covers(m.start(), m.end()):
                continue
            name = m.group("name") or m.group("name2") or m.group("name3")
            start = m.start()
            # The name before the kind may begin with other words ("Russia's Saratov region",
            # "northern Kebbi State" is not one of them: the pattern takes capitalised words only).
            words = name.split(" ") if m.group("name") else [name]
            for k in range(len(words)):
                shorter = " ".join(words[k:])
                if shorter not in read:
                    read[shorter] = self._region_reading(shorter, context)
                if read[shorter] is not None:
                    start = m.start("name") + len(name) - len(shorter) if k else start
                    name = shorter
                    break
            reading = read[name]
            if reading is None:
                continue
            template, iso2, confidence = reading
            value = dict(template)
            value["matched_name"] = text[start : m.end()]
            out.append(_Place(_new(start, m.end(), LOCATION, value["matched_name"], value, confidence), iso2, True))
        return out

    def _region_reading(self, name: str, context: frozenset[str]) -> tuple[dict[str, Any], str, float] | None:
        """A region name's value (its largest town, with the other regions of that name as
        candidates), country and confidence; None when the gazetteer has no such region."""
        found = self.gazetteer.regions(name, context=context) or self._districts(name, context)
        if not found:
            return None
        best = found[0]
        iso2 = self._iso2_of(best)
        value = best.as_dict()  # its "matched_name" is set per mention
        if len(found) > 1:
            value["candidates"] = [c.as_dict() for c in found]
        return value, iso2, 0.6 + 0.2 * (iso2 in context)

    def _region_named_so(self, key: str, iso2: str, town: PlaceCandidate) -> tuple[dict[str, Any], float, str] | None:
        """The region of the article's country that a bare name stands for, when the only town
        of that name lies in another region ("blocked highways in Sinaloa": the state, not the
        village of Chiapas, nor Sinaloa de Leyva, a town of the state also called so; "in Chihuahua"
        stays the city, named so and lying in its own state)."""
        reading = self._region_reading(key, frozenset({iso2}))
        if reading is None:
            return None
        value, where, confidence = reading
        # (An admin1 region of this country: the reading ranks this country's first, and falls
        # back on districts only where no admin1 region has the name.)
        if where != iso2 or value["feature"] != "admin1":
            return None
        whole = self.gazetteer.whole_admin1
        if whole(value["admin1"]) == whole(town.admin1) and fold_key(town.location) == key:
            return None
        return value, confidence, iso2

    def _districts(self, name: str, context: frozenset[str]) -> list[PlaceCandidate]:
        """Second-level regions called ``name`` ("Northern Samar", "Samar Province": provinces of the
        Philippines, where admin1 is the larger region), those in the ``context`` countries first,
        each coded to its largest town (geo_precision as :meth:`Gazetteer.areas` gives it)."""
        found = [c for c in self.gazetteer.areas(region_key(name), frozenset()) if c.feature == "admin2"]
        found.sort(key=lambda c: (self._iso2_of(c) not in context, -c.population))
        return found[:5]

    def _settle_places(self, places: list[_Place], main: CountryInfo | None) -> list[_Settled]:
        """Places read again once the article's country is known: a place abroad with a namesake
        in that country becomes the namesake, one near the article's other places is preferred,
        and a small place abroad is offered with little confidence (reference §4.2: events are
        coded where they happen, and an article's places lie together).

        Each place's reading is returned with its value, confidence and country as settled, not as
        a suggestion: :func:`_specific_first` changes some of them again and makes each suggestion
        once (a long article's places would be made up to three times)."""
        if main is None or not main.iso2:
            return [_new_tuple(_Settled, (p.suggestion, p.suggestion.value, p.suggestion.confidence, p.iso2))
                    for p in places]  # fmt: skip
        home = main.iso2
        # Distinct points, the first few only: a long article names the same towns again and again,
        # and comparing every place with every other would grow with the square of its length.
        found: dict[tuple[float, float], None] = {}
        for p in places:
            if p.iso2 == home and not p.suggestion.value.get("ambiguous"):
                found[p.suggestion.value["latitude"], p.suggestion.value["longitude"]] = None
                if len(found) == _ANCHORS:
                    break  # (the rest of a long article's places need not be read)
        anchors = list(found)
        # One reading per distinct (reading of the name, confidence, country): mentions repeat, and
        # the distances to the anchors are the costly part. The candidates list is shared by every
        # mention of one reading, so its identity stands for the reading's alternatives.
        settled: dict[tuple[Any, ...], tuple[dict[str, Any] | None, bool, float, str]] = {}
        aliases: dict[tuple[Any, str, str], bool] = {}  # (place, text, country) -> found abroad by an alias
        out = []
        for place in places:
            s = place.suggestion
            value = s.value
            memo_key = (
                id(value.get("candidates")), place.iso2, s.confidence, value.get("feature"),
                value.get("population", 0), value["latitude"], value["longitude"],
            )  # fmt: skip
            reading = settled.get(memo_key)
            if reading is None:
                reading = settled[memo_key] = self._settle_one(value, s.confidence, place.iso2, main, anchors)
            base, unambiguous, confidence, iso2 = reading
            if base is None and iso2 != home:
                alias_key = (value.get("location_unicode"), s.text, iso2)
                if alias_key not in aliases:
                    aliases[alias_key] = _foreign_alias(value, fold_key(s.text), frozenset((home,)), iso2)
                if aliases[alias_key]:
                    continue  # a town abroad under another name: the article's own place is missing
            if base is not None:
                value = {**base, "matched_name": value["matched_name"], "candidates": value.get("candidates") or []}
                if unambiguous:
                    value["ambiguous"] = False
            out.append(_new_tuple(_Settled, (s, value, confidence, iso2)))
        return out

    def _settle_one(
        self,
        value: dict[str, Any],
        confidence: float,
        iso2: str,
        main: CountryInfo,
        anchors: list[tuple[float, float]],
    ) -> tuple[dict[str, Any] | None, bool, float, str]:
        """One place reading settled (see :meth:`_settle_places`): the candidate it becomes (None
        when it stays), whether that is now unambiguous, its confidence and its country."""
        candidates = value.get("candidates") or []
        base: dict[str, Any] | None = None
        unambiguous = False
        if iso2 != main.iso2:
            namesake = next((c for c in candidates if c["iso3"] == main.iso3), None)
            if namesake is not None:
                base, unambiguous = namesake, True
                iso2, confidence = main.iso2, max(confidence, 0.75)
            elif anchors and _far(value, anchors, _FAR_ABROAD_KM):
                # A town abroad thousands of kilometres from every place the article names in its
                # country ("the district of Palma", Cabo Delgado: not Palma, Majorca): least sure.
                confidence = min(confidence - 0.35, _FAR_ABROAD_CONFIDENCE)
            elif value.get("feature") != "capital" and value.get("population", 0) < _BIG_CITY:
                confidence -= 0.35
            else:
                confidence -= 0.15
        elif anchors and len(candidates) > 1 and _far(value, anchors):
            base = next((c for c in candidates if c["iso3"] == main.iso3 and not _far(c, anchors)), None)
        return base, unambiguous, round(min(0.99, max(0.05, confidence)), 2), iso2

    def _decide_place(
        self,
        key: str,
        precision: int,
        locative: bool,
        context: frozenset[str],
        admins_named: _AdminNames,
        home: frozenset[str] = frozenset(),
        open_abroad: bool = False,
    ) -> tuple[dict[str, Any], float, str] | None:
        """The reading of a place name: its value, confidence and country (None: not a place here).
        ``home``: the countries of the article's mentions and of the places it names by their own
        names, against which another language's name for a town abroad is judged. ``open_abroad``:
        the article's countries are only those of the forces or governments it names, which rank
        the places but rule out no town abroad."""
        # Ten namesakes, so that one in a region the article names is among them ("Kandi ... Alibori").
        found = self.gazetteer.lookup_key(key, context=context, near=precision == 2, limit=10)
        if not found:
            return None
        if precision == 3:
            found = [replace(c, geo_precision=3) for c in found]
        best = found[0]
        # A place the project coded ranks first, but a text that names another namesake's region
        # ("Dawlat Abad district, Faryab" where the project coded the Dawlat Abad of Balkh) means that one.
        unsure = best.ambiguous or self._iso2_of(best) not in context or best.feature == "coded"
        # When sure, only whether the text names the place's own region ("Ashqelon (HaDarom)").
        named = _named_admin(found if unsure else found[:1], key, admins_named, self.gazetteer.admin_keys)
        by_admin = named if unsure else None
        if not unsure and named is None and len(found) > 1:
            # Sure of a namesake whose region the text does not name, where it names another's:
            # "Bijapur district, Chhattisgarh" is not Vijayapura (Karnataka), also called Bijapur.
            by_admin = _named_admin(found[1:], key, admins_named, self.gazetteer.admin_keys)
        if by_admin is None and best.feature == "coded" and context:
            # The project coded a namesake under this very spelling; the gazetteer may hold the one
            # the text means under another ("Dawlat Abad district, Faryab": Dowlatabad, Faryab).
            variants = self.gazetteer.lookup_variant(key, context, context=context)
            by_admin = _named_admin(variants, key, admins_named, self.gazetteer.admin_keys)
        if by_admin is not None:
            # The article names the candidate's province or district ("Kalale (Kalale, Borgou)",
            # "Amuda in Al-Hasakah"): that settles which of the places it is.
            best = replace(by_admin, ambiguous=False)
            found = [best, *(c for c in found if c is not by_admin)]
        iso2 = self._iso2_of(best)
        # A place the project coded before is where its coders put that name: as good as context.
        in_context = iso2 in context or by_admin is not None or best.feature == "coded"
        if by_admin is None and iso2 in context and best.feature == "populated place" and best.population < _BIG_CITY:
            region = self._region_named_so(key, iso2, best)
            if region is not None:
                return region
        if not in_context and not (
            best.population >= _BIG_CITY
            or (open_abroad and best.population >= _TOWN)
            or (not context and (best.population >= _TOWN or (locative and best.population >= 1000)))
        ):
            return None  # a village abroad named like a word in the text
        if not in_context and (len(key) <= 3 or _foreign_alias(_place_facts(best), key, home | context, iso2)):
            # A short name, or a town abroad under another language's name for it ("Hamas" is
            # also a name of Hamm): found because the village meant is missing, not a place abroad.
            return None
        confidence = 0.5 + 0.25 * in_context + 0.1 * locative + 0.1 * (best.population >= 100_000)
        confidence -= 0.25 * best.ambiguous
        value = best.as_dict()
        if len(found) > 1:
            # The alternatives, best first, for the coder to pick from (and the pass to re-read).
            value["candidates"] = [c.as_dict() for c in found[:_ALTERNATIVES]]
        # "Ashqelon (HaDarom)": the text names where the place lies, sure evidence of its country.
        value["admin_named"] = by_admin is not None or named is found[0]
        return value, round(min(0.99, max(0.05, confidence)), 2), iso2

    def _iso3(self, iso2: str) -> str:
        info = self.actors.countries.by_iso2(iso2)
        return info.iso3 if info else ""

    def _iso2_of(self, place: PlaceCandidate) -> str:
        info = self.actors.countries.by_iso3(place.iso3)
        return info.iso2 if info else ""

    def _tail_of_a_longer_name(self, text: str, start: int, end: int, key: str, named: bool) -> bool:
        """Whether the actor words at ``start:end`` (``key``, folded) end a longer proper name they
        do not stand for: "National Liberation Army" (the ELN) in "the Karen National Liberation
        Army", "Army" (the state's) in "the White Army" or "the Oromo Liberation Army". A named
        group's alias or the word "Army", right after a capitalised word inside a sentence that is
        neither a country nor its people ("the Nigerian Army", "Kenya Army") nor a word of a state
        force's own name ("Somali National Army"). After the name of a country other than the
        group's, a group's alias is that country's body of the same name: "Uganda People's Defence
        Force" is Uganda's army, not Myanmar's People's Defence Force."""
        if not (named or text[start:end] == "Army"):
            return False
        word = word_before(text, start)
        if not _CAPITALISED_WORD.fullmatch(word) or word in _FORCE_NAME_WORDS:
            return False
        country = self.actors.countries.find(word)
        if country is not None:
            # (a country's name, not its people: "Afghan Taliban", "Malian JNIM" are the group)
            home = self.actors.home_of(key) if named and fold_key(word) in self.actors.countries.name_keys() else None
            return home is not None and home.iso2 != country.iso2
        # The sentence's or a line's first word is capitalised whatever it is.
        return not sentence_start(text, start - len(word) - 1)

    def _body_named(self, text: str, start: int, end: int, key: str, named: bool) -> bool:
        """Whether words for civilians, capitalised, begin a body's name ("Civilian Joint Task
        Force", a Nigerian militia; "Residents Association"): a capitalised word follows them. Not
        the police's or army's words: "Police Inspector", "Army Chief" are of that force."""
        if named or self.actors.generic_type(key) != CIVILIANS:
            return False
        return _CAPITALISED_WORD.fullmatch(word_after(text, end)) is not None

    def _unlisted_groups(
        self,
        text: str,
        actor_hits: list[tuple[int, int, str, bool]],
        masks: Masks,
        kind_words: list[tuple[int, int]],
    ) -> list[NamedGroup]:
        """The groups the text names that the dictionary lacks (:mod:`named_groups`; ``kind_words``
        as it reads them), where no actor it has reads their words."""
        if not kind_words:
            return []
        found = [
            g for g in named_groups(text, self._is_country, kind_words) if not (masks and masks.covers(g.start, g.end))
        ]
        if not found:
            return []
        spans = sorted((s, e) for s, e, _key, _named in actor_hits)
        starts = [s for s, _e in spans]

        def known(group: NamedGroup) -> bool:
            """Whether an actor the dictionary has reads the group's words. (A name inside the
            group's longer one is not it: "National Liberation Army" of the West Papua National
            Liberation Army.) But a name the dictionary has before a kind word in lower case is
            that actor's: "ADF militia combatants" are the ADF's."""
            i = bisect.bisect_left(starts, group.start - _LONGEST_ACTOR_HIT)
            while i < len(spans) and spans[i][0] < group.end:
                s, e = spans[i]
                if group.start < e and not (group.start <= s and e <= group.end and e - s < group.end - group.start):
                    return True
                if s == group.start and e - s == len(group.own_name) and group.kind not in PROPER_KINDS:
                    return True
                i += 1
            return False

        return [g for g in found if not known(g)]

    def _knows_place(self, name: str) -> bool:
        """Whether the gazetteer or the countries know a name (:func:`unlisted_places`)."""
        key = fold_key(name)
        return self.gazetteer.is_stopped(key) or self._is_country(name) or bool(self.gazetteer.lookup_key(key, limit=1))

    def _region_or_town_of(self, word: str, country: str) -> bool:
        """Whether ``word`` names a first-level region of ``country`` (a name) or one of its towns
        of 10,000 people or more: a community's place, not a village named like a people."""
        info = self.actors.countries.find(country)
        if info is None or not info.iso2:
            return False
        here = frozenset((info.iso2,))
        towns = self.gazetteer.lookup_key(fold_key(word), context=here, limit=5)
        return any(c.iso3 == info.iso3 and c.population >= 10_000 for c in towns) or any(
            c.iso3 == info.iso3 for c in self.gazetteer.regions(word, context=here, limit=3)
        )

    def _air_units(self) -> dict[str, str]:
        """The state forces ACLED names by their air unit when they strike from the air: "Military
        Forces of Russia (" -> "Air Force" (data/state_units.toml)."""
        if self._air_unit_names is None:
            countries = self.actors.countries
            self._air_unit_names = {
                f"Military Forces of {countries.in_actor_name(info)} (": unit
                for iso3, unit in read_data_toml("state_units.toml")["air_strikes"].items()
                if (info := countries.by_iso3(iso3)) is not None
            }
        return self._air_unit_names

    def _is_country(self, word: str) -> bool:
        return self.actors.countries.find(word) is not None

    def _unlisted_actors(
        self, text: str, groups: list[NamedGroup], found: list[Suggestion], country: str | None, when: dt.date | None
    ) -> list[Suggestion]:
        """Actors for the ``groups`` (:meth:`_unlisted_groups`) that no other suggestion overlaps:
        each named as ACLED would write it ("Gran Grif Gang", "AA: Arakan Army"), less sure than a
        dictionary's name; for a gang or a militia, the readings ACLED also gives such a name and
        the country's generic actor of its kind are offered with it."""
        if not groups:
            return []
        taken = _Spans([(s.start, s.end) for s in found])
        generic: dict[str, dict[str, Any] | None] = {}
        out = []
        for group in groups:
            if taken.overlaps(group.start, group.end):
                continue
            if group.kind == CLAN_MILITIA and country not in SOMALI_LANDS:
                group = group._replace(name=f"{group.own_name} Militia", kind="Militia", type_code=POLITICAL_MILITIA)
            name = group.name
            if group.kind in (ETHNIC_MILITIA, CLAN_MILITIA) and country:
                name = f"{name} ({country})"  # ("Fulani Ethnic Militia (Nigeria)")
            value: dict[str, Any] = {
                "name": name,
                "type_code": group.type_code,
                "score": 50.0,
                "reason": "a group the text names, not in the dictionary",
                "country": country or "",
            }
            if group.kind in _GENERIC_OF_KIND:
                if group.kind not in generic:
                    candidate = self.actors.resolve(_GENERIC_OF_KIND[group.kind], event_country=country, when=when)
                    generic[group.kind] = (
                        candidate.as_dict()
                        if candidate is not None
                        else self.actors.unnamed_of_type(POLITICAL_MILITIA, country, when)
                        if country
                        else None
                    )
                others = []
                if group.kind == "Militia" and country and " " not in group.own_name:
                    # One word before "militia" is most often a people's or a place's ("Dinka
                    # militia", "Mueda militia"), which ACLED names so: "Dinka Ethnic Militia (South Sudan)".
                    others = [
                        {"name": f"{group.own_name} {kind} Militia ({country})", "type_code": IDENTITY_MILITIA}
                        for kind in ("Ethnic", "Communal")
                    ]
                    if self._region_or_town_of(group.own_name, country):
                        # A place's: its community's militia ("a Zamfara militia": "Zamfara Communal
                        # Militia (Nigeria)" in ACLED's rows of 2025), the name's other readings beside it.
                        others = [others[0], {"name": name, "type_code": group.type_code}]
                        value.update(name=f"{group.own_name} Communal Militia ({country})", type_code=IDENTITY_MILITIA)
                if (other := generic[group.kind]) is not None:
                    others.append({"name": other["name"], "type_code": other["type_code"]})
                if others:
                    value["alternatives"] = others
            out.append(_new(group.start, group.end, ACTOR, text[group.start : group.end], value, 0.6))
        return out

    def _actors(
        self,
        text: str,
        hits: list[tuple[int, int, str, bool]],
        country: str | None,
        masks: Masks,
        when: dt.date | None = None,
    ) -> Iterable[Suggestion]:
        memo: dict[tuple[str, str | None], tuple[ActorCandidate | None, dict[str, Any] | None]] = {}
        # The last state force named with its country, other than the article's: (its end, country,
        # reading). Bare words for state forces it reports on are its own ("The Israeli military
        # said troops had come under fire", in an article whose events are in Palestine).
        national: tuple[int, str, ActorCandidate] | None = None
        outer = (-1, -1)  # the last name read that no other holds
        for start, end, key, named in hits:
            surface = text[start:end]
            if named and not _has_upper(surface) and surface.lower() != surface.upper():
                continue  # "us forces" in lower case is not the United States
            if surface.count("(") > surface.count(")") and text[end : end + 1] == ")":
                end += 1  # "CPI (Maoist)": the folded key ends before the closing mark
                surface = text[start:end]
            whose, by = country, None
            if (
                national is not None
                and not named
                and self.actors.generic_type(key) == STATE_FORCES
                and (
                    _REPORTS_ITS_OWN.fullmatch(text, national[0], start) is not None
                    or _speaks_of_its_own(text, national[0], start, end)
                )
            ):
                whose, by = national[1], national[2]
            if (key, whose) not in memo:
                candidate = self.actors.resolve(key, event_country=whose, when=when)
                if candidate is not None and by is not None:
                    # (the force's type where the article's events are: 8 outside its country)
                    reason = f"'{key}' after {by.name} in its sentence"
                    candidate = replace(candidate, type_code=by.type_code, reason=reason)
                value = candidate.as_dict() if candidate is not None else None
                if candidate is not None:
                    # Words the project coded more than one way, or a unit with its force: the other
                    # readings are offered too.
                    others = self.actors.alternatives(key, candidate.name, event_country=whose, when=when)
                    if value is not None and others:
                        value["alternatives"] = [{"name": c.name, "type_code": c.type_code} for c in others[:2]]
                memo[key, whose] = (candidate, value)
            candidate, value = memo[key, whose]
            # (A name inside the one before is not a force named: "Sudan People's Defence Forces" of
            # "South Sudan People's Defence Forces", which comes just after it.)
            if named and not (outer[0] < start and end <= outer[1]):
                outer = (start, end)
                if (
                    candidate is not None
                    and candidate.type_code in (STATE_FORCES, EXTERNAL_FORCES)
                    and candidate.country
                    and candidate.country != country
                ):
                    national = (end, candidate.country, candidate)
            if candidate is not None and value is not None:
                # The project's own reading of its words comes first; a bare alias ("police")
                # borrows the article's main country and is less certain than a name.
                if candidate.reason == LEARNT:
                    confidence = 0.9
                elif candidate.reason == LEARNT_ELSEWHERE:
                    confidence = 0.75
                else:
                    confidence = 0.85 if named else 0.7
                yield _new(start, end, ACTOR, surface, value, confidence)


# The dictionary's words for a group of each kind no one names, whose generic actor is offered
# beside a named one it lacks.
_GENERIC_OF_KIND = {"Gang": "gangs", "Militia": "militias", ETHNIC_MILITIA: "communal militia",
                    CLAN_MILITIA: "clan militia"}  # fmt: skip
IDENTITY_MILITIA = 4
_LONGEST_ACTOR_HIT = 120  # characters: no alias of the dictionary is longer

# Nouns after which "civilian" says what kind of thing it is, not who ("a return to civilian rule",
# "civilian infrastructure"): no civilians there. ("Civilian casualties" are people.)
_CIVILIAN_AS_A_KIND = frozenset({
    "rule", "government", "governments", "administration", "authorities", "authority", "leadership", "transition",
    "control", "oversight", "courts", "court", "infrastructure", "areas", "area", "targets", "target", "objects",
    "sites", "buildings", "building", "facilities", "facility", "airport", "aircraft", "flights", "status",
})  # fmt: skip
# Between a state force named with its country and bare words for state forces that are its own:
# nothing ("Uganda People's Defence Force soldiers"), or it reports on them ("The Israeli military
# said troops had come under fire", "Russia's defence ministry said its forces"). Not forces it acted
# with or against ("US forces, in coordination with government security forces"), nor words of
# another body's name ("a QSD military position").
_SPEECH_VERBS = "said|says|reported|added|stated|announced|confirmed"
_REPORTS_ITS_OWN = re.compile(rf" (?:(?:{_SPEECH_VERBS}|claimed)(?: that)?(?: its| their| the)? )?")

# A speaker's verb after bare words for state forces ("..., the army said").
_SPEAKS = re.compile(rf" (?:{_SPEECH_VERBS})\b")
_SAME_SENTENCE_REACH = 300  # characters between a force named with its country and its own bare words


def _speaks_of_its_own(text: str, national_end: int, start: int, end: int) -> bool:
    """Whether bare words for state forces at [start, end) speak in the sentence where a state force
    was named with its country (ending at ``national_end``): "Israeli forces killed five gunmen in
    Tubas, the army said" (the army is Israel's, not the territory's)."""
    return (
        start - national_end <= _SAME_SENTENCE_REACH
        and _SPEAKS.match(text, end) is not None
        and not any(stop in text[national_end:start] for stop in (". ", ".\n", "? ", "! "))
    )


# A word of a longer proper name before an actor's words (_tail_of_a_longer_name): capitalised
# letters only ("Iran-backed", "Somalia's" and "US" are not), except the words of a state force's
# own name; a sentence's first word is capitalised anyway (context.sentence_start).
_CAPITALISED_WORD = re.compile(r"[A-Z][a-z]+|[A-Z][a-z]*['’](?!s$)[a-z]+")  # ("Ta'ang", not "Somalia's")
_FORCE_NAME_WORDS = frozenset({"National", "Federal", "Royal", "Regular", "State", "Republican", "Presidential"})

# What may follow a country given as the admin context of the name before it ("Nasir, South
# Sudan, on Tuesday"): the end of the phrase, not more of a list ("Kenya, Uganda and Tanzania").
_CLOSES_COUNTRY = re.compile(r"[,.;:)\n]|$| (?:on|in|at|near|after|before|during|when|where|as|late|early)\b")

# A region named with its kind: "Chin State", "Lualaba province", "the State of Mexico".
_REGION_MENTION = re.compile(
    r"\b(?P<name>(?:[A-Z][\w'-]+ ){0,2}[A-Z][\w'-]+) (?:[Ss]tate|[Pp]rovince|[Rr]egion|[Gg]overnorate|[Oo]blast"
    r"|[Pp]refecture|[Dd]epartment)\b"
    r"|\b(?:[Ss]tate|[Pp]rovince|[Gg]overnorate|[Rr]egion|[Dd]epartment) of"
    r" (?P<name2>(?:[A-Z][\w'-]+ ){0,2}[A-Z][\w'-]+)"
    # A region named by a direction and a word ("Lower Juba", "North Sinai", "Western Cape"): a
    # region only when the gazetteer has an admin1 region of that name.
    r"|\b(?P<name3>(?:Lower|Upper|Middle|North|South|East|West|Northern|Southern|Eastern|Western|Central)"
    r" [A-Z][\w'-]+|(?:Nord|Sud)-[A-Z][\w'-]+)"
)
# Where a region mention may start: a capital letter that begins a word (every branch above starts
# so), at most three words before a word of the kind or direction, or that word itself.
_CAPITAL_STARTS = re.compile(r"[A-Z](?<!\w[A-Z])")


# The words one of which every region mention holds ("Chin State", "Lualaba province", "Lower
# Juba": _region_mentions starts only at them; more is harmless). The kinds are read whole; the
# directions begin longer words too ("Southern").
REGION_MENTION_KINDS = tuple(
    w for kind in ("State", "Province", "Region", "Governorate", "Oblast", "Prefecture", "Department")
    for w in (kind, kind.lower())
)  # fmt: skip
REGION_MENTION_WORDS = (*REGION_MENTION_KINDS, "Lower", "Upper", "Middle", "North", "South", "East", "West", "Central",
                        "Nord", "Sud")  # fmt: skip


@functools.cache
def _region_words_automaton() -> Any:
    """Each word one of which every region mention holds (REGION_MENTION_WORDS) with
    its length and whether the pattern reads it whole (the kinds: the directions begin longer
    words too, "Southern")."""
    return automaton_of((word, (len(word), word in REGION_MENTION_KINDS)) for word in REGION_MENTION_WORDS)


# The region words as the lexicon finds them in the padded folded text: at a word's start, any case
# (last index of the key -> length of the word, whether the pattern reads it whole).
_REGION_WORD_KEYS = {f" {word.lower()}": (len(word), word in REGION_MENTION_KINDS) for word in REGION_MENTION_WORDS}
_REGION_WORD_IN = re.compile("|".join(key[1:] for key in _REGION_WORD_KEYS))
# (which list of the pass a lexicon hit set aside goes to)
_DATE_WORD, _REGION_WORD, _GROUP_WORD, _PLACE_KIND_WORD = 0, 1, 2, 3


def _set_aside(lexicon: dict[str, tuple[Any, ...]], words: Iterable[str], which: int) -> None:
    """Set the lexicon's hits of ``words`` aside for the pass's list ``which`` (with their length);
    a word that is also another kind's key is read as that besides."""
    for word in words:
        key = f" {word} "
        if key in lexicon:
            if lexicon[key][-1] is not None:
                raise ValueError(f"{word!r} is already a word the lexicon sets aside")
            lexicon[key] = (*lexicon[key][:-1], (which, len(word), False))
        else:
            lexicon[key] = (len(word), None, (), (), False, (), (which, len(word), True))


def _region_words(
    text: str, hits: list[tuple[int, tuple[int, bool]]], foreign: list[str]
) -> list[tuple[int, int, bool]]:
    """The region words for :func:`_region_mentions` (last index, length, read whole) from the
    lexicon's ``hits`` of _REGION_WORD_KEYS: in the padded folded text, a word's start.

    Not the same words as the raw text's scan for REGION_MENTION_WORDS, but as good: a mention's
    word follows a space ("Chin State") or a word boundary ("State of", "Lower Juba"), which is a
    character that is neither a letter, a digit nor "_", and every such character folds to a space
    but a combining mark. One after a mark is in a word of the folded text that is not all ASCII
    (``foreign``: the text's distinct ones): where one of those holds a region word, the raw text
    is scanned as before. The extra words (in another case, after "_") only add starts that
    :func:`_region_mentions` tries in vain. A test compares the two on random strings."""
    if foreign and _REGION_WORD_IN.search(" ".join(foreign)):
        return [(end, length, whole) for end, (length, whole) in _region_words_automaton().iter(text)]
    return [(end - 1, length, whole) for end, (length, whole) in hits]


def _region_mentions(text: str, words: Iterable[tuple[int, int, bool]] | None = None) -> Iterable[re.Match[str]]:
    """What ``_REGION_MENTION.finditer(text)`` finds, in a fraction of the time on a long article:
    that tries the pattern at every position, this only where a mention can start (an
    Aho-Corasick scan finds the words a mention needs, in C). ``words``: (last index, length,
    read whole) of each region word in the text, if the caller found them (the pass does, with
    the lexicon's scan: :func:`_region_words`)."""
    if words is None:
        words = ((end, length, whole) for end, (length, whole) in _region_words_automaton().iter(text))
    starts: set[int] = set()
    size = len(text)
    for end, length, whole in words:
        # The pattern reads a kind word whole ("State" then a word boundary): not "statement".
        if whole and end + 1 < size and (text[end + 1].isalnum() or text[end + 1] == "_"):
            continue
        kind = end - length + 1
        if text[kind].isupper() or text.startswith(" of ", end + 1):
            starts.add(kind)  # "State of Mexico", "the state of Michoacan", "Lower Juba"
        if kind and text[kind - 1] == " ":
            # "Chin State", "Akwa Ibom State": one to three words one space apart, right before it.
            lo = kind - 1
            for _ in range(3):
                lo = text.rfind(" ", 0, lo)
                if lo < 0:
                    break
            starts.update(m.start() for m in _CAPITAL_STARTS.finditer(text, lo + 1, kind - 1))
    pos = 0
    for start in sorted(starts):
        if start >= pos and (m := _REGION_MENTION.match(text, start)) is not None:
            yield m
            pos = m.end()


# How many coded events the model must have learnt from to weigh as much as the rules.
_MODEL_PRIOR = 40.0
# Beyond this distance (km) from every other place the article names in its country, a place is
# looked for among its namesakes nearer to them.
_APART_KM = 300.0
# Beyond this distance (km) from every place the article names in its country, a place abroad is
# offered last: further than a neighbour's towns, which articles name beside their own.
_FAR_ABROAD_KM = 2000.0
_FAR_ABROAD_CONFIDENCE = 0.1
# Alternatives offered with a place suggestion.
_ALTERNATIVES = 5
# Namesakes read when the text says which province a name lies in (more than any name has).
_ALL_NAMESAKES = 1000
# A capital standing in for an event placed only in its country: below any place the text names.
_COUNTRY_SEAT_CONFIDENCE = 0.15


def _demonym_end(text: str, start: int, demonym: str) -> int:
    """Where a nationality's own words end, with an abbreviation's closing dot ("U.S.")."""
    end = start + len(demonym)
    return end + 1 if text[end : end + 1] == "." else end


# What may stand between two nationalities of one force noun ("U.S. and British warplanes"; not a
# comma: "In Uganda, Uganda People's Defence Force soldiers").
_BETWEEN_NATIONALITIES = (" and ", " or ")
# A capitalised word right after a name: the name is the first word of a longer one.
_NAME_GOES_ON = re.compile(r" [A-Z][a-z]")
# A name right before "in" or a comma: the country after it says where that place lies ("Kofounou in Benin").
_NAME_IN = re.compile(r"[A-Z][\w'-]*(?: in|,) $")
# Places of the article's country that others are measured against.
_ANCHORS = 40


# A city this large is named abroad under its other names too ("Cologne", "Kiev").
_WORLD_CITY = 1_000_000


def _precision(text: str, folded: str, start: int, end: int) -> tuple[int, bool, bool]:
    """ACLED's geo_precision of the place named at [start, end) (1 the place itself, 2 near it or
    its area, 3 the region named after it, "Al-Hasakah province", coded to the town), whether a
    locative word stands before it ("in", "at" ...), and whether it is near or around it."""
    before = folded[start - 60 if start > 60 else 0 : start]
    previous = before.rstrip().rpartition(" ")[2]
    # "'s countryside", " area", " province" follow only a space or an apostrophe: most mentions
    # are followed by neither, and need not be read further. After a space, the next word's first
    # letter tells whether either can follow (as near_after and region_after read it first),
    # without a call for most names.
    gap = text[end : end + 1]
    letter = text[end + 1 : end + 2]
    near = (previous in _NEAR_LAST_WORDS and _NEAR.search(before) is not None) or (
        (gap == "'" or (gap == " " and letter in AREA_FIRST)) and near_after(text, end)
    )
    precision = 3 if gap == " " and letter in REGION_FIRST and region_after(text, end) else 2 if near else 1
    return precision, previous in _LOCATIVE, near


def _inside_longer_names(folded: str, hits: list[tuple[int, int, str]]) -> set[tuple[int, int]]:
    """The (start, end) of the ``hits`` (in ``folded``, the folded text) that lie inside a longer
    one. Only names of several words hold others: a long article's single words are passed over
    with two look-ups each."""
    longer = [(s, e) for s, e, key in hits if " " in key]
    if not longer:
        return set()
    reach: dict[int, int] = {}  # a longer name's start -> its furthest end
    inside: dict[int, int] = {}  # a word's start inside a longer name (not its first) -> that name's end
    for s, e in longer:
        reach[s] = max(e, reach.get(s, -1))
        at = folded.find(" ", s, e)
        while at != -1:
            inside[at + 1] = max(e, inside.get(at + 1, -1))
            at = folded.find(" ", at + 1, e)
    return {(s, e) for s, e, _key in hits if (s in reach and e < reach[s]) or (s in inside and e <= inside[s])}


_OF_THE = (" of the ", " from the ", " of a ", " of an ", " from an ", " from a ", " of ", " from ")
# Crowd words that, before a group's name, are its people, not a crowd of their own.
# (Not "supporters", who make a crowd whoever they support: "supporters of the BNP".)
_ITS_PEOPLE = frozenset({"factions", "members", "rivals", "groups", "a group", "men"})


def _right_after(text: str, start: int, ends: set[int]) -> bool:
    """Whether the words at ``start`` follow a name that ends at one of ``ends``, one space apart
    ("ISWAP militants"), as an armed group's people; not after a comma or a conjunction."""
    return start - 1 in ends and text[start - 1 : start] == " "


def _of_the_group(text: str, end: int, named_at: set[int]) -> bool:
    """Whether the words ending at ``end`` belong to a named group that begins at one of
    ``named_at`` ("rebels of the Kachin Independence Army")."""
    return any(text.startswith(link, end) and end + len(link) in named_at for link in _OF_THE)


def _place_facts(place: PlaceCandidate) -> dict[str, Any]:
    """What :func:`_foreign_alias` reads of a candidate."""
    return {"location_unicode": place.location_unicode, "feature": place.feature, "population": place.population}


def _foreign_alias(place: dict[str, Any], key: str, context: frozenset[str], iso2: str) -> bool:
    """Whether ``place`` (a candidate's value) lies outside the article's ``context`` countries and
    ``key`` is only another language's name for it, not its own (nor a world city's or a
    capital's): such a hit means the article names a place the gazetteer lacks. Without context
    nothing is foreign."""
    if not context or iso2 in context or place.get("feature") in ("capital", "coded"):
        return False
    return place.get("population", 0) < _WORLD_CITY and not own_name(place.get("location_unicode", ""), key)


def _specific_first(
    text: str, places: list[_Settled], positions: NamePositions | None, whole: Callable[[str], str]
) -> list[Suggestion]:
    """The place suggestions, as settled, with their confidence changed by what each mention does in
    its sentence (:func:`place_roles.specific_first`): the village before the town it lies in.
    ``whole``: the region an admin1 is part of (``Gazetteer.whole_admin1``). A suggestion whose
    reading nothing changed is the one the pass made first."""
    if not places:
        return []
    # (Each Mention made as its tuple: the named tuple's own __new__ is a Python function.)
    mentions = [
        _new_tuple(Mention, (s.start, s.end, iso2, whole(value["admin1"]), (value["latitude"], value["longitude"]),
                             value.get("feature") in ("admin1", "admin2")))
        for s, value, _confidence, iso2 in places
    ]  # fmt: skip
    out = []
    for (s, value, confidence, _iso2), (delta, stands_in) in zip(
        places, specific_first(text, mentions, positions), strict=True
    ):
        if delta or stands_in:
            if stands_in:
                value = {**value, "fallback": True}
            confidence = round(min(0.99, max(0.05, confidence + delta)), 2)
        if value is not s.value or confidence != s.confidence:
            s = _new(s.start, s.end, s.label, s.text, value, confidence)
        out.append(s)
    return out


def _far(place: dict[str, Any], anchors: list[tuple[float, float]], km: float = _APART_KM) -> bool:
    return all(_km(place["latitude"], place["longitude"], lat, lon) > km for lat, lon in anchors)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 12742.0 * math.asin(math.sqrt(a))


def _actor(start: int, end: int, text: str, value: dict[str, Any], confidence: float) -> Suggestion:
    return _new(start, end, ACTOR, text, value, confidence)


def _in_another_region(
    reading: tuple[dict[str, Any], float, str], given: set[tuple[str, str]], whole: Callable[[str], str]
) -> bool:
    """Whether a place found by another spelling lies in a province of its country other than
    those the text's places lie in ("the village of Kairu in Maru ... of Zamfara State": Kiru, in
    Kano): the village meant is one the gazetteer lacks, not a look-alike name elsewhere. (Where
    the text gives the name's own admin context, :meth:`SuggestionEngine._across_the_border` has
    judged it: "Mai Mahiu (Narok)" is the Mai Mahiu of Nakuru, on the county line.)"""
    value, _confidence, iso2 = reading
    regions = {admin1 for country, admin1 in given if country == iso2}
    return bool(regions) and not value.get("admin_named") and whole(value["admin1"]) not in regions


class _AdminNames:
    """The spellings of admin names that the article's folded text holds, each name looked for
    once. A one-word spelling is looked up among the text's distinct words, a longer one searched
    for only once all its words are there: a search of the whole text for each spelling took a
    long article ~0.4 ms per admin name its places have."""

    def __init__(self, padded: str, words: set[str]) -> None:
        self._padded = padded  # the folded text with a space each side
        self._words = words  # its distinct words
        self._seen: dict[str, tuple[str, ...]] = {}

    def spellings(self, admin: str, spellings: Callable[[str], tuple[str, ...]]) -> tuple[str, ...]:
        """Those of the admin's ``spellings`` that the text names (not a common word such as
        "Centre", nor a short one)."""
        named = self._seen.get(admin)
        if named is None:
            common = common_words()
            named = self._seen[admin] = tuple(
                k for k in spellings(admin) if len(k) >= 4 and k not in common and self._holds(k)
            )
        return named

    def _holds(self, key: str) -> bool:
        """Whether `` {key} `` is in the padded text (its words one space apart)."""
        if " " not in key:
            return key in self._words
        return all(word in self._words for word in key.split(" ")) and f" {key} " in self._padded


def _named_admin(
    found: list[PlaceCandidate],
    key: str,
    names: _AdminNames,
    spellings: Callable[[str], tuple[str, ...]],
) -> PlaceCandidate | None:
    """The first candidate whose admin1 or admin2 the folded text names (not its own name), in any
    of its ``spellings`` (ACLED's and the gazetteer's: "Al Hasakeh", "Al-Hasakah")."""
    for c in found:
        for admin in (c.admin1, c.admin2):
            if any(k != key for k in names.spellings(admin, spellings)):
                return c
    return None


def _event_date(found: list[Suggestion], published: dt.date | None) -> dt.date | None:
    """When the article's events were, for the regime period in state forces' names: the date the
    pass is surest of (an event on 31 December reported on 2 January is last year's), else the
    day it was published."""
    dates = [s for s in found if s.label == DATE]
    if dates:
        best = min(dates, key=lambda s: (-s.confidence, s.start))
        return dt.date.fromisoformat(best.value["event_date"])
    return published


def _date_confidence(resolution: DateResolution) -> float:
    if "ambiguous" in resolution.rule:
        return 0.5  # "on 12/03" without the project's order: either day may be meant
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
    is enough. Of those starting at one offset only the best can win (the longest, then by label
    priority, then the first found), so the sort is by start alone, done in C, and the few ties
    are settled apart: a long article has tens of thousands of suggestions.
    """
    order = sorted(found, key=_START)
    starts = list(map(_START, order))  # (read once, in C: each is compared with the next one's)
    kept: list[Suggestion] = []
    last_end = -1  # where the last kept one ends (offsets are >= 0: the first is always kept)
    count = len(order)
    i = 0
    while i < count:
        s = order[i]
        start = starts[i]
        i += 1
        while i < count and starts[i] == start:
            other = order[i]
            i += 1
            if _rank(other) > _rank(s):
                s = other
        if start >= last_end:
            kept.append(s)
            last_end = s.end
        elif _rank(s) > _rank(kept[-1]):
            kept[-1] = s
            last_end = s.end
    return kept


_START = operator.attrgetter("start")
_PLACE_START = operator.attrgetter("suggestion.start")
_PLACE_END = operator.attrgetter("suggestion.end")


def _rank(s: Suggestion) -> tuple[int, int]:
    """Which of two overlapping suggestions stays: the longer, then the higher label priority."""
    return s.end - s.start, -_PRIORITY.get(s.label, 9)


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


def engine_with_learning(
    codebook: Codebook, gazetteer: Gazetteer, learning: ProjectLearning, *, cache: Path | None = None
) -> SuggestionEngine:
    """An engine that knows what the project has coded: its actors and their evidence texts, its
    reading of year-less dates, and a sub-event type model trained on its events (kept in ``cache``)."""
    actors = ActorDictionary(codebook, learning.actors, countries=gazetteer.countries, project_aliases=learning.aliases)
    engine = SuggestionEngine(codebook, gazetteer, actors, day_first=learning.day_first)
    if learning.examples:
        engine.learn(learning.examples, cache=cache, project=learning.project)
    return engine


def _file_safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", name)[:64] or "project"


def suggest(
    text: str, *, published: dt.date | None, codebook: Codebook, gazetteer: Gazetteer, actors: ActorDictionary
) -> list[Suggestion]:
    """Suggestions for one article (see :class:`SuggestionEngine`)."""
    return engine_for(codebook, gazetteer, actors).suggest(text, published=published)
