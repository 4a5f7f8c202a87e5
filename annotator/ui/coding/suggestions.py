"""Suggestions in the workspace: dashed marks a coder accepts (Enter) or dismisses (Backspace).

When an article opens, the pre-annotation pass (:mod:`annotator.services.suggestions`) runs on a
thread of its own, and its suggestions are drawn over the text as dashed underlines in a muted
version of their label's colour, except where the coder already has a span with the same offsets
and label. One suggestion at a time is *current* (a dashed box): Enter accepts it, which is one
command run by the coding controller (so one undo step) into the event shown in the form, or a
new event when none is; Backspace dismisses it; both then move on to the next one.
Alt+Right and Alt+Left step through them.

Suggestions are never stored: only an accepted one becomes the coder's span (and fills the event
fields that are still empty). Dismissed suggestions are remembered in memory for the session only.

Nothing of the assist code is imported, and nothing is built, until an article is open: the
engine (gazetteer, automata; seconds the first time) is built in the suggestion process
(:mod:`annotator.services.suggestion_process`), shared by every window; a pool thread of the task
runner waits for its answer, so the window never does.

The layer knows the coding controller (the article, the spans, the commands), the text view it
paints over and listens to, and the settings; it says what it has to say through ``message``.
"""

from __future__ import annotations

import bisect
import logging
from typing import TYPE_CHECKING, Any, TypeVar, cast

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal

from annotator.domain.codebook import LabelKind
from annotator.ui.common import shortcuts as keys

if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtGui import QAction, QColor, QKeyEvent, QPaintEvent, QPen
    from PySide6.QtWidgets import QMenu

    from annotator.assist.suggestion import Suggestion
    from annotator.services.annotate import Changes
    from annotator.services.project import Project
    from annotator.services.suggestions import SuggestionSource
    from annotator.services.workspace import ArticleDoc
    from annotator.ui.coding.article_view import ArticleView
    from annotator.ui.coding.controller import CodingController
    from annotator.ui.common.settings import Settings
    from annotator.ui.common.tasks import TaskRunner

T = TypeVar("T")
log = logging.getLogger(__name__)

# Where the gazetteer cache lives; None: the user's cache folder (tests point it elsewhere).
CACHE_DIR: Path | None = None

LOADING = "Loading suggestions…"
# How long an article stays open before its suggestion pass starts.
FETCH_DELAY_MS = 400
CHANNEL = "suggestions"  # the task runner's channel: only the newest pass delivers
_KEY_TEXT = {"Return": "Enter", "Shift+Return": "Shift+Enter", "Alt+Right": "Alt+→", "Alt+Left": "Alt+←"}


def key_text(sequence: str) -> str:
    return _KEY_TEXT.get(sequence, sequence)


# ---------------------------------------------------------------- the engine, shared per process


def make_assistant(project: Project, cache: Path | None = None) -> SuggestionSource:
    """The project's suggestion engine, in the suggestion process (shared by every window), so
    that loading its gazetteer never holds up a key press here."""
    from annotator.services.suggestion_process import RemoteAssistant

    return RemoteAssistant(project, cache=cache)


class Found:
    """An article's suggestions sorted by offsets and indexed, as the layer shows them.

    Made on the pool thread that waited for the pass (plain data, no Qt), so that the delivery
    on the GUI thread only adopts it: sorting and indexing a long article's 20,000 suggestions
    there took 15-19 ms in one go, and a key pressed as they arrived waited for all of it."""

    __slots__ = ("all", "by_triple", "ends", "starts")

    def __init__(self, found: list[Suggestion]) -> None:
        # The engine's suggestions do not overlap, so sorted by start they are sorted by end too.
        self.all = sorted(found, key=lambda s: (s.start, s.end))
        self.by_triple = {(s.start, s.end, s.label): s for s in self.all}
        self.starts = [s.start for s in self.all]
        self.ends = [s.end for s in self.all]


# ---------------------------------------------------------------- the layer


class SuggestionLayer(QObject):
    """The suggestions of the open article: fetching, filtering, painting, keys, accepting."""

    changed = Signal()  # the suggestions shown, or the current one, changed
    message = Signal(str, int)  # for the status bar: text, milliseconds (0: until replaced)
    retract = Signal(str)  # take this text off the status bar if it is still showing

    def __init__(
        self,
        controller: CodingController,
        view: ArticleView,
        settings: Settings,
        tasks: TaskRunner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.view = view
        self.settings = settings
        self.tasks = tasks
        self.enabled = settings.show_suggestions
        self._found = Found([])  # the article's suggestions (``all``), as delivered
        self.shown: list[Suggestion] = []  # without dismissed ones and those the coder has coded
        self._hiders: dict[str, tuple[int, int, str]] = {}  # span key -> the suggestion it hides
        self._starts: list[int] = []
        self._ends: list[int] = []
        self.current: Suggestion | None = None
        self.article_id: int | None = None
        self.ready = False  # the open article's suggestions have arrived
        self.dismissed: dict[int, set[tuple[int, int, str]]] = {}  # per article, for this session only
        self._assistant: SuggestionSource | None = None
        self._asked = False  # a pass was asked for the open article
        self._failed = False
        self._hinted = False
        self._last_said = ""  # what the status bar was told after the last suggestion
        self._pens: dict[tuple[str, str, bool], QPen] = {}
        self.view.add_overlay(self)
        self._viewport = self.view.viewport()
        self.view.installEventFilter(self)
        self._viewport.installEventFilter(self)
        controller.spanSelected.connect(self._span_selected)
        controller.edited.connect(self.spans_changed)
        controller.articleOpened.connect(lambda: self.article_opened(controller.doc))
        # The coder's spans hide the suggestions they already code: read after the text.
        controller.annotationsLoaded.connect(lambda: self.refilter() if self.all else None)
        # The pass starts once an article has stayed open a moment: articles the coder only flicks
        # past cost nothing, and opening the next one never competes with it for Python's lock.
        self._pending: ArticleDoc | None = None
        self._delay = QTimer(self)
        self._delay.setSingleShot(True)
        self._delay.setInterval(FETCH_DELAY_MS)
        self._delay.timeout.connect(self._fetch_pending)

    @property
    def assistant(self) -> SuggestionSource | None:
        """The suggestion engine's owner, once a pass has asked for it (the form reads the
        article's country from it)."""
        return self._assistant

    # ---- fetching

    def article_opened(self, doc: ArticleDoc | None) -> None:
        """A new article is in the view: forget the last one's marks and compute this one's."""
        self.article_id = doc.id if doc is not None else None
        self._stop_pass()
        self.ready = False
        self._set_all(Found([]))
        self._pending = None
        self._delay.stop()
        if doc is not None and self.enabled and not self._failed:
            self._pending = doc
            self._delay.start()
            if self._assistant is None or not self._assistant.ready:
                self.message.emit(LOADING, 0)

    def learn_again(self) -> None:
        """What the engine reads changed outside the coding (places added to the project's
        gazetteer): it learns that now, on the pool, then the open article is suggested for again."""
        relearn = getattr(self._assistant, "relearn", None)
        if relearn is None:
            return  # no engine yet (the first pass builds it with the places), or one that reads afresh

        def learnt(changed: bool) -> None:
            if changed and self.article_id is not None and self.controller.doc is not None:
                self.article_opened(self.controller.doc)

        def not_learnt(exc: BaseException) -> None:
            # The engine that was serving goes on serving (as when the suggestion process relearns
            # on its own); the places are read when it next learns.
            log.warning("learning the project's places failed: %s", exc)

        self.tasks.run_pool(lambda: bool(relearn(force=True)), learnt, not_learnt)

    def _stop_pass(self) -> None:
        """The last article's pass is of no use any more: it delivers nothing, and the suggestion
        process leaves it at once rather than competing with the opening of the next article (a
        1.5 MB article's pass takes about half a second of a core)."""
        self._asked = False
        self.tasks.cancel(CHANNEL)
        if self._assistant is not None:
            self._assistant.stop_passes()

    def _fetch_pending(self) -> None:
        doc, self._pending = self._pending, None
        if doc is not None and doc.id == self.article_id:
            self._fetch(doc)

    def _fetch(self, doc: ArticleDoc) -> None:
        project = self.controller.project
        if project is None:
            return
        if self._assistant is None or self._assistant.project is not project:
            self._assistant = make_assistant(project, CACHE_DIR)
        assistant = self._assistant
        self._asked = True
        if not assistant.ready:
            self.message.emit(LOADING, 0)
        text, published, source, url = doc.text, doc.published, doc.source, doc.url

        # On the pool (the engine may first take seconds to build); a pass for an article flicked
        # past is skipped, and only the newest delivers.
        def prepare() -> Found:
            from annotator.domain.gc_pause import gc_paused

            found = assistant.suggest_text(text, published, source, url)
            with gc_paused():  # (acyclic: see _Child.call in services/suggestion_process.py)
                return Found(found)

        self.tasks.run_pool(
            prepare,
            lambda found: self._delivered(found, None),
            lambda exc: self._delivered(None, exc),
            channel=CHANNEL,
        )

    def _delivered(self, result: Found | None, error: BaseException | None) -> None:
        from annotator.services.progress import Cancelled

        if isinstance(error, Cancelled):
            return  # stopped for a newer pass (whose delivery supersedes this one anyway)
        self.retract.emit(LOADING)
        if error is not None:
            self._failed = True  # do not retry on every article
            self.message.emit(f"Suggestions are not available: {error}", 8000)
            return
        self.ready = True
        self._set_all(result or Found([]))
        if self.shown and self.controller.selected_span is None:
            here = self.view.cursor_cp()
            self._make_current(self._after(here) or self.shown[0], reveal=False)
        if self.shown and not self._hinted:
            self._hinted = True
            self.message.emit(
                f"{len(self.shown)} suggestions (dashed): {key_text(keys.ACCEPT_SUGGESTION)} accepts, "
                f"{key_text(keys.DISMISS_SUGGESTION)} dismisses, "
                f"{key_text(keys.NEXT_SUGGESTION)} / {key_text(keys.PREVIOUS_SUGGESTION)} steps",
                8000,
            )

    def wait(self, timeout: float = 60.0) -> bool:
        """Process events until the open article's suggestions are in (screenshots, scripts)."""
        import time

        from PySide6.QtWidgets import QApplication

        if self._delay.isActive():
            self._delay.stop()
            self._fetch_pending()
        deadline = time.monotonic() + timeout
        while self._asked and not self.ready and not self._failed and time.monotonic() < deadline:
            QApplication.processEvents()
            time.sleep(0.01)
        QApplication.processEvents()
        return self.ready

    # ---- what is shown

    @property
    def all(self) -> list[Suggestion]:
        """The article's suggestions, by start."""
        return self._found.all

    @property
    def _by_triple(self) -> dict[tuple[int, int, str], Suggestion]:
        return self._found.by_triple

    def _set_all(self, found: Found) -> None:
        self._found = found
        self.current = None
        self.refilter()

    def refilter(self) -> None:
        """Show every suggestion not dismissed and not already coded (same offsets and label)."""
        dismissed = self.dismissed.get(self.article_id, set()) if self.article_id is not None else set()
        by_triple = self._by_triple
        # Which coded spans hide a suggestion, by span key (a set never holds two equal spans);
        # from the index's rows, 10,000 of them as the suggestions arrive.
        rows = self.controller.spans.rows() if by_triple else ()
        self._hiders = {key: t for key, start, end, label in rows if (t := (start, end, label)) in by_triple}
        hidden = dismissed | set(self._hiders.values())
        # Copies of the prepared lists less the hidden ones, cut out by position: no loop in
        # Python over every suggestion (this runs on the GUI thread as they arrive).
        found = self._found
        starts = found.starts
        drop = []
        for triple in hidden:
            s = by_triple.get(triple)
            if s is not None:
                i = bisect.bisect_left(starts, s.start)
                while found.all[i] is not s:  # (equal starts: a few neighbours at most)
                    i += 1
                drop.append(i)
        self.shown = _without(found.all, drop)
        self._starts = _without(starts, drop)
        self._ends = _without(found.ends, drop)
        if self.current is not None and self.current not in self.shown:
            self.current = None
        self.view.viewport().update()
        self.changed.emit()

    def _hide(self, s: Suggestion) -> None:
        i = bisect.bisect_left(self._starts, s.start)
        if i < len(self.shown) and self.shown[i] is s:
            del self.shown[i], self._starts[i], self._ends[i]
            if self.current is s:
                self.current = None

    def _show(self, s: Suggestion) -> None:
        i = bisect.bisect_left(self._starts, s.start)
        if not (i < len(self.shown) and self.shown[i] is s):
            self.shown.insert(i, s)
            self._starts.insert(i, s.start)
            self._ends.insert(i, s.end)

    def spans_changed(self, changes: Changes) -> None:
        """After an edit, undo or redo: a span added, moved or deleted may hide or show a suggestion
        (only the suggestions with the changed spans' offsets are looked at)."""
        if not self.all or not changes.spans or self.article_id is None:
            return
        if not any(t.article_id == self.article_id for t in changes.targets):
            return
        dismissed = self.dismissed.get(self.article_id, set())
        touched: list[tuple[int, int, str]] = []
        for key, info in changes.spans.items():
            old = self._hiders.pop(key, None)
            if old is not None and old not in dismissed:
                self._show(self._by_triple[old])
                touched.append(old)
            if info is not None:
                triple = (info.start, info.end, info.label)
                found = self._by_triple.get(triple)
                if found is not None:
                    self._hiders[key] = triple
                    self._hide(found)
                    touched.append(triple)
        for start, end, _label in touched:  # only the lines of the marks that came or went
            self.view.update_cp(start, end)
        self.changed.emit()

    def set_enabled(self, on: bool) -> None:
        """View > Show suggestions (remembered)."""
        self.enabled = bool(on)
        self.settings.set("view/suggestions", self.enabled)
        if not self.enabled:
            self._stop_pass()
            self.ready = False
            self._set_all(Found([]))
            self.retract.emit(LOADING)
        elif self.controller.doc is not None:
            self._failed = False
            self.article_opened(self.controller.doc)

    def _after(self, cp: int) -> Suggestion | None:
        """The first suggestion shown that ends after ``cp``."""
        i = bisect.bisect_right(self._ends, cp)
        return self.shown[i] if i < len(self.shown) else None

    def at(self, cp: int) -> Suggestion | None:
        s = self._after(cp)
        return s if s is not None and s.start <= cp else None

    # ---- the current suggestion

    def _make_current(self, s: Suggestion | None, *, reveal: bool = True) -> None:
        self.current = s
        if s is not None:
            if self.controller.selected_span is not None:
                self.controller.select_span(None)
            if reveal:
                from PySide6.QtGui import QTextCursor

                cursor = self.view.textCursor()
                cursor.setPosition(self.view.u16.to_utf16(s.start), QTextCursor.MoveMode.MoveAnchor)
                self.view.setTextCursor(cursor)
                self.view.ensureCursorVisible()
            self.message.emit(self.describe(s), 8000)
        self.view.viewport().update()
        self.changed.emit()

    def _span_selected(self, key: str | None, _reveal: bool = False) -> None:
        if key is not None and self.current is not None:
            self.current = None  # a selected span and a current suggestion would fight over Delete/Enter
            self.view.viewport().update()
            self.changed.emit()

    def step(self, step: int) -> None:
        """Make the next (1) or previous (-1) suggestion current, wrapping round; show the text."""
        if not self.shown:
            if self.enabled and self.controller.doc is not None and not self.ready:
                self.message.emit(LOADING, 3000)
            return
        if self.current is not None and self.current in self.shown:
            i = self.shown.index(self.current) + step
        else:
            here = self.view.cursor_cp()
            # Forwards: the first one ending after the cursor; backwards: the last one starting before it.
            i = bisect.bisect_right(self._ends, here) if step > 0 else bisect.bisect_left(self._starts, here) - 1
        self._make_current(self.shown[i % len(self.shown)])
        if not self.view.hasFocus():
            self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _advance_from(self, s: Suggestion) -> None:
        """After accepting or dismissing ``s``: the next one after it. After the last one the view
        stays where it is (issue #9, finding 6: it used to wrap round and jump to the top of the
        article); the status bar says how to go on from the top."""
        nxt = self._after(s.start) if self.shown else None
        self._make_current(nxt)
        self._last_said = ""
        if nxt is None and self.shown:
            self._last_said = (
                f"That was the last suggestion from here on; {len(self.shown)} more above "
                f"({key_text(keys.NEXT_SUGGESTION)} goes back to the first)."
            )
            self.message.emit(self._last_said, 8000)

    # ---- accepting and dismissing

    def accept(self, suggestion: Suggestion | None = None) -> bool:
        """Make the current suggestion the coder's span, filling the event's empty fields."""
        s = suggestion or self.current
        if s is None or not self.controller.accept_suggestion(s):
            return False
        if self.current is s or self.current is None or self.current not in self.shown:
            self._advance_from(s)
        notice = self.controller.created_notice
        if notice:  # said again with what comes next, so that does not hide it
            nxt = self.current
            then = f"Next: {self.describe(nxt)}" if nxt is not None else self._last_said
            self.message.emit(f"{notice}  {then}", 8000)
        return True

    def dismiss(self) -> None:
        s = self.current
        if s is None or self.article_id is None:
            return
        self.dismissed.setdefault(self.article_id, set()).add((s.start, s.end, s.label))
        self._hide(s)
        self._advance_from(s)

    def accept_place(self) -> None:
        """Accept the current place suggestion with a place picked from its candidates."""
        s = self.current
        if s is None:
            return
        candidates = s.value.get("candidates") or []
        if self._kind(s) is not LabelKind.PLACE or len(candidates) < 2:
            self.accept()
            return
        from PySide6.QtWidgets import QMenu

        menu = QMenu(self.view)
        for i, c in enumerate(candidates[:12]):
            where = ", ".join(p for p in (c.get("location"), c.get("admin1"), c.get("country")) if p)
            act = menu.addAction(f"{where}   pop. {c.get('population') or 0:,}")
            act.setData(i)
        cursor = self.view.textCursor()
        cursor.setPosition(self.view.u16.to_utf16(s.end))
        point = self.view.viewport().mapToGlobal(self.view.cursorRect(cursor).bottomLeft())
        chosen = self.exec_menu(menu, point)
        if chosen is not None:
            self.accept_candidate(s, int(chosen.data()))

    def exec_menu(self, menu: QMenu, point: QPoint) -> QAction | None:
        """Show a pop-up menu and wait for the choice (tests put a chooser here)."""
        return menu.exec(point)

    def accept_candidate(self, s: Suggestion, index: int) -> bool:
        candidates = s.value.get("candidates") or []
        if not 0 <= index < len(candidates):
            return False
        import dataclasses

        picked = dataclasses.replace(s, value={**candidates[index], "candidates": candidates})
        return self.accept(picked)

    # ---- words for the status bar and tooltips

    def _kind(self, s: Suggestion) -> LabelKind | None:
        """What the suggestion's label marks, by the codebook (labels may be named otherwise)."""
        book = self.controller.codebook
        return book.kind_of(s.label) if book is not None else None

    def describe(self, s: Suggestion) -> str:
        v = s.value
        kind = self._kind(s)
        if kind is LabelKind.DATE:
            what = f"{v.get('event_date')} (time precision {v.get('time_precision')})"
        elif kind is LabelKind.PLACE:
            what = " · ".join(str(p) for p in (v.get("location"), v.get("admin1"), v.get("country")) if p)
            n = len(v.get("candidates") or ())
            if n > 1:
                what += f" (1 of {n} places: {key_text(keys.CHOOSE_PLACE)} to choose)"
            elif v.get("unlisted"):
                what += f" (not in the gazetteer: {key_text(keys.FIND_PLACE)} finds its point)"
        elif kind is LabelKind.ACTOR:
            book = self.controller.codebook
            labels = book.actor_type_labels if book is not None else {}
            code = v.get("type_code")
            what = f"{v.get('name')} ({labels.get(code, code)})" if code is not None else str(v.get("name"))
        elif kind is LabelKind.ACTION:
            what = f"{v.get('event_type')} › {v.get('sub_event_type')}"
        else:
            what = s.text
        return (
            f"Suggested {s.label}: {what}  —  {key_text(keys.ACCEPT_SUGGESTION)} accepts, "
            f"{key_text(keys.DISMISS_SUGGESTION)} dismisses"
        )

    # ---- input

    def eventFilter(self, watched: QObject, e: QEvent) -> bool:
        kind = e.type()
        if kind == QEvent.Type.KeyPress and watched is self.view:
            return self._key(cast("QKeyEvent", e))
        if watched is self._viewport:
            if kind == QEvent.Type.ToolTip:
                return self._tooltip(e)
            if kind == QEvent.Type.MouseButtonRelease and self.shown:
                point = cast(Any, e).position().toPoint()
                QTimer.singleShot(0, lambda: self._clicked(point))
        return False

    def _key(self, e: QKeyEvent) -> bool:
        if not self.enabled or not self.shown:
            return False
        mods = e.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        key = e.key()
        if mods == Qt.KeyboardModifier.NoModifier:
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self.current is None:
                    self.step(1)  # show which one Enter would take before taking any
                else:
                    self.accept()
                return True
            if (
                key in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete)
                and self.current is not None
                and self.controller.selected_span is None
            ):
                self.dismiss()
                return True
            if key == Qt.Key.Key_Escape and self.current is not None:
                self._make_current(None)
                return False  # the view clears its selection too
        elif (
            mods == Qt.KeyboardModifier.ShiftModifier
            and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.current is not None
        ):
            self.accept_place()
            return True
        return False

    def _clicked(self, point: QPoint) -> None:
        if self.controller.selected_span is not None or self.view.textCursor().hasSelection():
            return
        cp = self.view.cp_at(point)
        s = self.at(cp) if cp is not None else None
        if s is not None:
            self._make_current(s, reveal=False)

    def _tooltip(self, e: QEvent) -> bool:
        from PySide6.QtWidgets import QToolTip

        point = cast(Any, e).pos()
        if not self.shown or self.view.spans_at_point(point):
            return False  # the view explains the coder's spans
        cp = self.view.cp_at(point)
        s = self.at(cp) if cp is not None else None
        if s is None:
            return False
        QToolTip.showText(cast(Any, e).globalPos(), self.describe(s).replace("  —  ", "\n"), self.view.viewport())
        return True

    # ---- painting

    def _pen(self, label: str, current: bool) -> QPen:
        from PySide6.QtGui import QPen

        theme = self.view.theme
        key = (label, theme.name, current)
        pen = self._pens.get(key)
        if pen is None:
            from annotator.ui.common.theme import blend

            colour = self.view.formatter.colour(label)
            if current:
                shade: QColor = colour.lighter(130) if theme.dark else colour.darker(110)
                pen = QPen(shade, 1.4)
                pen.setDashPattern([3.0, 2.0])
            else:
                # Muted: the label's colour most of the way towards the page, drawn thin.
                pen = QPen(blend(colour.name(), theme.base, 0.72), 1.5)
                pen.setDashPattern([2.5, 2.0])
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            self._pens[key] = pen
        return pen

    def paint_over(self, e: QPaintEvent) -> None:
        """Dashed underlines under the suggestions in the blocks being painted; the current one boxed.

        One walk over the visible blocks; in each, the suggestions found by bisection are measured
        on the block's own line layout, so the cost follows what is on screen, not the article."""
        if not self.enabled or not self.shown:
            return
        from PySide6.QtCore import QLineF, QRectF
        from PySide6.QtGui import QColor, QPainter

        view = self.view
        u16 = view.u16
        shown, starts, ends = self.shown, self._starts, self._ends
        offset = view.contentOffset()
        top, bottom = e.rect().top() - 4, e.rect().bottom() + 4
        painter = QPainter(view.viewport())  # no antialiasing: level lines need none, and cost less
        try:
            block = view.firstVisibleBlock()
            while block.isValid():
                geometry = view.blockBoundingGeometry(block).translated(offset)
                if geometry.top() > bottom:
                    break
                pos = block.position()
                a, b = u16.to_cp(pos), u16.to_cp(pos + block.length() - 1)
                i = bisect.bisect_right(ends, a)
                if geometry.bottom() < top or i >= len(shown) or starts[i] >= b:
                    block = block.next()
                    continue
                layout = block.layout()
                origin = geometry.topLeft() + layout.position()
                lines = [layout.lineAt(n) for n in range(layout.lineCount())]
                while i < len(shown) and starts[i] < b:
                    s = shown[i]
                    i += 1
                    lo, hi = u16.to_utf16(max(s.start, a)) - pos, u16.to_utf16(min(s.end, b)) - pos
                    current = s is self.current
                    for line in lines:
                        first, last = max(lo, line.textStart()), min(hi, line.textStart() + line.textLength())
                        if first >= last:
                            continue
                        x1, x2 = _x(line, first), _x(line, last)
                        rect = QRectF(origin.x() + min(x1, x2), origin.y() + line.y(), abs(x2 - x1), line.height())
                        if rect.bottom() < top or rect.top() > bottom:
                            continue
                        if current:
                            fill = QColor(view.formatter.colour(s.label))
                            fill.setAlpha(24)
                            painter.setBrush(fill)
                            painter.setPen(self._pen(s.label, True))
                            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
                            painter.drawRoundedRect(rect.adjusted(-2.0, -0.5, 2.0, 0.5), 3, 3)
                            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
                        else:
                            painter.setPen(self._pen(s.label, False))
                            y = rect.bottom() - 1.5
                            painter.drawLine(QLineF(rect.left(), y, rect.right(), y))
                block = block.next()
        finally:
            painter.end()


def _without(items: list[T], drop: list[int]) -> list[T]:
    """A copy of ``items`` less those at the positions ``drop``, made of slices (C speed)."""
    out: list[T] = []
    last = 0
    for i in sorted(drop):
        out += items[last:i]
        last = i + 1
    out += items[last:]
    return out


def _x(line: Any, pos: int) -> float:
    value = line.cursorToX(pos)
    return float(value[0] if isinstance(value, tuple) else value)
