"""Events, fields from spans, undo and redo of every step, and reopening after a close."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit

from annotator.domain.models import SetStatus
from tests.ui.conftest import PLAIN_TEXT, make_window, select_cp, stored


def snapshot(window):  # type: ignore[no-untyped-def]
    state = stored(window)
    return (
        state.status,
        [(s.key, s.start, s.end, s.label) for s in state.spans],
        [(e.key, e.fields.model_dump(), dict(e.evidence)) for e in state.events],
    )


def tag(qtbot, window, needle: str, key: str) -> None:  # type: ignore[no-untyped-def]
    start = PLAIN_TEXT.index(needle)
    window.coding.view.setFocus()
    select_cp(window.coding.view, start, start + len(needle))
    qtbot.keyClick(window.coding.view, key)


def field(window, name):  # type: ignore[no-untyped-def]
    return window.coding.events_panel.form.fields[name].editor


def test_code_an_event_then_undo_and_redo_every_step(qtbot, window, ui_db) -> None:  # type: ignore[no-untyped-def]
    window.coding.controller.open_article(ui_db["ids"]["plain"])
    states = [snapshot(window)]

    def step() -> None:
        states.append(snapshot(window))
        assert states[-1] != states[-2], "every step changes something"

    tag(qtbot, window, "Police", "a")
    step()
    tag(qtbot, window, "Nairobi", "l")
    step()
    tag(qtbot, window, "killing two people", "f")
    step()
    qtbot.keyClick(window.coding.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # new event
    step()
    assert window.coding.controller.current_event == "e1"
    # Type into a field: a burst of keystrokes is one undo step, saved at every keystroke.
    actor = field(window, "actor1")
    actor.setFocus()
    qtbot.keyClicks(actor, "Police of Kenya")
    step()
    assert stored(window).events[0].fields.actor1 == "Police of Kenya"
    # With the location field focused, clicking a span links it and fills the field.
    location = field(window, "location")
    location.setFocus()
    window.coding.view.select_span("s2", reveal=False)
    cursor = window.coding.view.textCursor()
    cursor.setPosition(PLAIN_TEXT.index("Nairobi") + 2)
    window.coding.view.select_span(None, reveal=False)
    location.setFocus()
    qtbot.mouseClick(
        window.coding.view.viewport(), Qt.MouseButton.LeftButton, pos=window.coding.view.cursorRect(cursor).center()
    )
    step()
    assert location.text() == "Nairobi" and window.focusWidget() is location
    # Ctrl+L in a field links the selected span (keyboard way).
    window.coding.view.select_span("s3", reveal=False)
    fatalities = field(window, "fatalities")
    fatalities.setFocus()
    qtbot.keyClick(fatalities, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    step()
    assert fatalities.text() == "2"
    # Pickers: the event type limits the sub-event types.
    event_type = field(window, "event_type")
    assert isinstance(event_type, QComboBox)
    event_type.setCurrentIndex(event_type.findData("Riots"))
    event_type.activated.emit(event_type.currentIndex())
    step()
    sub = field(window, "sub_event_type")
    subs = [sub.itemData(i) for i in range(1, sub.count())]
    assert subs == ["Violent demonstration", "Mob violence"]
    assert (
        "Political violence" in window.coding.events_panel.form.derived.text()
        or "Demonstrations" in window.coding.events_panel.form.derived.text()
        or "disorder type" in window.coding.events_panel.form.derived.text()
    )
    qtbot.keyClick(window.coding.view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)  # mark done
    step()
    assert states[-1][0] == SetStatus.DONE
    # Undo everything, one step at a time, from the text and from a field alike.
    for i in range(len(states) - 1, 0, -1):
        target = window.coding.view if i % 2 else actor
        target.setFocus()
        qtbot.keyClick(target, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert snapshot(window) == states[i - 1], f"undo back to step {i - 1}"
    assert window.coding.view.index.get("s1") is None and window.coding.controller.events == []
    # And redo all of it.
    for i in range(1, len(states)):
        qtbot.keyClick(
            window.coding.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        )
        assert snapshot(window) == states[i], f"redo to step {i}"
    # The screen follows the database.
    assert [e.key for e in window.coding.controller.events] == ["e1"]
    assert field(window, "actor1").text() == "Police of Kenya"
    assert window.coding.spans_model.rowCount() == 3
    assert window.coding.header.status.text() == "Done"


def test_close_and_reopen_keeps_everything(qtbot, ui_db) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, ui_db)
    window.coding.controller.open_article(ui_db["ids"]["plain"])
    tag(qtbot, window, "Police", "a")
    tag(qtbot, window, "Monday", "d")
    select_cp(window.coding.view, 0, len(PLAIN_TEXT.split("\n")[0]))
    qtbot.keyClick(
        window.coding.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    notes = field(window, "notes")
    notes.setFocus()
    qtbot.keyClicks(notes, "Tear gas; two dead.")
    before = snapshot(window)
    splitter_sizes = window.coding.split.sizes()
    window.close()

    again = make_window(qtbot, ui_db)
    assert (
        again.coding.controller.doc is not None and again.coding.controller.doc.id == ui_db["ids"]["plain"]
    )  # the last article reopens
    assert snapshot(again) == before
    assert [s.key for s in again.coding.view.index.in_order()] == ["s1", "s2"]
    assert field(again, "actor1").text() == "Police"
    assert field(again, "event_date").text() == "2024-06-03"  # "Monday" before the 5 June article
    assert field(again, "notes").toPlainText() == "Tear gas; two dead."
    assert again.coding.split.sizes() == splitter_sizes
    again.close()


def test_new_event_from_selection_prefills_and_links(qtbot, window, ui_db) -> None:  # type: ignore[no-untyped-def]
    window.coding.controller.open_article(ui_db["ids"]["plain"])
    tag(qtbot, window, "Police", "a")
    tag(qtbot, window, "protesters", "a")
    tag(qtbot, window, "Nairobi", "l")
    tag(qtbot, window, "killing two people", "f")
    select_cp(window.coding.view, 0, PLAIN_TEXT.index("\n"))
    window.coding.new_event_from_selection()
    [event] = stored(window).events
    f = event.fields
    assert (f.actor1, f.actor2, f.location, f.fatalities) == ("Police", "protesters", "Nairobi", 2)
    assert dict(event.evidence) == {"actor1": ("s1",), "actor2": ("s2",), "location": ("s3",), "fatalities": ("s4",)}
    # Selecting a span shows the fields that use it.
    window.coding.view.select_span("s3")
    assert window.coding.events_panel.form.fields["location"].title.font().bold()
    assert not window.coding.events_panel.form.fields["actor1"].title.font().bold()
    # Hovering (or focusing) a field outlines its evidence in the text.
    window.coding.events_panel.form.hovered.emit("actor2")
    assert window.coding.view.hover_keys == ("s2",)
    # One undo removes the whole event.
    qtbot.keyClick(window.coding.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored(window).events == []


def test_several_events_per_article(qtbot, window, ui_db) -> None:  # type: ignore[no-untyped-def]
    window.coding.controller.open_article(ui_db["ids"]["plain"])
    for _ in range(3):
        qtbot.keyClick(window.coding.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert [e.key for e in window.coding.controller.events] == [
        "e1",
        "e2",
        "e3",
    ] and window.coding.controller.current_event == "e3"
    assert window.coding.events_panel.list.count() == 3
    qtbot.keyClick(window.coding.view, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert window.coding.controller.current_event == "e2"
    qtbot.keyClick(
        window.coding.view, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert [e.key for e in window.coding.controller.events] == [
        "e1",
        "e3",
    ] and window.coding.controller.current_event == "e3"


def test_bad_values_are_said_inline_and_not_saved(qtbot, window, ui_db) -> None:  # type: ignore[no-untyped-def]
    window.coding.controller.open_article(ui_db["ids"]["plain"])
    window.coding.new_event()
    fatalities = field(window, "fatalities")
    assert isinstance(fatalities, QLineEdit)
    fatalities.setFocus()
    qtbot.keyClicks(fatalities, "12")
    qtbot.keyClicks(fatalities, "x")
    editor = window.coding.events_panel.form.fields["fatalities"]
    assert editor.error.isVisible() and "number" in editor.error.text()
    assert "Not saved" in window.status.saved_label.text()
    assert stored(window).events[0].fields.fatalities == 12
    qtbot.keyClick(fatalities, Qt.Key.Key_Backspace)
    assert not editor.error.isVisible() and "All changes saved" in window.status.saved_label.text()
    date = field(window, "event_date")
    date.setFocus()
    qtbot.keyClicks(date, "2024-06-03")
    assert stored(window).events[0].fields.event_date == dt.date(2024, 6, 3)
    assert "year 2024" in window.coding.events_panel.form.derived.text()


def test_drop_a_span_on_a_field_links_it(qtbot, window, ui_db) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QMimeData, QPoint, QPointF
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    from annotator.ui.coding.span_list import SPAN_MIME

    window.coding.controller.open_article(ui_db["ids"]["plain"])
    tag(qtbot, window, "Nairobi", "l")
    window.coding.new_event()
    mime = window.coding.spans_model.mimeData([window.coding.spans_model.index(0)])
    assert isinstance(mime, QMimeData) and mime.hasFormat(SPAN_MIME)
    target = field(window, "admin1")
    # Qt delivers a drop only to a widget that accepted the drag entering it.
    enter = QDragEnterEvent(
        QPoint(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(target, drop)
    event = stored(window).events[0]
    assert event.fields.admin1 == "Nairobi" and dict(event.evidence) == {"admin1": ("s1",)}


def test_pickers_keep_showing_what_was_picked(qtbot, window, ui_db) -> None:  # type: ignore[no-untyped-def]
    window.coding.controller.open_article(ui_db["ids"]["plain"])
    window.coding.new_event()
    sub = field(window, "sub_event_type")
    sub.setFocus()
    sub.setCurrentIndex(sub.findData("Peaceful protest"))
    sub.activated.emit(sub.currentIndex())
    assert sub.currentData() == "Peaceful protest"
    assert field(window, "event_type").currentData() == "Protests"  # the sub-event type brought its type
    assert {sub.itemData(i) for i in range(1, sub.count())} == {
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    }
    # Undo clears both pickers; redo brings both back.
    qtbot.keyClick(window.coding.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert sub.currentData() is None and field(window, "event_type").currentData() is None
    qtbot.keyClick(window.coding.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert sub.currentData() == "Peaceful protest"


def test_context_menu_offers_labels_and_event(qtbot, window, ui_db) -> None:  # type: ignore[no-untyped-def]
    window.coding.controller.open_article(ui_db["ids"]["plain"])
    select_cp(window.coding.view, 0, 6)
    menu = window.coding.context_menu()
    texts = [a.text() for a in menu.actions()]
    assert texts[0] == "Tag as" and "New event from selection\tCtrl+Shift+N" in texts
    tag_menu = menu.actions()[0].menu()
    assert tag_menu.actions()[0].text() == "actor\tA"
    tag_menu.actions()[0].trigger()  # tags the selection
    assert [s.text for s in window.coding.view.index.in_order()] == ["Police"]
    menu = window.coding.context_menu()  # now a span is selected: relabel, delete, new event
    assert [a.text() for a in menu.actions()][:2] == ["Relabel as", "Delete span\tDel"]
