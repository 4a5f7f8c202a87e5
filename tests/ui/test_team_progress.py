"""View > Progress: the team's figures as a table and two charts, rendered to a PNG, and read
again after an edit (issue 12, point 7)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCharts import QAbstractBarSeries
from PySide6.QtGui import QColor, QImage
from sqlalchemy import update

from annotator.domain.models import Role
from annotator.services import annotate as an
from annotator.services import assignment
from annotator.services.project import open_project
from annotator.services.team import add_member
from annotator.store.repository import sets_t
from annotator.ui.coding.article_list import STATUS_COLOUR
from annotator.ui.team.progress_view import render_progress, span_words, tick_step
from tests.ui.conftest import make_window

DAY = dt.datetime(2024, 6, 20, 12, tzinfo=dt.UTC)


def _team(ui_db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """amal and bilal both have the three articles (two coders each); amal has done two of them,
    on 18 and 20 June; bilal has started one."""
    ids = dict(ui_db["ids"])
    project = open_project(str(ui_db["url"]))
    try:
        add_member(project, "boss", Role.LEAD)
        for name in ("amal", "bilal"):
            add_member(project, name, Role.CODER)
        assignment.assign(project, ["amal", "bilal"], 2, batch="w1")
        for key, when in (("plain", DAY - dt.timedelta(days=2)), ("emoji", DAY)):
            ref = an.SetRef(ids[key], "amal")
            an.apply(project, an.CreateEvent(ref))
            an.apply(project, an.SetStatus(ref, an.Status.DONE))
            with project.engine.begin() as conn:
                conn.execute(update(sets_t).where(sets_t.c.article_id == ids[key]).values(done_at=when))
        an.apply(project, an.AddSpan(an.SetRef(ids["arabic"], "bilal"), 0, 4, "actor"))
    finally:
        project.close()
    return ids


def _bars(view) -> dict[str, list[float]]:  # type: ignore[no-untyped-def]
    (series,) = view.chart().series()
    assert isinstance(series, QAbstractBarSeries)
    return {s.label(): [s.at(i) for i in range(s.count())] for s in series.barSets()}


def test_progress_shows_the_table_and_charts_and_follows_edits(qtbot, ui_db) -> None:  # type: ignore[no-untyped-def]
    ids = _team(ui_db)
    w = make_window(qtbot, ui_db, "amal")
    try:
        assert w.team.progress_action.isEnabled()
        w.team.progress_action.trigger()
        view = w.team.progress_view
        assert view is not None and view.isVisible()
        table = view.table
        rows = [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]
        assert rows == [
            ["amal", "coder", "3", "1", "0", "2", "67 %", "2"],
            ["bilal", "coder", "3", "2", "1", "0", "0 %", "0"],
        ]
        assert view.summary.text() == "2 of 6 assignments done (33 %), 2 coder(s)"
        # Per coder (the first at the top: the chart draws its first category at the bottom).
        assert _bars(view.by_coder) == {"Done": [0, 2], "In progress": [1, 0], "Not started": [2, 1]}
        # Per day: 18, 19 (nothing) and 20 June.
        assert _bars(view.by_day) == {"amal": [1, 0, 1]}
        assert view.by_day.chart().title() == "Done per day, 18–20 June 2024"
        # An edit in the window is counted without reopening the view.
        w.coding.controller.open_article(ids["arabic"])
        w.coding.controller.toggle_done()
        qtbot.waitUntil(lambda: table.item(0, 5).text() == "3", timeout=3000)
        assert _bars(view.by_day)["amal"][-1] >= 1 and view.summary.text().startswith("3 of 6")
        # A batch that is not there is not offered; the one that is, is.
        assert [view.batch.itemData(i) for i in range(view.batch.count())] == [None, "w1"]
    finally:
        w.close()


def test_progress_renders_to_a_png_with_its_charts(qtbot, ui_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _team(ui_db)
    project = open_project(str(ui_db["url"]))
    try:
        path = render_progress(project, str(tmp_path / "progress.png"), size=(900, 600))
    finally:
        project.close()
    image = QImage(path)
    assert (image.width(), image.height()) == (900, 600)
    # The done bars are drawn in the list's "done" green somewhere in the lower half (the charts).
    green = QColor(STATUS_COLOUR["done"]).rgb()
    assert any(image.pixel(x, y) == green for x in range(0, 900, 3) for y in range(300, 600, 3))


def test_axis_steps_and_day_spans_read_well() -> None:
    assert [tick_step(n) for n in (0, 1, 6, 7, 12, 13, 30, 31, 290, 301)] == [1, 1, 1, 2, 2, 5, 5, 10, 50, 100]
    assert span_words(dt.date(2024, 6, 9), dt.date(2024, 6, 20)) == "9–20 June 2024"
    assert span_words(dt.date(2024, 6, 28), dt.date(2024, 7, 3)) == "28 June – 3 July 2024"
    assert span_words(dt.date(2024, 12, 30), dt.date(2025, 1, 2)) == "30 December 2024 – 2 January 2025"
    assert span_words(dt.date(2024, 6, 9), dt.date(2024, 6, 9)) == "9 June 2024"


def test_progress_without_assignments_says_so(qtbot, ui_db) -> None:  # type: ignore[no-untyped-def]
    """Coded but never assigned (the demo): the summary read "2 of 0 assignments done"."""
    w = make_window(qtbot, ui_db, "amal")
    try:
        w.coding.controller.open_article(ui_db["ids"]["plain"])
        w.coding.controller.toggle_done()
        w.team.progress_action.trigger()
        view = w.team.progress_view
        assert view is not None
        qtbot.waitUntil(lambda: "done" in view.summary.text(), timeout=3000)
        assert view.summary.text() == (
            "1 article(s) done by 1 coder(s); none assigned (Project > Assign… gives articles to coders)"
        )
    finally:
        w.close()


def test_escape_or_ctrl_w_closes_the_progress_window(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    for key, modifier in (
        (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
    ):
        window.team.progress_action.trigger()
        view = window.team.progress_view
        assert view is not None
        view.activateWindow()
        qtbot.waitUntil(view.isActiveWindow, timeout=2000)
        qtbot.keyClick(view.table, key, modifier)
        qtbot.waitUntil(lambda v=view: not v.isVisible(), timeout=2000)
