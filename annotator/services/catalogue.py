"""The article catalogue: what is in the project and how far its coding has got."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select

from annotator.domain.models import SetStatus
from annotator.services.project import Project
from annotator.store.repository import articles_t, coders_t, sets_t


@dataclass(frozen=True)
class ArticleSummary:
    id: int
    external_id: str
    title: str
    published: dt.date | None
    status: str
    coders: tuple[str, ...]


def article_status(set_statuses: list[tuple[str, str]]) -> str:
    """One status for an article from its sets' (kind, status): the gold set decides when there is
    one; otherwise done when every coder is done, in progress once anyone has started."""
    gold = [status for kind, status in set_statuses if kind == "gold"]
    if gold:
        return gold[0]
    statuses = [status for _, status in set_statuses]
    if not statuses:
        return SetStatus.NOT_STARTED.value
    if all(s == SetStatus.DONE for s in statuses):
        return SetStatus.DONE.value
    if any(s != SetStatus.NOT_STARTED for s in statuses):
        return SetStatus.IN_PROGRESS.value
    return SetStatus.NOT_STARTED.value


def list_articles(project: Project, *, status: str | None = None) -> list[ArticleSummary]:
    with project.engine.connect() as conn:
        sets: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
        for row in conn.execute(
            select(sets_t.c.article_id, sets_t.c.kind, sets_t.c.status, coders_t.c.name).join(
                coders_t, coders_t.c.id == sets_t.c.coder_id
            )
        ):
            sets[row.article_id].append((row.kind, row.status, row.name))
        out = []
        for a in conn.execute(
            select(articles_t.c.id, articles_t.c.external_id, articles_t.c.title, articles_t.c.published).order_by(
                articles_t.c.id
            )
        ):
            entries = sets.get(a.id, [])
            st = article_status([(k, s) for k, s, _ in entries])
            if status and st != status:
                continue
            coders = tuple(sorted({n for k, _, n in entries if k == "coder"}))
            out.append(ArticleSummary(a.id, a.external_id, a.title, a.published, st, coders))
    return out
