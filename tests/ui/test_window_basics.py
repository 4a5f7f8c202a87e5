"""The window in small sizes, Enter in the article list, and switching coder (issue 9, findings 8 and 13)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.ui.coding.article_list import TITLE_MIN
from annotator.ui.coding.screen import CENTRE_MIN, LEFT_MIN, RIGHT_MIN
from annotator.ui.main_window import MINIMUM_SIZE
from tests.ui.conftest import PLAIN_TEXT, make_window, select_cp
from tests.ui.dialogs import click, type_text


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def test_enter_after_clicking_an_article_opens_it_and_goes_to_its_text(qtbot, window, ui_db) -> None:  # type: ignore[no-untyped-def]
    w = window
    table = w.coding.articles.table
    ids = ui_db["ids"]
    qtbot.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(table.model().index(1, 1)).center()
    )
    assert w.coding.controller.doc.id == ids["emoji"]  # a click opens it; the list keeps the focus
    assert QApplication.focusWidget() is table
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is w.coding.view  # Enter: into the article, ready to code
    assert w.coding.controller.doc.id == ids["emoji"]
    # Arrows browse the list without opening; Enter opens the row under the cursor.
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert w.coding.controller.doc.id == ids["emoji"]
    qtbot.keyClick(table, Qt.Key.Key_Enter)
    assert w.coding.controller.doc.id == ids["arabic"] and QApplication.focusWidget() is w.coding.view


def test_small_windows_keep_every_pane_usable(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    w = window
    w.resize(400, 300)
    _settle()
    assert (w.width(), w.height()) >= MINIMUM_SIZE and w.width() >= MINIMUM_SIZE[0]
    hint = w.minimumSizeHint()
    assert hint.width() <= 1024 and hint.height() <= 640  # the panes' minimums fit a 1024x640 screen
    for size in ((1024, 640), (1366, 768)):
        w.resize(*size)
        _settle()
        assert (w.width(), w.height()) == size
        left, centre, right = w.coding.split.sizes()
        assert left >= LEFT_MIN and centre >= CENTRE_MIN and right >= RIGHT_MIN, w.coding.split.sizes()
        table = w.coding.articles.table
        # The title keeps room for words, not one letter; the columns fit without sideways scrolling.
        assert table.columnWidth(1) >= TITLE_MIN, [table.columnWidth(c) for c in range(4)]
        shown = [c for c in range(4) if not table.isColumnHidden(c)]
        assert sum(table.columnWidth(c) for c in shown) <= table.viewport().width()
        assert table.horizontalScrollBar().maximum() == 0
        assert w.coding.articles.model.index(0, 1).data() == "Police disperse protest in Nairobi"
        # The event form scrolls only up and down: its pane is wide enough for all its fields.
        scroll = w.coding.events_panel.form_scroll
        assert scroll.viewport().width() >= scroll.widget().minimumSizeHint().width()
        assert sum(w.coding.split.sizes()) + 2 * w.coding.split.handleWidth() <= w.coding.split.width()
    # With room, the date and the event count come back.
    w.resize(1366, 768)
    w.coding.split.setSizes([420, 560, 386])
    _settle()
    assert not w.coding.articles.table.isColumnHidden(2) and not w.coding.articles.table.isColumnHidden(3)


def test_switching_coder_warns_before_clearing_the_undo_history(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    w = window
    view = w.coding.view
    view.setFocus()
    select_cp(view, PLAIN_TEXT.index("Police"), PLAIN_TEXT.index("Police") + len("Police"))
    qtbot.keyClick(view, Qt.Key.Key_A)
    assert len(w.coding.controller.spans) == 1 and w.undo_action.isEnabled()
    seen: list[str] = []
    type_text("bob")
    click("Cancel", seen)
    w.ask_coder()
    assert seen == ["Switching coder clears the undo history of 1 article."]
    assert w.coding.controller.coder == "tester" and w.undo_action.isEnabled()  # nothing changed
    type_text("bob")
    click("Switch coder")
    w.ask_coder()
    assert w.coding.controller.coder == "bob" and w.settings.coder == "bob"
    assert not w.undo_action.isEnabled() and "bob" in w.windowTitle()


def test_switching_coder_without_undo_history_asks_nothing(qtbot, ui_db) -> None:  # type: ignore[no-untyped-def]
    w = make_window(qtbot, ui_db)
    type_text("carol")
    w.ask_coder()  # no message box: had one opened, nothing would answer it and this would hang
    assert w.coding.controller.coder == "carol"
    w.close()


def test_the_last_article_is_written_down_once_the_coder_stays_on_it_and_when_the_window_closes(qtbot, ui_db) -> None:  # type: ignore[no-untyped-def]
    from annotator.ui.coding import screen
    from annotator.ui.common.settings import Settings

    w = make_window(qtbot, ui_db)
    url, ids = str(ui_db["url"]), ui_db["ids"]
    first = w.coding.controller.doc.id
    stored = Settings(str(ui_db["settings"]))  # another reader of the same file
    w.coding.controller.open_article(ids["arabic"])
    w.coding.controller.open_article(ids["emoji"])
    w.settings.sync()
    stored.sync()
    assert stored.last_article(url) in (None, first)  # not on every article flicked past
    qtbot.waitUntil(lambda: w.settings.last_article(url) == ids["emoji"], timeout=screen.LAST_ARTICLE_WRITE_MS + 3000)
    w.coding.controller.open_article(ids["plain"])
    w.close()  # written on the way out, not lost with the timer
    assert Settings(str(ui_db["settings"])).last_article(url) == ids["plain"]
