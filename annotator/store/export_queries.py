"""Fast streaming reads for dataset exports.

Exports read up to millions of events, so rows come out as plain tuples straight from the driver
cursor (no ORM objects, no pydantic, no SQLAlchemy result rows on SQLite), in chunks, inside one read
transaction. The statement itself is SQLAlchemy Core, so both backends get the same query; PostgreSQL
uses a server-side cursor so memory stays flat.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Select, and_, case, exists, func, literal, null, or_, select, true
from sqlalchemy.orm import aliased

from annotator.store.repository import articles_t, coders_t, events_t, sets_t
from annotator.store.streaming import row_chunks

SET_MODES = ("auto", "gold", "all", "coder")
GOLD_LABEL = "gold"


@dataclass(frozen=True)
class EventSelection:
    """Which events an export reads.

    ``sets``: ``auto`` = the gold set of an article where it has one, otherwise every coder's set;
    ``gold``; ``all`` (gold and every coder); ``coder`` = the coder sets of ``coder``.
    ``statuses``: annotation-set statuses to keep (empty = any). Dates are inclusive.
    """

    sets: str = "auto"
    coder: str | None = None
    statuses: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    countries: tuple[str, ...] = ()
    # Event row ids [id_from, id_to): lets an export read its events in parts, in order.
    id_from: int | None = None
    id_to: int | None = None

    def __post_init__(self) -> None:
        if self.sets not in SET_MODES:
            raise ValueError(f"sets must be one of {SET_MODES}, not {self.sets!r}")
        if self.sets == "coder" and not self.coder:
            raise ValueError("sets='coder' needs a coder name")


def _set_conditions(sel: EventSelection) -> list[Any]:
    conds: list[Any] = []
    if sel.sets == "gold":
        conds.append(sets_t.c.kind == "gold")
    elif sel.sets == "coder":
        coder_id = select(coders_t.c.id).where(coders_t.c.name == sel.coder).scalar_subquery()
        conds.append(and_(sets_t.c.kind == "coder", sets_t.c.coder_id == coder_id))
    elif sel.sets == "auto":
        gold = aliased(sets_t)
        has_gold = exists().where(and_(gold.c.article_id == sets_t.c.article_id, gold.c.kind == "gold"))
        conds.append(or_(sets_t.c.kind == "gold", ~has_gold))
    if sel.statuses:
        conds.append(sets_t.c.status.in_(list(sel.statuses)))
    return conds


def _event_conditions(sel: EventSelection) -> list[Any]:
    conds: list[Any] = []
    if sel.date_from:
        conds.append(events_t.c.event_date >= sel.date_from)
    if sel.date_to:
        conds.append(events_t.c.event_date <= sel.date_to)
    if sel.countries:
        conds.append(events_t.c.country.in_(list(sel.countries)))
    if sel.id_from is not None:
        conds.append(events_t.c.id >= sel.id_from)
    if sel.id_to is not None:
        conds.append(events_t.c.id < sel.id_to)
    return conds


def coder_label() -> Any:
    """'gold' for the gold set, else the coder's name."""
    return case((sets_t.c.kind == "gold", literal(GOLD_LABEL)), else_=coders_t.c.name)


def _selected_events(sel: EventSelection, *columns: Any) -> Select[Any]:
    """``columns`` of the events ``sel`` selects (events joined to their sets): the one event selection."""
    stmt = select(*columns).select_from(events_t.join(sets_t, sets_t.c.id == events_t.c.set_id))
    return stmt.where(*_set_conditions(sel), *_event_conditions(sel))


def event_rows_statement(fields: Sequence[str], sel: EventSelection, *, with_coder: bool) -> Select[Any]:
    """Columns ``fields`` of the events table, then the event's row id and the coder label (NULL unless asked).

    Only what every row needs is read: where an event is (article, key) is looked up afterwards for the
    few that break the codebook.

    Rows come in the order events were created (their id), which is stable from one export to the
    next: editing an event does not move it.
    """
    columns: list[Any] = [events_t.c[name] for name in fields]
    columns.append(events_t.c.id)
    columns.append(coder_label() if with_coder else null())
    stmt = _selected_events(sel, *columns)
    if with_coder:
        stmt = stmt.join(coders_t, coders_t.c.id == sets_t.c.coder_id)
    return stmt.order_by(events_t.c.id)


def count_events(conn: Connection, sel: EventSelection) -> int:
    return int(conn.scalar(_selected_events(sel, func.count())) or 0)


def split_point(conn: Connection, sel: EventSelection, before: int) -> int | None:
    """The row id of the ``before``-th selected event (0-based) in id order: where a second part can start."""
    found = conn.scalar(_selected_events(sel, events_t.c.id).order_by(events_t.c.id).offset(before).limit(1))
    return int(found) if found is not None else None


def iter_event_rows(
    conn: Connection, fields: Sequence[str], sel: EventSelection, *, with_coder: bool, chunk: int = 5000
) -> Iterator[list[Sequence[Any]]]:
    """Chunks of plain tuples, straight from the driver cursor where the driver allows it."""
    return row_chunks(conn, event_rows_statement(fields, sel, with_coder=with_coder), chunk)


def coder_names(conn: Connection) -> list[str]:
    """Names of coders who own at least one (non-gold) annotation set, sorted."""
    stmt = (
        select(coders_t.c.name)
        .where(exists().where(and_(sets_t.c.coder_id == coders_t.c.id, sets_t.c.kind == "coder")))
        .order_by(coders_t.c.name)
    )
    return list(conn.scalars(stmt))


def set_owners(conn: Connection, sel: EventSelection, *, at_most: int = 2) -> int:
    """How many owners (each coder, and gold as one) the sets chosen by ``sel``'s set rules and statuses
    that hold events have, counting up to ``at_most``. The date, country and id filters are left out, so
    slices of one project by date or country agree.
    """
    owner = case((sets_t.c.kind == "gold", literal(-1)), else_=sets_t.c.coder_id)
    has_events = exists().where(events_t.c.set_id == sets_t.c.id)
    stmt = select(owner).where(and_(*_set_conditions(sel), has_events)).distinct().limit(at_most)
    return len(conn.execute(stmt).all())


def sets_condition(sel: EventSelection) -> Any:
    """The annotation sets ``sel`` keeps, as a condition on ``annotation_sets``: the set rules and statuses,
    and with date or country filters, at least one event that meets them. (The one statement of which
    sets the brat, CoNLL and JSONL exports write; the ACLED export applies the same conditions to events.)
    """
    conds = _set_conditions(sel)
    events = _event_conditions(sel)
    if events:
        conds.append(exists().where(and_(events_t.c.set_id == sets_t.c.id, *events)))
    return and_(true(), *conds)


def selected_article_ids(conn: Connection, sel: EventSelection) -> list[int]:
    """Row ids of the articles with at least one set that ``sel`` keeps, in article order."""
    stmt = select(sets_t.c.article_id).where(sets_condition(sel)).distinct().order_by(sets_t.c.article_id)
    return list(conn.scalars(stmt))


def events_missing_ids(conn: Connection) -> bool:
    """Is there an event with a country but no event_id_cnty? (Uses the unique index, so cheap.)"""
    stmt = select(events_t.c.id).where(and_(events_t.c.event_id_cnty.is_(None), events_t.c.country != "")).limit(1)
    return conn.scalar(stmt) is not None


def locate_events(conn: Connection, event_pks: Sequence[int]) -> dict[int, tuple[str, str, str]]:
    """Event row id -> (its article's external id, the event's key, 'gold' or the coder), for naming problems."""
    out: dict[int, tuple[str, str, str]] = {}
    wanted = sorted(set(event_pks))
    for i in range(0, len(wanted), 500):
        chunk = wanted[i : i + 500]
        stmt = (
            select(events_t.c.id, articles_t.c.external_id, events_t.c.key, coder_label())
            .join(sets_t, sets_t.c.id == events_t.c.set_id)
            .join(articles_t, articles_t.c.id == sets_t.c.article_id)
            .join(coders_t, coders_t.c.id == sets_t.c.coder_id)
            .where(events_t.c.id.in_(chunk))
        )
        for pk, ext, key, coder in conn.execute(stmt):
            out[pk] = (ext, key, coder)
    return out
