"""Which country an article is about, from its words alone (no gazetteer): the fallback the services
use while the suggestion engine is still loading, or when suggestions are off.

The engine's own answer (:meth:`SuggestionEngine.article_country`) also weighs the places the
article names; this one reads country names, the dateline and demonyms, with the same exclusions:
a country named for its forces ("Russian patrol", "Turkish drones") or standing for its government
("Russia said", "accused Moscow") tells nothing about where the events happened.
"""

from __future__ import annotations

import re
from collections import defaultdict

from annotator.assist.context import government_use, masked_ranges
from annotator.assist.countries import CountryInfo, CountryTable
from annotator.assist.folding import fold_key

_WORD = re.compile(r"[^\W\d_]+")
# Words after a demonym that make it name that country's forces, not the article's place.
_FORCE_WORDS = frozenset((
    "army", "forces", "force", "military", "troops", "soldiers", "soldier", "patrol", "patrols", "police",
    "policemen", "jets", "warplanes", "aircraft", "drone", "drones", "navy", "convoy", "units", "artillery",
    "tanks", "officers", "officer", "gendarmes", "gendarmerie", "commandos", "special", "airstrike",
    "airstrikes", "strikes", "strike",
))  # fmt: skip
_PLACE_BEFORE = frozenset((
    "in", "across", "inside", "throughout", "northern", "southern", "eastern", "western", "northeast",
    "northwest", "southeast", "southwest", "northeastern", "northwestern", "southeastern", "southwestern",
    "central", "rural",
))  # fmt: skip
_MAX_WORDS = 4  # longest country name looked for, in words ("Democratic Republic of Congo")


def country_scores(text: str, countries: CountryTable) -> dict[str, float]:
    """Evidence per country (ISO alpha-3 -> weight) from country names and demonyms in ``text``."""
    names, demonyms = countries.name_keys(), countries.demonym_keys()
    masks = masked_ranges(text)
    words = [(m.start(), m.end(), fold_key(m.group())) for m in _WORD.finditer(text)]
    head = text[:120]
    dateline_end = head.find("—") if "—" in head else head.find(" - ")
    scores: defaultdict[str, float] = defaultdict(float)
    i = 0
    while i < len(words):
        for n in range(min(_MAX_WORDS, len(words) - i), 0, -1):
            start, end = words[i][0], words[i + n - 1][1]
            key = " ".join(w for _s, _e, w in words[i : i + n])
            info: CountryInfo | None = names.get(key)
            demonym = info is None
            if demonym:
                info = demonyms.get(key)
            surface = text[start:end]
            if info is None or surface.lower() == surface or (masks and masks.covers(start, end)):
                continue
            following = words[i + n][2] if i + n < len(words) else ""
            preceding = words[i - 1][2] if i > 0 else ""
            if demonym and following in _FORCE_WORDS:
                pass  # "Russian patrol": whose forces, not where
            elif government_use(text, start, end):
                pass  # "Russia rejected", "accused Moscow"
            else:
                weight = 0.5 if demonym else 2.0 if preceding in _PLACE_BEFORE else 1.0
                if 0 <= end <= dateline_end:
                    weight += 3.0
                scores[info.iso3] += weight
            i += n - 1
            break
        i += 1
    return dict(scores)


def text_country(text: str, countries: CountryTable) -> CountryInfo | None:
    """The country the text most says it is about, or None."""
    scores = country_scores(text, countries)
    if not scores:
        return None
    return countries.by_iso3(max(scores, key=scores.__getitem__))
