"""A coder's queue in the article list: only my assigned articles with their batch, Ctrl+J within
them; a lead's list narrowed by coder and batch (issue 12, point 4). SQLite: the app keeps to it."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.domain.models import Role, SetStatus
from annotator.services import annotate as an
from annotator.services import assignment
from annotator.services.project import open_project
from annotator.services.team import add_member
from tests.ui.conftest import make_window

CTRL = Qt.KeyboardModifier.ControlModifier


def _team(ui_db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """tester has emoji (batch w1), other plain (w2), both arabic (w3); 'boss' leads; 'idle' has none."""
    project = open_project(str(ui_db["url"]))
    try:
        add_member(project, "boss", Role.LEAD)
        add_member(project, "tester", Role.CODER)
        add_member(project, "other", Role.CODER)
        add_member(project, "idle", Role.CODER)
        sel = assignment.Selection
        assignment.assign(project, ["tester"], 1, batch="w1", selection=sel(ids=("emoji",)))
        assignment.assign(project, ["other"], 1, batch="w2", selection=sel(ids=("plain",)))
        assignment.assign(project, ["tester", "other"], 2, batch="w3", selection=sel(ids=("arabic",)))
        ids = dict(ui_db["ids"])
        an.apply(project, an.SetStatus(an.SetRef(ids["emoji"], "tester"), SetStatus.DONE))
    finally:
        project.close()
    return ids


def _listed(w) -> list[int]:  # type: ignore[no-untyped-def]
    return list(w.coding.articles.model.ids)


def _column(w, column: int) -> list[str]:  # type: ignore[no-untyped-def]
    model = w.coding.articles.model
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_a_coder_sees_only_their_queue_with_batches_and_ctrl_j_stays_in_it(qtbot, ui_db) -> None:  # type: ignore[no-untyped-def]
    ids = _team(ui_db)
    w = make_window(qtbot, ui_db, "tester")
    try:
        bar = w.team.queue
        assert _listed(w) == [ids["emoji"], ids["arabic"]]  # not 'plain', which is other's
        assert bar.isVisible() and bar.mine.isVisible() and not bar.coder.isVisible()
        assert _column(w, 4) == ["w1", "w3"] and not w.coding.articles.table.isColumnHidden(4)
        # The first article opened is the first uncoded one of mine (emoji is done): arabic, not plain.
        c = w.coding.controller
        assert c.doc.id == ids["arabic"]
        assert w.status.progress_label.text() == "Done 1 / 2"  # of my queue, not of the project
        c.open_article(ids["emoji"])
        qtbot.keyClick(w, Qt.Key.Key_J, CTRL)
        assert c.doc.id == ids["arabic"]
        c.toggle_done()
        assert w.status.progress_label.text() == "Done 2 / 2"
        qtbot.keyClick(w, Qt.Key.Key_J, CTRL)  # everything of mine is done: it stays, and says so
        assert c.doc.id == ids["arabic"]
        assert "Every article is done" in w.statusBar().currentMessage()
        assert "tester" in w.windowTitle()
        assert not w.team.assign_action.isEnabled()  # a coder does not assign
    finally:
        w.close()


def test_a_lead_filters_the_list_by_coder_and_batch(qtbot, ui_db) -> None:  # type: ignore[no-untyped-def]
    ids = _team(ui_db)
    w = make_window(qtbot, ui_db, "boss")
    try:
        bar = w.team.queue
        every = [ids["plain"], ids["emoji"], ids["arabic"]]
        assert _listed(w) == every  # a lead starts on every article
        assert bar.isVisible() and bar.coder.isVisible() and not bar.mine.isVisible()
        assert [bar.coder.itemText(i) for i in range(bar.coder.count())] == [
            "Every article",
            "other's queue",
            "tester's queue",
        ]
        bar.coder.setCurrentIndex(bar.coder.findData("tester"))
        assert _listed(w) == [ids["emoji"], ids["arabic"]]
        # The rows show that coder's status and batch.
        model = w.coding.articles.model
        from annotator.ui.coding.article_list import StatusRole

        assert [model.index(r, 0).data(StatusRole) for r in range(2)] == ["done", "not_started"]
        assert _column(w, 4) == ["w1", "w3"]
        bar.coder.setCurrentIndex(bar.coder.findData("other"))
        assert _listed(w) == [ids["plain"], ids["arabic"]]
        bar.batch.setCurrentIndex(bar.batch.findData("w2"))
        assert _listed(w) == [ids["plain"]]
        bar.coder.setCurrentIndex(0)  # every coder's, batch w3 only
        bar.batch.setCurrentIndex(bar.batch.findData("w3"))
        assert _listed(w) == [ids["arabic"]]
        # The status filter applies within the queue: other's articles in w2, none done.
        bar.coder.setCurrentIndex(bar.coder.findData("other"))
        bar.batch.setCurrentIndex(bar.batch.findData("w2"))
        w.coding.articles.status.setCurrentIndex(w.coding.articles.status.findData("done"))
        assert _listed(w) == []
        assert w.team.assign_action.isEnabled()
    finally:
        w.close()


def test_without_assignments_a_coder_sees_every_article_and_no_queue_bar(qtbot, ui_db) -> None:  # type: ignore[no-untyped-def]
    ids = _team(ui_db)
    w = make_window(qtbot, ui_db, "idle")
    try:
        assert _listed(w) == [ids["plain"], ids["emoji"], ids["arabic"]]
        assert not w.team.queue.isVisible() and w.coding.articles.table.isColumnHidden(4)
        assert w.status.progress_label.text() == "Done 0 / 3"
    finally:
        w.close()


def test_switching_coder_switches_queue(qtbot, ui_db) -> None:  # type: ignore[no-untyped-def]
    ids = _team(ui_db)
    w = make_window(qtbot, ui_db, "tester")
    try:
        assert _listed(w) == [ids["emoji"], ids["arabic"]]
        w.set_coder("other")
        assert _listed(w) == [ids["plain"], ids["arabic"]]
        assert _column(w, 4) == ["w2", "w3"]
    finally:
        w.close()
