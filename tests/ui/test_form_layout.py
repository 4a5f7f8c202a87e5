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


def test_the_events_pane_is_never_narrower_than_its_form_needs_not_even_for_a_moment(qtbot, ui_db) -> None:  # type: ignore[no-untyped-def]
    # The form's first event raises the pane's minimum width. The splitter honoured it only at its
    # next layout, some time later, and the pane then widened by itself by a few pixels, under the
    # coder's pointer (and a reopened window came back 2 px off).
    w = make_window(qtbot, ui_db)
    try:
        w.coding.controller.open_article(ui_db["ids"]["plain"])
        w.coding.controller.new_event()
        right = w.coding.right
        assert w.coding.split.sizes()[2] >= right.minimumWidth() > 0
        before = w.coding.split.sizes()
        qtbot.wait(50)
        QApplication.processEvents()
        assert w.coding.split.sizes() == before  # nothing moves afterwards
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


# An event as the demo's sample articles have them: the values a small window once cut off.
SHOWN_WHOLE = (
    ("event_type", "Strategic developments"),
    ("sub_event_type", "Arrests"),
    ("event_date", "2024-06-12"),
    ("time_precision", 1),
    ("actor1", "Police Forces of Sudan"),
    ("inter1", 1),
    ("actor2", "Protesters (Kenya)"),
    ("inter2", 6),
    ("country", "Kenya"),
    ("admin1", "Nakuru"),
    ("location", "Nakuru"),
    ("geo_precision", 1),
    ("fatalities", 0),
    ("source", "Rift Valley Courier"),
)


def _shows_whole(editor) -> bool:  # type: ignore[no-untyped-def]
    """Whether the editor shows all of its text: a line edit that must scroll to reach the end of
    its text is too narrow, as is a combo whose text field is narrower than its current text."""
    from PySide6.QtWidgets import QComboBox, QLineEdit, QStyle, QStyleOptionComboBox

    if isinstance(editor, QLineEdit):
        text = editor.text()
        saved = editor.cursorPosition()
        editor.setCursorPosition(len(text))
        end = editor.cursorRect().center().x()
        editor.setCursorPosition(0)
        start = editor.cursorRect().center().x()
        editor.setCursorPosition(saved)
        return end - start >= editor.fontMetrics().horizontalAdvance(text) - 1
    if isinstance(editor, QComboBox):
        if editor.isEditable():
            return _shows_whole(editor.lineEdit())
        option = QStyleOptionComboBox()
        editor.initStyleOption(option)
        field = editor.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, editor
        )
        return field.width() >= editor.fontMetrics().horizontalAdvance(editor.currentText())
    return True


@pytest.mark.parametrize("size", [(1366, 768), (1024, 640), (960, 600)])  # (960, 600): the window's minimum
def test_every_editor_shows_its_whole_value_in_a_small_window(qtbot, ui_db, size) -> None:  # type: ignore[no-untyped-def]
    from annotator.services.annotate import CreateEvent

    w = make_window(qtbot, ui_db)
    try:
        w.resize(*size)
        c = w.coding.controller
        c.open_article(ui_db["ids"]["plain"])
        c.run(CreateEvent(c.ref, values=SHOWN_WHOLE))
        qtbot.wait(20)
        form = w.coding.events_panel.form
        assert w.width() == size[0]  # the window is that small: nothing pushed it wider
        for pane in (w.coding.right, w.coding.events_panel.form_scroll.verticalScrollBar()):
            assert pane.mapTo(w, QPoint(pane.width(), 0)).x() <= w.width()  # the events pane is not cut off
        shown = {name: form.fields[name].editor for name, _value in SHOWN_WHOLE}
        assert shown["event_date"].text() == "2024-06-12"  # the form shows the event
        cut = [name for name, editor in shown.items() if not _shows_whole(editor)]
        assert cut == []
    finally:
        w.close()
