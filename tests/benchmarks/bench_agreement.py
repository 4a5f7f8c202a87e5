"""Benchmark: agreement over 10,000 articles coded by 2 coders, 3 events and 15 spans each.

``agreement`` runs the real service (``compute_agreement``: Core reads of sets, events and spans,
event matching, α for 20 fields with 1,000-resample bootstrap intervals, κ, span F1s and character α,
the per-article ranking). The floor reads the same rows with raw sqlite3 (``fetchall`` of the three
SELECTs), in the same run. Target: ≤ 2 s.

The database is built once with raw sqlite3 ``executemany`` into a file created by our schema, cached
in the temp folder under a name holding the size and a version.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sqlite3
import tempfile
import time
from pathlib import Path

from annotator.domain.agreement.scope import AgreementScope
from tests.benchmarks.harness import Result, duration

N_ARTICLES = int(os.environ.get("ANNOTATOR_BENCH_AGREEMENT_ARTICLES", "10000"))
EVENTS = 3
SPANS = 15
_DB_VERSION = 1

_TYPES = [
    ("Battles", "Armed clash", "Military Forces of Nigeria (2023-)", 1, "Boko Haram", 2),
    ("Protests", "Peaceful protest", "Protesters (Nigeria)", 6, "", None),
    ("Riots", "Mob violence", "Rioters (Nigeria)", 5, "Civilians (Nigeria)", 7),
    ("Violence against civilians", "Attack", "Unidentified Armed Group (Nigeria)", 3, "Civilians (Nigeria)", 7),
    ("Strategic developments", "Arrests", "Police Forces of Nigeria (2023-)", 1, "Civilians (Nigeria)", 7),
]
_PLACES = [
    ("Borno", "Maiduguri", "", "Maiduguri", 11.8333, 13.15),
    ("Lagos", "Ikeja", "", "Ikeja", 6.6018, 3.3515),
    ("Kaduna", "Zaria", "Zaria", "Zaria", 11.0855, 7.7199),
    ("Zamfara", "Gusau", "", "Gusau", 12.1628, 6.6614),
    ("Kano", "Kano Municipal", "", "Kano", 12.0022, 8.592),
    ("Plateau", "Jos North", "", "Jos", 9.8965, 8.8583),
]
_LABELS = ["actor", "location", "action", "date", "fatalities"]
_TEXT = (
    "On Tuesday soldiers clashed with militants near Maiduguri, killing three people, while in Ikeja "
    "hundreds of traders marched against new market levies and police later arrested a dozen of them. "
) * 4


def database_path(n_articles: int = N_ARTICLES) -> Path:
    folder = Path(tempfile.gettempdir()) / "annotator-bench"
    folder.mkdir(exist_ok=True)
    return folder / f"agreement-{n_articles}-v{_DB_VERSION}.db"


def _event(rng: random.Random, base: dt.date) -> list[object]:
    et, sub, a1, i1, a2, i2 = _TYPES[rng.randrange(len(_TYPES))]
    admin1, admin2, admin3, loc, lat, lon = _PLACES[rng.randrange(len(_PLACES))]
    day = base - dt.timedelta(days=rng.randrange(3))
    return [
        day.isoformat(), 1, et, sub, a1, "", i1, a2, "", i2, int(et == "Violence against civilians"),
        "Nigeria", admin1, admin2, admin3, loc, lat, lon, 1 + rng.randrange(2), rng.randrange(6),
    ]  # fmt: skip


def _variant(rng: random.Random, event: list[object]) -> list[object]:
    """The second coder's version: mostly the same, sometimes a day off, another type or no fatalities."""
    out = list(event)
    if rng.random() < 0.15:
        out[0] = (dt.date.fromisoformat(str(out[0])) + dt.timedelta(days=1)).isoformat()
    if rng.random() < 0.1:
        et, sub, *_ = _TYPES[rng.randrange(len(_TYPES))]
        out[2], out[3] = et, sub
    if rng.random() < 0.1:
        out[19] = None
    if rng.random() < 0.1:
        out[16] = float(str(out[16])) + 0.05
    return out


def build_database(path: Path, n_articles: int = N_ARTICLES) -> Path:
    from annotator.store.schema import open_database

    tmp = path.with_suffix(".building")
    for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        leftover.unlink(missing_ok=True)
    engine = open_database(f"sqlite:///{tmp}")
    engine.dispose()
    rng = random.Random(7)
    now = dt.datetime(2026, 1, 1).isoformat(sep=" ")
    con = sqlite3.connect(tmp)
    con.execute("PRAGMA journal_mode=OFF")
    con.execute("PRAGMA synchronous=OFF")
    events: list[tuple[object, ...]] = []
    spans: list[tuple[object, ...]] = []
    for art in range(1, n_articles + 1):
        base = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(1800))
        mine = [_event(rng, base) for _ in range(EVENTS)]
        theirs = [_variant(rng, e) for e in mine]
        rng.shuffle(theirs)
        marks = []
        for _ in range(SPANS):
            start = rng.randrange(len(_TEXT) - 30)
            marks.append((start, start + 3 + rng.randrange(20), _LABELS[rng.randrange(len(_LABELS))]))
        for coder, evs in ((1, mine), (2, theirs)):
            set_id = 2 * (art - 1) + coder
            for k, e in enumerate(evs):
                events.append((set_id, f"e{k + 1}", k, *e, now))
            for k, (start, end, label) in enumerate(marks):
                if coder == 2 and rng.random() < 0.2:
                    end = max(start + 1, end + rng.choice((-2, -1, 1, 2)))
                spans.append((set_id, f"s{k + 1}", start, end, label, _TEXT[start:end]))
    with con:
        con.execute("INSERT INTO coders (id, name, role) VALUES (1, 'amal', 'coder'), (2, 'bruno', 'coder')")
        con.executemany(
            "INSERT INTO articles (id, external_id, title, text, source, url, published, language, meta,"
            " content_hash, created_at) VALUES (?, ?, ?, ?, '', '', '2024-06-12', 'en', '{}', ?, ?)",
            ((i, f"art-{i}", f"Article {i}", _TEXT, f"{i:064x}", now) for i in range(1, n_articles + 1)),
        )
        con.executemany(
            "INSERT INTO annotation_sets (id, article_id, coder_id, kind, status, updated_at)"
            " VALUES (?, ?, ?, 'coder', 'done', ?)",
            ((2 * (i - 1) + c, i, c, now) for i in range(1, n_articles + 1) for c in (1, 2)),
        )
        con.executemany(
            "INSERT INTO events (set_id, key, position, event_date, time_precision, event_type, sub_event_type,"
            " actor1, assoc_actor_1, inter1, actor2, assoc_actor_2, inter2, civilian_targeting, country, admin1,"
            " admin2, admin3, location, latitude, longitude, geo_precision, fatalities, updated_at, source,"
            " source_scale, notes, tags)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', '', '', '')",
            events,
        )
        con.executemany(
            "INSERT INTO spans (set_id, key, start_offset, end_offset, label, text) VALUES (?, ?, ?, ?, ?, ?)", spans
        )
    con.close()
    os.replace(tmp, path)
    return path


def cached_database(n_articles: int = N_ARTICLES) -> Path:
    path = database_path(n_articles)
    if not path.exists():
        build_database(path, n_articles)
    return path


_FLOOR_SQL = (
    "SELECT s.article_id, s.coder_id, c.name, a.external_id, a.title, length(a.text) FROM annotation_sets s"
    " JOIN coders c ON c.id = s.coder_id JOIN articles a ON a.id = s.article_id WHERE s.kind = 'coder'"
    " ORDER BY s.article_id, s.coder_id",
    "SELECT s.article_id, s.coder_id, e.event_date, e.time_precision, e.event_type, e.sub_event_type, e.actor1,"
    " e.assoc_actor_1, e.inter1, e.actor2, e.assoc_actor_2, e.inter2, e.civilian_targeting, e.country, e.admin1,"
    " e.admin2, e.admin3, e.location, e.latitude, e.longitude, e.geo_precision, e.fatalities FROM events e"
    " JOIN annotation_sets s ON s.id = e.set_id WHERE s.kind = 'coder'"
    " ORDER BY s.article_id, s.coder_id, e.position, e.id",
    "SELECT s.article_id, s.coder_id, p.start_offset, p.end_offset, p.label FROM spans p"
    " JOIN annotation_sets s ON s.id = p.set_id WHERE s.kind = 'coder'",
)


def _floor(db: Path) -> tuple[float, int]:
    con = sqlite3.connect(db)
    try:
        t0 = time.perf_counter()
        rows = sum(len(con.execute(sql).fetchall()) for sql in _FLOOR_SQL)
        return time.perf_counter() - t0, rows
    finally:
        con.close()


def _ours(db: Path) -> tuple[float, object]:
    from annotator.services.agreement import compute_agreement
    from annotator.services.project import open_project

    project = open_project(str(db))
    try:
        t0 = time.perf_counter()
        report = compute_agreement(project)
        return time.perf_counter() - t0, report
    finally:
        project.close()


def _reading(db: Path) -> float:
    """Our reading alone (Core statements, streamed, into columns), to tell reading from measuring."""
    from annotator.domain.gc_pause import gc_paused
    from annotator.services.agreement import read_input
    from annotator.services.project import open_project

    project = open_project(str(db))
    try:
        t0 = time.perf_counter()
        with gc_paused(), project.engine.connect() as conn:
            read_input(conn, AgreementScope(), project.codebook.label_names)
        return time.perf_counter() - t0
    finally:
        project.close()


def bench_agreement() -> list[Result]:
    db = cached_database()
    import annotator.services.agreement  # noqa: F401  (imports before timing, as a running app has them)

    runs = [_ours(db) for _ in range(3)]
    seconds = min(s for s, _ in runs)
    report = runs[0][1]
    floor, rows = min(_floor(db) for _ in range(3))
    reading = min(_reading(db) for _ in range(3))
    articles = getattr(report, "articles", 0)
    if articles != N_ARTICLES:
        raise AssertionError(f"compared {articles} articles, expected {N_ARTICLES}")
    f1 = getattr(report, "events_f1", None)
    return [
        duration(
            "agreement",
            seconds,
            floor,
            note=f"{N_ARTICLES:,} articles x 2 coders, {EVENTS} events and {SPANS} spans each ({rows:,} rows), "
            f"event F1 {f1:.3f}; reading {reading * 1000:,.0f} ms of it; target <= 2,000 ms; "
            "floor = raw sqlite3 fetchall of the same rows",
        )
    ]


bench_agreement.bench_name = "agreement"  # type: ignore[attr-defined]

BENCHMARKS = [bench_agreement]
