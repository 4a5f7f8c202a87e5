"""The article's spans in text order: a list model over the coding controller's SpanIndex, and its view.

The model does not copy the spans: it reads the index the controller owns (the text view paints the
same one), so list rows and painted colours can never disagree. The controller announces each row
it inserts or removes, as Qt's own models do, and the model passes that on to its views. Rows can
be dragged onto an event field to link them as evidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyledItemDelegate, QTableView, QWidget

from annotator.domain.span_index import SpanIndex

if TYPE_CHECKING:
    from PySide6.QtCore import QMimeData
    from PySide6.QtGui import QPainter, QPalette
    from PySide6.QtWidgets import QStyleOptionViewItem

SPAN_MIME = "application/x-annotator-span"
KeyRole = Qt.ItemDataRole.UserRole + 1
LabelRole = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


class SpanListModel(QAbstractListModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.index_ = SpanIndex()
        self.colours: dict[str, str] = {}
        self.used: set[str] = set()  # spans that are evidence of some event

    def reset(self, index: SpanIndex) -> None:
        self.beginResetModel()
        self.index_ = index
        self.endResetModel()

    def row_inserting(self, row: int) -> None:
        self.beginInsertRows(QModelIndex(), row, row)

    def row_inserted(self) -> None:
        self.endInsertRows()

    def row_removing(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)

    def row_removed(self) -> None:
        self.endRemoveRows()

    def set_used(self, used: set[str]) -> None:
        if used != self.used:
            self.used = used
            if self.rowCount():
                self.dataChanged.emit(self.index(0), self.index(self.rowCount() - 1))

    def row_of(self, key: str) -> int | None:
        return self.index_.row_of(key) if key in self.index_ else None

    # ---- model

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.index_)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        span = self.index_.at_row(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{span.label}  {' '.join(span.text.split())}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{span.label} · {span.start}–{span.end}\n{span.text}"
        if role == KeyRole:
            return span.key
        if role == LabelRole:
            return span.label
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else base

    def mimeTypes(self) -> list[str]:
        return [SPAN_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        from PySide6.QtCore import QMimeData

        mime = QMimeData()
        keys = [self.index_.at_row(i.row()).key for i in indexes if i.isValid()]
        mime.setData(SPAN_MIME, "\n".join(keys).encode())
        mime.setText(" ".join(self.index_.at_row(i.row()).text for i in indexes if i.isValid()))
        return mime


class SpanDelegate(QStyledItemDelegate):
    """A colour chip, the label, then the span's text on one line."""

    def __init__(self, model: SpanListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        # By row, as the model answers: looking the span up by key would build the index's table
        # of 10,000 keys on the first paint after an article opens (a few milliseconds).
        if not 0 <= index.row() < len(self._model.index_):
            return
        span = self._model.index_.at_row(index.row())
        span_key, label = span.key, span.label
        from PySide6.QtGui import QColor, QPainter
        from PySide6.QtWidgets import QStyle

        painter.save()
        rect: QRect = option.rect
        palette: QPalette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(rect, palette.highlight())
        colour = QColor(self._model.colours.get(label, "#888888"))
        chip = QRect(rect.left() + 6, rect.center().y() - 5, 10, 10)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(colour)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawRoundedRect(chip, 3, 3)
        text_colour = palette.highlightedText().color() if selected else palette.text().color()
        muted = palette.placeholderText().color() if not selected else text_colour
        fm = option.fontMetrics
        x = chip.right() + 8
        painter.setPen(muted)
        label_text = label + (" •" if span_key in self._model.used else "")
        painter.drawText(QRect(x, rect.top(), 96, rect.height()), Qt.AlignmentFlag.AlignVCenter, label_text)
        painter.setPen(text_colour)
        body = fm.elidedText(" ".join(span.text.split()), Qt.TextElideMode.ElideRight, max(10, rect.right() - x - 100))
        painter.drawText(
            QRect(x + 96, rect.top(), rect.right() - x - 100, rect.height()), Qt.AlignmentFlag.AlignVCenter, body
        )
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(200, option.fontMetrics.height() + 8)


class SpanListView(QTableView):
    """A one-column table rather than a list view: QListView lays out every row after a reset
    (10,000 calls into the model), a table with fixed row heights lays out none."""

    activatedKey = Signal(str)

    def __init__(self, model: SpanListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("spanList")
        self.setModel(model)
        self.setItemDelegate(SpanDelegate(model, self))
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.horizontalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        rows = self.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        # Always shown: a bar that appears when an article's spans arrive narrows the rows under
        # the pointer and paints the whole list a second time on every open.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.activated.connect(self._activated)
        self.clicked.connect(self._activated)

    def _activated(self, index: QModelIndex) -> None:
        key = index.data(KeyRole)
        if key:
            self.activatedKey.emit(key)

    def show_key(self, key: str | None) -> None:
        model = self.model()
        assert isinstance(model, SpanListModel)
        row = model.row_of(key) if key else None
        if row is None:
            self.clearSelection()
            return
        index = model.index(row)
        self.setCurrentIndex(index)
        self.scrollTo(index)
