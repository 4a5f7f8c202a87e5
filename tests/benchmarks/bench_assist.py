"""The suggestion pass (annotator.assist): building the dictionaries, one 1.5 MB article, and many
3 KB articles.

Targets from issue #5: a 1.5 MB article in at most 300 ms; at least 200 articles of 3 KB per
second. Floor: one ``\\w+`` regular-expression scan over the same text, the least any pass that
looks at every word must do.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tempfile
import time
from pathlib import Path

from tests.benchmarks.harness import Result, best_of, duration, throughput

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


BENCHMARKS = [suggest_benchmarks]

if __name__ == "__main__":
    for r in suggest_benchmarks():
        print(r)
