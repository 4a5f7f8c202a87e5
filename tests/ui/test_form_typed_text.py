"""Issue #9, finding 7: every text the coder types is in the database within one key press, or
stays on screen, marked not saved, until fixed. The real window, offscreen, keys sent as a coder
presses them."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import make_window, stored

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


def form_of(window):  # type: ignore[no-untyped-def]
    return window.coding.events_panel.form


def editor(window, name: str):  # type: ignore[no-untyped-def]
    return form_of(window).fields[name].editor


def type_into(qtbot, window, name: str, text: str) -> None:  # type: ignore[no-untyped-def]
    widget = editor(window, name)
    widget.setFocus()
    target = widget.lineEdit() if hasattr(widget, "lineEdit") and widget.lineEdit() is not None else widget
    qtbot.keyClicks(target, text)


def event_fields(window, key: str, article: int | None = None):  # type: ignore[no-untyped-def]
    """An event's stored fields, read from the database (any article of the coder)."""
    from annotator.services.annotate import SetRef
    from annotator.services.workspace import open_for_coding

    c = window.coding.controller
    _doc, rows = open_for_coding(window.project, SetRef(article or c.doc.id, c.coder))
    return next(e.fields for e in rows.events if e.key == key)


@pytest.fixture
def coding(qtbot, ui_db):  # type: ignore[no-untyped-def]
    """The window on the plain article with two events, the first one shown."""
    w = make_window(qtbot, ui_db)
    c = w.coding.controller
    c.open_article(ui_db["ids"]["plain"])
    c.new_event()
    c.new_event()
    c.select_event("e1")
    yield w
    w.close()


# ---- the country, typed and not yet a whole name, survives whatever comes next


@pytest.mark.parametrize(
    "key, modifiers",
    [
        (Qt.Key.Key_PageDown, CTRL),  # next event
        (Qt.Key.Key_N, CTRL),  # new event
        (Qt.Key.Key_Down, ALT),  # next article in the list
        (Qt.Key.Key_J, CTRL),  # next article to code
    ],
    ids=["ctrl+pgdown", "ctrl+n", "alt+down", "ctrl+j"],
)
def test_a_typed_country_survives_each_navigation_key(qtbot, coding, ui_db, key, modifiers) -> None:  # type: ignore[no-untyped-def]
    w = coding
    article = w.coding.controller.doc.id
    type_into(qtbot, w, "country", "Ken")  # not a whole name yet: on screen, marked not saved
    assert event_fields(w, "e1").country == ""
    assert "Not saved: country" in w.status.saved_label.text()
    qtbot.keyClick(QApplication.focusWidget(), key, modifiers)
    # The key did what it does (another event or article is shown)...
    c = w.coding.controller
    assert (c.current_event, c.doc.id) != ("e1", article)
    # ...and the country the coder typed was saved to the event it was typed in, first.
    assert event_fields(w, "e1", article).country == "Kenya"
    assert "All changes saved" in w.status.saved_label.text()


def test_a_whole_country_is_saved_at_the_key_press_that_completes_it(qtbot, coding) -> None:  # type: ignore[no-untyped-def]
    """Nothing waits for Enter or for the field to be left: a kill -9 after the last key loses nothing."""
    w = coding
    type_into(qtbot, w, "country", "keny")
    assert event_fields(w, "e1").country == ""
    qtbot.keyClick(editor(w, "country").lineEdit(), Qt.Key.Key_A)
    assert event_fields(w, "e1").country == "Kenya"
    assert editor(w, "country").currentText() == "Kenya"
    # "Niger" waits: "Nigeria" may still follow. Leaving the field settles it.
    w.coding.controller.select_event("e2")
    type_into(qtbot, w, "country", "Niger")
    assert event_fields(w, "e2").country == ""
    qtbot.keyClick(editor(w, "country").lineEdit(), Qt.Key.Key_Tab)
    assert event_fields(w, "e2").country == "Niger"


def test_ctrl_z_after_typing_a_country_undoes_the_country_not_something_else(qtbot, coding) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+Z while typing undoes the typing, as in any text field: the country is saved first, so
    it is one undo step, and redo brings it back. The edit before it is untouched."""
    w = coding
    type_into(qtbot, w, "actor1", "Police")
    type_into(qtbot, w, "country", "Ken")
    line = editor(w, "country").lineEdit()
    qtbot.keyClick(line, Qt.Key.Key_Z, CTRL)
    assert event_fields(w, "e1").country == "" and event_fields(w, "e1").actor1 == "Police"
    assert editor(w, "country").currentText() == ""
    qtbot.keyClick(line, Qt.Key.Key_Z, CTRL | SHIFT)
    assert event_fields(w, "e1").country == "Kenya" and editor(w, "country").currentText() == "Kenya"


def test_a_typed_country_survives_closing_the_window(qtbot, ui_db) -> None:  # type: ignore[no-untyped-def]
    w = make_window(qtbot, ui_db)
    w.coding.controller.open_article(ui_db["ids"]["plain"])
    w.coding.controller.new_event()
    type_into(qtbot, w, "country", "Ken")
    w.close()  # no "no article is open" from a slot: pytest-qt fails the test on any exception
    again = make_window(qtbot, ui_db)
    try:
        assert stored(again).events[0].fields.country == "Kenya"
        assert editor(again, "country").currentText() == "Kenya"
    finally:
        again.close()


def test_a_click_on_another_field_with_the_country_list_open_glues_nothing(qtbot, coding) -> None:  # type: ignore[no-untyped-def]
    """The issue's "SyriaAl-Hasakah": the click that closes the list must also move the focus."""
    w = coding
    form = form_of(w)
    type_into(qtbot, w, "country", "Ken")
    popup = form.fields["country"].popup
    assert popup is not None and popup.visible
    actor = editor(w, "actor1")  # a field the open list does not cover
    aim = actor.mapToGlobal(actor.rect().center())
    list_view = popup.completer.popup()
    local = QPointF(list_view.mapFromGlobal(aim))
    for kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease):
        click = QMouseEvent(
            kind,
            local,
            QPointF(aim),
            Qt.MouseButton.LeftButton,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(list_view, click)
    assert not popup.visible
    assert QApplication.focusWidget() is actor
    qtbot.keyClicks(QApplication.focusWidget(), "Police")
    fields = event_fields(w, "e1")
    assert (fields.country, fields.actor1) == ("Kenya", "Police")
    assert editor(w, "country").currentText() == "Kenya"


@pytest.mark.parametrize("combo_name", ["country", "event_type"])
def test_a_click_on_another_field_with_a_combo_list_open_moves_the_focus_there(qtbot, coding, combo_name) -> None:  # type: ignore[no-untyped-def]
    """The same with a combo's own list: letters typed next would have gone to the combo."""
    w = coding
    combo = editor(w, combo_name)
    combo.setFocus()
    combo.showPopup()
    container = combo.view().window()
    assert container.isVisible()
    actor = editor(w, "actor1")
    aim = actor.mapToGlobal(actor.rect().center())
    press = QMouseEvent(
        QEvent.Type.MouseButtonPress,
        QPointF(container.mapFromGlobal(aim)),
        QPointF(aim),
        Qt.MouseButton.LeftButton,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(container, press)
    assert not container.isVisible() and QApplication.focusWidget() is actor
    qtbot.keyClicks(actor, "Police")
    fields = event_fields(w, "e1")
    assert (fields.actor1, fields.country, fields.event_type) == ("Police", "", "")


def test_a_name_that_is_no_country_stays_on_screen_marked(qtbot, coding) -> None:  # type: ignore[no-untyped-def]
    w = coding
    type_into(qtbot, w, "country", "Ni")  # Niger, Nigeria, Nicaragua...
    qtbot.keyClick(editor(w, "country").lineEdit(), Qt.Key.Key_Tab)
    country = form_of(w).fields["country"]
    assert country.error.isVisible() and "not saved" in country.error.text()
    assert editor(w, "country").currentText() == "Ni" and event_fields(w, "e1").country == ""
    qtbot.keyClick(w.coding.view, Qt.Key.Key_PageDown, CTRL)  # away and back: still there
    qtbot.keyClick(w.coding.view, Qt.Key.Key_PageUp, CTRL)
    assert editor(w, "country").currentText() == "Ni" and country.error.isVisible()


# ---- a refused value stays on screen, with its reason, until fixed


@pytest.mark.parametrize(
    "name, typed, stored_value",
    [
        ("fatalities", "120+", 120),  # "120" was saved at its key press; "+" was refused
        ("event_date", "2024-06-31", None),  # never a date
        ("latitude", "91", 9.0),  # out of range
    ],
)
def test_a_refused_value_stays_on_screen_marked_not_saved(qtbot, coding, name, typed, stored_value) -> None:  # type: ignore[no-untyped-def]
    w = coding
    form = form_of(w)
    type_into(qtbot, w, name, typed)
    field = form.fields[name]
    assert field.editor.text() == typed
    assert field.error.isVisible() and "not saved" in field.error.text()
    assert f"Not saved: {name.replace('_', ' ')}" in w.status.saved_label.text()
    assert getattr(event_fields(w, "e1"), name) == stored_value
    # The next edit, in another field, neither empties it nor calls it saved.
    type_into(qtbot, w, "actor1", "Police")
    assert event_fields(w, "e1").actor1 == "Police"
    assert field.editor.text() == typed and field.error.isVisible()
    assert "Not saved" in w.status.saved_label.text()
    # Neither does undo of that other edit, nor going to another event and back.
    qtbot.keyClick(editor(w, "actor1"), Qt.Key.Key_Z, CTRL)
    assert field.editor.text() == typed and field.error.isVisible()
    w.coding.controller.step_event(1)
    assert field.editor.text() != typed and "event e1" in w.status.saved_label.text()
    w.coding.controller.step_event(-1)
    assert field.editor.text() == typed and field.error.isVisible()
    # Esc in the field drops the text and shows what is stored.
    field.editor.setFocus()
    qtbot.keyClick(field.editor, Qt.Key.Key_Escape)
    assert field.editor.text() == (str(stored_value) if stored_value is not None else "")
    assert not field.error.isVisible() and "All changes saved" in w.status.saved_label.text()


def test_a_refused_value_in_a_hidden_field_opens_its_section(qtbot, coding) -> None:  # type: ignore[no-untyped-def]
    w = coding
    form = form_of(w)
    form.show_more(False)
    w.coding.controller.edit_field("latitude", "north")  # as a refused edit from anywhere
    assert form.more_box.isVisible() and form.fields["latitude"].error.isVisible()


def test_a_decimal_comma_is_a_decimal_point(qtbot, coding) -> None:  # type: ignore[no-untyped-def]
    """ "37,0166" stored 37.0 under a stale error; a decimal comma is common in Europe and means one thing."""
    w = coding
    form = form_of(w)
    form.show_more(True)
    type_into(qtbot, w, "latitude", "37,0166")
    type_into(qtbot, w, "longitude", "-1,5")
    fields = event_fields(w, "e1")
    assert (fields.latitude, fields.longitude) == (37.0166, -1.5)
    assert not form.fields["latitude"].error.isVisible() and "All changes saved" in w.status.saved_label.text()


def test_a_date_typed_key_by_key_is_saved_when_whole(qtbot, coding) -> None:  # type: ignore[no-untyped-def]
    w = coding
    type_into(qtbot, w, "event_date", "2024-06-11")
    assert event_fields(w, "e1").event_date == dt.date(2024, 6, 11)
    assert not form_of(w).fields["event_date"].error.isVisible()


def test_closing_with_a_refused_value_asks_first(qtbot, coding, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from annotator.ui import main_window

    w = coding
    type_into(qtbot, w, "fatalities", "12x")
    asked: list[str] = []
    monkeypatch.setattr(w.tasks, "synchronous", False)  # as in the app (tests are never asked)
    monkeypatch.setattr(main_window, "confirm_close_with_unsaved", lambda _w, text: asked.append(text) or False)
    w.close()
    assert asked and "fatalities" in asked[0] and w.isVisible()  # the coder chose to go back
    monkeypatch.setattr(main_window, "confirm_close_with_unsaved", lambda _w, text: True)
    w.close()
    assert not w.isVisible()


# ---- nothing moves under the pointer; a click between rows keeps the focus


def _places(form) -> dict[str, QPoint]:  # type: ignore[no-untyped-def]
    return {name: f.editor.mapTo(form, QPoint(0, 0)) for name, f in form.fields.items() if f.editor.isVisible()}


def test_fields_keep_their_place_when_a_country_is_chosen(qtbot, coding) -> None:  # type: ignore[no-untyped-def]
    """The summary line grew a second line when the country brought an ISO code and a region, and
    the form moved 14 px: a click aimed at a field landed between rows."""
    from tests.ui.conftest import PLAIN_TEXT, select_cp

    w = coding
    form = form_of(w)
    qtbot.wait(10)
    before = _places(form)
    summary_height = form.derived.height()
    type_into(qtbot, w, "country", "Kenya")  # the summary grows by an ISO code and a region
    w.coding.controller.edit_fields({"sub_event_type": "Excessive force against protesters", "inter1": 1, "inter2": 6})
    type_into(qtbot, w, "fatalities", "3 dead")  # a refused value, with its reason
    start = PLAIN_TEXT.index("Nairobi")  # and evidence linked to a field
    select_cp(w.coding.view, start, start + len("Nairobi"))
    qtbot.keyClick(w.coding.view, "l")
    w.coding.controller.link_span("location", w.coding.controller.selected_span)
    qtbot.wait(10)
    text = form.derived.text()
    assert "ISO 404" in text and "interaction 16" in text
    assert form.derived.fontMetrics().horizontalAdvance(text) > form.derived.width()  # too long: elided
    assert form.derived.height() == summary_height
    assert form.derived.toolTip().splitlines() == text.split(" · ")  # the whole summary, a part a line
    assert form.fields["fatalities"].error.isVisible() and form.fields["location"].evidence_keys
    assert _places(form) == before


def test_the_summary_elides_between_whole_parts(qtbot, coding) -> None:  # type: ignore[no-untyped-def]
    """Cut at the right, the summary ended in "year 2024 · …" or half a word; it shows whole parts,
    then "…", in one line of the same height whatever the pane's width."""
    w = coding
    form = form_of(w)
    type_into(qtbot, w, "country", "Syria")
    w.coding.controller.edit_fields({"sub_event_type": "Air/drone strike", "inter1": 1, "inter2": 7})
    qtbot.wait(10)
    label = form.derived
    parts = label.toolTip().splitlines()
    assert [p.split()[0] for p in parts] == ["Political", "interaction", "ISO", "year"]
    assert "ISO 760 Middle East" in parts
    height = label.height()
    full = label.fontMetrics().horizontalAdvance(label.text())
    seen = set()
    for width in range(60, full + 40, 9):
        label.resize(width, height)
        shown = label.shown_text()
        assert label.fontMetrics().horizontalAdvance(shown) <= label.contentsRect().width()
        if shown != label.text():
            assert shown.endswith("…")
            head = shown.removesuffix("…").removesuffix(" · ")
            if " · " in shown:
                assert head in [" · ".join(parts[:k]) for k in range(1, len(parts))], shown
        seen.add(shown)
        assert label.height() == height
    assert label.text() in seen and len(seen) >= len(parts)


def test_a_click_between_rows_keeps_the_focus_in_the_field(qtbot, coding) -> None:  # type: ignore[no-untyped-def]
    w = coding
    form = form_of(w)
    actor = editor(w, "actor1")
    type_into(qtbot, w, "actor1", "Pol")
    # The gap between the Actor 1 row and the row under it, where the form itself is hit.
    above, below = form.rows["actor1"], form.rows["assoc_actor_1"]
    y = (above.mapTo(form, QPoint(0, above.height())).y() + below.mapTo(form, QPoint(0, 0)).y()) // 2
    x = actor.mapTo(form, QPoint(actor.width() // 2, 0)).x()
    target = form.childAt(QPoint(x, y)) or form
    assert target not in (actor, editor(w, "assoc_actor_1"))
    qtbot.mouseClick(target, Qt.MouseButton.LeftButton, pos=target.mapFrom(form, QPoint(x, y)))
    # And a click in the scroll area's empty space below the fields.
    scroll = w.coding.events_panel.form_scroll
    qtbot.mouseClick(scroll.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(5, scroll.viewport().height() - 3))
    assert QApplication.focusWidget() is actor
    qtbot.keyClicks(actor, "ice")
    assert event_fields(w, "e1").actor1 == "Police"
