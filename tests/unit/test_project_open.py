"""Opening and creating projects (issue 14, point 2; issue 9, "Open and create projects").

Only import, demo and the app's New project create a database file: opening a missing file, a file
that is not an Annotator database or an empty SQLite database says so and leaves everything as it was.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.domain.errors import UserError
from annotator.services.project import create_project, open_project
from annotator.store import schema
from annotator.store.database_file import NotAnAnnotatorDatabase


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_new_project_creates_the_file_with_the_schema_and_never_replaces_one(tmp_path: Path) -> None:
    target = tmp_path / "new" / "events.db"
    project = create_project(target)
    try:
        assert schema.inspect_schema(project.engine).status == schema.SchemaStatus.CURRENT
        assert project.url == f"sqlite:///{target}" and project.login is None
    finally:
        project.close()
    before = target.read_bytes()
    with pytest.raises(UserError, match="already exists"):
        create_project(target)
    assert target.read_bytes() == before
    reopened = open_project(str(target), create=False)  # and Open project opens it
    reopened.close()


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("missing.db", None, "no such file"),
        ("empty.db", b"", "empty file, not an Annotator database"),
        ("notes.db", b"Minutes of the meeting\n" * 40, "not a SQLite file"),
        ("random.db", bytes(range(256)) * 16, "not a SQLite file"),
    ],
)
def test_opening_what_is_not_an_annotator_database_says_so_and_creates_nothing(
    tmp_path: Path, name: str, content: bytes | None, says: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    before = _files(tmp_path)
    with pytest.raises(NotAnAnnotatorDatabase, match=says):
        open_project(str(path), create=False)
    assert _files(tmp_path) == before  # no database, no -wal or -shm left behind, nothing rewritten


def test_another_programs_sqlite_database_is_refused_unchanged(tmp_path: Path) -> None:
    other = tmp_path / "budget.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE lines (item TEXT, amount REAL)")
        conn.execute("INSERT INTO lines VALUES ('paper', 12.5)")
    conn.close()
    empty = tmp_path / "blank.sqlite"
    sqlite3.connect(empty).execute("VACUUM").connection.close()  # a valid SQLite file with no tables
    before = _files(tmp_path)
    with pytest.raises(NotAnAnnotatorDatabase, match="another program's SQLite database"):
        open_project(str(other), create=False)
    with pytest.raises(NotAnAnnotatorDatabase, match="an empty SQLite database"):
        open_project(str(empty), create=False)
    assert _files(tmp_path) == before
    with sqlite3.connect(other) as conn:  # still in its own journal mode, not switched to WAL
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(NotAnAnnotatorDatabase, match="is a folder"):
        open_project(str(tmp_path), create=False)


def test_head_revision_constant_matches_the_migrations() -> None:
    """Opening a current database skips Alembic by comparing with HEAD_REVISION: it must be the head."""
    assert schema.head_revision() == schema.HEAD_REVISION


def test_an_older_database_is_still_upgraded_when_opened(tmp_path: Path) -> None:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    path = tmp_path / "old.db"
    # A database as the first release made it (revision 0001), not a newer one relabelled.
    config = Config()
    config.set_main_option("script_location", str(schema.MIGRATIONS))
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
    engine.dispose()
    reopened = open_project(str(path), create=False)
    try:
        assert schema.inspect_schema(reopened.engine).current == schema.HEAD_REVISION
    finally:
        reopened.close()
