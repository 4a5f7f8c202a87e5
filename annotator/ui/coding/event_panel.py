"""The event panel: the article's events in the coder's order, and the form of the selected one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from annotator.ui.coding.event_form import EventForm

if TYPE_CHECKING:
    from annotator.domain.codebook import Codebook
    from annotator.services.annotate import EventInfo


def event_summary(number: int, event: EventInfo) -> str:
    f = event.fields
    what = f.sub_event_type or f.event_type or "(no type yet)"
    who = " vs ".join(a for a in (f.actor1, f.actor2) if a)
    parts = [f"{number}.  {what}"]
    if who:
        parts.append(who)
    if f.event_date:
        parts.append(f.event_date.isoformat())
    if f.location:
        parts.append(f.location)
    return "  ·  ".join(parts)


class EventPanel(QWidget):
    eventSelected = Signal(object)  # event key or None
    newRequested = Signal()
    fromSelectionRequested = Signal()
    deleteRequested = Signal()

    def __init__(self, codebook: Codebook, parent: QWidget | None = None, *, more_open: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("eventPanel")
        heading = QLabel("Events")
        heading.setObjectName("muted")
        self.list = QListWidget()
        self.list.setObjectName("eventList")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setUniformItemSizes(True)
        self._fit_list(0)
        self.list.currentItemChanged.connect(self._current_changed)
        self.new = QPushButton("New")
        self.new.setToolTip("New event (Ctrl+N)")
        self.from_selection = QPushButton("From selection")
        self.from_selection.setToolTip("New event filled from the spans in the selected text (Ctrl+Shift+N)")
        self.delete = QPushButton("Delete")
        self.delete.setToolTip("Delete the event (Ctrl+Shift+Del)")
        self.new.clicked.connect(self.newRequested)
        self.from_selection.clicked.connect(self.fromSelectionRequested)
        self.delete.clicked.connect(self.deleteRequested)
        for button in (self.new, self.from_selection, self.delete):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keep Tab moving between fields
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(heading)
        buttons.addStretch(1)
        buttons.addWidget(self.new)
        buttons.addWidget(self.from_selection)
        buttons.addWidget(self.delete)
        self.form = EventForm(codebook, more_open=more_open)
        self.form_scroll = QScrollArea()
        self.form_scroll.setObjectName("formScroll")
        self.form_scroll.setWidget(self.form)
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.form_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Always room for the scroll bar: opening "More fields" must not move the fields sideways.
        self.form_scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        # A click in the gap between two rows must not take the focus from the field being typed
        # into (the keys typed next would go nowhere): neither the scroll area nor its viewport
        # takes the focus.
        self.form_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.form_scroll.viewport().setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(buttons)
        layout.addWidget(self.list)
        layout.addWidget(self.form_scroll, 1)
        self._keys: list[str] = []
        self._quiet = False

    def show_events(self, events: list[EventInfo], current: str | None, uses: str | None = None) -> None:
        """Refill the list (events are few); ``uses`` is a span key whose events are shown bold."""
        self._quiet = True
        try:
            self.list.clear()
            self._keys = [e.key for e in events]
            for n, event in enumerate(events, 1):
                item = QListWidgetItem(event_summary(n, event))
                item.setData(Qt.ItemDataRole.UserRole, event.key)
                if uses and any(uses in keys for keys in event.evidence.values()):
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.list.addItem(item)
                if event.key == current:
                    self.list.setCurrentItem(item)
        finally:
            self._quiet = False
        self.delete.setEnabled(current is not None)
        self._fit_list(len(events))
        # Laid out now rather than at the next turn of the event loop: a delayed layout came after
        # the paint an article's opening asks for, and painted the panel a second time.
        self.list.executeDelayedItemsLayout()

    def _fit_list(self, rows: int) -> None:
        """As tall as its events (two to four rows, then it scrolls), so the form keeps the room."""
        row = self.list.fontMetrics().height() + 6
        self.list.setFixedHeight(row * max(2, min(rows, 4)) + 2 * self.list.frameWidth() + 2)

    def select(self, key: str | None) -> None:
        if key in self._keys:
            self.list.setCurrentRow(self._keys.index(key))
        else:
            self.list.setCurrentRow(-1)

    def neighbour(self, key: str | None, step: int) -> str | None:
        if not self._keys:
            return None
        if key not in self._keys:
            return self._keys[0 if step > 0 else -1]
        i = self._keys.index(key) + step
        return self._keys[i] if 0 <= i < len(self._keys) else None

    def _current_changed(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if self._quiet:
            return
        key = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        self.delete.setEnabled(key is not None)
        self.eventSelected.emit(key)
