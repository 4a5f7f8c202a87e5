"""import_jsonl and export_jsonl: 20,000 articles of about 3 KB.

Floor for import: raw sqlite3 executemany of the same article rows into the same schema, same run.
Floor for export: json.dumps of the same records to a file, with no database read.
"""

from __future__ import annotations

import json
import random
import sqlite3
import tempfile
import time
from pathlib import Path

from tests.benchmarks.harness import Result, throughput

N_ARTICLES = 20_000
WORDS = [
    "protesters",
    "gathered",
    "outside",
    "the",
    "ministry",
    "on",
    "Tuesday",
    "demanding",
    "unpaid",
    "wages",
    "while",
    "police",
    "watched",
    "from",
    "the",
    "roadside",
    "and",
    "officials",
    "promised",
    "talks",
    "next",
    "week",
    "in",
    "the",
    "capital",
    "where",
    "shops",
    "stayed",
    "closed",
]


def _corpus(folder: Path) -> tuple[Path, list[dict]]:
    rng = random.Random(7)
    path = folder / "corpus.jsonl"
    records = []
    with path.open("w", encoding="utf-8") as handle:
        for i in range(N_ARTICLES):
            words = [rng.choice(WORDS) for _ in range(480)]
            text = " ".join(words)[:3000] + f" (story {i})."
            rec = {
                "id": f"bench-{i}",
                "title": f"Story {i}",
                "text": text,
                "source": "Bench Wire",
                "url": f"https://example.org/{i}",
                "published": "2024-06-12",
                "language": "en",
            }
            records.append(rec)
            handle.write(json.dumps(rec) + "\n")
    return path, records


def _raw_floor(db_path: Path, records: list[dict]) -> float:
    import datetime as dt
    import hashlib

    from annotator.store.schema import open_database

    open_database(f"sqlite:///{db_path}").dispose()
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    now = dt.datetime.now(dt.UTC).isoformat()
    t0 = time.perf_counter()
    rows = [
        (
            r["id"],
            r["title"],
            r["text"],
            r["source"],
            r["url"],
            r["published"],
            r["language"],
            "{}",
            hashlib.sha256(r["text"].encode()).hexdigest(),
            now,
        )
        for r in records
    ]
    with con:
        con.executemany(
            "INSERT INTO articles (external_id, title, text, source, url, published, language, meta, "
            "content_hash, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            rows,
        )
    elapsed = time.perf_counter() - t0
    con.close()
    return elapsed


def import_and_export_jsonl() -> list[Result]:
    from annotator.services.export_datasets import DatasetFormat, ExportOptions, export_dataset
    from annotator.services.importing import import_paths
    from annotator.services.project import open_project

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        corpus, records = _corpus(folder)
        floor = _raw_floor(folder / "floor.db", records)
        project = open_project(f"sqlite:///{folder / 'ours.db'}")
        t0 = time.perf_counter()
        report = import_paths(project, [corpus])
        ours = time.perf_counter() - t0
        assert report.added == N_ARTICLES
        out = folder / "out.jsonl"
        t0 = time.perf_counter()
        export_dataset(project, ExportOptions(DatasetFormat.JSONL, out))
        export_time = time.perf_counter() - t0
        project.close()
        t0 = time.perf_counter()
        with (folder / "floor.jsonl").open("w", encoding="utf-8") as handle:
            for r in records:
                handle.write(json.dumps({**r, "meta": {}, "annotations": []}, ensure_ascii=False) + "\n")
        dump_floor = time.perf_counter() - t0
    return [
        throughput(
            "import_jsonl",
            N_ARTICLES,
            ours,
            floor,
            unit="articles/s",
            note="floor: raw sqlite3 executemany of the same rows",
        ),
        throughput(
            "export_jsonl",
            N_ARTICLES,
            export_time,
            dump_floor,
            unit="articles/s",
            note="floor: json.dumps of the same records, no database",
        ),
    ]


BENCHMARKS = [import_and_export_jsonl]
