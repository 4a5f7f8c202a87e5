"""The codebook belongs to the project: stored in its database, versioned, one for every window.

Each ``codebook set`` stores a new version (the TOML text as given, so ``export`` gives it back
unchanged) with what changed from the one before. A change that would orphan coded values (a label,
event type, sub-event type, country or actor type that is removed while annotations use it) is
refused, listing where the values are used. A project opened without a stored codebook stores the
one it is opened with (the shipped ACLED codebook unless ``--codebook`` names another); from then on
that is the project's, and opening it with a different file is refused.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, and_, func, or_, select
from sqlalchemy.exc import DBAPIError

from annotator.domain.codebook import Codebook, load_codebook, parse_codebook
from annotator.domain.errors import CodebookError, UserError
from annotator.store.repository import (
    acting_user,
    articles_t,
    codebooks_t,
    coders_t,
    events_t,
    insert_ignoring_duplicates,
    sets_t,
    spans_t,
)
from annotator.store.retry import run_transaction, sqlstate

_SHOWN = 5  # places listed per orphaned value


@dataclass(frozen=True)
class StoredCodebook:
    version: int
    codebook: Codebook
    source: str
    digest: str
    created_at: dt.datetime
    created_by: str
    changes: str


def digest_of(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def parse_source(source: str, where: str) -> Codebook:
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        raise CodebookError(where, [f"is not valid TOML: {exc}"]) from None
    return parse_codebook(data, where)


def latest(conn: Connection) -> StoredCodebook | None:
    row = conn.execute(select(codebooks_t).order_by(codebooks_t.c.version.desc()).limit(1)).first()
    if row is None:
        return None
    book = parse_source(row.source, f"the project's codebook (version {row.version})")
    return StoredCodebook(row.version, book, row.source, row.digest, row.created_at, row.created_by, row.changes)


def current_version(engine: Engine) -> int | None:
    """The version in force (cheap: a window asks it when told the codebooks changed)."""
    with engine.connect() as conn:
        found = conn.scalar(select(func.max(codebooks_t.c.version)))
    return None if found is None else int(found)


def refresh(project: Any) -> bool:
    """Load a newer stored codebook into an open project (a window calls this when told the codebooks
    changed); True if it changed."""
    version = current_version(project.engine)
    if version is None or version == project.codebook_version:
        return False
    with project.engine.connect() as conn:
        stored = latest(conn)
    if stored is None:
        return False
    project.codebook, project.codebook_version = stored.codebook, stored.version
    return True


def history(engine: Engine) -> list[tuple[int, dt.datetime, str, str]]:
    with engine.connect() as conn:
        return [
            (r.version, r.created_at, r.created_by, r.changes)
            for r in conn.execute(
                select(
                    codebooks_t.c.version, codebooks_t.c.created_at, codebooks_t.c.created_by, codebooks_t.c.changes
                ).order_by(codebooks_t.c.version)
            )
        ]


def project_codebook(engine: Engine, explicit: Path | None, default: Path) -> tuple[Codebook, int | None]:
    """The codebook a project is opened with, and its stored version (None: not stored, as when a
    coder opens a server project whose lead has not stored one yet)."""
    given = load_codebook(explicit) if explicit is not None else None
    with engine.connect() as conn:
        stored = latest(conn)
    if stored is not None:
        if given is not None and given != stored.codebook:
            raise UserError(
                f"{explicit}: this project keeps its own codebook ('{stored.codebook.name}', version "
                f"{stored.version}), which differs from this file; open the project without --codebook, or have "
                "a lead change it with 'annotator codebook set FILE'"
            )
        return stored.codebook, stored.version
    path = explicit or default
    source = _read(path)
    book = given if given is not None else parse_source(source, str(path))
    try:
        version = run_transaction(engine, lambda conn: _store_first(conn, book, source))
    except DBAPIError as exc:
        if sqlstate(exc) != "42501":  # a role that may not store it: use the file, a lead stores it
            raise
        version = None
    return book, version


def _store_first(conn: Connection, book: Codebook, source: str) -> int:
    conn.execute(
        insert_ignoring_duplicates(conn, codebooks_t),
        [
            {
                "version": 1,
                "name": book.name,
                "source": source,
                "digest": digest_of(source),
                "created_at": dt.datetime.now(dt.UTC),
                "created_by": acting_user(conn),
                "changes": "first version",
            }
        ],
    )
    return 1


@dataclass(frozen=True)
class Changed:
    version: int | None  # None: identical to the stored one, nothing stored
    changes: list[str]


def set_codebook(engine: Engine, path: str | Path, *, dry_run: bool = False) -> Changed:
    """Store ``path`` as the project's new codebook (leads only on a server), or say why not."""
    path = Path(path)
    source = _read(path)
    book = parse_source(source, str(path))

    def body(conn: Connection) -> Changed:
        stored = latest(conn)
        if stored is not None and stored.codebook == book:
            return Changed(None, [])
        changes = diff(stored.codebook, book) if stored is not None else ["first version"]
        if stored is not None:
            problems = orphans(conn, stored.codebook, book)
            if problems:
                lines = "\n".join(f"  - {p}" for p in problems)
                raise UserError(f"{path}: this codebook would orphan coded values; nothing was changed:\n{lines}")
        if dry_run:
            return Changed(None, changes)
        version = (stored.version if stored else 0) + 1
        conn.execute(
            codebooks_t.insert().values(
                version=version,
                name=book.name,
                source=source,
                digest=digest_of(source),
                created_at=dt.datetime.now(dt.UTC),
                created_by=acting_user(conn),
                changes="\n".join(changes),
            )
        )
        return Changed(version, changes)

    from annotator.services.permissions import as_user_errors

    return as_user_errors(lambda: run_transaction(engine, body))


def export_codebook(engine: Engine, path: str | Path, *, version: int | None = None) -> int:
    """Write the stored TOML text (the latest, or ``version``) to ``path``; the version written."""
    from annotator.formats.atomic import atomic_output

    with engine.connect() as conn:
        q = select(codebooks_t.c.version, codebooks_t.c.source)
        q = q.where(codebooks_t.c.version == version) if version else q.order_by(codebooks_t.c.version.desc())
        row = conn.execute(q.limit(1)).first()
    if row is None:
        raise UserError("this project has no stored codebook" + (f" version {version}" if version else ""))
    with atomic_output(path, newline="") as handle:
        handle.write(row.source)
    return int(row.version)


# ---------------------------------------------------------------- what changed, what would be orphaned


def diff(old: Codebook, new: Codebook) -> list[str]:
    """What changed, one line each: '+' added, '-' removed, '~' changed."""
    out: list[str] = []
    if (old.name, old.version) != (new.name, new.version):
        out.append(
            f"~ codebook '{old.name}' {old.version or ''} -> '{new.name}' {new.version or ''}".replace("  ", " ")
        )
    _compare(out, "label", {lb.name: lb for lb in old.labels}, {lb.name: lb for lb in new.labels})
    _compare(out, "event type", old.event_type_by_name, new.event_type_by_name, ignore=("sub_event_types",))
    _compare(
        out,
        "sub-event type",
        {name: pair[1] for name, pair in old.sub_event_index.items()},
        {name: pair[1] for name, pair in new.sub_event_index.items()},
    )
    for name in sorted(set(old.sub_event_index) & set(new.sub_event_index)):
        before, after = old.event_type_of(name), new.event_type_of(name)
        if before != after:
            out.append(f"~ sub-event type '{name}': moved from '{before}' to '{after}'")
    _compare(out, "actor type", {a.code: a for a in old.actor_types}, {a.code: a for a in new.actor_types})
    _compare(out, "country", {c.name: c for c in old.countries}, {c.name: c for c in new.countries})
    _compare(out, "actor", {a.name: a for a in old.actors}, {a.name: a for a in new.actors})
    for attr in ("disorder_types", "regions", "source_scales"):
        added = [v for v in getattr(new, attr) if v not in getattr(old, attr)]
        removed = [v for v in getattr(old, attr) if v not in getattr(new, attr)]
        what = attr.replace("_", " ").rstrip("s")
        out += [f"+ {what} '{v}'" for v in added] + [f"- {what} '{v}'" for v in removed]
    return out


def _compare(out: list[str], what: str, old: dict, new: dict, ignore: tuple[str, ...] = ()) -> None:
    for key in new:
        if key not in old:
            out.append(f"+ {what} '{key}'")
    for key in old:
        if key not in new:
            out.append(f"- {what} '{key}'")
    for key in old:
        if key in new and old[key] != new[key]:
            a, b = dataclasses.asdict(old[key]), dataclasses.asdict(new[key])
            for name in ignore:
                a.pop(name, None)
                b.pop(name, None)
            fields = [f for f in a if a[f] != b.get(f)]
            if fields:
                out.append(f"~ {what} '{key}': {', '.join(fields)} changed")


def orphans(conn: Connection, old: Codebook, new: Codebook) -> list[str]:
    """Values the annotations use that ``new`` no longer has, each with where it is used."""
    problems: list[str] = []
    where = select(articles_t.c.external_id, coders_t.c.name, sets_t.c.kind)
    for label in sorted(set(old.label_names) - set(new.label_names)):
        q = (
            where.add_columns(spans_t.c.key)
            .select_from(spans_t.join(sets_t, sets_t.c.id == spans_t.c.set_id))
            .join(articles_t, articles_t.c.id == sets_t.c.article_id)
            .join(coders_t, coders_t.c.id == sets_t.c.coder_id)
            .where(spans_t.c.label == label)
        )
        _used(conn, problems, f"label '{label}' is removed but tags", "span", q)
    removed_fields = (
        ("event type", events_t.c.event_type, set(old.event_type_by_name) - set(new.event_type_by_name)),
        ("sub-event type", events_t.c.sub_event_type, set(old.sub_event_index) - set(new.sub_event_index)),
        ("country", events_t.c.country, set(old.country_by_name) - set(new.country_by_name)),
    )
    for what, column, values in removed_fields:
        for value in sorted(values):
            _used(
                conn, problems, f"{what} '{value}' is removed but is in", "event", _event_query(where, column == value)
            )
    for code in sorted({a.code for a in old.actor_types} - {a.code for a in new.actor_types}):
        condition = or_(events_t.c.inter1 == code, events_t.c.inter2 == code)
        _used(conn, problems, f"actor type {code} is removed but is in", "event", _event_query(where, condition))
    return problems


def _event_query(where, condition):  # type: ignore[no-untyped-def]
    return (
        where.add_columns(events_t.c.key)
        .select_from(events_t.join(sets_t, sets_t.c.id == events_t.c.set_id))
        .join(articles_t, articles_t.c.id == sets_t.c.article_id)
        .join(coders_t, coders_t.c.id == sets_t.c.coder_id)
        .where(and_(condition))
    )


def _used(conn: Connection, problems: list[str], lead: str, noun: str, query) -> None:  # type: ignore[no-untyped-def]
    total = conn.scalar(select(func.count()).select_from(query.subquery()))
    if not total:
        return
    rows = conn.execute(query.order_by(articles_t.c.external_id).limit(_SHOWN)).all()
    places = ", ".join(
        f"article {r.external_id} ({r.name}{' gold' if r.kind == 'gold' else ''}, {r.key})" for r in rows
    )
    more = f" and {total - len(rows)} more" if total > len(rows) else ""
    problems.append(f"{lead} {total} {noun}(s): {places}{more}")


def _read(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise CodebookError(str(path), [f"cannot be read: {exc.strerror}"]) from None
    except UnicodeDecodeError:
        raise CodebookError(str(path), ["is not UTF-8 text"]) from None
