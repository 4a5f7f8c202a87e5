"""Schema policy: create, refuse newer or foreign databases, back up then upgrade older ones."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

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


def test_postgres_backup_uses_pg_dump(pg_url: str, tmp_path: Path) -> None:
    if shutil.which("pg_dump") is None:
        pytest.skip("pg_dump not installed")
    engine = open_database(pg_url)
    engine.dispose()
    base = pg_url.split("?")[0]
    path = backup_database(base, target_dir=tmp_path)
    assert path.exists() and "PostgreSQL database dump" in path.read_text(encoding="utf-8")


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
