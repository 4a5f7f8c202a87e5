"""The bar chart of span agreement per label (QtCharts), for the agreement window.

Kept apart from the window so QtCharts, a module of its own, loads only when a report is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter

if TYPE_CHECKING:
    from annotator.domain.agreement.report import AgreementReport

SERIES = (
    ("Exact F1", "exact_f1", "#4a7bd0"),
    ("Overlap F1", "overlap_f1", "#8fb3ea"),
    ("Character α", "alpha", "#d08a4a"),
)


def span_chart(report: AgreementReport, *, dark: bool, clicked: Callable[[str], None]) -> QChartView:
    """Bars per span label: exact F1, overlap F1 and character α over every pair; a bar click names its label."""
    # Labels nobody marked would be empty groups of bars.
    labels = [label for label, s in report.spans.items() if any(p.spans_a or p.spans_b for p in s.pairs)]
    series = QBarSeries()
    for name, attr, _colour in SERIES:
        bars = QBarSet(name)
        for label in labels:
            value = getattr(report.spans[label], attr)
            bars.append(0.0 if value is None else max(0.0, float(value)))
        series.append(bars)
    series.clicked.connect(lambda index, _bars: clicked(labels[index]) if 0 <= index < len(labels) else None)
    chart = QChart()
    chart.setTheme(QChart.ChartTheme.ChartThemeDark if dark else QChart.ChartTheme.ChartThemeLight)
    chart.addSeries(series)
    for bars, (_name, _attr, colour) in zip(series.barSets(), SERIES, strict=True):
        bars.setColor(QColor(colour))  # after the theme, which sets its own colours
    chart.setTitle("Span agreement per label (click a bar for its articles)")
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    categories = QBarCategoryAxis()
    categories.append(labels)
    chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(categories)
    values = QValueAxis()
    values.setRange(0.0, 1.0)
    values.setTickCount(6)
    values.setLabelFormat("%.1f")
    chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(values)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    view = QChartView(chart)
    view.setObjectName("agreementSpanChart")
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(220)
    return view
