"""Issue #9, finding 8 (the form): the common fields fit a 1366x768 laptop without scrolling, the
rest opens in a section that is remembered, and at 1024x640 no field is cut off."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from annotator.ui.coding.event_form import COMMON
from tests.ui.conftest import make_window


def _visible_rows(form):  # type: ignore[no-untyped-def]
    return {name: row for name, row in form.rows.items() if row.isVisibleTo(form)}


@pytest.mark.parametrize("events", [1, 6])
def test_the_common_fields_fit_a_laptop_window_without_scrolling(qtbot, ui_db, events) -> None:  # type: ignore[no-untyped-def]
    w = make_window(qtbot, ui_db)
    try:
        w.resize(1366, 705)  # maximised on a 1366x768 screen, under a title bar and a panel
        c = w.coding.controller
        c.open_article(ui_db["ids"]["plain"])
        for _ in range(events):
            c.new_event()
        qtbot.wait(20)
        form = w.coding.events_panel.form
        scroll = w.coding.events_panel.form_scroll
        assert not form.more_box.isVisible()
        assert scroll.verticalScrollBar().maximum() == 0  # nothing to scroll to
        viewport = scroll.viewport()
        for name in COMMON & set(form.fields):
            editor = form.fields[name].editor
            top_left = editor.mapTo(viewport, QPoint(0, 0))
            assert top_left.y() >= 0 and top_left.y() + editor.height() <= viewport.height(), name
            assert top_left.x() + editor.width() <= viewport.width(), name
    finally:
        w.close()


def test_no_field_is_cut_off_in_a_small_window(qtbot, ui_db) -> None:  # type: ignore[no-untyped-def]
    w = make_window(qtbot, ui_db)
    try:
        w.resize(1024, 640)
        w.coding.controller.open_article(ui_db["ids"]["plain"])
        w.coding.controller.new_event()
        form = w.coding.events_panel.form
        form.show_more(True)
        qtbot.wait(20)
        viewport = w.coding.events_panel.form_scroll.viewport()
        assert form.width() <= viewport.width()  # the form is never wider than its pane
        for name, field in form.fields.items():
            right = field.editor.mapTo(viewport, QPoint(field.editor.width(), 0)).x()
            assert right <= viewport.width() and field.editor.width() >= 40, name
    finally:
        w.close()


def test_the_more_section_is_remembered(qtbot, ui_db) -> None:  # type: ignore[no-untyped-def]
    w = make_window(qtbot, ui_db)
    w.coding.controller.new_event()
    form = w.coding.events_panel.form
    assert not form.more_box.isVisible() and not form.fields["latitude"].editor.isVisible()
    form.more_button.click()
    assert form.more_box.isVisible() and form.fields["latitude"].editor.isVisible()
    w.close()
    again = make_window(qtbot, ui_db)
    try:
        assert again.coding.events_panel.form.more_box.isVisible()
    finally:
        again.close()


def test_rows_have_one_height_and_tab_follows_acled_columns(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from annotator.domain.fields import EVENT_FIELDS

    form = window.coding.events_panel.form
    form.show_more(True)
    heights = {row.height() for name, row in _visible_rows(form).items() if name != "notes"}
    assert len(heights) == 1
    window.coding.controller.new_event()
    form.fields["event_date"].editor.setFocus()
    chain = [form.field_of(QApplication.focusWidget())]
    for _ in range(len(form.fields) - 1):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        chain.append(form.field_of(QApplication.focusWidget()))
    expected = [f.name for f in EVENT_FIELDS if f.name != "event_id_cnty"] + ["event_id_cnty"]
    assert chain == expected


def test_opening_more_fields_moves_no_field(qtbot, ui_db) -> None:  # type: ignore[no-untyped-def]
    """The form then needs its scroll bar: the room for it is always kept, so nothing moves sideways."""
    w = make_window(qtbot, ui_db)
    try:
        w.resize(1366, 705)
        w.coding.controller.new_event()
        form = w.coding.events_panel.form
        qtbot.wait(10)

        def places() -> dict[str, tuple[int, int, int]]:
            return {
                n: (f.editor.mapTo(form, QPoint(0, 0)).x(), f.editor.mapTo(form, QPoint(0, 0)).y(), f.editor.width())
                for n, f in form.fields.items()
                if n in COMMON
            }

        before = places()
        form.more_button.click()
        qtbot.wait(10)
        assert w.coding.events_panel.form_scroll.verticalScrollBar().maximum() > 0  # it does scroll now
        assert places() == before
    finally:
        w.close()
