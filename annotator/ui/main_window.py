"""The coding workspace: article list and spans on the left, the text in the middle, events on the right.

The window paints before the database is touched: SQLAlchemy, pydantic and the codebook load
on the first turn of the event loop after the first paint (``load``), so the app appears at
once. Every edit becomes a services command run by the ``CodingSession``; the window then
refreshes only what the returned ``Changes`` name.
"""

from __future__ import annotations

import gc
import os
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QFont,
    QKeySequence,
    QUndoGroup,
)
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from annotator.ui.coding.article_header import ArticleHeader
from annotator.ui.coding.article_list import STATUS_TEXT, ArticleListPanel
from annotator.ui.coding.article_view import ArticleView
from annotator.ui.coding.span_list import SpanListModel, SpanListView
from annotator.ui.common import shortcuts as keys
from annotator.ui.common.settings import Settings
from annotator.ui.common.tasks import TaskRunner
from annotator.ui.common.theme import Theme, apply_theme, resolve

if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtGui import QCloseEvent, QIcon, QPaintEvent
    from PySide6.QtWidgets import QMenu

    from annotator.domain.codebook import Codebook
    from annotator.services.annotate import Changes, Command, EventInfo
    from annotator.services.project import Project
    from annotator.services.workspace import ArticleDoc
    from annotator.ui.coding.event_panel import EventPanel
    from annotator.ui.coding.session import CodingSession
    from annotator.ui.coding.suggestions import SuggestionLayer

ARTICLE_FONTS = ["Noto Serif", "Source Serif 4", "Georgia", "Cambria", "DejaVu Serif", "serif"]


class MainWindow(QMainWindow):
    def __init__(
        self,
        url: str,
        *,
        codebook: str | Path | None = None,
        settings: Settings | None = None,
        synchronous: bool = False,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.url = url
        self._codebook_path = codebook
        self.settings = settings or Settings()
        self.coder = self.settings.coder
        self.tasks = TaskRunner(synchronous=synchronous, parent=self)
        self.undo_group = QUndoGroup(self)
        self.project: Project | None = None
        self.codebook: Codebook | None = None
        self.session: CodingSession | None = None
        self.events_panel: EventPanel | None = None
        self.doc: ArticleDoc | None = None
        self.status = "not_started"
        self.events: list[EventInfo] = []
        self.current_event: str | None = None
        self._next_span: int | None = None
        self._editing_field: str | None = None
        self._load_scheduled = False
        self.suggestions: SuggestionLayer | None = None  # made once the project is open
        self.theme = resolve(self.settings.theme)
        self._build()
        self._build_actions()
        self._restore_layout()
        self._update_title()

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        self.articles = ArticleListPanel()
        self.spans_model = SpanListModel(self)
        self.spans_view = SpanListView(self.spans_model)
        spans_box = QWidget()
        spans_layout = QVBoxLayout(spans_box)
        spans_layout.setContentsMargins(0, 0, 0, 0)
        spans_layout.setSpacing(4)
        self.spans_heading = QLabel("Spans")
        self.spans_heading.setObjectName("muted")
        spans_layout.addWidget(self.spans_heading)
        spans_layout.addWidget(self.spans_view, 1)
        self.left = QSplitter(Qt.Orientation.Vertical)
        self.left.setObjectName("leftSplitter")
        self.left.addWidget(self.articles)
        self.left.addWidget(spans_box)
        self.left.setStretchFactor(0, 3)
        self.left.setStretchFactor(1, 2)

        self.header = ArticleHeader()
        self.view = ArticleView()
        font = QFont()
        font.setFamilies(ARTICLE_FONTS)
        font.setPointSizeF(12.5)
        self.view.set_base_font(font)
        self.view.set_zoom(self.settings.zoom)
        self.view.snap_to_words = self.settings.snap_to_words
        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.setSpacing(6)
        centre_layout.addWidget(self.header)
        centre_layout.addWidget(self.view, 1)

        self.right = QWidget()
        self.right.setObjectName("rightPane")
        self.right_layout = QVBoxLayout(self.right)
        self.right_layout.setContentsMargins(0, 0, 0, 0)
        self.opening = QLabel(f"Opening {self._short_url()}…")
        self.opening.setObjectName("muted")
        self.opening.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.right_layout.addWidget(self.opening)

        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.setObjectName("mainSplitter")
        self.split.addWidget(self.left)
        self.split.addWidget(centre)
        self.split.addWidget(self.right)
        self.split.setStretchFactor(0, 2)
        self.split.setStretchFactor(1, 5)
        self.split.setStretchFactor(2, 3)
        self.split.setSizes([300, 760, 440])
        self.split.setContentsMargins(6, 4, 6, 2)
        self.setCentralWidget(self.split)

        self.labels_bar = QToolBar("Labels")
        self.labels_bar.setObjectName("labelsBar")
        self.labels_bar.setMovable(False)
        self.labels_bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.addToolBar(self.labels_bar)

        bar = self.statusBar()
        self.saved_label = QLabel("")
        self.saved_label.setObjectName("saved")
        self.progress_label = QLabel("")
        self.coder_label = QLabel("")
        self.coder_label.setObjectName("muted")
        bar.addPermanentWidget(self.saved_label)
        bar.addPermanentWidget(self.progress_label)
        bar.addPermanentWidget(self.coder_label)

        self.articles.articleActivated.connect(self.open_article)
        self.articles.queryChanged.connect(lambda _s, _t: self.reload_list())
        self.view.tagRequested.connect(self.tag)
        self.view.deleteRequested.connect(self.delete_span)
        self.view.spanSelected.connect(self._span_selected)
        self.view.spanPicked.connect(self._span_picked)
        self.view.contextRequested.connect(self._context_menu)
        self.view.helpRequested.connect(self.show_cheat_sheet)
        self.spans_view.activatedKey.connect(lambda key: self.view.select_span(key))

    def _action(
        self, text: str, slot: Any, shortcut: str | tuple[str, ...] | None = None, *, checkable: bool = False
    ) -> QAction:
        action = QAction(text, self)
        if shortcut:
            seqs = [shortcut] if isinstance(shortcut, str) else list(shortcut)
            action.setShortcuts([QKeySequence(s) for s in seqs])
        action.setCheckable(checkable)
        action.triggered.connect(slot)
        self.addAction(action)  # shortcuts work even where the menu bar is hidden
        return action

    def _build_actions(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        file_menu.addAction(self._action("Coder name…", self.ask_coder))
        file_menu.addAction(self._action("Export…", self.show_export, keys.EXPORT))
        file_menu.addSeparator()
        file_menu.addAction(self._action("Quit", self.close, keys.QUIT))

        edit = menu.addMenu("&Edit")
        self.undo_action = self.undo_group.createUndoAction(self, "Undo")
        self.undo_action.setShortcuts([QKeySequence(keys.UNDO)])
        self.redo_action = self.undo_group.createRedoAction(self, "Redo")
        self.redo_action.setShortcuts([QKeySequence(keys.REDO), QKeySequence(keys.REDO_ALT)])
        for a in (self.undo_action, self.redo_action):
            self.addAction(a)
            edit.addAction(a)

        article = menu.addMenu("&Article")
        self.done_action = self._action("Mark done", self.toggle_done, keys.MARK_DONE)
        article.addAction(self.done_action)
        article.addAction(self._action("Next article to code", self.next_uncoded, keys.NEXT_UNCODED))
        article.addAction(self._action("Mark done and open the next", self.done_and_next, keys.DONE_AND_NEXT))
        article.addSeparator()
        article.addAction(self._action("Next in list", lambda: self.step_article(1), keys.NEXT_ARTICLE))
        article.addAction(self._action("Previous in list", lambda: self.step_article(-1), keys.PREVIOUS_ARTICLE))
        article.addAction(self._action("Search articles", self.focus_search, keys.SEARCH))
        article.addSeparator()
        article.addAction(self._action("Next suggestion", lambda: self._suggestions().step(1), keys.NEXT_SUGGESTION))
        article.addAction(
            self._action("Previous suggestion", lambda: self._suggestions().step(-1), keys.PREVIOUS_SUGGESTION)
        )
        # Enter and Backspace act in the text only (the form keeps them): the menu just names them.
        article.addAction(self._action("Accept suggestion\tEnter", lambda: self._suggestions().accept()))
        article.addAction(
            self._action("Choose the place and accept…\tShift+Enter", lambda: self._suggestions().accept_place())
        )
        article.addAction(self._action("Dismiss suggestion\tBackspace", lambda: self._suggestions().dismiss()))

        event = menu.addMenu("E&vent")
        event.addAction(self._action("New event", self.new_event, keys.NEW_EVENT))
        event.addAction(
            self._action("New event from selection", self.new_event_from_selection, keys.EVENT_FROM_SELECTION)
        )
        event.addAction(self._action("Delete event", self.delete_event, keys.DELETE_EVENT))
        event.addSeparator()
        event.addAction(self._action("Next event", lambda: self.step_event(1), keys.NEXT_EVENT))
        event.addAction(self._action("Previous event", lambda: self.step_event(-1), keys.PREVIOUS_EVENT))

        view = menu.addMenu("&View")
        theme_menu = view.addMenu("Theme")
        group = QActionGroup(self)
        for name, text in (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark")):
            act = QAction(text, self, checkable=True)
            act.setChecked(self.settings.theme == name)
            act.triggered.connect(lambda _c=False, n=name: self.set_theme(n))
            group.addAction(act)
            theme_menu.addAction(act)
        view.addAction(self._action("Bigger text", lambda: self.zoom(1), (keys.ZOOM_IN, "Ctrl+=")))
        view.addAction(self._action("Smaller text", lambda: self.zoom(-1), keys.ZOOM_OUT))
        view.addAction(self._action("Normal size", lambda: self.zoom(0), keys.ZOOM_RESET))
        snap = self._action("Snap selections to whole words", self._toggle_snap, checkable=True)
        snap.setChecked(self.view.snap_to_words)
        view.addAction(snap)
        shown = self._action("Show suggestions", lambda on: self._suggestions().set_enabled(on), checkable=True)
        shown.setChecked(self.settings.show_suggestions)
        view.addAction(shown)
        view.addSeparator()
        view.addAction(self._action("Go to article list", lambda: self.articles.table.setFocus(), keys.FOCUS_LIST))
        view.addAction(self._action("Go to text", lambda: self.view.setFocus(), keys.FOCUS_TEXT))
        view.addAction(self._action("Go to event form", self.focus_form, keys.FOCUS_FORM))
        view.addAction(self._action("Go to span list", lambda: self.spans_view.setFocus(), keys.FOCUS_SPANS))

        help_menu = menu.addMenu("&Help")
        help_menu.addAction(self._action("Keyboard shortcuts", self.show_cheat_sheet, keys.HELP))

    # ------------------------------------------------------------------ start-up

    def paintEvent(self, e: QPaintEvent) -> None:
        super().paintEvent(e)
        if not self._load_scheduled:
            # Load the project only once the window has been painted: the app shows at once.
            self._load_scheduled = True
            QTimer.singleShot(0, self.load)

    def load(self) -> None:
        """Open the project and the last article (imports SQLAlchemy and the codebook)."""
        if self.project is not None:
            return
        self._load_scheduled = True
        from annotator.domain.errors import UserError
        from annotator.services.project import open_project

        try:
            self.project = open_project(self.url, codebook=self._codebook_path)
        except UserError as exc:
            self.opening.setText(f"Cannot open the database:\n{exc}")
            self.opening.setWordWrap(True)
            self.statusBar().showMessage(str(exc))
            return
        self.codebook = self.project.codebook
        self._build_coding_widgets()
        self._start_session()

    def _build_coding_widgets(self) -> None:
        from annotator.ui.coding.event_panel import EventPanel

        assert self.codebook is not None
        self.opening.hide()
        panel = EventPanel(self.codebook)
        self.events_panel = panel
        self.right_layout.addWidget(panel)
        panel.eventSelected.connect(self.select_event)
        panel.newRequested.connect(self.new_event)
        panel.fromSelectionRequested.connect(self.new_event_from_selection)
        panel.deleteRequested.connect(self.delete_event)
        form = panel.form
        form.edited.connect(self.edit_field)
        form.linkRequested.connect(self.link_selected_span)
        form.unlinkRequested.connect(self.unlink_span)
        form.spanDropped.connect(self.link_span)
        form.hovered.connect(self._field_hovered)
        form.focused.connect(self._field_hovered)
        for editor in form.fields.values():
            for w in editor.widgets():
                w.installEventFilter(self)  # Ctrl+Z/Ctrl+Shift+Z go to the app's undo, not the editor's
        self.view.is_field = lambda w: form.field_of(w) is not None
        self.view.label_keys = {lb.key: lb.name for lb in self.codebook.labels}
        self._build_label_bar()
        self.apply_theme(self.theme)

    def _build_label_bar(self) -> None:
        assert self.codebook is not None
        bar = self.labels_bar
        bar.clear()
        for lb in self.codebook.labels:
            act = QAction(_dot(lb.colour), f"{lb.name}  {lb.key.upper()}", self)
            act.setToolTip(f"{lb.description}\nSelect text, then press {lb.key.upper()}")
            act.triggered.connect(lambda _c=False, name=lb.name: self.tag(name))
            bar.addAction(act)
            button = bar.widgetForAction(act)
            if button is not None:
                button.setObjectName("labelButton")
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        spacer = QWidget()
        spacer.setSizePolicy(spacer.sizePolicy().Policy.Expanding, spacer.sizePolicy().Policy.Preferred)
        bar.addWidget(spacer)
        for act, text in ((self.undo_action, "Undo"), (self.redo_action, "Redo")):
            bar.addAction(act)
            act.setIconText(text)
        bar.addSeparator()
        done = QAction("Done  Ctrl+D", self)
        done.setToolTip("Mark the article done (Ctrl+D); Ctrl+J opens the next one to code")
        done.triggered.connect(self.toggle_done)
        bar.addAction(done)
        nxt = QAction("Next  Ctrl+J", self)
        nxt.setToolTip("Open the next article not yet done (Ctrl+J)")
        nxt.triggered.connect(self.next_uncoded)
        bar.addAction(nxt)
        for act in bar.actions():
            w = bar.widgetForAction(act)
            if w is not None:
                w.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def _start_session(self) -> None:
        from annotator.services import workspace
        from annotator.ui.coding.session import CodingSession

        assert self.project is not None
        if self.session is not None:
            self.session.close()
        self.session = CodingSession(self.project, self.coder, self.undo_group, self)
        self.session.changed.connect(self._apply_changes)
        self.session.changed.connect(self._suggestions().spans_changed)
        self.session.problem.connect(self._problem)
        self.session.fieldProblem.connect(self._field_problem)
        self.session.saved.connect(self._saved)
        self.session.broken.connect(self.open_article)
        self.articles.model.fetch = lambda ids: workspace.article_rows(self.project, self.coder, ids)  # type: ignore[arg-type]
        self._update_title()
        last = self.settings.last_article(self.url)
        if last is None or workspace.load_article(self.project, last) is None:
            last = workspace.next_article(self.project, self.coder, None)
        if last is not None:
            self.open_article(last)
        self.reload_list()
        self._update_progress()
        self._saved()
        # The libraries loaded at start-up (SQLAlchemy, pydantic, the codebook, Qt wrappers) live
        # as long as the app: keep them out of the cycle collector, whose full passes over them
        # would otherwise pause the window for tens of milliseconds at random moments.
        gc.freeze()

    # ------------------------------------------------------------------ the article

    def open_article(self, article_id: int) -> None:
        from annotator.services import workspace
        from annotator.services.annotate import SetRef

        if self.project is None or self.session is None:
            return
        doc, state = workspace.open_for_coding(self.project, SetRef(article_id, self.coder))
        if doc is None:
            self._problem(f"Article {article_id} is no longer in the database.")
            return
        self.doc = doc
        self.session.set_article(article_id)
        self.status = state.status.value
        self.view.load(doc.text, state.spans)
        self.spans_model.reset(self.view.index)
        self._next_span = None  # found on the first tag: scanning 10,000 keys need not slow the open
        self.events = list(state.events)
        self.current_event = self.events[0].key if self.events else None
        self._refresh_events(select_form=True)
        self._show_status()
        self.articles.show_article(article_id)
        self.settings.set_last_article(self.url, article_id)
        self._update_span_heading()
        self._suggestions().article_opened(doc)

    def _suggestions(self) -> SuggestionLayer:
        """The suggestion layer, made on first use, after the first paint (start-up does not grow)."""
        if self.suggestions is None:
            from annotator.ui.coding.suggestions import SuggestionLayer

            self.suggestions = SuggestionLayer(self)
        return self.suggestions

    def _show_status(self) -> None:
        self.header.show_article(self.doc, STATUS_TEXT.get(self.status, ""))
        self.done_action.setText("Mark in progress again" if self.status == "done" else "Mark done")

    def _update_span_heading(self) -> None:
        n = len(self.view.index)
        self.spans_heading.setText(f"Spans  ·  {n:,}" if n else "Spans  ·  select text and press a label key")

    def reload_list(self) -> None:
        from annotator.domain.models import SetStatus
        from annotator.services import workspace

        if self.project is None:
            return
        status = self.articles.status.currentData()
        query = workspace.ArticleQuery(SetStatus(status) if status else None, self.articles.search.text())
        project, coder = self.project, self.coder
        current = self.doc.id if self.doc else None
        self.tasks.run_db(
            lambda: workspace.article_ids(project, coder, query),
            lambda ids: self.articles.set_ids(ids, current),
            lambda exc: self._problem(f"Could not list articles: {exc}"),
            channel="list",
        )

    def _update_progress(self) -> None:
        from annotator.services import workspace

        if self.project is None:
            return
        p = workspace.progress(self.project, self.coder)
        self.progress_label.setText(f"Done {p.done:,} / {p.total:,}")

    # ------------------------------------------------------------------ running edits

    def run(self, command: Command) -> Changes | None:
        if self.session is None or self.doc is None:
            return None
        return self.session.run(command)

    def _ref(self) -> Any:
        assert self.session is not None
        return self.session.ref

    def tag(self, label: str) -> None:
        """Tag the selected text with ``label``; with a span selected and no text, relabel it."""
        from annotator.services.annotate import AddSpan, RelabelSpan, next_key

        if self.doc is None:
            return
        selection = self.view.selection_cp()
        if selection is None:
            if self.view.selected is not None:
                self.run(RelabelSpan(self._ref(), self.view.selected, label))
            else:
                self.statusBar().showMessage("Select some text first (Shift+arrows, or drag with the mouse).", 4000)
            return
        if self._next_span is None:
            self._next_span = int(next_key("s", self.view.index.keys())[1:])
        key = f"s{self._next_span}"
        changes = self.run(AddSpan(self._ref(), selection[0], selection[1], label, key=key))
        if changes is not None:
            self.view.clear_selection()
            self.view.select_span(key, reveal=False)

    def delete_span(self) -> None:
        from annotator.services.annotate import DeleteSpan

        if self.view.selected is not None:
            key = self.view.selected
            neighbour = self.view.index.neighbour(key, 0, 1) or self.view.index.neighbour(key, 0, -1)
            if self.run(DeleteSpan(self._ref(), key)) is not None and neighbour is not None:
                self.view.select_span(neighbour.key, reveal=False)

    def new_event(self) -> None:
        from annotator.services.annotate import CreateEvent, next_key

        if self.doc is None:
            return
        key = next_key("e", (e.key for e in self.events))
        if self.run(CreateEvent(self._ref(), key=key)) is not None:
            self.select_event(key)
            self.focus_form()

    def new_event_from_selection(self) -> None:
        """An event filled from the spans inside the selected text (or from the selected span)."""
        from annotator.services import workspace
        from annotator.services.annotate import CreateEvent, next_key

        if self.doc is None or self.codebook is None:
            return
        selection = self.view.selection_cp()
        if selection is not None:
            spans = self.view.index.touching(*selection)
        elif self.view.selected is not None:
            spans = [self.view.index.get(self.view.selected)]
        else:
            spans = []
        if not spans:
            self.statusBar().showMessage("Select text that holds tagged spans first.", 4000)
            return
        values, evidence = workspace.event_from_spans(self.codebook, spans, self.doc.published)  # type: ignore[arg-type]
        key = next_key("e", (e.key for e in self.events))
        command = CreateEvent(
            self._ref(),
            key=key,
            values=tuple(values.items()),
            evidence=tuple((n, tuple(k)) for n, k in evidence.items()),
        )
        if self.run(command) is not None:
            self.view.clear_selection()
            self.select_event(key)

    def delete_event(self) -> None:
        from annotator.services.annotate import DeleteEvent

        if self.current_event is None:
            return
        key = self.current_event
        assert self.events_panel is not None
        after = self.events_panel.neighbour(key, 1) or self.events_panel.neighbour(key, -1)
        if self.run(DeleteEvent(self._ref(), key)) is not None:
            self.select_event(after)

    def edit_field(self, name: str, value: Any) -> None:
        from annotator.services.annotate import SetEventField

        if self.current_event is None or self.events_panel is None:
            return
        self._editing_field = name
        try:
            changes = self.run(SetEventField.one(self._ref(), self.current_event, name, value))
        finally:
            self._editing_field = None
        if changes is not None:
            self.events_panel.form.show_error(name, None)

    def link_span(self, field: str, key: str) -> None:
        """Link a span as evidence of a field of the current event, and fill the field from it."""
        from annotator.services import workspace
        from annotator.services.annotate import Composite, LinkEvidence, SetEventField

        event = self._current_event_info()
        span = self.view.index.get(key)
        if event is None or span is None or self.codebook is None or self.doc is None:
            self.statusBar().showMessage("Select or create an event first (Ctrl+N).", 4000)
            return
        fills = workspace.fill_values(self.codebook, field, span.text, getattr(event.fields, field), self.doc.published)
        commands: list[Command] = [LinkEvidence(self._ref(), event.key, field, key)]
        if fills:
            commands.append(SetEventField(self._ref(), event.key, tuple(fills.items())))
        command = commands[0] if len(commands) == 1 else Composite(tuple(commands), f"Link {field} evidence")
        if self.run(command) is not None and self.events_panel is not None:
            self.events_panel.form.show_error(field, None)
            self.events_panel.form.focus_field(field)
            self.view.set_hover(self._current_event_evidence(field))

    def link_selected_span(self, field: str) -> None:
        if self.view.selected is None:
            self.statusBar().showMessage("Select a span in the text first: ] and [ step through them.", 4000)
            return
        self.link_span(field, self.view.selected)

    def unlink_span(self, field: str, key: str) -> None:
        from annotator.services.annotate import UnlinkEvidence

        if self.current_event is not None:
            self.run(UnlinkEvidence(self._ref(), self.current_event, field, key))

    def toggle_done(self) -> None:
        from annotator.domain.models import SetStatus as Status
        from annotator.services.annotate import SetStatus

        if self.doc is None:
            return
        target = Status.IN_PROGRESS if self.status == "done" else Status.DONE
        self.run(SetStatus(self._ref(), target))

    def next_uncoded(self) -> None:
        from annotator.services import workspace

        if self.project is None:
            return
        found = workspace.next_article(self.project, self.coder, self.doc.id if self.doc else None)
        if found is None:
            self.statusBar().showMessage("Every article is done. Well coded!", 6000)
            return
        self.open_article(found)

    def done_and_next(self) -> None:
        if self.status != "done":
            self.toggle_done()
        self.next_uncoded()

    def step_article(self, step: int) -> None:
        found = self.articles.neighbour(self.doc.id if self.doc else None, step)
        if found is not None:
            self.open_article(found)

    # ------------------------------------------------------------------ refreshing after edits

    def _apply_changes(self, changes: Changes) -> None:
        if self.doc is None or not any(t.article_id == self.doc.id for t in changes.targets):
            return
        if changes.spans:
            index = self.view.index
            for key, info in changes.spans.items():
                old = index.get(key)
                if old is not None:
                    self.view.invalidate(old.start, old.end)
                    self.spans_model.remove(key)
                if info is not None:
                    self.spans_model.add(info)
                    self.view.invalidate(info.start, info.end)
                    if key[1:].isdigit() and key.startswith("s") and self._next_span is not None:
                        self._next_span = max(self._next_span, int(key[1:]) + 1)
                elif self.view.selected == key:
                    self.view.select_span(None, reveal=False)
            self._update_span_heading()
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
            self._refresh_events(select_form=reselect)
            self.articles.model.refresh(self.doc.id)
        if changes.status is not None:
            self.status = changes.status.value
            self._show_status()
            self.articles.model.refresh(self.doc.id)
            self._update_progress()
            if self.articles.status.currentData() is not None:
                self.reload_list()  # the list is filtered by status: the article may leave or join it

    def _refresh_events(self, *, select_form: bool) -> None:
        panel = self.events_panel
        if panel is None:
            return
        panel.show_events(self.events, self.current_event, uses=self.view.selected)
        event = self._current_event_info()
        texts = self._evidence_texts(event)
        if select_form:
            panel.form.show_event(event, texts)
        else:
            panel.form.refresh(event, skip=self._editing_field, span_text=texts)
            panel.form.setEnabled(event is not None)
        panel.form.mark_fields_using(self.view.selected)
        self.spans_model.set_used({k for e in self.events for ks in e.evidence.values() for k in ks})

    def _evidence_texts(self, event: EventInfo | None) -> dict[str, str]:
        if event is None:
            return {}
        out = {}
        for keys_ in event.evidence.values():
            for k in keys_:
                span = self.view.index.get(k)
                if span is not None:
                    out[k] = span.text
        return out

    def _current_event_info(self) -> EventInfo | None:
        return next((e for e in self.events if e.key == self.current_event), None)

    def _current_event_evidence(self, field: str | None) -> tuple[str, ...]:
        event = self._current_event_info()
        if event is None or field is None:
            return ()
        return tuple(event.evidence.get(field, ()))

    def select_event(self, key: str | None) -> None:
        self.current_event = key
        if self.events_panel is not None:
            self.events_panel.select(key)
            self.events_panel.form.show_event(
                self._current_event_info(), self._evidence_texts(self._current_event_info())
            )
            self.events_panel.form.mark_fields_using(self.view.selected)
            self.events_panel.delete.setEnabled(key is not None)

    def step_event(self, step: int) -> None:
        if self.events_panel is not None:
            key = self.events_panel.neighbour(self.current_event, step)
            if key is not None:
                self.select_event(key)

    def _span_selected(self, key: str | None) -> None:
        self.spans_view.show_key(key)
        if self.events_panel is not None:
            self.events_panel.form.mark_fields_using(key)
            self.events_panel.show_events(self.events, self.current_event, uses=key)

    def _span_picked(self, key: str) -> None:
        form = self.events_panel.form if self.events_panel else None
        if form is not None and form.current_field:
            self.link_span(form.current_field, key)

    def _field_hovered(self, name: str | None) -> None:
        self.view.set_hover(self._current_event_evidence(name))

    # ------------------------------------------------------------------ feedback

    def _saved(self) -> None:
        self.saved_label.setObjectName("saved")
        self.saved_label.setText("✓ All changes saved")
        self.saved_label.setStyleSheet("")

    def _problem(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)

    def _field_problem(self, name: str, reason: str) -> None:
        if self.events_panel is not None:
            self.events_panel.form.show_error(name, reason)
        self.saved_label.setObjectName("unsaved")
        self.saved_label.setText(f"Not saved: {name.replace('_', ' ')}")
        self.saved_label.setStyleSheet(f"color: {self.theme.error};")

    def _update_title(self) -> None:
        db = os.path.basename(self.url.split("///", 1)[-1]) if self.url.startswith("sqlite") else self._short_url()
        self.setWindowTitle(f"Annotator — coding as {self.coder} — {db}")
        self.coder_label.setText(f"Coder: {self.coder}")

    def _short_url(self) -> str:
        if "@" in self.url:
            return self.url.split("@", 1)[-1]
        return self.url.rsplit("/", 1)[-1]

    # ------------------------------------------------------------------ view options

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, theme)
        colours = {lb.name: lb.colour for lb in self.codebook.labels} if self.codebook else {}
        self.view.set_theme(theme, colours)
        self.spans_model.colours = colours
        self.spans_view.viewport().update()
        if self.saved_label.objectName() == "unsaved":
            self.saved_label.setStyleSheet(f"color: {theme.error};")

    def set_theme(self, choice: str) -> None:
        self.settings.set("view/theme", choice)
        self.apply_theme(resolve(choice))

    def zoom(self, step: int) -> None:
        self.view.set_zoom(0 if step == 0 else self.view.zoom_steps + step)
        self.settings.set("view/zoom", self.view.zoom_steps)

    def _toggle_snap(self, on: bool) -> None:
        self.view.snap_to_words = bool(on)
        self.settings.set("view/snap_to_words", bool(on))

    def focus_form(self) -> None:
        if self.events_panel is not None:
            if self.current_event is None and self.events:
                self.select_event(self.events[0].key)
            self.events_panel.form.focus_field()

    def focus_search(self) -> None:
        self.articles.search.setFocus()
        self.articles.search.selectAll()

    def show_cheat_sheet(self) -> None:
        from annotator.ui.coding.cheatsheet import CheatSheet

        labels = [(lb.key, lb.name) for lb in self.codebook.labels] if self.codebook else []
        CheatSheet(labels, self).exec()

    def show_export(self) -> None:
        """File > Export…: the dataset exports, on a worker thread (annotator.ui.export.dialog)."""
        if self.project is None:
            self.statusBar().showMessage("The database is not open yet.", 4000)
            return
        from annotator.ui.export.dialog import ExportDialog

        dialog = ExportDialog(self.project, self.settings, self, tasks=self.tasks)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.export_dialog = dialog
        dialog.open()

    def ask_coder(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        name, ok = QInputDialog.getText(self, "Coder name", "Code as:", text=self.coder)
        if ok and name.strip() and name.strip() != self.coder:
            self.set_coder(name.strip())

    def set_coder(self, name: str) -> None:
        self.coder = name
        self.settings.coder = name
        if self.project is not None:
            self._start_session()
        self._update_title()

    def _context_menu(self, global_pos: QPoint, _cp: int | None) -> None:
        menu = self.context_menu()
        if menu is not None:
            menu.exec(global_pos)
            menu.deleteLater()

    def context_menu(self) -> QMenu | None:
        """The text's right-click menu: tag or relabel, delete, link, new event from selection."""
        if self.codebook is None or self.doc is None:
            return None
        from PySide6.QtWidgets import QMenu

        menu = QMenu(self)
        has_text = self.view.selection_cp() is not None
        if has_text or self.view.selected is not None:
            tag_menu = menu.addMenu("Tag as" if has_text else "Relabel as")
            for lb in self.codebook.labels:
                act = tag_menu.addAction(_dot(lb.colour), f"{lb.name}\t{lb.key.upper()}")
                act.triggered.connect(lambda _c=False, n=lb.name: self.tag(n))
        if self.view.selected is not None:
            menu.addAction("Delete span\tDel").triggered.connect(self.delete_span)
            form = self.events_panel.form if self.events_panel else None
            if form is not None and form.current_field and self.current_event:
                name = form.current_field.replace("_", " ")
                menu.addAction(f"Link to {name}\tCtrl+L").triggered.connect(
                    lambda: self.link_selected_span(form.current_field or "")
                )
        menu.addAction("New event from selection\tCtrl+Shift+N").triggered.connect(self.new_event_from_selection)
        return menu

    # ------------------------------------------------------------------ window state

    def eventFilter(self, watched: QObject, e: QEvent) -> bool:
        # Text editors in the form have their own undo; hand Ctrl+Z and Ctrl+Shift+Z to the app's.
        if e.type() == QEvent.Type.ShortcutOverride:
            key_event: Any = e
            if key_event.matches(QKeySequence.StandardKey.Undo) or key_event.matches(QKeySequence.StandardKey.Redo):
                e.ignore()
                return True
        return False

    def _restore_layout(self) -> None:
        geometry = self.settings.bytes("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1440, 900)
        state = self.settings.bytes("window/state")
        if state is not None:
            self.restoreState(state)
        for splitter in (self.split, self.left):
            saved = self.settings.bytes(f"window/{splitter.objectName()}")
            if saved is not None:
                splitter.restoreState(saved)

    def save_layout(self) -> None:
        self.settings.set("window/geometry", self.saveGeometry())
        self.settings.set("window/state", self.saveState())
        for splitter in (self.split, self.left):
            self.settings.set(f"window/{splitter.objectName()}", splitter.saveState())
        self.settings.sync()

    def closeEvent(self, e: QCloseEvent) -> None:
        # Every edit is already committed; only the layout is left to remember.
        self.save_layout()
        self.tasks.close()
        if self.session is not None:
            self.session.close()
        if self.project is not None:
            self.project.close()
            self.project = None
        super().closeEvent(e)


def _dot(colour: str) -> QIcon:
    from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

    pixmap = QPixmap(14, 14)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(colour))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(1, 1, 12, 12)
    painter.end()
    return QIcon(pixmap)
