"""Score the suggestion pass on real coded events: each event's notes are the article, ACLED's
own coding is the answer (issues #9 and #13).

    python -m tests.benchmarks.eval_assists FILE.csv [FILE.csv ...] [--coded 0.6] [--json OUT]

FILEs are ACLED exports in any of the layouts the app imports (the current 31 columns, the
2016 API layout with ``ally_actor_*``, the 2015 upper-case country files). The data is not kept
in the repository: ACLED's terms do not allow redistributing it. Public extracts used for the
figures in the closing note of issue #9 (fetch the raw files from GitHub):

* ``JoshMerfeld/saereplication`` ``data/acled.csv`` (Benin, 2022, current layout)
* ``AschHarwood/acled`` ``acled.csv`` (nine African countries, July 2016, API layout)
* ``katehara/ACLED---Data-Mining`` ``acled.csv`` (Bangladesh, January 2015; notes are whole
  news paragraphs)

Measures, per file and overall:

* place: the top suggested place (highest confidence, then first in the text) lies within 5 km of
  ACLED's coordinates;
* admin1: its admin1 is ACLED's (compared folded, without words such as "Province");
* actor1@3: ACLED's actor1 is among the first three distinct actors suggested (by confidence,
  then order; each suggestion's name, then the other readings offered with it), exactly;
  ``~years`` ignores the regime years in parentheses;
* country: the article's main country is the event's (only where the engine reports one);
* sub@3: the event's sub-event type is among the first three distinct sub-event types suggested
  (each action's reading, then the alternatives offered with it; only for files that have the
  column);
* date: the first date suggested (by confidence, then order) is the event's date with its
  time_precision, for notes that state a date; the article is taken as published two days later.

Issue #13 added four sets (see docs/assists-evaluation.md for the files and the figures):
``RPanlilio/acled`` ``acled.csv`` (nine countries, May 2020) besides the three above. Files may
carry only the columns scored.

``--coded SHARE``: also score the events outside a deterministic SHARE of the set after the
project "has coded" that share, next to the cold score of the same events. What the project then
knows is what the app gathers from a project (``annotator.services.suggestions.project_learning``):
the coded actors; the texts a coder linked to them as evidence; the coded events' sentences with
their sub-event types, which train the sub-event type model. A simulated coder links the evidence,
knowing ACLED's answer as a coder knows their own: for each of actor1 and actor2 the first of

1. the text of a cold suggestion that named the actor (the coder accepted it);
2. the actor's own words in the notes: its acronym ("BNP"), its name after the acronym, or a
   capitalised word of its name that is not a generic word ("Jubaland");
3. the text of a cold suggestion of the actor's type (accepted, then the name corrected);
4. the first word for people or forces in the notes ("activists", "assailants", "troops").

The event's notes stand for its evidence sentences (they are a few sentences, all about it).

The script uses only the engine's long-standing API (``SuggestionEngine.suggest``), so the same
command with ``PYTHONPATH`` pointing at an older checkout scores the code before a change.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import math
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_YEARS = re.compile(r"\s*\(\d{4}-(?:\d{4})?\)")
# Days between an event and the article about it, for resolving relative dates in the notes.
PUBLISHED_AFTER = 2
# Notes that state when the event was (a day, a month or a weekday): the date measure counts these.
_STATES_DATE = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr"
    r"|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday)\b"
    r"|\b\d{1,2}/\d{1,2}\b"
)
_ADMIN_WORDS = re.compile(r"\b(?:province|region|state|governorate|division|department|district|oblast)\b")


@dataclass(frozen=True)
class Event:
    source: str
    event_id: str
    country: str
    admin1: str
    latitude: float
    longitude: float
    actor1: str
    actor2: str
    inter1: int | None
    inter2: int | None
    notes: str
    event_date: dt.date | None = None
    time_precision: int | None = None
    sub_event_type: str = ""
    location: str = ""


def read_events(path: Path) -> list[Event]:
    """Rows with notes and coordinates, whatever the layout (column names are matched case-blind,
    ``ally_actor_*`` read as ``assoc_actor_*``)."""
    out = []
    with path.open(encoding="utf-8-sig", newline="") as f:
        for raw in csv.DictReader(f):
            row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
            try:
                lat, lon = float(row["latitude"]), float(row["longitude"])
            except (KeyError, ValueError):
                continue
            if not row.get("notes"):
                continue
            actor2 = "" if row.get("actor2") == "NA" else row.get("actor2", "")
            out.append(
                Event(path.stem, row.get("event_id_cnty", ""), row.get("country", ""), row.get("admin1", ""), lat, lon,
                      row.get("actor1", ""), actor2, _inter(row.get("inter1")), _inter(row.get("inter2")),
                      row["notes"], _date(row.get("event_date", ""), row.get("year", "")),
                      _inter(row.get("time_precision")), row.get("sub_event_type", ""), row.get("location", ""))
            )  # fmt: skip
    return out


# ACLED's event_date in the layouts seen: 2020-05-09, 9 May 2020, 09-May-20, 01-January-2015, and
# Excel-resaved exports' numbers, day first as ACLED writes them (31-12-19, 31/12/2019).
_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%b-%y", "%d-%B-%Y", "%d-%m-%y", "%d-%m-%Y", "%d/%m/%Y", "%d/%m/%y")
# Month first, tried only when the row's year column refutes the day-first reading.
_MONTH_FIRST = ("%m-%d-%y", "%m-%d-%Y", "%m/%d/%Y", "%m/%d/%y")


def _date(value: str, year: str = "") -> dt.date | None:
    """The event date, or None when no layout reads it; ``year`` (the row's year column, when it has
    one) settles a numeric date's order."""
    expected = int(year) if year.isdigit() else None
    for fmt in (*_DATE_FORMATS, *_MONTH_FIRST):
        try:
            found = dt.datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
        if expected is None or found.year == expected:
            return found
    return None


def _inter(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and 1 <= int(value) <= 8 else None


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def _admin_key(name: str) -> str:
    from annotator.assist.folding import fold_key

    return " ".join(_ADMIN_WORDS.sub(" ", fold_key(name)).split())


def _ranked(suggestions: list[Any], label: str) -> list[Any]:
    found = [s for s in suggestions if s.label == label]
    return sorted(found, key=lambda s: (-s.confidence, s.start))


def score(engine: Any, events: list[Event]) -> dict[str, Any]:
    counts = {"events": len(events), "place": 0, "admin1": 0, "actor1@3": 0, "actor1@3~years": 0,
              "country": 0, "country_reported": 0, "sub@3": 0, "sub_known": 0, "date": 0,
              "dated": 0}  # fmt: skip
    for e in events:
        # The article appears a few days after the event; ACLED's notes restate the date.
        published = e.event_date + dt.timedelta(days=PUBLISHED_AFTER) if e.event_date else None
        suggestions = engine.suggest(e.notes, published=published)
        places = _ranked(suggestions, "location")
        if places:
            top = places[0].value
            # (A place the gazetteer lacks is suggested by name alone, with no point: a miss.)
            point = top.get("latitude"), top.get("longitude")
            counts["place"] += None not in point and km(*point, e.latitude, e.longitude) <= 5.0
            counts["admin1"] += bool(e.admin1) and _admin_key(top["admin1"]) == _admin_key(e.admin1)
        names: list[str] = []
        for s in _ranked(suggestions, "actor"):
            # Each actor suggestion's name, then the other readings offered with it.
            offered = [s.value["name"], *(a["name"] for a in s.value.get("alternatives", ()))]
            names.extend(name for name in offered if name not in names)
        counts["actor1@3"] += e.actor1 in names[:3]
        counts["actor1@3~years"] += _YEARS.sub("", e.actor1) in [_YEARS.sub("", n) for n in names[:3]]
        if e.sub_event_type:
            subs: list[str] = []
            for s in _ranked(suggestions, "action"):
                # Each action's own reading, then the alternatives the coder is shown with it.
                offered = [s.value["sub_event_type"], *(a["sub_event_type"] for a in s.value.get("alternatives", ()))]
                subs.extend(sub for sub in offered if sub not in subs)
            counts["sub_known"] += 1
            counts["sub@3"] += e.sub_event_type in subs[:3]
        if e.event_date is not None and _STATES_DATE.search(e.notes):
            dates = _ranked(suggestions, "date")
            counts["dated"] += 1
            counts["date"] += bool(dates) and (dates[0].value["event_date"], dates[0].value["time_precision"]) == (
                e.event_date.isoformat(),
                e.time_precision or 1,
            )
        if hasattr(engine, "article_country"):
            country = engine.article_country(e.notes)
            counts["country_reported"] += country is not None
            counts["country"] += country is not None and country.name == e.country
    return counts


def _in_coded_share(e: Event, share: float) -> bool:
    digest = hashlib.sha256(f"{e.source}/{e.event_id}/{e.notes}".encode()).digest()
    return digest[0] / 256 < share


def make_engine(coded: list[Event] = (), cold: Any = None) -> Any:  # type: ignore[assignment]
    """The engine cold, or after the project has coded ``coded`` (``cold`` is the cold engine,
    whose suggestions the simulated coder saw)."""
    import annotator
    from annotator.assist import ActorDictionary, Gazetteer, SuggestionEngine
    from annotator.domain.codebook import load_codebook

    # The codebook of the checkout being scored (PYTHONPATH), so an older checkout is scored whole.
    root = Path(annotator.__file__).parents[1]
    codebook = load_codebook(root / "resources" / "codebooks" / "acled.toml")
    cache = Path(tempfile.gettempdir()) / "annotator-eval-gazetteer"
    places = _coded_places(coded, cache)  # the coded locations rank first (files with a location column)
    gazetteer = Gazetteer(codebook, cache_dir=cache, **({"project_places": [places]} if places else {}))
    pairs = sorted(_project_actors(coded))
    try:
        from annotator.assist.learning import ProjectLearning
    except ImportError:  # an older checkout: it learns the coded actors' names only
        return SuggestionEngine(codebook, gazetteer, ActorDictionary(codebook, pairs, countries=gazetteer.countries))
    from annotator.assist.suggest import engine_with_learning

    learning = ProjectLearning(actors=tuple(pairs), aliases=tuple(_coder_evidence(cold, coded)) if coded else (),
                               examples=tuple(_examples(codebook, coded)))  # fmt: skip
    return engine_with_learning(codebook, gazetteer, learning)


# Words of actor names that name no one in particular (the simulated coder looks for the others).
_GENERIC_WORDS = frozenset({
    "military", "forces", "police", "government", "protesters", "rioters", "civilians", "unidentified", "armed",
    "group", "communal", "militia", "ethnic", "gang", "private", "security", "naval", "air", "of", "the", "and",
    "national",
})  # fmt: skip
# Words a coder links for an actor named by no word of its own: people for crowds and civilians
# (types 4-7), forces and fighters for armed actors (types 1-3 and 8).
_PEOPLE = re.compile(
    r"\b(?:activists|supporters|assailants|attackers|members|cadres|leaders|followers|students|workers|residents"
    r"|villagers|locals|people|youths|men|mob|protesters|demonstrators|rioters|traders|farmers|miners|drivers"
    r"|owners|teachers|doctors|interns)\b",
    re.IGNORECASE,
)
_FORCES = re.compile(
    r"\b(?:gunmen|militants|fighters|assailants|attackers|soldiers|troops|army|police|policemen|forces|militiamen"
    r"|rebels|armed men)\b",
    re.IGNORECASE,
)


def _coder_evidence(cold: Any, events: list[Event]) -> list[Any]:
    """What a coder links as evidence for actor1 and actor2 of each coded event (module doc): the
    surer steps for both actors first, so that a fallback word never takes the other actor's."""
    from annotator.assist.learning import CodedAlias

    out = []
    for e in events:
        published = e.event_date + dt.timedelta(days=PUBLISHED_AFTER) if e.event_date else None
        offered = [s for s in cold.suggest(e.notes, published=published) if s.label == "actor"]
        actors = [(a, i) for a, i in ((e.actor1, e.inter1), (e.actor2, e.inter2)) if a]
        found: dict[str, tuple[int, int]] = {}
        for step in range(4):
            for actor, inter in actors:
                if actor not in found:
                    span = _evidence_step(step, e.notes, actor, inter, offered, set(found.values()))
                    if span is not None:
                        found[actor] = span
        for actor, inter in actors:
            if actor in found:
                start, end = found[actor]
                out.append(CodedAlias(e.notes[start:end], actor, inter, e.country))
    return out


def _evidence_step(
    step: int, notes: str, actor: str, inter: int | None, offered: list[Any], used: set[tuple[int, int]]
) -> tuple[int, int] | None:
    free = [s for s in offered if (s.start, s.end) not in used]
    if step == 0:
        return next(((s.start, s.end) for s in free if _YEARS.sub("", s.value["name"]) == _YEARS.sub("", actor)), None)
    if step == 1:
        acronym, _, expansion = actor.partition(": ") if ": " in actor else ("", "", "")
        for words in (acronym, expansion):
            m = re.search(rf"\b{re.escape(words)}\b", notes) if words else None
            if m and (m.start(), m.end()) not in used:
                return m.start(), m.end()
        for word in re.findall(r"[A-Z][\w'-]{3,}", re.sub(r"\([^)]*\)", " ", expansion or actor)):
            if word.lower() in _GENERIC_WORDS:
                continue
            for m in re.finditer(rf"(?:[A-Z][\w'-]* )*\b{re.escape(word)}\b(?: [A-Z][\w'-]*)*", notes):
                if (m.start(), m.end()) not in used:
                    return m.start(), m.end()
        return None
    if step == 2:
        return next(((s.start, s.end) for s in free if inter is not None and s.value.get("type_code") == inter), None)
    words = _FORCES if inter in (1, 2, 3, 8) else _PEOPLE
    return next(((m.start(), m.end()) for m in words.finditer(notes) if (m.start(), m.end()) not in used), None)


def _examples(codebook: Any, events: list[Event]) -> list[Any]:
    """The coded events' notes with their sub-event types (events of sets that have the column)."""
    from annotator.assist.learning import CodedExample

    event_type = {sub.name: et.name for et in codebook.event_types for sub in et.sub_event_types}
    return [CodedExample(e.notes, event_type[e.sub_event_type], e.sub_event_type)
            for e in events if e.sub_event_type in event_type]  # fmt: skip


def _table(rows: dict[str, dict[str, Any]]) -> str:
    head = ["set", "events", "place<=5km", "admin1", "actor1@3", "~years", "sub@3", "date", "country"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name, c in rows.items():
        n = c["events"] or 1

        def pct(k: str, d: int, c: dict[str, Any] = c) -> str:
            return f"{100 * c[k] / d:.1f}%" if d else "-"

        lines.append("| " + " | ".join([
            name, str(c["events"]), pct("place", n), pct("admin1", n), pct("actor1@3", n), pct("actor1@3~years", n),
            pct("sub@3", c["sub_known"]), pct("date", c["dated"]), pct("country", n if c["country_reported"] else 0),
        ]) + " |")  # fmt: skip
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--coded", type=float, default=0.0, help="share of events the project has coded")
    parser.add_argument("--json", type=Path, help="write the counts here")
    args = parser.parse_args(argv)
    by_file = {path.stem: read_events(path) for path in args.files}
    everything = [e for events in by_file.values() for e in events]
    engine = make_engine()
    results = {name: score(engine, events) for name, events in by_file.items()}
    results["all"] = {k: sum(r[k] for r in results.values()) for k in next(iter(results.values()))}
    if args.coded:
        coded = [e for e in everything if _in_coded_share(e, args.coded)]
        rest = [e for e in everything if not _in_coded_share(e, args.coded)]
        learnt = make_engine(coded, engine)
        results[f"held-out cold ({len(rest)})"] = score(engine, rest)
        results[f"held-out coded {args.coded:.0%}"] = score(learnt, rest)
        for name in by_file:  # per source: the same held-out events, cold and after
            mine = [e for e in rest if e.source == name]
            results[f"{name} held-out cold"] = score(engine, mine)
            results[f"{name} held-out coded"] = score(learnt, mine)
    countries = sorted({e.country for e in everything})
    print(f"{len(everything)} events from {len(by_file)} sources, {len(countries)} countries: {', '.join(countries)}")
    print(_table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


def _coded_places(events: list[Event], cache: Path) -> Path | None:
    """The coded events' locations as the project's coded places (issue #13): a file of the
    gazetteer's layout, for checkouts that read one. Only files with a ``location`` column give any;
    the location's name stands for the coder's evidence text."""
    try:
        from annotator.assist.place_index import CODED, PlaceRow, write_places
    except ImportError:
        return None
    from annotator.assist.countries import CountryTable

    countries = CountryTable()
    rows = []
    for e in events:
        info = countries.find(e.country)
        if e.location and info is not None and info.iso2:
            rows.append(PlaceRow(name=e.location, cc=info.iso2, lat=e.latitude, lon=e.longitude, admin1=e.admin1,
                                 tier=CODED, feature="coded", own_names=(e.location,)))  # fmt: skip
    if not rows:
        return None
    path = cache / f"eval-coded-{hashlib.sha256(repr(rows).encode()).hexdigest()[:12]}.sqlite3"
    write_places(path, rows)
    return path


def _project_actors(events: list[Event]) -> set[tuple[str, int]]:
    """The actors (with the type ACLED gave them) of the events the project has coded."""
    return {(name, code) for e in events for name, code in ((e.actor1, e.inter1), (e.actor2, e.inter2))
            if name and code is not None}  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
