"""SQLModel tables. One schema for SQLite (single user) and PostgreSQL (a team).

Domain validation happens before rows reach these classes (they skip pydantic validation), and bulk
paths insert through SQLAlchemy Core on ``Model.__table__``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlmodel import Field, SQLModel

# Named constraints let Alembic's batch mode find and drop them on SQLite.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SQLModel.metadata = MetaData(naming_convention=NAMING_CONVENTION)
metadata = SQLModel.metadata


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _version_column() -> Any:
    """A row version for optimistic concurrency: bumped by every change of the row (see coding_rows).

    A server default only, so bulk inserts through Core that do not name it (and databases filled
    by older code) get version 1."""
    return Column(Integer, nullable=False, server_default=text("1"))


def _counter_column() -> Any:
    return Column(Integer, nullable=False, server_default=text("0"))


class CoderRow(SQLModel, table=True):
    __tablename__ = "coders"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    role: str = Field(default="coder", max_length=20)
    # A disabled coder keeps their work but can no longer read or write anything (team disable).
    active: bool = Field(default=True, sa_column=Column(Boolean, nullable=False, server_default=text("true")))
    version: int = Field(default=1, sa_column=_version_column())


class ArticleRow(SQLModel, table=True):
    __tablename__ = "articles"

    id: int | None = Field(default=None, primary_key=True)
    external_id: str = Field(max_length=300, unique=True)
    title: str = ""
    text: str
    source: str = ""
    url: str = ""
    published: dt.date | None = None
    language: str = Field(default="", max_length=35)
    meta: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    content_hash: str = Field(max_length=64, unique=True)
    created_at: dt.datetime = Field(default_factory=_utcnow)


class AnnotationSetRow(SQLModel, table=True):
    __tablename__ = "annotation_sets"
    __table_args__ = (
        UniqueConstraint("article_id", "coder_id", "kind", name="uq_annotation_sets_article_coder_kind"),
        CheckConstraint("kind IN ('coder', 'gold')", name="kind"),
        CheckConstraint("status IN ('not_started', 'in_progress', 'done')", name="status"),
        # At most one gold set per article.
        Index(
            "uq_annotation_sets_one_gold",
            "article_id",
            unique=True,
            sqlite_where=text("kind = 'gold'"),
            postgresql_where=text("kind = 'gold'"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(
        sa_column=Column(Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    coder_id: int = Field(sa_column=Column(Integer, ForeignKey("coders.id"), nullable=False, index=True))
    kind: str = Field(default="coder", max_length=10)
    status: str = Field(default="not_started", max_length=20)
    updated_at: dt.datetime = Field(default_factory=_utcnow)
    # Bumped by every edit of the set or of its spans, events and evidence: an edit locks this row
    # first, so edits of one set are serialised (see annotate.apply).
    version: int = Field(default=1, sa_column=_version_column())
    # The highest number drawn for "sN" span and "eN" event keys: keys are drawn under the set's
    # lock and never reused, so an undo that re-creates a key cannot meet another window's new span.
    span_seq: int = Field(default=0, sa_column=_counter_column())
    event_seq: int = Field(default=0, sa_column=_counter_column())
    # The token of the last edit committed to the set: after a connection dropped during COMMIT,
    # it tells whether that edit landed (so it is applied exactly once).
    last_edit: str | None = Field(default=None, sa_column=Column(String(32), nullable=True))
    # When the set was last marked done (None while it is not done): progress per day.
    done_at: dt.datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))


class SpanRow(SQLModel, table=True):
    __tablename__ = "spans"
    __table_args__ = (
        UniqueConstraint("set_id", "key", name="uq_spans_set_key"),
        CheckConstraint("start_offset >= 0 AND end_offset > start_offset", name="offsets"),
        Index("ix_spans_set_start", "set_id", "start_offset"),
    )

    id: int | None = Field(default=None, primary_key=True)
    set_id: int = Field(sa_column=Column(Integer, ForeignKey("annotation_sets.id", ondelete="CASCADE"), nullable=False))
    key: str = Field(max_length=100)
    # "start"/"end" are reserved words in some SQL dialects, hence the column names.
    start: int = Field(sa_column=Column("start_offset", Integer, nullable=False))
    end: int = Field(sa_column=Column("end_offset", Integer, nullable=False))
    label: str = Field(max_length=100)
    text: str = ""
    version: int = Field(default=1, sa_column=_version_column())


class EventRow(SQLModel, table=True):
    """One event. Its field columns are written out for the type checkers; a test proves they match
    ``annotator.domain.fields`` exactly (names, order, types, nullability, bounds as CHECKs)."""

    __tablename__ = "events"
    __table_args__ = (
        UniqueConstraint("set_id", "key", name="uq_events_set_key"),
        CheckConstraint("time_precision IS NULL OR time_precision BETWEEN 1 AND 3", name="time_precision"),
        CheckConstraint("geo_precision IS NULL OR geo_precision BETWEEN 1 AND 3", name="geo_precision"),
        CheckConstraint("inter1 IS NULL OR inter1 BETWEEN 1 AND 8", name="inter1"),
        CheckConstraint("inter2 IS NULL OR inter2 BETWEEN 1 AND 8", name="inter2"),
        CheckConstraint("fatalities IS NULL OR fatalities >= 0", name="fatalities"),
        CheckConstraint("latitude IS NULL OR latitude BETWEEN -90 AND 90", name="latitude"),
        CheckConstraint("longitude IS NULL OR longitude BETWEEN -180 AND 180", name="longitude"),
    )

    id: int | None = Field(default=None, primary_key=True)
    set_id: int = Field(
        sa_column=Column(Integer, ForeignKey("annotation_sets.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    key: str = Field(max_length=100)
    # Order of events within the set as the coder created them.
    position: int = 0
    event_id_cnty: str | None = Field(default=None, max_length=20, unique=True)
    event_date: dt.date | None = None
    time_precision: int | None = None
    event_type: str = ""
    sub_event_type: str = ""
    actor1: str = ""
    assoc_actor_1: str = ""
    inter1: int | None = None
    actor2: str = ""
    assoc_actor_2: str = ""
    inter2: int | None = None
    civilian_targeting: bool = False
    country: str = ""
    admin1: str = ""
    admin2: str = ""
    admin3: str = ""
    location: str = ""
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    source: str = ""
    source_scale: str = ""
    notes: str = ""
    fatalities: int | None = None
    tags: str = ""
    updated_at: dt.datetime = Field(default_factory=_utcnow)
    # Bumped by every change of the event's fields or evidence.
    version: int = Field(default=1, sa_column=_version_column())


class EvidenceRow(SQLModel, table=True):
    """Links one event field to one span that supports it."""

    __tablename__ = "evidence"
    __table_args__ = (UniqueConstraint("event_id", "field", "span_id", name="uq_evidence_event_field_span"),)

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(
        sa_column=Column(Integer, ForeignKey("events.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    field: str = Field(max_length=40)
    span_id: int = Field(
        sa_column=Column(Integer, ForeignKey("spans.id", ondelete="CASCADE"), nullable=False, index=True)
    )


class IdCounterRow(SQLModel, table=True):
    """Last number used per event_id_cnty prefix, so ids are assigned once and never reused."""

    __tablename__ = "id_counters"

    prefix: str = Field(primary_key=True, max_length=3)
    last: int = 0


class AssignmentRow(SQLModel, table=True):
    """An article given to a coder to code (one row per article and coder, whatever the batch)."""

    __tablename__ = "assignments"
    __table_args__ = (UniqueConstraint("article_id", "coder_id", name="uq_assignments_article_coder"),)

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(
        sa_column=Column(Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    coder_id: int = Field(sa_column=Column(Integer, ForeignKey("coders.id"), nullable=False, index=True))
    batch: str = Field(default="", max_length=100, index=True)
    assigned_at: dt.datetime = Field(default_factory=_utcnow)
    assigned_by: str = Field(default="", max_length=200)


class CodebookRow(SQLModel, table=True):
    """The project's codebook, one row per version; the highest version is the one in force."""

    __tablename__ = "codebooks"

    version: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True, autoincrement=False))
    name: str = Field(max_length=200)
    # The TOML text as the lead gave it: exported unchanged, parsed on open.
    source: str = Field(sa_column=Column(Text, nullable=False))
    digest: str = Field(max_length=64)
    created_at: dt.datetime = Field(default_factory=_utcnow)
    created_by: str = Field(default="", max_length=200)
    # What changed from the previous version, as the lead was shown it.
    changes: str = Field(default="", sa_column=Column(Text, nullable=False))


class SettingRow(SQLModel, table=True):
    """Facts about the project itself: its id (packs name it), the team's group roles."""

    __tablename__ = "settings"

    key: str = Field(primary_key=True, max_length=100)
    value: str = Field(default="", sa_column=Column(Text, nullable=False))


class ProvenanceRow(SQLModel, table=True):
    """Where a gold span, event or field came from, and who decided when (domain.provenance).

    Rows name spans and events by key within their set (as coding commands do): undoing a deletion
    re-creates the row under the same key, and the provenance comes back with it. ``kind`` is
    ``span`` (key = span key), ``event`` (key = event key), ``field`` (key = event key, ``field`` the
    field), ``rejected`` (a coder's span the reviewer rejected: key = "start-end", field = label) or
    ``closed`` (who marked the gold set done)."""

    __tablename__ = "provenance"
    __table_args__ = (
        UniqueConstraint("set_id", "kind", "key", "field", name="uq_provenance_set_kind_key_field"),
        CheckConstraint("kind IN ('span', 'event', 'field', 'rejected', 'closed')", name="kind"),
        CheckConstraint("origin IN ('agreed', 'accepted', 'edited')", name="origin"),
    )

    id: int | None = Field(default=None, primary_key=True)
    set_id: int = Field(
        sa_column=Column(Integer, ForeignKey("annotation_sets.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    kind: str = Field(max_length=10)
    key: str = Field(default="", max_length=100)
    field: str = Field(default="", max_length=100)
    origin: str = Field(max_length=10)
    # The coders whose work it is, sorted (a JSON list: names may hold any character).
    coders: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    decided_by: str = Field(max_length=200)
    decided_at: dt.datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    strategy: str = Field(default="", max_length=20)


class ReviewNoteRow(SQLModel, table=True):
    """A reviewer sent an article back to a coder with a note; the coder's queue shows it."""

    __tablename__ = "review_notes"

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(
        sa_column=Column(Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    coder_id: int = Field(sa_column=Column(Integer, ForeignKey("coders.id"), nullable=False, index=True))
    note: str = Field(sa_column=Column(Text, nullable=False))
    sent_by: str = Field(max_length=200)
    sent_at: dt.datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class GazetteerPlaceRow(SQLModel, table=True):
    """A place of the project's own gazetteer (``annotator gazetteer add``): villages and other
    places the bundled GeoNames data lacks, shared by the team on PostgreSQL.

    ``alternate_names`` holds the place's other names, one per line. Admin names are resolved when
    the place is loaded (GeoNames extracts carry codes). ``source`` names the file it came from.
    """

    __tablename__ = "gazetteer_places"
    __table_args__ = (Index("ix_gazetteer_places_country_name", "country", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(max_length=200)
    geonameid: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    name: str = Field(max_length=200)
    alternate_names: str = Field(sa_column=Column(Text, nullable=False))
    country: str = Field(max_length=2)
    admin1: str = Field(max_length=200)
    admin2: str = Field(max_length=200)
    admin3: str = Field(max_length=200)
    latitude: float
    longitude: float
    population: int = Field(sa_column=Column(BigInteger, nullable=False))
    feature: str = Field(max_length=10)
