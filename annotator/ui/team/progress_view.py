"""View > Progress: how far the team has got, as a table and two charts (QtCharts).

The figures are ``services.team_progress.team_progress``'s, the same as ``annotator progress``:
per coder, articles assigned, not started, in progress and done, and events coded; and articles
finished per day. The table lists them; one chart stacks each coder's done, in progress and not
started, the other the articles done per day (the last ``DAYS`` days up to the latest, a stack
per coder). The view reads on the database worker; on a server it is read again when the listener
hears a change (``ui.team.install``), a few hundred milliseconds after the last of a burst.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalStackedBarSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt, QTimer
from PySide6.QtGui import QColor, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.ui.coding.article_list import STATUS_COLOUR
from annotator.ui.common.window_size import fit_to_screen

if TYPE_CHECKING:
    from annotator.services.project import Project
    from annotator.services.team_progress import TeamProgress
    from annotator.ui.common.tasks import TaskRunner
    from annotator.ui.common.theme import Theme

DAYS = 30
REFRESH_DELAY_MS = 300
COLUMNS = ("Coder", "Role", "Assigned", "Not started", "In progress", "Done", "Done %", "Events")
# One colour per coder in the per-day chart (colour-blind-safe, after Okabe and Ito).
CODER_COLOURS = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000")


class ProgressView(QWidget):
    def __init__(self, project: Project, tasks: TaskRunner, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("progressView")
        self.setWindowTitle("Team progress")
        self.project = project
        self.tasks = tasks
        self.theme = theme
        self.progress: TeamProgress | None = None
        self.batch = QComboBox()
        self.batch.setObjectName("progressBatch")
        self.batch.addItem("All batches", None)
        self.batch.currentIndexChanged.connect(lambda _i: self.refresh())
        self.summary = QLabel("Reading…")
        self.summary.setObjectName("progressSummary")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("progressTable")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.by_coder = _chart_view("progressByCoder")
        self.by_day = _chart_view("progressByDay")
        charts = QSplitter(Qt.Orientation.Horizontal)
        charts.addWidget(self.by_coder)
        charts.addWidget(self.by_day)
        charts.setSizes([1, 1])
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(charts)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(QLabel("Batch"))
        top.addWidget(self.batch)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(REFRESH_DELAY_MS)
        self._later.timeout.connect(self.refresh)
        # A window of figures to glance at: Escape or Ctrl+W puts it away, as the dialogs close.
        for keys in (QKeySequence(Qt.Key.Key_Escape), QKeySequence("Ctrl+W")):
            QShortcut(keys, self, self.close)
        fit_to_screen(self, 980, 680)

    # ------------------------------------------------------------------ reading

    def refresh_soon(self) -> None:
        """Something changed on the server: read again once a burst of changes has passed."""
        self._later.start()

    def refresh(self) -> None:
        from annotator.services import workspace
        from annotator.services.team_progress import team_progress

        self._later.stop()
        project, batch = self.project, self.batch.currentData()

        def read() -> tuple[TeamProgress, list[str]]:
            return team_progress(project, batch=batch), workspace.batches(project)

        self.tasks.run_db(read, self._show, self._failed, channel="progress-view")

    def _failed(self, exc: BaseException) -> None:
        self.summary.setText(f"Could not read the progress: {exc}")

    def _show(self, found: tuple[TeamProgress, list[str]]) -> None:
        progress, batches = found
        self.progress = progress
        self._fill_batches(batches)
        if progress.coders and not progress.assigned:
            # Coded without assignments (one person, or before Project > Assign…): "2 of 0" said nothing.
            self.summary.setText(
                f"{progress.done:,} article(s) done by {len(progress.coders)} coder(s); none assigned "
                "(Project > Assign… gives articles to coders)"
            )
        elif progress.coders:
            percent = f" ({100 * progress.done / progress.assigned:.0f} %)" if progress.assigned else ""
            self.summary.setText(
                f"{progress.done:,} of {progress.assigned:,} assignments done{percent}, "
                f"{len(progress.coders)} coder(s)" + (f", batch '{progress.batch}'" if progress.batch else "")
            )
        else:
            self.summary.setText("Nothing assigned or coded yet.")
        self._fill_table(progress)
        self.by_coder.setChart(coder_chart(progress, self.theme))
        self.by_day.setChart(day_chart(progress, self.theme))

    def _fill_batches(self, batches: list[str]) -> None:
        current = self.batch.currentData()
        self.batch.blockSignals(True)
        try:
            self.batch.clear()
            self.batch.addItem("All batches", None)
            for name in batches:
                self.batch.addItem(name or "(no batch name)", name)
            self.batch.setCurrentIndex(max(0, self.batch.findData(current)))
        finally:
            self.batch.blockSignals(False)

    def _fill_table(self, progress: TeamProgress) -> None:
        self.table.setRowCount(len(progress.coders))
        # Up to eight coders show without scrolling; the charts take the rest of the height.
        rows = max(1, min(8, len(progress.coders)))
        self.table.setMinimumHeight(
            self.table.horizontalHeader().sizeHint().height()
            + rows * self.table.verticalHeader().defaultSectionSize()
            + 2 * self.table.frameWidth()
        )
        for row, c in enumerate(progress.coders):
            share = f"{100 * c.done / c.assigned:.0f} %" if c.assigned else ""
            values = (c.coder, c.role, c.assigned, c.not_started, c.in_progress, c.done, share, c.events)
            for col, value in enumerate(values):
                item = QTableWidgetItem(f"{value:,}" if isinstance(value, int) else str(value))
                if col >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)


# ---------------------------------------------------------------- charts


def _chart_view(name: str) -> QChartView:
    view = QChartView()
    view.setObjectName(name)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumSize(300, 220)
    return view


def _chart(title: str, theme: Theme) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.setTheme(QChart.ChartTheme.ChartThemeDark if theme.dark else QChart.ChartTheme.ChartThemeLight)
    chart.setBackgroundBrush(QColor(theme.base))
    chart.setTitleBrush(QColor(theme.text))
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.legend().setLabelColor(QColor(theme.text))
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    return chart


def _axes(chart: QChart, series: object, categories: list[str], top: int, theme: Theme, *, horizontal: bool) -> None:
    cats = QBarCategoryAxis()
    cats.append(categories)
    if not horizontal and len(categories) > 14:
        cats.setLabelsAngle(-90)  # a month of days: upright labels would be cut to "1…"
    values = QValueAxis()
    # Whole numbers at round steps (1, 2, 5, 10, …), so a bar of 1 ends at the line marked 1.
    step = tick_step(top)
    values.setRange(0, step * max(1, -(-top // step)))
    values.setTickType(QValueAxis.TickType.TicksDynamic)
    values.setTickAnchor(0)
    values.setTickInterval(step)
    values.setLabelFormat("%d")
    for axis in (cats, values):
        axis.setLabelsColor(QColor(theme.text))
        axis.setGridLineColor(QColor(theme.border))
    chart.addAxis(cats, Qt.AlignmentFlag.AlignLeft if horizontal else Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(values, Qt.AlignmentFlag.AlignBottom if horizontal else Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(cats)  # type: ignore[attr-defined]
    series.attachAxis(values)  # type: ignore[attr-defined]


def tick_step(top: int, most: int = 6) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50, … that marks 0..``top`` with at most ``most`` steps."""
    scale = 1
    while True:
        for step in (scale, 2 * scale, 5 * scale):
            if top <= step * most:
                return step
        scale *= 10


def coder_chart(progress: TeamProgress, theme: Theme) -> QChart:
    """Per coder, a bar of done, in progress and not started (the first coder at the top)."""
    chart = _chart("Done per coder", theme)
    coders = list(reversed(progress.coders))  # a horizontal chart draws its first category at the bottom
    series = QHorizontalStackedBarSeries()
    for status, label, pick in (
        ("done", "Done", lambda c: c.done),
        ("in_progress", "In progress", lambda c: c.in_progress),
        ("not_started", "Not started", lambda c: c.not_started),
    ):
        bars = QBarSet(label)
        bars.setColor(QColor(STATUS_COLOUR[status]))
        bars.setBorderColor(QColor(STATUS_COLOUR[status]))
        bars.append([float(pick(c)) for c in coders])
        series.append(bars)
    series.setBarWidth(0.6)
    chart.addSeries(series)
    top = max((c.done + c.in_progress + c.not_started for c in coders), default=0)
    _axes(chart, series, [c.coder for c in coders], top, theme, horizontal=True)
    return chart


def day_range(progress: TeamProgress, days: int = DAYS) -> list[dt.date]:
    """The calendar days the per-day chart shows: up to ``days``, ending on the latest day something
    was done (days with nothing done are shown too, as gaps)."""
    if not progress.per_day:
        return []
    last = progress.per_day[-1].day
    first = max(progress.per_day[0].day, last - dt.timedelta(days=days - 1))
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def span_words(first: dt.date, last: dt.date) -> str:
    """'9–20 June 2024', '28 June – 3 July 2024', '30 December 2024 – 2 January 2025'."""
    if (first.year, first.month) == (last.year, last.month):
        days = str(first.day) if first == last else f"{first.day}–{last.day}"
        return f"{days} {first:%B %Y}"
    start = f"{first.day} {first:%B}" + ("" if first.year == last.year else f" {first.year}")
    return f"{start} – {last.day} {last:%B %Y}"


def day_chart(progress: TeamProgress, theme: Theme) -> QChart:
    """Articles done per day, a stack per coder."""
    chart = _chart("Done per day", theme)
    days = day_range(progress)
    by_day = {d.day: d.per_coder for d in progress.per_day}
    coders = sorted({name for d in progress.per_day for name in d.per_coder})
    series = QStackedBarSeries()
    for i, name in enumerate(coders):
        bars = QBarSet(name)
        colour = QColor(CODER_COLOURS[i % len(CODER_COLOURS)])
        bars.setColor(colour)
        bars.setBorderColor(colour)
        bars.append([float(by_day.get(day, {}).get(name, 0)) for day in days])
        series.append(bars)
    series.setBarWidth(0.8)
    chart.addSeries(series)
    top = max((sum(by_day.get(day, {}).values()) for day in days), default=0)
    # Labels of a month's days must be short to be read at all: the day of the month (a month's
    # name on its 1st), and the dates in the title.
    labels = [f"{d:%b}" if d.day == 1 and i else str(d.day) for i, d in enumerate(days)]
    if days:
        chart.setTitle(f"Done per day, {span_words(days[0], days[-1])}")
    _axes(chart, series, labels, top, theme, horizontal=False)
    if not days:
        chart.setTitle("Done per day (nothing done yet)")
    return chart


def render_progress(
    project: Project, path: str, *, size: tuple[int, int] = (1100, 720), theme: Theme | None = None
) -> str:
    """Draw the view with the project's figures to a PNG (for the README and for looking at it)."""
    from PySide6.QtWidgets import QApplication

    from annotator.ui.common.tasks import TaskRunner
    from annotator.ui.common.theme import LIGHT, apply_theme

    app = QApplication.instance()
    if isinstance(app, QApplication):
        apply_theme(app, theme or LIGHT)  # the window's colours too, not only the charts'
    tasks = TaskRunner(synchronous=True)
    view = ProgressView(project, tasks, theme or LIGHT)
    try:
        view.resize(*size)
        view.refresh()
        view.show()
        for _ in range(3):
            QApplication.processEvents()
        if not view.grab().save(path, "PNG"):
            from annotator.domain.errors import UserError

            raise UserError(f"cannot write {path}")
    finally:
        view.close()
        view.deleteLater()
    return path
