"""Dataset exports: ACLED-style CSV, brat standoff, CoNLL and JSONL.

One entry point, ``export_dataset(project, ExportOptions(...), progress)``, for the CLI and the app's
File > Export dialog. It is Qt-free: progress goes through ``annotator.services.progress.Progress``,
and ``progress.cancelled()`` returning True stops the export with ``Cancelled`` between chunks. Every
export is written to a temporary file (or folder) beside the target and moved into place only when
complete, so a failed, invalid or cancelled export leaves nothing behind and an older file untouched.

ACLED CSV streams events as plain tuples and validates them in the same pass it writes them; if any
event breaks the codebook the export stops (``InvalidEventsError``, naming article, event and field
of each problem) unless ``skip_invalid`` is set, in which case the valid rows are written and the
result says how many were skipped and why.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

from annotator.domain.errors import UserError
from annotator.domain.models import AnnotationSet, ArticleRecord, SetKind, SetStatus
from annotator.formats import brat as brat_format
from annotator.formats import conll as conll_format
from annotator.formats.acled_csv import (
    EXTRA_FIELDS,
    SOURCE_FIELDS,
    AcledCsvOptions,
    AcledRowBuilder,
    DateStyle,
    InterStyle,
    Problem,
    header_line,
)
from annotator.formats.atomic import atomic_directory_output, atomic_output
from annotator.formats.conll import DocMarker
from annotator.services.acled_worker import PartResult
from annotator.services.progress import Cancelled, NoProgress, Progress, check_cancel
from annotator.services.project import Project
from annotator.store import export_queries as eq
from annotator.store import repository as repo
from annotator.store.engine import is_sqlite, sqlite_path
from annotator.store.uow import transaction

# How many problems are kept in full (with article and event) for the message and the report.
MAX_PROBLEMS = 1000
# How many of them the error message lists.
MESSAGE_PROBLEMS = 20
_CHUNK = 5000


class DatasetFormat(StrEnum):
    ACLED = "acled"
    BRAT = "brat"
    CONLL = "conll"
    JSONL = "jsonl"


@dataclass(frozen=True)
class ExportOptions:
    """Everything an export can be asked to do. Fields after ``countries`` apply to one format only.

    ``annotations``: ``auto`` (default: an article's gold set where it has one, otherwise every
    coder's set), ``gold``, ``all`` (gold and every coder), or a coder's name. For JSONL, ``auto``
    means ``all`` (the JSONL export's own default).
    ``statuses``: annotation-set statuses to keep (``not_started``, ``in_progress``, ``done``); empty
    keeps all. ``date_from``/``date_to`` (inclusive) and ``countries`` filter events; for brat and
    CoNLL they keep the annotation sets that have at least one matching event.
    """

    format: DatasetFormat
    output: Path
    annotations: str = "auto"
    statuses: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    countries: tuple[str, ...] = ()
    # ACLED CSV
    date_style: DateStyle = DateStyle.ISO
    inter_style: InterStyle = InterStyle.TEXT
    excel: bool = False  # UTF-8 with a byte-order mark, which Excel needs to read UTF-8
    neutralise_formulas: bool = True  # False = raw cells (--raw)
    skip_invalid: bool = False
    coder_column: bool | None = None  # None: added when the rows can come from coder sets
    # CoNLL
    conll_marker: DocMarker = DocMarker.DOCSTART


@dataclass
class ExportResult:
    format: DatasetFormat
    path: Path
    rows: int = 0  # ACLED: data rows; JSONL: articles; brat and CoNLL: documents
    articles: int = 0
    skipped: int = 0  # ACLED with skip_invalid: events left out
    skipped_by_field: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)  # the first MAX_PROBLEMS, in full
    event_ids_assigned: int = 0
    coder_column: bool = False
    events: int = 0  # brat: E lines written
    events_without_trigger: list[str] = field(default_factory=list)  # brat: "article/event" left out
    dropped_spans: int = 0  # CoNLL: overlapping spans not tagged
    annotation_sets: int = 0  # JSONL
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if self.format is DatasetFormat.ACLED:
            text = f"Wrote {self.rows:,} event row(s) to {self.path}"
            if self.coder_column:
                text += " (with a coder column)"
            text += "."
            if self.skipped:
                by_field = ", ".join(
                    f"{name} {n}" for name, n in sorted(self.skipped_by_field.items(), key=lambda kv: (-kv[1], kv[0]))
                )
                text += f" Skipped {self.skipped:,} invalid event(s) ({by_field})."
                text += "".join(f"\n  - {p.message()}" for p in self.problems[:MESSAGE_PROBLEMS])
                if self.skipped > MESSAGE_PROBLEMS:
                    text += f"\n  ... and {self.skipped - MESSAGE_PROBLEMS:,} more"
        elif self.format is DatasetFormat.BRAT:
            text = (
                f"Wrote {self.rows:,} brat document(s) from {self.articles:,} article(s) with "
                f"{self.events:,} event(s) to {self.path}."
            )
            if self.events_without_trigger:
                text += (
                    f" {len(self.events_without_trigger):,} event(s) have no action span to anchor them "
                    "and were left out."
                )
        elif self.format is DatasetFormat.CONLL:
            text = f"Wrote {self.rows:,} CoNLL document(s) from {self.articles:,} article(s) to {self.path}."
            if self.dropped_spans:
                text += f" {self.dropped_spans:,} overlapping span(s) could not be tagged."
        else:  # the JSONL export's own wording, unchanged
            text = f"Wrote {self.articles} article(s) with {self.annotation_sets} annotation set(s) to {self.path}."
        if self.event_ids_assigned:
            text += f" Assigned {self.event_ids_assigned:,} new event id(s) first."
        return text + "".join(f"\n{n}" for n in self.notes)


class InvalidEventsError(UserError):
    """Events break the codebook; nothing was written. ``problems`` holds the first ones in full."""

    def __init__(self, problems: list[Problem], total_events: int, by_field: dict[str, int]) -> None:
        self.problems = problems
        self.total_events = total_events
        self.by_field = by_field
        lines = "".join(f"\n  - {p.message()}" for p in problems[:MESSAGE_PROBLEMS])
        more = total_events - min(len(problems), MESSAGE_PROBLEMS)
        extra = f"\n  ... and {more:,} more event(s)" if more > 0 else ""
        super().__init__(
            f"{total_events:,} event(s) break the codebook, so nothing was written. Fix them, or export the "
            f"valid rows only with --skip-invalid:{lines}{extra}"
        )


# ---------------------------------------------------------------------------- entry point


def coder_choices(project: Project) -> list[str]:
    """Coders with annotation sets, for an 'annotations' choice next to auto, gold and all."""
    with project.engine.connect() as conn:
        return eq.coder_names(conn)


def export_dataset(project: Project, options: ExportOptions, progress: Progress | None = None) -> ExportResult:
    progress = progress or NoProgress()
    fmt = DatasetFormat(options.format)
    if fmt is DatasetFormat.JSONL:
        return _export_jsonl(project, options, progress)
    selection = _selection(project, options)
    if fmt is DatasetFormat.ACLED:
        return _export_acled(project, options, selection, progress)
    if fmt is DatasetFormat.BRAT:
        return _export_brat(project, options, selection, progress)
    return _export_conll(project, options, selection, progress)


def _file_target(path: Path) -> Path:
    if path.is_dir():
        raise UserError(f"{path} is a folder; give the name of the file to write")
    return path


def _selection(project: Project, options: ExportOptions) -> eq.EventSelection:
    choice = (options.annotations or "auto").strip()
    statuses = []
    for raw in options.statuses:
        try:
            statuses.append(SetStatus.parse(raw).value)
        except ValueError:
            raise UserError(f"'{raw}' is not a status (not_started, in_progress or done)") from None
    countries = []
    for raw in options.countries:
        country = project.codebook.country_by_name.get(raw.strip())
        if country is None:
            raise UserError(f"'{raw}' is not a country of the codebook")
        countries.append(country.name)
    if options.date_from and options.date_to and options.date_from > options.date_to:
        raise UserError(f"the date range is empty: {options.date_from} is after {options.date_to}")
    mode, coder = (choice, None) if choice in ("auto", "gold", "all") else ("coder", choice)
    if coder is not None:
        with project.engine.connect() as conn:
            if not eq.has_coder(conn, coder):
                raise UserError(f"there is no coder named '{coder}' (use auto, gold, all or a coder's name)")
    return eq.EventSelection(
        sets=mode,
        coder=coder,
        statuses=tuple(statuses),
        date_from=options.date_from,
        date_to=options.date_to,
        countries=tuple(countries),
    )


# ---------------------------------------------------------------------------- ACLED CSV


def _assign_missing_ids(project: Project) -> int:
    with project.engine.connect() as conn:
        if not eq.events_missing_ids(conn):
            return 0
    with transaction(project.engine) as conn:
        return repo.assign_event_ids(conn, project.country_iso3)


def _export_acled(project: Project, options: ExportOptions, sel: eq.EventSelection, progress: Progress) -> ExportResult:
    path = _file_target(Path(options.output))
    assigned = _assign_missing_ids(project)
    result = ExportResult(DatasetFormat.ACLED, path, event_ids_assigned=assigned)
    tally = _Tally()
    with project.engine.connect() as conn:
        coder_column = options.coder_column
        if coder_column is None:
            coder_column = sel.sets == "all" or (sel.sets == "auto" and eq.selection_has_coder_sets(conn, sel))
        result.coder_column = coder_column
        builder = AcledRowBuilder(
            project.codebook,
            AcledCsvOptions(
                date_style=DateStyle(options.date_style),
                inter_style=InterStyle(options.inter_style),
                neutralise_formulas=options.neutralise_formulas,
                coder_column=coder_column,
                timestamp=int(time.time()),
            ),
        )
        total = eq.count_events(conn, sel)
        progress.start(total, "Exporting ACLED CSV")
        split = _split_point(project, conn, sel, total)
        own = sel if split is None else replace(sel, id_to=split)
        encoding = "utf-8-sig" if options.excel else "utf-8"
        with (
            atomic_output(path, encoding=encoding, newline="") as handle,
            _SecondHalf(project, builder.options, sel, split, path, options.skip_invalid) as second,
        ):
            handle.write(header_line(builder.options))
            done = 0
            for chunk in eq.iter_event_rows(conn, SOURCE_FIELDS, own, with_coder=coder_column, chunk=_CHUNK):
                good, bad = builder.build(chunk)
                tally.add(bad)
                if not tally.invalid or options.skip_invalid:
                    handle.write("".join(good))
                    result.rows += len(good)
                done += len(chunk)
                progress.advance(done + second.done())
                check_cancel(progress)
            part = second.finish(progress, done)
            if part is not None:
                tally.add(part.bad, invalid=part.invalid, by_field=part.by_field)
                if not tally.invalid or options.skip_invalid:
                    second.append_to(handle)
                    result.rows += part.rows
            problems = _locate(conn, tally.kept)
            if tally.invalid and not options.skip_invalid:
                raise InvalidEventsError(problems, tally.invalid, dict(tally.by_field))
    result.skipped = tally.invalid
    result.skipped_by_field = dict(tally.by_field)
    result.problems = problems
    return result


# Exports of at least this many events read their upper half in a second process (see acled_worker).
PARALLEL_MIN_EVENTS = 200_000


def _split_point(project: Project, conn: Any, sel: eq.EventSelection, total: int) -> int | None:
    """Where the second process starts reading, or None to export in one pass."""
    if total < PARALLEL_MIN_EVENTS or (os.cpu_count() or 1) < 2:
        return None
    if is_sqlite(project.url) and sqlite_path(project.url) is None:
        return None  # an in-memory database cannot be opened from another process
    return eq.split_point(conn, sel, total // 2)


@dataclass
class _Tally:
    """Invalid events seen so far: how many, by field, and the first MAX_PROBLEMS in full."""

    invalid: int = 0
    by_field: Counter[str] = field(default_factory=Counter)
    kept: list[tuple[Sequence[Any], list[tuple[str, str]]]] = field(default_factory=list)

    def add(
        self,
        bad: Sequence[tuple[Sequence[Any], list[tuple[str, str]]]],
        *,
        invalid: int | None = None,
        by_field: dict[str, int] | None = None,
    ) -> None:
        self.invalid += len(bad) if invalid is None else invalid
        if by_field is None:
            for _, found in bad:
                self.by_field.update({f for f, _ in found})
        else:
            self.by_field.update(by_field)
        room = MAX_PROBLEMS - len(self.kept)
        if room > 0:
            self.kept.extend(bad[:room])


class _SecondHalf:
    """The worker process exporting events from ``split`` on into a part file (nothing when split is None)."""

    def __init__(
        self,
        project: Project,
        options: AcledCsvOptions,
        sel: eq.EventSelection,
        split: int | None,
        target: Path,
        skip_invalid: bool,
    ) -> None:
        self.split = split
        self.part = target.parent / f".{target.name}.{os.getpid()}.{id(self)}.part2"
        self._args = (project.url, str(project.codebook_path), options, replace(sel, id_from=split), str(self.part))
        self._skip_invalid = skip_invalid
        self._pool: Any = None
        self._future: Any = None
        self._done: Any = None
        self._cancel: Any = None

    def __enter__(self) -> _SecondHalf:
        if self.split is None:
            return self
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        from annotator.services import acled_worker

        ctx = multiprocessing.get_context("spawn")
        self._done, self._cancel = ctx.Value("q", 0), ctx.Event()
        self._pool = ProcessPoolExecutor(
            1, mp_context=ctx, initializer=acled_worker.init_worker, initargs=(self._done, self._cancel)
        )
        self._future = self._pool.submit(
            acled_worker.write_part,
            *self._args,
            skip_invalid=self._skip_invalid,
            chunk=_CHUNK,
            keep_problems=MAX_PROBLEMS,
        )
        return self

    def done(self) -> int:
        return int(self._done.value) if self._done is not None else 0

    def finish(self, progress: Progress, own_done: int) -> PartResult | None:
        """Wait for the worker, keeping progress moving and honouring cancel."""
        if self._future is None:
            return None
        from concurrent.futures import wait

        while not wait([self._future], timeout=0.1).done:
            progress.advance(own_done + self.done())
            check_cancel(progress)
        part = self._future.result()
        if part.cancelled:
            raise Cancelled()
        progress.advance(own_done + self.done())
        return part

    def append_to(self, handle: IO[str]) -> None:
        import shutil

        handle.flush()
        with self.part.open("rb") as source:
            shutil.copyfileobj(source, handle.buffer, 1 << 20)  # type: ignore[attr-defined]

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            if self._cancel is not None and exc[0] is not None:
                self._cancel.set()
            self._pool.shutdown(wait=True, cancel_futures=True)
        self.part.unlink(missing_ok=True)


def _locate(conn: Any, bad: list[tuple[Sequence[Any], list[tuple[str, str]]]]) -> list[Problem]:
    """Problems with the article's external id and the event's key filled in."""
    if not bad:
        return []
    base = len(SOURCE_FIELDS)
    pk_i = base + EXTRA_FIELDS.index("event_pk")
    eid_i = SOURCE_FIELDS.index("event_id_cnty")
    where = eq.locate_events(conn, [row[pk_i] for row, _ in bad])
    problems = []
    for row, found in bad:
        article, key, coder = where.get(row[pk_i], ("?", "?", ""))
        problems += [
            Problem(
                article=article, event=str(key), coder=coder, event_id=str(row[eid_i] or ""), field=f, reason=reason
            )
            for f, reason in found
        ]
    return problems


# ---------------------------------------------------------------------------- article by article


def _record_filter(sel: eq.EventSelection) -> repo.SetFilter:
    if sel.sets == "gold":
        return repo.SetFilter("gold")
    if sel.sets == "coder":
        return repo.SetFilter("coder", sel.coder)
    return repo.SetFilter("all")


def _event_matches(sel: eq.EventSelection, aset: AnnotationSet) -> bool:
    for event in aset.events:
        f = event.fields
        if sel.date_from and (f.event_date is None or f.event_date < sel.date_from):
            continue
        if sel.date_to and (f.event_date is None or f.event_date > sel.date_to):
            continue
        if sel.countries and f.country not in sel.countries:
            continue
        return True
    return False


def kept_sets(record: ArticleRecord, sel: eq.EventSelection) -> list[AnnotationSet]:
    """The annotation sets of one article that the selection keeps (same rules as the ACLED query)."""
    sets = list(record.annotations)
    if sel.sets == "auto":
        gold = [s for s in sets if s.kind == SetKind.GOLD]
        sets = gold or [s for s in sets if s.kind == SetKind.CODER]
    elif sel.sets == "gold":
        sets = [s for s in sets if s.kind == SetKind.GOLD]
    elif sel.sets == "coder":
        sets = [s for s in sets if s.kind == SetKind.CODER and s.coder == sel.coder]
    if sel.statuses:
        sets = [s for s in sets if s.status.value in sel.statuses]
    if sel.filters_events:
        sets = [s for s in sets if _event_matches(sel, s)]
    return sets


def _set_label(aset: AnnotationSet) -> str:
    return eq.GOLD_LABEL if aset.kind == SetKind.GOLD else aset.coder


def _export_brat(project: Project, options: ExportOptions, sel: eq.EventSelection, progress: Progress) -> ExportResult:
    path = Path(options.output)
    if path.exists() and path.is_dir() and any(path.iterdir()) and not (path / "annotation.conf").exists():
        raise UserError(
            f"{path} is a folder with other files in it; brat export replaces the whole folder, "
            "so choose a new or empty folder (or an earlier brat export)"
        )
    result = ExportResult(DatasetFormat.BRAT, path)
    used: set[str] = set()
    triggers = brat_format.trigger_labels(project.codebook)
    with project.engine.connect() as conn, atomic_directory_output(path) as folder:
        (folder / "annotation.conf").write_text(
            brat_format.annotation_conf(project.codebook), encoding="utf-8", newline="\n"
        )
        progress.start(repo.count_articles(conn), "Exporting brat standoff")
        articles = 0
        for _, record in repo.iter_records(conn, set_filter=_record_filter(sel)):
            sets = kept_sets(record, sel)
            if sets:
                result.articles += 1
            for aset in sets:
                single = aset.kind == SetKind.GOLD or sel.sets == "coder"
                stem = brat_format.unique_stem(
                    brat_format.file_stem(record.article.external_id, None if single else aset.coder), used
                )
                stats = brat_format.BratStats()
                ann = brat_format.document_ann(record.article.text, aset, stats, trigger_labels=triggers)
                (folder / f"{stem}.txt").write_text(record.article.text, encoding="utf-8", newline="")
                (folder / f"{stem}.ann").write_text(ann, encoding="utf-8", newline="")
                result.rows += 1
                result.events += stats.events
                result.events_without_trigger += [
                    f"{record.article.external_id}/{key}" for key in stats.events_without_trigger
                ]
            articles += 1
            check_cancel(progress)
            if articles % 100 == 0:
                progress.advance(articles)
        progress.advance(articles)
    return result


def _export_conll(project: Project, options: ExportOptions, sel: eq.EventSelection, progress: Progress) -> ExportResult:
    path = _file_target(Path(options.output))
    result = ExportResult(DatasetFormat.CONLL, path)
    marker = DocMarker(options.conll_marker)
    with project.engine.connect() as conn, atomic_output(path, encoding="utf-8", newline="\n") as handle:
        progress.start(repo.count_articles(conn), "Exporting CoNLL")
        articles = 0
        for _, record in repo.iter_records(conn, set_filter=_record_filter(sel)):
            sets = kept_sets(record, sel)
            if sets:
                result.articles += 1
            for aset in sets:
                doc = conll_format.document(
                    record.article.text,
                    aset.spans,
                    marker=marker,
                    doc_id=record.article.external_id,
                    coder=_set_label(aset),
                )
                handle.write(doc.text)
                result.rows += 1
                result.dropped_spans += doc.dropped_spans
            articles += 1
            check_cancel(progress)
            if articles % 100 == 0:
                progress.advance(articles)
        progress.advance(articles)
    return result


# ---------------------------------------------------------------------------- JSONL


def _export_jsonl(project: Project, options: ExportOptions, progress: Progress) -> ExportResult:
    from annotator.services.exporting import export_jsonl

    if options.statuses or options.date_from or options.date_to or options.countries:
        raise UserError("the status, date and country filters apply to the acled, brat and conll formats, not to jsonl")
    choice = options.annotations if options.annotations not in ("", "auto") else "all"
    report = export_jsonl(project, options.output, annotations=choice, progress=progress)
    return ExportResult(
        DatasetFormat.JSONL,
        report.path,
        rows=report.articles,
        articles=report.articles,
        annotation_sets=report.annotation_sets,
    )
