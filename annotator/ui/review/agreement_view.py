"""Review > Agreement…: the agreement report in a window of its own (issue 10, point 6).

The same figures as ``annotator agreement`` (``services.agreement.compute_agreement``), measured on
the task runner's pool so the coding screen stays responsive while the bootstrap runs:

- *Fields*: one row per ACLED field (level, α with its 95 % interval, κ, percent, units) and a heat
  map of α per field × pair of coders;
- *Events*: event matching per pair of coders (precision, recall, F1);
- *Spans*: exact and overlap F1 and character α per label, as a table and a bar chart;
- *Articles*: every compared article, most disagreement first.

Clicking a cell of the heat map, an events row, a span row or a bar lists the articles behind it on
the right; activating an article there (double-click or Enter) asks the window to open it
(``open_article`` with the external id).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.agreement.report import shown_agreement
from annotator.ui.common.window_size import fit_to_screen

if TYPE_CHECKING:
    from annotator.domain.agreement.report import AgreementReport
    from annotator.domain.agreement.scope import AgreementScope
    from annotator.services.project import Project
    from annotator.ui.common.tasks import TaskRunner

ANY_BATCH = "Any batch"


def fmt(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def heat_colour(value: float | None, dark: bool) -> QColor | None:
    """A cell's colour: red below TENTATIVE (0.667), amber to RELIABLE (0.8), green above, as in the
    HTML report; stronger the higher the value within red. None for no figure."""
    from annotator.domain.agreement.report import RELIABLE, TENTATIVE

    if value is None:
        return None
    if value < TENTATIVE:
        colour = QColor("#8e2a20" if dark else "#c0392b")
    elif value < RELIABLE:
        colour = QColor("#8a6220" if dark else "#e6a23c")
    else:
        colour = QColor("#24683c" if dark else "#3a9d5d")
    # 0.5 and -0.1 are both red; how deep the red is tells them apart.
    colour.setAlphaF(0.45 + 0.55 * min(1.0, max(0.0, abs(value))))
    return colour


def _item(text: str, *, align_right: bool = False, data: object = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if align_right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    return item


def _table(columns: Sequence[str], name: str, stretch: int | None = None) -> QTableWidget:
    """A read-only table sized to its contents; column ``stretch`` (if any) takes the spare width."""
    table = QTableWidget(0, len(columns))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(list(columns))
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(False)
    if stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def pair_name(pair: tuple[str, str]) -> str:
    return f"{pair[0]} / {pair[1]}"


class AgreementWindow(QDialog):
    """The agreement report for a scope the reviewer chooses; measured when asked (Enter)."""

    open_article = Signal(str)  # an article's external id, activated in the list on the right
    measured = Signal()  # a report arrived and is on screen (tests wait for it)

    def __init__(
        self,
        project: Project,
        tasks: TaskRunner,
        parent: QWidget | None = None,
        *,
        dark: bool = False,
        compute: Callable[[Project, AgreementScope], AgreementReport] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("agreementWindow")
        self.setWindowTitle("Agreement between coders")
        self.project = project
        self.tasks = tasks
        self.dark = dark
        self._compute = compute or _compute
        self.report: AgreementReport | None = None
        self._build()
        fit_to_screen(self, 1100, 680)

    # ---- layout

    def _build(self) -> None:
        self.coders = QLineEdit()
        self.coders.setObjectName("agreementCoders")
        self.coders.setPlaceholderText("every coder (or: amal, bruno)")
        self.batch = QComboBox()
        self.batch.setObjectName("agreementBatch")
        self.batch.addItem(ANY_BATCH)
        self.date_from = QLineEdit()
        self.date_from.setPlaceholderText("YYYY-MM-DD")
        self.date_to = QLineEdit()
        self.date_to.setPlaceholderText("YYYY-MM-DD")
        self.measure_button = QPushButton("&Measure")
        self.measure_button.setObjectName("agreementMeasure")
        self.measure_button.setDefault(True)
        self.measure_button.clicked.connect(self.measure)

        scope = QFormLayout()
        row = QHBoxLayout()
        row.addWidget(self.coders, 3)
        row.addWidget(QLabel("Batch"))
        row.addWidget(self.batch, 1)
        row.addWidget(QLabel("Published from"))
        row.addWidget(self.date_from)
        row.addWidget(QLabel("to"))
        row.addWidget(self.date_to)
        row.addWidget(self.measure_button)
        scope.addRow("Coders", row)

        self.summary = QLabel("Choose the coders and articles to compare, then Measure (Enter).")
        self.summary.setObjectName("agreementSummary")
        self.summary.setWordWrap(True)

        self.fields = _table(["Field", "Level", "α", "95 % interval", "κ", "Agree", "Units"], "agreementFields", 0)
        self.heat = _table([], "agreementHeatMap")
        self.heat.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.heat.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.heat.verticalHeader().setVisible(True)
        self.events = _table(
            ["Coders", "Articles", "Events", "Matched", "Precision", "Recall", "F1"], "agreementEvents", 0
        )
        self.spans = _table(["Label", "Coders", "Exact F1", "Overlap F1", "Character α", "Spans"], "agreementSpans", 1)
        self.articles = _table(
            ["Article", "Title", "Coders", "Disagreement", "Events unmatched", "Field values", "Spans"],
            "agreementArticles",
            1,
        )
        self.chart_host = QWidget()
        self.chart_layout = QVBoxLayout(self.chart_host)
        self.chart_layout.setContentsMargins(0, 0, 0, 0)

        fields_page = QSplitter(Qt.Orientation.Vertical)
        fields_page.addWidget(self.fields)
        heat_box = QWidget()
        heat_layout = QVBoxLayout(heat_box)
        heat_layout.setContentsMargins(0, 4, 0, 0)
        legend = QLabel(
            "α per field and pair of coders (red < 0.667 ≤ amber < 0.8 ≤ green); where α is undefined "
            "because the values never vary, the share of agreeing values, in italics"
        )
        legend.setWordWrap(True)  # on one line it made the window 1224 pixels wide, past a 1024 screen
        heat_layout.addWidget(legend)
        heat_layout.addWidget(self.heat)
        fields_page.addWidget(heat_box)
        spans_page = QSplitter(Qt.Orientation.Vertical)
        spans_page.addWidget(self.spans)
        spans_page.addWidget(self.chart_host)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("agreementTabs")
        self.tabs.addTab(fields_page, "&Fields")
        self.tabs.addTab(self.events, "&Events")
        self.tabs.addTab(spans_page, "&Spans")
        self.tabs.addTab(self.articles, "&Articles")

        self.behind_label = QLabel("Articles behind the chosen cell")
        self.behind_label.setWordWrap(True)
        self.behind = QListWidget()
        self.behind.setObjectName("agreementBehind")
        self.behind.itemActivated.connect(self._activate)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.behind_label)
        side_layout.addWidget(self.behind)
        hint = QLabel("Double-click or Enter opens an article.")
        hint.setObjectName("muted")
        side_layout.addWidget(hint)

        split = QSplitter()
        split.addWidget(self.tabs)
        split.addWidget(side)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(scope)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)

        self.heat.cellClicked.connect(self._heat_clicked)
        self.heat.currentCellChanged.connect(lambda r, c, *_: self._heat_clicked(r, c))
        self.events.currentCellChanged.connect(lambda r, *_: self._row_articles(self.events, r, "events"))
        self.spans.currentCellChanged.connect(lambda r, *_: self._row_articles(self.spans, r, "spans"))
        self.articles.cellActivated.connect(lambda r, _c: self._open_row(r))
        self.articles.cellDoubleClicked.connect(lambda r, _c: self._open_row(r))
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.measure)

    def load_batches(self) -> None:
        """Fill the batch choice from the project's assignments (on the pool)."""
        from annotator.services.assignment import batch_names

        project = self.project
        self.tasks.run_pool(lambda: batch_names(project), self._set_batches, lambda _e: None)

    def _set_batches(self, names: list[str]) -> None:
        current = self.batch.currentText()
        self.batch.clear()
        self.batch.addItem(ANY_BATCH)
        for name in names:
            self.batch.addItem(name or "(no batch name)", name)
        index = self.batch.findText(current)
        self.batch.setCurrentIndex(max(index, 0))

    # ---- measuring

    def scope(self) -> AgreementScope:
        """The scope the controls describe; ValueError with a sentence for the user if they are wrong."""
        from annotator.domain.agreement.scope import AgreementScope

        names = tuple(n.strip() for n in self.coders.text().split(",") if n.strip())
        if len(names) == 1:
            raise ValueError("Name at least two coders, separated by commas, or leave Coders empty for every coder.")
        dates: list[dt.date | None] = []
        for edit, what in ((self.date_from, "The 'from' date"), (self.date_to, "The 'to' date")):
            text = edit.text().strip()
            try:
                dates.append(dt.date.fromisoformat(text) if text else None)
            except ValueError:
                raise ValueError(f"{what} '{text}' is not a date like 2024-06-30.") from None
        batch = None if self.batch.currentIndex() <= 0 else self.batch.currentData()
        return AgreementScope(coders=names, date_from=dates[0], date_to=dates[1], batch=batch)

    def measure(self) -> None:
        try:
            scope = self.scope()
        except ValueError as exc:
            self._say(str(exc), error=True)
            return
        self.measure_button.setEnabled(False)
        self._say("Measuring… (events are matched and α's interval is bootstrapped)")
        project, compute = self.project, self._compute
        self.tasks.run_pool(lambda: compute(project, scope), self.show_report, self._failed, channel="agreement")

    def _failed(self, exc: BaseException) -> None:
        from annotator.domain.errors import UserError

        self.measure_button.setEnabled(True)
        if isinstance(exc, UserError):
            self._say(str(exc), error=True)
        else:
            self._say(f"Agreement could not be measured ({type(exc).__name__}: {exc}).", error=True)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.summary.setText(text)
        self.summary.setObjectName("fieldError" if error else "")
        self.summary.style().unpolish(self.summary)
        self.summary.style().polish(self.summary)

    # ---- showing

    def set_dark(self, dark: bool) -> None:
        """The heat map and chart take their colours from the theme: draw the report again in the new one."""
        if dark != self.dark:
            self.dark = dark
            if self.report is not None:  # only what is coloured (the articles listed stay)
                self._fill_heat(self.report)
                self._draw_span_chart(self.report)

    def show_report(self, report: AgreementReport) -> None:
        self.measure_button.setEnabled(True)
        self.report = report
        f1 = fmt(report.events_f1)
        self._say(
            f"{report.articles:,} article{'s' if report.articles != 1 else ''} coded by at least two of "
            f"{', '.join(report.coders)} ({report.scope}). Events F1 {f1}."
        )
        self._fill_fields(report)
        self._fill_heat(report)
        self._fill_events(report)
        self._fill_spans(report)
        self._fill_articles(report)
        self.behind.clear()
        self.measured.emit()

    def _fill_fields(self, report: AgreementReport) -> None:
        rows = list(report.fields.values())
        self.fields.setRowCount(len(rows))
        for r, f in enumerate(rows):
            ci = "–" if f.alpha_ci is None else f"{f.alpha_ci[0]:.3f} to {f.alpha_ci[1]:.3f}"
            cells = [f.name, f.level, fmt(f.alpha), ci, fmt(f.kappa), fmt(f.percent), f"{f.units:,}"]
            for c, text in enumerate(cells):
                self.fields.setItem(r, c, _item(text, align_right=c >= 2))

    def _fill_heat(self, report: AgreementReport) -> None:
        fields = [f for f in report.fields.values() if f.units]
        pairs = sorted({p.coders for f in fields for p in f.pairs})
        self.heat.clear()
        self.heat.setRowCount(len(fields))
        self.heat.setColumnCount(len(pairs))
        self.heat.setHorizontalHeaderLabels([pair_name(p) for p in pairs])
        self.heat.setVerticalHeaderLabels([f.name for f in fields])
        for r, f in enumerate(fields):
            by_pair = {p.coders: p for p in f.pairs}
            for c, pair in enumerate(pairs):
                cell = by_pair.get(pair)
                if cell is None:
                    self.heat.setItem(r, c, _item(""))
                    continue
                shown, is_alpha = shown_agreement(cell.alpha, cell.percent)
                text = fmt(shown, 2) if is_alpha or shown is None else f"{shown:.0%}"
                item = _item(text, align_right=True, data=(f.name, pair))
                if not is_alpha:
                    font = item.font()
                    font.setItalic(True)
                    item.setFont(font)
                item.setToolTip(
                    f"{f.name}, {pair_name(pair)}: α {fmt(cell.alpha)}, κ {fmt(cell.kappa)}, "
                    f"agree {fmt(cell.percent)}, {cell.units} unit(s); "
                    f"{len(cell.disagreeing_articles)} article(s) with a disagreement"
                )
                colour = heat_colour(shown, self.dark)
                if colour is not None:
                    item.setBackground(colour)
                self.heat.setItem(r, c, item)

    def _fill_events(self, report: AgreementReport) -> None:
        self.events.setRowCount(len(report.event_pairs))
        for r, p in enumerate(report.event_pairs):
            cells = [
                pair_name(p.coders),
                f"{p.articles:,}",
                f"{p.events_a:,} / {p.events_b:,}",
                f"{p.matched:,}",
                fmt(p.precision),
                fmt(p.recall),
                fmt(p.f1),
            ]
            for c, text in enumerate(cells):
                self.events.setItem(r, c, _item(text, align_right=c > 0, data=p.unmatched_articles if c == 0 else None))

    def _fill_spans(self, report: AgreementReport) -> None:
        # A pair where neither coder marked the label says nothing: left out, as in the chart.
        rows = [(s, p) for s in report.spans.values() for p in s.pairs if p.spans_a or p.spans_b]
        self.spans.setRowCount(len(rows))
        for r, (s, p) in enumerate(rows):
            cells = [
                s.label,
                pair_name(p.coders),
                fmt(p.exact_f1),
                fmt(p.overlap_f1),
                fmt(p.alpha),
                f"{p.spans_a:,} / {p.spans_b:,}",
            ]
            for c, text in enumerate(cells):
                self.spans.setItem(
                    r, c, _item(text, align_right=c > 1, data=p.disagreeing_articles if c == 0 else None)
                )
        self._draw_span_chart(report)

    def _draw_span_chart(self, report: AgreementReport) -> None:
        from annotator.ui.review.agreement_chart import span_chart

        layout = self.chart_layout
        while layout.count():
            old = layout.takeAt(0)
            widget = old.widget() if old is not None else None
            if widget is not None:
                widget.deleteLater()
        view = span_chart(report, dark=self.dark, clicked=self._label_clicked)
        layout.addWidget(view)
        self.chart = view

    def _fill_articles(self, report: AgreementReport) -> None:
        self.articles.setRowCount(len(report.by_article))
        for r, a in enumerate(report.by_article):
            cells = [
                a.article,
                a.title,
                str(a.coders),
                fmt(a.disagreement),
                str(a.unmatched_events),
                str(a.field_disagreements),
                str(a.span_disagreements),
            ]
            for c, text in enumerate(cells):
                self.articles.setItem(r, c, _item(text, align_right=c > 1, data=a.article if c == 0 else None))

    # ---- the articles behind a cell

    def _heat_clicked(self, row: int, column: int) -> None:
        item = self.heat.item(row, column)
        data = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if not data or self.report is None:
            return
        name, pair = data
        cell = next(p for p in self.report.fields[name].pairs if p.coders == tuple(pair))
        self.show_articles(cell.disagreeing_articles, f"{name}: {pair_name(cell.coders)} disagree in")

    def _row_articles(self, table: QTableWidget, row: int, what: str) -> None:
        item = table.item(row, 0)
        if item is None:
            return
        ids = item.data(Qt.ItemDataRole.UserRole) or ()
        if what == "events":
            title = f"Events: an event only one of {item.text()} coded, in"
        else:
            coders = table.item(row, 1)
            title = f"Spans '{item.text()}': {coders.text() if coders else ''} disagree in"
        self.show_articles(tuple(ids), title)

    def _label_clicked(self, label: str) -> None:
        if self.report is None or label not in self.report.spans:
            return
        ids = sorted({a for p in self.report.spans[label].pairs for a in p.disagreeing_articles})
        self.show_articles(tuple(ids), f"Spans '{label}': some pair disagrees in")

    def show_articles(self, ids: Sequence[str], title: str) -> None:
        titles = {a.article: a.title for a in self.report.by_article} if self.report is not None else {}
        self.behind_label.setText(f"{title} {len(ids):,} article{'s' if len(ids) != 1 else ''}:")
        self.behind.clear()
        for ext in ids:
            item = QListWidgetItem(f"{ext}  {titles.get(ext, '')}".rstrip())
            item.setData(Qt.ItemDataRole.UserRole, ext)
            self.behind.addItem(item)

    def _activate(self, item: QListWidgetItem) -> None:
        self.open_article.emit(item.data(Qt.ItemDataRole.UserRole))

    def _open_row(self, row: int) -> None:
        item = self.articles.item(row, 0)
        if item is not None:
            self.open_article.emit(item.data(Qt.ItemDataRole.UserRole))


def _compute(project: Project, scope: AgreementScope) -> AgreementReport:
    from annotator.services.agreement import compute_agreement

    return compute_agreement(project, scope)
