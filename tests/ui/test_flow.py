"""The day's flow by keyboard: open, tag, code three events, mark done, next; list, progress, views."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.domain.models import SetStatus
from tests.ui.conftest import PLAIN_TEXT, make_window, select_cp, stored

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def focused():  # type: ignore[no-untyped-def]
    return QApplication.focusWidget()


def move_to(qtbot, view, cp: int) -> None:  # type: ignore[no-untyped-def]
    """Walk the text cursor to ``cp`` with arrow keys only (word jumps, then characters)."""
    for _ in range(200):
        here = view.cursor_cp()
        if here == cp:
            return
        if here < cp:
            qtbot.keyClick(
                view, Qt.Key.Key_Right, CTRL if view.text.find(" ", here, cp) >= 0 else Qt.KeyboardModifier.NoModifier
            )
            if view.cursor_cp() > cp:
                qtbot.keyClick(view, Qt.Key.Key_Left, CTRL)
                while view.cursor_cp() < cp:
                    qtbot.keyClick(view, Qt.Key.Key_Right)
        else:
            qtbot.keyClick(view, Qt.Key.Key_Left)
    raise AssertionError(f"cursor stuck at {view.cursor_cp()}, wanted {cp}")


def select_by_keys(qtbot, view, needle: str) -> None:  # type: ignore[no-untyped-def]
    start = view.text.index(needle)
    move_to(qtbot, view, start)
    for _ in range(len(needle)):
        qtbot.keyClick(view, Qt.Key.Key_Right, SHIFT)


def test_whole_job_without_the_mouse(qtbot, window, ui_db) -> None:  # type: ignore[no-untyped-def]
    w = window
    assert w.coding.controller.doc.id == ui_db["ids"]["plain"]  # the app opens on the first article to code
    qtbot.keyClick(w, Qt.Key.Key_J, CTRL)  # the next one to code...
    qtbot.keyClick(w, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)  # ...and back up the list
    assert w.coding.controller.doc.id == ui_db["ids"]["plain"]
    qtbot.keyClick(w, Qt.Key.Key_2, CTRL)  # to the text
    view = w.coding.view
    assert focused() is view
    for needle, key in (
        ("Police", "a"),
        ("protesters", "a"),
        ("Nairobi", "l"),
        ("Monday", "d"),
        ("killing two people", "f"),
        ("Students", "a"),
        ("march", "e"),
    ):
        select_by_keys(qtbot, view, needle)
        qtbot.keyClick(view, key)
    assert len(view.index) == 7
    # Event 1 from the first sentence's spans.
    qtbot.keyClick(view, Qt.Key.Key_Home, CTRL)
    while view.cursor_cp() < PLAIN_TEXT.index("\n"):  # Shift+End per visual line, to the paragraph's end
        before = view.cursor_cp()
        qtbot.keyClick(view, Qt.Key.Key_End, SHIFT)
        if view.cursor_cp() == before:
            qtbot.keyClick(view, Qt.Key.Key_Right, SHIFT)
    qtbot.keyClick(view, Qt.Key.Key_N, CTRL | SHIFT)
    assert w.coding.controller.current_event == "e1"
    qtbot.keyClick(w, Qt.Key.Key_3, CTRL)  # to the form
    form = w.coding.events_panel.form
    form.fields["event_type"].editor.setFocus()  # first visit: start at the event type (Tab gets there too)
    qtbot.keyClicks(focused(), "R")  # type-ahead in the picker: Riots
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClick(focused(), Qt.Key.Key_Down)  # first sub-event type of Riots
    # Event 2: the students' march, a new event filled by linking spans with Ctrl+L.
    qtbot.keyClick(w, Qt.Key.Key_N, CTRL)
    assert w.coding.controller.current_event == "e2"
    for span_text, field in (("Students", "actor1"), ("march", "sub_event_type")):
        qtbot.keyClick(w, Qt.Key.Key_2, CTRL)
        qtbot.keyClick(view, Qt.Key.Key_End, CTRL)
        for _ in range(len(view.index)):
            qtbot.keyClick(view, Qt.Key.Key_BracketLeft)
            if view.selected is not None and view.index.get(view.selected).text == span_text:
                break
        else:
            raise AssertionError(f"[ never reached {span_text}; at {view.selected}")
        form.fields[field].editor.setFocus()
        qtbot.keyClick(focused(), Qt.Key.Key_L, CTRL)
    qtbot.keyClick(w, Qt.Key.Key_3, CTRL)  # back to the last field used
    # Tab goes on in ACLED's column order: the actors and their types, then civilian targeting.
    visited = []
    while focused() is not form.fields["civilian_targeting"].editor and len(visited) < 10:
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        visited.append(form.field_of(focused()))
    assert visited == ["actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "civilian_targeting"]
    qtbot.keyClick(focused(), Qt.Key.Key_Space)  # civilian targeting
    # Event 3: typed by hand.
    qtbot.keyClick(w, Qt.Key.Key_N, CTRL)
    date = form.fields["event_date"].editor
    date.setFocus()
    qtbot.keyClicks(date, "2024-06-03")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is form.fields["time_precision"].editor
    qtbot.keyClick(focused(), Qt.Key.Key_Down)
    qtbot.keyClick(w, Qt.Key.Key_D, CTRL)  # done
    state = stored(w)
    assert state.status == SetStatus.DONE
    e1, e2, e3 = state.events
    assert (e1.fields.actor1, e1.fields.actor2, e1.fields.location, e1.fields.event_date, e1.fields.fatalities) == (
        "Police",
        "protesters",
        "Nairobi",
        dt.date(2024, 6, 3),
        2,
    )
    assert (e1.fields.event_type, e1.fields.sub_event_type) == ("Riots", "Violent demonstration")
    assert (e2.fields.actor1, e2.fields.civilian_targeting) == ("Students", True)
    assert e2.evidence["sub_event_type"] == ("s7",)
    assert (e3.fields.event_date, e3.fields.time_precision) == (dt.date(2024, 6, 3), 1)
    assert "Done 1 / 3" in w.status.progress_label.text()
    qtbot.keyClick(w, Qt.Key.Key_J, CTRL)  # and on to the next
    assert w.coding.controller.doc.id == ui_db["ids"]["emoji"]


def test_done_and_next_and_wrapping(qtbot, window, ui_db) -> None:  # type: ignore[no-untyped-def]
    ids = ui_db["ids"]
    window.coding.controller.open_article(ids["plain"])
    for expected in ("emoji", "arabic"):
        qtbot.keyClick(window, Qt.Key.Key_D, CTRL | SHIFT)
        assert window.coding.controller.doc.id == ids[expected]
    qtbot.keyClick(window, Qt.Key.Key_D, CTRL | SHIFT)
    assert (
        window.coding.controller.doc.id == ids["arabic"]
        and "Every article is done" in window.statusBar().currentMessage()
    )
    assert window.status.progress_label.text() == "Done 3 / 3"
    qtbot.keyClick(window, Qt.Key.Key_D, CTRL)  # toggles back
    assert (
        window.coding.controller.status == SetStatus.IN_PROGRESS and window.status.progress_label.text() == "Done 2 / 3"
    )
    qtbot.keyClick(window, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert window.coding.controller.doc.id == ids["emoji"]


def test_article_list_filter_and_search(qtbot, window, ui_db) -> None:  # type: ignore[no-untyped-def]
    ids = ui_db["ids"]
    panel = window.coding.articles
    assert list(panel.model.ids) == [ids["plain"], ids["emoji"], ids["arabic"]]
    window.coding.controller.open_article(ids["emoji"])
    qtbot.keyClick(window, Qt.Key.Key_D, CTRL)
    panel.status.setCurrentIndex(panel.status.findData("done"))
    assert panel.model.ids == [ids["emoji"]] and panel.count.text() == "1 article"
    panel.status.setCurrentIndex(0)
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    assert focused() is panel.search
    panel.search.setText("الخرطوم")  # (QTest cannot type non-Latin keys)
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    assert panel.model.ids == [ids["arabic"]]
    index = panel.model.index(0, 1)
    assert index.data() == "تظاهرة في الخرطوم"
    panel.table.activated.emit(index)
    assert window.coding.controller.doc.id == ids["arabic"]
    # The list shows the coder's status: done articles get their dot.
    panel.search.clear()
    panel._emit_query()
    from annotator.ui.coding.article_list import StatusRole

    row = panel.model.row_of(ids["emoji"])
    assert panel.model.index(row, 0).data(StatusRole) == "done"
    assert panel.model.index(row, 3).data() == ""  # no events


def test_cheat_sheet_lists_codebook_keys(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from annotator.ui.coding import cheatsheet

    shown = []
    monkeypatch.setattr(cheatsheet.CheatSheet, "exec", lambda self: shown.append(self) or 0)
    window.coding.view.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.keyClick(window.coding.view, Qt.Key.Key_Question, SHIFT)
    assert len(shown) == 2
    html = cheatsheet.cheat_sheet_html([("a", "actor"), ("l", "location")])
    assert "Tag the selection as actor" in html and "Ctrl+Shift+N" in html


def test_theme_zoom_and_layout_are_remembered(qtbot, ui_db) -> None:  # type: ignore[no-untyped-def]
    w = make_window(qtbot, ui_db)
    size = w.coding.view.font().pointSizeF()
    qtbot.keyClick(w, Qt.Key.Key_Plus, CTRL)
    qtbot.keyClick(w, Qt.Key.Key_Plus, CTRL)
    assert w.coding.view.font().pointSizeF() == size + 2
    w.set_theme("dark")
    assert QApplication.palette().base().color().lightness() < 60
    w.coding.split.setSizes([220, 560, 520])  # each above its pane's minimum, in either theme
    sizes = w.coding.split.sizes()
    w.close()
    again = make_window(qtbot, ui_db)
    assert again.coding.view.font().pointSizeF() == size + 2
    assert again.theme.dark and again.coding.split.sizes() == sizes
    qtbot.keyClick(again, Qt.Key.Key_0, CTRL)
    assert again.coding.view.font().pointSizeF() == size
    again.set_theme("light")
    again.close()


def test_coder_name_is_in_the_title_and_separates_work(qtbot, window, ui_db) -> None:  # type: ignore[no-untyped-def]
    assert "coding as tester" in window.windowTitle()
    window.coding.controller.open_article(ui_db["ids"]["plain"])
    select_cp(window.coding.view, 0, 6)
    qtbot.keyClick(window.coding.view, "a")
    window.set_coder("second")
    assert "coding as second" in window.windowTitle() and window.status.coder_label.text() == "Coder: second"
    assert len(window.coding.view.index) == 0  # the second coder starts blind
    window.set_coder("tester")
    assert len(window.coding.view.index) == 1
