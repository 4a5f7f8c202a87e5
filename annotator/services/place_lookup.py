"""The place look-up behind the event form's search field (Ctrl+G; issue #9, finding 5).

As the coder types, :meth:`PlaceLookup.search` answers from memory:

1. places this project has coded (location, admins and coordinates as coded, most used first),
   found by their location name or by any text a coder linked to them as evidence (the village
   "Qesirdib", coded once to Al Malikiyah with geo_precision 2, is found by typing "Qes");
2. the gazetteer: places by name prefix, then by similar spelling, with ACLED-style ASCII names,
   admin1/admin2, coordinates, population and a geo_precision from what the place is (a town 1; a
   district 2 and a province 3, each coded to its largest town).

Choosing an option fills the event's place fields: :meth:`PlaceOption.fields`.

The gazetteer is an on-disk index (opened in milliseconds; built once per machine, which takes
a minute): call :meth:`PlaceLookup.prepare` off the UI thread. Until it is ready, :meth:`search`
answers from the project's places alone rather than wait.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from annotator.assist.folding import fold_key
from annotator.domain.fields import FieldValue
from annotator.services.project import Project
from annotator.store.repository import events_t, evidence_t, spans_t

if TYPE_CHECKING:
    from annotator.assist.places import Gazetteer, PlaceCandidate

PLACE_FIELDS = ("country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision")


@dataclass(frozen=True, slots=True)
class PlaceOption:
    """One look-up answer.

    ``source`` is "project" (coded before; ``uses`` times) or "gazetteer". ``feature`` says what
    the place is: "coded" for the project's, else "capital", "populated place", "admin1" or
    "admin2" (a region, coded to its largest town). ``matched_name`` is the name that matched what
    was typed when it differs from ``location`` (an alternate name or a coder's evidence text).
    """

    location: str
    country: str
    admin1: str
    admin2: str
    admin3: str
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    feature: str
    population: int
    source: str
    uses: int = 0
    location_unicode: str = ""
    matched_name: str = ""

    def fields(self) -> dict[str, FieldValue]:
        """The event fields choosing this option sets."""
        return {f: getattr(self, f) for f in PLACE_FIELDS}

    def as_dict(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in self.__slots__}


@dataclass
class _Coded:
    option: PlaceOption
    names: dict[str, str]  # folded -> as written: the location and its evidence texts


def coded_places(project: Project) -> list[PlaceOption]:
    """Every distinct place the project's events are coded to, most used first, with the texts
    linked to them as location evidence as extra names (``matched_name`` holds them, "; "-joined)."""
    cols = [events_t.c[f] for f in PLACE_FIELDS]
    with project.engine.connect() as conn:
        rows = conn.execute(
            select(*cols, func.count()).where(events_t.c.location != "").group_by(*cols).order_by(func.count().desc())
        ).all()
        aliases: defaultdict[tuple[Any, ...], set[str]] = defaultdict(set)
        evidence = (
            select(*cols, spans_t.c.text)
            .join(evidence_t, evidence_t.c.event_id == events_t.c.id)
            .join(spans_t, spans_t.c.id == evidence_t.c.span_id)
            .where(evidence_t.c.field == "location", events_t.c.location != "")
            .distinct()
        )
        for row in conn.execute(evidence):
            aliases[tuple(row[: len(PLACE_FIELDS)])].add(row[-1])
    out = []
    for row in rows:
        key = tuple(row[: len(PLACE_FIELDS)])
        country, admin1, admin2, admin3, location, lat, lon, precision = key
        names = sorted(t for t in aliases.get(key, ()) if fold_key(t) != fold_key(location))
        out.append(
            PlaceOption(
                location,
                country,
                admin1,
                admin2,
                admin3,
                lat,
                lon,
                precision,
                "coded",
                0,
                "project",
                int(row[-1]),
                location,
                "; ".join(names),
            )
        )
    return out


class PlaceLookup:
    """Place search over a project's coded places and the gazetteer. See the module docstring."""

    def __init__(self, gazetteer: Gazetteer | None, coded: Iterable[PlaceOption] = ()) -> None:
        self.gazetteer = gazetteer
        self._coded: list[_Coded] = []
        for option in coded:
            self._remember(option)

    @property
    def ready(self) -> bool:
        return self.gazetteer is not None and self.gazetteer.search_ready

    def prepare(self) -> None:
        """Load the gazetteer and its search tables (seconds the first time; not on the UI thread)."""
        if self.gazetteer is not None:
            self.gazetteer.prepare_search()

    def learn(self, fields: dict[str, FieldValue], evidence_text: str = "") -> None:
        """Remember a place the coder just coded (``fields`` as in :meth:`PlaceOption.fields`)."""
        if not fields.get("location"):
            return
        values = {f: fields.get(f) for f in PLACE_FIELDS}
        for coded in self._coded:
            if coded.option.fields() == values:
                coded.option = _with_uses(coded.option, coded.option.uses + 1)
                if evidence_text:
                    coded.names.setdefault(fold_key(evidence_text), evidence_text)
                return
        text = {f: str(values[f] or "") for f in ("country", "admin1", "admin2", "admin3", "location")}
        option = PlaceOption(
            location=text["location"],
            country=text["country"],
            admin1=text["admin1"],
            admin2=text["admin2"],
            admin3=text["admin3"],
            latitude=_float(values["latitude"]),
            longitude=_float(values["longitude"]),
            geo_precision=_int(values["geo_precision"]),
            feature="coded",
            population=0,
            source="project",
            uses=1,
            location_unicode=text["location"],
            matched_name=evidence_text,
        )
        self._remember(option)

    def _remember(self, option: PlaceOption) -> None:
        names = {fold_key(name): name for name in option.matched_name.split("; ") if name}
        names[fold_key(option.location)] = option.location
        self._coded.append(_Coded(option, names))

    def search(
        self, typed: str, *, country: str | None = None, prefer: Iterable[str] = (), limit: int = 20
    ) -> list[PlaceOption]:
        """Places for what the coder typed, best first (see the module docstring).

        ``country`` keeps one country's places only; ``prefer`` ranks these countries' gazetteer
        places first (the event's country, say).
        """
        key = fold_key(typed)
        if not key:
            return []
        out: list[PlaceOption] = []
        matches: list[tuple[bool, int, int, PlaceOption]] = []
        for n, coded in enumerate(self._coded):
            option = coded.option
            if country and option.country != country:
                continue
            hit = [k for k in coded.names if k.startswith(key) or f" {key}" in f" {k}"]
            if hit:
                matched = "" if fold_key(option.location) in hit else coded.names[hit[0]]
                matches.append((key not in hit, -option.uses, n, _with_match(option, matched)))
        out.extend(m[3] for m in sorted(matches, key=lambda m: m[:3])[:limit])
        if self.ready and len(out) < limit:
            assert self.gazetteer is not None
            seen = {(o.location, o.country) for o in out}
            for c in self.gazetteer.search(typed, country=country, prefer=prefer, limit=limit):
                if (c.location, c.country) not in seen or c.feature.startswith("admin"):
                    out.append(_from_candidate(c))
                if len(out) == limit:
                    break
        return out


def _from_candidate(c: PlaceCandidate) -> PlaceOption:
    return PlaceOption(c.location, c.country, c.admin1, c.admin2, c.admin3, c.latitude, c.longitude,
                       c.geo_precision, c.feature, c.population, "gazetteer", 0, c.location_unicode)  # fmt: skip


def _with_uses(option: PlaceOption, uses: int) -> PlaceOption:
    return replace(option, uses=uses)


def _with_match(option: PlaceOption, matched: str) -> PlaceOption:
    return replace(option, matched_name=matched)


def _float(value: FieldValue) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _int(value: FieldValue) -> int | None:
    return int(value) if isinstance(value, int) and not isinstance(value, bool) else None
