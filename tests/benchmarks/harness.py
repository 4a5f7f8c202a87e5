"""Benchmark harness: each benchmark measures our path and a floor in the same run.

Machines here are shared and noisy, so results are ratios to a floor measured alongside (raw
sqlite3, bare csv.writer, bare Qt), never pass/fail timings. A benchmark module is any
``tests/benchmarks/bench_*.py`` exposing ``BENCHMARKS``: a list of zero-argument callables that each
return one ``Result`` or a list of them.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any


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
