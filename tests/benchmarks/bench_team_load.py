"""Team load on PostgreSQL: 16 coder processes x 1,000 edits, some on the same events.

Edits/s against a floor measured in the same run: the same processes sending bare UPDATE statements,
one transaction each (what one edit would cost with no application around it). Latency p50/p99 and
the conflict count are in the note. Needs the PostgreSQL server of the tests (ANNOTATOR_TEST_PG).
"""

from __future__ import annotations

import multiprocessing
import time
import uuid

from tests.benchmarks.harness import Result

PROCESSES = 16
EDITS = 1000


def _raw_worker(job: tuple[str, int, int]) -> float:
    import psycopg

    conninfo, event_id, edits = job
    with psycopg.connect(conninfo, autocommit=True) as conn:
        t0 = time.perf_counter()
        for n in range(edits):
            with conn.transaction():
                conn.execute("UPDATE events SET notes = %s, version = version + 1 WHERE id = %s", (f"raw{n}", event_id))
        return time.perf_counter() - t0


def bench_team_load() -> list[Result]:
    import psycopg

    from tests.conftest import PG_URL
    from tests.team import load

    plain = PG_URL.replace("+psycopg", "")
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    url = f"{PG_URL}{'&' if '?' in PG_URL else '?'}options=-csearch_path%3D{schema}"
    try:
        report = load.run(url, processes=PROCESSES, edits=EDITS)
        assert report.lost == [] and report.crashes == [], (report.lost[:3], report.crashes[:1])
        from annotator.services.live import conninfo

        with psycopg.connect(conninfo(url)) as conn:
            ids = [row[0] for row in conn.execute("SELECT id FROM events ORDER BY id").fetchall()]
        jobs = [(conninfo(url), ids[i % len(ids)], EDITS) for i in range(PROCESSES)]
        with multiprocessing.get_context("spawn").Pool(PROCESSES) as pool:
            t0 = time.perf_counter()
            pool.map(_raw_worker, jobs)
            floor_seconds = time.perf_counter() - t0
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    edits = len(report.latencies)
    floor_rate = PROCESSES * EDITS / floor_seconds
    note = (
        f"p50 {report.percentile(0.5) * 1000:.1f} ms, p99 {report.percentile(0.99) * 1000:.1f} ms, "
        f"{report.conflicts} conflicts reported, {report.acknowledged} acknowledged, 0 lost, 0 crashes"
    )
    return [
        Result(
            "team load: edits/s (16 processes)",
            round(report.edits_per_second, 1),
            "edits/s",
            round(floor_rate, 1),
            round(report.edits_per_second / floor_rate, 3),
            note,
        ),
        Result("team load: p99 latency", round(report.percentile(0.99) * 1000, 1), "ms", None, None, f"{edits} edits"),
    ]


BENCHMARKS = [bench_team_load]
