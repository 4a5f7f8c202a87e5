"""Database health: schema version, integrity, and what the database holds."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.exc import DatabaseError

from annotator.domain.errors import UserError
from annotator.store.database_file import existing_database, integrity_problems
from annotator.store.engine import make_engine, resolve_url, sqlite_path
from annotator.store.repository import articles_t, events_t, sets_t, spans_t
from annotator.store.schema import SchemaStatus, inspect_schema


@dataclass
class CheckReport:
    ok: bool = True
    lines: list[str] = field(default_factory=list)


def check_database(db: str | None) -> CheckReport:
    """What the database is and holds. A path that is not an Annotator database (missing, a folder,
    another kind of file) is refused with a UserError and nothing is created; a damaged one gets
    "damaged: page N ..." lines and ``ok`` False, checked read only before the app opens it."""
    url = resolve_url(db)
    file = sqlite_path(url)
    existing_database(file)
    report = CheckReport()
    if file is not None:
        problems = integrity_problems(file)
        if problems:
            report.ok = False
            report.lines.append(f"Database: {file}")
            report.lines += [f"Integrity: damaged: {p}" for p in problems]
            return report
    engine = make_engine(url)
    try:
        _check(engine, report, sqlite=file is not None)
    except DatabaseError as exc:
        if file is None:
            raise  # a server's errors are not damage to a file
        raise UserError(f"{file}: damaged: {exc.orig}") from None
    finally:
        engine.dispose()
    return report


def _check(engine: Any, report: CheckReport, *, sqlite: bool) -> None:
    state = inspect_schema(engine)
    report.lines.append(f"Database: {engine.url.render_as_string(hide_password=True)}")
    report.lines.append(f"Schema: {state.describe()}")
    if state.status != SchemaStatus.CURRENT:
        report.ok = state.status == SchemaStatus.EMPTY
        return
    with engine.connect() as conn:
        if sqlite:
            result = conn.execute(text("PRAGMA integrity_check")).scalar()
            report.lines.append(f"Integrity: {result}")
            report.ok = result == "ok"
        for name, table in (
            ("articles", articles_t),
            ("annotation sets", sets_t),
            ("spans", spans_t),
            ("events", events_t),
        ):
            count = conn.scalar(select(func.count()).select_from(table))
            report.lines.append(f"{name.capitalize()}: {count:,}")
