"""The suggestion pass (annotator.assist): building the dictionaries, one 1.5 MB article, and many
3 KB articles; and ``annotator suggest`` on one 3 KB article from a cold process.

Targets from issue #5: a 1.5 MB article in at most 300 ms; at least 200 articles of 3 KB per
second. Floor: one ``\\w+`` regular-expression scan over the same text, the least any pass that
looks at every word must do. Target from issue #13: the cold command under 0.5 s; floor: a bare
interpreter that reads the article's file.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks.harness import Result, best_of, cache_dir, duration, throughput

ROOT = Path(__file__).parents[2]
PUBLISHED = dt.date(2024, 6, 12)
_WORD = re.compile(r"\w+")


def _samples() -> list[str]:
    lines = (ROOT / "resources" / "samples" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines if line.strip()]


def _engine(cache: Path | None) -> tuple[object, float]:
    from annotator.assist.actors import ActorDictionary
    from annotator.assist.places import Gazetteer
    from annotator.assist.suggest import SuggestionEngine
    from annotator.domain.codebook import load_codebook

    codebook = load_codebook(ROOT / "resources" / "codebooks" / "acled.toml")
    started = time.perf_counter()
    gazetteer = Gazetteer(codebook, cache_dir=cache)
    engine = SuggestionEngine(codebook, gazetteer, ActorDictionary(codebook, countries=gazetteer.countries))
    engine.prepare()
    return engine, time.perf_counter() - started


def _articles(size: int, count: int) -> list[str]:
    samples = _samples()
    out = []
    for i in range(count):
        parts, length, j = [], 0, i
        while length < size:
            text = samples[j % len(samples)]
            parts.append(text)
            length += len(text) + 2
            j += 1
        out.append("\n\n".join(parts)[:size])
    return out


def suggest_benchmarks() -> list[Result]:
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp)
        engine, cold = _engine(cache)  # builds and writes the cache
        _, warm = _engine(cache)  # reads it
    results = [
        duration("assist_build_cold", cold, None, note="gazetteer, actors, automata; no cache"),
        duration("assist_build_cached", warm, None, note="same, gazetteer from its cache"),
    ]
    suggest = engine.suggest  # type: ignore[attr-defined]

    big = _articles(1_500_000, 1)[0]
    ours = best_of(lambda: suggest(big, published=PUBLISHED))
    floor = best_of(lambda: sum(1 for _ in _WORD.finditer(big)))
    results.append(duration("suggest_1_5MB_article", ours, floor, note=f"{len(suggest(big, published=PUBLISHED))} "
                            "suggestions; target <= 300 ms"))  # fmt: skip

    small = _articles(3_000, 1_000)
    ours = best_of(lambda: [suggest(t, published=PUBLISHED) for t in small])
    floor = best_of(lambda: [sum(1 for _ in _WORD.finditer(t)) for t in small])
    results.append(throughput("suggest_3KB_articles", len(small), ours, floor, unit="articles/s",
                              note="target >= 200/s"))  # fmt: skip
    return results


# The cold-command children run this checkout's code, or another's named by ANNOTATOR_BENCH_CODE
# (to measure a "before" with the same benchmark and project).
CODE_ENV = "ANNOTATOR_BENCH_CODE"
COLD_RUNS = 5


def _child(args: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=600)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"{args[:3]} ended with {done.returncode}: {done.stderr[-2000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def cold_suggest() -> list[Result]:
    """``annotator suggest --article ID`` on a SQLite project holding one 3 KB article with one coded
    event, each run a new process, against a bare interpreter reading the article's file.

    As a user's install runs it: from a folder outside the checkout (``python -m`` puts the working
    folder first on the path), with bytecode cached (this machine's PYTHONDONTWRITEBYTECODE would make
    every run compile the package; the cache goes to a folder of its own) and the gazetteer index
    already built (the first run builds it). Ours and the floor alternate, so load falls on both alike.
    """
    root = os.environ.get(CODE_ENV) or str(ROOT)
    work = Path(tempfile.mkdtemp(prefix="annotator-bench-cold-"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPATH=root, XDG_CACHE_HOME=str(cache_dir()), PYTHONPYCACHEPREFIX=str(work / "bytecode"))
    first = json.loads((ROOT / "resources" / "samples" / "articles.jsonl").read_text(encoding="utf-8").splitlines()[0])
    # The sample's own coded event stays valid: the 3 KB text starts with the sample's text.
    article = {**first, "id": "cold-3k", "text": _articles(3_000, 1)[0]}
    source = work / "article.jsonl"
    source.write_text(json.dumps(article) + "\n", encoding="utf-8")
    db = str(work / "project.db")
    _child(["-m", "annotator", "--db", db, "import", str(source)], env, work)
    ours_args = ["-m", "annotator", "--db", db, "suggest", "--article", "cold-3k"]
    floor_args = ["-c", f"open({str(source)!r}, 'rb').read()"]
    _child(ours_args, env, work)  # builds the gazetteer index if needed, writes the bytecode
    _child(floor_args, env, work)
    ours, floor = [], []
    for _ in range(COLD_RUNS):
        floor.append(_child(floor_args, env, work))
        ours.append(_child(ours_args, env, work))
    wall, cpu = (statistics.median(run[i] for run in ours) for i in (0, 1))
    floor_wall, floor_cpu = (statistics.median(run[i] for run in floor) for i in (0, 1))
    spread = f"CPU {min(r[1] for r in ours) * 1000:.0f}-{max(r[1] for r in ours) * 1000:.0f} ms"
    note = f"median of {COLD_RUNS}, {spread}; target < 500 ms"
    return [
        duration("suggest_cold_3KB_cpu", cpu, floor_cpu, note=note),
        duration("suggest_cold_3KB_wall", wall, floor_wall, note=f"median of {COLD_RUNS}; target < 500 ms"),
    ]


BENCHMARKS = [suggest_benchmarks, cold_suggest]

if __name__ == "__main__":
    for r in [*suggest_benchmarks(), *cold_suggest()]:
        print(r)
