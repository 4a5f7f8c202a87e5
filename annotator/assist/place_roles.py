"""What a place name does in its sentence: the event's own place, or the area around another one
(issue #13: ACLED codes the most specific location the report names).

Reports name a village and then where it lies, and the larger places must not win over it:

* admin context: "Kefar Azza (Ashqelon, HaDarom)", "Parbatipur upazila in Dinajpur",
  "Dawlat Abad district, Balkh", "in Lagh Kutulo, Wajir" — the names after the village say where it
  is, the village is the event's place;
* a province's countryside: "Menbij ... in the Aleppo countryside", "rural northern Ar Raqqa" —
  the governorate named after its capital is the area, not the capital;
* a road's ends: "along the Mai Mahiu-Narok highway" — the event is on the road, at neither town;
* the anchor: a name followed by its admin context or "village", "town" is the one being placed.

:func:`mention_roles` reads these from the text around each mention; :func:`unknown_names` finds
the names in such positions that no dictionary matched (villages the gazetteer lacks, spellings
it does not know), for the suggestion pass to look up further.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from annotator.assist.folding import strip_article, variant_key
from annotator.assist.place_index import region_key

# Words for a kind of place after its name: "Parbatipur upazila", "Dawlat Abad district".
_KINDS = (
    r"district|sub-district|subdistrict|upazila|thana|county|sub-county|village|town|city|area|municipality|"
    r"commune|neighbou?rhood|camp|locality|province|governorate|region|division|woreda|kebele|tehsil|"
    r"taluka?|ward|settlement|kibbutz|moshav|beach|refugee camp"
)
# Lower-case words inside a place name: "Tarnak Wa Jaldak", "Chashmah-ye Duzakh", "Jabal al Kirsh".
_PARTICLES = r"(?:al|el|ad|ar|as|ash|at|az|an|ad|de|du|des|la|le|wa|e|i|ye|bin|ibn|of|di|da|do|dos|das)"
# A capitalised name of up to four words, hyphens and particles included.
NAME = rf"[A-Z][\w'’]*(?:-[\w'’]+)*(?:[ -](?:{_PARTICLES}[ -])?[A-Z][\w'’]*(?:-[\w'’]+)*){{0,3}}"

# "... Parbatipur upazila in ", "... Dawlat Abad district, ", "... Shinwar (Ghani Khel) district, ",
# "... in Lagh Kutulo, ", "... near Bugar (Kapchemutwa, ": the place that follows is the area.
_CONTEXT_BEFORE = re.compile(
    rf"(?:{NAME}(?: \([^()]{{1,40}}\))? (?:{_KINDS})(?:,| in| of| under)(?: the)?"
    rf"|\b(?:in|at|near|to|from|around|of) (?:the )?{NAME},) $"
)
# "rural northern Aleppo", "Al Hasakeh's countryside", "Aleppo province": the region around a town.
_REGIONAL_BEFORE = re.compile(r"\brural (?:(?:north|south|east|west)\w* )?$", re.IGNORECASE)
_REGIONAL_AFTER = re.compile(
    r"^(?:'s)? (?:(?:north|south|east|west)\w* )?(?:countryside|province|governorate|region)\b", re.IGNORECASE
)
# A road named after its ends: "Abuja-Kaduna Express way", "the Kibaoni-Mpeketoni road". A name in
# the compound's first place sees "-Kaduna Express way" after it, the last one the road word itself.
_ROAD_AFTER = re.compile(
    r"^(?:-[\w'’]+(?: [A-Z][\w'’]*)*)?\s+(?i:road|highway|high way|expressway|express way|route|motorway|"
    r"corridor|bypass|by-pass)\b"
)
# What follows the place being placed: "Kefar Azza (Ashqelon, HaDarom)", "Bar-Sanguun village (".
_ANCHOR_AFTER = re.compile(r"^(?: (?:village|town|city|area|beach|camp|neighbou?rhood))? \([A-Z][^()]{1,60}\)")
_OPEN_PAREN_AFTER_NAME = re.compile(rf"(?:{NAME})(?: (?:{_KINDS}))? \($")
_WINDOW = 140


class Role(NamedTuple):
    """What a mention of a place does in its sentence."""

    context: bool  # it says where another place lies ("(Ashqelon, HaDarom)", "district, Balkh")
    regional: bool  # the area around the town ("rural Aleppo", "Aleppo countryside", "Aleppo province")
    road: bool  # one end of a road the event was on
    anchor: bool  # followed by its own admin context or kind ("Ziqim beach (Ashqelon, HaDarom)")


def _in_parenthesised_context(text: str, start: int, end: int) -> bool:
    """Whether [start, end) lies inside parentheses that follow a name: "Kalale (Kalale, Borgou)"."""
    open_at = text.rfind("(", max(0, start - 60), start)
    if open_at < 0 or ")" in text[open_at:start]:
        return False
    close_at = text.find(")", end, end + 60)
    if close_at < 0 or "(" in text[end:close_at]:
        return False
    return _OPEN_PAREN_AFTER_NAME.search(text, max(0, open_at - _WINDOW), open_at + 1) is not None


def mention_roles(text: str, spans: Sequence[tuple[int, int]]) -> list[Role]:
    """The role of each place mention ``spans`` (code-point offsets into ``text``)."""
    out = []
    for start, end in spans:
        before = text[max(0, start - _WINDOW) : start]
        after = text[end : end + _WINDOW]
        out.append(
            Role(
                context=_CONTEXT_BEFORE.search(before) is not None or _in_parenthesised_context(text, start, end),
                regional=_REGIONAL_BEFORE.search(before) is not None or _REGIONAL_AFTER.match(after) is not None,
                road=_ROAD_AFTER.match(after) is not None,
                anchor=_ANCHOR_AFTER.match(after) is not None,
            )
        )
    return out


_NAME = re.compile(NAME)
# Words before a name that place it: "in Obe", "the city of Qalqiliyah", "between Wargadud and Elwak".
_LEAD = re.compile(
    rf"\b(?:in|at|near|around|outside|into|towards?|between|vicinity of|city of|town of|village of|area of|"
    rf"outskirts of|between {NAME} and) (?:the )?(?:(?:rural|(?:north|south|east|west)(?:ern)?|central) )?$"
)
_KIND_AFTER = re.compile(rf"^ (?:{_KINDS})\b")
# "Tal Tamer in Al-Hasakah province", "Darbasiyah in the Al Hasakeh countryside": a place in a region.
_IN_AFTER = re.compile(
    r"^ in (?:the )?(?:(?:rural|(?:north|south|east|west)(?:ern)?|central) [A-Z]"
    r"|[A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,2}(?:'s)? (?:province|governorate|district|county|region|state|countryside)\b)"
)
SPECIFIC, PLACED, CONTEXT = "specific", "placed", "context"


def unknown_names(text: str, taken: Sequence[tuple[int, int]]) -> Iterator[tuple[int, int, str]]:
    """(start, end, position) of capitalised names in place positions that overlap none of the
    ``taken`` spans. ``position``: SPECIFIC before a kind of place or parentheses ("Obe district",
    "Beeri (Beer Sheva, HaDarom)"), PLACED after a locative word or before "in" and a region ("in
    Obe", "the city of Qalqiliyah", "Tal Tamer in Al-Hasakah"), CONTEXT as another place's admin
    context ("(Kwale)", "district, Badakhshan")."""
    taken_sorted = sorted(taken)
    for m in _NAME.finditer(text):
        start, end = m.span()
        after = text[end : end + 30]
        if after.startswith(" (") or _KIND_AFTER.match(after) is not None:
            position = SPECIFIC
        elif _LEAD.search(text, max(0, start - 60), start) is not None or _IN_AFTER.match(after) is not None:
            position = PLACED
        elif _CONTEXT_BEFORE.search(text, max(0, start - _WINDOW), start) is not None or _in_parenthesised_context(
            text, start, end
        ):
            position = CONTEXT
        else:
            continue
        if any(s < end and start < e for s, e in taken_sorted):
            continue
        yield start, end, position


class Mention(NamedTuple):
    """A place suggestion as :func:`specific_first` weighs it."""

    start: int
    end: int
    iso2: str
    admin1: str
    point: tuple[float, float]
    region: bool = False  # a region named with its kind ("Al-Hasakah province")


# Confidence a mention loses for saying where another place lies, for being a road's end, and gains
# for being the place the text places.
CONTEXT_PENALTY = 0.2
ROAD_PENALTY = 0.25
ANCHOR_BONUS = 0.05


def specific_first(text: str, mentions: Sequence[Mention]) -> list[tuple[float, bool]]:
    """For each mention, the change to its confidence and whether it stands in for a place the
    suggestions lack (it only says where that place lies).

    The more specific place wins: a name given as another's admin context, a governorate named by
    its capital's name ("the Aleppo countryside") when a place inside it is named too, and a
    road's ends lose confidence; a name followed by its own admin context gains a little. When the
    text names no specific place in that country, the area named stays first, flagged as standing in.
    """
    roles = mention_roles(text, [(m.start, m.end) for m in mentions])
    inside: dict[tuple[str, str], set[tuple[float, float]]] = {}
    for m, role in zip(mentions, roles, strict=True):
        if not role.road and not role.context:
            inside.setdefault((m.iso2, m.admin1), set()).add(m.point)
    province_named = [
        (role.regional or m.region) and _named_like(text[m.start : m.end], m.admin1)
        for m, role in zip(mentions, roles, strict=True)
    ]
    area = [
        role.context or (named and bool(inside.get((m.iso2, m.admin1), set()) - {m.point}))
        for m, role, named in zip(mentions, roles, province_named, strict=True)
    ]
    specific = {m.iso2 for m, role, is_area in zip(mentions, roles, area, strict=True) if not is_area and not role.road}
    out = []
    for m, role, is_area in zip(mentions, roles, area, strict=True):
        delta = -CONTEXT_PENALTY * is_area - ROAD_PENALTY * role.road + ANCHOR_BONUS * (role.anchor and not is_area)
        out.append((round(delta, 2), is_area and m.iso2 not in specific))
    return out


def _named_like(surface: str, admin1: str) -> bool:
    """Whether a mention's text is its admin1's name ("Al Hasakeh", "Al-Hasakah province" for Al
    Hasakeh governorate)."""
    a, b = strip_article(region_key(surface)), strip_article(region_key(admin1))
    return bool(a) and (a == b or variant_key(a) == variant_key(b))
