"""The tables, as SQLAlchemy Core ``Table`` objects. One schema for SQLite (single user) and
PostgreSQL (a team).

Everything reads and writes through Core (the ORM costs ~50 µs per object, and nothing here needs
objects): domain validation happens before rows reach these tables. Plain Core also keeps the
ORM, SQLModel and the PostgreSQL dialect out of start-up: declaring these tables as SQLModel
classes cost the app's database worker about 150 ms of imports before the first article could open.
The migrations (``migrations/versions``) were generated from the SQLModel declarations these
replace, and build the same columns; a test compares the two on both databases.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import Dialect

# Named constraints let Alembic's batch mode find and drop them on SQLite.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A moment, always in UTC: a naive datetime is refused on the way in (its zone is unknown), and
    every value comes back aware, in UTC, also from SQLite, which stores it without an offset.

    The type the earlier SQLModel declarations gave datetime columns (the migrations name it
    ``sqlmodel.sql.sqltypes.UTCDateTime``); the columns and the values are the same."""

    impl = DateTime
    cache_ok = True

    def __init__(self) -> None:
        super().__init__(timezone=True)

    def __repr__(self) -> str:
        return "UTCDateTime()"  # as Alembic writes it into a migration: it takes no arguments

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.utcoffset() is None:
            raise ValueError(f"a moment without a time zone cannot be stored: {value!r} (use dt.datetime.now(dt.UTC))")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.utcoffset() is None else value.astimezone(dt.UTC)


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _id() -> Column[int]:
    return Column("id", Integer, primary_key=True)


def _name(name: str, length: int | None = None, **kwargs: Any) -> Column[str]:
    """A text column that must hold a value (``default``: what a Core insert that omits it stores)."""
    return Column(name, String(length), nullable=False, **kwargs)


def _moment(name: str) -> Column[dt.datetime]:
    """When the row was written: now, unless the insert says."""
    return Column(name, UTCDateTime(), nullable=False, default=_utcnow)


def _parent(name: str, target: str, *, cascade: bool = True, index: bool = True) -> Column[int]:
    """A reference to another table's row; ``cascade``: deleting that row deletes this one."""
    return Column(
        name, Integer, ForeignKey(target, ondelete="CASCADE" if cascade else None), nullable=False, index=index
    )


def _version() -> Column[int]:
    """A row version for optimistic concurrency: bumped by every change of the row (see coding_rows).

    A server default only, so bulk inserts through Core that do not name it (and databases filled
    by older code) get version 1."""
    return Column("version", Integer, nullable=False, server_default=text("1"))


def _counter(name: str) -> Column[int]:
    return Column(name, Integer, nullable=False, server_default=text("0"))


coders_t = Table(
    "coders",
    metadata,
    _id(),
    _name("name", 200, unique=True),
    _name("role", 20, default="coder"),
    # A disabled coder keeps their work but can no longer read or write anything (team disable).
    Column("active", Boolean, nullable=False, server_default=text("true")),
    _version(),
)

articles_t = Table(
    "articles",
    metadata,
    _id(),
    _name("external_id", 300, unique=True),
    _name("title", default=""),
    _name("text"),
    _name("source", default=""),
    _name("url", default=""),
    Column("published", Date, nullable=True),
    _name("language", 35, default=""),
    Column("meta", JSON, nullable=False),
    _name("content_hash", 64, unique=True),
    _moment("created_at"),
    # What the view needs of a long text before showing it (domain.text_shape), stored with it;
    # empty for shorter texts and for articles stored before (worked out when opened).
    Column("astral_at", Text, nullable=True),
    Column("may_rtl", Boolean, nullable=True),
)

sets_t = Table(
    "annotation_sets",
    metadata,
    _id(),
    _parent("article_id", "articles.id"),
    _parent("coder_id", "coders.id", cascade=False),
    _name("kind", 10, default="coder"),
    _name("status", 20, default="not_started"),
    _moment("updated_at"),
    # Bumped by every edit of the set or of its spans, events and evidence: an edit locks this row
    # first, so edits of one set are serialised (see annotate.apply).
    _version(),
    # The highest number drawn for "sN" span and "eN" event keys: keys are drawn under the set's
    # lock and never reused, so an undo that re-creates a key cannot meet another window's new span.
    _counter("span_seq"),
    _counter("event_seq"),
    # The token of the last edit committed to the set: after a connection dropped during COMMIT,
    # it tells whether that edit landed (so it is applied exactly once).
    Column("last_edit", String(32), nullable=True),
    # When the set was last marked done (None while it is not done): progress per day.
    Column("done_at", DateTime(timezone=True), nullable=True),
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

spans_t = Table(
    "spans",
    metadata,
    _id(),
    _parent("set_id", "annotation_sets.id", index=False),  # (ix_spans_set_start serves it)
    _name("key", 100),
    # "start"/"end" are reserved words in some SQL dialects, hence the column names.
    Column("start_offset", Integer, nullable=False),
    Column("end_offset", Integer, nullable=False),
    _name("label", 100),
    _name("text", default=""),
    _version(),
    UniqueConstraint("set_id", "key", name="uq_spans_set_key"),
    CheckConstraint("start_offset >= 0 AND end_offset > start_offset", name="offsets"),
    Index("ix_spans_set_start", "set_id", "start_offset"),
)

# One event. Its field columns are written out here; a test proves they match
# ``annotator.domain.fields`` exactly (names, order, types, nullability, bounds as CHECKs).
events_t = Table(
    "events",
    metadata,
    _id(),
    _parent("set_id", "annotation_sets.id"),
    _name("key", 100),
    # Order of events within the set as the coder created them.
    Column("position", Integer, nullable=False, default=0),
    Column("event_id_cnty", String(20), nullable=True, unique=True),
    Column("event_date", Date, nullable=True),
    Column("time_precision", Integer, nullable=True),
    _name("event_type", default=""),
    _name("sub_event_type", default=""),
    _name("actor1", default=""),
    _name("assoc_actor_1", default=""),
    Column("inter1", Integer, nullable=True),
    _name("actor2", default=""),
    _name("assoc_actor_2", default=""),
    Column("inter2", Integer, nullable=True),
    Column("civilian_targeting", Boolean, nullable=False, default=False),
    _name("country", default=""),
    _name("admin1", default=""),
    _name("admin2", default=""),
    _name("admin3", default=""),
    _name("location", default=""),
    Column("latitude", Float, nullable=True),
    Column("longitude", Float, nullable=True),
    Column("geo_precision", Integer, nullable=True),
    _name("source", default=""),
    _name("source_scale", default=""),
    _name("notes", default=""),
    Column("fatalities", Integer, nullable=True),
    _name("tags", default=""),
    _moment("updated_at"),
    # Bumped by every change of the event's fields or evidence.
    _version(),
    UniqueConstraint("set_id", "key", name="uq_events_set_key"),
    CheckConstraint("time_precision IS NULL OR time_precision BETWEEN 1 AND 3", name="time_precision"),
    CheckConstraint("geo_precision IS NULL OR geo_precision BETWEEN 1 AND 3", name="geo_precision"),
    CheckConstraint("inter1 IS NULL OR inter1 BETWEEN 1 AND 8", name="inter1"),
    CheckConstraint("inter2 IS NULL OR inter2 BETWEEN 1 AND 8", name="inter2"),
    CheckConstraint("fatalities IS NULL OR fatalities >= 0", name="fatalities"),
    CheckConstraint("latitude IS NULL OR latitude BETWEEN -90 AND 90", name="latitude"),
    CheckConstraint("longitude IS NULL OR longitude BETWEEN -180 AND 180", name="longitude"),
)

# Links one event field to one span that supports it.
evidence_t = Table(
    "evidence",
    metadata,
    _id(),
    _parent("event_id", "events.id"),
    _name("field", 40),
    _parent("span_id", "spans.id"),
    UniqueConstraint("event_id", "field", "span_id", name="uq_evidence_event_field_span"),
)

# Last number used per event_id_cnty prefix, so ids are assigned once and never reused.
counters_t = Table(
    "id_counters",
    metadata,
    Column("prefix", String(3), primary_key=True),
    Column("last", Integer, nullable=False, default=0),
)

# An article given to a coder to code (one row per article and coder, whatever the batch).
assignments_t = Table(
    "assignments",
    metadata,
    _id(),
    _parent("article_id", "articles.id"),
    _parent("coder_id", "coders.id", cascade=False),
    _name("batch", 100, default="", index=True),
    _moment("assigned_at"),
    _name("assigned_by", 200, default=""),
    UniqueConstraint("article_id", "coder_id", name="uq_assignments_article_coder"),
)

# The project's codebook, one row per version; the highest version is the one in force.
codebooks_t = Table(
    "codebooks",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    _name("name", 200),
    # The TOML text as the lead gave it: exported unchanged, parsed on open.
    Column("source", Text, nullable=False),
    _name("digest", 64),
    _moment("created_at"),
    _name("created_by", 200, default=""),
    # What changed from the previous version, as the lead was shown it.
    Column("changes", Text, nullable=False),
)

# Facts about the project itself: its id (packs name it), the team's group roles.
settings_t = Table(
    "settings",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("value", Text, nullable=False),
)

# Where a gold span, event or field came from, and who decided when (domain.provenance).
#
# Rows name spans and events by key within their set (as coding commands do): undoing a deletion
# re-creates the row under the same key, and the provenance comes back with it. ``kind`` is
# ``span`` (key = span key), ``event`` (key = event key), ``field`` (key = event key, ``field`` the
# field), ``rejected`` (a coder's span the reviewer rejected: key = "start-end", field = label) or
# ``closed`` (who marked the gold set done).
provenance_t = Table(
    "provenance",
    metadata,
    _id(),
    _parent("set_id", "annotation_sets.id"),
    _name("kind", 10),
    _name("key", 100, default=""),
    _name("field", 100, default=""),
    _name("origin", 10),
    # The coders whose work it is, sorted (a JSON list: names may hold any character).
    Column("coders", JSON, nullable=False),
    _name("decided_by", 200),
    Column("decided_at", DateTime(timezone=True), nullable=False),
    _name("strategy", 20, default=""),
    UniqueConstraint("set_id", "kind", "key", "field", name="uq_provenance_set_kind_key_field"),
    CheckConstraint("kind IN ('span', 'event', 'field', 'rejected', 'closed')", name="kind"),
    CheckConstraint("origin IN ('agreed', 'accepted', 'edited')", name="origin"),
)

# A reviewer sent an article back to a coder with a note; the coder's queue shows it.
notes_t = Table(
    "review_notes",
    metadata,
    _id(),
    _parent("article_id", "articles.id"),
    _parent("coder_id", "coders.id", cascade=False),
    Column("note", Text, nullable=False),
    _name("sent_by", 200),
    Column("sent_at", DateTime(timezone=True), nullable=False),
)

# A place of the project's own gazetteer (``annotator gazetteer add``): villages and other places
# the bundled GeoNames data lacks, shared by the team on PostgreSQL.
#
# ``alternate_names`` holds the place's other names, one per line. Admin names are resolved when
# the place is loaded (GeoNames extracts carry codes). ``source`` names the file it came from.
gazetteer_places_t = Table(
    "gazetteer_places",
    metadata,
    _id(),
    _name("source", 200),
    Column("geonameid", BigInteger, nullable=True),
    _name("name", 200),
    Column("alternate_names", Text, nullable=False),
    _name("country", 2),
    _name("admin1", 200),
    _name("admin2", 200),
    _name("admin3", 200),
    Column("latitude", Float, nullable=False),
    Column("longitude", Float, nullable=False),
    Column("population", BigInteger, nullable=False),
    _name("feature", 10),
    Index("ix_gazetteer_places_country_name", "country", "name"),
)
