"""One field of the event form: its editor (line, picker, country, check box or notes), its title,
and how it shows that its text is saved, still being typed, or refused (``annotator.ui.coding.event_form``
lays the fields out and decides what to send).

An editor never writes: typing and choosing call the form (``user_edit``, ``typed``, the country's
and the actors' handlers), which sends edits. Text that is not saved keeps the editor tinted (once the
coder has left it), a ⚠ at its end with the reason as tooltip, and the reason on the form's notice line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPlainTextEdit, QSizePolicy, QWidget

from annotator.domain.fields import EVENT_FIELDS, Choices
from annotator.ui.coding.form_widgets import (
    DETAIL_ROLE,
    CompletionPopup,
    DetailDelegate,
    ElidedLabel,
    ElidingCombo,
    ListClickThrough,
    fit_popup,
)
from annotator.ui.common.theme import LIGHT, Theme, blend

if TYPE_CHECKING:
    from annotator.domain.codebook import Codebook
    from annotator.ui.coding.form_widgets import Choice


class FieldHost(Protocol):
    """What a field asks of its form (``annotator.ui.coding.event_form.EventForm``)."""

    def user_edit(self, name: str, value: Any) -> None: ...
    def typed(self, name: str, text: str) -> None: ...
    def left_field(self, name: str) -> None: ...
    def actor_choices(self, name: str, typed: str) -> list[Choice]: ...
    def actor_chosen(self, name: str, choice: Choice) -> None: ...
    def country_typed(self, text: str) -> None: ...
    def country_chosen(self, name: str) -> None: ...
    def settle_country(self) -> None: ...
    def country_choices(self, typed: str) -> list[Choice]: ...


# Captions, placeholders and pickers come from the field definitions.
TITLES = {f.name: f.caption for f in EVENT_FIELDS}
PLACEHOLDERS = {f.name: f.placeholder for f in EVENT_FIELDS if f.placeholder}
_CHOICE_FIELDS = tuple(f.name for f in EVENT_FIELDS if f.picker)
ACTOR_FIELDS = frozenset(f.name for f in EVENT_FIELDS if f.choices is Choices.ACTORS)

# How a field's text stands: saved; typed but not yet a value (a country being typed); refused.
SAVED, PENDING, REFUSED = "saved", "pending", "refused"


def text_of(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _combo() -> QComboBox:
    # Long choices must not widen the form past its pane: the closed combo elides, its list does not.
    combo = ElidingCombo()
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(3)
    combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    combo.currentIndexChanged.connect(lambda _i: combo.setToolTip(combo.currentText()))
    return combo


@dataclass(frozen=True, slots=True)
class Unsaved:
    """Text on screen that is not in the database, and why."""

    text: str
    reason: str
    state: str  # PENDING or REFUSED


def magnifier_icon() -> QIcon:
    pixmap = QPixmap(16, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor("#7a808a"), 1.6))
    painter.drawEllipse(2, 2, 8, 8)
    painter.drawLine(9, 9, 14, 14)
    painter.end()
    return QIcon(pixmap)


def _warning_icon(colour: str) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QColor(colour))
    font = painter.font()
    font.setBold(True)
    font.setPixelSize(12)
    painter.setFont(font)
    painter.drawText(pixmap.rect(), int(Qt.AlignmentFlag.AlignCenter), "⚠")
    painter.end()
    return QIcon(pixmap)


class FieldEditor:
    """One field: its editor, title, and the line saying why its text is not saved."""

    def __init__(self, form: FieldHost, name: str, codebook: Codebook) -> None:
        self.form = form
        self.name = name
        self.title = QLabel(TITLES.get(name, name))
        self.title.setObjectName(f"title_{name}")
        self.error = ElidedLabel("")
        self.error.setObjectName("fieldError")
        self.error.hide()
        self.filled_for: str | None = None  # the event type a sub-event picker was filled for
        self.popup: CompletionPopup | None = None
        self.sent = ""  # the text last shown from the database or sent to it
        self.state = SAVED
        self.reason = ""
        self._warning: QAction | None = None
        self.editor = self._make_editor(codebook)
        self.editor.setObjectName(f"field_{name}")
        if isinstance(self.editor, QComboBox):
            self._list_clicks = ListClickThrough(self.editor)
        editor = self.editor
        self.typed = isinstance(editor, QLineEdit | QPlainTextEdit) or (
            isinstance(editor, QComboBox) and editor.isEditable()
        )
        self.evidence_keys: tuple[str, ...] = ()
        self.evidence_texts: list[str] = []

    # ---- building

    def _make_editor(self, book: Codebook) -> QWidget:
        name = self.name
        form = self.form
        if name == "civilian_targeting":
            box = QCheckBox("Civilians were the target")
            box.toggled.connect(lambda on: form.user_edit(name, bool(on)))
            return box
        if name == "notes":
            notes = QPlainTextEdit()
            notes.setTabChangesFocus(True)
            notes.setFixedHeight(notes.fontMetrics().lineSpacing() * 3 + 12)
            notes.textChanged.connect(lambda: form.user_edit(name, notes.toPlainText()))
            return notes
        if name == "country":
            combo = _combo()
            combo.setEditable(True)
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            combo.setCompleter(None)  # type: ignore[arg-type]  # our own pop-up (form_widgets.CompletionPopup)
            combo.addItem("", None)
            for c in sorted(book.countries, key=lambda c: c.name):
                combo.addItem(c.name, c.name)
            fit_popup(combo)
            line = combo.lineEdit()
            assert line is not None
            line.setPlaceholderText("country")
            combo.activated.connect(lambda _i: form.country_chosen(combo.currentText()))
            line.textEdited.connect(form.country_typed)
            line.editingFinished.connect(form.settle_country)
            self.popup = CompletionPopup(line, form.country_choices)
            self.popup.chosen.connect(lambda c: form.country_chosen(c.text))
            self.popup.leaving.connect(form.settle_country)
            return combo
        if name in _CHOICE_FIELDS:
            combo = _combo()
            combo.activated.connect(lambda _i: form.user_edit(name, combo.currentData()))
            self._combo = combo
            self.fill_choices(book, "")
            return combo
        line = QLineEdit()
        line.setPlaceholderText(PLACEHOLDERS.get(name, ""))
        line.textEdited.connect(lambda text: form.typed(name, text))
        line.editingFinished.connect(lambda: form.left_field(name))
        if name in ACTOR_FIELDS:
            self.popup = CompletionPopup(line, lambda typed: form.actor_choices(name, typed))
            self.popup.chosen.connect(lambda c: form.actor_chosen(name, c))
        return line

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
                # The closed combo shows the code; the list says what each code means, in full.
                combo.addItem(str(p.code), p.code)
                combo.setItemData(combo.count() - 1, p.description, DETAIL_ROLE)
                combo.setItemData(combo.count() - 1, f"{p.code} – {p.description}", Qt.ItemDataRole.ToolTipRole)
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
        if name in ("time_precision", "geo_precision"):
            _detail_list(combo)
        else:
            fit_popup(combo)
        combo.blockSignals(False)

    def widgets(self) -> list[QWidget]:
        out: list[QWidget] = [self.editor, self.title]
        if isinstance(self.editor, QComboBox) and self.editor.lineEdit() is not None:
            out.append(self.editor.lineEdit())  # type: ignore[arg-type]
        if isinstance(self.editor, QPlainTextEdit):
            out.append(self.editor.viewport())
        return out

    def line(self) -> QLineEdit | None:
        """The line edit the coder types into, if the field has one."""
        w = self.editor
        if isinstance(w, QLineEdit):
            return w
        if isinstance(w, QComboBox) and w.isEditable():
            return w.lineEdit()
        return None

    # ---- what it shows

    def text(self) -> str | None:
        """The text on screen of a field typed into (None for pickers and the check box)."""
        w = self.editor
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText()
        line = self.line()
        return line.text() if line is not None else None

    def set_value(self, value: Any) -> None:
        w = self.editor
        w.blockSignals(True)
        line = self.line()
        if line is not None:
            line.blockSignals(True)
        try:
            if isinstance(w, QCheckBox):
                w.setChecked(bool(value))
            elif isinstance(w, QPlainTextEdit):
                if w.toPlainText() != (value or ""):
                    w.setPlainText(value or "")
            elif isinstance(w, QComboBox) and w.isEditable():
                i = w.findData(value) if value else 0
                w.setCurrentIndex(max(i, 0))
                w.setEditText(text_of(value))
            elif isinstance(w, QComboBox):
                i = w.findData(value) if value not in (None, "") else 0
                if i < 0:  # a value the codebook does not list (imported): show it anyway
                    w.addItem(text_of(value), value)
                    i = w.count() - 1
                w.setCurrentIndex(i)
                if w.toolTip() != w.currentText():
                    w.setToolTip(w.currentText())
            elif isinstance(w, QLineEdit) and w.text() != text_of(value):
                w.setText(text_of(value))
                if not w.hasFocus():
                    w.setCursorPosition(0)  # show a long name from its beginning
        finally:
            w.blockSignals(False)
            if line is not None:
                line.blockSignals(False)
        self.sent = self.text() or ""

    def set_text(self, text: str) -> None:
        """Put text (not saved yet) back on screen."""
        w = self.editor
        if isinstance(w, QPlainTextEdit):
            if w.toPlainText() != text:
                w.blockSignals(True)
                w.setPlainText(text)
                w.blockSignals(False)
            return
        line = self.line()
        if line is not None and line.text() != text:
            line.blockSignals(True)
            line.setText(text)
            line.blockSignals(False)

    def set_state(self, state: str, reason: str = "", theme: Theme = LIGHT) -> None:
        """Show whether the field's text is saved; the reason goes on the form's notice line."""
        self.state, self.reason = state, reason
        caption = TITLES.get(self.name, self.name)
        self.error.setText(f"{caption} not saved: {reason}" if state != SAVED else "")
        self.error.setVisible(state != SAVED)
        self.restyle(theme)

    def restyle(self, theme: Theme) -> None:
        # Refused text is tinted, and said in the error colour, once the coder has left the field;
        # while they are still typing in it, quietly (a date is refused until it is whole).
        # Palettes that set one role only: every other colour still follows the theme.
        loud = self.state == REFUSED and not self._has_focus()
        palette = QPalette()
        if loud:
            palette.setColor(QPalette.ColorRole.Base, blend(theme.error, theme.base, 0.16))
        self.editor.setPalette(palette)
        line = self.line()
        if line is not None and line is not self.editor:
            line.setPalette(palette)
        error_palette = QPalette()
        error_palette.setColor(QPalette.ColorRole.WindowText, QColor(theme.error if loud else theme.muted))
        self.error.setPalette(error_palette)
        self._show_warning(self.state != SAVED, theme)

    def _has_focus(self) -> bool:
        w = self.editor
        return w.hasFocus() or (self.line() is not None and self.line().hasFocus())  # type: ignore[union-attr]

    def _show_warning(self, on: bool, theme: Theme) -> None:
        line = self.line()
        if line is None:
            self.editor.setToolTip(self.error.text() if on else "")
            return
        if on and self._warning is None:
            self._warning = line.addAction(_warning_icon(theme.error), QLineEdit.ActionPosition.TrailingPosition)
        if self._warning is not None:
            self._warning.setVisible(on)
            self._warning.setToolTip(self.error.text())

    def set_evidence(self, keys: tuple[str, ...], texts: list[str]) -> None:
        if keys == self.evidence_keys and texts == self.evidence_texts:
            return  # (each article opened shows the form afresh: most fields have none before and after)
        self.evidence_keys = keys
        self.evidence_texts = texts
        quoted = ", ".join(f"“{' '.join(t.split())[:60]}”" for t in texts)
        self.title.setToolTip(f"Evidence: {quoted}" if keys else "")
        font = self.title.font()
        font.setUnderline(bool(keys))  # underlined: the field has evidence in the text
        self.title.setFont(font)

    def set_marked(self, marked: bool) -> None:
        """Bold title: this field uses the span selected in the text."""
        font = self.title.font()
        font.setBold(marked)
        self.title.setFont(font)


def _detail_list(combo: QComboBox) -> None:
    """A precision picker's list: the code, then what it means, never cut off."""
    view = combo.view()
    view.setItemDelegate(DetailDelegate(view))
    metrics = combo.fontMetrics()
    widest = max(
        (metrics.horizontalAdvance(str(combo.itemData(i, DETAIL_ROLE) or "")) for i in range(combo.count())),
        default=0,
    )
    view.setMinimumWidth(widest + metrics.horizontalAdvance("0000") + 40)
