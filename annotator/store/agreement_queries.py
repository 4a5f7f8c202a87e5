"""The rows an agreement run reads: coder sets in scope, their events and their spans.

Statements are SQLAlchemy Core and rows are streamed in chunks as plain tuples (on SQLite straight
from the driver cursor, on PostgreSQL through a server-side cursor), never as ORM objects: a project
of 10,000 articles coded twice has 60,000 events and 300,000 spans to read.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, Select, and_, case, func, select

from annotator.domain.agreement.scope import AgreementScope, DateBasis
from annotator.store.repository import articles_t, assignments_t, coders_t, events_t, sets_t, spans_t
from annotator.store.streaming import row_chunks

_CHUNK = 10_000


def stream(conn: Connection, stmt: Select[Any], chunk: int = _CHUNK) -> Iterator[Sequence[Any]]:
    """Rows of ``stmt`` as plain tuples, fetched ``chunk`` at a time."""
    for rows in row_chunks(conn, stmt, chunk):
        yield from rows


def coder_ids(conn: Connection, names: Sequence[str]) -> dict[str, int]:
    """Ids of the named coders that exist."""
    rows = conn.execute(select(coders_t.c.name, coders_t.c.id).where(coders_t.c.name.in_(list(names))))
    return {row[0]: int(row[1]) for row in rows}


def _base_set_conditions(scope: AgreementScope, coder_id_list: Sequence[int] | None) -> list[Any]:
    conds: list[Any] = [sets_t.c.kind == "coder"]
    if coder_id_list is not None:
        conds.append(sets_t.c.coder_id.in_(list(coder_id_list)))
    if scope.statuses:
        conds.append(sets_t.c.status.in_([s.value for s in scope.statuses]))
    return conds


def ready_articles() -> Select[Any]:
    """Ids of the articles ready for review: two or more coders' sets, every one done. (Over an
    alias, so that inside a statement on the sets it is not taken for the outer rows.)"""
    inner = sets_t.alias("ready_sets")
    return (
        select(inner.c.article_id)
        .where(inner.c.kind == "coder")
        .group_by(inner.c.article_id)
        .having(and_(func.count() >= 2, func.sum(case((inner.c.status == "done", 0), else_=1)) == 0))
    )


def article_conditions(scope: AgreementScope, coder_id_list: Sequence[int] | None) -> list[Any]:
    """Conditions on ``sets_t.c.article_id`` that pick the articles in scope."""
    conds: list[Any] = []
    if scope.ready_for_review:
        conds.append(sets_t.c.article_id.in_(ready_articles().scalar_subquery()))
    if scope.batch is not None:
        batched = select(assignments_t.c.article_id).where(assignments_t.c.batch == scope.batch)
        conds.append(sets_t.c.article_id.in_(batched.scalar_subquery()))
    if not (scope.date_from or scope.date_to):
        return conds
    if scope.date_basis is DateBasis.PUBLISHED:
        dated = select(articles_t.c.id)
        if scope.date_from:
            dated = dated.where(articles_t.c.published >= scope.date_from)
        if scope.date_to:
            dated = dated.where(articles_t.c.published <= scope.date_to)
    else:
        inner = sets_t.alias("dated_sets")
        dated = (
            select(inner.c.article_id)
            .select_from(events_t.join(inner, inner.c.id == events_t.c.set_id))
            .where(inner.c.kind == "coder")
        )
        if coder_id_list is not None:
            dated = dated.where(inner.c.coder_id.in_(list(coder_id_list)))
        if scope.statuses:
            dated = dated.where(inner.c.status.in_([s.value for s in scope.statuses]))
        if scope.date_from:
            dated = dated.where(events_t.c.event_date >= scope.date_from)
        if scope.date_to:
            dated = dated.where(events_t.c.event_date <= scope.date_to)
    conds.append(sets_t.c.article_id.in_(dated.scalar_subquery()))
    return conds


def _conditions(scope: AgreementScope, coder_id_list: Sequence[int] | None) -> Any:
    return and_(*_base_set_conditions(scope, coder_id_list), *article_conditions(scope, coder_id_list))


def sets_statement(scope: AgreementScope, coder_id_list: Sequence[int] | None) -> Select[Any]:
    """(article row id, coder id, coder name, article external id, title, text length in code points)."""
    return (
        select(
            sets_t.c.article_id,
            sets_t.c.coder_id,
            coders_t.c.name,
            articles_t.c.external_id,
            articles_t.c.title,
            func.length(articles_t.c.text),
        )
        .select_from(
            sets_t.join(coders_t, coders_t.c.id == sets_t.c.coder_id).join(
                articles_t, articles_t.c.id == sets_t.c.article_id
            )
        )
        .where(_conditions(scope, coder_id_list))
        .order_by(sets_t.c.article_id, sets_t.c.coder_id)
    )


def events_statement(scope: AgreementScope, coder_id_list: Sequence[int] | None, columns: Sequence[str]) -> Select[Any]:
    """(article row id, coder id, then ``columns`` of the events table), in each coder's own order."""
    return (
        select(sets_t.c.article_id, sets_t.c.coder_id, *(events_t.c[name] for name in columns))
        .select_from(events_t.join(sets_t, sets_t.c.id == events_t.c.set_id))
        .where(_conditions(scope, coder_id_list))
        .order_by(sets_t.c.article_id, sets_t.c.coder_id, events_t.c.position, events_t.c.id)
    )


def spans_statement(scope: AgreementScope, coder_id_list: Sequence[int] | None) -> Select[Any]:
    """(article row id, coder id, start, end, label)."""
    return (
        select(sets_t.c.article_id, sets_t.c.coder_id, spans_t.c.start_offset, spans_t.c.end_offset, spans_t.c.label)
        .select_from(spans_t.join(sets_t, sets_t.c.id == spans_t.c.set_id))
        .where(_conditions(scope, coder_id_list))
    )
