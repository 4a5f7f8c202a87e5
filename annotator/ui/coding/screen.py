"""The coding screen: article list and spans on the left, the text in the middle, events on the right.

It lays the widgets out, gives them to the ``CodingController`` and connects each to it: the
widgets report what the coder did, the controller runs it and says what changed, and each widget
redraws its part. The screen also carries its menu actions and the labels toolbar; the main window
places them. The event panel and the suggestion layer are made once the project (and so the
codebook) is open: the first window paints without them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import QLabel, QSplitter, QToolBar, QVBoxLayout, QWidget

from annotator.ui.coding.article_header import ArticleHeader
from annotator.ui.coding.article_list import STATUS_TEXT, ArticleListPanel
from annotator.ui.coding.article_view import ArticleView
from annotator.ui.coding.controller import CodingController
from annotator.ui.coding.review_note import ReviewNoteBar
from annotator.ui.coding.span_list import SpanListModel, SpanListView
from annotator.ui.common import shortcuts as keys
from annotator.ui.common.qt_enums import make_lazy_enums
from annotator.ui.common.shortcuts import make_action
from annotator.ui.common.theme import LIGHT, Theme

# How long the text and span list of an article just opened wait for its annotations before they
# are painted without them: usually the annotations come sooner (read while Qt lays out the text),
# and one paint with the colours costs less than a paint without them and another with them.
HOLD_PAINT_MS = 100
LAST_ARTICLE_WRITE_MS = 2000  # how long after opening an article it is written down as the last one

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon, QUndoGroup
    from PySide6.QtWidgets import QMenu

    from annotator.domain.codebook import Codebook
    from annotator.domain.models import SetStatus
    from annotator.services.project import Project
    from annotator.ui.coding.controller import SpanDelta
    from annotator.ui.coding.event_panel import EventPanel
    from annotator.ui.coding.form_assist import FormAssist
    from annotator.ui.coding.suggestions import SuggestionLayer
    from annotator.ui.common.settings import Settings
    from annotator.ui.common.tasks import TaskRunner

ARTICLE_FONTS = ["Noto Serif", "Source Serif 4", "Georgia", "Cambria", "DejaVu Serif", "serif"]
# The narrowest each pane may get (px), so no pane is squeezed out of use in a small window; with the
# window's minimum size (MainWindow) they fit a 1024x640 screen with room to spare.
LEFT_MIN, CENTRE_MIN, RIGHT_MIN = 190, 320, 300


class CodingScreen(QWidget):
    message = Signal(str, int)  # for the status bar: text, milliseconds (0: until replaced)
    retract = Signal(str)  # take this text off the status bar if it still shows
    unsavedChanged = Signal(str)  # what the form shows that is not saved ("" when all is saved)

    def __init__(
        self,
        settings: Settings,
        tasks: TaskRunner,
        undo_group: QUndoGroup,
        opening: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.tasks = tasks
        self.controller = CodingController(tasks, undo_group, self)
        self.events_panel: EventPanel | None = None
        self.assist: FormAssist | None = None  # the form's look-ups, made with the event panel
        self._place_span: str | None = None  # the place span a Ctrl+G search started from
        self.suggestions: SuggestionLayer | None = None  # made on first use, after the first paint
        self._enums_made = False  # (make_lazy_enums)
        self.theme = LIGHT
        self._colours: dict[str, str] = {}  # label -> colour, from the codebook
        self._build(opening)
        self.menus = self._build_actions()
        self._connect()

    # ------------------------------------------------------------------ building

    def _build(self, opening: str) -> None:
        self._held: int | None = None  # the article whose text waits for its annotations to paint
        self._last_article: tuple[str, int] | None = None  # (project URL, article) not yet written
        self._last_article_timer = QTimer(self)
        self._last_article_timer.setSingleShot(True)
        self._last_article_timer.setInterval(LAST_ARTICLE_WRITE_MS)
        self._last_article_timer.timeout.connect(self._write_last_article)
        self.articles = ArticleListPanel()
        self.spans_model = SpanListModel(self)
        self.spans_view = SpanListView(self.spans_model)
        spans_box = QWidget()
        spans_layout = QVBoxLayout(spans_box)
        spans_layout.setContentsMargins(0, 0, 0, 0)
        spans_layout.setSpacing(4)
        self.spans_heading = QLabel("Spans")
        self.spans_heading.setObjectName("muted")
        self.spans_heading.setWordWrap(True)  # its hint wraps in a narrow pane rather than being cut
        spans_layout.addWidget(self.spans_heading)
        spans_layout.addWidget(self.spans_view, 1)
        self.left = QSplitter(Qt.Orientation.Vertical)
        self.left.setObjectName("leftSplitter")
        self.left.addWidget(self.articles)
        self.left.addWidget(spans_box)
        self.left.setStretchFactor(0, 3)
        self.left.setStretchFactor(1, 2)
        # When height runs short the span list gives way (it can be dragged shut); the list cannot.
        self.left.setCollapsible(0, False)
        spans_box.setMinimumHeight(self.spans_heading.sizeHint().height() * 3)
        self.left.setMinimumWidth(LEFT_MIN)

        self.header = ArticleHeader()
        self.view = ArticleView()
        font = QFont()
        font.setFamilies(ARTICLE_FONTS)
        font.setPointSizeF(12.5)
        self.view.set_base_font(font)
        self.view.set_zoom(self.settings.zoom)
        self.view.snap_to_words = self.settings.snap_to_words
        self.view.reflow = self.settings.get_bool("view/reflow")
        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.setSpacing(6)
        centre_layout.addWidget(self.header)
        self.note_bar = ReviewNoteBar(self.tasks)  # a reviewer's note when the article was sent back
        centre_layout.addWidget(self.note_bar)
        centre_layout.addWidget(self.view, 1)

        self.right = QWidget()
        self.right.setObjectName("rightPane")
        self.right_layout = QVBoxLayout(self.right)
        self.right_layout.setContentsMargins(0, 0, 0, 0)
        self.opening = QLabel(opening)
        self.opening.setObjectName("muted")
        self.opening.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.right_layout.addWidget(self.opening)

        centre.setMinimumWidth(CENTRE_MIN)
        self.right.setMinimumWidth(RIGHT_MIN)
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.setObjectName("mainSplitter")
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(self.left)
        self.split.addWidget(centre)
        self.split.addWidget(self.right)
        self.split.setStretchFactor(0, 2)
        self.split.setStretchFactor(1, 5)
        self.split.setStretchFactor(2, 3)
        self.split.setSizes([300, 760, 440])
        self.split.setContentsMargins(6, 4, 6, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.split)

        self.labels_bar = QToolBar("Labels")
        self.labels_bar.setObjectName("labelsBar")
        self.labels_bar.setMovable(False)
        self.labels_bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)

    def _build_actions(self) -> dict[str, list[QAction | None]]:
        """The screen's menus (None: a separator); the window places them after File and Edit."""

        def act(text: str, slot: Any, shortcut: str | tuple[str, ...] | None = None, **kw: bool) -> QAction:
            return make_action(self, text, slot, shortcut, **kw)

        c = self.controller
        self.done_action = act("Mark done", c.toggle_done, keys.MARK_DONE)
        snap = act("Snap selections to whole words", self._toggle_snap, checkable=True)
        snap.setChecked(self.view.snap_to_words)
        self.reflow_action = act("Reflow hard-wrapped lines", self._toggle_reflow, checkable=True)
        self.reflow_action.setChecked(self.view.reflow)
        shown = act("Show suggestions", lambda on: self._suggestions().set_enabled(on), checkable=True)
        shown.setChecked(self.settings.show_suggestions)
        return {
            "&Article": [
                self.done_action,
                act("Next article to code", c.next_uncoded, keys.NEXT_UNCODED),
                act("Mark done and open the next", c.done_and_next, keys.DONE_AND_NEXT),
                None,
                act("Next in list", lambda: self.step_article(1), keys.NEXT_ARTICLE),
                act("Previous in list", lambda: self.step_article(-1), keys.PREVIOUS_ARTICLE),
                act("Search articles", self.focus_search, keys.SEARCH),
                None,
                act("Next suggestion", lambda: self._suggestions().step(1), keys.NEXT_SUGGESTION),
                act("Previous suggestion", lambda: self._suggestions().step(-1), keys.PREVIOUS_SUGGESTION),
                # Enter and Backspace act in the text only (the form keeps them): the menu just names them.
                act("Accept suggestion\tEnter", lambda: self._suggestions().accept()),
                act("Choose the place and accept…\tShift+Enter", lambda: self._suggestions().accept_place()),
                act("Dismiss suggestion\tBackspace", lambda: self._suggestions().dismiss()),
            ],
            "E&vent": [
                act("New event", self.new_event, keys.NEW_EVENT),
                act("New event from selection", self.new_event_from_selection, keys.EVENT_FROM_SELECTION),
                act("Delete event", c.delete_event, keys.DELETE_EVENT),
                None,
                act("Next event", lambda: c.step_event(1), keys.NEXT_EVENT),
                act("Previous event", lambda: c.step_event(-1), keys.PREVIOUS_EVENT),
                None,
                act("Find a place…", self.find_place, keys.FIND_PLACE),
            ],
            "&View": [
                act("Bigger text", lambda: self.zoom(1), (keys.ZOOM_IN, "Ctrl+=")),
                act("Smaller text", lambda: self.zoom(-1), keys.ZOOM_OUT),
                act("Normal size", lambda: self.zoom(0), keys.ZOOM_RESET),
                snap,
                self.reflow_action,
                shown,
                None,
                act("Go to article list", lambda: self.articles.table.setFocus(), keys.FOCUS_LIST),
                act("Go to text", lambda: self.view.setFocus(), keys.FOCUS_TEXT),
                act("Go to event form", self.focus_form, keys.FOCUS_FORM),
                act("Go to span list", lambda: self.spans_view.setFocus(), keys.FOCUS_SPANS),
            ],
            "&Help": [act("Keyboard shortcuts", self.show_cheat_sheet, keys.HELP)],
        }

    def _connect(self) -> None:
        c, view = self.controller, self.view
        view.tagRequested.connect(self._tag)
        view.deleteRequested.connect(c.delete_span)
        view.spanSelected.connect(c.select_span)
        view.spanClicked.connect(self._span_clicked)
        view.contextRequested.connect(self._context_menu)
        view.helpRequested.connect(self.show_cheat_sheet)
        self.spans_view.activatedKey.connect(lambda key: c.select_span(key, True))
        self.articles.articleActivated.connect(c.open_article)
        self.articles.articleEntered.connect(self.enter_article)
        self.articles.queryChanged.connect(lambda _s, _t: self.reload_list())
        c.started.connect(self._started)
        c.articleOpened.connect(self._article_opened)
        c.annotationsLoaded.connect(self._annotations_loaded)
        c.spanAboutToBeInserted.connect(self.spans_model.row_inserting)
        c.spanInserted.connect(self.spans_model.row_inserted)
        c.spanAboutToBeRemoved.connect(self.spans_model.row_removing)
        c.spanRemoved.connect(self.spans_model.row_removed)
        c.spansChanged.connect(self._spans_changed)
        c.spanSelected.connect(self._span_selected)
        c.eventsChanged.connect(self._refresh_events)
        c.currentEventChanged.connect(self._show_current_event)
        c.statusChanged.connect(self._status_changed)
        c.rowChanged.connect(self.articles.model.refresh)
        c.articlesListed.connect(self.articles.set_ids)
        c.listCounted.connect(self._list_counted)
        c.fieldSaved.connect(lambda name: self._form_error(name, None))
        c.fieldProblem.connect(self._form_error)
        c.fieldLinked.connect(self._field_linked)
        c.message.connect(self.message)

    def set_edit_actions(self, undo: QAction, redo: QAction) -> None:
        """The window's undo and redo, shown on the labels toolbar too."""
        self._edit_actions = (undo, redo)

    # ------------------------------------------------------------------ the project

    def attach(self, project: Project, coder: str) -> None:
        """The project is open: build what needs its codebook and start coding."""
        self._build_codebook_widgets(project)
        self.controller.start(project, coder, self.settings.last_article(project.url))

    def detach(self) -> None:
        """Let go of the project before another is attached: empty list, text and spans; the event
        panel and labels (made from the old project's codebook) go."""
        self.controller.detach()
        self.articles.set_ids([], None)
        if self.assist is not None:  # its look-ups are the old project's
            self.controller.assist = None
            self.assist.deleteLater()
            self.assist = None
        if self.events_panel is not None:
            self.right_layout.removeWidget(self.events_panel)
            self.events_panel.hide()
            self.events_panel.deleteLater()
            self.events_panel = None
        if self.suggestions is not None:
            self.suggestions.dismissed.clear()  # keyed by article id, which the next project reuses
        self._clear_label_bar()
        self.opening.setText("Opening…")
        self.opening.show()

    def show_failure(self, text: str) -> None:
        self.opening.setText(text)
        self.opening.setWordWrap(True)

    def _build_codebook_widgets(self, project: Project) -> None:
        from annotator.ui.coding.event_panel import EventPanel
        from annotator.ui.coding.form_assist import FormAssist

        book = project.codebook
        self.opening.hide()
        c = self.controller
        self.assist = FormAssist(c, self.tasks, self)
        c.assist = self.assist
        if self.suggestions is not None:
            self._share_engine(self.suggestions)
        panel = EventPanel(book, more_open=self.settings.get_bool("form/more_open", False))
        self.events_panel = panel
        self.right_layout.addWidget(panel)
        panel.eventSelected.connect(c.select_event)
        panel.newRequested.connect(self.new_event)
        panel.fromSelectionRequested.connect(self.new_event_from_selection)
        panel.deleteRequested.connect(c.delete_event)
        form = panel.form
        form.assist = self.assist
        form.edited.connect(c.edit_field)
        form.editedFields.connect(c.edit_fields)
        form.placeChosen.connect(self._place_chosen)
        form.unsavedChanged.connect(self.unsavedChanged)
        form.notify.connect(self.message)
        form.moreToggled.connect(lambda on: self.settings.set("form/more_open", bool(on)))
        c.flushRequested.connect(form.flush)
        form.linkRequested.connect(c.link_selected_span)
        form.unlinkRequested.connect(c.unlink_span)
        form.spanDropped.connect(c.link_span)
        form.hovered.connect(self._field_hovered)
        form.focused.connect(self._field_hovered)
        for editor in form.fields.values():
            for w in editor.widgets():
                w.installEventFilter(self)  # Ctrl+Z/Ctrl+Shift+Z go to the app's undo, not the editor's
        self._fit_right_pane()
        scroll = getattr(panel, "form_scroll", None)
        if scroll is not None and scroll.widget() is not None:
            scroll.widget().installEventFilter(self)  # its size hint changes with fonts and theme
        self.view.label_keys = {lb.key: lb.name for lb in book.labels}
        self._colours = {lb.name: lb.colour for lb in book.labels}
        self._build_label_bar(book)
        self.set_theme(self.theme)

    def _build_label_bar(self, book: Codebook) -> None:
        bar = self.labels_bar
        self._clear_label_bar()
        for lb in book.labels:
            act = QAction(_dot(lb.colour), f"{lb.name}  {lb.key.upper()}", self)
            act.setToolTip(f"{lb.description}\nSelect text, then press {lb.key.upper()}")
            act.triggered.connect(lambda _c=False, name=lb.name: self._tag(name))
            bar.addAction(act)
            button = bar.widgetForAction(act)
            if button is not None:
                button.setObjectName("labelButton")
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        spacer = QWidget()
        spacer.setSizePolicy(spacer.sizePolicy().Policy.Expanding, spacer.sizePolicy().Policy.Preferred)
        bar.addWidget(spacer)
        for act, text in zip(getattr(self, "_edit_actions", ()), ("Undo", "Redo"), strict=False):
            bar.addAction(act)
            act.setIconText(text)
        bar.addSeparator()
        done = QAction("Done  Ctrl+D", self)
        done.setToolTip("Mark the article done (Ctrl+D); Ctrl+J opens the next one to code")
        done.triggered.connect(self.controller.toggle_done)
        bar.addAction(done)
        nxt = QAction("Next  Ctrl+J", self)
        nxt.setToolTip("Open the next article not yet done (Ctrl+J)")
        nxt.triggered.connect(self.controller.next_uncoded)
        bar.addAction(nxt)
        for act in bar.actions():
            w = bar.widgetForAction(act)
            if w is not None:
                w.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def _fit_right_pane(self) -> None:
        """The events pane is never narrower than its form needs: the form scrolls up and down only,
        so a narrower pane would cut its fields off at the right."""
        panel = self.events_panel
        scroll = getattr(panel, "form_scroll", None)
        inner = scroll.widget() if scroll is not None else None
        if scroll is None or inner is None:
            return
        layout = panel.layout() if panel is not None else None
        margins = layout.contentsMargins() if layout is not None else None
        needed = (
            inner.minimumSizeHint().width()
            + scroll.verticalScrollBar().sizeHint().width()
            + 2 * scroll.frameWidth()
            + (margins.left() + margins.right() if margins is not None else 0)
        )
        minimum = max(RIGHT_MIN, needed)
        self.right.setMinimumWidth(minimum)
        # The splitter honours a raised minimum only at its next layout, some time later: the pane
        # would then widen by itself (a few pixels, under the coder's pointer). It takes the width
        # from the text now.
        sizes = self.split.sizes()
        short = minimum - sizes[2] if len(sizes) == 3 and sizes[2] > 0 else 0
        if short > 0 and sizes[1] - short >= CENTRE_MIN:
            self.split.setSizes([sizes[0], sizes[1] - short, minimum])

    def _clear_label_bar(self) -> None:
        # One by one: QToolBar.clear() would also delete the window's Undo and Redo shown on it.
        for act in self.labels_bar.actions():
            self.labels_bar.removeAction(act)

    def places_added(self, count: int) -> None:
        """Places were added to the project's gazetteer: the suggestions and the place search of
        the open article read them."""
        if count <= 0:
            return
        if self.suggestions is not None:
            self.suggestions.learn_again()
        if self.assist is not None:
            self.assist.rebuild()

    def _suggestions(self) -> SuggestionLayer:
        """The suggestion layer, made on first use, after the first paint (start-up does not grow)."""
        if self.suggestions is None:
            from annotator.ui.coding.suggestions import SuggestionLayer

            layer = SuggestionLayer(self.controller, self.view, self.settings, self.tasks, self)
            layer.message.connect(self.message)
            layer.retract.connect(self.retract)
            self._share_engine(layer)
            self.suggestions = layer
            layer.article_opened(self.controller.doc)
        return self.suggestions

    def _share_engine(self, layer: SuggestionLayer) -> None:
        """The form reads the article's country from the suggestion engine's places."""
        assist = self.assist
        if assist is not None:
            assist.assistant_of = lambda: layer.assistant
            layer.changed.connect(assist.assistant_changed)

    # ------------------------------------------------------------------ what the controller says

    def _started(self) -> None:
        self.articles.model.set_reader(self.controller.row_reader(), self.tasks)
        self.reload_list()

    def _article_opened(self) -> None:
        """Another article's text (its annotations follow): show it. The event panel keeps the
        last article's event until the annotations come (``_annotations_loaded``), so a field that
        has the focus keeps it; the controller refuses edits meanwhile."""
        c = self.controller
        doc = c.doc
        if c.loading and doc is not None:
            self._hold_paint(doc.id)
        # (Filled by Qt from the event loop while the annotations are read, unless they are read
        # here and now: synchronous tasks.)
        fill_later = c.loading and not self.tasks.synchronous
        self.view.load(doc.text if doc is not None else "", c.spans, prepared=c.prepared, fill_later=fill_later)
        self.spans_model.reset(c.spans)
        self._show_status()
        self._read_note()
        self._update_span_heading()
        if doc is not None and c.project is not None:
            self.articles.show_article(doc.id)
            self._remember_article(c.project.url, doc.id)
            self._suggestions()  # made with the first article (it follows the next ones itself)

    def _annotations_loaded(self) -> None:
        c = self.controller
        doc = c.doc
        if not self._enums_made:  # (after this paint, before the coder's first tag: see qt_enums)
            self._enums_made = True
            QTimer.singleShot(0, self, make_lazy_enums)
        self.view.set_spans(c.spans, c.u16)
        self.spans_model.reset(c.spans)
        # The reset lays the table out at the next turn of the event loop, after the paint the
        # release below asks for: lay it out now, and the one paint shows it done.
        self.spans_view.executeDelayedItemsLayout()
        if self.events_panel is not None:
            self.events_panel.form.set_article(doc.id if doc is not None else None)
        self._refresh_events(True)
        self._show_status()
        self._update_span_heading()
        self._release_paint(None)

    def _hold_paint(self, article_id: int) -> None:
        """Paint the text and the span list once their annotations are in (or after HOLD_PAINT_MS)."""
        self._held = article_id
        for w in (self.view.viewport(), self.spans_view.viewport()):
            w.setUpdatesEnabled(False)
        QTimer.singleShot(HOLD_PAINT_MS, self, lambda: self._release_paint(article_id))

    def _release_paint(self, article_id: int | None) -> None:
        """Paint again (``article_id``: only if still held for that article)."""
        if self._held is None or (article_id is not None and article_id != self._held):
            return
        self._held = None
        for w in (self.view.viewport(), self.spans_view.viewport()):
            w.setUpdatesEnabled(True)  # (which asks for a paint)

    def _spans_changed(self, delta: SpanDelta) -> None:
        self.view.invalidate(delta.ranges())
        self._update_span_heading()

    def _span_selected(self, key: str | None, reveal: bool) -> None:
        self.view.select_span(key, reveal=reveal)
        self.spans_view.show_key(key)
        if self.events_panel is not None:
            self.events_panel.form.mark_fields_using(key)
            self.events_panel.show_events(self.controller.events, self.controller.current_event, uses=key)

    def _refresh_events(self, select_form: bool) -> None:
        panel = self.events_panel
        if panel is None:
            return
        c = self.controller
        panel.show_events(c.events, c.current_event, uses=c.selected_span)
        event = c.current_event_info()
        texts = c.evidence_texts(event)
        if select_form:
            panel.form.show_event(event, texts)
        else:
            panel.form.refresh(event, skip=c.editing_field, span_text=texts)
            panel.form.setEnabled(event is not None)
        panel.form.mark_fields_using(c.selected_span)
        panel.form.forget_missing(c.doc.id if c.doc is not None else None, {e.key for e in c.events})
        self.spans_model.set_used(c.used_spans())

    def _show_current_event(self, key: str | None) -> None:
        panel = self.events_panel
        if panel is None:
            return
        event = self.controller.current_event_info()
        panel.select(key)
        panel.form.show_event(event, self.controller.evidence_texts(event))
        panel.form.mark_fields_using(self.controller.selected_span)
        panel.delete.setEnabled(key is not None)

    def _status_changed(self, _status: SetStatus) -> None:
        self._show_status()
        self._read_note()  # done answers a reviewer's note; in progress again may show it again
        if self.articles.status.currentData() is not None:
            self.reload_list()  # the list is filtered by status: the article may leave or join it

    def _show_status(self) -> None:
        from_status = self.controller.status
        status = from_status.value if from_status is not None else ""
        self.header.show_article(self.controller.doc, STATUS_TEXT.get(status, ""))
        self.done_action.setText("Mark in progress again" if status == "done" else "Mark done")

    def _read_note(self) -> None:
        c = self.controller
        self.note_bar.article_opened(c.project, c.doc.id if c.doc is not None else None, c.coder, c.status)

    def _update_span_heading(self) -> None:
        n = len(self.controller.spans)
        if self.controller.loading:
            self.spans_heading.setText("Spans  ·  reading…")
            return
        self.spans_heading.setText(f"Spans  ·  {n:,}" if n else "Spans  ·  select text and press a label key")

    def _form_error(self, name: str, reason: str | None) -> None:
        if self.events_panel is not None:
            self.events_panel.form.show_error(name, reason)

    def _field_linked(self, field: str) -> None:
        if self.events_panel is not None:
            self.events_panel.form.show_error(field, None)
            self.events_panel.form.focus_field(field)
        self.view.set_hover(self.controller.evidence_of(field))

    # ------------------------------------------------------------------ what the coder does

    def _list_counted(self, total: int) -> None:
        ids = self.articles.model.ids
        if isinstance(ids, range):  # the whole list, shown as the range of ids
            if len(ids) == total:
                self.articles.counted(total)
            else:
                self.reload_list()  # ids are missing from the range: list them one by one

    def project_grew(self) -> None:
        """Articles were imported: list and count them again, and open one if none was open."""
        self.controller.articles_added()
        self.reload_list()

    def reload_list(self) -> None:
        self.controller.list_articles(self.articles.status.currentData(), self.articles.search.text())

    def _tag(self, label: str) -> None:
        self.controller.tag(label, self.view.selection_cp())

    def _span_clicked(self, key: str, focus_before: QWidget | None) -> None:
        # A click on a span while a form field had the focus links the span to that field.
        field = self.events_panel.form.field_of(focus_before) if self.events_panel is not None else None
        if field is not None:
            self.controller.link_span(field, key)

    def _field_hovered(self, name: str | None) -> None:
        self.view.set_hover(self.controller.evidence_of(name))

    def new_event(self) -> None:
        if self.controller.new_event():
            self.focus_form(first=True)  # a new event is coded from the top, in ACLED's order

    def new_event_from_selection(self) -> None:
        if self.controller.new_event_from_selection(self.view.selection_cp()):
            self.view.clear_selection()

    def enter_article(self, article_id: int) -> None:
        """Enter on a list row: open that article (if it is not open yet) and go to its text."""
        doc = self.controller.doc
        if doc is None or doc.id != article_id:
            self.controller.open_article(article_id)
        self.view.setFocus()

    def step_article(self, step: int) -> None:
        doc = self.controller.doc
        found = self.articles.neighbour(doc.id if doc is not None else None, step)
        if found is not None:
            self.controller.open_article(found)

    def focus_form(self, first: bool = False) -> None:
        """Ctrl+3: the form, at the field last used (``first``: at its first field)."""
        c = self.controller
        if self.events_panel is not None:
            if c.current_event is None and c.events:
                c.select_event(c.events[0].key)
            self.events_panel.form.focus_field(self.events_panel.form.first_field() if first else None)

    def find_place(self) -> None:
        """Ctrl+G: look a place up for the current event; a place span selected in the text is
        searched for, and linked as the location's evidence when a place is chosen."""
        from annotator.domain.codebook import LabelKind

        c, panel = self.controller, self.events_panel
        if panel is None or c.doc is None:
            return
        if c.current_event is None:
            self.message.emit("Select or create an event first (Ctrl+N).", 4000)
            return
        span = c.spans.get(c.selected_span) if c.selected_span is not None else None
        book = c.codebook
        if span is not None and (book is None or book.kind_of(span.label) is not LabelKind.PLACE):
            span = None
        self._place_span = span.key if span is not None else None
        panel.form.open_place_search(span.text if span is not None else None)

    def _place_chosen(self, values: dict[str, Any]) -> None:
        span, self._place_span = self._place_span, None
        self.controller.set_place(values, span)

    def unsaved_text(self) -> str:
        """What the form shows that the database does not have ("" when everything is saved)."""
        return self.events_panel.form.unsaved_text() if self.events_panel is not None else ""

    def flush(self) -> None:
        """Send what is typed and not yet sent (before undo, and before the window closes)."""
        if self.events_panel is not None:
            self.events_panel.form.flush()
        self._write_last_article()

    def _remember_article(self, url: str, article_id: int) -> None:
        """The article to open next time, written a little later (or when the window closes): the
        settings file is rewritten and synced to disk on every write, which took 2-4 ms of the
        GUI thread on each article opened (more on a slow disk), and flicking through articles
        needs only the last one written."""
        self._last_article = (url, article_id)
        self._last_article_timer.start()

    def _write_last_article(self) -> None:
        if self._last_article is not None:
            url, article_id = self._last_article
            self._last_article = None
            self._last_article_timer.stop()
            self.settings.set_last_article(url, article_id)

    def focus_search(self) -> None:
        self.articles.search.setFocus()
        self.articles.search.selectAll()

    def show_cheat_sheet(self) -> None:
        from annotator.ui.coding.cheatsheet import CheatSheet

        book = self.controller.codebook
        CheatSheet([(lb.key, lb.name) for lb in book.labels] if book else [], self).exec()

    def _context_menu(self, global_pos: QPoint, _cp: int | None) -> None:
        menu = self.context_menu()
        if menu is not None:
            menu.exec(global_pos)
            menu.deleteLater()

    def context_menu(self) -> QMenu | None:
        """The text's right-click menu: tag or relabel, delete, link, new event from selection."""
        c = self.controller
        book = c.codebook
        if book is None or c.doc is None:
            return None
        from PySide6.QtWidgets import QMenu

        menu = QMenu(self)
        has_text = self.view.selection_cp() is not None
        if has_text or c.selected_span is not None:
            tag_menu = menu.addMenu("Tag as" if has_text else "Relabel as")
            for lb in book.labels:
                act = tag_menu.addAction(_dot(lb.colour), f"{lb.name}\t{lb.key.upper()}")
                act.triggered.connect(lambda _c=False, n=lb.name: self._tag(n))
        if c.selected_span is not None:
            menu.addAction("Delete span\tDel").triggered.connect(c.delete_span)
            form = self.events_panel.form if self.events_panel else None
            field = form.current_field if form is not None else None
            if field and c.current_event:
                menu.addAction(f"Link to {field.replace('_', ' ')}\tCtrl+L").triggered.connect(
                    lambda: c.link_selected_span(field)
                )
        menu.addAction("New event from selection\tCtrl+Shift+N").triggered.connect(self.new_event_from_selection)
        return menu

    # ------------------------------------------------------------------ view options

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        if self.events_panel is not None:
            self.events_panel.form.set_theme(theme)
        self.view.set_theme(theme, self._colours)
        self.spans_model.colours = self._colours
        self.spans_view.viewport().update()

    def zoom(self, step: int) -> None:
        self.view.set_zoom(0 if step == 0 else self.view.zoom_steps + step)
        self.settings.set("view/zoom", self.view.zoom_steps)

    def _toggle_snap(self, on: bool) -> None:
        self.view.snap_to_words = bool(on)
        self.settings.set("view/snap_to_words", bool(on))

    def _toggle_reflow(self, on: bool) -> None:
        """Show the article with lines joined into paragraphs; spans and tags still count stored offsets."""
        self.view.set_reflow(bool(on))
        self.settings.set("view/reflow", bool(on))

    def restore_layout(self) -> None:
        for splitter in (self.split, self.left):
            saved = self.settings.bytes(f"window/{splitter.objectName()}")
            if saved is not None:
                splitter.restoreState(saved)

    def save_layout(self) -> None:
        for splitter in (self.split, self.left):
            self.settings.set(f"window/{splitter.objectName()}", splitter.saveState())

    def eventFilter(self, watched: QObject, e: QEvent) -> bool:
        if e.type() == QEvent.Type.LayoutRequest:
            self._fit_right_pane()  # (the form's layout changed: its minimum width may have)
            return False
        # Text editors in the form have their own undo; hand Ctrl+Z and Ctrl+Shift+Z to the app's,
        # after the form has sent what is typed (a country being typed is saved, then undone).
        if e.type() == QEvent.Type.ShortcutOverride:
            key_event: Any = e
            if key_event.matches(QKeySequence.StandardKey.Undo) or key_event.matches(QKeySequence.StandardKey.Redo):
                self.flush()
                e.ignore()
                return True
        return False


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
