"""Consistent backups of a live database: VACUUM INTO for SQLite, pg_dump for PostgreSQL."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

from annotator.domain.errors import UserError
from annotator.store.engine import data_dir, sqlite_path


def backup_dir_for(url: str) -> Path:
    path = sqlite_path(url)
    return (path.parent if path else data_dir()) / "backups"


def pg_schema(url: str) -> str | None:
    """The schema a PostgreSQL URL works in: the first of ``options=-csearch_path=...``, if given."""
    options = make_url(url).query.get("options")
    for option in [options] if isinstance(options, str) else list(options or ()):
        m = re.search(r"(?:^|\s)-c\s*search_path\s*=\s*([^\s,]+)", option)
        if m:
            return m.group(1).strip('"')
    return None


def _stamp() -> str:
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")


def backup_database(url: str, *, reason: str = "manual", target_dir: Path | None = None) -> Path:
    """Write a consistent copy of the database and return its path.

    SQLite: ``VACUUM INTO`` gives a transactionally consistent, compact copy even while the app is
    writing (copying the file itself could catch a half-written transaction or miss the WAL).
    """
    folder = target_dir or backup_dir_for(url)
    path = sqlite_path(url)
    if path is not None:
        if not path.exists():
            raise UserError(f"there is no database at {path} to back up")
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{path.stem}-{_stamp()}-{reason}.db"
        try:
            con = sqlite3.connect(path)
            try:
                con.execute("VACUUM INTO ?", (str(target),))
            finally:
                con.close()
        except sqlite3.DatabaseError as exc:
            # A damaged or foreign file: no backup is better than an empty or partial one.
            target.unlink(missing_ok=True)
            raise UserError(f"{path} cannot be backed up: it is damaged or not a database ({exc})") from None
        check = sqlite3.connect(target)
        try:
            result = check.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            check.close()
        if result != "ok":
            target.unlink(missing_ok=True)
            raise UserError(f"the backup of {path} failed its integrity check: {result}")
        return target
    folder.mkdir(parents=True, exist_ok=True)
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        raise UserError(f"backups are not supported for {parsed.get_backend_name()} databases")
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise UserError("pg_dump was not found; install the PostgreSQL client tools to back up a server database")
    schema = pg_schema(url)
    name = f"{parsed.database}-{schema}" if schema else str(parsed.database)
    target = folder / f"{name}-{_stamp()}-{reason}.sql"
    cmd = [pg_dump, "--no-owner", "--file", str(target), "--dbname", parsed.database or ""]
    if schema:
        # The project lives in this schema (the URL's search_path): dump it alone, not every
        # project sharing the database.
        cmd += ["--schema", schema]
    if parsed.host:
        cmd += ["--host", parsed.host]
    if parsed.port:
        cmd += ["--port", str(parsed.port)]
    if parsed.username:
        cmd += ["--username", parsed.username]
    env = None
    if parsed.password:
        import os

        env = {**os.environ, "PGPASSWORD": parsed.password}
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        target.unlink(missing_ok=True)
        raise UserError(f"pg_dump failed: {done.stderr.strip()}")
    return target
