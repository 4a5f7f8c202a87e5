"""Benchmark harness: each benchmark measures our path and a floor in the same run.

Machines here are shared and noisy, so results are ratios to a floor measured alongside (raw
sqlite3, bare csv.writer, bare Qt), never pass/fail timings. A benchmark module is any
``tests/benchmarks/bench_*.py`` exposing ``BENCHMARKS``: a list of zero-argument callables that each
return one ``Result`` or a list of them.

Benchmarks leave nothing behind: run.py gives each one a scratch folder as its temporary folder
(``tempfile`` and TMPDIR point there, for its child processes too) and removes it when the benchmark
ends, however it ends. Data worth keeping between runs goes to ``cache_dir()``, which is in that
scratch folder too unless ANNOTATOR_BENCH_CACHE names a folder to keep it in.
"""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

CACHE_ENV = "ANNOTATOR_BENCH_CACHE"


@dataclass(frozen=True)
class Result:
    name: str
    value: float
    unit: str
    floor: float | None
    ratio: float | None
    note: str = ""

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        if not self.note:
            data.pop("note")
        return data


def best_of(fn: Callable[[], Any], repeat: int = 3) -> float:
    """Fastest wall time of ``repeat`` runs, in seconds (the least disturbed by other load)."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def median_of(samples: list[float]) -> float:
    return statistics.median(samples)


def throughput(
    name: str, count: int, seconds: float, floor_seconds: float, unit: str = "rows/s", note: str = ""
) -> Result:
    """Rate result: ratio = our rate / floor rate (higher is better, 1.0 = as fast as the floor)."""
    value = count / seconds
    floor = count / floor_seconds
    return Result(name, round(value, 1), unit, round(floor, 1), round(value / floor, 3), note)


def duration(name: str, seconds: float, floor_seconds: float | None, note: str = "") -> Result:
    """Time result in ms: ratio = our time / floor time (lower is better, 1.0 = as fast as the floor)."""
    floor_ms = None if floor_seconds is None else round(floor_seconds * 1000, 2)
    ratio = None if floor_seconds is None else round(seconds / floor_seconds, 3)
    return Result(name, round(seconds * 1000, 2), "ms", floor_ms, ratio, note)


@contextmanager
def scratch_temp(parent: str | None = None) -> Iterator[Path]:
    """A fresh folder made the temporary folder of this process and its children, removed on exit."""
    folder = Path(tempfile.mkdtemp(prefix="annotator-bench-run-", dir=parent))
    saved_env, saved_dir = os.environ.get("TMPDIR"), tempfile.tempdir
    os.environ["TMPDIR"] = str(folder)
    tempfile.tempdir = str(folder)
    try:
        yield folder
    finally:
        tempfile.tempdir = saved_dir
        if saved_env is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = saved_env
        shutil.rmtree(folder, ignore_errors=True)


def cache_dir() -> Path:
    """Where a benchmark keeps data it can reuse (a large generated database): ANNOTATOR_BENCH_CACHE if
    set (kept between runs), otherwise inside the run's temporary folder (removed with it)."""
    folder = Path(os.environ.get(CACHE_ENV) or Path(tempfile.gettempdir()) / "annotator-bench")
    folder.mkdir(parents=True, exist_ok=True)
    return folder
