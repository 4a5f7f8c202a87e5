"""The place look-up as the coder types (Ctrl+G in the event form, issue #9): one search per key
press must answer well under 50 ms on the shipped gazetteer.

Queries are real place names typed one character at a time, with and without a country filter,
and a few misspelt ones (which take the similar-spelling path). Floor: a bare prefix search per
key press: fold the text, bisect the same sorted name keys and collect the rows of the first 20
names that start with it, from the same SQLite index (no ranking, no regions, no spelling
fallback, no country filter). Reported: the mean per key press (ratio to the floor), the slowest
key press, and opening the on-disk index (issue #13: no tables are built in memory any more).
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
import tracemalloc
from pathlib import Path

from tests.benchmarks.harness import Result, duration

ROOT = Path(__file__).parents[2]
NAMES = [
    ("Al-Malikiyah", None), ("Qamishli", "Syria"), ("Tal Tamr", None), ("Amuda", "Syria"), ("Kabul", None),
    ("Hyderabad", "India"), ("San Vicente de Chucuri", None), ("Tripoli", None), ("Makurdi", "Nigeria"),
    ("Bukavu", None), ("Karimama", "Benin"), ("Qamishly", None), ("Malikiya", None), ("Derik", None),
    ("Abomey-Calavi", None), ("Ouagadougou", None),
]  # fmt: skip


def _keystrokes() -> list[tuple[str, str | None]]:
    return [(name[:n], country) for name, country in NAMES for n in range(1, len(name) + 1)]


def place_lookup_benchmark() -> list[Result]:
    from annotator.assist.folding import fold_key
    from annotator.assist.places import Gazetteer
    from annotator.domain.codebook import load_codebook

    codebook = load_codebook(ROOT / "resources" / "codebooks" / "acled.toml")
    cache = Path(tempfile.gettempdir()) / "annotator-test-gazetteer"  # the index the tests build once
    Gazetteer(codebook, cache_dir=cache).load()
    # Opening the index, as the window does on its first Ctrl+G, and what it holds in memory.
    tracemalloc.start()
    started = time.perf_counter()
    gazetteer = Gazetteer(codebook, cache_dir=cache)
    gazetteer.prepare_search()
    prepare = time.perf_counter() - started
    tables_mb = round(tracemalloc.get_traced_memory()[0] / 2**20, 1)
    tracemalloc.stop()
    presses = _keystrokes()
    gazetteer.search("warm up", limit=20)  # imports rapidfuzz once, as the first real search would
    times = []
    for typed, country in presses:
        t0 = time.perf_counter()
        gazetteer.search(typed, country=country, limit=20)
        times.append(time.perf_counter() - t0)
    conn = sqlite3.connect(gazetteer.index_path)  # the floor's own connection to the same file

    def floor_once() -> None:
        for typed, _country in presses:
            key = fold_key(typed)
            keys = [k for (k,) in conn.execute(
                "SELECT key FROM name_keys WHERE key >= ? AND key < ? ORDER BY key LIMIT 20", (key, key + "\U0010ffff")
            )]  # fmt: skip
            marks = ",".join("?" * len(keys))
            conn.execute(f"SELECT place FROM names WHERE key IN ({marks})", keys).fetchall()

    floor = min(_timed(floor_once) for _ in range(5))
    total = sum(times)
    worst = max(times)
    slowest = presses[times.index(worst)]
    mean_ms = 1000 * total / len(presses)
    return [
        duration(
            f"place_lookup_{len(presses)}_keypresses",
            total,
            floor,
            note=f"{mean_ms:.1f} ms per key press; target well under 50 ms",
        ),
        duration("place_lookup_slowest_keypress", worst, None, note=f"{slowest[0]!r} in {slowest[1] or 'any country'}"),
        duration(
            "place_lookup_prepare",
            prepare,
            None,
            note=f"opening the on-disk index, once per process; {tables_mb} MB held",
        ),
    ]


def _timed(fn: object) -> float:
    t0 = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - t0


BENCHMARKS = [place_lookup_benchmark]

if __name__ == "__main__":
    for r in place_lookup_benchmark():
        print(r)
