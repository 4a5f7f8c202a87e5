"""The article list: a status filter, a search box and a lazy table that stays quick at a million rows.

The model holds only the ids of the matching articles: for the whole list a ``range`` of ids (no
id is read up front: row n is article first + n), for a filter or a search the list of ids the
query found. Rows are read from the database a page at a time when the view first paints them,
on the task runner's database worker, and cached (a row not yet read paints empty for that
moment). Rows have a fixed height, so the view never measures a million rows to size its scroll
bar. Until the whole list is counted its size is an estimate, shown with a tilde.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from PySide6.QtGui import QPainter
    from PySide6.QtWidgets import QStyleOptionViewItem

    from annotator.ui.common.tasks import TaskRunner

PAGE = 200
Index = QModelIndex | QPersistentModelIndex
IdRole = Qt.ItemDataRole.UserRole + 1
StatusRole = Qt.ItemDataRole.UserRole + 2

STATUS_TEXT = {"not_started": "Not started", "in_progress": "In progress", "done": "Done"}
STATUS_COLOUR = {"not_started": "#9aa1ab", "in_progress": "#d9912b", "done": "#3a9a5b"}


class ArticleListModel(QAbstractTableModel):
    COLUMNS = ("", "Title", "Date", "Events", "Batch")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ids: Sequence[int] = []  # a list, or a range for the whole list
        self._row_of: dict[int, int] | None = None
        self._pages: dict[int, list[Any]] = {}
        # Reads the list rows of some article ids (services.workspace.article_rows, bound to a project).
        self.fetch: Callable[[Sequence[int]], list[Any]] = lambda ids: []
        self.tasks: TaskRunner | None = None  # runs ``fetch`` off the GUI thread (None: inline)
        self._generation = 0  # a page read for an older list of ids is dropped
        self._asked: set[int] = set()  # pages being read
        self._stale: set[int] = set()  # pages shown, to read again when next painted
        self._asking = False

    def set_reader(self, fetch: Callable[[Sequence[int]], list[Any]], tasks: TaskRunner | None) -> None:
        self.fetch = fetch
        self.tasks = tasks
        self.set_ids(self.ids)

    def set_ids(self, ids: Sequence[int]) -> None:
        self.beginResetModel()
        self.ids = ids
        self._row_of = None
        self._pages.clear()
        self._generation += 1
        self._asked.clear()
        self._stale.clear()
        self.endResetModel()

    def row_of(self, article_id: int) -> int | None:
        if isinstance(self.ids, range):  # the whole list: arithmetic, at any size
            return self.ids.index(article_id) if article_id in self.ids else None
        if self._row_of is None:
            self._row_of = {a: i for i, a in enumerate(self.ids)}
        return self._row_of.get(article_id)

    def refresh(self, article_id: int) -> None:
        """Re-read one article's row (its status or event count changed)."""
        row = self.row_of(article_id)
        if row is None:
            return
        if row // PAGE in self._pages:
            self._stale.add(row // PAGE)  # shows the old row until the new one is read
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    def row_data(self, row: int) -> Any:
        page = row // PAGE
        if page not in self._pages or page in self._stale:
            self._ask(page)
        rows = self._pages.get(page)
        return rows[row - page * PAGE] if rows is not None else None

    def _ask(self, page: int) -> None:
        if page in self._asked:
            return
        self._stale.discard(page)
        ids = list(self.ids[page * PAGE : (page + 1) * PAGE])
        generation = self._generation
        if self.tasks is None:
            self._arrived(page, ids, generation, self.fetch(ids))
            return
        self._asked.add(page)
        fetch = self.fetch
        self._asking = True  # a synchronous runner delivers before run_db returns
        try:
            self.tasks.run_db(
                lambda: fetch(ids),
                lambda rows: self._arrived(page, ids, generation, rows),
                lambda _exc: self._asked.discard(page),
            )
        finally:
            self._asking = False

    def _arrived(self, page: int, ids: list[int], generation: int, rows: list[Any]) -> None:
        if generation != self._generation:
            return
        self._asked.discard(page)
        found = {r.id: r for r in rows}
        self._pages[page] = [found.get(i) for i in ids]
        if self.tasks is not None and not self._asking and ids:
            first = page * PAGE
            self.dataChanged.emit(self.index(first, 0), self.index(first + len(ids) - 1, len(self.COLUMNS) - 1))

    # ---- model

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == IdRole:
            return self.ids[index.row()]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, StatusRole):
            return None
        r = self.row_data(index.row())
        if r is None:
            return None
        col = index.column()
        status = r.status.value
        if role == StatusRole:
            return status
        if role == Qt.ItemDataRole.ToolTipRole:
            date = f" · {r.published.isoformat()}" if r.published else ""
            events = f" · {r.events} event{'s' if r.events != 1 else ''}" if r.events else ""
            batch = f" · batch {r.batch}" if r.batch else ""
            where = f"{r.source}{date} · {r.external_id}"
            return f"{r.title or r.external_id}\n{where} · {STATUS_TEXT[status]}{events}{batch}"
        if col == 1:
            return r.title or r.external_id
        if col == 2:
            return r.published.isoformat() if r.published else ""
        if col == 3:
            return str(r.events) if r.events else ""
        if col == 4:
            return r.batch or ""
        return None


class StatusDelegate(QStyledItemDelegate):
    """A small round dot: grey ring (not started), amber (in progress), green (done)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        super().paint(painter, option, index)
        status = index.data(StatusRole)
        if not status:
            return
        from PySide6.QtGui import QColor, QPainter

        rect: QRect = option.rect
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = QColor(STATUS_COLOUR[status])
        dot = QRect(rect.center().x() - 4, rect.center().y() - 4, 9, 9)
        if status == "not_started":
            painter.setPen(colour)
            painter.setBrush(Qt.BrushStyle.NoBrush)
        else:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
        painter.drawEllipse(dot)
        painter.restore()


TITLE_MIN = 140  # the title column's width below which Events, then Date, give way to it


class ArticleListPanel(QWidget):
    queryChanged = Signal(object, str)  # status value or None, search text
    articleActivated = Signal(int)  # clicked: open it, the list keeps the focus (arrows browse on)
    articleEntered = Signal(int)  # Enter or double-click: open it and go to its text

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ArticleListModel(self)
        self.status = QComboBox()
        self.status.setObjectName("statusFilter")
        for text, value in (
            ("All articles", None),
            ("Not started", "not_started"),
            ("In progress", "in_progress"),
            ("Done", "done"),
        ):
            self.status.addItem(text, value)
        self.search = QLineEdit()
        self.search.setObjectName("articleSearch")
        self.search.setPlaceholderText("Search titles and text  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.count = QLabel("")
        self.count.setObjectName("muted")
        self.table = QTableView()
        self.table.setObjectName("articleTable")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(0, StatusDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        vh = self.table.verticalHeader()
        vh.hide()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(self.fontMetrics().height() + 10)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        hh.resizeSection(0, 26)
        hh.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        # Fixed widths: sizing to contents would read a thousand rows from the database.
        fm = self.fontMetrics()
        self._widths = {
            2: fm.horizontalAdvance("2024-06-30") + 18,
            3: fm.horizontalAdvance("Events") + 18,
            4: fm.horizontalAdvance("week 00") + 18,
        }
        self.show_batch = False  # the Batch column, shown when the project has assignments (ui.team.queue)
        self.table.setColumnHidden(4, True)
        for column, width in self._widths.items():
            hh.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            hh.resizeSection(column, width)
        hh.setHighlightSections(False)
        # The columns always fit the width (the title elides): no sideways scrolling.
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setMinimumHeight(4 * vh.defaultSectionSize())
        self.table.viewport().installEventFilter(self)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self._emit_query)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.search.returnPressed.connect(self._emit_query)
        self.status.currentIndexChanged.connect(lambda _i: self._emit_query())
        self.table.activated.connect(lambda index: self._emit_article(index, self.articleEntered))
        self.table.clicked.connect(lambda index: self._emit_article(index, self.articleActivated))
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.status)
        top.addWidget(self.count, 1, Qt.AlignmentFlag.AlignRight)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)

    def _emit_query(self) -> None:
        self._debounce.stop()
        self.queryChanged.emit(self.status.currentData(), self.search.text())

    def _emit_article(self, index: QModelIndex, signal: Any) -> None:
        article_id = index.data(IdRole)
        if article_id is not None:
            signal.emit(int(article_id))

    def eventFilter(self, watched: QObject, e: QEvent) -> bool:
        if e.type() == QEvent.Type.Resize and watched is self.table.viewport():
            self.fit_columns()
        return False

    def fit_columns(self) -> None:
        """Keep the title readable in a narrow list: Events gives way first, then Date, then Batch
        (a coder's queue is worked batch by batch; the row's tooltip still says them all)."""
        title = self.table.viewport().width() - self.table.horizontalHeader().sectionSize(0)
        hidden: set[int] = set() if self.show_batch else {4}
        for column in (3, 2, 4):
            if title - sum(w for c, w in self._widths.items() if c not in hidden) >= TITLE_MIN:
                break
            hidden.add(column)
        for column in (2, 3, 4):
            self.table.setColumnHidden(column, column in hidden)

    def set_ids(self, ids: Sequence[int], current: int | None, exact: bool = True) -> None:
        """Show these articles; ``exact=False``: their number is an estimate until ``counted``."""
        self.model.set_ids(ids)
        self._show_count(len(ids), exact)
        self.show_article(current)

    def counted(self, total: int) -> None:
        """The whole list's exact size is known: say it (the rows were right; only the tilde goes)."""
        self._show_count(total, True)

    def _show_count(self, n: int, exact: bool) -> None:
        self.count.setText(f"{'' if exact else '~'}{n:,} article{'s' if n != 1 else ''}")

    def show_article(self, article_id: int | None) -> None:
        row = self.model.row_of(article_id) if article_id is not None else None
        if row is None:
            self.table.clearSelection()
            return
        index = self.model.index(row, 1)
        self.table.selectionModel().setCurrentIndex(
            index,
            self.table.selectionModel().SelectionFlag.ClearAndSelect | self.table.selectionModel().SelectionFlag.Rows,
        )
        self.table.scrollTo(index)

    def neighbour(self, article_id: int | None, step: int) -> int | None:
        if not self.model.ids:
            return None
        row = self.model.row_of(article_id) if article_id is not None else None
        row = 0 if row is None else row + step
        if 0 <= row < len(self.model.ids):
            return self.model.ids[row]
        return None
