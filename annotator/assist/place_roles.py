"""What a place name does in its sentence: the event's own place, or the area around another one
(issue #13: ACLED codes the most specific location the report names).

Reports name a village and then where it lies, and the larger places must not win over it:

* admin context: "Kefar Azza (Ashqelon, HaDarom)", "Parbatipur upazila in Dinajpur",
  "Dawlat Abad district, Balkh", "in Lagh Kutulo, Wajir" — the names after the village say where it
  is, the village is the event's place;
* a province's countryside: "Menbij ... in the Aleppo countryside", "rural northern Ar Raqqa" —
  the governorate named after its capital is the area, not the capital;
* a road's ends: "along the Mai Mahiu-Narok highway" — the event is on the road, at neither town;
* a town's neighbourhood: "Kpebie neighbourhood of Parakou" — ACLED codes the town, not the
  neighbourhood (which GeoNames may list as a place of its own);
* the anchor: a name followed by its admin context or "village", "town" is the one being placed.

:func:`mention_roles` reads these from the text around each mention; :func:`unknown_names` finds
the names in such positions that no dictionary matched (villages the gazetteer lacks, spellings
it does not know), for the suggestion pass to look up further.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import string
from collections.abc import Container, Iterator, Sequence
from typing import Any, NamedTuple

from annotator.assist.automata import automaton_of
from annotator.assist.folding import strip_article, variant_key
from annotator.assist.place_index import region_key

# Words for a kind of place after its name: "Parbatipur upazila", "Dawlat Abad district".
_KINDS = (
    r"district|sub-district|subdistrict|upazila|thana|township|county|sub-county|village|town|city|area|municipality|"
    r"commune|neighbou?rhood|camp|locality|province|governorate|region|division|woreda|kebele|tehsil|"
    r"taluka?|ward|settlement|kibbutz|moshav|beach"
)
# Lower-case words inside a place name: "Tarnak Wa Jaldak", "Chashmah-ye Duzakh", "Jabal al Kirsh",
# "Valle del Cauca".
_PARTICLES = r"(?:al|el|ad|ar|as|ash|at|az|an|del|della|de|du|des|la|le|wa|e|i|ye|bin|ibn|of|di|da|do|dos|das)"
# A capitalised name of up to four words, hyphens and particles included.
NAME = rf"[A-Z][\w'’]*(?:-[\w'’]+)*(?:[ -](?:{_PARTICLES}[ -])?[A-Z][\w'’]*(?:-[\w'’]+)*){{0,3}}"
_NAME = re.compile(NAME)
_ADJECTIVE = r"(?:rural|(?:north|south|east|west)(?:ern)?|central)"

_KIND_WORDS = tuple(_KINDS.replace("neighbou?rhood", "neighbourhood|neighborhood").split("|"))
# Kinds that are a part of the town named after them: "Godomey neighbourhood of Abomey-Calavi".
_PART_WORDS = frozenset(("neighbourhood", "neighborhood"))
_PARTICLE_WORDS = frozenset(_PARTICLES[3:-1].split("|"))
# Words before a name that place it ("in Obe", "the city of Qalqiliyah"), and those after which a
# name and a comma make the next name its admin context ("in Lagh Kutulo, Wajir").
_LEADS = ("in", "at", "near", "around", "outside", "into", "toward", "towards", "between", "vicinity of",
          "city of", "town of", "village of", "area of", "outskirts of")  # fmt: skip
_COMMA_LEADS = frozenset(("in", "at", "near", "to", "from", "around", "of"))
_REGION_WORDS = ("countryside", "province", "governorate", "region", "Province", "Governorate", "Region")
# After a lead: "the", "rural", "northern": "in the rural northern Aleppo countryside".
_SKIP_AFTER_LEAD = re.compile(rf"(?:the )?(?:{_ADJECTIVE} )?")
# A name after a lead, past those words: one match where two were made (a long article has tens of
# thousands of leads: "in", "of", "to").
_NAME_AFTER_LEAD = re.compile(rf"{_SKIP_AFTER_LEAD.pattern}({NAME})")
# ", in (the) Arequipa," after a place: where it lies, when what follows closes the phrase.
_IN_AFTER_COMMA = re.compile(r"in (?:the )?")
_CLOSES_CONTEXT = re.compile(r"[,.;)]| on | (?:province|region|state|department|district)\b")
# After "in X, Y": more names ending in "and": a list of places ("in Mombasa, Kisumu and Nakuru", "in
# Gao, Timbuktu, Kidal and Menaka"), where Y is no admin context of X ("in Kalale, Borgou, Benin" is).
_LIST_GOES_ON = re.compile(rf"(?:, {NAME})*,? (?:and|or) (?:the )?[A-Z]")
# After a kind word, the place it lies in: "district, Balkh", "upazila in Dinajpur".
_AFTER_KIND = re.compile(r"(?:,| in| of| under)(?: the)? ")
# "Tal Tamer in Al-Hasakah province", "Darbasiyah in the Al Hasakeh countryside": a place in a region.
_IN_REGION = re.compile(
    rf"(?:the )?(?:{_ADJECTIVE} [A-Z]|[A-Z][\w'’-]*(?: [A-Z][\w'’-]*){{0,2}}(?:'s)? "
    rf"(?:province|governorate|district|county|region|state|countryside)\b)"
)
_BEFORE_REGION_WORD = re.compile(r"(?:'s)?(?: (?:north|south|east|west)\w*)? $")
# Words for a road: a name right before one is the road's ("the Kibaoni-Mpeketoni road", "the
# Abuja-Kaduna Express way": a compound of its two ends, read as one name).
_ROAD_WORDS = tuple(
    form
    for word in ("road", "highway", "high way", "expressway", "express way", "route", "motorway", "corridor",
                 "bypass", "by-pass")
    for form in (word, word.capitalize(), word.title())
)  # fmt: skip
# A street or road whose own name is a town's, the word for it capitalised: "the Srinagar Highway"
# (in Islamabad), "Nablus Road" (in Jerusalem). The town is no place of the event (road_name).
_NAMED_ROAD = re.compile(r" (?:Road|Highway|Street|Avenue|Boulevard|Expressway|Motorway|Bypass)\b")
# Their first letters (no flags: ASCII capitals only): after a name and a space any other letter,
# as nearly every word is, is answered without the expression.
_NAMED_ROAD_FIRST = frozenset("RHSABEM")
SPECIFIC, PLACED, CONTEXT = "specific", "placed", "context"
_REGIONAL, _ROAD, _ANCHOR, _PART = "regional", "road", "anchor", "part"


class _SpanSet:
    """Sorted spans, for asking in O(log n) whether one overlaps a given range."""

    def __init__(self, spans: Iterator[tuple[int, int]] | list[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.spans = ordered
        self._starts = [s for s, _e in ordered]
        # The furthest end reached by the spans up to each one: nested spans need no second look.
        self._reach = list(itertools.accumulate((e for _s, e in ordered), max))

    def overlaps(self, start: int, end: int) -> bool:
        before_end = bisect.bisect_left(self._starts, end)
        return before_end > 0 and self._reach[before_end - 1] > start


# The adjectives of _ADJECTIVE, each form (a test checks them against it).
_ADJECTIVES = ("rural", "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central")
# How a name after a lead word may begin, as _NAME_AFTER_LEAD and _IN_REGION read it: a capital,
# maybe after "the ", an adjective or both ("in Aleppo", "in the Aleppo countryside", "in rural
# Idlib", "in the northern Aleppo countryside"). Neither expression matches after a lead word
# that none of these follows.
_NAME_OPENINGS = tuple(
    f"{words}{capital}"
    for capital in string.ascii_uppercase
    for words in ("", "the ", *(f"{a} " for a in _ADJECTIVES), *(f"the {a} " for a in _ADJECTIVES))
)


@functools.cache
def _trigger_automaton() -> Any:
    """An automaton of the words around names that say what the name is ("in", "district", "(").

    Each value: (kind, word, the trigger's length, how far the key reads on past it). A lead word
    is found only with the opening of a name after it ("in A", "of the B"): most lead words in a
    long article ("in", "of", "to") are followed by none, and were each read for nothing. (The
    words of the suggestion pass's region mentions are found by its lexicon's scan of the folded
    text: keys with no space before them, here, made this scan of the raw text half as long again.)"""
    keys: list[tuple[str, str, str, int, int]] = [
        (f" {lead} {opening}", "lead", lead, len(f" {lead} "), len(opening))
        for lead in {*_LEADS, *_COMMA_LEADS} for opening in _NAME_OPENINGS
    ]  # fmt: skip
    keys += [(f" {kind}", "kind", kind, len(kind) + 1, 0) for kind in _KIND_WORDS]
    keys += [(f" {word}", "region", word, len(word) + 1, 0) for word in _REGION_WORDS]
    keys += [(f" {word}", "road", word, len(word) + 1, 0) for word in set(_ROAD_WORDS)]
    keys += [(" rural ", "rural", "rural", 7, 0), (" (", "paren", "(", 2, 0)]
    return automaton_of((key, (kind, word, length, past)) for key, kind, word, length, past in keys)


# How far back the word before a position is first looked for in one piece (most are shorter).
_WORD_REACH = 32


def _name_before(text: str, end: int) -> int:
    """Where the capitalised name that ends at ``end`` starts (up to four words, particles inside
    it), or -1: "Dawlat Abad" before " district", "Kefar Azza" before " (". Read backwards word by
    word, so that only the words next to a trigger are looked at."""
    start, pos, words = -1, end, 0
    while words < 4:
        # Most words are letters or digits only, back to a space: read in one step; the others
        # (and one without a space before it near) character by character.
        space = text.rfind(" ", pos - _WORD_REACH if pos > _WORD_REACH else 0, pos)
        token = text[space + 1 : pos]
        if space >= 0 and token.isalnum():
            i = space + 1
        else:
            i = pos
            while i > 0 and (text[i - 1].isalnum() or text[i - 1] in "'’-"):
                i -= 1
            token = text[i:pos]
        if not token:
            break
        if token[0].isupper():
            start, words = i, words + 1
        elif token not in _PARTICLE_WORDS or start < 0:
            break
        if i < 1 or text[i - 1] != " ":
            break
        pos = i - 1
    return start


def _name_at(text: str, pos: int) -> tuple[int, int] | None:
    m = _NAME.match(text, pos)
    return m.span() if m else None


# The spans of names in each kind of position, as :func:`name_positions` reads them from a text.
NamePositions = dict[str, _SpanSet]


def name_positions(text: str) -> NamePositions:
    """The spans of names in each kind of position (SPECIFIC, PLACED, CONTEXT, regional, road,
    anchor), found from the words around them (one automaton pass over the text; a long article
    has tens of thousands of names, and reading around each one would cost seconds).

    The suggestion pass reads them once and hands them to :func:`unknown_names` and
    :func:`specific_first`; they are not remembered per text, so each pass pays for its article."""
    found: dict[str, list[tuple[int, int]]] = {
        SPECIFIC: [], PLACED: [], CONTEXT: [], _REGIONAL: [], _ROAD: [], _ANCHOR: [], _PART: []
    }  # fmt: skip
    size = len(text)
    for last, (kind, word, length, past) in _trigger_automaton().iter(text):
        end = last + 1 - past  # just past the trigger
        start = end - length  # at its leading space
        if kind == "paren":
            close = text.find(")", end, end + 60)
            if close < 0 or "(" in text[end:close]:
                continue
            # "Kefar Azza (Ashqelon, HaDarom)", "Bar-Sanguun village (Kismaayo, Lower Juba)".
            name_end = start
            word = text[text.rfind(" ", max(0, start - 30), start) + 1 : start]
            if word.lower() in _KIND_WORDS:  # ("Hpapun Township (Hpapun District, Kayin State)")
                name_end = start - len(word) - 1
            before = _name_before(text, name_end)
            if before < 0:
                continue
            found[SPECIFIC].append((before, name_end))
            if text[end : end + 1].isupper():  # followed by its admin context: the place being placed
                found[_ANCHOR].append((before, name_end))
            found[CONTEXT].extend(n.span() for n in _NAME.finditer(text, end, close))
        elif kind == "kind":
            if end < size and (text[end].isalnum() or text[end] == "-"):
                continue  # "districts", "town-hall"
            before = _name_before(text, start)
            m = _AFTER_KIND.match(text, end)
            town = _name_at(text, m.end()) if m and m.group() in (" of ", " in ", " of the ", " in the ") else None
            if word in _PART_WORDS:
                # "Godomey neighbourhood of Abomey-Calavi": the town is the place, its part says where in it.
                if before >= 0:
                    found[_PART].append((before, start))
                if town is not None:
                    found[PLACED].append(town)
                    found[_ANCHOR].append(town)
                # (With no town named next, "the Tierra Blanca neighbourhood" is still a part of one:
                # ACLED codes the town, which the text names elsewhere; a namesake is not it.)
                continue
            if before >= 0:
                found[SPECIFIC].append((before, start))
            if (before >= 0 or text[start - 1 : start] == ")") and m and (name := _name_at(text, m.end())):
                found[CONTEXT].append(name)
        elif kind == "lead":
            m = _NAME_AFTER_LEAD.match(text, end)
            name = m.span(1) if m else None
            # "Tal Tamer in Al-Hasakah province": the name before is placed by the region after.
            if word == "in" and _IN_REGION.match(text, end) and (before := _name_before(text, start)) >= 0:
                found[PLACED].append((before, start))
            if name is None:
                continue
            if word in _LEADS:
                found[PLACED].append(name)
                if word == "between" and text.startswith(" and ", name[1]):
                    other = _name_at(text, name[1] + 5)
                    if other:
                        found[PLACED].append(other)
            if word in _COMMA_LEADS and text.startswith(", ", name[1]):
                other = _name_at(text, name[1] + 2)
                if other is None and (m := _IN_AFTER_COMMA.match(text, name[1] + 2)):
                    # "near Chala, in Arequipa, on Wednesday": the region the place lies in (not a
                    # list of places: "in Gao, in Timbuktu and in Kidal").
                    other = _name_at(text, m.end())
                    if other is not None and not _CLOSES_CONTEXT.match(text, other[1]):
                        other = None
                if other and not _LIST_GOES_ON.match(text, other[1]):
                    found[CONTEXT].append(other)
        elif kind == "rural":
            m = _SKIP_AFTER_LEAD.match(text, end)
            name = _name_at(text, m.end() if m else end)
            if name:
                found[_REGIONAL].append(name)
        elif end < size and (text[end].isalnum() or text[end] == "-"):
            continue  # "regional", "routes"
        elif kind == "road":
            before = _name_before(text, start)
            if before >= 0:
                found[_ROAD].append((before, start))
        else:  # a region word: "Aleppo countryside"
            m = _BEFORE_REGION_WORD.search(text, max(0, start - 20), start + 1)
            before = _name_before(text, m.start()) if m else -1
            if m and before >= 0:
                found[_REGIONAL].append((before, m.start()))
    return {position: _SpanSet(spans) for position, spans in found.items()}


def numbered_name(text: str, end: int) -> bool:
    """Whether the name ending at ``end`` goes on with a hyphen and a number: a constituency or
    other numbered unit named after the town ("Cox's Bazar-3 constituency", "Dhaka-10"), not a
    mention of the town as where something happened."""
    return text[end : end + 1] == "-" and text[end + 1 : end + 2].isdecimal()


def hyphen_joined(text: str, end: int, starts: Container[int]) -> bool:
    """Whether the name ending at ``end`` goes on past a hyphen into a capitalised word that begins
    no place name of its own (``starts``: where the text's place names begin): the first word of a
    longer name the gazetteer lacks ("Pont" of "Pont-Sonde", "Mai" of "Mai-Ndombe"), or a town with
    a part of it ("Mogadishu-Wadajir"). Two names joined so ("the Goma-Sake road") are two mentions."""
    return text[end : end + 1] == "-" and text[end + 1 : end + 2].isupper() and end + 1 not in starts


def road_name(text: str, start: int, end: int) -> bool:
    """Whether the name at [start, end) is a street's or road's own name ("the Srinagar Highway"), not a
    mention of the town. A road named by its two ends ("the Nairobi-Mombasa Highway") is read by its
    ends (the road position of :func:`name_positions`)."""
    return (
        text[end + 1 : end + 2] in _NAMED_ROAD_FIRST
        and text[end : end + 1] == " "
        and _NAMED_ROAD.match(text, end) is not None
        and text[start - 1 : start] != "-"
    )


class Role(NamedTuple):
    """What a mention of a place does in its sentence."""

    context: bool  # it says where another place lies ("(Ashqelon, HaDarom)", "district, Balkh")
    regional: bool  # the area around the town ("rural Aleppo", "Aleppo countryside", "Aleppo province")
    road: bool  # one end of a road the event was on
    anchor: bool  # followed by its own admin context or kind ("Ziqim beach (Ashqelon, HaDarom)")
    part: bool = False  # a part of the town named next ("Kpebie neighbourhood in Parakou")


_NO_ROLE = Role(False, False, False, False, False)


def mention_roles(text: str, spans: Sequence[tuple[int, int]], positions: NamePositions | None = None) -> list[Role]:
    """The role of each place mention ``spans`` (code-point offsets into ``text``); ``positions``:
    the text's :func:`name_positions`, if already read.

    Most mentions have no role ("in Aleppo"): rather than asking for each mention whether a span
    of each kind overlaps it (five bisections each, tens of thousands of mentions in a long
    article), each span of those kinds, far fewer, looks up the mentions it overlaps."""
    found = name_positions(text) if positions is None else positions
    order = sorted(range(len(spans)), key=spans.__getitem__)
    starts = [spans[i][0] for i in order]
    # A mention overlapping a span starts before the span ends and ends after it starts, so
    # starts less than its length before it.
    longest = max((e - s for s, e in spans), default=0)
    flags: dict[int, list[bool]] = {}
    for k, kind in enumerate((CONTEXT, _REGIONAL, _ROAD, _ANCHOR, _PART)):
        for start, end in found[kind].spans:
            for j in range(bisect.bisect_right(starts, start - longest), bisect.bisect_left(starts, end)):
                i = order[j]
                if spans[i][1] > start:
                    flags.setdefault(i, [False] * 5)[k] = True
    roles = [_NO_ROLE] * len(spans)
    for i, role in flags.items():
        roles[i] = Role(*role)
    return roles


def unknown_names(
    text: str, taken: Sequence[tuple[int, int]], positions: NamePositions | None = None
) -> Iterator[tuple[int, int, str]]:
    """(start, end, position) of capitalised names in place positions that overlap none of the
    ``taken`` spans, in text order. ``position``: SPECIFIC before a kind of place or parentheses
    ("Obe district", "Beeri (Beer Sheva, HaDarom)"), PLACED after a locative word or before "in"
    and a region ("in Obe", "the city of Qalqiliyah", "Tal Tamer in Al-Hasakah province"), CONTEXT
    as another place's admin context ("(Kwale)", "district, Badakhshan"). ``positions``: the
    text's :func:`name_positions`, if already read."""
    found = name_positions(text) if positions is None else positions
    busy = _SpanSet(list(taken))
    best: dict[tuple[int, int], str] = {}
    for position in (CONTEXT, PLACED, SPECIFIC):  # the later the surer: it overrides
        for span in found[position].spans:
            best[span] = position
    for (start, end), position in sorted(best.items()):
        if not busy.overlaps(start, end):
            yield start, end, position


class Mention(NamedTuple):
    """A place suggestion as :func:`specific_first` weighs it."""

    start: int
    end: int
    iso2: str
    admin1: str
    point: tuple[float, float]
    region: bool = False  # a province or district, not a town ("Al-Hasakah province", "(Karimama, Alibori)")


# Confidence a mention loses for saying where another place lies, for being a road's end, and gains
# for being the place the text places.
CONTEXT_PENALTY = 0.2
ROAD_PENALTY = 0.25
# A neighbourhood loses more than an admin context: ACLED codes the town it is part of, which
# must win even when read less surely (another spelling, a misspelling).
PART_PENALTY = 0.3
ANCHOR_BONUS = 0.05
BROADER_PENALTY = 0.15  # per admin context name before it in the same context (specific_first)
# Confidence a place loses when the text says where the event is and the place is elsewhere.
ELSEWHERE_PENALTY = 0.45
# How far (characters) a province may follow a place and still be its admin context.
_SAME_CONTEXT = 40
_PARENTHESES_REACH = 100  # characters: a name's admin context in parentheses, three or four names long
_KIND_WORD_REACH = 12  # characters between a name and its parentheses: " township ("


def specific_first(
    text: str, mentions: Sequence[Mention], positions: NamePositions | None = None
) -> list[tuple[float, bool]]:
    """For each mention, the change to its confidence and whether it stands in for a place the
    suggestions lack (it only says where that place lies).

    The more specific place wins: a name given as another's admin context, a governorate named by
    its capital's name ("the Aleppo countryside") when a place inside it is named too, and a
    road's ends lose confidence; a name followed by its own admin context gains a little. When the
    text names no specific place in that country, the area named stays first, flagged as standing in.
    """
    roles = mention_roles(text, [(m.start, m.end) for m in mentions], positions)
    # Only mentions with a role, of a region, or just before a region given as admin context change:
    # the others (most of a long article's) keep their confidence.
    regions_at = [i for i, m in enumerate(mentions) if m.region]
    roled = [i for i, role in enumerate(roles) if role is not _NO_ROLE]
    named = {
        i
        for i in {*roled, *regions_at}
        if (roles[i].regional or mentions[i].region) and _named_like(text[mentions[i].start : mentions[i].end],
                                                                      mentions[i].admin1)
    }  # fmt: skip
    inside: dict[tuple[str, str], set[tuple[float, float]]] = {}
    if named:
        for m, role in zip(mentions, roles, strict=True):
            if not role.road and not role.context and not role.part:
                inside.setdefault((m.iso2, m.admin1), set()).add(m.point)
    area = {
        i
        for i in {*roled, *named}
        if roles[i].context
        or roles[i].part
        or (i in named and bool(inside.get((mentions[i].iso2, mentions[i].admin1), set()) - {mentions[i].point}))
    }
    left_out = area | {i for i in roled if roles[i].road}
    specific = {m.iso2 for i, m in enumerate(mentions) if i not in left_out} if left_out else {m.iso2 for m in mentions}
    # A province the text gives as a place's admin context ("(Malanville, Alibori)", "Pipri,
    # Kaushambi"): a place of that country named just before it in another province is a namesake,
    # or filed under another province.
    regions = [mentions[i] for i in regions_at if roles[i].context]
    elsewhere = set()
    if regions:
        by_end = sorted(range(len(mentions)), key=lambda i: mentions[i].end)
        ends = [mentions[i].end for i in by_end]
        for r in regions:
            for j in range(bisect.bisect_left(ends, r.start - _SAME_CONTEXT), bisect.bisect_right(ends, r.start)):
                m = mentions[by_end[j]]
                if not m.region and r.iso2 == m.iso2 and r.admin1 != m.admin1 and _just_before(text, m.end, r.start):
                    elsewhere.add(by_end[j])
    # Names of one admin context, narrowest first ("(Dadaab, Garissa)", "(Kapchemutwa, Keiyo North,
    # Elgeyo-Marakwet)"): each broader one is further from the place the text locates, and less sure.
    broader: dict[int, int] = {}
    in_context = sorted((i for i in roled if roles[i].context), key=lambda i: mentions[i].start)
    for a, b in itertools.pairwise(in_context):
        if _just_before(text, mentions[a].end, mentions[b].start):
            broader[b] = broader.get(a, 0) + 1
    out = [(_change(_NO_ROLE, False, False), False)] * len(mentions)
    for i in {*roled, *area, *elsewhere}:
        is_area = i in area
        change = round(_change(roles[i], is_area, i in elsewhere) - BROADER_PENALTY * broader.get(i, 0), 2)
        out[i] = (change, is_area and mentions[i].iso2 not in specific)
    return out


def _change(role: Role, is_area: bool, elsewhere: bool) -> float:
    """The change to a mention's confidence for its role, for being an area, and for lying
    elsewhere than the admin context after it says."""
    delta = (-(PART_PENALTY if role.part else CONTEXT_PENALTY) * is_area - ROAD_PENALTY * role.road
             - ELSEWHERE_PENALTY * elsewhere + ANCHOR_BONUS * (role.anchor and not is_area))  # fmt: skip
    return round(delta, 2)


def _just_before(text: str, end: int, start: int) -> bool:
    """Whether a name ending at ``end`` comes right before one at ``start`` in the same admin
    context ("Malanville, Alibori", "Bugar (Kapchemutwa, Keiyo North, Elgeyo-Marakwet")."""
    return 0 <= start - end <= _SAME_CONTEXT and ")" not in text[end:start] and "." not in text[end:start]


def admin_context_after(text: str, end: int, contexts: Sequence[tuple[int, int, str, str]]) -> tuple[str, str] | None:
    """(country, admin1) of the admin context that says where a name ending at ``end`` lies: a
    region given right after it in the same parentheses or comma list ("Palma, Cabo Delgado",
    "Pipri, Kaushambi (UP)", "Muse township (Muse District, Shan State)"), or the name itself when
    it is one ("(Belet Xaawo, Gedo)": Gedo). ``contexts``: (start, end, country, admin1) of the
    names given as admin context that are regions of one country (admin1 "" when the name is a
    district in more than one province), by start; None when none applies."""
    i = bisect.bisect_left(contexts, (end,)) - 1
    if i >= 0 and contexts[i][1] == end:
        return contexts[i][2:]  # the name is itself a region given as admin context
    for start, _end, iso2, admin1 in contexts[i + 1 : i + 4]:
        if start - end > _PARENTHESES_REACH:
            break
        if _just_before(text, end, start) or _in_its_parentheses(text, end, start):
            return iso2, admin1
    return None


def _in_its_parentheses(text: str, end: int, start: int) -> bool:
    """Whether a name at ``start`` stands in the parentheses that follow the name ending at ``end``,
    however many of its admin names come first ("Tha Yet Pin Chaung village (Ann township, Kyaukpyu
    District, Rakhine State)")."""
    between = text[end:start]
    opens = between.find("(")
    return (
        0 <= start - end <= _PARENTHESES_REACH
        and 0 <= opens <= _KIND_WORD_REACH  # right after the name, or its kind ("village (")
        and "." not in between[:opens]  # (not across a sentence's end: "Later, Gedo. (Belet Xaawo, Gedo)")
        and between.count("(") == 1
        and ")" not in between
    )


def admin_contexts_after(
    text: str, ends: Sequence[int], contexts: Sequence[tuple[int, int, str, str]]
) -> list[tuple[str, str] | None]:
    """:func:`admin_context_after` for each of many ends. Most names have no admin context near
    them: only where a context ends at the name's end, or the first one at or after it starts
    within reach (the only ones that function reads), is it asked (a long article has tens of
    thousands of names)."""
    if not contexts:
        return [None] * len(ends)
    starts = [c[0] for c in contexts]
    closes = {c[1] for c in contexts}
    count = len(starts)
    out: list[tuple[str, str] | None] = []
    for end in ends:
        i = bisect.bisect_left(starts, end)
        near = end in closes or (i < count and starts[i] - end <= _PARENTHESES_REACH)
        out.append(admin_context_after(text, end, contexts) if near else None)
    return out


@functools.lru_cache(maxsize=1 << 12)  # asked per mention; reads only the two names
def _named_like(surface: str, admin1: str) -> bool:
    """Whether a mention's text is its admin1's name ("Al Hasakeh", "Al-Hasakah province" for Al
    Hasakeh governorate)."""
    a, b = strip_article(region_key(surface)), strip_article(region_key(admin1))
    return bool(a) and (a == b or variant_key(a) == variant_key(b))
