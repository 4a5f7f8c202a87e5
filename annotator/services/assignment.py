"""Assignment: which articles each coder codes.

``plan`` works out, without writing, what ``assign`` would do (the dialog's preview shows its counts
per coder); ``assign`` writes that plan in one transaction. Each article gets ``per_article``
distinct coders, each coder an equal share (within one) of this run's new assignments, and the same
inputs with the same seed give the same plan. An article already assigned keeps its coders and is
only topped up to ``per_article``, so running the same command twice assigns nothing twice.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, and_, delete, select

from annotator.domain.errors import UserError
from annotator.domain.models import SetStatus
from annotator.services.catalogue import article_status
from annotator.services.project import Project
from annotator.store.repository import (
    acting_user,
    articles_t,
    assignments_t,
    coder_names,
    coders_t,
    insert_ignoring_duplicates,
    sets_t,
)
from annotator.store.retry import run_transaction


@dataclass(frozen=True)
class Selection:
    """Which articles an assignment covers: all, or those with these external ids, or this status,
    the first ``limit`` of them in import order."""

    ids: tuple[str, ...] | None = None
    status: SetStatus | None = None
    limit: int | None = None
    ids_source: str = ""  # the file the ids came from, named when one of them is not in the database


@dataclass
class Plan:
    batch: str
    per_article: int
    coders: tuple[str, ...]
    pairs: list[tuple[int, str]] = field(default_factory=list)  # (article id, coder) to add
    articles: int = 0  # articles selected
    already_full: int = 0  # of those, articles that had enough coders already

    @property
    def per_coder(self) -> dict[str, int]:
        counts = Counter(coder for _, coder in self.pairs)
        return {c: counts.get(c, 0) for c in self.coders}

    def summary(self) -> str:
        shares = ", ".join(f"{c} {n}" for c, n in self.per_coder.items())
        text = f"{len(self.pairs)} assignment(s) on {len({a for a, _ in self.pairs})} article(s): {shares}"
        if self.already_full:
            text += f"; {self.already_full} article(s) already had {self.per_article} coder(s)"
        return text


def selection_from_file(path: str | Path, *, status: SetStatus | None = None, limit: int | None = None) -> Selection:
    """The articles an ids file lists (``--ids FILE``), a missing one reported under the file's name."""
    return Selection(ids=read_ids_file(path), status=status, limit=limit, ids_source=str(path))


def read_ids_file(path: str | Path) -> tuple[str, ...]:
    """External article ids, one a line (blank lines and lines starting with # are skipped)."""
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8-sig").splitlines()
    except OSError as exc:
        raise UserError(f"{p}: cannot be read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise UserError(f"{p}: is not UTF-8 text") from None
    ids = tuple(dict.fromkeys(s for line in lines if (s := line.strip()) and not s.startswith("#")))
    if not ids:
        raise UserError(f"{p}: names no articles")
    return ids


def plan(
    project: Project,
    coders: Sequence[str],
    per_article: int,
    *,
    batch: str = "",
    selection: Selection = Selection(),
    seed: int = 0,
) -> Plan:
    with project.engine.connect() as conn:
        return _plan(conn, coders, per_article, batch, selection, seed)


def assign(
    project: Project,
    coders: Sequence[str],
    per_article: int,
    *,
    batch: str = "",
    selection: Selection = Selection(),
    seed: int = 0,
    by: str = "",
) -> Plan:
    """Write the plan (one transaction); what was assigned."""

    def body(conn: Connection) -> Plan:
        found = _plan(conn, coders, per_article, batch, selection, seed)
        ids = _coder_ids(conn, found.coders)
        who = by or acting_user(conn)
        now = dt.datetime.now(dt.UTC)
        rows = [
            {"article_id": a, "coder_id": ids[c], "batch": batch, "assigned_at": now, "assigned_by": who}
            for a, c in found.pairs
        ]
        for start in range(0, len(rows), 5000):
            conn.execute(insert_ignoring_duplicates(conn, assignments_t), rows[start : start + 5000])
        return found

    return _permission(lambda: run_transaction(project.engine, body))


@dataclass
class Unassigned:
    removed: dict[str, int]
    kept_started: dict[str, int]  # assignments kept because the coder has started (or finished) the article

    def summary(self) -> str:
        text = f"Took back {sum(self.removed.values())} assignment(s)"
        if any(self.removed.values()):
            text += " (" + ", ".join(f"{c} {n}" for c, n in self.removed.items() if n) + ")"
        kept = sum(self.kept_started.values())
        if kept:
            text += f"; kept {kept} the coder has already started (--include-started takes them back too)"
        return text + "."


def unassign(
    project: Project,
    coders: Sequence[str],
    *,
    batch: str | None = None,
    ids: Sequence[str] | None = None,
    include_started: bool = False,
    ids_source: str = "",
) -> Unassigned:
    """Take work back. Articles a coder has started stay theirs unless ``include_started``; their
    annotations are never deleted."""

    def body(conn: Connection) -> Unassigned:
        coder_id = _coder_ids(conn, _distinct(coders))
        article_ids = _article_ids(conn, ids, ids_source) if ids is not None else None
        removed: dict[str, int] = {}
        kept: dict[str, int] = {}
        for name, cid in coder_id.items():
            q = select(assignments_t.c.id, assignments_t.c.article_id).where(assignments_t.c.coder_id == cid)
            if batch is not None:
                q = q.where(assignments_t.c.batch == batch)
            if article_ids is not None:
                q = q.where(assignments_t.c.article_id.in_(article_ids))
            removed[name], kept[name] = _drop(conn, cid, conn.execute(q).all(), include_started)
        return Unassigned(removed, kept)

    return _permission(lambda: run_transaction(project.engine, body))


def take_back(project: Project, done: Plan) -> Unassigned:
    """Undo an ``assign``: remove exactly the assignments it added (one transaction), except those
    the coder has started meanwhile, which stay theirs."""
    by_coder: dict[str, list[int]] = defaultdict(list)
    for article, coder in done.pairs:
        by_coder[coder].append(article)

    def body(conn: Connection) -> Unassigned:
        coder_id = _coder_ids(conn, tuple(by_coder))
        removed: dict[str, int] = {}
        kept: dict[str, int] = {}
        for name, articles in by_coder.items():
            found: list[Any] = []
            for start in range(0, len(articles), 500):
                found += conn.execute(
                    select(assignments_t.c.id, assignments_t.c.article_id).where(
                        assignments_t.c.coder_id == coder_id[name],
                        assignments_t.c.batch == done.batch,
                        assignments_t.c.article_id.in_(articles[start : start + 500]),
                    )
                ).all()
            removed[name], kept[name] = _drop(conn, coder_id[name], found, False)
        return Unassigned(removed, kept)

    return _permission(lambda: run_transaction(project.engine, body))


def _drop(conn: Connection, coder_id: int, found: Sequence[Any], include_started: bool) -> tuple[int, int]:
    """Delete these assignment rows (id, article_id) of one coder, keeping those whose article the
    coder has started unless ``include_started``; (removed, kept)."""
    started = set(
        conn.scalars(
            select(sets_t.c.article_id).where(
                and_(
                    sets_t.c.coder_id == coder_id,
                    sets_t.c.kind == "coder",
                    sets_t.c.status != SetStatus.NOT_STARTED.value,
                )
            )
        )
    )
    drop = [r.id for r in found if include_started or r.article_id not in started]
    for start in range(0, len(drop), 500):
        conn.execute(delete(assignments_t).where(assignments_t.c.id.in_(drop[start : start + 500])))
    return len(drop), len(found) - len(drop)


# ---------------------------------------------------------------- the plan


def _plan(conn: Connection, coders: Sequence[str], k: int, batch: str, selection: Selection, seed: int) -> Plan:
    names = _distinct(coders)
    if not names:
        raise UserError("name the coders to assign to (--coders a,b,c)")
    if k < 1:
        raise UserError(f"--per-article must be at least 1 (got {k})")
    if k > len(names):
        raise UserError(f"cannot give each article {k} distinct coders: only {len(names)} coder(s) named")
    if selection.limit is not None and selection.limit < 1:
        raise UserError(f"--limit must be at least 1 (got {selection.limit})")
    if len(batch) > 100:
        raise UserError("a batch name has at most 100 characters")
    ids = _coder_ids(conn, names)
    articles = _selected(conn, selection)
    existing: dict[int, set[int]] = defaultdict(set)
    for start in range(0, len(articles), 500):
        chunk = articles[start : start + 500]
        for r in conn.execute(
            select(assignments_t.c.article_id, assignments_t.c.coder_id).where(assignments_t.c.article_id.in_(chunk))
        ):
            existing[r.article_id].add(r.coder_id)
    result = Plan(batch=batch, per_article=k, coders=names, articles=len(articles))
    load = dict.fromkeys(names, 0)
    rng = random.Random(seed)
    for article in articles:
        have = existing.get(article, set())
        need = k - len(have)
        # Ties are broken by a draw per article, so that pairings vary but the seed fixes them.
        draw = {name: rng.random() for name in names}
        if need <= 0:
            result.already_full += 1
            continue
        eligible = [n for n in names if ids[n] not in have]
        # The least loaded first: with no coder excluded, shares never differ by more than one.
        chosen = sorted(eligible, key=lambda n: (load[n], draw[n]))[:need]
        for name in chosen:
            load[name] += 1
            result.pairs.append((article, name))
    return result


def _selected(conn: Connection, selection: Selection) -> list[int]:
    if selection.ids is not None:
        found = _article_ids(conn, selection.ids, selection.ids_source)
        order = list(found)
    else:
        order = list(conn.scalars(select(articles_t.c.id).order_by(articles_t.c.id)))
    if selection.status is not None:
        statuses: dict[int, list[tuple[str, str]]] = defaultdict(list)
        for r in conn.execute(select(sets_t.c.article_id, sets_t.c.kind, sets_t.c.status)):
            statuses[r.article_id].append((r.kind, r.status))
        order = [a for a in order if article_status(statuses.get(a, [])) == selection.status.value]
    if selection.limit is not None:
        order = order[: selection.limit]
    return order


def _article_ids(conn: Connection, external_ids: Sequence[str], source: str = "") -> list[int]:
    """Row ids of these articles, in the order given; every one must exist (the error names the
    ``source`` file of the ids, if any)."""
    found: dict[str, int] = {}
    wanted = list(dict.fromkeys(external_ids))
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        for r in conn.execute(
            select(articles_t.c.external_id, articles_t.c.id).where(articles_t.c.external_id.in_(chunk))
        ):
            found[r.external_id] = r.id
    missing = [e for e in wanted if e not in found]
    if missing:
        shown = ", ".join(f"'{m}'" for m in missing[:5])
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        where = f"{source}: " if source else ""
        raise UserError(f"{where}{len(missing)} article id(s) are not in the database: {shown}{more}")
    return [found[e] for e in wanted]


def _coder_ids(conn: Connection, names: Sequence[str]) -> dict[str, int]:
    rows = conn.execute(
        select(coders_t.c.name, coders_t.c.id, coders_t.c.active).where(coders_t.c.name.in_(list(names)))
    ).all()
    found = {r.name: r.id for r in rows}
    unknown = [n for n in names if n not in found]
    if unknown:
        known = ", ".join(coder_names(conn)) or "none yet"
        raise UserError(f"unknown coder(s): {', '.join(unknown)} (coders in this project: {known})")
    inactive = [r.name for r in rows if not r.active]
    if inactive:
        raise UserError(f"coder(s) {', '.join(inactive)} are disabled")
    return {n: found[n] for n in names}


def _distinct(names: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(n.strip() for n in names if n.strip()))


def _permission(action):  # type: ignore[no-untyped-def]
    from annotator.services.permissions import as_user_errors

    return as_user_errors(action)


def batch_names(project: Project) -> list[str]:
    """The batches assignments were made in, in name order ('' for assignments given no batch)."""
    with project.engine.connect() as conn:
        return list(conn.scalars(select(assignments_t.c.batch).distinct().order_by(assignments_t.c.batch)))


def article_id(project: Project, external_id: str) -> int:
    """The database id of the article with this external id; UserError naming it if there is none."""
    with project.engine.connect() as conn:
        found = conn.scalar(select(articles_t.c.id).where(articles_t.c.external_id == external_id))
    if found is None:
        raise UserError(f"there is no article '{external_id}' in this project (was it deleted?)")
    return int(found)
