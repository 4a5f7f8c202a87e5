"""The migrations build exactly the tables the code declares, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import CheckConstraint, Connection, delete, func, insert, inspect, select, update
from sqlalchemy.exc import IntegrityError

from annotator.domain.errors import UserError
from annotator.domain.models import EventFields
from annotator.store import schema
from annotator.store.engine import make_engine
from annotator.store.repository import articles_t, coders_t, events_t, evidence_t, sets_t, spans_t
from annotator.store.schema import SchemaStatus, inspect_schema, open_database
from annotator.store.tables import metadata


def _declared_checks() -> dict[str, set[str]]:
    return {
        table.name: {str(c.name) for c in table.constraints if isinstance(c, CheckConstraint)}
        for table in metadata.sorted_tables
    }


def _database_checks(conn: Connection) -> dict[str, set[str]]:
    found = inspect(conn)
    return {
        name: {str(c["name"]) for c in found.get_check_constraints(name)}
        for name in found.get_table_names()
        if name != "alembic_version"
    }


def _differences(conn: Connection) -> list[Any]:
    context = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": True})
    return list(compare_metadata(context, metadata))


def test_head_matches_the_tables(db_url: str) -> None:
    """A database upgraded to head has every table, column, type, default, index, unique and foreign key
    the code declares; and, since Alembic does not compare CHECK constraints, the same checks too."""
    engine = open_database(db_url)
    try:
        with engine.connect() as conn:
            assert _differences(conn) == []
            assert _database_checks(conn) == _declared_checks()
    finally:
        engine.dispose()


def test_the_comparison_sees_a_difference(db_url: str) -> None:
    """The comparison is not blind: a column the migrations do not make is reported."""
    engine = open_database(db_url)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("ALTER TABLE coders ADD COLUMN email VARCHAR(200)")
            diffs = _differences(conn)
    finally:
        engine.dispose()
    assert [(d[0], d[2], d[3].name) for d in diffs] == [("remove_column", "coders", "email")]


# ---------------------------------------------------------------- 0001 -> 0002 on a database with data


def _migrate(engine: Any, revision: str) -> None:
    """Bring a database to ``revision`` the way the first release did (its own migrations, up to there)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(schema.MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


def _rows(conn: Connection, tables: tuple[Any, ...], like: dict[str, Any] | None = None) -> dict[str, Any]:
    """Every row of each table, sorted, with the columns the database has (a later revision adds
    some to the code's tables); ``like``: rows read before an upgrade, whose columns to read again."""
    found = inspect(conn)
    out = {}
    for t in tables:
        names = {c["name"] for c in found.get_columns(t.name)}
        columns = [c for c in t.columns if c.name in names and (like is None or c.name in like[t.name][0])]
        out[t.name] = (tuple(c.name for c in columns), sorted(conn.execute(select(*columns)).all()))
    return out


def _fill_a_0001_database(conn: Connection) -> None:
    conn.execute(insert(coders_t), [{"id": 1, "name": "amal", "role": "coder"}])
    conn.execute(
        insert(articles_t),
        [{"id": 1, "external_id": "a1", "title": "", "text": "Police fired in Juba.", "source": "", "url": "",
          "language": "", "meta": {}, "content_hash": "h1", "created_at": dt.datetime(2024, 6, 5, tzinfo=dt.UTC)}],
    )  # fmt: skip
    conn.execute(
        insert(sets_t),
        [{"id": 1, "article_id": 1, "coder_id": 1, "kind": "coder", "status": "in_progress",
          "updated_at": dt.datetime(2024, 6, 5, tzinfo=dt.UTC)}],
    )  # fmt: skip
    conn.execute(
        insert(spans_t),
        [{"id": 1, "set_id": 1, "key": "s1", "start_offset": 0, "end_offset": 6, "label": "actor", "text": "Police"},
         {"id": 2, "set_id": 1, "key": "s2", "start_offset": 16, "end_offset": 20, "label": "location", "text": "Juba"}],
    )  # fmt: skip
    values = {**EventFields(actor1="Police", location="Juba", latitude=4.8594, longitude=31.5713).model_dump()}
    values["event_id_cnty"] = None
    conn.execute(
        insert(events_t),
        [{**values, "id": 1, "set_id": 1, "key": "e1", "position": 0,
          "updated_at": dt.datetime(2024, 6, 5, tzinfo=dt.UTC)}],
    )  # fmt: skip
    conn.execute(
        insert(evidence_t),
        [{"event_id": 1, "field": "actor1", "span_id": 1}, {"event_id": 1, "field": "location", "span_id": 2}],
    )


def test_a_0001_database_is_backed_up_and_upgraded_to_head_keeping_every_row(db_url: str) -> None:
    """A database as users have it today (revision 0001, with data) opened by this release: backed up
    first (SQLite: a copy of the file; PostgreSQL: pg_dump of the project's schema alone), then
    brought to head with every row and value kept."""
    sqlite = db_url.startswith("sqlite")
    if not sqlite and shutil.which("pg_dump") is None:
        pytest.skip("the PostgreSQL client tools are not installed")
    engine = make_engine(db_url)
    try:
        _migrate(engine, "0001")
        with engine.begin() as conn:
            _fill_a_0001_database(conn)
        tables = (coders_t, articles_t, sets_t, spans_t, events_t, evidence_t)
        with engine.connect() as conn:
            before = {
                t.name: sorted(conn.execute(select(*[c for c in t.c if c.name in _0002_COLUMNS[t.name]])).all())
                for t in tables
            }
        assert inspect_schema(engine).status is SchemaStatus.OLDER
        backup = schema.upgrade(engine, db_url)
        assert inspect_schema(engine).current == schema.head_revision()
        with engine.connect() as conn:
            assert _differences(conn) == [] and _database_checks(conn) == _declared_checks()
            after = {
                t.name: sorted(conn.execute(select(*[c for c in t.c if c.name in _0002_COLUMNS[t.name]])).all())
                for t in tables
            }
            assert after == before
            assert conn.execute(select(events_t.c.key, events_t.c.latitude)).all() == [("e1", 4.8594)]
            evidence = conn.execute(select(evidence_t.c.field, evidence_t.c.span_id).order_by(evidence_t.c.id))
            assert evidence.all() == [("actor1", 1), ("location", 2)]
            assert conn.execute(select(func.count()).select_from(spans_t)).scalar() == 2
        for name, outside in (("latitude", 90.5), ("longitude", -180.5)):
            with pytest.raises(IntegrityError), engine.begin() as conn:
                conn.execute(update(events_t).values({name: outside}))
        with engine.connect() as conn:  # foreign keys are on again after the upgrade
            if engine.dialect.name == "sqlite":
                assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        with engine.begin() as conn:
            conn.execute(delete(events_t))
            assert conn.execute(select(func.count()).select_from(evidence_t)).scalar() == 0  # cascades
    finally:
        engine.dispose()
    # The backup is the database as it was: at 0001, with its rows.
    assert backup is not None and backup.exists() and "before-upgrade-from-0001" in backup.name
    if sqlite:
        copy = sqlite3.connect(backup)
        try:
            assert copy.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
            assert copy.execute("SELECT key, text FROM spans ORDER BY id").fetchall() == [
                ("s1", "Police"),
                ("s2", "Juba"),
            ]
            assert copy.execute("SELECT count(*) FROM evidence").fetchone() == (2,)
        finally:
            copy.close()
    else:
        dump = backup.read_text(encoding="utf-8")
        project_schema = db_url.rsplit("search_path%3D", 1)[1]
        assert f"CREATE SCHEMA {project_schema};" in dump
        assert re.search(rf"COPY {project_schema}\.alembic_version \(version_num\) FROM stdin;\n0001\n", dump)
        assert "Police fired in Juba." in dump and "\ts1\t0\t6\tactor\tPolice" in dump


def test_an_upgrade_that_leaves_broken_links_is_reported(sqlite_url: str, tmp_path: Path) -> None:
    engine = make_engine(sqlite_url)
    try:
        _migrate(engine, "0001")
        with engine.begin() as conn:
            _fill_a_0001_database(conn)
        raw = sqlite3.connect(tmp_path / "annotator.db")  # foreign keys off: a link to a missing span
        raw.execute("INSERT INTO evidence (event_id, field, span_id) VALUES (1, 'location', 99)")
        raw.commit()
        raw.close()
        with pytest.raises(UserError, match=r"1 row\(s\) of table 'evidence' refer to rows that do not exist; the"):
            schema.upgrade(engine, sqlite_url)
    finally:
        engine.dispose()


# ---------------------------------------------------------------- 0002 -> 0003 (team coding) on a database with data


def test_0003_upgrades_a_0002_database_keeping_every_row(
    db_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    sqlite = db_url.startswith("sqlite")
    backups: list[Path | None] = []
    if not sqlite:  # pg_dump of a shared test server is tested elsewhere
        monkeypatch.setattr(schema, "backup_database", lambda url, reason: None)
    engine = make_engine(db_url)
    try:
        _migrate(engine, "0001")
        with engine.begin() as conn:
            _fill_a_0001_database(conn)
            conn.execute(update(sets_t).values(status="done"))
        _migrate_as_released(engine, "0002")
        with engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(evidence_t)).scalar() == 2
            before = {
                t.name: sorted(conn.execute(select(*[c for c in t.c if c.name in _0002_COLUMNS[t.name]])).all())
                for t in (coders_t, articles_t, sets_t, spans_t, events_t, evidence_t)
            }
        backups.append(schema.upgrade(engine, db_url))
        assert inspect_schema(engine).current == schema.head_revision()
        with engine.connect() as conn:
            assert _differences(conn) == [] and _database_checks(conn) == _declared_checks()
            after = {
                t.name: sorted(conn.execute(select(*[c for c in t.c if c.name in _0002_COLUMNS[t.name]])).all())
                for t in (coders_t, articles_t, sets_t, spans_t, events_t, evidence_t)
            }
            assert after == before
            # New columns: every row at version 1, counters at 0, the done set dated by its last update.
            for t in (coders_t, sets_t, spans_t, events_t):
                assert set(conn.scalars(select(t.c.version))) == {1}
            s = conn.execute(select(sets_t.c.span_seq, sets_t.c.event_seq, sets_t.c.done_at, sets_t.c.updated_at)).one()
            assert (s.span_seq, s.event_seq) == (0, 0)
            assert s.done_at is not None and s.done_at.replace(tzinfo=None) == s.updated_at.replace(tzinfo=None)
            assert conn.scalar(select(coders_t.c.active)) is True
            project_id = conn.exec_driver_sql("SELECT value FROM settings WHERE key = 'project_id'").scalar()
            assert project_id is not None and len(project_id) == 32
    finally:
        engine.dispose()
    if sqlite:
        (backup,) = backups
        assert backup is not None and backup.exists()
        copy = sqlite3.connect(backup)
        try:
            assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == ("0002",)
            assert copy.execute("SELECT count(*) FROM evidence").fetchone() == (2,)
        finally:
            copy.close()


def _migrate_as_released(engine: Any, revision: str) -> None:
    """Upgrade to ``revision`` as that release's ``schema.upgrade`` did: on SQLite with foreign keys off
    while batch mode rebuilds tables (else rebuilding events would cascade into evidence)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(schema.MIGRATIONS))
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
        with conn.begin():
            config.attributes["connection"] = conn
            command.upgrade(config, revision)
        conn.invalidate()


_DATA_TABLES = (coders_t, articles_t, sets_t, spans_t, events_t, evidence_t)


def _upgrade_from_release(engine: Any, db_url: str, released: str, not_there_yet: Callable[[Connection], bool]) -> None:
    """A database with data, made the way release ``released`` made it, upgraded to head: it has the
    tables the code declares, and every row it had, with the columns it had. ``not_there_yet``: what
    the later revisions add is missing before the upgrade."""
    _migrate(engine, "0001")
    with engine.begin() as conn:
        _fill_a_0001_database(conn)
    _migrate_as_released(engine, released)
    with engine.connect() as conn:
        assert not_there_yet(conn)
        before = _rows(conn, _DATA_TABLES)
    schema.upgrade(engine, db_url)
    assert inspect_schema(engine).current == schema.HEAD_REVISION
    with engine.connect() as conn:
        assert _differences(conn) == [] and _database_checks(conn) == _declared_checks()
        assert _rows(conn, _DATA_TABLES, like=before) == before


_0002_COLUMNS = {
    "coders": {"id", "name", "role"},
    "articles": {"id", "external_id", "title", "text", "content_hash"},
    "annotation_sets": {"id", "article_id", "coder_id", "kind", "status", "updated_at"},
    "spans": {"id", "set_id", "key", "start_offset", "end_offset", "label", "text"},
    "events": {"id", "set_id", "key", "position", "actor1", "location", "latitude", "longitude", "event_id_cnty"},
    "evidence": {"id", "event_id", "field", "span_id"},
}


def test_0003_downgrades_and_upgrades_again(db_url: str) -> None:
    from alembic import command
    from alembic.config import Config

    engine = open_database(db_url)
    try:
        config = Config()
        config.set_main_option("script_location", str(schema.MIGRATIONS))
        with engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
                conn.commit()
            with conn.begin():
                config.attributes["connection"] = conn
                command.downgrade(config, "0002")
                assert {"assignments", "codebooks", "settings"}.isdisjoint(inspect(conn).get_table_names())
                assert "version" not in {c["name"] for c in inspect(conn).get_columns("events")}
                command.upgrade(config, "head")
            conn.invalidate()
        with engine.connect() as conn:
            assert _differences(conn) == [] and _database_checks(conn) == _declared_checks()
    finally:
        engine.dispose()


# ---------------------------------------------------------------- 0003 -> 0004 (adjudication) on a database with data


def test_0004_upgrades_a_0003_database_keeping_every_row(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schema, "backup_database", lambda url, reason: None)  # backups are tested above
    engine = make_engine(db_url)
    try:
        _upgrade_from_release(
            engine,
            db_url,
            "0003",
            lambda conn: {"provenance", "review_notes"}.isdisjoint(inspect(conn).get_table_names()),
        )
        # The new tables work, and a gold set's provenance goes with the set.
        from annotator.store.repository import provenance_t

        with engine.begin() as conn:
            conn.execute(update(sets_t).values(kind="gold"))
            conn.execute(
                insert(provenance_t).values(set_id=1, kind="span", key="s1", field="", origin="accepted",
                                            coders=["amal"], decided_by="rita",
                                            decided_at=dt.datetime(2024, 7, 1, tzinfo=dt.UTC), strategy="")
            )  # fmt: skip
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.execute(
                insert(provenance_t).values(set_id=1, kind="span", key="s2", field="", origin="guessed", coders=[],
                                            decided_by="rita", decided_at=dt.datetime(2024, 7, 1, tzinfo=dt.UTC))
            )  # fmt: skip
        with engine.begin() as conn:
            conn.execute(delete(sets_t))
            assert conn.execute(select(func.count()).select_from(provenance_t)).scalar() == 0
    finally:
        engine.dispose()


# ---------------------------------------------------------------- 0004 -> 0005 (project gazetteer) on a database with data


def test_0005_upgrades_a_0004_database_keeping_every_row(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from annotator.store.repository import gazetteer_places_t

    monkeypatch.setattr(schema, "backup_database", lambda url, reason: None)
    engine = make_engine(db_url)
    try:
        _upgrade_from_release(
            engine, db_url, "0004", lambda conn: "gazetteer_places" not in inspect(conn).get_table_names()
        )
        with engine.begin() as conn:
            conn.execute(
                insert(gazetteer_places_t).values(source="SY.txt", geonameid=None, name="Qesirdib",
                                                  alternate_names="", country="SY", admin1="Al-Hasakah",
                                                  admin2="", admin3="", latitude=37.1, longitude=42.1,
                                                  population=0, feature="village")
            )  # fmt: skip
        with engine.connect() as conn:
            assert conn.execute(select(gazetteer_places_t.c.name)).scalars().all() == ["Qesirdib"]
    finally:
        engine.dispose()


# ---------------------------------------------------------------- 0005 -> 0006 (text shape) on a database with data


def test_0006_upgrades_a_0005_database_keeping_every_row(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The articles gain two empty columns (their texts' shape is worked out when opened), every row
    is kept, and a long article stored after the upgrade has its shape stored with it."""
    from annotator.domain.text import content_hash
    from annotator.domain.text_shape import SHAPE_FROM, TextShape
    from annotator.store.repository import insert_articles

    monkeypatch.setattr(schema, "backup_database", lambda url, reason: None)
    engine = make_engine(db_url)
    try:
        _upgrade_from_release(
            engine,
            db_url,
            "0005",
            lambda conn: "astral_at" not in {c["name"] for c in inspect(conn).get_columns("articles")},
        )
        with engine.connect() as conn:
            assert conn.execute(select(articles_t.c.astral_at, articles_t.c.may_rtl)).all() == [(None, None)]
        text = "Protesters 🪧 in Juba; قوات الأمن.\n" * (SHAPE_FROM // 30)
        with engine.begin() as conn:
            insert_articles(conn, [{"id": 2, "external_id": "long", "title": "", "text": text, "source": "", "url": "",
                                    "language": "", "meta": {}, "content_hash": content_hash(text),
                                    "created_at": dt.datetime(2024, 6, 5, tzinfo=dt.UTC)}])  # fmt: skip
        with engine.connect() as conn:
            stored = conn.execute(
                select(articles_t.c.astral_at, articles_t.c.may_rtl).where(articles_t.c.external_id == "long")
            ).one()
        assert TextShape.from_columns(*stored, text=text) == TextShape.of(text)
    finally:
        engine.dispose()
