"""Review > Agreement… (issue 10, point 6): the report's tables, the heat map and the span chart,
the articles behind a cell, and opening one of them in the coding screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.domain.agreement.compute import MeasureOptions
from annotator.services.agreement import compute_agreement
from annotator.services.assignment import Selection, assign
from annotator.services.importing import import_paths
from annotator.services.project import open_project
from annotator.ui.common.tasks import TaskRunner
from annotator.ui.review.agreement_view import AgreementWindow, heat_colour
from tests.fixtures.agreement import three_coder_articles
from tests.fixtures.interchange import write_jsonl
from tests.ui.conftest import make_window

pytestmark = pytest.mark.qt

FAST = MeasureOptions(resamples=100)


@pytest.fixture
def coded(tmp_path: Path):  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'agree.db'}"
    project = open_project(url)
    import_paths(project, [write_jsonl(tmp_path / "three.jsonl", three_coder_articles())])
    assign(project, ["amal", "bruno"], 2, batch="pilot", selection=Selection(ids=("jan", "jun")))
    yield project
    project.close()


@pytest.fixture
def view(qtbot, coded):  # type: ignore[no-untyped-def]
    tasks = TaskRunner(synchronous=True)
    w = AgreementWindow(coded, tasks, compute=lambda p, scope: compute_agreement(p, scope, FAST))
    qtbot.addWidget(w)
    w.show()
    w.load_batches()
    return w


def _cells(table, row: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [table.item(row, c).text() for c in range(table.columnCount())]


def test_tables_show_the_same_figures_as_the_service(view, coded) -> None:  # type: ignore[no-untyped-def]
    view.measure()
    report = compute_agreement(coded, options=FAST)
    assert view.report is not None and view.report.coders == ("amal", "bruno", "chen")
    assert "3 articles coded by at least two of amal, bruno, chen" in view.summary.text()
    rows = {view.fields.item(r, 0).text(): _cells(view.fields, r) for r in range(view.fields.rowCount())}
    location = report.fields["location"]
    assert rows["location"][1] == "nominal" and rows["location"][6] == str(location.units)
    assert rows["location"][5] == f"{location.percent:.3f}"
    assert view.events.rowCount() == len(report.event_pairs)
    assert view.articles.item(0, 0).text() == report.by_article[0].article  # most disagreement first
    assert view.articles.item(view.articles.rowCount() - 1, 0).text() == "dec"
    assert view.chart.chart().series()[0].count() == 3  # exact F1, overlap F1, character α


def test_a_heat_map_cell_lists_the_articles_behind_it_and_one_opens(view, qtbot) -> None:  # type: ignore[no-untyped-def]
    view.measure()
    heat = view.heat
    row = next(r for r in range(heat.rowCount()) if heat.verticalHeaderItem(r).text() == "location")
    col = next(c for c in range(heat.columnCount()) if heat.horizontalHeaderItem(c).text() == "amal / bruno")
    heat.setCurrentCell(row, col)
    assert [view.behind.item(i).text().split()[0] for i in range(view.behind.count())] == ["jun"]
    assert "location: amal / bruno disagree in 1 article" in view.behind_label.text()
    with qtbot.waitSignal(view.open_article) as opened:
        view.behind.setCurrentRow(0)
        view.behind.itemActivated.emit(view.behind.item(0))
    assert opened.args == ["jun"]


def test_span_bars_and_rows_list_their_articles(view) -> None:  # type: ignore[no-untyped-def]
    view.measure()
    view._label_clicked("actor")  # what a click on an 'actor' bar does
    # June: bruno's actor span is longer than amal's; January: chen marked no actor at all.
    assert [view.behind.item(i).text().split()[0] for i in range(view.behind.count())] == ["jan", "jun"]
    view.spans.setCurrentCell(0, 0)
    assert view.behind_label.text().startswith(f"Spans '{view.spans.item(0, 0).text()}'")


def test_scope_by_batch_coders_and_dates(view) -> None:  # type: ignore[no-untyped-def]
    assert [view.batch.itemText(i) for i in range(view.batch.count())] == ["Any batch", "pilot"]
    view.batch.setCurrentIndex(1)
    view.measure()
    assert sorted(view.articles.item(r, 0).text() for r in range(view.articles.rowCount())) == ["jan", "jun"]
    view.batch.setCurrentIndex(0)
    view.coders.setText("amal, chen")
    view.measure()
    assert view.report.coders == ("amal", "chen")
    view.coders.setText("")
    view.date_from.setText("2024-12-01")
    view.measure()
    assert [view.articles.item(r, 0).text() for r in range(view.articles.rowCount())] == ["dec"]


@pytest.mark.parametrize(
    ("coders", "date", "message"),
    [
        ("amal", "", "Name at least two coders"),
        ("", "June 2024", "'June 2024' is not a date"),
        ("amal, zoe", "", "no coder called 'zoe'"),
    ],
)
def test_mistakes_are_said_in_the_window(view, coders: str, date: str, message: str) -> None:  # type: ignore[no-untyped-def]
    view.coders.setText(coders)
    view.date_to.setText(date)
    view.measure()
    assert message in view.summary.text() and view.summary.objectName() == "fieldError"
    assert view.measure_button.isEnabled()


def test_heat_colours_follow_krippendorffs_thresholds() -> None:
    red, amber, green = heat_colour(0.5, False), heat_colour(0.7, False), heat_colour(0.9, False)
    assert red is not None and amber is not None and green is not None
    assert red.red() > red.green() and green.green() > green.red() and amber.red() > amber.blue()
    assert heat_colour(None, False) is None


def test_review_menu_opens_the_report_and_an_article_in_the_review_window(qtbot, ui_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    project = open_project(str(ui_db["url"]))
    import_paths(project, [write_jsonl(tmp_path / "three.jsonl", three_coder_articles())])
    project.close()
    w = make_window(qtbot, ui_db)
    try:
        assert w.review.agreement_action.isEnabled()
        w.review.agreement_action.trigger()
        agreement = w.review.agreement
        assert agreement is not None and agreement.isVisible()
        agreement.measure()
        assert agreement.report is not None and agreement.articles.rowCount() == 3
        row = next(r for r in range(agreement.articles.rowCount()) if agreement.articles.item(r, 0).text() == "jun")
        agreement.articles.cellActivated.emit(row, 0)
        review = w.review.review
        assert review is not None and review.isVisible()
        opened = review.screen_widget.view
        assert opened is not None and opened.external_id == "jun"
        w.review.agreement_action.trigger()
        assert w.review.agreement is agreement  # raised again, not a second window
    finally:
        w.close()


def test_keyboard_measure(view, qtbot) -> None:  # type: ignore[no-untyped-def]
    view.coders.setFocus()
    qtbot.keyClick(view.coders, Qt.Key.Key_Return)
    assert view.report is not None


def test_the_window_fits_a_1024_pixel_screen(view) -> None:  # type: ignore[no-untyped-def]
    """The heat map's legend on one line made the window at least 1224 pixels wide."""
    view.measure()
    assert view.minimumSizeHint().width() <= 1024 and view.minimumSizeHint().height() <= 640
