"""Dataset exports: ACLED-style CSV, brat standoff, CoNLL and JSONL.

One entry point, ``export_dataset(project, ExportOptions(...), progress)``, for the CLI and the app's
File > Export dialog; the formats and their options are described in ``annotator.services.export_spec``
and checked there by ``validate`` first. It is Qt-free: progress goes through
``annotator.services.progress.Progress``, and ``progress.cancelled()`` returning True stops the export
with ``Cancelled`` between chunks. Every export is written to a temporary file (or folder) beside the
target and moved into place only when complete, so a failed, invalid or cancelled export leaves
nothing behind and an older file untouched.

Which annotation sets and events an export reads is decided in SQL, in one place
(``annotator.store.export_queries``): the ACLED export streams the selected events; brat, CoNLL and
JSONL load the selected sets article by article.

ACLED CSV streams events as plain tuples and validates them in the same pass it writes them; if any
event breaks the codebook the export stops (``InvalidEventsError``, naming article, event and field
of each problem) unless ``skip_invalid`` is set, in which case the valid rows are written and the
result says how many were skipped and why.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from annotator.domain.errors import UserError
from annotator.domain.models import AnnotationSet, ArticleRecord, SetKind
from annotator.formats import brat as brat_format
from annotator.formats import conll as conll_format
from annotator.formats.acled_csv import (
    EXTRA_FIELDS,
    SOURCE_FIELDS,
    AcledCsvOptions,
    AcledRowBuilder,
    Problem,
    header_line,
)
from annotator.formats.atomic import atomic_directory_output, atomic_output, part_name
from annotator.formats.jsonl import write_record
from annotator.services.acled_worker import PartResult
from annotator.services.export_spec import AUTO, CoderColumn, DatasetFormat, ExportOptions, validate
from annotator.services.progress import Cancelled, NoProgress, Progress, check_cancel
from annotator.services.project import Project
from annotator.store import export_queries as eq
from annotator.store import repository as repo
from annotator.store.engine import is_sqlite, sqlite_path
from annotator.store.uow import transaction

__all__ = ["DatasetFormat", "ExportOptions", "ExportResult", "InvalidEventsError", "coder_choices", "export_dataset"]

# How many problems are kept in full (with article and event) for the message and the report.
MAX_PROBLEMS = 1000
# How many of them the error message lists.
MESSAGE_PROBLEMS = 20
_CHUNK = 5000


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
    blank_spans: int = 0  # brat: spans over blank text only, which brat cannot show
    dropped_spans: int = 0  # CoNLL: overlapping spans not tagged
    annotation_sets: int = 0  # JSONL

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
            if self.blank_spans:
                text += f" {self.blank_spans:,} span(s) over blank text only were left out."
        elif self.format is DatasetFormat.CONLL:
            text = f"Wrote {self.rows:,} CoNLL document(s) from {self.articles:,} article(s) to {self.path}."
            if self.dropped_spans:
                text += f" {self.dropped_spans:,} overlapping span(s) could not be tagged."
        else:  # the JSONL export's own wording, unchanged
            text = f"Wrote {self.articles} article(s) with {self.annotation_sets} annotation set(s) to {self.path}."
        if self.event_ids_assigned:
            text += f" Assigned {self.event_ids_assigned:,} new event id(s) first."
        return text


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
    """Write the export ``options`` describe (checked by ``export_spec.validate`` first)."""
    progress = progress or NoProgress()
    options = validate(options, project.codebook, coder_choices(project))
    return _WRITERS[options.format](project, options, _selection(options), progress)


def _selection(options: ExportOptions) -> eq.EventSelection:
    choice = options.annotations
    if choice == AUTO:
        choice = options.spec.auto_means
    mode, coder = (choice, None) if choice in ("auto", "gold", "all") else ("coder", choice)
    return eq.EventSelection(
        sets=mode,
        coder=coder,
        statuses=options.statuses or (),
        date_from=options.date_from,
        date_to=options.date_to,
        countries=options.countries,
    )


# ---------------------------------------------------------------------------- ACLED CSV


def _assign_missing_ids(project: Project) -> int:
    with project.engine.connect() as conn:
        if not eq.events_missing_ids(conn):
            return 0
    with transaction(project.engine) as conn:
        return repo.assign_event_ids(conn, project.country_iso3)


def _export_acled(project: Project, options: ExportOptions, sel: eq.EventSelection, progress: Progress) -> ExportResult:
    path = Path(options.output)
    assigned = _assign_missing_ids(project)
    result = ExportResult(DatasetFormat.ACLED, path, event_ids_assigned=assigned)
    tally = _Tally()
    with project.engine.connect() as conn:
        coder_column = options.coder_column is CoderColumn.YES or (
            options.coder_column is CoderColumn.AUTO and eq.set_owners(conn, sel) > 1
        )
        result.coder_column = coder_column
        builder = AcledRowBuilder(
            project.codebook,
            AcledCsvOptions(
                date_style=options.date_style,
                inter_style=options.inter_style,
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
        # Named like atomic_output's part files, so a killed export's is swept by the next one.
        self.part = target.parent / part_name(target, "part2")
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

# Articles loaded per query by the article-by-article exports.
_ARTICLE_BATCH = 500


def _documents(
    conn: Any, sel: eq.EventSelection, progress: Progress, what: str, result: ExportResult
) -> Iterator[tuple[ArticleRecord, AnnotationSet]]:
    """Each annotation set ``sel`` keeps, with its article, in article order: one document of brat or CoNLL.

    Counts the articles in ``result.articles``, reports progress by article and stops on cancel.
    """
    article_ids = eq.selected_article_ids(conn, sel)
    progress.start(len(article_ids), what)
    set_filter = repo.SetFilter(where=eq.sets_condition(sel))
    done = 0
    for start in range(0, len(article_ids), _ARTICLE_BATCH):
        batch = article_ids[start : start + _ARTICLE_BATCH]
        for _, record in repo.iter_records(conn, set_filter=set_filter, article_ids=batch, batch=_ARTICLE_BATCH):
            result.articles += 1
            for aset in record.annotations:
                yield record, aset
            done += 1
            check_cancel(progress)
            if done % 100 == 0:
                progress.advance(done)
    progress.advance(done)


def _set_label(aset: AnnotationSet) -> str:
    return eq.GOLD_LABEL if aset.kind == SetKind.GOLD else aset.coder


def _export_brat(project: Project, options: ExportOptions, sel: eq.EventSelection, progress: Progress) -> ExportResult:
    path = Path(options.output)
    result = ExportResult(DatasetFormat.BRAT, path)
    used: set[str] = set()
    triggers = brat_format.trigger_labels(project.codebook)
    with project.engine.connect() as conn, atomic_directory_output(path) as folder:
        (folder / options.spec.folder_marker).write_text(  # annotation.conf
            brat_format.annotation_conf(project.codebook), encoding="utf-8", newline="\n"
        )
        for record, aset in _documents(conn, sel, progress, "Exporting brat standoff", result):
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
            result.blank_spans += stats.blank_spans
            result.events_without_trigger += [
                f"{record.article.external_id}/{key}" for key in stats.events_without_trigger
            ]
    return result


def _export_conll(project: Project, options: ExportOptions, sel: eq.EventSelection, progress: Progress) -> ExportResult:
    path = Path(options.output)
    result = ExportResult(DatasetFormat.CONLL, path)
    with project.engine.connect() as conn, atomic_output(path, encoding="utf-8", newline="\n") as handle:
        for record, aset in _documents(conn, sel, progress, "Exporting CoNLL", result):
            doc = conll_format.document(
                record.article.text,
                aset.spans,
                marker=options.conll_marker,
                doc_id=record.article.external_id,
                coder=_set_label(aset),
            )
            handle.write(doc.text)
            result.rows += 1
            result.dropped_spans += doc.dropped_spans
    return result


# ---------------------------------------------------------------------------- JSONL


def _export_jsonl(project: Project, options: ExportOptions, sel: eq.EventSelection, progress: Progress) -> ExportResult:
    """Every article (with or without sets), each with the sets ``sel`` keeps, in the interchange format."""
    path = Path(options.output)
    result = ExportResult(DatasetFormat.JSONL, path)
    set_filter = repo.SetFilter(where=eq.sets_condition(sel))
    with project.engine.connect() as conn:
        progress.start(repo.count_articles(conn), "Exporting")
        with atomic_output(path, newline="\n") as handle:
            for _, record in repo.iter_records(conn, set_filter=set_filter):
                write_record(handle, record, project.codebook)
                result.articles += 1
                result.annotation_sets += len(record.annotations)
                if result.articles % 500 == 0:
                    check_cancel(progress)
                    progress.advance(result.articles)
        progress.advance(result.articles)
    result.rows = result.articles
    return result


_Writer = Callable[[Project, ExportOptions, eq.EventSelection, Progress], ExportResult]
# One writer per format of export_spec.FORMATS.
_WRITERS: dict[DatasetFormat, _Writer] = {
    DatasetFormat.ACLED: _export_acled,
    DatasetFormat.BRAT: _export_brat,
    DatasetFormat.CONLL: _export_conll,
    DatasetFormat.JSONL: _export_jsonl,
}
