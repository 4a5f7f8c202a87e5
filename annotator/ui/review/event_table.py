"""One aligned event as a table: a row per field, a column per coder and one for gold.

Rows where the coders differ are tinted; each value shows the text of its evidence spans under it,
and the gold column's tooltip says where the value came from (its provenance).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from annotator.domain.adjudication.events import DECIDED_FIELDS, EventGroup, field_value, given
from annotator.domain.models import AnnotationSet, Event
from annotator.ui.common.theme import LIGHT, Theme, blend

DIFFERS = "#e03131"


def _shown(value: Any) -> str:
    if value is None or value is False:
        return ""
    if value is True:
        return "yes"
    return str(value)


class EventTable(QTableWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewEvents")
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.fields: list[str] = []
        self._theme = LIGHT

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme

    def show_group(
        self, group: EventGroup | None, coders: list[AnnotationSet], gold: AnnotationSet, headers: list[str]
    ) -> None:
        """``headers`` name the coders' columns (real names, or "Coder 1…" when anonymous)."""
        self.clear()
        self.setColumnCount(len(coders) + 1)
        self.setHorizontalHeaderLabels([*headers, "Gold"])
        if group is None:
            self.fields = []
            self.setRowCount(0)
            return
        names = [c.coder for c in coders]
        events: list[Event | None] = [group.members.get(n) for n in names] + [group.gold]
        self.fields = [n for n in DECIDED_FIELDS if any(e is not None and given(field_value(e, n))
                                                           for e in events)]  # fmt: skip
        self.setRowCount(len(self.fields))
        self.setVerticalHeaderLabels([n.replace("_", " ") for n in self.fields])
        texts = [{s.key: s.text for s in aset.spans} for aset in [*coders, gold]]
        tint = QBrush(QColor(blend(DIFFERS, self._theme.base, 0.22)))
        for row, name in enumerate(self.fields):
            differs = group.differs(name, names)
            for col, event in enumerate(events):
                item = QTableWidgetItem(self._cell(event, name, texts[col]))
                if differs and col < len(names):
                    item.setBackground(tint)
                if col == len(names) and event is not None and event.provenance is not None:
                    decided = event.provenance.fields.get(name)
                    if decided is not None:
                        item.setToolTip(decided.describe())
                item.setData(Qt.ItemDataRole.UserRole, differs)
                self.setItem(row, col, item)

    @staticmethod
    def _cell(event: Event | None, name: str, texts: dict[str, str]) -> str:
        if event is None:
            return "—"
        value = _shown(field_value(event, name))
        evidence = [texts[k] for k in event.evidence.get(name, []) if k in texts]
        if evidence:
            value += "\n" + " · ".join(f"“{t}”" for t in evidence)
        return value
