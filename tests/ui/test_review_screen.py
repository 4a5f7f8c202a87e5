"""The review screen driven by keyboard: a whole article decided into gold, exported as ACLED CSV,
and the export byte-identical after undoing and redoing every decision."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.domain.adjudication.spans import SpanState
from annotator.services import export_datasets
from annotator.services.export_datasets import DatasetFormat, ExportOptions, export_dataset
from annotator.services.importing import import_paths
from annotator.ui.common.tasks import TaskRunner
from annotator.ui.review.screen import Item, ReviewScreen
from tests.fixtures import adjudication as fx


@pytest.fixture
def screen(qtbot: Any, sqlite_project: Any, tmp_path: Path) -> ReviewScreen:
    source = tmp_path / "three.jsonl"
    source.write_text(fx.jsonl(), encoding="utf-8")
    import_paths(sqlite_project, [source])
    widget = ReviewScreen(sqlite_project, "rita", TaskRunner(synchronous=True))
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    # Keys go to the focus widget of the active window: make it this one (a window left open by an
    # earlier test, such as an import's outcome box, would otherwise take them).
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow, timeout=2000)
    widget.load_queue()
    return widget


def _key(screen: ReviewScreen, key: str, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    from PySide6.QtTest import QTest

    QTest.keyClick(screen.focusWidget() or screen, key, modifier)
    QApplication.processEvents()


def _export(project: Any, out: Path, monkeypatch: pytest.MonkeyPatch) -> bytes:
    monkeypatch.setattr(export_datasets.time, "time", lambda: 1_720_000_000.0)
    export_dataset(project, ExportOptions(DatasetFormat.ACLED, out, annotations="gold"))
    return out.read_bytes()


def test_a_whole_review_by_keyboard_then_undo_and_redo(
    screen: ReviewScreen, sqlite_project: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The queue holds the article (every coder done); Enter on it opens it.
    assert screen.queue.count() == 1
    screen.queue.setFocus()
    screen.queue.setCurrentRow(0)
    _key(screen, Qt.Key.Key_Return)  # type: ignore[arg-type]
    view = screen.view
    assert view is not None and view.coder_names == ["amal", "ben", "chen"]
    assert screen.table.horizontalHeaderItem(0).text() == "1 · amal"
    screen.text.setFocus()

    _key(screen, "a")  # accept everything agreed: "Police" and the protest's agreed fields
    assert {p.position: p.state for p in screen.view.positions}[(0, 6, "actor")] is SpanState.ALL_AGREE
    _key(screen, "n")
    assert screen.current == Item("span", 1)  # chen's "at teachers", first in the text
    _key(screen, "1")  # amal's version of it
    _key(screen, "1")  # the cursor moved on to amal's "Nairobi": take it
    _key(screen, "2")  # "Tuesday": ben's date, not chen's action
    _key(screen, "3")  # "Kisumu" as ben and chen marked it
    states = {p.position: p.state for p in screen.view.positions}
    assert states[(25, 33, "actor")] is SpanState.ACCEPTED and states[(22, 33, "actor")] is SpanState.REJECTED
    assert states[(48, 55, "date")] is SpanState.ACCEPTED and states[(48, 55, "action")] is SpanState.REJECTED
    assert states[(37, 44, "location")] is SpanState.ACCEPTED and states[(83, 89, "location")] is SpanState.ACCEPTED
    # Now the protest's disputed fields, then the deaths in Kisumu.
    assert screen.current is not None and screen.current.kind == "field"
    protest = screen.current.index
    assert screen.current.field == "sub_event_type"
    _key(screen, "1")  # amal: protest with intervention
    assert screen.current == Item("field", protest, "fatalities")
    _key(screen, "p")
    _key(screen, "n")  # P and N move back and forth over what is left
    assert screen.current == Item("field", protest, "fatalities")
    _key(screen, "1")  # amal's 0
    assert screen.current is not None and screen.current.index != protest
    _key(screen, "2", Qt.KeyboardModifier.ShiftModifier)  # ben's whole event
    assert screen.items() == []
    # Anonymous mode names coders by number only.
    _key(screen, "a", Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert screen.table.horizontalHeaderItem(1).text() == "2 · Coder 2"
    _key(screen, "d", Qt.KeyboardModifier.ControlModifier)
    assert screen.view.status.value == "done" and screen.view.closed is not None
    _key(screen, "1")  # a decision on a closed review is refused, with a message
    assert "closed" in screen.status.text()

    gold = screen.view.gold
    assert len(gold.spans) == 5 and len(gold.events) == 2
    decided = _export(sqlite_project, tmp_path / "decided.csv", monkeypatch)
    assert decided.count(b"\n") == 3  # header and two events
    steps = screen.undo_stack.count()
    assert steps == 9  # A, four spans, two fields, one whole event, done
    for _ in range(steps):
        _key(screen, "z", Qt.KeyboardModifier.ControlModifier)
    assert screen.view.gold.spans == [] and screen.view.gold.events == []
    for _ in range(steps):
        _key(screen, "z", Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert _export(sqlite_project, tmp_path / "redone.csv", monkeypatch) == decided
    assert screen.view.status.value == "done"


def test_review_menu_opens_the_review_window_with_the_queue(qtbot: Any, window: Any, tmp_path: Path) -> None:
    source = tmp_path / "three.jsonl"
    source.write_text(fx.jsonl(), encoding="utf-8")
    import_paths(window.project, [source])
    (menu,) = [m for m in window.menuBar().actions() if m.text() == "&Review"]
    assert [a.text() for a in menu.menu().actions()] == ["Review articles…", "Agreement…"]
    opened = window.review.open()
    assert opened is not None and opened.isVisible()
    screen = opened.screen_widget
    assert screen.reviewer == window.coder and screen.queue.count() == 1
    assert fx.ARTICLE_ID in screen.queue.item(0).text()


def _open(screen: ReviewScreen) -> None:
    screen.queue.setFocus()
    screen.queue.setCurrentRow(0)
    _key(screen, Qt.Key.Key_Return)  # type: ignore[arg-type]
    assert screen.view is not None
    screen.text.setFocus()


def _gold_keys(screen: ReviewScreen) -> list[str]:
    assert screen.view is not None
    return sorted(e.key for e in screen.view.gold.events)


def test_merge_two_gold_events_and_split_one_by_keys(screen: ReviewScreen) -> None:
    _open(screen)
    assert screen.view is not None
    protest = next(n for n, g in enumerate(screen.view.groups) if "amal" in g.members)
    deaths = next(n for n, g in enumerate(screen.view.groups) if "amal" not in g.members)
    screen.show_group(protest)
    _key(screen, "1", Qt.KeyboardModifier.ShiftModifier)  # amal's protest into gold
    screen.show_group(deaths)
    _key(screen, "2", Qt.KeyboardModifier.ShiftModifier)  # ben's deaths into gold
    assert len(_gold_keys(screen)) == 2
    before = screen.undo_stack.count()

    # M on the protest's row, then on the deaths' row: the deaths merge into the protest.
    screen.show_group(protest)
    keep = screen.view.groups[protest].gold.key  # type: ignore[union-attr]
    _key(screen, "m")
    assert screen.merging == keep and "merging" in screen.events_label.text()
    _key(screen, Qt.Key.Key_Escape)  # type: ignore[arg-type]
    assert screen.merging is None  # Esc cancels
    _key(screen, "m")
    screen.show_group(deaths)
    _key(screen, "m")
    assert _gold_keys(screen) == [keep] and screen.undo_stack.count() == before + 1
    (merged,) = screen.view.gold.events
    # The kept event's values win over the merged one's.
    assert (merged.fields.sub_event_type, merged.fields.location) == ("Protest with intervention", "Nairobi")
    assert screen.view.groups[screen.group_index].gold is not None  # the row shown holds the merged event
    _key(screen, "z", Qt.KeyboardModifier.ControlModifier)  # one undo step brings both back
    assert len(_gold_keys(screen)) == 2

    # S splits the row's gold event: a copy in a row of its own, shown; one undo step.
    screen.show_group(protest)
    source = screen.view.groups[protest].gold
    assert source is not None
    _key(screen, "s")
    assert len(_gold_keys(screen)) == 3
    shown = screen.view.groups[screen.group_index].gold
    assert shown is not None and shown.key != source.key
    same = ("event_date", "sub_event_type", "actor1", "actor2", "location", "fatalities")
    assert [getattr(shown.fields, n) for n in same] == [getattr(source.fields, n) for n in same]
    _key(screen, "z", Qt.KeyboardModifier.ControlModifier)
    assert len(_gold_keys(screen)) == 2

    # Without a gold event in the row, M and S say what to do first.
    screen.view.groups.append(type(screen.view.groups[0])())
    screen.show_group(len(screen.view.groups) - 1)
    _key(screen, "s")
    assert "no gold event" in screen.status.text()


def test_send_back_is_one_undo_step_and_leaves_the_queue(screen: ReviewScreen, sqlite_project: Any) -> None:
    from annotator.services import adjudication as adj

    _open(screen)
    assert screen.view is not None
    article = screen.view.article_id
    screen.send_back("chen", "  ")  # an empty note is refused, nothing written
    assert "say in the note" in screen.status.text() and screen.undo_stack.count() == 0
    screen.send_back("chen", "Kisumu: check the date.")
    assert screen.undo_stack.count() == 1
    assert [n.note for n in adj.open_notes(sqlite_project, article, "chen")] == ["Kisumu: check the date."]
    assert screen.queue.count() == 1 and screen.queue.item(0).data(Qt.ItemDataRole.UserRole) is None  # none ready
    _key(screen, "z", Qt.KeyboardModifier.ControlModifier)
    assert adj.notes_for(sqlite_project, article, "chen") == []
    assert screen.queue.item(0).data(Qt.ItemDataRole.UserRole) == article  # back in the queue, chen done again
    _key(screen, "z", Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert [n.note for n in adj.open_notes(sqlite_project, article, "chen")] == ["Kisumu: check the date."]


def test_send_back_dialog_names_the_coder_as_shown(qtbot: Any) -> None:
    from annotator.ui.review.send_back import SendBackDialog

    dialog = SendBackDialog([("amal", "Coder 1"), ("ben", "Coder 2")])
    qtbot.addWidget(dialog)
    from PySide6.QtWidgets import QDialogButtonBox

    button = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    assert not button.isEnabled()  # no note, no sending
    dialog.coder.setCurrentIndex(1)
    dialog.note.setPlainText("Tag Kisumu.")
    assert button.isEnabled()
    assert [dialog.coder.itemText(i) for i in range(2)] == ["Coder 1", "Coder 2"]
    assert dialog.choice() == ("ben", "Tag Kisumu.")  # the name, not the anonymous label


def test_f1_shows_the_review_keys(screen: ReviewScreen, qtbot: Any) -> None:
    from annotator.ui.coding.cheatsheet import CheatSheet

    screen.text.setFocus()
    _key(screen, Qt.Key.Key_F1)  # type: ignore[arg-type]
    sheet = screen.findChild(CheatSheet)
    assert sheet is not None and sheet.isVisible()
    shown = " ".join(label.text() for label in sheet.findChildren(type(screen.status)))
    for words in ("Merge gold events", "Split the row", "Send the article back"):
        assert words in shown
    sheet.close()


def test_the_review_window_follows_a_theme_change(qtbot: Any, window: Any, tmp_path: Path) -> None:
    source = tmp_path / "three.jsonl"
    source.write_text(fx.jsonl(), encoding="utf-8")
    import_paths(window.project, [source])
    window.set_theme("light")
    opened = window.review.open()
    assert opened is not None
    screen = opened.screen_widget
    _open(screen)

    def differing_cell_lightness() -> int:
        for row in range(screen.table.rowCount()):
            item = screen.table.item(row, 0)
            if item.data(Qt.ItemDataRole.UserRole):  # a row where the coders differ is tinted
                return int(item.background().color().lightness())
        raise AssertionError("no differing row")

    light = differing_cell_lightness()
    assert light > 150 and screen.text.formatter is not None
    window.set_theme("dark")  # View → Theme → Dark
    assert screen._theme.dark
    assert differing_cell_lightness() < 110 < light  # the tint now sits on the dark base
    window.set_theme("light")
    assert differing_cell_lightness() == light
    window.review.show_agreement()  # the agreement report follows too
    window.set_theme("dark")
    assert window.review.agreement.dark
    window.review.agreement.close()


def _gold_rows(project: Any) -> tuple[int, int]:
    from sqlalchemy import func, select

    from annotator.store.repository import events_t, sets_t, spans_t

    with project.engine.connect() as conn:
        gold = select(sets_t.c.id).where(sets_t.c.kind == "gold").scalar_subquery()
        spans = conn.scalar(select(func.count()).select_from(spans_t).where(spans_t.c.set_id.in_(gold)))
        events = conn.scalar(select(func.count()).select_from(events_t).where(events_t.c.set_id.in_(gold)))
    return int(spans or 0), int(events or 0)


def test_an_article_with_one_coder_or_none_is_refused_in_the_screen(
    screen: ReviewScreen, sqlite_project: Any, tmp_path: Path
) -> None:
    import json

    from annotator.services.assignment import article_id

    records = [
        {"id": "one", "text": "Soldiers shot two men in Gao.", "annotations": [
            {"coder": "amal", "status": "done", "spans": [{"id": "s1", "start": 0, "end": 8, "label": "actor"}]}]},
        {"id": "none", "text": "Nothing was coded here."},
    ]  # fmt: skip
    path = tmp_path / "few.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    import_paths(sqlite_project, [path])
    _open(screen)
    shown = screen.view
    screen.open_article(article_id(sqlite_project, "one"))
    assert "only amal's annotations" in screen.status.text() and "at least two coders" in screen.status.text()
    assert screen.status.property("problem") is True
    assert screen.view is shown  # the article on screen stays, untouched
    screen.open_article(article_id(sqlite_project, "none"))
    assert "no coder's annotations" in screen.status.text() and screen.view is shown


def test_a_decision_on_an_article_another_reviewer_closed_is_refused(screen: ReviewScreen, sqlite_project: Any) -> None:
    from annotator.services import adjudication as adj

    _open(screen)
    assert screen.view is not None
    # Meanwhile sam (another reviewer) takes what is agreed and closes the article.
    theirs = adj.open_review(sqlite_project, screen.view.article_id, "sam")
    adj.decide(sqlite_project, theirs, adj.Decisions(theirs, "sam").accept_all_agreed())
    theirs = adj.open_review(sqlite_project, screen.view.article_id, "sam")
    adj.decide(sqlite_project, theirs, adj.Decisions(theirs, "sam").mark_done())
    before = _gold_rows(sqlite_project)
    _key(screen, "n")
    _key(screen, "1")
    assert "was closed by sam" in screen.status.text() and "nothing was changed" in screen.status.text()
    assert _gold_rows(sqlite_project) == before and screen.undo_stack.count() == 0
    _key(screen, Qt.Key.Key_F5)  # type: ignore[arg-type]  # read again: the screen shows it closed
    assert screen.view.status.value == "done" and "closed" in screen.heading.text()


def test_a_stale_view_is_refused_until_read_again(screen: ReviewScreen, sqlite_project: Any) -> None:
    from annotator.services import annotate as an

    _open(screen)
    assert screen.view is not None
    article = screen.view.article_id
    an.apply(sqlite_project, an.AddSpan(an.SetRef(article, "amal"), 83, 89, "location"))  # amal changes her set
    _key(screen, "a")
    assert "amal changed their annotations" in screen.status.text() and "F5" in screen.status.text()
    assert _gold_rows(sqlite_project) == (0, 0) and screen.undo_stack.count() == 0  # nothing written
    _key(screen, Qt.Key.Key_F5)  # type: ignore[arg-type]
    _key(screen, "a")  # on the fresh view the decision goes through, with amal's new span counted
    spans, _ = _gold_rows(sqlite_project)
    assert spans == 2 and screen.undo_stack.count() == 1  # Police, and Kisumu now that all three marked it


def test_arabic_paragraphs_run_right_to_left_in_the_review_text(qtbot: Any) -> None:
    from annotator.ui.review.text_view import ReviewTextView
    from tests.ui.conftest import ARABIC_TEXT

    view = ReviewTextView()
    qtbot.addWidget(view)
    view.load(ARABIC_TEXT + "\nResidents said power cuts lasted hours.", [])
    blocks = [view.document().findBlockByNumber(n) for n in range(3)]
    directions = [b.blockFormat().layoutDirection() for b in blocks]
    rtl, ltr = Qt.LayoutDirection.RightToLeft, Qt.LayoutDirection.LayoutDirectionAuto
    assert directions == [rtl, rtl, ltr]  # the English paragraph keeps the default


def test_the_review_opens_on_the_first_article_and_a_click_opens_one(screen: ReviewScreen, qtbot: Any) -> None:
    """Review → Review articles showed three empty panes, and a single click on the queue did
    nothing; Enter on the "no article is ready" line raised a TypeError."""
    from PySide6.QtTest import QTest

    first = screen.queue.item(0)
    assert screen.view is not None and screen.view.article_id == first.data(Qt.ItemDataRole.UserRole)
    assert screen.text.toPlainText() and screen.table.rowCount() > 0
    screen.view = None  # as if nothing were open: a click on the row opens it
    rect = screen.queue.visualItemRect(first)
    QTest.mouseClick(screen.queue.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert screen.view is not None and screen.view.article_id == first.data(Qt.ItemDataRole.UserRole)
    screen.send_back("chen", "Kisumu: check the date.")  # the queue is left with its "none ready" line
    assert screen.queue.item(0).data(Qt.ItemDataRole.UserRole) is None
    screen.queue.setFocus()
    screen.queue.setCurrentRow(0)
    _key(screen, Qt.Key.Key_Return)  # type: ignore[arg-type]
    QTest.mouseClick(screen.queue.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert screen.queue.count() == 1  # and nothing raised (pytest-qt fails a test on an exception in a slot)


def test_an_empty_queue_says_what_makes_an_article_ready(qtbot: Any, sqlite_project: Any) -> None:
    from annotator.services import annotate as an
    from annotator.ui.review.screen import NOTHING_READY
    from tests.ui.conftest import add_article

    article = add_article(sqlite_project, "one", "Police fired tear gas in Nairobi.")
    an.apply(sqlite_project, an.SetStatus(an.SetRef(article, "amal"), an.Status.DONE))  # one coder, done
    widget = ReviewScreen(sqlite_project, "rita", TaskRunner(synchronous=True))
    qtbot.addWidget(widget)
    widget.load_queue()
    assert [widget.queue.item(i).text() for i in range(widget.queue.count())] == [NOTHING_READY]
    assert "two or more coders" in NOTHING_READY and widget.view is None
