"""Coding assists, offline: resolve dates, geocode places, normalise actors, suggest spans (issue #5).

Pure functions and classes over :mod:`annotator.domain`; no Qt, no database. Importing this package
loads no data: the gazetteer, dateparser, rapidfuzz and the Aho-Corasick automata are read or built
on first use (see "Cost" below).

Dates — :mod:`annotator.assist.dates`
    ``resolve_date(expression, published) -> DateResolution | None``
        ACLED time_precision rules, leaning to the past: "on Tuesday" -> the Tuesday before the
        published date (precision 1); "last week" -> its Wednesday (2); "last month" -> the 15th
        (3); "early this month" -> the 1st; "end of May" -> the 31st. ``DateResolution`` has
        ``event_date``, ``time_precision``, ``expression``, ``rule`` and ``as_dict()``.
    ``find_date_expressions(text) -> list[(start, end, expression)]``
    ``find_dates(text, published) -> list[(start, end, DateResolution)]``

Places — :mod:`annotator.assist.places`
    ``Gazetteer(codebook, *, cache_dir=None, project_places=())``; ``.load()`` opens the on-disk
        index (:mod:`annotator.assist.place_index`), building it the first time on a machine.
    ``Gazetteer.lookup(name, *, context_countries=(), near=False, limit=10) -> list[PlaceCandidate]``
        Spelling-tolerant ("Al-Malikiyah", "Al Mālikīyah", "Derik"), ranked by the article's
        countries, then population. ``PlaceCandidate``: location, admin1, admin2, country (ACLED
        name), iso, iso3, latitude, longitude (4 decimals), population, geo_precision (2 when
        ``near``), ambiguous, fallback, geonameid, matched_name, region; ``as_dict()``.
    ``Gazetteer.village_fallback(village, town) -> PlaceCandidate`` (geo_precision 2).
    ``Gazetteer.search(typed, *, country=None, prefer=(), limit=20) -> list[PlaceCandidate]`` as
        the coder types: name prefix, then similar spelling; regions (feature "admin1"/"admin2")
        coded to their largest town with geo_precision 3/2. ``prepare_search()`` builds its tables
        (seconds, once; off the UI thread). Candidates also carry ``location_unicode`` (the
        gazetteer's spelling; ``location`` is ACLED's ASCII one), ``admin3`` and ``feature``.

Actors — :mod:`annotator.assist.actors`
    ``ActorDictionary(codebook, project_actors=((name, type_code), ...))``
    ``.lookup(text, *, event_country=None, limit=10) -> list[ActorCandidate]`` as the coder types
        (exact phrase, typed prefix, then fuzzy). ``ActorCandidate``: name, type_code, score
        (0-100), reason, country; ``as_dict()``. "Russian patrol" in Syria -> "Military Forces of
        Russia (2000-)", type 8 (External/Other forces); in Russia, type 1.
    ``.resolve(text, *, event_country=None) -> ActorCandidate | None`` (known phrases only).
    ``.type_of(name, *, event_country=None) -> int | None``: the type of a name typed by hand.
    ``generic_type(name)``: ACLED's generic patterns ("Protesters (X)" -> 6, ...).

Context — :mod:`annotator.assist.context` (web addresses, credits, people, governments, "near")
    and :mod:`annotator.assist.geography` (``text_country``: the country from names alone).

Suggestions — :mod:`annotator.assist.suggest`
    ``suggest(text, *, published, codebook, gazetteer, actors) -> list[Suggestion]`` (import it
        from ``annotator.assist.suggest``: the package attribute of that name is the module)
        ``Suggestion`` (in :mod:`annotator.assist.suggestion`, which loads nothing of the pass:
        the window receives suggestions without it): start, end (code points), label (the
        codebook's first label of the kind: date, place, actor or action; "date", "location",
        "actor", "action" in the ACLED codebook), text, value, confidence; ``as_dict()`` is the CLI's ``--json`` row.
        value: a DateResolution dict; a PlaceCandidate dict (plus ``candidates`` when ambiguous);
        an ActorCandidate dict; ``{"event_type", "sub_event_type"}`` from the codebook's triggers.
    ``SuggestionEngine(codebook, gazetteer, actors)``: the same with the automata held by the
        caller; ``.prepare()`` builds them ahead of the first article. ``.analyse(text, published=)``
        also gives the article's main country; ``.article_country(text)`` only that.
    Suggestions are proposals: they are never stored as a coder's work unless accepted.

Learning from the project — :mod:`annotator.assist.learning`, :mod:`annotator.assist.event_model`
    ``ProjectLearning(actors, aliases, examples, day_first, project)``: what a project has coded
        (gathered by ``annotator.services.project_learning``). ``engine_with_learning(codebook,
        gazetteer, learning, cache=)`` (in ``suggest``) builds an engine that suggests the coders'
        evidence texts as the actors they coded, reads year-less dates in the project's order, and
        ranks sub-event types with ``EventTypeModel`` (trained on the coded events; the value of an
        action suggestion then has ``alternatives``: the second and third readings).

Countries — :mod:`annotator.assist.countries`
    ``CountryTable(codebook)``: ``find(name_code_or_demonym)``, ``by_iso2``, ``by_iso3``,
    ``regime_period(iso3, year)``, ``regime_years``. Data files in ``annotator/assist/data``
    (demonyms.toml, regimes.toml, place_stopwords.txt) are read with importlib.resources.

Cost (measured on the development machine, see tests/benchmarks/bench_assist.py and
docs/assists-evaluation.md): building the gazetteer's SQLite index takes about 40 s and 0.75 GB at
peak, once per machine (in the cache folder); later it opens in milliseconds and is queried, not
read into memory (a suggestion process holds about 80 MB). Share one Gazetteer, ActorDictionary
and engine per process.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from annotator.assist.actors import ActorCandidate, ActorDictionary
    from annotator.assist.countries import CountryInfo, CountryTable
    from annotator.assist.dates import DateResolution, find_date_expressions, find_dates, resolve_date
    from annotator.assist.places import Gazetteer, PlaceCandidate
    from annotator.assist.suggest import SuggestionEngine, engine_for
    from annotator.assist.suggestion import Suggestion

# Names resolve on first use (PEP 562), so importing the package costs nothing at start-up; the
# submodules compile their patterns and classes only when something here is used. The function
# ``suggest`` is imported from its module (``annotator.assist.suggest``), whose name it shares.
_EXPORTS = {
    "ActorCandidate": "actors", "ActorDictionary": "actors",
    "CountryInfo": "countries", "CountryTable": "countries",
    "DateResolution": "dates", "find_date_expressions": "dates", "find_dates": "dates", "resolve_date": "dates",
    "Gazetteer": "places", "PlaceCandidate": "places",
    "Suggestion": "suggestion", "SuggestionEngine": "suggest", "engine_for": "suggest",
}  # fmt: skip

__all__ = [
    "ActorCandidate",
    "ActorDictionary",
    "CountryInfo",
    "CountryTable",
    "DateResolution",
    "Gazetteer",
    "PlaceCandidate",
    "Suggestion",
    "SuggestionEngine",
    "engine_for",
    "find_date_expressions",
    "find_dates",
    "resolve_date",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'annotator.assist' has no attribute '{name}'")
    value = getattr(importlib.import_module(f"annotator.assist.{module}"), name)
    globals()[name] = value
    return value
