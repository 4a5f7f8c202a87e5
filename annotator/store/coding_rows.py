"""Row-level reads and writes for interactive coding: one span, one event, one evidence list at a time.

The bulk paths in ``repository`` serve imports and exports; these serve the coding workspace, where
each user action touches a handful of rows inside the caller's transaction. Nothing here commits.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, CursorResult, String, and_, cast, delete, func, insert, select, update

from annotator.domain import acled
from annotator.domain.fields import EVENT_FIELD_NAMES
from annotator.store.repository import (
    articles_t,
    coder_ids,
    coders_t,
    counters_t,
    event_values,
    events_t,
    evidence_t,
    fields_from_row,
    insert_ignoring_duplicates,
    sets_t,
    spans_t,
)

if TYPE_CHECKING:
    from annotator.domain.models import EventFields


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _new_id(result: CursorResult[Any]) -> int:
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


# ---------------------------------------------------------------- annotation sets


def find_set(conn: Connection, article_id: int, coder: str, kind: str) -> Any:
    """The (id, status, version) of a coder's set on an article, or None."""
    return conn.execute(
        select(sets_t.c.id, sets_t.c.status, sets_t.c.version)
        .join(coders_t, coders_t.c.id == sets_t.c.coder_id)
        .where(and_(sets_t.c.article_id == article_id, coders_t.c.name == coder, sets_t.c.kind == kind))
    ).first()


def create_set(conn: Connection, article_id: int, coder: str, kind: str, status: str) -> int:
    coder_id = coder_ids(conn, [coder])[coder]
    result = conn.execute(
        insert(sets_t).values(article_id=article_id, coder_id=coder_id, kind=kind, status=status, updated_at=_now())
    )
    return _new_id(result)


def ensure_set(conn: Connection, article_id: int, coder: str, kind: str, status: str) -> None:
    """Create the set unless it exists; two windows creating it at once make one set, not an error."""
    coder_id = coder_ids(conn, [coder])[coder]
    values = {"article_id": article_id, "coder_id": coder_id, "kind": kind, "status": status, "updated_at": _now()}
    conn.execute(insert_ignoring_duplicates(conn, sets_t), [values])


def lock_set_of(conn: Connection, article_id: int, coder: str, kind: str, token: str | None) -> Any:
    """Find a coder's set on an article, lock it for this transaction and bump its version, in one
    statement; (id, version after the bump, status, span_seq, event_seq), or None if there is no set.

    Every edit of a set starts here, so edits of one set run one after the other: on PostgreSQL the
    row lock waits for the other transaction, on SQLite the write lock does. What an edit reads after
    this is what it writes over. ``token`` marks the edit (see ``edit_landed``).
    """
    coder_id = select(coders_t.c.id).where(coders_t.c.name == coder).scalar_subquery()
    return conn.execute(
        update(sets_t)
        .where(and_(sets_t.c.article_id == article_id, sets_t.c.kind == kind, sets_t.c.coder_id == coder_id))
        .values(version=sets_t.c.version + 1, last_edit=token, updated_at=_now())
        .returning(sets_t.c.id, sets_t.c.version, sets_t.c.status, sets_t.c.span_seq, sets_t.c.event_seq)
    ).first()


def finish_set(
    conn: Connection,
    set_id: int,
    *,
    status: str | None,
    done_changed: bool,
    span_seq: int | None,
    event_seq: int | None,
) -> None:
    """Record that the set changed: its time, its new status (and when it was done), keys drawn."""
    values: dict[str, Any] = {"updated_at": _now()}
    if status is not None:
        values["status"] = status
        if done_changed:
            values["done_at"] = values["updated_at"] if status == "done" else None
    if span_seq is not None:
        values["span_seq"] = span_seq
    if event_seq is not None:
        values["event_seq"] = event_seq
    conn.execute(update(sets_t).where(sets_t.c.id == set_id).values(**values))


def update_set(conn: Connection, set_id: int, *, status: str | None = None) -> None:
    """Record that the set changed (and its new status, if given)."""
    finish_set(conn, set_id, status=status, done_changed=status is not None, span_seq=None, event_seq=None)


def edit_landed(conn: Connection, set_id: int, token: str, version: int) -> bool | None:
    """Did the edit marked ``token``, which took the set to ``version``, commit? None: cannot tell
    (a later edit of the set has replaced the mark)."""
    row = conn.execute(select(sets_t.c.version, sets_t.c.last_edit).where(sets_t.c.id == set_id)).first()
    if row is None or row.version < version:
        return False
    if row.last_edit == token:
        return True
    return None


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
    spans_t.c.version,
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


def highest_numbered_key(conn: Connection, table: Any, set_id: int, prefix: str) -> int:
    """The largest N of the set's keys of the form "<prefix>N" (0 when there is none).

    Longest key first, then descending: for digit strings that is numeric order, so the first key
    of the form is the largest, found without reading every key (an article may have 10,000 spans).
    """
    query = (
        select(table.c.key)
        .where(and_(table.c.set_id == set_id, table.c.key.like(f"{prefix}%")))
        .order_by(func.length(table.c.key).desc(), table.c.key.desc())
    )
    top = conn.scalar(query.limit(1))  # a top-1 scan, no sort: the usual case
    if top is None:
        return 0
    if _numbered(top, prefix):
        return int(top[len(prefix) :])
    return next((int(k[len(prefix) :]) for k in conn.scalars(query) if _numbered(k, prefix)), 0)


def _numbered(key: str, prefix: str) -> bool:
    digits = key[len(prefix) :]
    return digits.isascii() and digits.isdigit()


def insert_span(conn: Connection, set_id: int, key: str, start: int, end: int, label: str, text: str) -> int:
    result = conn.execute(
        insert(spans_t).values(set_id=set_id, key=key, start_offset=start, end_offset=end, label=label, text=text)
    )
    return _new_id(result)


# Writes to an existing row name the version the edit read: 0 rows means another transaction
# changed or deleted the row since (never the case after ``lock_set_of``, unless something wrote
# around the set's lock), and the caller must not report success. Each returns the new version,
# or None when the row was not the one read.


def _bumped(conn: Connection, table: Any, row_id: int, version: int, values: dict[str, Any]) -> int | None:
    found = conn.execute(
        update(table)
        .where(and_(table.c.id == row_id, table.c.version == version))
        .values(version=table.c.version + 1, **values)
        .returning(table.c.version)
    ).first()
    return None if found is None else int(found[0])


def relabel_span(conn: Connection, span_id: int, label: str, version: int) -> int | None:
    return _bumped(conn, spans_t, span_id, version, {"label": label})


def move_span(conn: Connection, span_id: int, start: int, end: int, text: str, version: int) -> int | None:
    return _bumped(conn, spans_t, span_id, version, {"start_offset": start, "end_offset": end, "text": text})


def delete_span(conn: Connection, span_id: int, version: int) -> bool:
    # Evidence rows go with the span (ON DELETE CASCADE), but delete them explicitly too: SQLite only
    # cascades when foreign_keys=ON, and a connection from elsewhere may not have set it.
    gone = conn.execute(delete(spans_t).where(and_(spans_t.c.id == span_id, spans_t.c.version == version)))
    if gone.rowcount != 1:
        return False
    conn.execute(delete(evidence_t).where(evidence_t.c.span_id == span_id))
    return True


def evidence_uses_of_span(conn: Connection, span_id: int) -> list[tuple[int, str, str, int]]:
    """(event row id, event key, field, event version) for every evidence link naming the span."""
    rows = conn.execute(
        select(events_t.c.id, events_t.c.key, evidence_t.c.field, events_t.c.version)
        .join(evidence_t, evidence_t.c.event_id == events_t.c.id)
        .where(evidence_t.c.span_id == span_id)
        .order_by(events_t.c.position, events_t.c.id, evidence_t.c.field)
    )
    return [(r.id, r.key, r.field, r.version) for r in rows]


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


def update_event_fields(
    conn: Connection, event_id: int, fields: EventFields, names: Sequence[str], version: int
) -> int | None:
    values = event_values(fields)
    return _bumped(conn, events_t, event_id, version, {"updated_at": _now(), **{n: values[n] for n in names}})


def bump_event(conn: Connection, event_id: int, version: int) -> int | None:
    """A new version for an event whose evidence changed."""
    return _bumped(conn, events_t, event_id, version, {"updated_at": _now()})


def delete_event(conn: Connection, event_id: int, version: int) -> bool:
    gone = conn.execute(delete(events_t).where(and_(events_t.c.id == event_id, events_t.c.version == version)))
    if gone.rowcount != 1:
        return False
    conn.execute(delete(evidence_t).where(evidence_t.c.event_id == event_id))
    return True


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


def event_with_evidence(conn: Connection, set_id: int, key: str) -> tuple[Any, dict[str, list[str]]] | None:
    """An event's row and its evidence (as ``evidence_of_event``) in one query; None if there is none."""
    found = conn.execute(
        select(events_t, evidence_t.c.field.label("ev_field"), spans_t.c.key.label("ev_span"))
        .outerjoin(evidence_t, evidence_t.c.event_id == events_t.c.id)
        .outerjoin(spans_t, spans_t.c.id == evidence_t.c.span_id)
        .where(and_(events_t.c.set_id == set_id, events_t.c.key == key))
        .order_by(evidence_t.c.field, evidence_t.c.id)
    ).all()
    if not found:
        return None
    out: dict[str, list[str]] = {}
    for r in found:
        if r.ev_field is not None and r.ev_span is not None:
            out.setdefault(r.ev_field, []).append(r.ev_span)
    return found[0], {name: out[name] for name in EVENT_FIELD_NAMES if name in out}


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


# The separator of the packed string columns below: the ASCII unit separator, which no key or
# label is expected to hold (one that does is caught by the count, and read row by row instead).
_UNIT = "\x1f"


def spans_of_set(conn: Connection, set_id: int) -> tuple[list[tuple[str, int, int, str]], dict[str, int]]:
    """A set's spans as (key, start, end, label), in no particular order, and their versions by key.

    Opening a long article reads all of its spans (10,000 for a 1.5 MB text), and it is on the
    critical path of the open. Row by row, the driver makes a tuple and five objects per span while
    holding Python's lock, and lets go of it and takes it back at every row: it took 9-26 ms beside
    the GUI thread laying out the text. So the database joins each column into one string (one
    step, during which the driver holds no lock), and Python splits them (a few C-level calls)."""
    packed = (
        func.aggregate_strings(spans_t.c.key, _UNIT),
        func.aggregate_strings(cast(spans_t.c.start_offset, String), ","),
        func.aggregate_strings(cast(spans_t.c.end_offset, String), ","),
        func.aggregate_strings(spans_t.c.label, _UNIT),
        func.aggregate_strings(cast(spans_t.c.version, String), ","),
    )
    row = conn.execute(select(func.count(), *packed).where(spans_t.c.set_id == set_id)).one()
    count = int(row[0])
    if not count:
        return [], {}
    # (Every aggregate of one query takes the rows in the same order: the columns line up.)
    keys, labels = row[1].split(_UNIT), row[4].split(_UNIT)
    if len(keys) != count or len(labels) != count:  # a separator inside a key or label
        return _spans_row_by_row(conn, set_id)
    spans = list(zip(keys, _ints(row[2]), _ints(row[3]), labels, strict=True))
    return spans, dict(zip(keys, _ints(row[5]), strict=True))


def _ints(joined: str) -> list[int]:
    """The numbers of a comma-joined column, read by the JSON parser: in C, twice as fast as
    ``int`` on each piece (10,000 of them, three times, on the open of a long article)."""
    numbers: list[int] = json.loads(f"[{joined}]")
    return numbers


def _spans_row_by_row(conn: Connection, set_id: int) -> tuple[list[tuple[str, int, int, str]], dict[str, int]]:
    found = conn.execute(
        select(spans_t.c.key, spans_t.c.start_offset, spans_t.c.end_offset, spans_t.c.label, spans_t.c.version).where(
            spans_t.c.set_id == set_id
        )
    ).all()
    return [(r[0], r[1], r[2], r[3]) for r in found], {r[0]: r[4] for r in found}
