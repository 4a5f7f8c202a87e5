"""The form of one event: fields grouped as the codebook says, pickers for typed fields, derived
values shown live, problems said inline under the field they concern.

The form never writes: it emits ``edited(name, value)`` and the window turns that into a command.
Every keystroke is an edit (saved at once; the undo stack folds a typing burst into one step).
A field also takes evidence: with the field focused, a click on a span, Ctrl+L, or dropping a span
from the span list links it, and hovering or focusing a field outlines its evidence in the text.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.fields import DEFAULT_FIELD_GROUPS, EVENT_FIELDS, FIELDS, Choices
from annotator.ui.coding.span_list import SPAN_MIME
from annotator.ui.common.bidi import LRM, isolate

if TYPE_CHECKING:
    from annotator.domain.codebook import Codebook
    from annotator.services.annotate import EventInfo

# Captions, placeholders and pickers come from the field definitions.
TITLES = {f.name: f.caption for f in EVENT_FIELDS}
PLACEHOLDERS = {f.name: f.placeholder for f in EVENT_FIELDS if f.placeholder}
_CHOICE_FIELDS = tuple(f.name for f in EVENT_FIELDS if f.picker)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _combo() -> QComboBox:
    # Long choices (precision descriptions) must not widen the form past its pane.
    combo = QComboBox()
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(8)
    return combo


class FieldEditor:
    """One field's editor, title, evidence line and error line."""

    def __init__(self, form: EventForm, name: str, codebook: Codebook) -> None:
        self.form = form
        self.name = name
        self.title = QLabel(TITLES.get(name, name))
        self.title.setObjectName(f"title_{name}")
        self.evidence = QLabel("")
        self.evidence.setObjectName("muted")
        self.evidence.setWordWrap(True)
        self.evidence.hide()
        self.error = QLabel("")
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.filled_for: str | None = None  # the event type a sub-event picker was filled for
        self.editor = self._make_editor(codebook)
        self.editor.setObjectName(f"field_{name}")
        editor = self.editor
        self.typed = isinstance(editor, QLineEdit | QPlainTextEdit) or (
            isinstance(editor, QComboBox) and editor.isEditable()
        )
        self.evidence_keys: tuple[str, ...] = ()

    def _make_editor(self, book: Codebook) -> QWidget:
        name = self.name
        if name == "civilian_targeting":
            box = QCheckBox("Civilians were the target")
            box.toggled.connect(lambda on: self.form.user_edit(name, bool(on)))
            return box
        if name == "notes":
            notes = QPlainTextEdit()
            notes.setTabChangesFocus(True)
            notes.setFixedHeight(notes.fontMetrics().lineSpacing() * 4 + 14)
            notes.textChanged.connect(lambda: self.form.user_edit(name, notes.toPlainText()))
            return notes
        if name == "country":
            combo = _combo()
            combo.setEditable(True)
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            combo.addItem("", None)
            for c in sorted(book.countries, key=lambda c: c.name):
                combo.addItem(c.name, c.name)
            completer = QCompleter([c.name for c in book.countries], combo)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            combo.setCompleter(completer)
            combo.activated.connect(lambda _i: self.form.user_edit(name, combo.currentText().strip()))
            line = combo.lineEdit()
            assert line is not None
            line.editingFinished.connect(lambda: self._country_typed(combo))
            return combo
        if name in _CHOICE_FIELDS:
            combo = _combo()
            combo.activated.connect(lambda _i: self.form.user_edit(name, combo.currentData()))
            self._combo = combo
            self.fill_choices(book, "")
            return combo
        line = QLineEdit()
        line.setPlaceholderText(PLACEHOLDERS.get(name, ""))
        line.textEdited.connect(lambda text: self.form.user_edit(name, text))
        if FIELDS[name].choices is Choices.ACTORS:
            names = sorted({a.name for a in (*book.actors, *book.generic_actors)})
            if names:
                completer = QCompleter(names, line)
                completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
                completer.setFilterMode(Qt.MatchFlag.MatchContains)
                completer.activated.connect(lambda text: self.form.user_edit(name, text))
                line.setCompleter(completer)
        return line

    def _country_typed(self, combo: QComboBox) -> None:
        text = combo.currentText().strip()
        if text != _text(self.form.value_of(self.name)):
            self.form.user_edit(self.name, text)

    def fill_choices(self, book: Codebook, event_type: str) -> None:
        """(Re)fill a picker; the sub-event picker lists only its event type's sub-event types."""
        combo = getattr(self, "_combo", None)
        if combo is None:
            return
        self.filled_for = event_type
        combo.blockSignals(True)
        combo.clear()
        combo.addItem("", None)
        name = self.name
        if name in ("time_precision", "geo_precision"):
            codes = book.time_precision if name == "time_precision" else book.geo_precision
            for p in codes:
                combo.addItem(f"{p.code} – {p.description[:60]}", p.code)
        elif name == "event_type":
            for et in book.event_types:
                combo.addItem(et.name, et.name)
        elif name == "sub_event_type":
            types = [book.event_type_by_name[event_type]] if event_type in book.event_type_by_name else book.event_types
            for et in types:
                for sub in et.sub_event_types:
                    combo.addItem(sub.name, sub.name)
        elif name in ("inter1", "inter2"):
            for a in book.actor_types:
                combo.addItem(f"{a.code} {a.label}", a.code)
        elif name == "source_scale":
            for s in book.source_scales:
                combo.addItem(s, s)
        combo.blockSignals(False)

    def widgets(self) -> list[QWidget]:
        out: list[QWidget] = [self.editor, self.title]
        if isinstance(self.editor, QComboBox) and self.editor.lineEdit() is not None:
            out.append(self.editor.lineEdit())  # type: ignore[arg-type]
        if isinstance(self.editor, QPlainTextEdit):
            out.append(self.editor.viewport())
        return out

    def set_value(self, value: Any) -> None:
        w = self.editor
        w.blockSignals(True)
        try:
            if isinstance(w, QCheckBox):
                w.setChecked(bool(value))
            elif isinstance(w, QPlainTextEdit):
                if w.toPlainText() != (value or ""):
                    w.setPlainText(value or "")
            elif isinstance(w, QComboBox) and w.isEditable():
                w.setCurrentText(_text(value))
            elif isinstance(w, QComboBox):
                i = w.findData(value) if value not in (None, "") else 0
                if i < 0:  # a value the codebook does not list (imported): show it anyway
                    w.addItem(_text(value), value)
                    i = w.count() - 1
                w.setCurrentIndex(i)
            elif isinstance(w, QLineEdit) and w.text() != _text(value):
                w.setText(_text(value))
        finally:
            w.blockSignals(False)

    def set_error(self, reason: str | None) -> None:
        self.error.setText(reason or "")
        self.error.setVisible(bool(reason))

    def set_evidence(self, keys: tuple[str, ...], texts: list[str]) -> None:
        self.evidence_keys = keys
        if keys:
            quoted = ", ".join(f"“{isolate(' '.join(t.split())[:40])}”" for t in texts)
            self.evidence.setText(f"{LRM}⟵ {quoted}")
        self.evidence.setVisible(bool(keys))

    def set_marked(self, marked: bool) -> None:
        """Bold title: this field uses the span selected in the text."""
        font = self.title.font()
        font.setBold(marked)
        self.title.setFont(font)


class EventForm(QWidget):
    edited = Signal(str, object)  # field name, value as the editor holds it
    linkRequested = Signal(str)  # field name: link the selected span (Ctrl+L)
    unlinkRequested = Signal(str, str)  # field name, span key
    hovered = Signal(object)  # field name or None
    focused = Signal(str)
    spanDropped = Signal(str, str)  # field name, span key

    def __init__(self, codebook: Codebook, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eventForm")
        self.codebook = codebook
        self.current: EventInfo | None = None
        self.fields: dict[str, FieldEditor] = {}
        self.current_field: str | None = None  # the field last focused: where a picked span goes
        self._widget_field: dict[QWidget, str] = {}
        self._span_text: dict[str, str] = {}
        self._loading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(8)
        self.derived = QLabel("")
        self.derived.setObjectName("derived")
        self.derived.setWordWrap(True)
        self.derived.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.derived)
        groups = [(g.name, g.fields) for g in codebook.field_groups] or list(DEFAULT_FIELD_GROUPS)
        for group_name, names in groups:
            box = QGroupBox(group_name)
            form = QFormLayout(box)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            form.setHorizontalSpacing(10)
            form.setVerticalSpacing(5)
            for name in names:
                if name not in TITLES:
                    continue  # derived columns are shown in the summary line, not edited
                editor = FieldEditor(self, name, codebook)
                self.fields[name] = editor
                column = QWidget()
                col = QVBoxLayout(column)
                col.setContentsMargins(0, 0, 0, 0)
                col.setSpacing(1)
                col.addWidget(editor.editor)
                col.addWidget(editor.evidence)
                col.addWidget(editor.error)
                form.addRow(editor.title, column)
                for w in editor.widgets():
                    self._widget_field[w] = name
                    w.installEventFilter(self)
                editor.editor.setAcceptDrops(True)
                editor.editor.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
                editor.editor.customContextMenuRequested.connect(lambda pos, n=name: self._field_menu(n, pos))
            layout.addWidget(box)
        layout.addStretch(1)
        # One label column width for every group, so the editors line up from group to group.
        widest = max((e.title.fontMetrics().horizontalAdvance(e.title.text()) for e in self.fields.values()), default=0)
        for editor in self.fields.values():
            editor.title.setMinimumWidth(widest + 8)
            editor.title.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        link = QAction("Link selected span to this field", self)
        link.setShortcut(QKeySequence("Ctrl+L"))
        link.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        link.triggered.connect(self._link_current)
        self.addAction(link)
        unlink = QAction("Unlink the field's last evidence", self)
        unlink.setShortcut(QKeySequence("Ctrl+Shift+L"))
        unlink.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        unlink.triggered.connect(self._unlink_current)
        self.addAction(unlink)
        self.show_event(None)

    # ---- which widget is a field

    def field_of(self, widget: QWidget | None) -> str | None:
        while widget is not None:
            if widget in self._widget_field:
                return self._widget_field[widget]
            if widget is self:
                return None
            widget = widget.parentWidget()
        return None

    def focus_field(self, name: str | None = None) -> None:
        name = name or self.current_field or next(iter(self.fields))
        if name in self.fields:
            self.fields[name].editor.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # ---- showing an event

    def show_event(self, event: EventInfo | None, span_text: dict[str, str] | None = None) -> None:
        self.current = event
        if span_text is not None:
            self._span_text = span_text
        self.setEnabled(event is not None)
        for editor in self.fields.values():
            editor.set_error(None)
        self.refresh(event)

    def refresh(
        self, event: EventInfo | None, *, skip: str | None = None, span_text: dict[str, str] | None = None
    ) -> None:
        """Show the event's values; the field being typed into (``skip``) keeps its own text."""
        self.current = event
        if span_text is not None:
            self._span_text = span_text
        self._loading = True
        try:
            fields = event.fields if event is not None else None
            event_type = fields.event_type if fields else ""
            sub = self.fields.get("sub_event_type")
            if sub is not None and sub.filled_for != event_type:
                sub.fill_choices(self.codebook, event_type)
            for name, editor in self.fields.items():
                # Only a field being typed into keeps its text; pickers always show the stored value.
                if name != skip or not editor.typed:
                    editor.set_value(getattr(fields, name) if fields else None)
                keys = tuple(event.evidence.get(name, ())) if event else ()
                editor.set_evidence(keys, [self._span_text.get(k, k) for k in keys])
            self._show_derived()
        finally:
            self._loading = False

    def _show_derived(self) -> None:
        if self.current is None:
            self.derived.setText(
                "No event selected. Ctrl+N makes one; Ctrl+Shift+N makes one from the spans in the selected text."
            )
            return
        f = self.current.fields
        d = self.codebook.derive(f.event_date, f.sub_event_type, f.inter1, f.inter2, f.country)
        parts = [d["disorder_type"] or "disorder type —"]
        code = d["interaction"]
        parts.append(
            f"interaction {code} {self.codebook.interaction_text(code)}" if code is not None else "interaction —"
        )
        parts.append(f"year {d['year']}" if d["year"] else "year —")
        parts.append(f"ISO {d['iso']} · {d['region']}" if d["iso"] is not None else "ISO —")
        self.derived.setText("  ·  ".join(parts))

    def value_of(self, name: str) -> Any:
        return getattr(self.current.fields, name) if self.current is not None else None

    def show_error(self, name: str, reason: str | None) -> None:
        editor = self.fields.get(name)
        if editor is not None:
            editor.set_error(reason)

    def mark_fields_using(self, span_key: str | None) -> None:
        for editor in self.fields.values():
            editor.set_marked(span_key is not None and span_key in editor.evidence_keys)

    # ---- user input

    def user_edit(self, name: str, value: Any) -> None:
        if self._loading or self.current is None:
            return
        self.edited.emit(name, value)

    def _link_current(self) -> None:
        name = self.field_of(self.focusWidget()) or self.current_field
        if name:
            self.linkRequested.emit(name)

    def _unlink_current(self) -> None:
        name = self.field_of(self.focusWidget()) or self.current_field
        if name and self.fields[name].evidence_keys:
            self.unlinkRequested.emit(name, self.fields[name].evidence_keys[-1])

    def _field_menu(self, name: str, pos: Any) -> None:
        editor = self.fields[name]
        menu = QMenu(self)
        link = menu.addAction("Link selected span  (Ctrl+L)")
        link.triggered.connect(lambda: self.linkRequested.emit(name))
        for key in editor.evidence_keys:
            text = " ".join(self._span_text.get(key, key).split())[:40]
            act = menu.addAction(f"Unlink “{text}”")
            act.triggered.connect(lambda _c=False, k=key: self.unlinkRequested.emit(name, k))
        menu.exec(editor.editor.mapToGlobal(pos))

    def eventFilter(self, watched: QObject, e: QEvent) -> bool:
        name = self._widget_field.get(watched)  # type: ignore[call-overload]
        if name is None:
            return False
        kind = e.type()
        if kind == QEvent.Type.Enter:
            self.hovered.emit(name)
        elif kind == QEvent.Type.Leave:
            self.hovered.emit(None)
        elif kind == QEvent.Type.FocusIn:
            self.current_field = name
            self.focused.emit(name)
        elif kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            assert isinstance(e, QDropEvent)
            if e.mimeData().hasFormat(SPAN_MIME):
                e.acceptProposedAction()
                return True
        elif kind == QEvent.Type.Drop:
            assert isinstance(e, QDropEvent)
            if e.mimeData().hasFormat(SPAN_MIME):
                keys = bytes(e.mimeData().data(SPAN_MIME).data()).decode().split("\n")
                for key in filter(None, keys):
                    self.spanDropped.emit(name, key)
                e.acceptProposedAction()
                return True
        return False
