"""Reads and bulk writes over the tables, through SQLAlchemy Core for speed.

The ORM costs ~50 µs per object; imports of tens of thousands of articles go through Core
executemany on the tables instead, inside the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, and_, func, insert, select, update

from annotator.domain import acled
from annotator.domain.fields import EVENT_FIELD_NAMES, EVENT_FIELDS
from annotator.domain.text_shape import shape_columns
from annotator.store import provenance_rows
from annotator.store.tables import (
    articles_t,
    coders_t,
    counters_t,
    events_t,
    evidence_t,
    sets_t,
    spans_t,
)

# The services import every table from here, also those this module does not use itself.
from annotator.store.tables import assignments_t as assignments_t
from annotator.store.tables import codebooks_t as codebooks_t
from annotator.store.tables import gazetteer_places_t as gazetteer_places_t
from annotator.store.tables import notes_t as notes_t
from annotator.store.tables import provenance_t as provenance_t
from annotator.store.tables import settings_t as settings_t

if TYPE_CHECKING:
    from annotator.domain.models import AnnotationSet, ArticleRecord, EventFields

_CHUNK = 500  # stays under SQLite's bound-parameter limit for IN (...) lists


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# ---------------------------------------------------------------- coders


def insert_ignoring_duplicates(conn: Connection, table: Any) -> Any:
    """INSERT that skips rows clashing with a unique key (ON CONFLICT DO NOTHING, on both backends)."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table).on_conflict_do_nothing()
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table).on_conflict_do_nothing()


def coder_ids(conn: Connection, names: Iterable[str], *, create: bool = True) -> dict[str, int]:
    wanted = sorted(set(names))
    found: dict[str, int] = {}
    for chunk in _chunks(wanted):
        for row in conn.execute(select(coders_t.c.name, coders_t.c.id).where(coders_t.c.name.in_(chunk))):
            found[row.name] = row.id
    missing = [n for n in wanted if n not in found]
    if missing and create:
        # Two windows may create the same coder at once: the second finds the first's row.
        conn.execute(insert_ignoring_duplicates(conn, coders_t), [{"name": n, "role": "coder"} for n in missing])
        for chunk in _chunks(missing):
            for row in conn.execute(select(coders_t.c.name, coders_t.c.id).where(coders_t.c.name.in_(chunk))):
                found[row.name] = row.id
    return found


def coder_names(conn: Connection) -> list[str]:
    """Every coder's name, in order (for messages naming the coders there are)."""
    return list(conn.scalars(select(coders_t.c.name).order_by(coders_t.c.name)))


def acting_user(conn: Connection) -> str:
    """Who is making a change, for the record: the login on a server, the system user on SQLite."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy import text

        return str(conn.scalar(text("SELECT session_user")))
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no user name in this environment (some containers)
        return ""


# ---------------------------------------------------------------- articles


def taken_event_ids(conn: Connection, event_ids: Sequence[str]) -> set[str]:
    """Which of these event_id_cnty values another event already holds."""
    taken: set[str] = set()
    for chunk in _chunks(list(event_ids)):
        taken.update(conn.scalars(select(events_t.c.event_id_cnty).where(events_t.c.event_id_cnty.in_(chunk))))
    return taken


def existing_articles(
    conn: Connection, external_ids: Sequence[str], hashes: Sequence[str]
) -> tuple[set[str], set[str]]:
    """Which of these ids and content hashes are already stored."""
    ids: set[str] = set()
    found_hashes: set[str] = set()
    for chunk in _chunks(list(external_ids)):
        ids.update(conn.scalars(select(articles_t.c.external_id).where(articles_t.c.external_id.in_(chunk))))
    for chunk in _chunks(list(hashes)):
        found_hashes.update(conn.scalars(select(articles_t.c.content_hash).where(articles_t.c.content_hash.in_(chunk))))
    return ids, found_hashes


def insert_articles(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Insert articles (rows of the articles table's columns); a long text's shape
    (``domain.text_shape``) is worked out and stored with it, unless the row gives it."""
    if rows:
        conn.execute(insert(articles_t), [r if "astral_at" in r else {**r, **shape_columns(r["text"])} for r in rows])


def article_ids(conn: Connection, external_ids: Sequence[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for chunk in _chunks(list(external_ids)):
        for row in conn.execute(
            select(articles_t.c.external_id, articles_t.c.id).where(articles_t.c.external_id.in_(chunk))
        ):
            out[row.external_id] = row.id
    return out


def count_articles(conn: Connection) -> int:
    return int(conn.scalar(select(func.count()).select_from(articles_t)) or 0)


# ---------------------------------------------------------------- annotation sets


def insert_annotation_sets(
    conn: Connection, article_id_by_ext: dict[str, int], records: Sequence[ArticleRecord]
) -> None:
    """Insert the sets of freshly inserted articles with their spans, events and evidence."""
    from annotator.domain.models import SetStatus

    coders = coder_ids(conn, (s.coder for r in records for s in r.annotations))
    now = _now()
    set_rows: list[dict[str, Any]] = []
    for r in records:
        aid = article_id_by_ext[r.article.external_id]
        for s in r.annotations:
            set_rows.append(
                {
                    "article_id": aid,
                    "coder_id": coders[s.coder],
                    "kind": s.kind.value,
                    "status": s.status.value,
                    "updated_at": now,
                    "done_at": now if s.status is SetStatus.DONE else None,
                }
            )
    if not set_rows:
        return
    conn.execute(insert(sets_t), set_rows)
    set_id: dict[tuple[int, int, str], int] = {}
    aids = sorted({row["article_id"] for row in set_rows})
    for chunk in _chunks(aids):
        for row in conn.execute(
            select(sets_t.c.id, sets_t.c.article_id, sets_t.c.coder_id, sets_t.c.kind).where(
                sets_t.c.article_id.in_(chunk)
            )
        ):
            set_id[(row.article_id, row.coder_id, row.kind)] = row.id
    plan: list[tuple[int, AnnotationSet]] = []
    for r in records:
        aid = article_id_by_ext[r.article.external_id]
        for s in r.annotations:
            plan.append((set_id[(aid, coders[s.coder], s.kind.value)], s))
    insert_set_contents(conn, plan)


def insert_set_contents(conn: Connection, plan: Sequence[tuple[int, AnnotationSet]]) -> None:
    """Insert the spans, events and evidence of sets whose rows exist (and are empty)."""
    now = _now()
    span_rows, event_rows = [], []
    for sid, s in plan:
        span_rows += [
            {
                "set_id": sid,
                "key": sp.key,
                "start_offset": sp.start,
                "end_offset": sp.end,
                "label": sp.label,
                "text": sp.text,
            }
            for sp in s.spans
        ]
        event_rows += [
            {"set_id": sid, "key": e.key, "position": i, "updated_at": now, **event_values(e.fields)}
            for i, e in enumerate(s.events)
        ]
    if span_rows:
        conn.execute(insert(spans_t), span_rows)
    if event_rows:
        conn.execute(insert(events_t), event_rows)
    provenance_rows.insert_many(conn, ((sid, where, p) for sid, s in plan for where, p in provenance_rows.rows_of(s)))
    if not any(e.evidence for _, s in plan for e in s.events):
        return
    sids = [sid for sid, _ in plan]
    span_ids = _keys_to_ids(conn, spans_t, sids)
    event_ids = _keys_to_ids(conn, events_t, sids)
    ev_rows = [
        {"event_id": event_ids[(sid, e.key)], "field": field, "span_id": span_ids[(sid, k)]}
        for sid, s in plan
        for e in s.events
        for field, keys in e.evidence.items()
        for k in keys
    ]
    if ev_rows:
        conn.execute(insert(evidence_t), ev_rows)


# Unique text fields (the event id) are NULL when empty, so that their unique index ignores them.
_NULL_WHEN_EMPTY = tuple(f.name for f in EVENT_FIELDS if f.unique)


def event_values(fields: EventFields) -> dict[str, Any]:
    """Column values for an event's fields; an unassigned id is NULL so the unique index ignores it."""
    values = fields.model_dump()
    for name in _NULL_WHEN_EMPTY:
        values[name] = values[name] or None
    return values


def fields_from_row(row: Any) -> EventFields:
    from annotator.domain.models import EventFields

    values = {n: getattr(row, n) for n in EVENT_FIELD_NAMES}
    for name in _NULL_WHEN_EMPTY:
        values[name] = values[name] or ""
    return EventFields.model_construct(**values)


def _keys_to_ids(conn: Connection, table: Any, set_ids: Sequence[int]) -> dict[tuple[int, str], int]:
    out: dict[tuple[int, str], int] = {}
    for chunk in _chunks(list(set_ids)):
        for row in conn.execute(select(table.c.set_id, table.c.key, table.c.id).where(table.c.set_id.in_(chunk))):
            out[(row.set_id, row.key)] = row.id
    return out


# ---------------------------------------------------------------- event ids


def assign_event_ids(conn: Connection, country_iso3: dict[str, str]) -> int:
    """Give every event with a known country and no event_id_cnty the next number for its country.

    Numbers come from a per-prefix counter that never goes back, so an id is never reused even when
    events are deleted; ids given on import move the counter past them. Returns how many were assigned.
    """
    given = conn.execute(select(events_t.c.event_id_cnty).where(events_t.c.event_id_cnty.is_not(None))).scalars()
    highest: dict[str, int] = {}
    for eid in given:
        prefix, number = acled.parse_event_id(eid)
        highest[prefix] = max(highest.get(prefix, 0), number)
    counters = {row.prefix: row.last for row in conn.execute(select(counters_t))}
    todo = conn.execute(
        select(events_t.c.id, events_t.c.country)
        .where(and_(events_t.c.event_id_cnty.is_(None), events_t.c.country != ""))
        .order_by(events_t.c.id)
    ).all()
    updates = []
    for row in todo:
        iso3 = country_iso3.get(row.country)
        if iso3 is None:
            continue
        nxt = max(counters.get(iso3, 0), highest.get(iso3, 0)) + 1
        counters[iso3] = nxt
        updates.append({"b_id": row.id, "b_eid": acled.format_event_id(iso3, nxt)})
    for prefix, number in highest.items():
        counters[prefix] = max(counters.get(prefix, 0), number)
    if updates:
        conn.execute(
            update(events_t).where(events_t.c.id == _bind("b_id")).values(event_id_cnty=_bind("b_eid")), updates
        )
    _save_counters(conn, counters)
    return len(updates)


def _bind(name: str) -> Any:
    from sqlalchemy import bindparam

    return bindparam(name)


def _save_counters(conn: Connection, counters: dict[str, int]) -> None:
    stored = {row.prefix: row.last for row in conn.execute(select(counters_t))}
    new = [{"prefix": p, "last": n} for p, n in counters.items() if p not in stored]
    changed = [{"b_p": p, "b_n": n} for p, n in counters.items() if p in stored and stored[p] != n]
    if new:
        conn.execute(insert(counters_t), new)
    if changed:
        conn.execute(update(counters_t).where(counters_t.c.prefix == _bind("b_p")).values(last=_bind("b_n")), changed)


# ---------------------------------------------------------------- reading whole records


@dataclass(frozen=True)
class SetFilter:
    """Which annotation sets an export includes: all of them, or those meeting ``where``.

    ``where`` is a SQL condition on ``annotation_sets`` (export_queries.sets_condition states an
    export's selection as one).
    """

    where: Any = None


def iter_records(
    conn: Connection, *, set_filter: SetFilter = SetFilter(), batch: int = 500, article_ids: Sequence[int] | None = None
) -> Iterator[tuple[int, ArticleRecord]]:
    """Stream (article id, record) in article order, a batch of articles at a time."""
    from annotator.domain.models import Article, ArticleRecord

    last_id = 0
    while True:
        q = select(articles_t).where(articles_t.c.id > last_id).order_by(articles_t.c.id).limit(batch)
        if article_ids is not None:
            q = q.where(articles_t.c.id.in_(article_ids))
        rows = conn.execute(q).all()
        if not rows:
            return
        last_id = rows[-1].id
        sets = load_sets(conn, [r.id for r in rows], set_filter)
        for r in rows:
            article = Article.model_construct(
                external_id=r.external_id,
                title=r.title,
                text=r.text,
                source=r.source,
                url=r.url,
                published=r.published,
                language=r.language,
                meta=r.meta or {},
            )
            yield r.id, ArticleRecord.model_construct(article=article, annotations=sets.get(r.id, []))


def load_sets(conn: Connection, aids: Sequence[int], set_filter: SetFilter) -> dict[int, list[AnnotationSet]]:
    """The annotation sets of these articles (those ``set_filter`` selects), whole, by article id."""
    from annotator.domain.models import AnnotationSet, Event, SetKind, SetStatus, Span

    q = (
        select(sets_t.c.id, sets_t.c.article_id, sets_t.c.kind, sets_t.c.status, coders_t.c.name)
        .join(coders_t, coders_t.c.id == sets_t.c.coder_id)
        .where(sets_t.c.article_id.in_(aids))
        .order_by(sets_t.c.article_id, sets_t.c.kind.desc(), coders_t.c.name)
    )
    if set_filter.where is not None:
        q = q.where(set_filter.where)
    set_rows = conn.execute(q).all()
    if not set_rows:
        return {}
    sids = [s.id for s in set_rows]
    spans: dict[int, list[Span]] = defaultdict(list)
    span_key: dict[int, str] = {}
    events: dict[int, list[tuple[int, Event]]] = defaultdict(list)
    for chunk in _chunks(sids):
        for sp in conn.execute(
            select(spans_t)
            .where(spans_t.c.set_id.in_(chunk))
            .order_by(spans_t.c.set_id, spans_t.c.start_offset, spans_t.c.end_offset, spans_t.c.label, spans_t.c.key)
        ):
            spans[sp.set_id].append(
                Span.model_construct(key=sp.key, start=sp.start_offset, end=sp.end_offset, label=sp.label, text=sp.text)
            )
            span_key[sp.id] = sp.key
        for ev in conn.execute(
            select(events_t)
            .where(events_t.c.set_id.in_(chunk))
            .order_by(events_t.c.set_id, events_t.c.position, events_t.c.id)
        ):
            fields = fields_from_row(ev)
            events[ev.set_id].append((ev.id, Event.model_construct(key=ev.key, fields=fields, evidence={})))
    event_ids = [eid for evs in events.values() for eid, _ in evs]
    evidence: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for chunk in _chunks(event_ids):
        for link in conn.execute(
            select(evidence_t)
            .where(evidence_t.c.event_id.in_(chunk))
            .order_by(evidence_t.c.event_id, evidence_t.c.field, evidence_t.c.id)
        ):
            evidence[link.event_id][link.field].append(span_key[link.span_id])
    gold_ids = [s.id for s in set_rows if s.kind == SetKind.GOLD.value]
    provenance = provenance_rows.of_sets(conn, gold_ids) if gold_ids else {}
    out: dict[int, list[AnnotationSet]] = defaultdict(list)
    for s in set_rows:
        evs: list[Event] = []
        for eid, event in events.get(s.id, []):
            links = evidence.get(eid)
            evs.append(
                event.model_copy(update={"evidence": {k: list(v) for k, v in links.items()}}) if links else event
            )
        aset = AnnotationSet.model_construct(
            coder=s.name, kind=SetKind(s.kind), status=SetStatus(s.status), spans=spans.get(s.id, []), events=evs
        )
        out[s.article_id].append(provenance_rows.attach(aset, provenance.get(s.id, {})))
    return out
