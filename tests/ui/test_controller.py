"""The coding controller alone, without widgets: state, commands, what it announces, stale reads."""

from __future__ import annotations

import time

import pytest
from PySide6.QtGui import QUndoGroup

from annotator.domain.models import SetStatus
from annotator.ui.coding.controller import CodingController
from annotator.ui.common.tasks import TaskRunner
from tests.ui.conftest import PLAIN_TEXT


@pytest.fixture
def project(ui_db):  # type: ignore[no-untyped-def]
    from annotator.services.project import open_project

    p = open_project(str(ui_db["url"]))
    yield p
    p.close()


def make(qtbot, project, *, synchronous: bool = True) -> CodingController:  # type: ignore[no-untyped-def]
    tasks = TaskRunner(synchronous=synchronous)
    group = QUndoGroup()
    controller = CodingController(tasks, group)
    controller._keep = (tasks, group)  # type: ignore[attr-defined]  # (kept alive with it)
    return controller


def test_it_opens_the_first_article_to_code_and_tags_with_keys_from_the_service(qtbot, project, ui_db) -> None:  # type: ignore[no-untyped-def]
    c = make(qtbot, project)
    announced: list[tuple[str, object]] = []
    c.spanAboutToBeInserted.connect(lambda row: announced.append(("insert", row)))
    c.spanSelected.connect(lambda key, reveal: announced.append(("selected", key)))
    c.start(project, "tester")
    assert c.doc is not None and c.doc.id == ui_db["ids"]["plain"]
    assert c.status is SetStatus.NOT_STARTED and len(c.spans) == 0 and c.events == []
    for needle, label in (("Nairobi", "location"), ("Police", "actor")):
        start = PLAIN_TEXT.index(needle)
        c.tag(label, (start, start + len(needle)))
    # Keys drawn by the service in order; the list is told the row each span takes (text order).
    assert [(s.key, s.text) for s in c.spans.in_order()] == [("s2", "Police"), ("s1", "Nairobi")]
    assert announced == [("insert", 0), ("selected", "s1"), ("insert", 0), ("selected", "s2")]
    assert c.status is SetStatus.IN_PROGRESS  # the first edit started the article
    assert c.new_event() and c.current_event == "e1"
    c.link_selected_span("actor1")  # the selected span, Police
    assert c.current_event_info().fields.actor1 == "Police"
    assert c.evidence_of("actor1") == ("s2",) and c.used_spans() == {"s2"}
    c.toggle_done()
    assert c.status is SetStatus.DONE
    c.undo_group.undo()
    assert c.status is SetStatus.IN_PROGRESS


def test_refused_edits_are_said_and_change_nothing(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    c = make(qtbot, project)
    c.start(project, "tester")
    messages: list[str] = []
    problems: list[str] = []
    fields: list[tuple[str, str]] = []
    c.message.connect(lambda text, _ms: messages.append(text))
    c.problem.connect(problems.append)
    c.fieldProblem.connect(lambda name, reason: fields.append((name, reason)))
    c.tag("actor", None)
    assert messages and "Select some text" in messages[-1]
    c.tag("actor", (0, 6))
    c.tag("actor", (0, 6))
    assert problems and "already tagged" in problems[-1] and len(c.spans) == 1
    c.new_event()
    c.edit_field("fatalities", "many")
    assert fields and fields[-1][0] == "fatalities" and c.current_event_info().fields.fatalities is None


def test_a_read_that_began_before_an_edit_is_read_again(qtbot, project, ui_db) -> None:  # type: ignore[no-untyped-def]
    c = make(qtbot, project, synchronous=False)
    c.start(project, "tester")
    qtbot.waitUntil(lambda: c.doc is not None and not c.loading, timeout=5000)
    opened: list[int] = []
    c.annotationsLoaded.connect(lambda: opened.append(len(c.spans)))  # (the text comes first)
    c.open_article(c.doc.id)  # read on the database worker...
    time.sleep(0.3)  # ...done by now, its result waiting for the event loop
    start = PLAIN_TEXT.index("Police")
    c.tag("actor", (start, start + 6))  # an edit commits before that result is delivered
    assert len(c.spans) == 1
    qtbot.waitUntil(lambda: bool(opened), timeout=5000)
    assert opened == [1]  # the stale read was dropped and the article read again, with the span
    c.tasks.close()


def test_the_text_comes_first_and_edits_wait_for_its_annotations(qtbot, project, ui_db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Opening reads the text, then the annotations: the text is shown at once, and until the spans
    and events are in nothing can be edited (an edit could land on spans not shown) or undone.
    (An article read from the database: one kept in memory comes in one step, below.)"""
    import threading

    from annotator.services import workspace
    from annotator.services.kept_articles import KeptArticles

    monkeypatch.setattr(KeptArticles, "article", lambda _self, p, aid: (workspace.load_article(p, aid), False))

    c = make(qtbot, project, synchronous=False)
    c.start(project, "tester")
    qtbot.waitUntil(lambda: c.doc is not None and not c.loading, timeout=5000)
    plain = c.doc.id
    start = PLAIN_TEXT.index("Police")
    c.tag("actor", (start, start + 6))
    assert len(c.spans) == 1 and c.session is not None and c.session.stack().canUndo()

    gate = threading.Event()
    read = workspace.coding_rows

    def held(*args, **kwargs):  # type: ignore[no-untyped-def]
        gate.wait(5)
        return read(*args, **kwargs)

    monkeypatch.setattr(workspace, "coding_rows", held)
    messages: list[str] = []
    c.message.connect(lambda text, _ms: messages.append(text))
    c.open_article(ui_db["ids"]["emoji"])
    c.open_article(plain)  # (the newest opening wins; the one flicked past is never shown)
    qtbot.waitUntil(lambda: c.doc is not None and c.loading, timeout=5000)
    assert c.doc.id == plain and c.doc.text == PLAIN_TEXT  # the text, before its annotations
    assert len(c.spans) == 0 and c.events == [] and c.status is None
    assert c.session.stack() is None  # no undo while the annotations are read
    c.tag("location", (PLAIN_TEXT.index("Nairobi"), PLAIN_TEXT.index("Nairobi") + 7))
    assert c.new_event() is False
    assert messages[-1].startswith("The article is still opening")

    gate.set()
    qtbot.waitUntil(lambda: not c.loading, timeout=5000)
    assert c.doc.id == plain and [(s.start, s.label) for s in c.spans.in_order()] == [(start, "actor")]
    assert c.events == [] and c.status is SetStatus.IN_PROGRESS and c.session.stack().canUndo()
    _doc, rows = workspace.open_for_coding(project, c.ref)
    assert rows.spans == [(k, s, e, lb) for k, s, e, lb, _t in c.spans.in_order()]  # the refused tag stored nothing
    c.tasks.close()


def test_reopening_shows_what_another_window_changed_meanwhile(qtbot, project, ui_db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """An article opened before is reopened from memory (its text and spans are not read again),
    but only while the set is as it was: spans another window (or teammate) added, moved or
    deleted in between are shown."""
    from annotator.services import annotate as an
    from annotator.services import workspace

    c = make(qtbot, project)
    c.start(project, "tester")
    plain, emoji = ui_db["ids"]["plain"], ui_db["ids"]["emoji"]
    start = PLAIN_TEXT.index("Police")
    c.tag("actor", (start, start + 6))
    c.open_article(emoji)
    reads: list[int] = []
    real = workspace.load_article
    monkeypatch.setattr(workspace, "load_article", lambda p, aid: reads.append(aid) or real(p, aid))
    c.open_article(plain)
    assert reads == [] and [s.text for s in c.spans.in_order()] == ["Police"]  # from memory
    c.open_article(emoji)
    ref = an.SetRef(plain, "tester")  # another window of the same coder tags and relabels
    nairobi = PLAIN_TEXT.index("Nairobi")
    an.apply(project, an.AddSpan(ref, nairobi, nairobi + 7, "location"))
    an.apply(project, an.RelabelSpan(ref, "s1", "action"))
    c.open_article(plain)
    assert reads == [] and c.doc is not None and c.doc.text == PLAIN_TEXT
    assert [(s.text, s.label) for s in c.spans.in_order()] == [("Police", "action"), ("Nairobi", "location")]
    c.tag("date", (0, 3))  # and the window's own edits go on from there: the versions it holds are the new ones
    assert len(c.spans) == 3


def test_an_article_kept_in_memory_opens_in_one_step(qtbot, project, ui_db) -> None:  # type: ignore[no-untyped-def]
    """Its text and annotations reach the GUI thread together: shown in the same turn of the event
    loop, so the window paints once, with the colours (no turn where the text is shown bare)."""
    from PySide6.QtCore import QTimer

    c = make(qtbot, project, synchronous=False)
    c.start(project, "tester")
    qtbot.waitUntil(lambda: c.doc is not None and not c.loading, timeout=5000)
    plain, emoji = ui_db["ids"]["plain"], ui_db["ids"]["emoji"]
    c.tag("actor", (0, 6))
    events: list[str] = []

    def opened() -> None:
        events.append(f"text {c.doc.id if c.doc else None}")
        QTimer.singleShot(0, lambda: events.append("next turn"))

    c.articleOpened.connect(opened)
    c.annotationsLoaded.connect(lambda: events.append(f"annotations {len(c.spans)}"))
    c.open_article(emoji)  # read from the database: two steps
    qtbot.waitUntil(lambda: "next turn" in events and not c.loading, timeout=5000)
    assert events[0] == f"text {emoji}"
    events.clear()
    c.open_article(plain)  # kept since the start: one step
    qtbot.waitUntil(lambda: "next turn" in events, timeout=5000)
    assert events == [f"text {plain}", "annotations 1", "next turn"]
    assert not c.loading and [s.text for s in c.spans.in_order()] == ["Police"]
