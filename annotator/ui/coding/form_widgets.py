"""Small widgets of the event form: a one-line label that elides instead of wrapping, combo boxes
whose lists are as wide as their longest entry, and a completion pop-up under a line edit.

Why our own pop-up helper rather than ``QLineEdit.setCompleter``: a completer attached that way
writes the highlighted entry into the line edit while the coder moves through the list, which
then shows a value that is not stored; and a click outside an open pop-up only closes it, so the
keys typed next still go into the old field ("SyriaAl-Hasakah", issue #9, finding 7). Here the
line edit's text changes only when the coder types or chooses, and a click outside the pop-up
closes it and gives the focus to the field that was clicked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFontMetrics, QPainter, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QCompleter,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionComboBox,
    QStyleOptionViewItem,
    QStylePainter,
    QWidget,
)

DETAIL_ROLE = Qt.ItemDataRole.UserRole + 1  # the muted text drawn at the right of a completion
VALUE_ROLE = Qt.ItemDataRole.UserRole + 2  # what choosing the row gives


class ElidedLabel(QLabel):
    """One line of text that never wraps and never changes height: too long, it ends in "…" and
    the whole text is its tooltip. ``text()`` still returns the whole text.

    Text given as parts (``set_parts``) elides between parts, never inside one: a summary shows
    whole facts and then "…", not "year 20…" or a separator with nothing after it, and its tooltip
    lists every part on its own line."""

    SEPARATOR = " · "

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._parts: list[str] = []
        self.setWordWrap(False)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(self.fontMetrics().height() + 4)

    def setText(self, text: str) -> None:
        self._parts = []
        super().setText(text)
        self.setToolTip(text if text else "")

    def set_parts(self, parts: Sequence[str]) -> None:
        self.setText(self.SEPARATOR.join(parts))
        self._parts = list(parts)
        self.setToolTip("\n".join(parts))

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self.height())

    def shown_text(self) -> str:
        """What fits in the label's width: the whole text, or its first whole parts and "…"."""
        metrics = QFontMetrics(self.font())
        width = self.contentsRect().width()
        text = self.text()
        if metrics.horizontalAdvance(text) <= width:
            return text
        for count in range(len(self._parts) - 1, 0, -1):
            head = self.SEPARATOR.join(self._parts[:count]) + self.SEPARATOR + "…"
            if metrics.horizontalAdvance(head) <= width:
                return head
        return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)

    def paintEvent(self, _e: object) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        alignment = self.alignment() | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(self.contentsRect(), int(alignment), self.shown_text())
        painter.end()


class ElidingCombo(QComboBox):
    """A picker that ends its shown choice in "…" when the combo is narrower than the text (the
    list itself is never cut: ``fit_popup``), with the whole choice as its tooltip."""

    def paintEvent(self, _e: object) -> None:
        painter = QStylePainter(self)
        opt = QStyleOptionComboBox()
        self.initStyleOption(opt)
        field = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, opt, QStyle.SubControl.SC_ComboBoxEditField, self
        )
        opt.currentText = self.fontMetrics().elidedText(opt.currentText, Qt.TextElideMode.ElideRight, field.width())
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, opt)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, opt)


def fit_popup(combo: QComboBox) -> None:
    """Let the combo's list be as wide as its widest entry (the closed combo may be narrower), and
    give each entry its whole text as a tooltip: long entries are never cut off."""
    metrics = combo.fontMetrics()
    widest = 0
    for i in range(combo.count()):
        text = combo.itemText(i)
        widest = max(widest, metrics.horizontalAdvance(text))
        if text:
            combo.setItemData(i, text, Qt.ItemDataRole.ToolTipRole)
    view = combo.view()
    view.setTextElideMode(Qt.TextElideMode.ElideNone)
    view.setMinimumWidth(widest + 48)


def show_current_as_tooltip(combo: QComboBox) -> None:
    """The closed combo may elide its text: its tooltip says the whole choice."""
    combo.setToolTip(combo.currentText())


@dataclass(frozen=True, slots=True)
class Choice:
    """One row of a completion pop-up: what it shows, a muted detail, and what choosing it gives."""

    text: str
    detail: str = ""
    value: Any = None


class DetailDelegate(QStyledItemDelegate):
    """Draws a row's text at the left and its detail, muted, at the right."""

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        detail = str(index.data(DETAIL_ROLE) or "")
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        text = opt.text
        opt.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect = cast(QRect, opt.rect).adjusted(6, 0, -6, 0)
        metrics = QFontMetrics(opt.font)
        detail_width = min(metrics.horizontalAdvance(detail), rect.width() // 2) if detail else 0
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        palette = opt.palette
        painter.save()
        painter.setPen(palette.highlightedText().color() if selected else palette.text().color())
        main = QRect(rect.left(), rect.top(), rect.width() - detail_width - 10, rect.height())
        align = int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
        painter.drawText(main, align, metrics.elidedText(text, Qt.TextElideMode.ElideRight, main.width()))
        if detail:
            painter.setPen(palette.highlightedText().color() if selected else palette.placeholderText().color())
            side = QRect(rect.right() - detail_width, rect.top(), detail_width, rect.height())
            right = int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight)
            painter.drawText(side, right, metrics.elidedText(detail, Qt.TextElideMode.ElideRight, detail_width))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), max(size.height(), option.fontMetrics.height() + 6))


class CompletionPopup(QObject):
    """A pop-up of choices under ``line``, refilled by ``fetch(typed)`` as the coder types.

    Down opens it (or moves in it); Enter takes the highlighted row, or the first row when nothing
    is highlighted and the first row begins with what was typed (so "Mil" Enter takes "Military
    Forces of…"); Esc closes it; Tab closes it and moves on. ``chosen`` gives the row's ``Choice``.
    A click outside the open pop-up closes it and puts the focus where the click was aimed.
    """

    chosen = Signal(object)  # Choice
    leaving = Signal()  # a click outside the pop-up is about to move the focus elsewhere

    def __init__(
        self, line: QLineEdit, fetch: Callable[[str], Sequence[Choice]], parent: QObject | None = None
    ) -> None:
        super().__init__(parent or line)
        self.line = line
        self.fetch = fetch
        self.model = QStandardItemModel(self)
        self.completer = QCompleter(self.model, self)
        self.completer.setWidget(line)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setMaxVisibleItems(10)
        popup = self._popup()
        popup.setItemDelegate(DetailDelegate(popup))
        popup.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        popup.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        cast(Any, self.completer.activated)[QModelIndex].connect(self._activated)  # a click on a row
        popup.installEventFilter(self)  # after QCompleter's own filter, so this one runs first
        line.installEventFilter(self)
        self.choices: list[Choice] = []
        self.enabled = True

    def _popup(self) -> QAbstractItemView:
        popup = self.completer.popup()
        assert popup is not None  # QCompleter makes its list on first ask
        return popup

    @property
    def visible(self) -> bool:
        return self._popup().isVisible()

    def refresh(self, typed: str | None = None, *, show: bool = True) -> None:
        """Refill the list for ``typed`` (default: the line's text) and show it if it has rows."""
        if not self.enabled:
            return
        text = self.line.text() if typed is None else typed
        self.choices = list(self.fetch(text))
        self.model.clear()
        for c in self.choices:
            item = QStandardItem(c.text)
            item.setData(c.detail, DETAIL_ROLE)
            item.setToolTip(f"{c.text}  —  {c.detail}" if c.detail else c.text)
            item.setEditable(False)
            self.model.appendRow(item)
        popup = self._popup()
        if not self.choices or not show:
            popup.hide()
            return
        popup.setCurrentIndex(QModelIndex())  # nothing highlighted until the coder moves
        rect = self.line.rect()
        metrics = self.line.fontMetrics()
        wanted = max(
            (metrics.horizontalAdvance(c.text) + metrics.horizontalAdvance(c.detail) + 60 for c in self.choices),
            default=0,
        )
        rect.setWidth(max(rect.width(), min(wanted, 560)))
        self.completer.complete(rect)

    def hide(self) -> None:
        self._popup().hide()

    def _activated(self, index: QModelIndex) -> None:
        self._choose(index.row())

    def _choose(self, row: int) -> None:
        self.hide()
        if 0 <= row < len(self.choices):
            self.chosen.emit(self.choices[row])

    def _first_fits(self) -> bool:
        if not self.choices:
            return False
        typed = " ".join(self.line.text().split()).casefold()
        first = self.choices[0].text.casefold()
        return bool(typed) and (first.startswith(typed) or f" {typed}" in f" {first}")

    def eventFilter(self, watched: QObject, e: QEvent) -> bool:
        kind = e.type()
        popup = self._popup()
        if watched is self.line and kind == QEvent.Type.KeyPress and not self.visible:
            key = cast(Any, e).key()
            if key == Qt.Key.Key_Down and cast(Any, e).modifiers() == Qt.KeyboardModifier.NoModifier:
                self.refresh()
                return bool(self.choices)
            return False
        if watched is not popup:
            return False
        if kind == QEvent.Type.KeyPress:
            key = cast(Any, e).key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                current = popup.currentIndex()
                if current.isValid():
                    self._choose(current.row())
                    return True
                if self._first_fits():
                    self._choose(0)
                    return True
                self.hide()
                return False  # QCompleter hands Enter on to the line edit
        elif kind == QEvent.Type.MouseButtonPress:
            where = cast(Any, e).globalPosition().toPoint()
            if not popup.rect().contains(popup.mapFromGlobal(where)):
                self.hide()
                self._focus_at(where)
                return True
        return False

    def _focus_at(self, where: QPoint) -> None:
        self.leaving.emit()
        focus_at(self.line, where)


def focus_at(owner: QWidget, where: QPoint) -> None:
    """Give the focus to the widget a click outside ``owner``'s open pop-up was aimed at (if it
    takes focus): Qt only closes the pop-up, and the keys typed next would go to ``owner``."""
    window = owner.window()
    inside = window.rect().contains(window.mapFromGlobal(where))
    target = window.childAt(window.mapFromGlobal(where)) if inside else QApplication.widgetAt(where)
    while target is not None and target.focusPolicy() == Qt.FocusPolicy.NoFocus:
        target = target.parentWidget()
    if target is None or target is owner or owner.isAncestorOf(target):
        return
    target.setFocus(Qt.FocusReason.MouseFocusReason)
    if isinstance(target, QLineEdit):
        target.setCursorPosition(target.cursorPositionAt(target.mapFromGlobal(where)))


class ListClickThrough(QObject):
    """The same for a combo box's own list: a click outside the open list closes it and puts the
    focus where the click was aimed (else letters typed next would pick from the combo)."""

    def __init__(self, combo: QComboBox) -> None:
        super().__init__(combo)
        self.combo = combo
        self.container = combo.view().window()  # the list's pop-up window (made by view())
        self.container.installEventFilter(self)

    def eventFilter(self, watched: QObject, e: QEvent) -> bool:
        if watched is self.container and e.type() == QEvent.Type.MouseButtonPress:
            where = cast(Any, e).globalPosition().toPoint()
            if not self.container.rect().contains(self.container.mapFromGlobal(where)):
                self.combo.hidePopup()
                focus_at(self.combo, where)
                return True
        return False
