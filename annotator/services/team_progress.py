"""How far the team has got: per coder, articles assigned, in progress and done, events coded, and
sets finished per day. On a server each person sees what their role lets them read (a coder: their
own line). The in-app Progress view shows the same figures as a table and charts."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import func, select

from annotator.domain.models import SetKind, SetStatus
from annotator.services.project import Project
from annotator.store.repository import assignments_t, coders_t, events_t, sets_t


@dataclass(frozen=True)
class CoderProgress:
    coder: str
    role: str
    assigned: int
    not_started: int
    in_progress: int
    done: int
    events: int


@dataclass(frozen=True)
class DayDone:
    day: dt.date
    per_coder: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.per_coder.values())


@dataclass(frozen=True)
class TeamProgress:
    batch: str | None
    coders: list[CoderProgress]
    per_day: list[DayDone]  # oldest first, only days on which something was done

    @property
    def assigned(self) -> int:
        return sum(c.assigned for c in self.coders)

    @property
    def done(self) -> int:
        return sum(c.done for c in self.coders)

    def to_json(self) -> dict[str, Any]:
        return {
            "batch": self.batch,
            "coders": [asdict(c) for c in self.coders],
            "done_per_day": [
                {"day": d.day.isoformat(), "per_coder": d.per_coder, "total": d.total} for d in self.per_day
            ],
            "totals": {"assigned": self.assigned, "done": self.done},
        }


def team_progress(project: Project, *, batch: str | None = None) -> TeamProgress:
    """Without a batch: every assignment, and also the sets of coders who code without one (a
    SQLite project coded before assignments existed). With a batch: that batch's articles only."""
    with project.engine.connect() as conn:
        coders = {r.id: (r.name, r.role) for r in conn.execute(select(coders_t.c.id, coders_t.c.name, coders_t.c.role))}
        q = select(assignments_t.c.article_id, assignments_t.c.coder_id)
        if batch is not None:
            q = q.where(assignments_t.c.batch == batch)
        assigned: dict[int, set[int]] = defaultdict(set)
        for r in conn.execute(q):
            assigned[r.coder_id].add(r.article_id)
        counts = select(events_t.c.set_id, func.count().label("n")).group_by(events_t.c.set_id).subquery()
        sets = conn.execute(
            select(sets_t.c.article_id, sets_t.c.coder_id, sets_t.c.status, sets_t.c.done_at, counts.c.n)
            .outerjoin(counts, counts.c.set_id == sets_t.c.id)
            .where(sets_t.c.kind == SetKind.CODER.value)
        ).all()
    status: dict[tuple[int, int], str] = {}
    events: dict[tuple[int, int], int] = {}
    done_at: dict[tuple[int, int], dt.datetime | None] = {}
    for s in sets:
        key = (s.coder_id, s.article_id)
        status[key] = s.status
        events[key] = int(s.n or 0)
        done_at[key] = s.done_at
    scope: dict[int, set[int]] = {c: set(a) for c, a in assigned.items()}
    if batch is None:
        # Work done without an assignment counts; an unassigned set that was never started (an
        # article opened and an edit undone) is nobody's to-do, so it is no "not started" article.
        for (coder_id, article_id), st in status.items():
            if st != SetStatus.NOT_STARTED.value:
                scope.setdefault(coder_id, set()).add(article_id)
    lines: list[CoderProgress] = []
    per_day: dict[dt.date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for coder_id, articles in scope.items():
        name, role = coders.get(coder_id, (f"#{coder_id}", "coder"))
        tally = {s.value: 0 for s in SetStatus}
        n_events = 0
        for article in articles:
            key = (coder_id, article)
            st = status.get(key, SetStatus.NOT_STARTED.value)
            tally[st] += 1
            n_events += events.get(key, 0)
            when = done_at.get(key)
            if st == SetStatus.DONE.value and when is not None:
                per_day[when.date()][name] += 1
        lines.append(
            CoderProgress(
                name,
                role,
                len(assigned.get(coder_id, ())),
                tally["not_started"],
                tally["in_progress"],
                tally["done"],
                n_events,
            )
        )
    lines.sort(key=lambda c: c.coder)
    days = [DayDone(day, dict(sorted(per_day[day].items()))) for day in sorted(per_day)]
    return TeamProgress(batch, lines, days)
