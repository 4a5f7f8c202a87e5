"""Rows of provenance (gold spans, events, fields, rejections, who closed a set) and review notes.

Nothing here commits: writes run inside the caller's transaction (a coding command's, an import's).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, and_, delete, insert, select

from annotator.domain.moments import utc_second
from annotator.store.tables import coders_t, notes_t, provenance_t

if TYPE_CHECKING:
    from annotator.domain.models import AnnotationSet
    from annotator.domain.provenance import Provenance

KINDS = ("span", "event", "field", "rejected", "closed")


@dataclass(frozen=True)
class ProvenanceKey:
    kind: str  # one of KINDS
    key: str = ""
    field: str = ""


def _provenance(row: Any) -> Provenance:
    from annotator.domain.provenance import Origin, Provenance

    return Provenance(
        origin=Origin(row.origin),
        coders=tuple(row.coders or ()),
        by=row.decided_by,
        at=utc_second(row.decided_at),
        strategy=row.strategy or "",
    )


def _values(set_id: int, where: ProvenanceKey, p: Provenance) -> dict[str, Any]:
    return {
        "set_id": set_id,
        "kind": where.kind,
        "key": where.key,
        "field": where.field,
        "origin": p.origin.value,
        "coders": list(p.coders),
        "decided_by": p.by,
        "decided_at": p.at,
        "strategy": p.strategy,
    }


def of_sets(conn: Connection, set_ids: Sequence[int]) -> dict[int, dict[ProvenanceKey, Provenance]]:
    """Every provenance row of these sets."""
    out: dict[int, dict[ProvenanceKey, Provenance]] = defaultdict(dict)
    ids = list(set_ids)
    for i in range(0, len(ids), 500):
        for row in conn.execute(select(provenance_t).where(provenance_t.c.set_id.in_(ids[i : i + 500]))):
            out[row.set_id][ProvenanceKey(row.kind, row.key, row.field)] = _provenance(row)
    return out


def get(conn: Connection, set_id: int, where: ProvenanceKey) -> Provenance | None:
    row = conn.execute(
        select(provenance_t).where(
            and_(
                provenance_t.c.set_id == set_id,
                provenance_t.c.kind == where.kind,
                provenance_t.c.key == where.key,
                provenance_t.c.field == where.field,
            )
        )
    ).first()
    return None if row is None else _provenance(row)


def put(conn: Connection, set_id: int, where: ProvenanceKey, value: Provenance | None) -> None:
    """Make the row hold ``value`` (None: no row)."""
    conn.execute(
        delete(provenance_t).where(
            and_(
                provenance_t.c.set_id == set_id,
                provenance_t.c.kind == where.kind,
                provenance_t.c.key == where.key,
                provenance_t.c.field == where.field,
            )
        )
    )
    if value is not None:
        conn.execute(insert(provenance_t).values(**_values(set_id, where, value)))


def insert_many(conn: Connection, rows: Iterable[tuple[int, ProvenanceKey, Provenance]]) -> None:
    """Bulk insert (an import)."""
    values = [_values(set_id, where, p) for set_id, where, p in rows]
    if values:
        conn.execute(insert(provenance_t), values)


def attach(aset: AnnotationSet, found: Mapping[ProvenanceKey, Provenance]) -> AnnotationSet:
    """The set with each span's and event's provenance (and its fields') from ``found``."""
    from annotator.domain.provenance import EventProvenance

    if not found:
        return aset
    spans = [
        s.model_copy(update={"provenance": p}) if (p := found.get(ProvenanceKey("span", s.key))) else s
        for s in aset.spans
    ]
    events = []
    for e in aset.events:
        own = found.get(ProvenanceKey("event", e.key))
        if own is None:
            events.append(e)
            continue
        fields = {k.field: p for k, p in found.items() if k.kind == "field" and k.key == e.key}
        provenance = EventProvenance(**own.model_dump(), fields=fields)
        events.append(e.model_copy(update={"provenance": provenance}))
    return aset.model_copy(update={"spans": spans, "events": events})


def rows_of(aset: AnnotationSet) -> list[tuple[ProvenanceKey, Provenance]]:
    """The provenance rows a set's spans and events carry (what an import writes)."""
    out: list[tuple[ProvenanceKey, Provenance]] = []
    for s in aset.spans:
        if s.provenance is not None:
            out.append((ProvenanceKey("span", s.key), s.provenance))
    for e in aset.events:
        if e.provenance is None:
            continue
        out.append((ProvenanceKey("event", e.key), _plain(e.provenance)))
        out.extend((ProvenanceKey("field", e.key, name), p) for name, p in e.provenance.fields.items())
    return out


def _plain(p: Provenance) -> Provenance:
    from annotator.domain.provenance import Provenance

    return Provenance(origin=p.origin, coders=p.coders, by=p.by, at=p.at, strategy=p.strategy)


# ---------------------------------------------------------------- review notes


@dataclass(frozen=True)
class Note:
    article_id: int
    coder: str
    note: str
    sent_by: str
    sent_at: dt.datetime
    id: int = 0  # the row's id (0: not stored yet)


def add_note(conn: Connection, article_id: int, coder_id: int, note: str, sent_by: str, sent_at: dt.datetime) -> int:
    """Store a note; returns its id (what taking it back names)."""
    row = conn.execute(
        insert(notes_t)
        .values(article_id=article_id, coder_id=coder_id, note=note, sent_by=sent_by, sent_at=sent_at)
        .returning(notes_t.c.id)
    ).first()
    assert row is not None
    return int(row.id)


def remove_note(conn: Connection, note_id: int) -> Note | None:
    """Delete a note; returns what it was (None: there was no such note)."""
    row = conn.execute(
        select(notes_t.c.article_id, coders_t.c.name, notes_t.c.note, notes_t.c.sent_by, notes_t.c.sent_at)
        .join(coders_t, coders_t.c.id == notes_t.c.coder_id)
        .where(notes_t.c.id == note_id)
    ).first()
    if row is None:
        return None
    conn.execute(delete(notes_t).where(notes_t.c.id == note_id))
    return Note(row.article_id, row.name, row.note, row.sent_by, utc_second(row.sent_at), note_id)


def notes(conn: Connection, article_id: int, coder: str | None = None) -> list[Note]:
    """Notes on the article (to one coder, if named), newest first."""
    q = (
        select(
            notes_t.c.article_id, coders_t.c.name, notes_t.c.note, notes_t.c.sent_by, notes_t.c.sent_at, notes_t.c.id
        )
        .join(coders_t, coders_t.c.id == notes_t.c.coder_id)
        .where(notes_t.c.article_id == article_id)
        .order_by(notes_t.c.sent_at.desc(), notes_t.c.id.desc())
    )
    if coder is not None:
        q = q.where(coders_t.c.name == coder)
    return [Note(r.article_id, r.name, r.note, r.sent_by, utc_second(r.sent_at), r.id) for r in conn.execute(q)]
