"""Schema versions: create, check and upgrade a database through Alembic, from code.

Policy (as in long-lived desktop file formats): a database written by a newer Annotator is refused
with a clear message; an older one is backed up, then upgraded; an empty one is created.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect

from annotator.domain.errors import UserError
from annotator.store.backup import backup_database
from annotator.store.engine import make_engine

MIGRATIONS = Path(__file__).parent / "migrations"


class SchemaStatus(StrEnum):
    EMPTY = "empty"
    CURRENT = "current"
    OLDER = "older"
    NEWER = "newer"
    FOREIGN = "foreign"


@dataclass(frozen=True)
class SchemaState:
    status: SchemaStatus
    current: str | None
    head: str

    def describe(self) -> str:
        match self.status:
            case SchemaStatus.EMPTY:
                return "empty database: Annotator will create its tables"
            case SchemaStatus.CURRENT:
                return f"schema {self.current} is current"
            case SchemaStatus.OLDER:
                return f"schema {self.current} is older than {self.head}: run 'annotator db upgrade'"
            case SchemaStatus.NEWER:
                return (
                    f"schema {self.current} was written by a newer version of Annotator "
                    f"(this version knows up to {self.head}); update Annotator to open it"
                )
            case SchemaStatus.FOREIGN:
                return "the database has tables but no Annotator schema version: it is not an Annotator database"
        raise AssertionError(self.status)


def _alembic_config(connection: Connection | None = None):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def _script():  # type: ignore[no-untyped-def]
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config())


def head_revision() -> str:
    head = _script().get_current_head()
    assert head is not None
    return str(head)


def known_revisions() -> set[str]:
    return {rev.revision for rev in _script().walk_revisions()}


def inspect_schema(engine: Engine) -> SchemaState:
    from alembic.runtime.migration import MigrationContext

    head = head_revision()
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
        tables = set(inspect(conn).get_table_names())
    if current is None:
        status = SchemaStatus.FOREIGN if tables - {"alembic_version"} else SchemaStatus.EMPTY
    elif current == head:
        status = SchemaStatus.CURRENT
    elif current in known_revisions():
        status = SchemaStatus.OLDER
    else:
        status = SchemaStatus.NEWER
    return SchemaState(status, current, head)


def upgrade(engine: Engine, url: str) -> Path | None:
    """Bring the schema to head. Returns the backup taken first, if the database held data."""
    from alembic import command

    state = inspect_schema(engine)
    if state.status in (SchemaStatus.NEWER, SchemaStatus.FOREIGN):
        raise UserError(f"{_where(url)}: {state.describe()}")
    if state.status == SchemaStatus.CURRENT:
        return None
    backup = None
    if state.status == SchemaStatus.OLDER:
        # The backup is the way back if an upgrade step fails half-way on SQLite, where DDL
        # cannot always be rolled back.
        backup = backup_database(url, reason=f"before-upgrade-from-{state.current}")
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        try:
            if sqlite:
                # A migration in batch mode rebuilds a table: with foreign keys on, dropping the old
                # table would cascade into the rows that refer to it (evidence of events). SQLite's
                # own recipe: foreign keys off, change, check, commit; they cannot be switched
                # inside a transaction, hence before it.
                conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
                conn.commit()
            with conn.begin():
                command.upgrade(_alembic_config(conn), "head")
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all() if sqlite else []
                if broken:
                    kept = f"; the database as it was is in {backup}" if backup else ""
                    raise UserError(
                        f"{_where(url)}: after the upgrade {len(broken)} row(s) of table '{broken[0][0]}' "
                        f"refer to rows that do not exist{kept}"
                    )
        finally:
            if sqlite:
                conn.invalidate()  # the pool opens a fresh connection, with foreign keys on again
    return backup


# The newest revision in migrations/versions, so that opening a current database need not load
# Alembic (a quarter of a second of start-up). A test checks it against Alembic's own head.
HEAD_REVISION = "0006"


def _is_current(engine: Engine) -> bool:
    """Quick check without Alembic: the database is at ``HEAD_REVISION`` (False: ask Alembic)."""
    from sqlalchemy import text

    with engine.connect() as conn:
        try:
            return bool(conn.scalar(text("SELECT version_num FROM alembic_version")) == HEAD_REVISION)
        except Exception:  # no such table yet (a new database): Alembic decides
            conn.rollback()
            return False


def open_database(url: str, **engine_options: object) -> Engine:
    """An engine on a database at the current schema: created, or backed up and upgraded, as needed.
    ``engine_options`` go to ``make_engine`` (a server password in ``connect_args``)."""
    from annotator.store.server import explain

    engine = make_engine(url, **engine_options)
    try:
        if not _is_current(engine):
            upgrade(engine, url)
    except UserError:
        engine.dispose()
        raise
    except Exception as exc:
        engine.dispose()
        problem = explain(exc, url)
        if problem is not None:
            raise problem from None
        raise UserError(f"{_where(url)}: cannot open the database: {_reason(exc)}") from exc
    return engine


def _where(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _reason(exc: Exception) -> str:
    orig = getattr(exc, "orig", None)
    return str(orig or exc).strip().splitlines()[0]
