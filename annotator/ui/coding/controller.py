"""The coding controller: the open article's state, and every coding command, in one QObject.

It holds what the coding screen shows (the article, the coder's status for it as a ``SetStatus``,
the span index, the events, the current event, the selected span) and turns each user action into
a services command, run through the ``CodingSession`` (one transaction, one undo step). Then it
emits what changed; the widgets (text view, span list, event panel and form, suggestion layer,
window) listen and redraw, and talk to the controller, never to each other. No widgets here.

Keys of new spans and events are drawn by the service (``key=None``) and read back from the
``Changes`` it returns. Reads that can take time (opening an article, the next article to code,
progress, the article list) run on the task runner's database worker; commits stay on the GUI
thread (see ``annotator.ui.common.tasks``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from annotator.domain.gc_pause import gc_paused
from annotator.domain.span_index import Span, SpanIndex
from annotator.ui.coding.prepared_text import PreparedText

if TYPE_CHECKING:
    from PySide6.QtGui import QUndoGroup

    from annotator.assist.suggestion import Suggestion
    from annotator.domain.codebook import Codebook
    from annotator.domain.models import SetStatus
    from annotator.domain.offsets import Utf16Index
    from annotator.services.annotate import Changes, Command, EventInfo, SetRef, SpanInfo
    from annotator.services.kept_articles import KeptArticles
    from annotator.services.project import Project
    from annotator.services.workspace import ArticleDoc, ArticleListRow
    from annotator.ui.coding.session import CodingSession
    from annotator.ui.common.tasks import TaskRunner


log = logging.getLogger(__name__)

# The controller's reads, by task-runner channel. "open" finds and reads the article to show,
# "annotations" its coder's spans and events (read second: see ``open_article``).
READ_CHANNELS = ("open", "annotations", "list", "progress", "count")


class EventAssist(Protocol):
    """What commands ask the event form's look-ups (``annotator.ui.coding.form_assist.FormAssist``)."""

    def defaults(self) -> dict[str, Any]:
        """The values a new event starts with."""
        ...

    def with_actor_types(self, event: EventInfo | None, values: Mapping[str, Any]) -> dict[str, Any]:
        """``values`` with the type of each actor they set, where the type follows the actor."""
        ...


@dataclass(frozen=True, slots=True)
class SpanDelta:
    """The spans one edit changed: each key's span before (None: new) and after (None: deleted)."""

    before: dict[str, Span | None]
    after: dict[str, SpanInfo | None]

    def ranges(self) -> list[tuple[int, int]]:
        """The stretches of text to repaint."""
        return [(s.start, s.end) for s in (*self.before.values(), *self.after.values()) if s is not None]


@dataclass(frozen=True, slots=True)
class ListScope:
    """Whose assigned articles the list shows (None: every article) and of which batch (None: any).
    Set by the queue bar (``annotator.ui.team.queue``); the list's rows show that coder's status."""

    assigned_to: str | None = None
    batch: str | None = None


@dataclass(frozen=True, slots=True)
class _Opened:
    doc: ArticleDoc
    status: SetStatus
    spans: SpanIndex
    events: list[EventInfo]
    set_version: int = 0  # (0: no set yet) what the window's edits expect: CodingSession.hold
    span_versions: dict[str, int] = field(default_factory=dict)
    u16: Utf16Index | None = None  # the text's UTF-16 offsets, when worked out off the GUI thread


def _untagged(text: str, spans: SpanIndex, labels: list[str]) -> tuple[int, int, str] | None:
    """A word near the top of ``text`` and a label it is not tagged with (start, end, label)."""
    for word in _WORD.finditer(text, 0, 2000):
        taken = {s.label for s in spans.overlapping(word.start(), word.end()) if (s.start, s.end) == word.span()}
        for label in labels:
            if label not in taken:
                return word.start(), word.end(), label
    return None


_WORD = re.compile(r"\w+")


def _rehearsal_failed(exc: BaseException) -> None:
    # (The edits themselves report their own errors; this only made the first one quicker.)
    log.warning("rehearsing a first edit failed", exc_info=exc)


class CodingController(QObject):
    started = Signal()  # a project and coder are set: the article list can be read
    # Opening an article comes in two steps. articleOpened: another article (or none) is open, its
    # text in ``doc``; its annotations are still being read (``loading``: no spans, no events, edits
    # are refused). annotationsLoaded: its status, spans and events are in.
    articleOpened = Signal()
    annotationsLoaded = Signal()
    spanAboutToBeInserted = Signal(int)  # row in text order (the span list adapts the index)
    spanInserted = Signal()
    spanAboutToBeRemoved = Signal(int)
    spanRemoved = Signal()
    spansChanged = Signal(object)  # SpanDelta, after the index holds the change
    spanSelected = Signal(object, bool)  # span key or None, whether to scroll it into view
    eventsChanged = Signal(bool)  # the events changed; True: the form shows the current event afresh
    currentEventChanged = Signal(object)  # event key or None
    statusChanged = Signal(object)  # SetStatus of the open article
    rowChanged = Signal(int)  # an article's list row (status, event count) changed
    # ids matching the list's query (a list, or a range for the whole list), the open article's id,
    # and whether their number is exact (False: the whole list's range, not yet counted)
    articlesListed = Signal(object, object, bool)
    listCounted = Signal(int)  # the whole list's range was counted and found exact: this many articles
    progressChanged = Signal(int, int, bool)  # done, total, whether the total is exact (else estimated)
    edited = Signal(object)  # Changes, after every applied edit, undo and redo
    fieldSaved = Signal(str)  # a field's value reached the database: clear its inline error
    fieldLinked = Signal(str)  # a span became evidence of this field
    message = Signal(str, int)  # a hint for the status bar, and how long to show it (ms)
    problem = Signal(str)  # an edit was refused or failed
    connectionLost = Signal(str)  # an edit failed because the server could not be reached
    fieldProblem = Signal(str, str)  # field name, reason: said under the field, the text stays
    saved = Signal()  # an edit reached the database
    waiting = Signal(str)  # a commit waits for another program's lock
    # Before the article or the current event changes under the form, and before the controller
    # closes: the form sends what is typed and not yet sent (a country being typed), synchronously.
    flushRequested = Signal()

    def __init__(self, tasks: TaskRunner, undo_group: QUndoGroup, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.undo_group = undo_group
        self.project: Project | None = None
        self.coder = ""
        self.session: CodingSession | None = None
        self.doc: ArticleDoc | None = None
        self.status: SetStatus | None = None  # None until an article's annotations are read
        self._kept: KeptArticles | None = None  # articles opened lately, for reopening (database worker's)
        self.loading = False  # the open article's annotations are being read: edits wait for them
        self.u16: Utf16Index | None = None  # the open text's UTF-16 offsets, if read with the annotations
        self.prepared: PreparedText | None = None  # the open text made ready for the view, if it was
        self.spans = SpanIndex()
        self.events: list[EventInfo] = []
        self.current_event: str | None = None
        self.selected_span: str | None = None
        self.editing_field: str | None = None  # the field whose edit is being applied (keeps its text)
        self._commits = 0  # edits applied so far: an open read older than one is stale
        self._rehearsed: Project | None = None  # the project a first edit was rehearsed on (_rehearse)
        # The event form's look-ups (annotator.ui.coding.form_assist): a new event's first values,
        # and the type of an actor a command fills. None: new events start empty.
        self.assist: EventAssist | None = None
        self.created_notice: str | None = None  # what the last acceptance said about a new event
        self._total: int | None = None  # the project's articles, once counted (None: not yet)
        # The first article of a start is being found or read: the count waits for it (_first_shown).
        self._opening_first = False
        self._count_due = False
        # The list's queue; None: the coder's own if they have one, else every article (decided on
        # the worker with the list's first read, before the queue bar knows the coder's role).
        self.scope: ListScope | None = None

    # ------------------------------------------------------------------ project and coder

    @property
    def codebook(self) -> Codebook | None:
        return self.project.codebook if self.project is not None else None

    def start(self, project: Project, coder: str, last_article: int | None = None) -> None:
        """Begin coding ``project`` as ``coder``: open ``last_article`` (or the next one to code)."""
        from annotator.services.kept_articles import KeptArticles

        self.project = project
        self._kept = KeptArticles()  # (the last project's are of no use)
        self._total = None
        self._count_due = False
        self._start_session(coder)
        self._open_first(last_article)

    def set_coder(self, coder: str) -> None:
        """Another coder takes over: their own annotations and undo history, same article."""
        self.flush()
        if self.project is None:
            self.coder = coder
            return
        current = self.doc.id if self.doc is not None else None
        self._start_session(coder)
        self._open_first(current)

    def undo_history(self) -> int:
        """How many articles have undo history that changing coder or project would forget."""
        return self.session.articles_with_history() if self.session is not None else 0

    def _start_session(self, coder: str) -> None:
        from annotator.ui.coding.session import CodingSession

        assert self.project is not None
        self.coder = coder
        self.scope = None  # the new coder's own queue, until they choose
        if self.session is not None:
            self.session.close()
            self.session.deleteLater()
        session = CodingSession(self.project, coder, self.undo_group, self)
        session.changed.connect(self._apply_changes)
        session.problem.connect(self.problem)
        session.connectionLost.connect(self.connectionLost)
        session.fieldProblem.connect(self.fieldProblem)
        session.saved.connect(self.saved)
        session.waiting.connect(self.waiting)
        session.broken.connect(self.open_article)
        self.session = session
        self.started.emit()
        self.refresh_progress()

    def _open_first(self, wanted: int | None) -> None:
        from annotator.services import workspace

        project, coder = self._project(), self.coder

        def first() -> int | None:
            if wanted is not None and workspace.article_exists(project, wanted):
                return wanted
            return workspace.next_article(project, coder, None, queue=workspace.has_queue(project, coder))

        self._opening_first = True
        self.tasks.run_db(first, self._first_found, self._read_failed, channel="open")

    def _first_found(self, article_id: int | None) -> None:
        if article_id is not None:
            self.open_article(article_id)
        else:
            self._show_none()

    def flush(self) -> None:
        """Have the form send what is typed and not yet sent, before anything navigates."""
        if self.doc is not None and self.session is not None:
            self.flushRequested.emit()

    def close(self) -> None:
        self.flush()
        if self.session is not None:
            self.session.close()
        self.project = None
        self.doc = None  # late signals from closing widgets find no article to edit

    def detach(self) -> None:
        """Let go of the project (another one is being opened): its reads still to come are dropped,
        its undo stacks go, and no article is open."""
        self.flush()
        for channel in (*READ_CHANNELS, "rehearse"):
            self.tasks.cancel(channel)
        if self.session is not None:
            self.session.close()
            self.session.deleteLater()
            self.session = None
        self.project = None
        self._total = None
        self._show_none()

    def _project(self) -> Project:
        assert self.project is not None, "no project is open"
        return self.project

    # ------------------------------------------------------------------ reads

    def open_article(self, article_id: int) -> None:
        """Read the article, then the coder's annotations of it, on the database worker, and show them.

        Two reads: the text is shown as soon as it is read, and once it is handed to the view the
        worker reads the spans and events; the screen holds the paint until they arrive. Until they
        do, ``loading`` holds and edits are refused, so none can land on an article whose annotations
        are not yet shown. The text is made ready for the view on the worker too (``PreparedText``),
        and the view has Qt put it in from the event loop, where Qt holds no Python lock, so that
        the annotations are read meanwhile (see docs/benchmarks.md). An article opened lately is taken
        from memory where it is still what is stored (``KeptArticles``): then its annotations are
        quick to get as well, and come with the text, in one step (one delivery to the GUI thread,
        one paint)."""
        from annotator.services.annotate import SetRef

        if self.project is None or self.session is None or self._kept is None:
            return
        self.flush()
        project, ref, commits, kept = self.project, SetRef(article_id, self.coder), self._commits, self._kept
        reopening = self.doc is not None and self.doc.id == article_id
        self.tasks.cancel("annotations")  # (the last article's, if still to come)

        def annotations_of(doc: ArticleDoc) -> _Opened:
            # The index and the offsets are plain Python: built here, the GUI thread only shows them.
            # The rows make no reference cycles: collecting while they are made (10,000 spans: a
            # tuple, strings and numbers each) freed nothing and took an eighth of the read.
            with gc_paused():
                rows, spans, u16 = kept.annotations(project, ref, doc)
            versions = (rows.set_version, rows.span_versions)
            return _Opened(doc, rows.status, spans, list(rows.events), *versions, u16)

        def read_text() -> tuple[ArticleDoc | None, PreparedText | None, _Opened | None]:
            doc, from_memory = kept.article(project, article_id)
            if doc is None:
                return None, None, None
            if from_memory:
                return doc, None, annotations_of(doc)
            # Worked out here, while the GUI thread waits for the text anyway, so that it only
            # hands it to Qt (and Qt fills the view while the annotations are read).
            return doc, PreparedText.of(doc.text, kept.offsets(doc), doc.shape.may_rtl if doc.shape else None), None

        def text_read(found: tuple[ArticleDoc | None, PreparedText | None, _Opened | None]) -> None:
            doc, prepared, annotations = found
            if ref.coder != self.coder:
                return
            if doc is None:
                self.problem.emit(f"Article {article_id} is no longer in the database.")
                self._first_shown()
                return
            self._show_text(doc, prepared)
            if annotations is not None:
                annotations_read(annotations)
            else:
                # Asked for only now, the text handed to the view: read while this thread showed the
                # text (Python, between calls into Qt), the worker took Python's lock from it at
                # every call; while Qt fills the view (no lock) the worker has the lock to itself.
                self.tasks.run_db(
                    lambda: annotations_of(doc), annotations_read, self._read_failed, channel="annotations"
                )

        def annotations_read(found: _Opened | None) -> None:
            if found is None or ref.coder != self.coder or self.doc is None or self.doc.id != article_id:
                return
            if reopening and commits != self._commits:
                self.open_article(article_id)  # an edit landed after this read: read it again
                return
            self._show_annotations(found)

        self.tasks.run_db(read_text, text_read, self._read_failed, channel="open")

    def _show_text(self, doc: ArticleDoc, prepared: PreparedText | None = None) -> None:
        """The first step of opening: the text is in, its annotations are being read."""
        if self.session is not None:
            self.session.set_article(None)  # no undo or redo until the annotations are shown
        self.doc = doc
        self.prepared = prepared
        self.status = None
        self.spans = SpanIndex((), doc.text)
        self.u16 = None
        self.events = []
        self.current_event = None
        self.selected_span = None
        self.loading = True
        self.articleOpened.emit()

    def _show_annotations(self, found: _Opened) -> None:
        """The second step: the coder's status, spans and events of the open article, and the
        versions they were read at (what the window's edits expect: CodingSession.hold)."""
        from annotator.ui.coding.session import HeldVersions

        if self.session is not None and found.doc is not None:
            self.session.set_article(found.doc.id)
            self.session.hold(
                found.doc.id,
                HeldVersions(
                    found.set_version or None,
                    dict(found.span_versions),
                    {e.key: e.version for e in found.events if e.version},
                ),
            )
        self.prepared = None  # (shown by now: not to be held on to)
        self.status = found.status
        self.spans = found.spans
        self.u16 = found.u16
        self.events = found.events
        self.current_event = self.events[0].key if self.events else None
        self.selected_span = None
        self.loading = False
        self.annotationsLoaded.emit()
        self._first_shown()
        self._rehearse()

    def _rehearse(self) -> None:
        """Once per project, when its first article is open: rehearse a tag on the database worker
        (``annotate.rehearse``: rolled back, nothing written), so that the coder's first tag does
        not pay for compiling its statements and opening its connection."""
        from annotator.services.annotate import AddSpan, rehearse

        project, doc = self.project, self.doc
        if project is None or doc is None or self._rehearsed is project:
            return
        found = _untagged(doc.text, self.spans, [lb.name for lb in project.codebook.labels])
        if found is None:
            return  # (no word left untagged near the top: the next article tries again)
        self._rehearsed = project
        command = AddSpan(self.ref, *found)
        self.tasks.run_db(lambda: rehearse(project, command), lambda _ok: None, _rehearsal_failed, channel="rehearse")

    def _show_none(self) -> None:
        """No article is open (the project is empty, or being let go of)."""
        from annotator.domain.models import SetStatus

        if self.session is not None:
            self.session.set_article(None)
        self.doc = None
        self.prepared = None
        self.loading = False
        self.status = SetStatus.NOT_STARTED
        self.spans = SpanIndex()
        self.u16 = None
        self.events = []
        self.current_event = None
        self.selected_span = None
        self.articleOpened.emit()
        self.annotationsLoaded.emit()
        self._first_shown()

    def _first_shown(self) -> None:
        """The first article is shown (or there is none, or it could not be read): a count that
        waited for it is asked for now."""
        self._opening_first = False
        if self._count_due:
            self._count_due = False
            QTimer.singleShot(0, self.count_articles)

    def _read_failed(self, exc: BaseException) -> None:
        self.problem.emit(f"Could not read the database: {exc}")
        self._first_shown()

    def next_uncoded(self) -> None:
        """Open the next article this coder has not marked done (after the open one, wrapping)."""
        from annotator.services import workspace

        if self.project is None:
            return
        self.flush()
        project, coder, after = self.project, self.coder, self.doc.id if self.doc else None

        def found(result: tuple[int | None, bool, bool]) -> None:
            article_id, queue, only_this = result
            if article_id is not None:
                self.open_article(article_id)
            else:
                self.message.emit(nothing_left_to_code(queue=queue, only_this=only_this), 6000)

        def read() -> tuple[int | None, bool, bool]:
            # With assignments, the next uncoded one of mine (Ctrl+J stays in the coder's queue).
            queue = workspace.has_queue(project, coder)
            article_id = workspace.next_article(project, coder, after, queue=queue)
            # None also when the open article is the one left to code: then say that, not "all done".
            only_this = (
                article_id is None
                and after is not None
                and workspace.next_article(project, coder, None, queue=queue) == after
            )
            return article_id, queue, only_this

        self.tasks.run_db(read, found, self._read_failed, channel="open")

    def refresh_progress(self) -> None:
        """Count the coder's done articles; the total is the whole list's range until counted (cheap
        at any size), then the exact count (``_counted``). A coder with a queue: done of it."""
        from annotator.services import queue, workspace

        if self.project is None:
            return
        project, coder, total = self.project, self.coder, self._total

        def read() -> tuple[int, int, bool]:
            mine = queue.queue_counts(project, coder)
            if mine is not None:
                return (*mine, True)
            done = workspace.done_count(project, coder)
            return (done, total, True) if total is not None else (done, len(workspace.whole_list(project)), False)

        self.tasks.run_db(read, lambda p: self.progressChanged.emit(*p), self._read_failed, channel="progress")

    def count_articles(self) -> None:
        """Count the project's articles exactly, after the window is ready (at a million articles it
        takes tens of milliseconds on SQLite, more on a busy server)."""
        from annotator.services import workspace

        if self.project is None:
            return
        project = self.project
        self.tasks.run_db(lambda: workspace.count_articles(project), self._counted, self._read_failed, channel="count")

    def _counted(self, total: int) -> None:
        self._total = total
        self.refresh_progress()
        self.listCounted.emit(total)  # the list, if it shows the whole range, checks it against this

    def articles_added(self) -> None:
        """Articles were imported: count them again; open the first to code if none was open."""
        self._total = None
        self.count_articles()
        if self.doc is None and self.project is not None:
            self._open_first(None)

    def list_articles(self, status: str | None, search: str) -> None:
        """Read the ids of the articles matching the list's filter; ``articlesListed`` brings them.

        The whole list is the range of ids (two index look-ups, at any size), shown at once; it is
        counted afterwards (``count_articles``), and only if ids turn out to be missing are they read
        one by one. A filter or a search is a query, on the database worker."""
        import dataclasses

        from annotator.domain.models import SetStatus
        from annotator.services import queue, workspace

        if self.project is None:
            return
        query = workspace.ArticleQuery(SetStatus(status) if status else None, search)
        project, coder, current = self.project, self.coder, self.doc.id if self.doc else None
        scope, total = self.scope, self._total

        def read() -> tuple[Sequence[int], bool]:
            s = scope if scope is not None else ListScope(queue.default_assignee(project, coder))
            q = dataclasses.replace(query, assigned_to=s.assigned_to, batch=s.batch)
            if q.status is not None or q.search.strip() or s.assigned_to is not None or s.batch is not None:
                return workspace.article_ids(project, s.assigned_to or coder, q), True
            ids = workspace.whole_list(project)
            if total is not None and total != len(ids):
                return workspace.article_ids(project, coder), True  # ids are missing: read them all
            return ids, total is not None

        def listed(found: tuple[Sequence[int], bool]) -> None:
            ids, exact = found
            self.articlesListed.emit(ids, current, exact)
            if isinstance(ids, range) and total is None:
                # Counted once the window is ready. The count scans the whole table (~60 ms at a
                # million articles on SQLite): asked for now, it would run on the worker ahead of
                # the first article's text and annotations, and start-up would grow with the
                # project; so it waits for them (_first_shown). Else on the next turn of the event
                # loop (after the progress asked for with the list, also when a synchronous runner
                # has done all of that already).
                if self._opening_first:
                    self._count_due = True
                else:
                    QTimer.singleShot(0, self.count_articles)

        failed = lambda exc: self.problem.emit(f"Could not list articles: {exc}")  # noqa: E731
        self.tasks.run_db(read, listed, failed, channel="list")

    def row_reader(self) -> Callable[[Sequence[int]], list[ArticleListRow]]:
        """Reads the list rows of some articles for this coder (the list runs it on the worker)."""
        from annotator.services import workspace

        project = self._project()
        coder = self.scope.assigned_to if self.scope is not None and self.scope.assigned_to else self.coder
        return lambda ids: workspace.article_rows(project, coder, ids)

    # ------------------------------------------------------------------ selection

    def select_span(self, key: str | None, reveal: bool = False) -> None:
        if key is not None and key not in self.spans:
            key = None
        if key != self.selected_span or reveal:
            self.selected_span = key
            self.spanSelected.emit(key, reveal)

    def select_event(self, key: str | None) -> None:
        if key != self.current_event:
            self.flush()
        self.current_event = key
        self.currentEventChanged.emit(key)

    def step_event(self, step: int) -> None:
        self.flush()
        keys = [e.key for e in self.events]
        if not keys:
            return
        if self.current_event not in keys:
            self.select_event(keys[0 if step > 0 else -1])
            return
        i = keys.index(self.current_event) + step
        if 0 <= i < len(keys):
            self.select_event(keys[i])

    def current_event_info(self) -> EventInfo | None:
        return next((e for e in self.events if e.key == self.current_event), None)

    def evidence_of(self, field: str | None) -> tuple[str, ...]:
        """The span keys linked as evidence of ``field`` of the current event."""
        event = self.current_event_info()
        if event is None or field is None:
            return ()
        return tuple(event.evidence.get(field, ()))

    def evidence_texts(self, event: EventInfo | None) -> dict[str, str]:
        out: dict[str, str] = {}
        for keys in event.evidence.values() if event is not None else ():
            for key in keys:
                span = self.spans.get(key)
                if span is not None:
                    out[key] = span.text
        return out

    def used_spans(self) -> set[str]:
        """Spans that are evidence of some event."""
        return {k for e in self.events for keys in e.evidence.values() for k in keys}

    # ------------------------------------------------------------------ commands

    @property
    def ref(self) -> SetRef:
        from annotator.services.annotate import SetRef

        assert self.doc is not None, "no article is open"
        return SetRef(self.doc.id, self.coder)

    def run(self, command: Command) -> Changes | None:
        """Apply ``command`` (saved and undoable) and show what it changed; None if it was refused."""
        if self.session is None or self.doc is None:
            return None
        if self.loading:  # its spans and events are not shown yet: an edit could not be seen
            self.message.emit("The article is still opening; try again in a moment.", 3000)
            return None
        return self.session.run(command)

    def tag(self, label: str, selection: tuple[int, int] | None) -> None:
        """Tag the selected text with ``label``; with no text selected, relabel the selected span."""
        from annotator.services.annotate import AddSpan, RelabelSpan

        if self.doc is None:
            return
        if selection is None:
            if self.selected_span is not None:
                self.run(RelabelSpan(self.ref, self.selected_span, label))
            else:
                self.message.emit("Select some text first (Shift+arrows, or drag with the mouse).", 4000)
            return
        changes = self.run(AddSpan(self.ref, selection[0], selection[1], label))
        if changes is not None:
            self.select_span(_added(changes.spans))

    def delete_span(self) -> None:
        from annotator.services.annotate import DeleteSpan

        key = self.selected_span
        if key is None or self.doc is None:
            return
        neighbour = self.spans.neighbour(key, 0, 1) or self.spans.neighbour(key, 0, -1)
        if self.run(DeleteSpan(self.ref, key)) is not None and neighbour is not None:
            self.select_span(neighbour.key)

    def defaults(self) -> dict[str, Any]:
        """The values a new event starts with (the article's source and country), if known."""
        return self.assist.defaults() if self.assist is not None else {}

    def new_event(self) -> bool:
        """A new event, starting with the article's source and country."""
        from annotator.services.annotate import CreateEvent

        if self.doc is None:
            return False
        self.flush()
        changes = self.run(CreateEvent(self.ref, values=tuple(self.defaults().items())))
        if changes is None:
            return False
        self.select_event(_added(changes.events))
        return True

    def new_event_from_selection(self, selection: tuple[int, int] | None) -> bool:
        """An event filled from the spans inside ``selection`` (or from the selected span)."""
        from annotator.services import workspace
        from annotator.services.annotate import CreateEvent, SpanInfo

        if self.doc is None or self.codebook is None:
            return False
        if selection is not None:
            found = self.spans.touching(*selection)
        else:
            selected = self.spans.get(self.selected_span) if self.selected_span is not None else None
            found = [selected] if selected is not None else []
        if not found:
            self.message.emit("Select text that holds tagged spans first.", 4000)
            return False
        self.flush()
        spans = [SpanInfo(*s) for s in found]
        values, evidence = workspace.event_from_spans(self.codebook, spans, self.doc.published)
        values = self._with_actor_types(None, {**self.defaults(), **values})
        command = CreateEvent(
            self.ref, values=tuple(values.items()), evidence=tuple((n, tuple(k)) for n, k in evidence.items())
        )
        changes = self.run(command)
        if changes is None:
            return False
        self.select_event(_added(changes.events))
        return True

    def delete_event(self) -> None:
        from annotator.services.annotate import DeleteEvent

        key = self.current_event
        if key is None or self.doc is None:
            return
        self.flush()
        keys = [e.key for e in self.events]
        i = keys.index(key) if key in keys else -1
        after = keys[i + 1] if 0 <= i < len(keys) - 1 else (keys[i - 1] if i > 0 else None)
        if self.run(DeleteEvent(self.ref, key)) is not None:
            self.select_event(after)

    def edit_field(self, name: str, value: Any) -> None:
        from annotator.services.annotate import SetEventField

        if self.current_event is None or self.doc is None:
            return
        self.editing_field = name
        try:
            changes = self.run(SetEventField.one(self.ref, self.current_event, name, value))
        finally:
            self.editing_field = None
        if changes is not None:
            self.fieldSaved.emit(name)

    def edit_fields(self, values: dict[str, Any]) -> None:
        """Set several fields of the current event as one edit (an actor and the type that follows it)."""
        from annotator.services.annotate import SetEventField

        if self.current_event is None or self.doc is None or not values:
            return
        self.editing_field = next(iter(values))
        try:
            changes = self.run(SetEventField(self.ref, self.current_event, tuple(values.items())))
        finally:
            self.editing_field = None
        if changes is not None:
            for name in values:
                self.fieldSaved.emit(name)

    def set_place(self, values: dict[str, Any], span: str | None = None) -> None:
        """Fill the current event's place fields with a place looked up (Ctrl+G), and link ``span``
        as the location's evidence: one command, one undo step."""
        from annotator.services.annotate import Composite, LinkEvidence, SetEventField

        event = self.current_event_info()
        if event is None or self.doc is None:
            self.message.emit("Select or create an event first (Ctrl+N).", 4000)
            return
        commands: list[Command] = [SetEventField(self.ref, event.key, tuple(values.items()))]
        if span is not None and span in self.spans and span not in event.evidence.get("location", ()):
            commands.append(LinkEvidence(self.ref, event.key, "location", span))
        where = values.get("location") or "place"
        if self.run(Composite(tuple(commands), f"Place: {where}")) is not None:
            for name in values:
                self.fieldSaved.emit(name)

    def _with_actor_types(self, event: EventInfo | None, values: dict[str, Any]) -> dict[str, Any]:
        """``values`` plus the type of each actor they set, where the type follows the actor."""
        if self.assist is None:
            return values
        if event is None:
            from annotator.services.annotate import EventInfo

            event = EventInfo("", 0, self._blank_fields(), {})
        return self.assist.with_actor_types(event, values)

    @staticmethod
    def _blank_fields() -> Any:
        from annotator.domain.models import EventFields

        return EventFields()

    def link_span(self, field: str, key: str) -> None:
        """Link a span as evidence of a field of the current event, and fill the field from it."""
        from annotator.services import workspace
        from annotator.services.annotate import Composite, LinkEvidence, SetEventField

        event = self.current_event_info()
        span = self.spans.get(key)
        if event is None or span is None or self.codebook is None or self.doc is None:
            self.message.emit("Select or create an event first (Ctrl+N).", 4000)
            return
        self.flush()
        fills = workspace.fill_values(self.codebook, field, span.text, getattr(event.fields, field), self.doc.published)
        if fills:
            fills = self._with_actor_types(event, fills)
        commands: list[Command] = [LinkEvidence(self.ref, event.key, field, key)]
        if fills:
            commands.append(SetEventField(self.ref, event.key, tuple(fills.items())))
        command = commands[0] if len(commands) == 1 else Composite(tuple(commands), f"Link {field} evidence")
        if self.run(command) is not None:
            self.fieldLinked.emit(field)

    def link_selected_span(self, field: str) -> None:
        if self.selected_span is None:
            self.message.emit("Select a span in the text first: ] and [ step through them.", 4000)
            return
        self.link_span(field, self.selected_span)

    def unlink_span(self, field: str, key: str) -> None:
        from annotator.services.annotate import UnlinkEvidence

        if self.current_event is not None and self.doc is not None:
            self.run(UnlinkEvidence(self.ref, self.current_event, field, key))

    def toggle_done(self) -> None:
        from annotator.domain.models import SetStatus as Status
        from annotator.services.annotate import SetStatus

        if self.doc is None:
            return
        self.run(SetStatus(self.ref, Status.IN_PROGRESS if self.status == Status.DONE else Status.DONE))

    def done_and_next(self) -> None:
        from annotator.domain.models import SetStatus

        if self.doc is not None and self.status != SetStatus.DONE:
            self.toggle_done()
        self.next_uncoded()

    def accept_suggestion(self, suggestion: Suggestion) -> bool:
        """Make a suggestion the coder's span, filling the current event's empty fields (or a new
        event's). One command, one undo step."""
        from annotator.services.accepting import accept_command
        from annotator.services.annotate import CreateEvent, SpanInfo
        from annotator.services.workspace import CodingState

        if self.doc is None or self.status is None or self.codebook is None:
            return False
        self.flush()
        state = CodingState(self.status, [SpanInfo(*s) for s in self.spans.in_order()], list(self.events))
        had = self.current_event
        command = accept_command(self.codebook, state, self.ref, suggestion, event_key=had, defaults=self.defaults())
        if self.run(command) is None:
            return False
        created = next((c.key for c in command.commands if isinstance(c, CreateEvent)), None)
        self.created_notice = None
        if created is not None:
            number = next((i for i, e in enumerate(self.events, 1) if e.key == created), len(self.events))
            why = "no event was selected" if had is None else "the selected one was not found"
            self.created_notice = f"New event {number} made for the accepted {suggestion.label} ({why})."
            self.message.emit(self.created_notice, 8000)
            if self.current_event != created:
                self.select_event(created)
        return True

    # ------------------------------------------------------------------ after every edit, undo and redo

    def _apply_changes(self, changes: Changes) -> None:
        self._commits += 1
        doc = self.doc
        if doc is None or not any(t.article_id == doc.id for t in changes.targets):
            return
        if changes.spans:
            self._apply_spans(changes.spans)
        if changes.events:
            by_key = {e.key: e for e in self.events}
            for key, event in changes.events.items():
                if event is None:
                    by_key.pop(key, None)
                else:
                    by_key[key] = event
            self.events = sorted(by_key.values(), key=lambda e: (e.position, len(e.key), e.key))
            reselect = self.current_event not in by_key
            if reselect:
                # The event shown was deleted (or none was shown): show one that just came back.
                back = [k for k, e in changes.events.items() if e is not None]
                self.current_event = back[0] if back else None
            self.eventsChanged.emit(reselect)
            self.rowChanged.emit(doc.id)
        if changes.status is not None:
            self.status = changes.status
            self.statusChanged.emit(changes.status)
            self.rowChanged.emit(doc.id)
            self.refresh_progress()
        self.edited.emit(changes)

    def _apply_spans(self, after: dict[str, SpanInfo | None]) -> None:
        before: dict[str, Span | None] = {}
        for key, info in after.items():
            old = self.spans.get(key)
            before[key] = old
            if old is not None:
                self.spanAboutToBeRemoved.emit(self.spans.row_of(key))
                self.spans.remove(key)
                self.spanRemoved.emit()
            if info is not None:
                self.spanAboutToBeInserted.emit(self.spans.insertion_row(info))
                self.spans.add(info)
                self.spanInserted.emit()
        self.spansChanged.emit(SpanDelta(before, after))
        if self.selected_span is not None and self.selected_span not in self.spans:
            self.select_span(None)


def _added(changed: dict[str, Any]) -> str | None:
    """The key a command created (the service drew it)."""
    return next((k for k, v in changed.items() if v is not None), None)


def nothing_left_to_code(*, queue: bool, only_this: bool) -> str:
    """What Ctrl+J says when it finds no other article to open: in a coder's queue, about the queue
    (the project may have other articles, which are not theirs to code)."""
    where = " in your queue" if queue else ""
    if only_this:
        return f"This is the last article{where} still to code."
    return f"Every article{where} is done. Well coded!"
