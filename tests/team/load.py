"""The team load test's workers and checks (a module of its own: worker processes import it).

``run(url, processes, edits)`` starts ``processes`` coder processes on one PostgreSQL database. Two
processes share a coder and an article (one coder in two windows): they edit the same event, each
holding the version it last saw, as a window does, and add spans to the same set; each also edits an
event and tags spans of an article of its own. Every acknowledged edit is recorded, then checked
against the database: an edit is lost if two acknowledged edits of one event both claim the same
resulting version (one overwrote the other unseen), if the stored state is not the last
acknowledged one, or if an acknowledged span is missing.
"""

from __future__ import annotations

import multiprocessing
import random
import statistics
import time
import traceback
from dataclasses import dataclass, field
from typing import Any

TEXT = ("Protesters gathered outside the ministry in Juba and police fired tear gas. " * 30).strip()
LABELS = ("actor", "location", "action", "date")


@dataclass
class Outcome:
    index: int
    latencies: list[float] = field(default_factory=list)
    event_acks: list[tuple[int, str, str, int, str]] = field(
        default_factory=list
    )  # article, coder, key, version, notes
    span_acks: list[tuple[int, str, str, int, int, str]] = field(
        default_factory=list
    )  # article, coder, key, start, end, label
    conflicts: int = 0
    refused: int = 0
    crashes: list[str] = field(default_factory=list)
    started_at: float = 0.0  # wall clock (time.time) of the first and after the last edit
    ended_at: float = 0.0


def setup(url: str, processes: int) -> list[dict[str, Any]]:
    """Articles, coders and the events the workers edit; one plan per process."""
    import datetime as dt

    from annotator.domain.text import content_hash
    from annotator.services import annotate as an
    from annotator.services.project import open_project
    from annotator.store import repository as repo

    project = open_project(url)
    try:
        pairs = (processes + 1) // 2
        rows = []
        for name in [f"shared{k}" for k in range(pairs)] + [f"own{i}" for i in range(processes)]:
            text = f"{name}: {TEXT}"
            rows.append(
                {
                    "external_id": name,
                    "title": name,
                    "text": text,
                    "source": "",
                    "url": "",
                    "published": None,
                    "language": "en",
                    "meta": {},
                    "content_hash": content_hash(text),
                    "created_at": dt.datetime.now(dt.UTC),
                }
            )
        with project.engine.begin() as conn:
            repo.insert_articles(conn, rows)
            ids = repo.article_ids(conn, [r["external_id"] for r in rows])
        plans = []
        for i in range(processes):
            coder = f"coder{i // 2}"
            shared, own = ids[f"shared{i // 2}"], ids[f"own{i}"]
            plans.append({"index": i, "coder": coder, "shared": shared, "own": own})
        made: set[tuple[int, str]] = set()
        for plan in plans:
            for article in (plan["shared"], plan["own"]):
                if (article, plan["coder"]) not in made:
                    made.add((article, plan["coder"]))
                    an.apply(project, an.CreateEvent(an.SetRef(article, plan["coder"]), key="e1"))
    finally:
        project.close()
    return plans


def _worker(job: tuple[str, dict[str, Any], int, int]) -> Outcome:
    url, plan, edits, seed = job
    out = Outcome(plan["index"])
    try:
        from annotator.domain.errors import UserError
        from annotator.services import annotate as an
        from annotator.services.project import open_project

        project = open_project(url)
    except Exception:
        out.crashes.append(traceback.format_exc())
        return out
    rng = random.Random(seed)
    shared = an.SetRef(plan["shared"], plan["coder"])
    own = an.SetRef(plan["own"], plan["coder"])
    held = {shared: 1, own: 1}  # the version of e1 each window holds
    text_len = len(TEXT)
    out.started_at = time.time()
    for n in range(edits):
        roll = rng.random()
        target = shared if roll < 0.4 or roll >= 0.9 else own
        if roll < 0.6:
            notes = f"p{plan['index']}-{n}"
            command: Any = an.SetEventField.one(target, "e1", "notes", notes, version=held[target])
        else:
            start = rng.randrange(0, text_len - 20)
            command = an.AddSpan(target, start, start + rng.randrange(1, 20), rng.choice(LABELS))
        t0 = time.perf_counter()
        try:
            _inverse, changes = an.apply(project, command)
        except an.ConflictError as exc:
            out.conflicts += 1
            current = exc.current
            held[target] = current.version if current is not None else held[target]  # the window refreshes
            out.latencies.append(time.perf_counter() - t0)
            continue
        except UserError:
            out.refused += 1  # e.g. the same text already tagged with that label
            out.latencies.append(time.perf_counter() - t0)
            continue
        except Exception:
            out.crashes.append(traceback.format_exc())
            continue
        out.latencies.append(time.perf_counter() - t0)
        if isinstance(command, an.SetEventField):
            info = changes.events["e1"]
            assert info is not None
            held[target] = info.version
            out.event_acks.append((target.article_id, target.coder, "e1", info.version, info.fields.notes))
        else:
            for key, span in changes.spans.items():
                assert span is not None
                out.span_acks.append((target.article_id, target.coder, key, span.start, span.end, span.label))
    out.ended_at = time.time()
    project.close()
    return out


@dataclass
class Report:
    processes: int
    edits: int
    seconds: float
    outcomes: list[Outcome]
    lost: list[str]

    @property
    def latencies(self) -> list[float]:
        return [x for o in self.outcomes for x in o.latencies]

    @property
    def conflicts(self) -> int:
        return sum(o.conflicts for o in self.outcomes)

    @property
    def refused(self) -> int:
        return sum(o.refused for o in self.outcomes)

    @property
    def crashes(self) -> list[str]:
        return [c for o in self.outcomes for c in o.crashes]

    @property
    def acknowledged(self) -> int:
        return sum(len(o.event_acks) + len(o.span_acks) for o in self.outcomes)

    def percentile(self, p: float) -> float:
        values = sorted(self.latencies)
        return values[min(len(values) - 1, int(p * len(values)))] if values else 0.0

    @property
    def edits_per_second(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def summary(self) -> str:
        return (
            f"{self.processes} processes x {self.edits} edits: {len(self.latencies)} edits in {self.seconds:.1f} s = "
            f"{self.edits_per_second:.0f} edits/s; latency p50 {self.percentile(0.5) * 1000:.1f} ms, "
            f"p99 {self.percentile(0.99) * 1000:.1f} ms (median of means "
            f"{statistics.median([statistics.mean(o.latencies) for o in self.outcomes if o.latencies]) * 1000:.1f} ms); "
            f"{self.acknowledged} acknowledged, {self.conflicts} conflicts reported, {self.refused} refused, "
            f"{len(self.lost)} lost, {len(self.crashes)} crashes"
        )


def run(url: str, processes: int = 16, edits: int = 1000, seed: int = 1) -> Report:
    plans = setup(url, processes)
    context = multiprocessing.get_context("spawn")
    with context.Pool(processes) as pool:
        outcomes = pool.map(_worker, [(url, plan, edits, seed * 1000 + plan["index"]) for plan in plans])
    # From the first edit to the last, over all processes (their start-up is not counted).
    active = [o for o in outcomes if o.ended_at]
    seconds = max(o.ended_at for o in active) - min(o.started_at for o in active) if active else 0.0
    return Report(processes, edits, seconds, outcomes, check(url, outcomes))


def check(url: str, outcomes: list[Outcome]) -> list[str]:
    """Every way an acknowledged edit could have been lost, found in the database."""
    from sqlalchemy import select

    from annotator.services.project import open_project
    from annotator.store.repository import coders_t, events_t, sets_t, spans_t

    lost: list[str] = []
    project = open_project(url)
    try:
        with project.engine.connect() as conn:
            stored_events = {
                (r.article_id, r.name, r.key): (r.version, r.notes)
                for r in conn.execute(
                    select(sets_t.c.article_id, coders_t.c.name, events_t.c.key, events_t.c.version, events_t.c.notes)
                    .join(sets_t, sets_t.c.id == events_t.c.set_id)
                    .join(coders_t, coders_t.c.id == sets_t.c.coder_id)
                )
            }
            stored_spans = {
                (r.article_id, r.name, r.key): (r.start_offset, r.end_offset, r.label)
                for r in conn.execute(
                    select(
                        sets_t.c.article_id,
                        coders_t.c.name,
                        spans_t.c.key,
                        spans_t.c.start_offset,
                        spans_t.c.end_offset,
                        spans_t.c.label,
                    )
                    .join(sets_t, sets_t.c.id == spans_t.c.set_id)
                    .join(coders_t, coders_t.c.id == sets_t.c.coder_id)
                )
            }
    finally:
        project.close()
    by_event: dict[tuple[int, str, str], dict[int, str]] = {}
    for o in outcomes:
        for article, coder, key, version, notes in o.event_acks:
            seen = by_event.setdefault((article, coder, key), {})
            if version in seen:
                lost.append(f"event {key} of article {article}: two edits both acknowledged as version {version}")
            seen[version] = notes
    for event, versions in by_event.items():
        top = max(versions)
        if stored_events.get(event) != (top, versions[top]):
            lost.append(f"event {event}: stored {stored_events.get(event)}, last acknowledged {(top, versions[top])}")
    acked_spans = [s for o in outcomes for s in o.span_acks]
    for article, coder, key, start, end, label in acked_spans:
        if stored_spans.get((article, coder, key)) != (start, end, label):
            lost.append(
                f"span {key} of article {article}: acknowledged {(start, end, label)}, stored {stored_spans.get((article, coder, key))}"
            )
    if len(stored_spans) != len(acked_spans):
        lost.append(f"{len(stored_spans)} spans stored but {len(acked_spans)} acknowledged")
    return lost
