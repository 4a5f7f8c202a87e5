"""The window never silently overwrites a change made elsewhere (issue 12, point 5): its edits, undos
and redos name the versions it read; a row changed meanwhile (the same coder in a second window, a
reviewer reopening the set) is refused, the status bar says what changed, and the article is read
again so the view shows it as it is now. SQLite here: no live notifications to hide the race."""

from __future__ import annotations

from sqlalchemy import select

from annotator.domain.models import SetStatus
from annotator.services import annotate as an
from annotator.services.project import open_project
from annotator.store.repository import events_t, spans_t
from tests.ui.conftest import make_window, select_cp


def _stored_notes(url: str) -> list[str]:
    project = open_project(url)
    try:
        with project.engine.connect() as conn:
            return list(conn.scalars(select(events_t.c.notes)))
    finally:
        project.close()


def test_an_edit_of_a_row_changed_in_another_window_is_refused_and_the_view_reloads(qtbot, ui_db) -> None:  # type: ignore[no-untyped-def]
    url = str(ui_db["url"])
    w = make_window(qtbot, ui_db, "tester")
    other = open_project(url)  # the same coder's second window
    try:
        c = w.coding.controller
        c.open_article(ui_db["ids"]["plain"])
        ref = an.SetRef(c.doc.id, "tester")
        assert c.new_event()
        key = c.current_event
        c.edit_field("notes", "mine")
        stack = w.coding.controller.session.stack()
        steps = stack.count()
        an.apply(other, an.SetEventField.one(ref, key, "notes", "theirs"))

        c.edit_field("notes", "mine again")
        message = w.statusBar().currentMessage()
        assert message.startswith(f"Not saved: event {key} was changed elsewhere") and "theirs" in message
        assert _stored_notes(url) == ["theirs"]  # not overwritten
        assert c.current_event_info().fields.notes == "theirs"  # the view shows it as it is now
        assert stack.count() == steps  # nothing was pushed
        # Having seen it, the window edits it again: now it lands.
        c.edit_field("notes", "mine after all")
        assert _stored_notes(url) == ["mine after all"]

        # Undo of the window's own edit after the other window changed the row: refused, reloaded.
        an.apply(other, an.SetEventField.one(ref, key, "notes", "theirs again"))
        w.coding.controller.session.stack().undo()
        assert "Could not undo or redo" in w.statusBar().currentMessage()
        assert _stored_notes(url) == ["theirs again"]
        qtbot.waitUntil(lambda: c.current_event_info().fields.notes == "theirs again", timeout=3000)

        # A span relabelled elsewhere: deleting it here is refused, and it stays.
        select_cp(w.coding.view, 0, 6)
        c.tag("actor", (0, 6))
        span = next(iter(c.spans.in_order())).key
        an.apply(other, an.RelabelSpan(ref, span, "location"))
        c.select_span(span)
        c.delete_span()
        assert w.statusBar().currentMessage().startswith(f"Not saved: span {span} was changed elsewhere")
        with other.engine.connect() as conn:
            assert list(conn.execute(select(spans_t.c.key, spans_t.c.label))) == [(span, "location")]
        assert [(s.key, s.label) for s in c.spans.in_order()] == [(span, "location")]
    finally:
        other.close()
        w.close()


def test_marking_done_after_a_reviewer_reopened_the_set_is_refused(qtbot, ui_db) -> None:  # type: ignore[no-untyped-def]
    url = str(ui_db["url"])
    w = make_window(qtbot, ui_db, "tester")
    reviewer = open_project(url)
    try:
        c = w.coding.controller
        c.open_article(ui_db["ids"]["plain"])
        ref = an.SetRef(c.doc.id, "tester")
        c.tag("actor", (0, 6))
        c.toggle_done()
        assert c.status == SetStatus.DONE
        c.toggle_done()  # reopened here: in progress
        an.apply(reviewer, an.SetStatus(ref, an.Status.DONE))  # meanwhile someone marks it done...
        an.apply(reviewer, an.SetStatus(ref, an.Status.IN_PROGRESS))  # ...and reopens it, with a note say
        c.toggle_done()
        assert "these annotations were changed elsewhere" in w.statusBar().currentMessage()
        assert c.status == SetStatus.IN_PROGRESS
        c.toggle_done()  # read again: the window may now mark it done
        assert c.status == SetStatus.DONE
    finally:
        reviewer.close()
        w.close()
