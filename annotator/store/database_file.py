"""Is this file an Annotator database? Asked before opening one, so that opening never creates or
changes a file that is not (a mistyped path, a spreadsheet, another program's SQLite database).

The check reads only: the first 16 bytes, then the table names through a plain sqlite3 connection
with none of the app's pragmas (switching another program's database to WAL would change it).
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from annotator.domain.errors import UserError

SQLITE_MAGIC = b"SQLite format 3\x00"


class NotAnAnnotatorDatabase(UserError):
    """The file exists but holds no Annotator project (or no file is there at all)."""


def check_annotator_file(path: Path) -> None:
    """Raise ``NotAnAnnotatorDatabase`` unless ``path`` is a SQLite file with an Annotator schema (any
    version: older ones are upgraded when opened, newer ones refused by the schema check)."""
    if not path.exists():
        raise NotAnAnnotatorDatabase(f"{path}: no such file")
    if path.is_dir():
        raise NotAnAnnotatorDatabase(f"{path} is a folder, not an Annotator database")
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise UserError(f"{path}: cannot be read: {exc.strerror}") from None
    if not head:
        raise NotAnAnnotatorDatabase(f"{path} is an empty file, not an Annotator database")
    if head != SQLITE_MAGIC:
        raise NotAnAnnotatorDatabase(f"{path} is not an Annotator database (it is not a SQLite file)")
    try:
        conn = sqlite3.connect(path)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise NotAnAnnotatorDatabase(f"{path} is damaged or not an Annotator database: {exc}") from None
    if "alembic_version" not in tables or "articles" not in tables:
        what = "another program's SQLite database" if tables else "an empty SQLite database"
        raise NotAnAnnotatorDatabase(f"{path} is not an Annotator database ({what})")


def existing_database(url_path: Path | None) -> None:
    """For the commands that work on a project (``db check|backup|upgrade``, ``articles``): a SQLite
    path must already hold an Annotator database; only import, demo and New project create one."""
    if url_path is not None:
        check_annotator_file(url_path)


def integrity_problems(path: Path, limit: int = 10) -> list[str]:
    """SQLite's integrity check of ``path``: [] when it is sound, else what is damaged ("page 7: ...")
    as SQLite reports it (at most ``limit`` lines). A plain connection that writes nothing: a
    read-only one would leave the -wal and -shm files of a WAL database behind."""
    try:
        conn = sqlite3.connect(path)
        try:
            rows = [str(r[0]) for r in conn.execute(f"PRAGMA integrity_check({int(limit)})")]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    if rows == ["ok"]:
        return []
    lines = [line for row in rows for line in row.splitlines()]
    return [_tidy(line) for line in lines if line.strip() and not line.startswith("*** in database")][:limit]


def _tidy(problem: str) -> str:
    # "Tree 5 page 7 cell 0: ..." / "Page 7: ..." -> "page 7: ..." first, so the page shows.
    if problem.startswith("Page "):
        return "p" + problem[1:]
    found = re.search(r"[Pp]age (\d+)", problem)
    return f"page {found.group(1)}: {problem}" if found else problem
