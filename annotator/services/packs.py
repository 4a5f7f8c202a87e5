"""Teams without a server: a coder's work travels as a pack, and comes back by importing it.

``write_pack`` writes a coder's assigned articles, with their own annotation sets if any, as JSONL
whose first line names the project (its id), the coder and the codebook (its TOML text). Importing
a pack into an empty database makes that database a copy of the project for the coder: it takes
the project's id and codebook, and the coder's assignments. Importing into a database that already
has the articles (``importing.import_paths`` hands them here) merges the annotation sets:

* a set the database lacks (or holds empty and not started) is added, and reported;
* a set that exists and differs is a conflict, reported and left unchanged, unless ``update_sets``;
  so a set marked done is never replaced without it;
* an article whose text differs from the stored one is refused, naming it: nothing is imported;
* a pack from another project is refused.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, and_, delete, func, select, update

from annotator.domain.errors import InputError, UserError
from annotator.domain.models import AnnotationSet, ArticleRecord, SetKind, SetStatus
from annotator.domain.text import count_of
from annotator.formats.jsonl import PACK_HEADER, read_header, write_record
from annotator.services.project import Project
from annotator.store import repository as repo
from annotator.store.repository import (
    articles_t,
    assignments_t,
    codebooks_t,
    coders_t,
    events_t,
    evidence_t,
    sets_t,
    settings_t,
    spans_t,
)

PACK_FORMAT = 1
PROJECT_KEY = "project_id"


def project_id(conn: Connection) -> str:
    found = conn.scalar(select(settings_t.c.value).where(settings_t.c.key == PROJECT_KEY))
    if not found:
        raise UserError("this database has no project id (upgrade it with 'annotator db upgrade')")
    return str(found)


# ---------------------------------------------------------------- writing


@dataclass(frozen=True)
class PackWritten:
    path: Path
    coder: str
    articles: int
    sets: int

    def summary(self) -> str:
        return f"Wrote {self.articles} article(s) for {self.coder}, {self.sets} with their annotations, to {self.path}."


def write_pack(project: Project, coder: str, output: str | Path, *, batch: str | None = None) -> PackWritten:
    from annotator.formats.atomic import atomic_output

    path = Path(output)
    with project.engine.connect() as conn:
        coder_id = conn.scalar(select(coders_t.c.id).where(coders_t.c.name == coder))
        if coder_id is None:
            known = ", ".join(repo.coder_names(conn)) or "none yet"
            raise UserError(f"unknown coder '{coder}' (coders in this project: {known})")
        q = select(assignments_t.c.article_id).where(assignments_t.c.coder_id == coder_id)
        if batch is not None:
            q = q.where(assignments_t.c.batch == batch)
        ids = sorted(conn.scalars(q))
        if not ids:
            raise UserError(f"nothing is assigned to {coder}" + (f" in batch '{batch}'" if batch else ""))
        stored = conn.execute(
            select(codebooks_t.c.version, codebooks_t.c.digest, codebooks_t.c.source)
            .order_by(codebooks_t.c.version.desc())
            .limit(1)
        ).first()
        header = {
            "format": PACK_FORMAT,
            "project": project_id(conn),
            "coder": coder,
            "batch": batch,
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "articles": len(ids),
            "codebook": None
            if stored is None
            else {"version": stored.version, "digest": stored.digest, "source": stored.source},
        }
        own = repo.SetFilter(where=and_(sets_t.c.coder_id == coder_id, sets_t.c.kind == SetKind.CODER.value))
        sets = 0
        import json

        with atomic_output(path) as handle:
            handle.write(json.dumps({PACK_HEADER: header}, ensure_ascii=False) + "\n")
            for _aid, record in repo.iter_records(conn, set_filter=own, article_ids=ids):
                sets += len(record.annotations)
                write_record(handle, record, project.codebook)
    return PackWritten(path, coder, len(ids), sets)


# ---------------------------------------------------------------- importing


@dataclass(frozen=True)
class SetOutcome:
    external_id: str
    coder: str
    kind: str
    reason: str = ""


@dataclass
class MergeReport:
    added: list[SetOutcome] = field(default_factory=list)
    updated: list[SetOutcome] = field(default_factory=list)
    conflicts: list[SetOutcome] = field(default_factory=list)
    renumbered: int = 0  # events whose event id was another event's here: numbered anew
    adopted: str | None = None  # the project id taken from a pack by an empty database

    def summary(self, replace_sets: str = "--update-sets replaces them") -> str:
        """One clause per kind of outcome; ``replace_sets`` says how the reader replaces conflicting sets."""
        parts = []
        if self.added:
            parts.append(f"added {count_of(len(self.added), 'annotation set')} to articles already here")
        if self.updated:
            parts.append(f"replaced {count_of(len(self.updated), 'annotation set')}")
        if self.conflicts:
            parts.append(
                f"left {count_of(len(self.conflicts), 'differing annotation set')} unchanged"
                f" (conflicts; {replace_sets})"
            )
        if self.renumbered:
            parts.append(f"gave {count_of(self.renumbered, 'event')} new event ids (theirs were taken here)")
        return "; ".join(parts)

    def detail_lines(self) -> list[str]:
        lines = []
        for label, outcomes in (("added", self.added), ("replaced", self.updated), ("conflict", self.conflicts)):
            for o in outcomes:
                reason = f": {o.reason}" if o.reason else ""
                kind = " (gold)" if o.kind == "gold" else ""
                lines.append(f"{label}: article {o.external_id}, {o.coder}'s set{kind}{reason}")
        if self.adopted:
            lines.append(f"This database is now a copy of project {self.adopted}, with its codebook.")
        return lines


class PackImport:
    """One import's dealings with packs and with articles already in the database."""

    def __init__(self, conn: Connection, project: Project, files: Sequence[Path], *, update_sets: bool) -> None:
        self.conn = conn
        self.project = project
        self.update_sets = update_sets
        self.report = MergeReport()
        self._adopting: dict[str, Any] | None = None
        self._pack_articles: list[str] = []
        headers = [(path, h) for path in files if path.suffix.lower() == ".jsonl" and (h := read_header(path))]
        if not headers:
            return
        ours = project_id(conn)
        projects = {str(h.get("project")) for _, h in headers}
        if len(projects) > 1:
            raise InputError(
                "these packs come from different projects; import them into their own projects", file=str(headers[0][0])
            )
        (theirs,) = projects
        if theirs == ours:
            return
        if int(conn.scalar(select(func.count()).select_from(articles_t)) or 0) == 0:
            self._adopt(headers[0][1])
            return
        path = next(p for p, h in headers if str(h.get("project")) == theirs)
        raise InputError(
            f"this pack is from another project (project {theirs}; this database holds project {ours}): "
            "import it into the project it was packed from, or into an empty database",
            file=str(path),
        )

    def _adopt(self, header: dict[str, Any]) -> None:
        """An empty database becomes a copy of the pack's project: its id, its codebook."""
        from annotator.services.codebooks import digest_of, parse_source

        self._adopting = header
        self.conn.execute(
            update(settings_t).where(settings_t.c.key == PROJECT_KEY).values(value=str(header["project"]))
        )
        self.report.adopted = str(header["project"])
        book = header.get("codebook")
        if not isinstance(book, dict) or not isinstance(book.get("source"), str):
            return
        source = book["source"]
        codebook = parse_source(source, "the pack's codebook")
        latest = self.conn.execute(
            select(codebooks_t.c.version, codebooks_t.c.digest).order_by(codebooks_t.c.version.desc()).limit(1)
        ).first()
        if latest is not None and latest.digest == digest_of(source):
            return
        version = (latest.version if latest else 0) + 1
        self.conn.execute(
            codebooks_t.insert().values(
                version=version,
                name=codebook.name,
                source=source,
                digest=digest_of(source),
                created_at=dt.datetime.now(dt.UTC),
                created_by=str(header.get("coder") or ""),
                changes=f"the codebook of project {header['project']} (version {book.get('version')}), from a pack",
            )
        )
        self._saved = (self.project.codebook, self.project.codebook_version)
        self.project.codebook = codebook
        self.project.codebook_version = version

    def restore(self) -> None:
        """The import failed: the project goes back to the codebook it had."""
        saved = getattr(self, "_saved", None)
        if saved is not None:
            self.project.codebook, self.project.codebook_version = saved

    def added(self, rows: Sequence[dict[str, Any]]) -> None:
        """Article rows the import inserted (a pack's articles get the coder's assignments at the end)."""
        if self._adopting is not None:
            self._pack_articles += [row["external_id"] for row in rows]

    def existing(self, items: Sequence[tuple[str, int | None, ArticleRecord, str]]) -> None:
        """Records whose article (by external id) is already stored: check the text, merge the sets."""
        if not items:
            return
        conn = self.conn
        ids = [r.article.external_id for _, _, r, _ in items]
        stored: dict[str, tuple[int, str]] = {}
        for start in range(0, len(ids), 500):
            for row in conn.execute(
                select(articles_t.c.external_id, articles_t.c.id, articles_t.c.content_hash).where(
                    articles_t.c.external_id.in_(ids[start : start + 500])
                )
            ):
                stored[row.external_id] = (row.id, row.content_hash)
        for file, line, record, digest in items:
            ext = record.article.external_id
            # Sets coded on another text would point at the wrong characters: refuse them. A record
            # without sets is only a duplicate id, which the import skips and reports as before.
            if record.annotations and ext in stored and stored[ext][1] != digest:
                raise InputError(
                    f"article '{ext}' has a different text from the article with this id in the database "
                    "(it was changed); nothing was imported",
                    file=file,
                    line=line,
                )
        with_sets = [
            (r, stored[r.article.external_id][0])
            for _, _, r, _ in items
            if r.annotations and r.article.external_id in stored
        ]
        if not with_sets:
            return
        aids = [aid for _, aid in with_sets]
        have = repo.load_sets(conn, aids, repo.SetFilter())
        rows = {
            (r.article_id, r.name, r.kind): r
            for r in conn.execute(
                select(sets_t.c.id, sets_t.c.article_id, sets_t.c.kind, sets_t.c.status, coders_t.c.name)
                .join(coders_t, coders_t.c.id == sets_t.c.coder_id)
                .where(sets_t.c.article_id.in_(aids))
            )
        }
        to_add: list[tuple[ArticleRecord, list[AnnotationSet]]] = []
        to_replace: list[tuple[int, AnnotationSet, SetOutcome, bool]] = []
        for record, aid in with_sets:
            ext = record.article.external_id
            mine = {(s.coder, s.kind.value): s for s in have.get(aid, [])}
            adding = []
            for incoming in record.annotations:
                key = (incoming.coder, incoming.kind.value)
                outcome = SetOutcome(ext, incoming.coder, incoming.kind.value)
                current = mine.get(key)
                if current is None:
                    adding.append(incoming)
                elif _canonical(current, _unnumbered(incoming)) == _canonical(incoming, _unnumbered(incoming)):
                    continue
                elif _empty(current):
                    to_replace.append((rows[(aid, *key)].id, incoming, outcome, True))
                elif self.update_sets:
                    to_replace.append((rows[(aid, *key)].id, incoming, outcome, False))
                else:
                    why = "marked done here" if current.status is SetStatus.DONE else "differs from the one here"
                    self.report.conflicts.append(SetOutcome(ext, incoming.coder, incoming.kind.value, why))
            if adding:
                to_add.append((record, adding))
        for set_id, incoming, outcome, was_empty in to_replace:
            self._replace(set_id, incoming)
            (self.report.added if was_empty else self.report.updated).append(outcome)
        if to_add:
            records = [
                ArticleRecord.model_construct(article=r.article, annotations=[self._free_ids(s) for s in sets])
                for r, sets in to_add
            ]
            repo.insert_annotation_sets(
                conn, {r.article.external_id: stored[r.article.external_id][0] for r in records}, records
            )
            for r in records:
                self.report.added += [SetOutcome(r.article.external_id, s.coder, s.kind.value) for s in r.annotations]

    def _replace(self, set_id: int, incoming: AnnotationSet) -> None:
        """The set's content becomes ``incoming``'s, as a new version of the same set row."""
        conn = self.conn
        conn.execute(
            update(sets_t)
            .where(sets_t.c.id == set_id)
            .values(version=sets_t.c.version + 1)  # locks the set: no edit runs meanwhile
        )
        event_ids = select(events_t.c.id).where(events_t.c.set_id == set_id)
        conn.execute(delete(evidence_t).where(evidence_t.c.event_id.in_(event_ids)))
        conn.execute(delete(events_t).where(events_t.c.set_id == set_id))
        conn.execute(delete(spans_t).where(spans_t.c.set_id == set_id))
        now = dt.datetime.now(dt.UTC)
        conn.execute(
            update(sets_t)
            .where(sets_t.c.id == set_id)
            .values(
                status=incoming.status.value,
                updated_at=now,
                done_at=now if incoming.status is SetStatus.DONE else None,
            )
        )
        repo.insert_set_contents(conn, [(set_id, self._free_ids(incoming))])

    def _free_ids(self, incoming: AnnotationSet) -> AnnotationSet:
        """Events whose event id another event here holds lose it; the import numbers them anew."""
        wanted = [e.fields.event_id_cnty for e in incoming.events if e.fields.event_id_cnty]
        if not wanted:
            return incoming
        taken = set(self.conn.scalars(select(events_t.c.event_id_cnty).where(events_t.c.event_id_cnty.in_(wanted))))
        if not taken:
            return incoming
        events = []
        for e in incoming.events:
            if e.fields.event_id_cnty in taken:
                self.report.renumbered += 1
                e = e.model_copy(update={"fields": e.fields.model_copy(update={"event_id_cnty": ""})})
            events.append(e)
        return incoming.model_copy(update={"events": events})

    def finish(self) -> bool:
        """After the import: a pack adopted by an empty database gives its coder their assignments.
        True if event ids may need assigning (sets were merged)."""
        if self._adopting is not None and self._pack_articles:
            coder = str(self._adopting.get("coder") or "")
            if coder:
                coder_id = repo.coder_ids(self.conn, [coder])[coder]
                aids = repo.article_ids(self.conn, self._pack_articles)
                now = dt.datetime.now(dt.UTC)
                self.conn.execute(
                    repo.insert_ignoring_duplicates(self.conn, assignments_t),
                    [
                        {
                            "article_id": aid,
                            "coder_id": coder_id,
                            "batch": str(self._adopting.get("batch") or ""),
                            "assigned_at": now,
                            "assigned_by": "pack",
                        }
                        for aid in aids.values()
                    ],
                )
        return bool(self.report.added or self.report.updated)


@contextlib.contextmanager
def pack_import(
    conn: Connection, project: Project, files: Sequence[Path], *, update_sets: bool
) -> Iterator[PackImport]:
    merger = PackImport(conn, project, files, update_sets=update_sets)
    try:
        yield merger
    except BaseException:
        merger.restore()
        raise


def _canonical(s: AnnotationSet, unnumbered: frozenset[str] = frozenset()) -> tuple[Any, ...]:
    """What makes two sets the same: status, spans (any order), events in order with their evidence.

    ``unnumbered`` names events whose ``event_id_cnty`` is left out: the file gave them none, and the
    number the import gave them here (``repository`` numbers events per country) is no difference.
    """
    spans = sorted((sp.key, sp.start, sp.end, sp.label) for sp in s.spans)
    events = [
        (
            e.key,
            e.fields.model_dump(exclude={"event_id_cnty"} if e.key in unnumbered else None),
            sorted((name, tuple(keys)) for name, keys in e.evidence.items() if keys),
        )
        for e in s.events
    ]
    return (s.status.value, spans, events)


def _unnumbered(s: AnnotationSet) -> frozenset[str]:
    return frozenset(e.key for e in s.events if not e.fields.event_id_cnty)


def _empty(s: AnnotationSet) -> bool:
    return s.status is SetStatus.NOT_STARTED and not s.spans and not s.events
