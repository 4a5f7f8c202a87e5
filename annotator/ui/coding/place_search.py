"""Ctrl+G in the event form: look a place up and fill every place field with it (issue #9, finding 5).

A pop-up under the location row: a search field, a country filter (the event's country to begin
with; "All countries" widens it), the places found (the project's own coded places first, then the
gazetteer's), each with its admin names, coordinates, what it is and the geo precision it is coded
with, and a small map of the results on a latitude/longitude grid (drawn, no map tiles: nothing
is fetched from the network). Enter, or a double click, fills country, admin 1-3, location,
latitude, longitude and geo precision as one edit (one undo step); Esc closes.

The gazetteer loads the first time the search opens (seconds, off the GUI thread); until then the
search answers from the project's places and says so.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from annotator.ui.coding.form_widgets import ElidedLabel, fit_popup

if TYPE_CHECKING:
    from annotator.domain.codebook import Codebook
    from annotator.services.annotate import EventInfo
    from annotator.services.place_lookup import PlaceOption
    from annotator.ui.coding.form_assist import FormAssist

ALL_COUNTRIES = "All countries"
OPTION_ROLE = Qt.ItemDataRole.UserRole + 10
FEATURES = {
    "coded": "coded in this project",
    "capital": "capital",
    "populated place": "town",
    "admin1": "province, coded to its largest town",
    "admin2": "district, coded to its largest town",
}


def describe(option: PlaceOption) -> tuple[str, str]:
    """The two lines a result shows: where it is, and what it is coded as."""
    admins = " › ".join(a for a in (option.admin1, option.admin2, option.admin3) if a)
    first = f"{option.location}  —  {', '.join(p for p in (admins, option.country) if p)}"
    parts = []
    if option.latitude is not None and option.longitude is not None:
        parts.append(f"{option.latitude:.4f}, {option.longitude:.4f}")
    # (A second-level area GeoNames calls a province is coded as one: "Province of Northern Samar".)
    feature = "admin1" if option.feature == "admin2" and option.geo_precision == 3 else option.feature
    parts.append(FEATURES.get(feature, feature))
    if option.geo_precision is not None:
        parts.append(f"geo precision {option.geo_precision}")
    if option.source == "project":
        parts.append(f"coded {option.uses}×")
    elif option.population:
        parts.append(f"pop. {option.population:,}")
    if option.matched_name and option.matched_name != option.location:
        parts.append(f"matched “{option.matched_name}”")
    return first, "  ·  ".join(parts)


class _TwoLines(QStyledItemDelegate):
    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        # (initStyleOption turns the item's "\n" into a Unicode line separator)
        first, _sep, second = opt.text.replace("\u2028", "\n").partition("\n")
        opt.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect = cast(QRect, opt.rect).adjusted(6, 2, -6, -2)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        palette = opt.palette
        painter.save()
        bold = QFont(opt.font)
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        painter.setFont(bold)
        painter.setPen(palette.highlightedText().color() if selected else palette.text().color())
        top = QRect(rect.left(), rect.top(), rect.width(), metrics.height())
        painter.drawText(
            top, int(Qt.AlignmentFlag.AlignLeft), metrics.elidedText(first, Qt.TextElideMode.ElideRight, rect.width())
        )
        painter.setFont(opt.font)
        plain = QFontMetrics(opt.font)
        painter.setPen(palette.highlightedText().color() if selected else palette.placeholderText().color())
        below = QRect(rect.left(), top.bottom() + 1, rect.width(), plain.height())
        painter.drawText(
            below, int(Qt.AlignmentFlag.AlignLeft), plain.elidedText(second, Qt.TextElideMode.ElideRight, rect.width())
        )
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, _index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(200, option.fontMetrics.height() * 2 + 8)


class MapPreview(QWidget):
    """The results as dots on a latitude/longitude grid around the highlighted one (a cross)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedSize(150, 150)
        self.points: list[tuple[float, float]] = []
        self.current: tuple[float, float] | None = None
        self.setToolTip("The places found, on a grid of degrees; the cross is the highlighted one")

    def show_points(self, points: list[tuple[float, float]], current: tuple[float, float] | None) -> None:
        self.points, self.current = points, current
        self.update()

    def paintEvent(self, _e: object) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.setPen(QPen(palette.mid().color(), 1))
        painter.setBrush(palette.base())
        painter.drawRoundedRect(rect, 4, 4)
        if self.current is None and not self.points:
            painter.setPen(palette.placeholderText().color())
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), "no coordinates")
            painter.end()
            return
        lat0, lon0 = self.current or self.points[0]
        span = 2.0  # degrees shown each way from the centre
        scale = (rect.width() - 16) / (2 * span)

        def to_xy(lat: float, lon: float) -> QPointF:
            x = rect.center().x() + (lon - lon0) * scale * math.cos(math.radians(lat0))
            return QPointF(x, rect.center().y() - (lat - lat0) * scale)

        painter.setClipRect(rect)
        grid = QColor(palette.mid().color())
        painter.setPen(QPen(grid, 1, Qt.PenStyle.DotLine))
        small = QFont(self.font())
        small.setPointSizeF(max(6.5, small.pointSizeF() * 0.75))
        painter.setFont(small)
        for d in range(math.floor(lat0 - span), math.ceil(lat0 + span) + 1):
            y = to_xy(d, lon0).y()
            painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
            painter.drawText(QPointF(rect.left() + 2, y - 2), f"{d}°")
        for d in range(math.floor(lon0 - 2 * span), math.ceil(lon0 + 2 * span) + 1):
            x = to_xy(lat0, d).x()
            painter.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.placeholderText())
        for lat, lon in self.points:
            painter.drawEllipse(to_xy(lat, lon), 2.5, 2.5)
        if self.current is not None:
            here = to_xy(*self.current)
            painter.setPen(QPen(palette.highlight().color(), 2))
            painter.drawLine(here + QPointF(-6, 0), here + QPointF(6, 0))
            painter.drawLine(here + QPointF(0, -6), here + QPointF(0, 6))
            painter.drawEllipse(here, 4, 4)
        painter.end()


class PlaceSearch(QFrame):
    chosen = Signal(object)  # {field: value}: the chosen place's country, admins, location, coordinates, precision

    def __init__(self, assist: FormAssist, codebook: Codebook, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("placeSearch")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.assist = assist
        self.for_event: EventInfo | None = None
        self.options: list[PlaceOption] = []
        self.search = QLineEdit()
        self.search.setObjectName("placeSearchText")
        self.search.setPlaceholderText("Town, village, district or province…")
        self.search.setClearButtonEnabled(True)
        self.country = QComboBox()
        self.country.setObjectName("placeSearchCountry")
        self.country.addItem(ALL_COUNTRIES, "")
        for c in sorted(codebook.countries, key=lambda c: c.name):
            self.country.addItem(c.name, c.name)
        fit_popup(self.country)
        self.country.setMinimumContentsLength(10)
        self.country.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.status = ElidedLabel("")  # one line that never widens the pop-up
        self.status.setObjectName("muted")
        self.results = QListWidget()
        self.results.setObjectName("placeResults")
        self.results.setItemDelegate(_TwoLines(self.results))
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # typing stays in the search field
        self.map = MapPreview()
        hint = ElidedLabel("↑↓ choose · Enter fills the place fields (one undo step) · Esc closes")
        hint.setObjectName("muted")
        top = QHBoxLayout()
        top.addWidget(self.search, 3)
        top.addWidget(self.country, 2)
        body = QHBoxLayout()
        body.addWidget(self.results, 1)
        body.addWidget(self.map, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 6)
        layout.setSpacing(5)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addLayout(body, 1)
        layout.addWidget(hint)
        self.search.textEdited.connect(lambda _t: self.refresh())
        self.country.currentIndexChanged.connect(lambda _i: self.refresh())
        self.results.currentRowChanged.connect(self._current_changed)
        self.results.itemActivated.connect(lambda _item: self.choose())
        self.search.installEventFilter(self)
        assist.placesReady.connect(self._places_ready)

    # ---- opening

    def open_for(self, event: EventInfo | None, typed: str, at: QPoint, width: int) -> None:
        """Show under ``at`` (global), searching ``typed`` in the event's country."""
        self.for_event = event
        country = self.assist.event_country(event) or ""
        self.country.blockSignals(True)
        self.country.setCurrentIndex(max(self.country.findData(country), 0))
        self.country.blockSignals(False)
        self.search.setText(typed)
        self.search.selectAll()
        self.assist.prepare_places()
        self.refresh()
        screen = QApplication.screenAt(at) or QApplication.primaryScreen()
        size = QSize(max(width, 580), 330)
        area = screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 768)
        x = min(max(at.x(), area.left()), area.right() - size.width())
        y = at.y() if at.y() + size.height() <= area.bottom() else max(area.top(), at.y() - size.height() - 30)
        self.setGeometry(QRect(QPoint(x, y), size))
        self.show()
        self.raise_()
        self.activateWindow()
        self.search.setFocus(Qt.FocusReason.PopupFocusReason)

    def _places_ready(self) -> None:
        if self.isVisible():
            self.refresh()

    # ---- searching

    def refresh(self) -> None:
        typed = self.search.text()
        country = str(self.country.currentData() or "")
        self.options = self.assist.place_options(typed, country or None, self.for_event) if typed.strip() else []
        self.results.clear()
        for option in self.options:
            first, second = describe(option)
            item = QListWidgetItem(f"{first}\n{second}")
            item.setToolTip(f"{first}\n{second}")
            self.results.addItem(item)
        if self.options:
            self.results.setCurrentRow(0)
        else:
            self._current_changed(-1)
        places = self.assist.places
        loading = places is not None and not places.ready
        where = f" in {country}" if country else ""
        if not typed.strip():
            said = f"Type a place name{where}."
        elif self.options:
            said = f"{len(self.options)} place{'s' if len(self.options) != 1 else ''}{where}, this project's first."
        else:
            said = f"No place{where} matches “{typed.strip()}”." + (
                f" {ALL_COUNTRIES} may find it." if country else " Code it by hand in the fields."
            )
        if loading:
            said += " The gazetteer is loading: this project's places meanwhile."
        self.status.setText(said)

    def _current_changed(self, row: int) -> None:
        points = [(o.latitude, o.longitude) for o in self.options if o.latitude is not None and o.longitude is not None]
        current = None
        if 0 <= row < len(self.options):
            o = self.options[row]
            if o.latitude is not None and o.longitude is not None:
                current = (o.latitude, o.longitude)
        self.map.show_points(cast(list[tuple[float, float]], points), current)

    def choose(self, row: int | None = None) -> bool:
        """Fill the place fields with the highlighted place (or ``row``)."""
        row = self.results.currentRow() if row is None else row
        if not 0 <= row < len(self.options):
            return False
        option = self.options[row]
        self.hide()
        self.chosen.emit(option.fields())
        return True

    def eventFilter(self, watched: QObject, e: QEvent) -> bool:
        if watched is self.search and e.type() == QEvent.Type.KeyPress:
            key = cast(QKeyEvent, e).key()
            steps = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 5, Qt.Key.Key_PageUp: -5}
            step = steps.get(Qt.Key(key))
            if step is not None:
                if self.options:
                    row = min(max(self.results.currentRow() + step, 0), len(self.options) - 1)
                    self.results.setCurrentRow(row)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.choose()
                return True
            if key == Qt.Key.Key_Escape:
                self.hide()
                return True
        return False

    def option_at(self, row: int) -> Any:
        return self.options[row] if 0 <= row < len(self.options) else None
