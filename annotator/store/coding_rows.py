"""Row-level reads and writes for interactive coding: one span, one event, one evidence list at a time.

The bulk paths in ``repository`` serve imports and exports; these serve the coding workspace, where
each user action touches a handful of rows inside the caller's transaction. Nothing here commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, CursorResult, and_, delete, func, insert, select, update

from annotator.domain import acled
from annotator.domain.fields import EVENT_FIELD_NAMES
from annotator.domain.models import EventFields
from annotator.store.repository import (
    articles_t,
    coder_ids,
    coders_t,
    counters_t,
    event_values,
    events_t,
    evidence_t,
    fields_from_row,
    sets_t,
    spans_t,
)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _new_id(result: CursorResult[Any]) -> int:
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


# ---------------------------------------------------------------- annotation sets


def find_set(conn: Connection, article_id: int, coder: str, kind: str) -> Any:
    """The (id, status) of a coder's set on an article, or None."""
    return conn.execute(
        select(sets_t.c.id, sets_t.c.status)
        .join(coders_t, coders_t.c.id == sets_t.c.coder_id)
        .where(and_(sets_t.c.article_id == article_id, coders_t.c.name == coder, sets_t.c.kind == kind))
    ).first()


def create_set(conn: Connection, article_id: int, coder: str, kind: str, status: str) -> int:
    coder_id = coder_ids(conn, [coder])[coder]
    result = conn.execute(
        insert(sets_t).values(article_id=article_id, coder_id=coder_id, kind=kind, status=status, updated_at=_now())
    )
    return _new_id(result)


def update_set(conn: Connection, set_id: int, *, status: str | None = None) -> None:
    """Record that the set changed (and its new status, if given)."""
    values: dict[str, Any] = {"updated_at": _now()}
    if status is not None:
        values["status"] = status
    conn.execute(update(sets_t).where(sets_t.c.id == set_id).values(**values))


def article_exists(conn: Connection, article_id: int) -> bool:
    return conn.scalar(select(articles_t.c.id).where(articles_t.c.id == article_id)) is not None


def article_external_id(conn: Connection, article_id: int) -> str | None:
    """The article's external id (None: no such article), without touching its text.

    The column comes before ``text`` in the row: SQLite reads columns after a long text only by
    walking its overflow pages (about 1,500 of them for 6 MB), PostgreSQL not at all."""
    found = conn.scalar(select(articles_t.c.external_id).where(articles_t.c.id == article_id))
    return None if found is None else str(found)


def article_text(conn: Connection, article_id: int) -> str | None:
    found = conn.scalar(select(articles_t.c.text).where(articles_t.c.id == article_id))
    return None if found is None else str(found)


# ---------------------------------------------------------------- spans

_SPAN_COLUMNS = (
    spans_t.c.id,
    spans_t.c.key,
    spans_t.c.start_offset,
    spans_t.c.end_offset,
    spans_t.c.label,
    spans_t.c.text,
)


def span_by_key(conn: Connection, set_id: int, key: str) -> Any:
    return conn.execute(select(*_SPAN_COLUMNS).where(and_(spans_t.c.set_id == set_id, spans_t.c.key == key))).first()


def spans_by_keys(conn: Connection, set_id: int, keys: Sequence[str]) -> dict[str, int]:
    if not keys:
        return {}
    rows = conn.execute(
        select(spans_t.c.key, spans_t.c.id).where(and_(spans_t.c.set_id == set_id, spans_t.c.key.in_(list(keys))))
    )
    return {r.key: r.id for r in rows}


def same_span_exists(conn: Connection, set_id: int, start: int, end: int, label: str) -> bool:
    return (
        conn.scalar(
            select(spans_t.c.id)
            .where(
                and_(
                    spans_t.c.set_id == set_id,
                    spans_t.c.start_offset == start,
                    spans_t.c.end_offset == end,
                    spans_t.c.label == label,
                )
            )
            .limit(1)
        )
        is not None
    )


def keys_with_prefix(conn: Connection, table: Any, set_id: int, prefix: str) -> list[str]:
    return list(conn.scalars(select(table.c.key).where(and_(table.c.set_id == set_id, table.c.key.like(f"{prefix}%")))))


def insert_span(conn: Connection, set_id: int, key: str, start: int, end: int, label: str, text: str) -> int:
    result = conn.execute(
        insert(spans_t).values(set_id=set_id, key=key, start_offset=start, end_offset=end, label=label, text=text)
    )
    return _new_id(result)


def relabel_span(conn: Connection, span_id: int, label: str) -> None:
    conn.execute(update(spans_t).where(spans_t.c.id == span_id).values(label=label))


def move_span(conn: Connection, span_id: int, start: int, end: int, text: str) -> None:
    conn.execute(update(spans_t).where(spans_t.c.id == span_id).values(start_offset=start, end_offset=end, text=text))


def delete_span(conn: Connection, span_id: int) -> None:
    # Evidence rows go with the span (ON DELETE CASCADE), but delete them explicitly too: SQLite only
    # cascades when foreign_keys=ON, and a connection from elsewhere may not have set it.
    conn.execute(delete(evidence_t).where(evidence_t.c.span_id == span_id))
    conn.execute(delete(spans_t).where(spans_t.c.id == span_id))


def evidence_uses_of_span(conn: Connection, span_id: int) -> list[tuple[int, str, str]]:
    """(event row id, event key, field) for every evidence link naming the span."""
    rows = conn.execute(
        select(events_t.c.id, events_t.c.key, evidence_t.c.field)
        .join(evidence_t, evidence_t.c.event_id == events_t.c.id)
        .where(evidence_t.c.span_id == span_id)
        .order_by(events_t.c.position, events_t.c.id, evidence_t.c.field)
    )
    return [(r.id, r.key, r.field) for r in rows]


# ---------------------------------------------------------------- events


def event_by_key(conn: Connection, set_id: int, key: str) -> Any:
    return conn.execute(select(events_t).where(and_(events_t.c.set_id == set_id, events_t.c.key == key))).first()


def next_event_position(conn: Connection, set_id: int) -> int:
    highest = conn.scalar(select(func.max(events_t.c.position)).where(events_t.c.set_id == set_id))
    return 0 if highest is None else int(highest) + 1


def insert_event(conn: Connection, set_id: int, key: str, position: int, fields: EventFields) -> int:
    result = conn.execute(
        insert(events_t).values(set_id=set_id, key=key, position=position, updated_at=_now(), **event_values(fields))
    )
    return _new_id(result)


def update_event_fields(conn: Connection, event_id: int, fields: EventFields, names: Sequence[str]) -> None:
    values = event_values(fields)
    conn.execute(
        update(events_t).where(events_t.c.id == event_id).values(updated_at=_now(), **{n: values[n] for n in names})
    )


def delete_event(conn: Connection, event_id: int) -> None:
    conn.execute(delete(evidence_t).where(evidence_t.c.event_id == event_id))
    conn.execute(delete(events_t).where(events_t.c.id == event_id))


def event_fields(row: Any) -> EventFields:
    return fields_from_row(row)


def event_id_taken(conn: Connection, event_id_cnty: str, except_event: int | None) -> bool:
    q = select(events_t.c.id).where(events_t.c.event_id_cnty == event_id_cnty)
    if except_event is not None:
        q = q.where(events_t.c.id != except_event)
    return conn.scalar(q.limit(1)) is not None


# ---------------------------------------------------------------- evidence


def evidence_of_event(conn: Connection, event_id: int) -> dict[str, list[str]]:
    """Field -> span keys, each list in the order the links were made."""
    out: dict[str, list[str]] = {}
    rows = conn.execute(
        select(evidence_t.c.field, spans_t.c.key)
        .join(spans_t, spans_t.c.id == evidence_t.c.span_id)
        .where(evidence_t.c.event_id == event_id)
        .order_by(evidence_t.c.field, evidence_t.c.id)
    )
    for r in rows:
        out.setdefault(r.field, []).append(r.key)
    return {name: out[name] for name in EVENT_FIELD_NAMES if name in out}


def replace_evidence(conn: Connection, event_id: int, field: str, span_ids: Sequence[int]) -> None:
    """Make the field's evidence exactly these spans, in this order."""
    conn.execute(delete(evidence_t).where(and_(evidence_t.c.event_id == event_id, evidence_t.c.field == field)))
    if span_ids:
        conn.execute(insert(evidence_t), [{"event_id": event_id, "field": field, "span_id": s} for s in span_ids])


# ---------------------------------------------------------------- event ids


def assign_event_id(conn: Connection, event_id: int, prefix: str) -> str:
    """Give one event the next event_id_cnty for its country prefix, and move the counter past it.

    Like ``repository.assign_event_ids`` but for a single event: the number is above both the
    counter (so deleted events' ids are never reused) and any id already present with the prefix
    (ids given on import). On PostgreSQL the counter row is locked so two coders cannot draw the
    same number.
    """
    row = conn.execute(select(counters_t.c.last).where(counters_t.c.prefix == prefix).with_for_update()).first()
    counter = int(row.last) if row else 0
    highest = 0
    for eid in conn.scalars(select(events_t.c.event_id_cnty).where(events_t.c.event_id_cnty.like(f"{prefix}%"))):
        try:
            p, number = acled.parse_event_id(eid)
        except ValueError:
            continue
        if p == prefix:
            highest = max(highest, number)
    number = max(counter, highest) + 1
    if row is None:
        conn.execute(insert(counters_t).values(prefix=prefix, last=number))
    else:
        conn.execute(update(counters_t).where(counters_t.c.prefix == prefix).values(last=number))
    eid = acled.format_event_id(prefix, number)
    conn.execute(update(events_t).where(events_t.c.id == event_id).values(event_id_cnty=eid))
    return eid
