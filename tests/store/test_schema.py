"""Schema policy: create, refuse newer or foreign databases, back up then upgrade older ones."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from annotator.domain.errors import UserError
from annotator.store import schema
from annotator.store.backup import backup_database
from annotator.store.engine import make_engine, normalise_url, resolve_url
from annotator.store.schema import SchemaStatus, inspect_schema, open_database


def test_new_database_is_created_at_head(db_url: str) -> None:
    engine = open_database(db_url)
    try:
        state = inspect_schema(engine)
        assert state.status == SchemaStatus.CURRENT and state.current == schema.head_revision()
    finally:
        engine.dispose()


def test_newer_database_is_refused_with_a_clear_message(db_url: str) -> None:
    engine = open_database(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(UserError, match="newer version of Annotator"):
        open_database(db_url)


def test_foreign_database_is_refused(sqlite_url: str, tmp_path: Path) -> None:
    con = sqlite3.connect(tmp_path / "annotator.db")
    con.execute("CREATE TABLE notes (id INTEGER)")
    con.close()
    with pytest.raises(UserError, match="not an Annotator database"):
        open_database(sqlite_url)


def test_sqlite_connections_use_wal_foreign_keys_and_full_sync(sqlite_url: str) -> None:
    engine = open_database(sqlite_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
    finally:
        engine.dispose()


def test_older_database_is_backed_up_then_upgraded(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = open_database(sqlite_url)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO coders (name, role) VALUES ('amal', 'coder')"))
    engine.dispose()
    # A future release: the same migrations plus one that adds a column.
    head = schema.head_revision()
    migrations = tmp_path / "migrations"
    shutil.copytree(schema.MIGRATIONS, migrations)
    (migrations / "versions" / "9999_add_coder_email.py").write_text(
        '"""add coder email"""\n'
        "import sqlalchemy as sa\nfrom alembic import op\n\n"
        f"revision = '9999'\ndown_revision = '{head}'\nbranch_labels = None\ndepends_on = None\n\n\n"
        "def upgrade():\n"
        "    with op.batch_alter_table('coders') as batch:\n"
        "        batch.add_column(sa.Column('email', sa.String(), nullable=True))\n\n\n"
        "def downgrade():\n"
        "    with op.batch_alter_table('coders') as batch:\n"
        "        batch.drop_column('email')\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(schema, "MIGRATIONS", migrations)
    engine = make_engine(sqlite_url)
    assert inspect_schema(engine).status == SchemaStatus.OLDER
    backup = schema.upgrade(engine, sqlite_url)
    assert inspect_schema(engine).current == "9999"
    with engine.connect() as conn:
        assert conn.execute(text("SELECT name, email FROM coders")).one() == ("amal", None)
    engine.dispose()
    assert backup is not None and backup.exists()
    old = sqlite3.connect(backup)
    assert old.execute("SELECT version_num FROM alembic_version").fetchone() == (head,)
    assert old.execute("SELECT name FROM coders").fetchall() == [("amal",)]
    old.close()


def test_backup_is_a_consistent_copy(sqlite_url: str, tmp_path: Path) -> None:
    engine = open_database(sqlite_url)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO coders (name, role) VALUES ('bilal', 'lead')"))
    path = backup_database(sqlite_url, target_dir=tmp_path / "b")
    engine.dispose()
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert con.execute("SELECT name FROM coders").fetchall() == [("bilal",)]
    con.close()


def _pg_rows(conninfo: str, schema: str) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table in ``schema``, in a stable order."""
    import psycopg

    with psycopg.connect(conninfo) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = %s ORDER BY 1", (schema,)
            )
        ]
        return {t: conn.execute(f'SELECT * FROM "{schema}"."{t}" ORDER BY 1').fetchall() for t in tables}


def test_postgres_backup_restores_the_projects_schema_row_for_row(pg_url: str, pg_schemas: Any, tmp_path: Path) -> None:
    if shutil.which("pg_dump") is None or shutil.which("psql") is None:
        pytest.skip("the PostgreSQL client tools are not installed")
    import psycopg

    from annotator.services.importing import import_paths
    from annotator.services.project import open_project
    from tests.fixtures.interchange import awkward_records, write_jsonl

    schema = pg_url.rsplit("search_path%3D", 1)[1]
    other = pg_schemas.new_url().rsplit("search_path%3D", 1)[1]  # another project in the same database
    project = open_project(pg_url)
    try:
        report = import_paths(project, [write_jsonl(tmp_path / "in.jsonl", awkward_records())])
    finally:
        project.close()
    assert report.added == 4 and report.annotation_sets == 5
    plain = pg_schemas.plain
    before = _pg_rows(plain, schema)
    assert len(before["articles"]) == 4 and len(before["spans"]) > 5 and len(before["events"]) > 1

    path = backup_database(pg_url, target_dir=tmp_path)
    dump = path.read_text(encoding="utf-8")
    assert path.exists() and "PostgreSQL database dump" in dump
    assert f"CREATE SCHEMA {schema};" in dump and other not in dump  # this project only

    restored = f"restore_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{restored}"')
    try:
        target = plain.rsplit("/", 1)[0] + f"/{restored}"
        done = subprocess.run(
            ["psql", "--no-psqlrc", "--quiet", "-v", "ON_ERROR_STOP=1", "--dbname", target, "--file", str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        after = _pg_rows(target, schema)
        assert after == before
        with psycopg.connect(target) as conn:
            texts = dict(conn.execute(f'SELECT external_id, text FROM "{schema}".articles').fetchall())
        assert texts["emoji-1"].startswith("👩‍👩‍👧 Families") and "\r" not in texts["crlf-1"]
        engine = open_database(
            f"postgresql+psycopg{target.removeprefix('postgresql')}?options=-csearch_path%3D{schema}"
        )
        try:
            assert inspect_schema(engine).status == SchemaStatus.CURRENT
        finally:
            engine.dispose()
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')


def test_url_resolution_order(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ANNOTATOR_DB", str(tmp_path / "env.db"))
    assert resolve_url(str(tmp_path / "flag.db")).endswith("flag.db")
    assert resolve_url(None).endswith("env.db")
    assert resolve_url(None, demo=True).endswith("demo.db")
    monkeypatch.delenv("ANNOTATOR_DB")
    assert resolve_url(None).endswith("annotator/annotator.db")
    assert normalise_url("postgresql://u@h/db").startswith("postgresql+psycopg://")
    with pytest.raises(UserError, match="not a database URL Annotator supports"):
        normalise_url("nonsense://")
