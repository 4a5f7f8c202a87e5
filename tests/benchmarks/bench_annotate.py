"""tag_offsets: one tag (AddSpan through the services layer, committed) on a 14 KB and on a 6 MB article.

What a tag must do does not depend on the article's length: check the offsets, read the tagged text,
insert one span row and touch the set, in one transaction. The floor is exactly those writes in raw
sqlite3 on the same database file with the same pragmas (WAL, synchronous=FULL), in the same run; the
figure is the median of 60 tags spread evenly over the article, each followed by its floor (so both
meet the same disk and load), after a first tag that is reported on its own (it creates the set).
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from tests.benchmarks.harness import Result, duration

TAGS = 60
CODER = "bench"
SIZES = {"14kb": 14_000, "6mb": 6_000_000}
WORDS = (
    "protesters", "gathered", "outside", "the", "ministry", "police", "fired", "tear", "gas", "in", "Qamishli",
    "on", "Tuesday", "القامشلي", "المحتجون", "two", "civilians", "were", "killed", "😀", "near", "the", "market",
)  # fmt: skip


def _text(size: int, rng: random.Random) -> str:
    words: list[str] = []
    length = 0
    while length < size:
        w = rng.choice(WORDS)
        words.append(w)
        length += len(w) + 1
        if len(words) % 60 == 0:
            words.append("\n")
    return " ".join(words)[:size].strip() + "."


def _database(folder: Path, size: int) -> tuple[str, int, str]:
    from annotator.domain.text import content_hash
    from annotator.services.project import open_project
    from annotator.store import repository as repo
    from annotator.store.uow import transaction

    text = _text(size, random.Random(size))
    url = f"sqlite:///{folder / f'tag-{size}.db'}"
    project = open_project(url)
    try:
        with transaction(project.engine) as conn:
            repo.insert_articles(
                conn,
                [
                    {
                        "external_id": "big",
                        "title": "A long article",
                        "text": text,
                        "source": "bench",
                        "url": "",
                        "published": dt.date(2024, 6, 5),
                        "language": "",
                        "meta": {},
                        "content_hash": content_hash(text),
                        "created_at": dt.datetime.now(dt.UTC),
                    }
                ],
            )
            article_id = repo.article_ids(conn, ["big"])["big"]
    finally:
        project.close()
    return url, article_id, text


def _positions(text: str, rng: random.Random) -> list[tuple[int, int]]:
    """TAGS word-sized stretches spread from the start to the end of the text, in shuffled order."""
    step = (len(text) - 20) // TAGS
    spots = [(i * step + 5, i * step + 12) for i in range(TAGS)]
    rng.shuffle(spots)
    return spots


def _measure(url: str, db: Path, article_id: int, text: str, spots: list[tuple[int, int]]) -> dict[str, object]:
    """Our tag and the floor's, alternately at each spot, so both meet the same disk and load."""
    from annotator.services.annotate import AddSpan, SetRef, apply
    from annotator.services.project import open_project

    project = open_project(url)
    ref = SetRef(article_id, CODER)
    con = sqlite3.connect(db, isolation_level=None)
    try:
        t0 = time.perf_counter()
        apply(project, AddSpan(ref, 0, 3, "actor"))  # the first tag of the session creates the set
        first = time.perf_counter() - t0
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=FULL")
        con.execute("PRAGMA foreign_keys=ON")
        set_id = con.execute(
            "SELECT s.id FROM annotation_sets s JOIN coders c ON c.id = s.coder_id "
            "WHERE s.article_id = ? AND c.name = ?",
            (article_id, CODER),
        ).fetchone()[0]
        ours, floor = [], []
        for n, (start, end) in enumerate(spots):
            t0 = time.perf_counter()
            apply(project, AddSpan(ref, start, end, "actor"))
            ours.append(time.perf_counter() - t0)
            # The floor: the same writes, bare: one span row and the set's timestamp, committed.
            t0 = time.perf_counter()
            con.execute("BEGIN")
            con.execute(
                "INSERT INTO spans (set_id, key, start_offset, end_offset, label, text) VALUES (?, ?, ?, ?, ?, ?)",
                (set_id, f"floor{n}", start, end, "location", text[start:end]),
            )
            con.execute("UPDATE annotation_sets SET updated_at = ? WHERE id = ?", (dt.datetime.now(dt.UTC), set_id))
            con.execute("COMMIT")
            floor.append(time.perf_counter() - t0)
    finally:
        con.close()
        project.close()
    return {"first": first, "ours": ours, "floor": floor}


def bench_tag_offsets() -> list[Result]:
    results = []
    with tempfile.TemporaryDirectory(prefix="annotator-bench-tag-") as tmp:
        for name, size in SIZES.items():
            url, article_id, text = _database(Path(tmp), size)
            spots = _positions(text, random.Random(3))
            m = _measure(url, Path(tmp) / f"tag-{size}.db", article_id, text, spots)
            ours, floor, first = m["ours"], m["floor"], m["first"]
            assert isinstance(ours, list) and isinstance(floor, list) and isinstance(first, float)
            results.append(
                duration(
                    f"tag_offsets_{name}",
                    statistics.median(ours),
                    statistics.median(floor),
                    note=f"{len(text):,} characters; first tag {first * 1000:.1f} ms; "
                    "floor: the same span insert and set update in raw sqlite3",
                )
            )
    return results


bench_tag_offsets.bench_name = "tag_offsets"  # type: ignore[attr-defined]

BENCHMARKS = [bench_tag_offsets]
