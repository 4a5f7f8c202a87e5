"""Database health: schema version, integrity, and what the database holds."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select, text

from annotator.store.engine import is_sqlite, make_engine, resolve_url
from annotator.store.repository import articles_t, events_t, sets_t, spans_t
from annotator.store.schema import SchemaStatus, inspect_schema


@dataclass
class CheckReport:
    ok: bool = True
    lines: list[str] = field(default_factory=list)


def check_database(db: str | None) -> CheckReport:
    url = resolve_url(db)
    report = CheckReport()
    engine = make_engine(url)
    try:
        state = inspect_schema(engine)
        report.lines.append(f"Database: {engine.url.render_as_string(hide_password=True)}")
        report.lines.append(f"Schema: {state.describe()}")
        if state.status != SchemaStatus.CURRENT:
            report.ok = state.status == SchemaStatus.EMPTY
            return report
        with engine.connect() as conn:
            if is_sqlite(url):
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
    finally:
        engine.dispose()
    return report
