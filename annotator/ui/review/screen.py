"""The review screen: queue, article with merged marks, aligned events, decisions by key.

Keys (``ui.common.shortcuts.review_sections``, shown by ``F1``): ``N``/``P`` next and previous item
still to decide (a span that is agreed, disputed or marked by some coders only; a field the coders
differ on), ``1``–``9`` accept coder N's version of the current span or field, ``Shift+1``–``9``
coder N's whole event, ``A`` accept everything agreed, ``R`` reject the current span, ``E`` edit the
gold value of the current field, ``M`` merge two gold events (on one row, then the other), ``S``
split the row's gold event, ``B`` send the article back to a coder with a note, ``Ctrl+D`` mark
the review done (``Ctrl+Shift+D`` reopen), ``F5`` read the article again, ``Ctrl+Shift+A`` anonymous
mode, ``Ctrl+Z``/``Ctrl+Shift+Z`` undo and redo.

Every decision goes through ``services.adjudication.decide`` (one transaction) and onto the undo
stack as one ``ServiceCommand``; reads go through the task runner's database worker. A decision the
services refuse (a closed article, a stale view, another reviewer's gold set) is said in the status
line and nothing is written; an undo or redo that no longer fits what is stored says so, reloads the
article and clears the history.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.adjudication.events import given
from annotator.domain.adjudication.spans import SpanState
from annotator.domain.errors import UserError
from annotator.services import adjudication as adj
from annotator.services import annotate as a
from annotator.services.project import Project
from annotator.ui.common import shortcuts as keys
from annotator.ui.common.bidi import LRM, isolate
from annotator.ui.common.tasks import TaskRunner
from annotator.ui.common.theme import LIGHT, Theme
from annotator.ui.common.undo import ServiceCommand
from annotator.ui.review.event_table import EventTable
from annotator.ui.review.states import STATE_WORDS
from annotator.ui.review.text_view import ReviewTextView

# What the queue says when it is empty: with one coder per article (the demo) nothing is ever
# ready, and "every coder must be done" did not say why a done article was not there.
NOTHING_READY = (
    "No article is ready for review. An article is ready once two or more coders have coded it and "
    "all of them have marked it done."
)


@dataclass(frozen=True)
class Item:
    """What the keys act on: a span position, or one field of one event row."""

    kind: str  # "span" or "field"
    index: int  # position index, or group index
    field: str = ""


class ReviewScreen(QWidget):
    message = Signal(str)

    def __init__(self, project: Project, reviewer: str, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewScreen")
        self.project = project
        self.reviewer = reviewer
        self.tasks = tasks
        self.undo_stack = QUndoStack(self)
        self.view: adj.ReviewView | None = None
        self.anonymous = False
        self.current: Item | None = None
        self.group_index = 0
        self.merging: str | None = None  # the gold event chosen first by M, waiting for the second
        self._theme = LIGHT
        self._build()
        self._shortcuts()

    # ---- building

    def _build(self) -> None:
        self.queue = QListWidget()
        self.queue.setObjectName("reviewQueue")
        self.queue.setWordWrap(True)  # a long title or the empty queue's sentence wraps, never scrolls sideways
        self.queue.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # A click opens an article, as Enter does (a double click was needed before).
        self.queue.itemActivated.connect(self._queue_item_chosen)
        self.queue.itemClicked.connect(self._queue_item_chosen)
        self.text = ReviewTextView()
        self.events_label = QLabel("")
        self.events_label.setObjectName("muted")
        self.table = EventTable()
        self.table.cellClicked.connect(self._cell_clicked)
        self.status = QLabel("")
        self.status.setObjectName("reviewStatus")
        self.status.setWordWrap(True)
        self.heading = QLabel("")
        self.heading.setObjectName("reviewHeading")
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.events_label)
        column.addWidget(self.table)
        split = QSplitter()
        split.addWidget(self.queue)
        split.addWidget(self.text)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        split.setStretchFactor(2, 3)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)

    def _shortcuts(self) -> None:
        bindings: list[tuple[str, Callable[[], object]]] = [
            (keys.REVIEW_NEXT, lambda: self.step(1)),
            (keys.REVIEW_PREVIOUS, lambda: self.step(-1)),
            (keys.REVIEW_ACCEPT_AGREED, self.accept_all_agreed),
            (keys.REVIEW_REJECT, self.reject_current),
            (keys.REVIEW_EDIT, self.edit_current),
            (keys.REVIEW_MERGE, self.merge_step),
            (keys.REVIEW_SPLIT, self.split_current),
            (keys.REVIEW_SEND_BACK, self.ask_send_back),
            ("Esc", self.cancel_merge),
            (keys.REVIEW_CLOSE, lambda: self._decide(lambda d: d.mark_done())),
            (keys.REVIEW_REOPEN, lambda: self._decide(lambda d: d.reopen())),
            (keys.REVIEW_ANONYMOUS, self.toggle_anonymous),
            (keys.REVIEW_RELOAD, self.reload),
            (keys.UNDO, self.undo_stack.undo),
            (keys.REDO, self.undo_stack.redo),
            (keys.REVIEW_NEXT_EVENT, lambda: self.show_group(self.group_index + 1)),
            (keys.REVIEW_PREVIOUS_EVENT, lambda: self.show_group(self.group_index - 1)),
            *((k, self.show_cheat_sheet) for k in keys.HELP),
        ]
        for n in range(1, 10):
            bindings.append((str(n), partial(self.accept_coder, n)))
            bindings.append((f"Shift+{n}", partial(self.accept_event, n)))
        for sequence, slot in bindings:
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    def show_cheat_sheet(self) -> None:
        from annotator.ui.coding.cheatsheet import CheatSheet

        sheet = CheatSheet([], self, keys.review_sections())
        sheet.setWindowTitle("Review: keyboard shortcuts")
        sheet.open()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Shift+digit arrives as the shifted character on most layouts ("!" for 1): map it back.
        shifted = "!@#$%^&*("
        if event.text() and event.text() in shifted:
            self.accept_event(shifted.index(event.text()) + 1)
            return
        super().keyPressEvent(event)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.text.set_theme(theme)
        self.table.set_theme(theme)
        self._refresh_table()

    # ---- queue and article

    def load_queue(self) -> None:
        """Read the ready articles on the database worker, then rank them in the general pool: the
        measuring (seconds on a big project) does not hold up the coding screen's reads."""
        project = self.project

        def rank(ready: adj.ReadyArticles) -> None:
            self.tasks.run_pool(lambda: adj.rank_queue(ready), self._show_queue, self._failed, channel="review-rank")

        self.tasks.run_db(lambda: adj.read_queue(project), rank, self._failed, channel="review-queue")

    def _show_queue(self, items: list[adj.QueueItem]) -> None:
        self.queue.clear()
        for item in items:
            who = f"{len(item.coders)} coders" if self.anonymous else ", ".join(item.coders)
            status = {"done": "done", "in_progress": "in progress"}.get(item.status, "to review")
            row = QListWidgetItem(f"{item.external_id}  ·  {item.disagreement:.0%} apart\n{who} · {status}")
            row.setData(Qt.ItemDataRole.UserRole, item.article_id)
            self.queue.addItem(row)
        if not items:
            self.queue.addItem(QListWidgetItem(NOTHING_READY))
        elif self.view is None:
            # The screen opens on the first article (the most disagreed) rather than on empty panes.
            self.queue.setCurrentRow(0)
            self.open_article(items[0].article_id)

    def _queue_item_chosen(self, item: QListWidgetItem) -> None:
        article_id = item.data(Qt.ItemDataRole.UserRole)
        if article_id is None:
            return  # the "no article is ready" line
        if self.view is None or self.view.article_id != article_id:
            self.open_article(int(article_id))

    def open_article(self, article_id: int) -> None:
        self.tasks.run_db(
            lambda: adj.open_review(self.project, article_id, self.reviewer),
            self._opened,
            self._failed,
            channel="review-article",
        )

    def _opened(self, view: adj.ReviewView) -> None:
        fresh = self.view is None or self.view.article_id != view.article_id
        self.view = view
        if fresh:
            self.undo_stack.clear()
            self.text.load(view.text, view.positions)
            self.current = None
            self.group_index = 0
            self.merging = None
        else:
            self.text.update_marks(view.positions, view.text)
        self.group_index = min(self.group_index, max(len(view.groups) - 1, 0))
        self._refresh_heading()
        self._refresh_table()
        self._describe_current()

    def reload(self) -> None:
        if self.view is not None:
            self.open_article(self.view.article_id)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):
            self.say(str(exc), problem=True)
            return
        raise exc

    # ---- showing

    def coder_label(self, name: str) -> str:
        assert self.view is not None
        if self.anonymous:
            return f"Coder {self.view.coder_names.index(name) + 1}"
        return name

    def headers(self) -> list[str]:
        assert self.view is not None
        return [f"{n + 1} · {self.coder_label(c)}" for n, c in enumerate(self.view.coder_names)]

    def _refresh_heading(self) -> None:
        v = self.view
        assert v is not None
        counts: dict[SpanState, int] = {}
        for p in v.positions:
            counts[p.state] = counts.get(p.state, 0) + 1
        tally = " · ".join(f"{counts[s]} {STATE_WORDS[s]}" for s in SpanState if counts.get(s))
        state = "done" if v.status.value == "done" else "in progress"
        closed = f" (closed: {v.closed.describe()})" if v.closed else ""
        self.heading.setText(f"<b>{v.external_id}</b> {v.title} — review {state}{closed}<br>{tally or 'no spans'}")

    def _refresh_table(self) -> None:
        v = self.view
        if v is None:
            return
        group = v.groups[self.group_index] if v.groups else None
        self.table.show_group(group, v.coders, v.gold, self.headers())
        text = f"Event {self.group_index + 1} of {len(v.groups)} ([ and ] to move)" if v.groups else "No events"
        if self.merging is not None:
            text += " — merging: press M on the other event's row (Esc cancels)"
        self.events_label.setText(text)

    def show_group(self, index: int) -> None:
        if self.view is None or not self.view.groups:
            return
        self.group_index = max(0, min(index, len(self.view.groups) - 1))
        self._refresh_table()

    def toggle_anonymous(self) -> None:
        self.anonymous = not self.anonymous
        self._refresh_table()
        self._describe_current()
        self.say("Anonymous: coders are shown as Coder 1, Coder 2…" if self.anonymous else "Coders shown by name")

    def say(self, text: str, *, problem: bool = False) -> None:
        self.status.setProperty("problem", problem)
        self.status.setText(LRM + text)  # an English sentence: left to right, whatever it quotes first
        self.message.emit(text)

    # ---- moving between items

    def items(self) -> list[Item]:
        """Everything still to decide, in reading order: spans first, then event rows' fields."""
        v = self.view
        if v is None:
            return []
        out = [Item("span", i) for i, p in enumerate(v.positions) if p.state.open]
        for g, group in enumerate(v.groups):
            decided = group.gold.provenance.fields if group.gold and group.gold.provenance else {}
            out += [
                Item("field", g, n)
                for n in group.differing_fields(v.coder_names)
                if n not in decided and any(map(given, group.values(n).values()))
            ]
        return out

    def step(self, direction: int) -> None:
        items = self.items()
        if not items:
            self.say("Nothing left to decide in this article.")
            return
        if self.current in items:
            k = (items.index(self.current) + direction) % len(items)
        else:
            k = 0 if direction > 0 else len(items) - 1
        self.select(items[k])

    def select(self, item: Item) -> None:
        self.current = item
        assert self.view is not None
        if item.kind == "span":
            self.text.show_position(self.view.positions[item.index])
        else:
            cursor = self.text.textCursor()
            cursor.clearSelection()  # the span chosen before is no longer what the keys act on
            self.text.setTextCursor(cursor)
            self.show_group(item.index)
            if item.field in self.table.fields:
                self.table.selectRow(self.table.fields.index(item.field))
        self._describe_current()

    def _cell_clicked(self, row: int, _column: int) -> None:
        if 0 <= row < len(self.table.fields):
            self.current = Item("field", self.group_index, self.table.fields[row])
            self._describe_current()

    def _describe_current(self) -> None:
        v, item = self.view, self.current
        if v is None or item is None:
            return
        if item.kind == "span":
            p = v.positions[item.index]
            who = ", ".join(f"{v.coder_names.index(c) + 1} {self.coder_label(c)}" for c in sorted(p.votes))
            text = v.text[p.start : p.end]
            # The quoted text keeps its own direction inside the line (an Arabic span cannot turn it around).
            line = f"“{isolate(text)}” {p.label}: {STATE_WORDS[p.state]}; marked by {who or 'nobody'}"
            gold = next((s for s in v.gold.spans if s.key == p.gold_key), None)
            if gold is not None and gold.provenance is not None:
                line += f" — gold: {gold.provenance.describe()}"
        else:
            name = item.field.replace("_", " ")
            line = f"Event {item.index + 1}, {name}: press 1–{len(v.coders)} to take a coder's value"
        self.say(line)

    # ---- deciding

    def _decide(self, build: Callable[[adj.Decisions], a.Command]) -> a.Command | None:
        """Build a decision on the view and apply it (one transaction, one undo step); a refusal is
        said in the status line and nothing is written. Returns the command applied, if any."""
        v = self.view
        if v is None:
            return None
        try:
            command = build(adj.Decisions(v, self.reviewer))
            inverse, _ = adj.decide(self.project, v, command)
        except adj.StaleView as exc:
            self.say(f"{exc}. Press F5 to read the article again.", problem=True)
            return None
        except UserError as exc:
            self.say(str(exc), problem=True)
            return None
        self.undo_stack.push(ServiceCommand(self._replay, command, inverse, a.describe(command), None))
        keep = self.current
        self.reload()
        self.current = keep
        self._advance_if_decided()
        return command

    def _replay(self, command: a.Command) -> a.Command:
        """Undo or redo: the stored command is applied as it is; if what is stored no longer fits it
        (someone changed the article since), nothing is written, the article is read again and the
        history, which no longer matches it, is cleared."""
        try:
            inverse, _ = adj.apply_guarded(self.project, command)
        except UserError as exc:
            self.say(f"Could not undo or redo: {exc}. The article was read again.", problem=True)
            QTimer.singleShot(0, self.undo_stack.clear)
            self.reload()
            return command
        self.reload()
        return inverse

    def _replay_send_back(self, command: a.Command) -> a.Command:
        inverse = self._replay(command)
        self.load_queue()  # the article leaves the queue with a send-back, and comes back with its undo
        return inverse

    def _advance_if_decided(self) -> None:
        if self.current is not None and self.current not in self.items():
            self.step(1)

    def _coder(self, n: int) -> str | None:
        if self.view is None or not 1 <= n <= len(self.view.coders):
            self.say(f"There is no coder {n} here.", problem=True)
            return None
        return self.view.coder_names[n - 1]

    def accept_coder(self, n: int) -> None:
        coder, item, v = self._coder(n), self.current, self.view
        if coder is None or item is None or v is None:
            return
        if item.kind == "span":
            p = v.positions[item.index]
            if coder not in p.votes:
                # Coder N's own version of this mark: the rival they did mark.
                mine = [v.positions[r] for r in p.rivals if coder in v.positions[r].votes]
                if not mine:
                    self.say(f"{self.coder_label(coder)} marked nothing here.", problem=True)
                    return
                p = mine[0]
            where = p.position
            self._decide(lambda d: d.accept_span(coder, where))
        else:
            self._decide(lambda d: d.accept_field(coder, item.index, item.field))

    def accept_event(self, n: int) -> None:
        coder = self._coder(n)
        if coder is None or self.view is None or not self.view.groups:
            return
        index = self.group_index
        self._decide(lambda d: d.accept_event(coder, index))

    def accept_all_agreed(self) -> None:
        self._decide(lambda d: d.accept_all_agreed())

    def reject_current(self) -> None:
        item, v = self.current, self.view
        if item is None or v is None or item.kind != "span":
            self.say("Choose a span to reject (N/P).", problem=True)
            return
        where = v.positions[item.index].position
        self._decide(lambda d: d.reject_span(where))

    def edit_current(self) -> None:
        item = self.current
        if item is None or item.kind != "field":
            self.say("Choose an event field to edit (N/P or a click).", problem=True)
            return
        value, ok = QInputDialog.getText(self, "Gold value", f"{item.field.replace('_', ' ')}:")
        if ok:
            self._decide(lambda d: d.edit_field(item.index, item.field, value))

    # ---- gold events: merge, split

    def _row_gold(self) -> str | None:
        v = self.view
        gold = v.groups[self.group_index].gold if v is not None and v.groups else None
        if gold is None:
            self.say("This row has no gold event: take a coder's event (Shift+1–9) first.", problem=True)
            return None
        return gold.key

    def merge_step(self) -> None:
        """M on one row's gold event, then on another's: the second merges into the first."""
        key = self._row_gold()
        if key is None:
            return
        if self.merging is None or self.merging == key:
            self.merging = None if self.merging == key else key
            self._refresh_table()
            if self.merging is not None:
                self.say(f"Event {self.group_index + 1} chosen: go to the other row ([ or ]) and press M to merge.")
            return
        keep, self.merging = self.merging, None
        if self._decide(lambda d: d.merge_events(keep, key)) is None:
            self._refresh_table()
            return
        self._show_gold_event(keep)

    def cancel_merge(self) -> None:
        if self.merging is not None:
            self.merging = None
            self._refresh_table()
            self.say("Merge cancelled.")

    def split_current(self) -> None:
        key = self._row_gold()
        if key is None:
            return
        command = self._decide(lambda d: d.split_event(key))
        if isinstance(command, a.Composite) and isinstance(command.commands[0], a.CreateEvent):
            new = command.commands[0].key
            if new is not None:
                self._show_gold_event(new)
                self.say(f"Split: the copy is event {self.group_index + 1}; change what differs (E).")

    def _show_gold_event(self, key: str) -> None:
        v = self.view
        if v is None:
            return
        for n, group in enumerate(v.groups):
            if group.gold is not None and group.gold.key == key:
                self.show_group(n)
                return

    # ---- sending back

    def ask_send_back(self) -> None:
        from annotator.ui.review.send_back import SendBackDialog

        v = self.view
        if v is None:
            self.say("Open an article first.", problem=True)
            return
        dialog = SendBackDialog([(c, self.coder_label(c)) for c in v.coder_names], self)
        if dialog.exec():
            self.send_back(*dialog.choice())

    def send_back(self, coder: str, note: str) -> None:
        """The coder's set in progress again with the note (one transaction, one undo step)."""
        v = self.view
        if v is None:
            return
        try:
            command = adj.send_back_command(v, coder, note, self.reviewer)
            inverse, _ = adj.apply_guarded(self.project, command)
        except UserError as exc:
            self.say(str(exc), problem=True)
            return
        self.undo_stack.push(ServiceCommand(self._replay_send_back, command, inverse, a.describe(command), None))
        self.reload()
        self.load_queue()
        self.say(f"Sent back to {self.coder_label(coder)}: the article is in their queue with the note.")
