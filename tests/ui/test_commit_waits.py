"""Commits stay synchronous; when another program holds the write lock the coder is told, not frozen.

A second connection takes SQLite's write lock (BEGIN IMMEDIATE), as an import in another process
would. The edit waits a quarter second, the status bar says it is waiting (painted before the long
wait), and the edit lands once the lock is free; if the lock is held past the long wait, the edit
is refused, the typed text stays in the field and the field says it is not saved.
"""

from __future__ import annotations

import sqlite3
import threading
import time

from PySide6.QtCore import Qt

from annotator.ui.coding import session as session_module
from tests.ui.conftest import PLAIN_TEXT, select_cp, stored


def _lock(ui_db) -> sqlite3.Connection:  # type: ignore[no-untyped-def]
    path = str(ui_db["url"]).removeprefix("sqlite:///")
    other = sqlite3.connect(path, timeout=5, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # the write lock, held until COMMIT
    return other


def test_an_edit_waits_for_another_writer_and_says_so(qtbot, window, ui_db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    c = window.coding.controller
    c.open_article(ui_db["ids"]["plain"])
    shown: list[str] = []
    painted: list[str] = []
    bar = window.statusBar()
    monkeypatch.setattr(bar, "repaint", lambda: painted.append(bar.currentMessage()))
    c.waiting.connect(shown.append)
    other = _lock(ui_db)
    # The other program commits 0.8 s later, while our commit is in its long wait.
    releaser = threading.Timer(0.8, lambda: other.execute("COMMIT"))
    releaser.start()
    view = window.coding.view
    start = PLAIN_TEXT.index("Nairobi")
    select_cp(view, start, start + len("Nairobi"))
    t0 = time.monotonic()
    qtbot.keyClick(view, "l")
    waited = time.monotonic() - t0
    releaser.join()
    other.close()
    assert shown == [session_module.WAITING]
    assert painted == [session_module.WAITING]  # on screen before the long wait began
    assert 0.6 < waited < 5
    [span] = stored(window).spans
    assert (span.text, span.label) == ("Nairobi", "location")
    assert view.selected == span.key and "All changes saved" in window.status.saved_label.text()


def test_an_edit_refused_behind_a_long_lock_keeps_the_typed_text(qtbot, window, ui_db) -> None:  # type: ignore[no-untyped-def]
    c = window.coding.controller
    c.open_article(ui_db["ids"]["plain"])
    window.coding.new_event()
    assert c.session is not None
    c.session.long_wait_s = 0.3  # the usual 10 s would slow the test, not change it
    actor = window.coding.events_panel.form.fields["actor1"]
    actor.editor.setFocus()
    qtbot.keyClicks(actor.editor, "Poli")
    other = _lock(ui_db)
    try:
        qtbot.keyClicks(actor.editor, "ce")
        # Refused: the text stays on screen, the field and the status bar say it is not saved.
        assert actor.editor.text() == "Police"
        assert actor.error.isVisible() and "not saved" in actor.error.text()
        assert "Not saved: actor1" in window.status.saved_label.text()
        assert "not saved" in window.statusBar().currentMessage()
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert stored(window).events[0].fields.actor1 == "Poli"  # what the database has
    # The next key press commits the whole field again, now that the lock is free.
    qtbot.keyClick(actor.editor, Qt.Key.Key_S)
    assert stored(window).events[0].fields.actor1 == "Polices"
    assert not actor.error.isVisible() and "All changes saved" in window.status.saved_label.text()
