"""The tables themselves: moments stored and read back in UTC on both backends, and declared in
plain Core, so that opening a project loads neither the ORM nor SQLModel."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import insert, select
from sqlalchemy.exc import StatementError

from annotator.store.schema import open_database
from annotator.store.tables import codebooks_t

ROOT = Path(__file__).resolve().parents[2]


def _codebook_row(version: int, **values: object) -> dict[str, object]:
    return {"version": version, "name": "c", "source": "", "digest": "d", "changes": "", **values}


def test_moments_are_stored_and_read_back_in_utc(db_url: str) -> None:
    engine = open_database(db_url)
    try:
        kyiv = dt.datetime(2024, 3, 5, 14, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
        before = dt.datetime.now(dt.UTC)
        with engine.begin() as conn:
            conn.execute(insert(codebooks_t), _codebook_row(1, created_at=kyiv))
            conn.execute(insert(codebooks_t), _codebook_row(2))
        with engine.connect() as conn:
            given, defaulted = conn.execute(select(codebooks_t.c.created_at).order_by(codebooks_t.c.version)).scalars()
        # The same moment, in UTC, whether the database keeps the zone (PostgreSQL) or not (SQLite).
        assert given == kyiv and given.tzinfo is dt.UTC and given.hour == 12
        # Omitted: the moment of the insert, in UTC.
        assert defaulted.tzinfo is dt.UTC and before <= defaulted <= dt.datetime.now(dt.UTC)
    finally:
        engine.dispose()


def test_a_moment_without_a_zone_is_refused(db_url: str) -> None:
    engine = open_database(db_url)
    try:
        with pytest.raises(StatementError, match="without a time zone"), engine.begin() as conn:
            conn.execute(insert(codebooks_t), [_codebook_row(1, created_at=dt.datetime(2024, 3, 5, 14, 30))])
        with engine.connect() as conn:
            assert conn.execute(select(codebooks_t.c.version)).first() is None
    finally:
        engine.dispose()


def test_opening_a_project_loads_neither_the_orm_nor_sqlmodel(tmp_path: Path) -> None:
    """The app's database worker opens the project before the first article can show: the ORM and
    SQLModel (the tables' declarations once) would add ~150 ms of imports there."""
    from annotator.services.project import open_project

    url = f"sqlite:///{tmp_path / 'p.db'}"
    open_project(url).close()  # (creating it runs the migrations, which do import SQLModel)
    script = (
        "import sys\nfrom annotator.services.project import open_project\n"
        f"open_project({url!r}, create=False).close()\n"
        "print(sorted(m for m in sys.modules if m == 'sqlmodel' or m.startswith(('sqlmodel.', 'sqlalchemy.orm'))))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    shown = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env)
    assert shown.stdout.strip() == "[]"
