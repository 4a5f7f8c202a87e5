"""Importing articles from files, many files and folders in one call.

The formats: the JSONL interchange format, CSV, plain text in any encoding, saved web pages, PDF,
Word files, Nexis Uni and Factiva exports (many articles in one .docx, .txt or .html file), and
the annotations of other tools: brat standoff (.ann beside its .txt), doccano JSONL, Label Studio's
JSON export and INCEpTION's WebAnno TSV (``formats.foreign``); their labels go through a label
mapping and spans whose label maps to nothing are reported, not imported.
One import is one transaction: a broken file anywhere rolls back everything, and the error names
the file and the line, item and field. Re-imported articles (same external id or same normalised
text) are skipped and reported, never duplicated. A file read in an encoding other than UTF-8 is
reported with the encoding detected.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection

from annotator.domain.codebook import Codebook
from annotator.domain.errors import InputError, UserError
from annotator.domain.label_map import LabelMap
from annotator.domain.models import ArticleRecord, SetKind
from annotator.domain.text import content_hash, count_of
from annotator.formats.brat_read import read_brat
from annotator.formats.csv_articles import read_csv
from annotator.formats.doccano import is_doccano, read_doccano
from annotator.formats.docx_text import read_docx
from annotator.formats.foreign import ToolReader
from annotator.formats.html_page import read_html
from annotator.formats.jsonl import read_jsonl
from annotator.formats.label_studio import read_label_studio
from annotator.formats.pdf_text import read_pdf
from annotator.formats.plaintext import read_text_file
from annotator.formats.webanno_tsv import read_webanno_tsv
from annotator.services.packs import MergeReport, pack_import
from annotator.services.progress import NoProgress, Progress, check_cancel
from annotator.services.project import Project
from annotator.store import repository as repo
from annotator.store.uow import transaction

Reader = Callable[[Path, ToolReader], Iterator[tuple[int | None, ArticleRecord]]]


def _read_jsonl(path: Path, tools: ToolReader) -> Iterator[tuple[int | None, ArticleRecord]]:
    """Our interchange format, or doccano's export, which is JSONL too."""
    if is_doccano(path):
        return read_doccano(path, tools)
    return read_jsonl(path, tools.codebook)


# What import accepts, by file name ending, and the reader of each. The GUI's file filter and
# drag-and-drop follow SUFFIXES.
READERS: dict[str, Reader] = {
    ".jsonl": _read_jsonl,
    ".csv": lambda path, _: read_csv(path),
    ".txt": lambda path, _: read_text_file(path),
    ".html": lambda path, _: read_html(path),
    ".htm": lambda path, _: read_html(path),
    ".pdf": lambda path, _: read_pdf(path),
    ".docx": lambda path, _: read_docx(path),
    ".ann": read_brat,
    ".json": read_label_studio,
    ".tsv": read_webanno_tsv,
}
SUFFIXES = tuple(READERS)
# Files whose reader's positions are line numbers, so progress can count lines; the others count as one unit.
_BY_LINE = (".jsonl", ".csv")
_BATCH = 2000


@dataclass(frozen=True)
class Skipped:
    file: str
    line: int | None
    external_id: str
    reason: str


@dataclass
class ImportReport:
    files: int = 0
    added: int = 0
    annotation_sets: int = 0
    event_ids_assigned: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    # Annotation sets of articles already in the database: added, replaced, or left as conflicts.
    merged: MergeReport = field(default_factory=MergeReport)
    # Files read in an encoding other than UTF-8, with the encoding detected (Python's name for it).
    encodings: dict[str, str] = field(default_factory=dict)
    # Other tools' labels that map to no codebook label: one line each, with the spans left out.
    unmapped: list[str] = field(default_factory=list)

    def summary(self, remedies: Remedies | None = None) -> str:
        """One sentence for the person who imported: what came in, what was left out and how to fix it."""
        remedies = remedies or COMMAND_REMEDIES
        text = f"Imported {count_of(self.added, 'article')} from {count_of(self.files, 'file')}"
        if self.annotation_sets:
            text += f" with {count_of(self.annotation_sets, 'annotation set')}"
        if self.skipped:
            text += f"; skipped {count_of(len(self.skipped), 'duplicate')} (already in the project)"
        merged = self.merged.summary(remedies.replace_sets)
        if merged:
            text += f"; {merged}"
        if self.encodings:
            named = ", ".join(sorted(set(self.encodings.values())))
            text += f"; {count_of(len(self.encodings), 'file')} read as {named} (detected, not UTF-8)"
        if self.unmapped:
            text += (
                f"; spans of {count_of(len(self.unmapped), 'label')} not in the codebook were left out"
                f" ({remedies.map_labels})"
            )
        return text + "."

    def detail_lines(self) -> list[str]:
        """Every file, article and set the summary counts, one line each."""
        return (
            [f"read {file} as {encoding} (detected: it is not UTF-8)" for file, encoding in self.encodings.items()]
            + [f"skipped {s.file}{f':{s.line}' if s.line else ''} ({s.external_id}): {s.reason}" for s in self.skipped]
            + self.merged.detail_lines()
            + [f"not in the codebook: {line}" for line in self.unmapped]
        )


@dataclass(frozen=True)
class Remedies:
    """How the reader of an import's summary does what it suggests: a command's option or a menu item."""

    replace_sets: str
    map_labels: str


COMMAND_REMEDIES = Remedies(replace_sets="--update-sets replaces them", map_labels="map them with --map LABEL=label")


def collect_files(paths: Iterable[str | Path]) -> list[Path]:
    """Files to import: named files, and supported files inside named folders (recursively, sorted)."""
    files: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(
                f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES and not f.name.startswith(".")
            )
            if not found:
                raise UserError(f"{p}: the folder holds no files to import ({', '.join(SUFFIXES)})")
            files.extend(found)
        elif p.is_file():
            if p.suffix.lower() not in SUFFIXES:
                raise UserError(
                    f"{p}: cannot import '{p.suffix or 'files without an extension'}' "
                    f"(supported: {', '.join(SUFFIXES)})"
                )
            files.append(p)
        else:
            raise UserError(f"{p}: no such file or folder")
    # A brat document is its .ann with the .txt beside it: the .txt is read with the .ann, not alone.
    annotated = {f.with_suffix("") for f in files if f.suffix.lower() == ".ann"}
    return [f for f in files if not (f.suffix.lower() == ".txt" and f.with_suffix("") in annotated)]


def read_file(
    path: Path, codebook: Codebook, tools: ToolReader | None = None
) -> Iterator[tuple[int | None, ArticleRecord]]:
    """The records of one file; ``tools`` carries the label mapping and coder for other tools' files."""
    return READERS[path.suffix.lower()](path, tools or ToolReader(codebook, LabelMap(codebook)))


def _no_articles(path: Path) -> InputError:
    """The error for a file that holds no article: empty, blank lines only, or a CSV header alone."""
    try:
        content = path.read_bytes().removeprefix(b"\xef\xbb\xbf")
    except OSError as exc:
        return InputError(f"cannot be read: {exc.strerror}", file=str(path))
    if not content.strip():
        return InputError("is empty", file=str(path))
    if path.suffix.lower() == ".csv":
        return InputError("has a header but no rows of articles", file=str(path))
    return InputError("holds no articles", file=str(path))


class _EventIds:
    """The event_id_cnty values the new articles of one import bring: each names one event, so a
    value given twice in the import, or already held by an event in the database, is refused with
    the file, line and field of the one that came later (the database would refuse it too, with a
    bare integrity error)."""

    def __init__(self) -> None:
        self.seen: dict[str, str] = {}  # id -> where it was first given
        self.pending: list[tuple[str, InputError]] = []  # ids of this batch, with the error to raise

    def claim(self, file: str, line: int | None, record: ArticleRecord) -> None:
        for i, aset in enumerate(record.annotations):
            for j, event in enumerate(aset.events):
                eid = event.fields.event_id_cnty
                if not eid:
                    continue
                field = f"annotations[{i}].events[{j}].fields.event_id_cnty"
                if eid in self.seen:
                    raise InputError(
                        f"the event id {eid} is already given at {self.seen[eid]}", file=file, line=line, field=field
                    )
                self.seen[eid] = f"{file}, line {line}" if line is not None else file
                self.pending.append(
                    (
                        eid,
                        InputError(
                            f"the event id {eid} is already held by another event in the database",
                            file=file,
                            line=line,
                            field=field,
                        ),
                    )
                )

    def check_database(self, conn: Connection) -> None:
        if self.pending:
            taken = repo.taken_event_ids(conn, [eid for eid, _ in self.pending])
            for eid, error in self.pending:
                if eid in taken:
                    raise error
        self.pending.clear()


def _count_units(path: Path) -> int:
    if path.suffix.lower() not in _BY_LINE:
        return 1
    with path.open("rb") as handle:
        return sum(1 for _ in handle)


def _joins(earlier: tuple[ArticleRecord, str] | None, record: ArticleRecord, digest: str) -> bool:
    """Whether ``record`` adds sets to an article read earlier in the same batch: the same text, and
    no set of a coder (or a gold set) that the earlier one has."""
    if earlier is None or earlier[1] != digest or not record.annotations:
        return False
    owners = {(s.coder, s.kind) for s in earlier[0].annotations}
    has_gold = any(s.kind == SetKind.GOLD for s in earlier[0].annotations)
    return all(
        (s.coder, s.kind) not in owners and not (has_gold and s.kind == SetKind.GOLD) for s in record.annotations
    )


def import_paths(
    project: Project,
    paths: Iterable[str | Path],
    *,
    progress: Progress | None = None,
    update_sets: bool = False,
    label_map: str | Iterable[str] | None = None,
    coder: str | None = None,
) -> ImportReport:
    """Import the files in one transaction. Articles already stored are not added again; their
    annotation sets are merged (``services.packs``: new sets added, differing ones left as conflicts
    unless ``update_sets``), and an article whose text differs is refused. One article read from
    several files of this import (brat writes one file per coder) gets the sets of all of them.

    ``label_map`` ("ORG=actor,GPE=location") maps other tools' labels to the codebook's; ``coder``
    names whose sets they are where the file does not say."""
    progress = progress or NoProgress()
    tools = ToolReader(
        project.codebook, LabelMap.parse(label_map, project.codebook), coder=coder.strip() or None if coder else None
    )
    files = collect_files(paths)
    progress.start(sum(_count_units(f) for f in files), "Importing")
    report = ImportReport(files=len(files))
    seen_ids: set[str] = set()
    seen_hashes: set[str] = set()
    event_ids = _EventIds()
    done = 0
    with transaction(project.engine) as conn, pack_import(conn, project, files, update_sets=update_sets) as packs:
        batch: list[tuple[str, int | None, ArticleRecord, str]] = []

        def flush() -> None:
            ids, hashes = repo.existing_articles(conn, [b[2].article.external_id for b in batch], [b[3] for b in batch])
            rows: list[dict[str, object]] = []
            fresh: list[ArticleRecord] = []
            stored: list[tuple[str, int | None, ArticleRecord, str]] = []
            in_batch: dict[str, tuple[ArticleRecord, str]] = {}
            now = dt.datetime.now(dt.UTC)
            for file, line, record, digest in batch:
                a = record.article
                if _joins(in_batch.get(a.external_id), record, digest):
                    earlier = in_batch[a.external_id][0]
                    earlier.annotations = [*earlier.annotations, *record.annotations]
                    if not any(r is earlier for r in fresh):
                        fresh.append(earlier)
                    continue
                reason = None
                if a.external_id in ids or a.external_id in seen_ids:
                    reason = "an article with this id is already in the database"
                elif digest in hashes or digest in seen_hashes:
                    reason = "an article with the same text is already in the database"
                if reason:
                    report.skipped.append(Skipped(file, line, a.external_id, reason))
                    if a.external_id in ids:
                        stored.append((file, line, record, digest))
                    continue
                seen_ids.add(a.external_id)
                seen_hashes.add(digest)
                in_batch[a.external_id] = (record, digest)
                rows.append(
                    {
                        "external_id": a.external_id,
                        "title": a.title,
                        "text": a.text,
                        "source": a.source,
                        "url": a.url,
                        "published": a.published,
                        "language": a.language,
                        "meta": a.meta,
                        "content_hash": digest,
                        "created_at": now,
                    }
                )
                if record.annotations:
                    fresh.append(record)
                    event_ids.claim(file, line, record)
            packs.existing(stored)
            event_ids.check_database(conn)
            repo.insert_articles(conn, rows)
            report.added += len(rows)
            packs.added(rows)
            if fresh:
                ids_by_ext = repo.article_ids(conn, [r.article.external_id for r in fresh])
                repo.insert_annotation_sets(conn, ids_by_ext, fresh)
                report.annotation_sets += sum(len(r.annotations) for r in fresh)
            batch.clear()

        for path in files:
            last_line: int | None = None
            records = 0
            for line, record in read_file(path, project.codebook, tools):
                records += 1
                last_line = line
                encoding = record.article.meta.get("encoding")  # set by the readers that detect it
                if isinstance(encoding, str) and path.suffix.lower() != ".jsonl":
                    report.encodings[str(path)] = encoding
                batch.append((str(path), line, record, content_hash(record.article.text)))
                if len(batch) >= _BATCH:
                    check_cancel(progress)
                    flush()
                    progress.advance(done + (line or 1 if path.suffix.lower() in _BY_LINE else 0))
            if records == 0:
                raise _no_articles(path)
            done += (last_line or 0) if path.suffix.lower() in _BY_LINE else 1
            progress.advance(done)
        if batch:
            flush()
        merged = packs.finish()
        report.merged = packs.report
        if report.annotation_sets or merged:
            report.event_ids_assigned = repo.assign_event_ids(conn, project.country_iso3)
    report.unmapped = tools.labels.report()
    return report


__all__ = ["ImportReport", "InputError", "Skipped", "collect_files", "import_paths"]
