"""The project's own gazetteer (issue #13, point 2 and 3).

``annotator gazetteer add FILE`` loads places the bundled GeoNames data lacks (villages, mostly)
into the project's ``gazetteer_places`` table, from

* a GeoNames country extract as downloaded (``XX.txt``, or ``XX.zip`` holding it): the
  populated places (feature class P) of the tab-separated dump, whose admin1 codes become names
  through the bundled index and whose admin2 is that of the nearest bundled place;
* a CSV of places with a header: ``name``, ``country`` (a name, ISO code or demonym),
  ``latitude``, ``longitude``, and optionally ``alternate_names`` (";"-separated), ``admin1``,
  ``admin2``, ``admin3``, ``population``.

The whole file is one transaction: a malformed line is refused with its number and nothing is
loaded. On PostgreSQL the table is the team's.

The suggestion pass and the place search read the project's places from a small SQLite file in
the cache folder (:func:`project_places_file`), of the bundled index's layout, written from the
table and from every place the project has coded (with the texts linked to them as evidence as
names): those rank before any namesake.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, insert, select

from annotator.domain.errors import InputError, UserError
from annotator.services.progress import NoProgress, Progress, check_cancel
from annotator.services.project import Project
from annotator.store.repository import gazetteer_places_t

if TYPE_CHECKING:
    from annotator.assist.places import Gazetteer
    from annotator.services.place_lookup import PlaceLookup

# Columns of the GeoNames dump (readme.txt of download.geonames.org/export/dump).
_GEONAMES_COLUMNS = 19
_GID, _NAME, _ASCII, _ALT, _LAT, _LON, _FCLASS, _FCODE, _CC = range(9)
_ADMIN1, _ADMIN2, _ADMIN3, _POP = 10, 11, 12, 14
_CSV_REQUIRED = ("name", "country", "latitude", "longitude")
_CSV_OPTIONAL = ("alternate_names", "admin1", "admin2", "admin3", "population")
_BATCH = 5000
_CHECK_EVERY = 250  # rows read between looks at Cancel (and progress reports)


@dataclass(frozen=True)
class AddReport:
    file: str
    added: int
    skipped: int  # rows of a GeoNames extract that are not populated places (mountains, rivers...)

    def summary(self) -> str:
        """What was added, as the CLI and the window say it."""
        n = self.skipped
        left_out = (
            f" (left out: {n:,} feature{'s' if n != 1 else ''} that {'are' if n != 1 else 'is'} not a populated "
            "place, such as a river or a hill)"
            if n
            else ""
        )
        return f"Added {self.added:,} place{'s' if self.added != 1 else ''} from {self.file}{left_out}."


def add_places(
    project: Project, path: Path | str, *, gazetteer: Gazetteer | None = None, progress: Progress | None = None
) -> AddReport:
    """Load a GeoNames extract or a CSV of places into the project's gazetteer (one transaction)."""
    from annotator.services.gazetteer_cache import shared_gazetteer
    from annotator.services.permissions import as_user_errors

    path = Path(path)
    if not path.is_file():
        raise UserError(f"{path}: no such file")
    progress = progress or NoProgress()
    bundled = gazetteer or shared_gazetteer(project.codebook)
    progress.start(None, f"Loading places from {path.name}")
    bundled.load()
    rows, counts = _reader(path, bundled)
    added = 0

    def load() -> None:
        nonlocal added
        with project.engine.begin() as conn:
            batch: list[dict[str, Any]] = []
            for row in rows:
                batch.append(row)
                if not len(batch) % _CHECK_EVERY:
                    # Each GeoNames row asks the bundled index for its nearest place (a few
                    # milliseconds): Cancel and the count are looked at more often than rows are written.
                    check_cancel(progress)
                    progress.advance(added + len(batch))
                if len(batch) >= _BATCH:
                    conn.execute(insert(gazetteer_places_t), batch)
                    added += len(batch)
                    batch = []
            if batch:
                conn.execute(insert(gazetteer_places_t), batch)
                added += len(batch)
            if added == 0:
                raise InputError("no populated places in the file: nothing to add", file=path.name)

    as_user_errors(load)
    progress.advance(added)
    return AddReport(path.name, added, counts["skipped"])


def _reader(path: Path, bundled: Gazetteer) -> tuple[Iterator[dict[str, Any]], dict[str, int]]:
    counts = {"skipped": 0}
    if path.suffix.lower() == ".zip":
        return _geonames_zip(path, bundled, counts), counts
    with path.open("rb") as f:
        head = f.read(4096).decode("utf-8", errors="replace")
    first = head.splitlines()[0] if head else ""
    if "\t" in first and first.split("\t", 1)[0].strip().isdigit():
        return _geonames_lines(path.name, path.open(encoding="utf-8", newline=""), bundled, counts), counts
    return _csv_rows(path, bundled), counts


def _geonames_zip(path: Path, bundled: Gazetteer, counts: dict[str, int]) -> Iterator[dict[str, Any]]:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise InputError("not a zip file", file=path.name) from None
    with archive:
        members = [n for n in archive.namelist() if n.lower().endswith(".txt") and "readme" not in n.lower()]
        if len(members) != 1:
            raise InputError("a GeoNames extract zip holds one XX.txt; found " + (", ".join(members) or "none"),
                             file=path.name)  # fmt: skip
        with archive.open(members[0]) as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
            yield from _geonames_lines(f"{path.name}:{members[0]}", text, bundled, counts)


def _geonames_lines(
    name: str, lines: Iterator[str] | io.TextIOBase, bundled: Gazetteer, counts: dict[str, int]
) -> Iterator[dict[str, Any]]:
    admin1_names: dict[tuple[str, str], str] = {}
    with _closing(lines):
        for number, line in enumerate(lines, start=1):
            line = line.rstrip("\r\n")
            if not line:
                continue
            cols = line.split("\t")
            if len(cols) != _GEONAMES_COLUMNS:
                raise InputError(
                    f"a GeoNames line has {_GEONAMES_COLUMNS} tab-separated columns, this one {len(cols)}",
                    file=name,
                    line=number,
                )
            gid = _number(cols[_GID], int, name, number, "geonameid")
            lat = _number(cols[_LAT], float, name, number, "latitude")
            lon = _number(cols[_LON], float, name, number, "longitude")
            _check_point(lat, lon, name, number)
            population = _number(cols[_POP] or "0", int, name, number, "population")
            cc = cols[_CC].strip().upper()
            if len(cc) != 2 or bundled.countries.by_iso2(cc) is None:
                raise InputError(f"unknown country code {cols[_CC]!r}", file=name, line=number, field="country code")
            if not cols[_NAME].strip():
                raise InputError("the place has no name", file=name, line=number, field="name")
            if cols[_FCLASS] != "P":
                counts["skipped"] += 1
                continue
            code = (cc, cols[_ADMIN1])
            if code not in admin1_names:
                admin1_names[code] = bundled.admin1_name(*code)
            admin1 = admin1_names[code]
            near = bundled.nearest(cc, lat, lon, admin1=admin1)
            names = [n for n in (cols[_ASCII], *cols[_ALT].split(",")) if n and n != cols[_NAME]]
            yield {
                "source": name[:200], "geonameid": gid, "name": cols[_NAME][:200],
                "alternate_names": "\n".join(dict.fromkeys(names)), "country": cc, "admin1": admin1[:200],
                "admin2": near.admin2[:200] if near else "", "admin3": "", "latitude": lat, "longitude": lon,
                "population": population, "feature": cols[_FCODE][:10],
            }  # fmt: skip


def _csv_rows(path: Path, bundled: Gazetteer) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        header = [(h or "").strip().lower() for h in reader.fieldnames or []]
        missing = [c for c in _CSV_REQUIRED if c not in header]
        if missing:
            raise InputError(
                f"a CSV of places needs the columns {', '.join(_CSV_REQUIRED)}; missing {', '.join(missing)}",
                file=path.name,
                line=1,
            )
        for number, raw in enumerate(reader, start=2):
            if None in raw:
                raise InputError("more values than the header has columns", file=path.name, line=number)
            row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
            if not any(row.values()):
                continue
            if not row["name"]:
                raise InputError("the place has no name", file=path.name, line=number, field="name")
            info = bundled.countries.find(row["country"]) if row["country"] else None
            if info is None or not info.iso2:
                raise InputError(f"unknown country {row['country']!r}", file=path.name, line=number, field="country")
            lat = _number(row["latitude"], float, path.name, number, "latitude")
            lon = _number(row["longitude"], float, path.name, number, "longitude")
            _check_point(lat, lon, path.name, number)
            population = _number(row.get("population") or "0", int, path.name, number, "population")
            admin1 = row.get("admin1", "")
            admin2 = row.get("admin2", "")
            if not admin1 or not admin2:
                near = bundled.nearest(info.iso2, lat, lon, admin1=admin1)
                if near is not None:
                    admin1, admin2 = admin1 or near.admin1, admin2 or near.admin2
            names = [n.strip() for n in row.get("alternate_names", "").split(";") if n.strip()]
            yield {
                "source": path.name[:200], "geonameid": None, "name": row["name"][:200],
                "alternate_names": "\n".join(names), "country": info.iso2, "admin1": admin1[:200],
                "admin2": admin2[:200], "admin3": row.get("admin3", "")[:200], "latitude": lat, "longitude": lon,
                "population": population, "feature": "csv",
            }  # fmt: skip


class _closing:
    def __init__(self, thing: Any) -> None:
        self.thing = thing

    def __enter__(self) -> Any:
        return self.thing

    def __exit__(self, *exc: object) -> None:
        close = getattr(self.thing, "close", None)
        if close is not None:
            close()


def _number(text: str, kind: type[int] | type[float], file: str, line: int, field: str) -> Any:
    try:
        return kind(text.strip())
    except ValueError:
        what = "a whole number" if kind is int else "a number"
        raise InputError(f"{text!r} is not {what}", file=file, line=line, field=field) from None


def _check_point(lat: float, lon: float, file: str, line: int) -> None:
    if not -90 <= lat <= 90:
        raise InputError(f"latitude {lat} is outside -90..90", file=file, line=line, field="latitude")
    if not -180 <= lon <= 180:
        raise InputError(f"longitude {lon} is outside -180..180", file=file, line=line, field="longitude")


def count_places(project: Project) -> int:
    with project.engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(gazetteer_places_t)) or 0)


# ---------------------------------------------------------------- the project's places file


def project_places_file(project: Project, cache: Path) -> Path | None:
    """The project's places (added and coded) as a file of the bundled index's layout, written
    when they changed since the last one (None when the project has none).

    Named for the database and a digest of what it holds, so each project, and each state of it,
    has its own; a window and its suggestion process read the same file.
    """
    from annotator.assist.place_index import FORMAT, write_places
    from annotator.services.place_lookup import coded_places

    coded = coded_places(project)
    with project.engine.connect() as conn:
        count, last = conn.execute(select(func.count(), func.max(gazetteer_places_t.c.id))).one()
    if not coded and not count:
        return None
    digest = hashlib.sha256(project.engine.url.render_as_string(hide_password=True).encode())
    # The index format too: a file of an older layout is not read, and must be written again.
    digest.update(f"{count}/{last}/{FORMAT}".encode())
    digest.update(repr([o.as_dict() for o in coded]).encode())
    path = cache / "project-places" / f"{digest.hexdigest()[:24]}.sqlite3"
    if not path.exists():
        write_places(path, _project_rows(project, coded), meta={"source": "project"})
    return path


def _project_rows(project: Project, coded: list[Any]) -> Iterator[Any]:
    from annotator.assist.countries import CountryTable
    from annotator.assist.place_index import ADDED, CODED, PlaceRow

    countries = CountryTable(project.codebook)
    for option in coded:
        info = countries.find(option.country) if option.country else None
        if info is None or not info.iso2 or option.latitude is None or option.longitude is None:
            continue  # a place coded without a known country or a point cannot be suggested
        evidence = tuple(n for n in option.matched_name.split("; ") if n)
        yield PlaceRow(
            name=option.location, cc=info.iso2, lat=option.latitude, lon=option.longitude, admin1=option.admin1,
            admin2=option.admin2, admin3=option.admin3, pop=0, feature="coded", tier=CODED,
            own_names=(option.location, *evidence),
        )  # fmt: skip
    cols = gazetteer_places_t.c
    query = select(cols.geonameid, cols.name, cols.alternate_names, cols.country, cols.admin1, cols.admin2,
                   cols.admin3, cols.latitude, cols.longitude, cols.population).order_by(cols.id)  # fmt: skip
    with project.engine.connect() as conn:
        for gid, name, alternates, cc, a1, a2, a3, lat, lon, pop in conn.execute(
            query.execution_options(yield_per=5000)
        ):
            yield PlaceRow(
                name=name, cc=cc, lat=lat, lon=lon, admin1=a1, admin2=a2, admin3=a3, pop=pop or 0,
                geonameid=gid or 0, tier=ADDED, names=tuple(alternates.split("\n")) if alternates else (),
            )  # fmt: skip


def place_lookup(project: Project, *, cache: Path | None = None) -> PlaceLookup:
    """Place search (Ctrl+G) over the project's coded places and the process-wide gazetteer, which
    reads the project's own places file too (not loaded yet: ``prepare`` off the UI thread)."""
    from annotator.services.gazetteer_cache import cache_dir, shared_gazetteer
    from annotator.services.place_lookup import PlaceLookup, coded_places

    places = project_places_file(project, cache or cache_dir())
    return PlaceLookup(shared_gazetteer(project.codebook, cache, places), coded_places(project))
