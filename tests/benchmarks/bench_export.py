"""Benchmark: ACLED CSV export of 1,000,000 coded events.

``export_acled`` runs the real export service (query, validation, derived columns, formula
neutralisation, atomic write) and compares it with a bare ``csv.writer`` writing the same rows from a
list of tuples already in memory, in the same run. ``export_acled_peak_mb`` is the peak resident memory
(ru_maxrss) of a fresh interpreter that runs one export, so the floor's million tuples do not count.

The database is built once per run with raw sqlite3 ``executemany`` into a file created by our schema
(``open_database``), cached in the temp folder under a name that includes the row count and a version.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import random
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tests.benchmarks.harness import Result, cache_dir, throughput

N_EVENTS = int(os.environ.get("ANNOTATOR_BENCH_EXPORT_EVENTS", "1000000"))
EVENTS_PER_SET = 5
_DB_VERSION = 1

_SUBS = [
    (
        "Battles",
        "Armed clash",
        "Military Forces of Nigeria (2023-)",
        1,
        "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad",
        2,
    ),
    ("Protests", "Peaceful protest", "Protesters (Nigeria)", 6, "", None),
    ("Riots", "Mob violence", "Rioters (Nigeria)", 5, "Civilians (Nigeria)", 7),
    ("Violence against civilians", "Attack", "Unidentified Armed Group (Nigeria)", 3, "Civilians (Nigeria)", 7),
    ("Explosions/Remote violence", "Air/drone strike", "Military Forces of Nigeria (2023-)", 1, "", None),
    ("Strategic developments", "Arrests", "Police Forces of Nigeria (2023-)", 1, "Civilians (Nigeria)", 7),
]
_PLACES = [
    ("Borno", "Maiduguri", "", "Maiduguri", 11.8333, 13.15),
    ("Lagos", "Ikeja", "", "Ikeja", 6.6018, 3.3515),
    ("Kaduna", "Zaria", "Zaria", "Zaria", 11.0855, 7.7199),
    ("Zamfara", "Gusau", "", "Gusau", 12.1628, 6.6614),
]
_NOTES = [
    "On {d}, soldiers clashed with militants near {p}, killing 3. Casualties unknown.",
    '=HYPERLINK("http://example.com","click") was painted on a wall in {p} on {d}.',
    '- Protesters, "about 200", marched in {p} on {d}; police watched.',
    "On {d}, a mob attacked a suspected thief in {p}.\nHe later died.",
]


def database_path(n_events: int = N_EVENTS) -> Path:
    return cache_dir() / f"export-{n_events}-v{_DB_VERSION}.db"


def _event_rows(n_events: int, set_ids: list[int]) -> Iterator[tuple[Any, ...]]:
    rng = random.Random(42)
    base = dt.date(2020, 1, 1)
    now = dt.datetime(2026, 1, 1).isoformat(sep=" ")
    for i in range(n_events):
        et, sub, a1, i1, a2, i2 = _SUBS[i % len(_SUBS)]
        admin1, admin2, admin3, loc, lat, lon = _PLACES[rng.randrange(len(_PLACES))]
        day = base + dt.timedelta(days=rng.randrange(1800))
        note = _NOTES[i % len(_NOTES)].format(d=day.strftime("%d %B %Y"), p=loc)
        yield (
            set_ids[i // EVENTS_PER_SET],
            f"e{i % EVENTS_PER_SET + 1}",
            i % EVENTS_PER_SET,
            f"NGA{i + 1}",
            day.isoformat(),
            1 + i % 3,
            et,
            sub,
            a1,
            "Women (Nigeria); Students (Nigeria)" if i % 7 == 0 else "",
            i1,
            a2,
            "",
            i2,
            int(et == "Violence against civilians"),
            "Nigeria",
            admin1,
            admin2,
            admin3,
            loc,
            lat + (i % 10) * 0.0001,
            lon,
            1 + i % 3,
            "Premium Times; Vanguard",
            "National",
            note,
            rng.randrange(5) if i % 4 else None,
            "crowd size=no report" if et == "Protests" else "",
            now,
        )


def build_database(path: Path, n_events: int = N_EVENTS) -> Path:
    """Create the schema with our migrations, then fill it with raw sqlite3 executemany."""
    from annotator.store.schema import open_database

    tmp = path.with_suffix(".building")
    for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        leftover.unlink(missing_ok=True)
    engine = open_database(f"sqlite:///{tmp}")
    engine.dispose()
    n_sets = (n_events + EVENTS_PER_SET - 1) // EVENTS_PER_SET
    con = sqlite3.connect(tmp)
    con.execute("PRAGMA journal_mode=OFF")
    con.execute("PRAGMA synchronous=OFF")
    now = dt.datetime(2026, 1, 1).isoformat(sep=" ")
    with con:
        con.execute("INSERT INTO coders (id, name, role) VALUES (1, 'curator', 'lead')")
        con.executemany(
            "INSERT INTO articles (id, external_id, title, text, source, url, published, language, meta,"
            " content_hash, created_at) VALUES (?, ?, '', ?, 'Premium Times', '', NULL, 'en', '{}', ?, ?)",
            (
                (i, f"art-{i}", f"Article {i}: soldiers clashed with militants near Maiduguri.", f"{i:064x}", now)
                for i in range(1, n_sets + 1)
            ),
        )
        con.executemany(
            "INSERT INTO annotation_sets (id, article_id, coder_id, kind, status, updated_at)"
            " VALUES (?, ?, 1, 'gold', 'done', ?)",
            ((i, i, now) for i in range(1, n_sets + 1)),
        )
        con.executemany(
            "INSERT INTO events (set_id, key, position, event_id_cnty, event_date, time_precision, event_type,"
            " sub_event_type, actor1, assoc_actor_1, inter1, actor2, assoc_actor_2, inter2, civilian_targeting,"
            " country, admin1, admin2, admin3, location, latitude, longitude, geo_precision, source,"
            " source_scale, notes, fatalities, tags, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            _event_rows(n_events, list(range(1, n_sets + 1))),
        )
        con.execute("INSERT INTO id_counters (prefix, last) VALUES ('NGA', ?)", (n_events,))
    con.close()
    os.replace(tmp, path)
    return path


def cached_database(n_events: int = N_EVENTS) -> Path:
    path = database_path(n_events)
    if not path.exists():
        build_database(path, n_events)
    return path


def _export(db: Path, out: Path) -> tuple[int, float]:
    """Rows written and seconds taken by one export; the project is opened first, as in the app."""
    from annotator.services.export_datasets import DatasetFormat, ExportOptions, export_dataset
    from annotator.services.project import open_project

    project = open_project(str(db))
    try:
        t0 = time.perf_counter()
        report = export_dataset(project, ExportOptions(DatasetFormat.ACLED, out))
        seconds = time.perf_counter() - t0
    finally:
        project.close()
    return report.rows, seconds


_MEMORY_PROBE = """
import resource, sys, json
from pathlib import Path
from tests.benchmarks.bench_export import _export
import annotator.services.export_datasets, annotator.services.project  # imports before the baseline

def high_water_kb():
    # VmHWM starts afresh at exec; ru_maxrss would carry over the parent's peak from before the fork.
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

base = high_water_kb()
rows, _ = _export(Path(sys.argv[1]), Path(sys.argv[2]))
peak = high_water_kb()
worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # the export's second process, if any
print(json.dumps({"rows": rows, "base_kb": base, "peak_kb": peak, "worker_kb": worker}))
"""


def _peak_memory(db: Path, out: Path) -> dict[str, int]:
    """Run one export in a fresh interpreter and read its peak resident memory (ru_maxrss)."""
    import json
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", _MEMORY_PROBE, str(db), str(out)], cwd=root, check=True, capture_output=True, text=True
    )
    data: dict[str, int] = json.loads(done.stdout.strip().splitlines()[-1])
    return data


def _floor_rows(out: Path) -> list[tuple[Any, ...]]:
    """The rows the export wrote, as tuples in memory, for the bare csv.writer floor."""
    with out.open(newline="", encoding="utf-8") as handle:
        return [tuple(r) for r in csv.reader(handle)]


def _bare_writer(rows: list[tuple[Any, ...]], out: Path) -> float:
    t0 = time.perf_counter()
    with out.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return time.perf_counter() - t0


def bench_export_acled() -> list[Result]:
    db = cached_database()
    folder = Path(tempfile.mkdtemp(prefix="annotator-bench-export-"))
    out = folder / "acled.csv"
    try:
        memory = _peak_memory(db, out)
        ours = []
        rows = 0
        for _ in range(2):
            rows, seconds = _export(db, out)
            ours.append(seconds)
        if rows != N_EVENTS or memory["rows"] != N_EVENTS:
            raise AssertionError(f"exported {rows} rows, expected {N_EVENTS}")
        floor_rows = _floor_rows(out)
        floor = min(_bare_writer(floor_rows, folder / "bare.csv") for _ in range(2))
        del floor_rows
        # Both processes' peaks added: an upper bound, as they need not peak at the same moment.
        worker_mb = memory["worker_kb"] / 1024
        peak_mb = memory["peak_kb"] / 1024 + worker_mb
        grew_mb = (memory["peak_kb"] - memory["base_kb"]) / 1024
        return [
            throughput(
                "export_acled",
                rows,
                min(ours),
                floor,
                note=f"{rows:,} events, query to renamed file; floor = bare csv.writer of the same "
                f"rows from a list in memory",
            ),
            Result(
                "export_acled_peak_mb",
                round(peak_mb, 1),
                "MB",
                300.0,
                round(peak_mb / 300.0, 3),
                f"peak RSS of a fresh process doing one export ({grew_mb:.0f} MB above its state after "
                f"imports) plus its worker process ({worker_mb:.0f} MB); floor = the 300 MB budget",
            ),
        ]
    finally:
        for f in folder.iterdir():
            f.unlink()
        folder.rmdir()


bench_export_acled.bench_name = "export_acled"  # type: ignore[attr-defined]

BENCHMARKS = [bench_export_acled]
