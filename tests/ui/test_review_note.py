"""A reviewer sends an article back with a note: the coder's screen shows the note above the text,
marking the article done answers it, and the coder may hide it (issue 11, queue and status)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotator.domain.models import SetStatus
from annotator.services import adjudication as adj
from annotator.services.importing import import_paths
from annotator.services.project import open_project
from tests.fixtures import adjudication as fx
from tests.ui.conftest import make_window

NOTE = "Sub-event type: tear gas at a protest is intervention."


def _sent_back(ui_db: Any, tmp_path: Path) -> int:
    project = open_project(str(ui_db["url"]))
    try:
        source = tmp_path / "three.jsonl"
        source.write_text(fx.jsonl(), encoding="utf-8")
        import_paths(project, [source])
        (item,) = adj.review_queue(project)
        adj.send_back(project, adj.open_review(project, item.article_id, "rita"), "chen", NOTE, "rita")
        return item.article_id
    finally:
        project.close()


def test_the_note_shows_to_its_coder_until_the_article_is_done_again(qtbot: Any, ui_db: Any, tmp_path: Path) -> None:
    article = _sent_back(ui_db, tmp_path)
    window = make_window(qtbot, ui_db, "chen")
    try:
        screen = window.coding
        bar = screen.note_bar
        screen.controller.open_article(ui_db["ids"]["plain"])
        assert bar.isHidden()  # no note on another article
        screen.controller.open_article(article)
        assert screen.controller.status is SetStatus.IN_PROGRESS
        assert bar.isVisible() and NOTE in bar.text.text() and "rita" in bar.text.text()
        # The bar sits between the article's header and its text.
        assert screen.header.geometry().bottom() < bar.geometry().top() < screen.view.geometry().top()
        QTest.keyClick(screen.view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)  # done: answered
        assert screen.controller.status is SetStatus.DONE and bar.isHidden()
        QTest.keyClick(screen.view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)  # in progress again
        assert bar.isVisible()
        bar.close_button.click()  # the coder hides it
        assert bar.isHidden()
        screen.controller.open_article(article)
        assert bar.isHidden()  # hidden stays hidden for this session
        # The note stays on record, answered or hidden.
        assert [n.note for n in adj.notes_for(window.project, article, "chen")] == [NOTE]
    finally:
        window.close()


def test_other_coders_see_no_note(qtbot: Any, ui_db: Any, tmp_path: Path) -> None:
    article = _sent_back(ui_db, tmp_path)
    window = make_window(qtbot, ui_db, "amal")
    try:
        window.coding.controller.open_article(article)
        assert window.coding.controller.doc is not None and window.coding.note_bar.isHidden()
    finally:
        window.close()
