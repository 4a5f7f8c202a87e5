"""The window on a team server: a dropped connection shows a banner and is got back by itself, an
edit is applied exactly once or reported (and the undo stack agrees), and what others change
arrives within about a second through LISTEN/NOTIFY (issue 12, point 5)."""

from __future__ import annotations

import dataclasses
import time
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import create_engine, select, text

from annotator.services import annotate as an
from annotator.services import assignment
from annotator.services.project import open_project
from annotator.store import coding_rows
from annotator.store.repository import coders_t, spans_t
from tests.team.conftest import team_server  # noqa: F401  (the fixture)
from tests.ui.conftest import PLAIN_TEXT, add_article, make_window

pytestmark = pytest.mark.postgres


@pytest.fixture
def server(pg_url: str, tmp_path) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    project = open_project(pg_url)
    try:
        ids = {key: add_article(project, key, f"{PLAIN_TEXT} ({key})", f"Article {key}") for key in ("one", "two")}
        with project.engine.begin() as conn:  # the window's login leads (it sees every queue)
            conn.execute(coders_t.insert().values(name="postgres", role="lead"))
    finally:
        project.close()
    return {"url": pg_url, "ids": ids, "settings": str(tmp_path / "settings.ini")}


def _spans(url: str) -> list[str]:
    project = open_project(url)
    try:
        with project.engine.connect() as conn:
            return sorted(conn.scalars(select(spans_t.c.key)))
    finally:
        project.close()


def _terminate(url: str, *pids: int) -> None:
    killer = create_engine(url)
    try:
        with killer.begin() as conn:
            for pid in pids:
                assert conn.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid}).scalar() is True
    finally:
        killer.dispose()


def _window(qtbot, server):  # type: ignore[no-untyped-def]
    w = make_window(qtbot, server, "ignored: the login is the coder")
    assert w.coder == "postgres" and w.coding.controller.doc is not None
    assert w.team.live.listening.wait(5)  # the listener is up
    return w


def _tag(w, start: int, end: int) -> None:  # type: ignore[no-untyped-def]
    w.coding.controller.tag("actor", (start, end))


def test_after_pg_terminate_backend_the_banner_shows_and_goes_and_the_next_edit_lands(qtbot, server) -> None:  # type: ignore[no-untyped-def]
    w = _window(qtbot, server)
    try:
        _tag(w, 0, 6)
        assert _spans(server["url"]) == ["s1"]
        with w.project.engine.connect() as conn:
            app_pid = int(conn.execute(text("SELECT pg_backend_pid()")).scalar())
        listener = w.team.live.listener
        assert listener is not None and listener.backend_pid() is not None
        _terminate(server["url"], app_pid, int(listener.backend_pid()))
        banner = w.team.banner
        qtbot.waitUntil(banner.isVisible, timeout=3000)
        assert "connection to the database server was lost" in banner.text.text()
        # The next edit lands (the pool replaced the dead connection) and is undoable as usual.
        _tag(w, 7, 12)
        assert _spans(server["url"]) == ["s1", "s2"]
        stack = w.undo_group.activeStack()
        assert stack.count() == 2
        # The listener comes back by itself within about a second; the banner goes.
        qtbot.waitUntil(lambda: not banner.isVisible(), timeout=5000)
        assert "Connected to the server again" in w.statusBar().currentMessage()
        stack.undo()
        assert _spans(server["url"]) == ["s1"]
    finally:
        w.close()


def test_an_edit_the_server_cannot_take_is_reported_and_not_pushed(qtbot, server) -> None:  # type: ignore[no-untyped-def]
    w = _window(qtbot, server)
    session = w.coding.controller.session
    real = session.project
    gone = create_engine("postgresql+psycopg://postgres@127.0.0.1:1/test", pool_pre_ping=True)
    try:
        _tag(w, 0, 6)
        stack = w.undo_group.activeStack()
        session.project = dataclasses.replace(real, engine=gone)  # the server is away for this edit
        _tag(w, 7, 12)
        assert w.team.banner.isVisible()
        assert "nothing was saved" in w.statusBar().currentMessage()
        assert stack.count() == 1 and [s.key for s in w.coding.controller.spans.in_order()] == ["s1"]
        session.project = real  # back
        w.team.probe()  # (what the banner's timer does every two seconds)
        assert not w.team.banner.isVisible()
        _tag(w, 7, 12)
        assert _spans(server["url"]) == ["s1", "s2"] and stack.count() == 2
        stack.undo()
        stack.undo()
        assert _spans(server["url"]) == []
    finally:
        gone.dispose()
        w.close()


def test_a_connection_ended_in_the_middle_of_an_edit_applies_it_exactly_once(qtbot, server) -> None:  # type: ignore[no-untyped-def]
    w = _window(qtbot, server)
    real = coding_rows.insert_span
    killed: list[int] = []

    def die_first(conn: Any, *args: Any) -> Any:
        if not killed:
            killed.append(int(conn.execute(text("SELECT pg_backend_pid()")).scalar()))
            _terminate(server["url"], killed[0])
        return real(conn, *args)

    try:
        coding_rows.insert_span = die_first  # type: ignore[assignment]
        _tag(w, 0, 6)
        coding_rows.insert_span = real  # type: ignore[assignment]
        assert killed and _spans(server["url"]) == ["s1"]
        assert [s.key for s in w.coding.controller.spans.in_order()] == ["s1"]
        stack = w.undo_group.activeStack()
        assert stack.count() == 1
        stack.undo()
        assert _spans(server["url"]) == [] and len(w.coding.controller.spans) == 0
    finally:
        coding_rows.insert_span = real  # type: ignore[assignment]
        w.close()


def test_changes_by_others_arrive_within_a_second(qtbot, server) -> None:  # type: ignore[no-untyped-def]
    w = _window(qtbot, server)
    elsewhere = open_project(server["url"])  # the same login in another window, or a reviewer
    try:
        c = w.coding.controller
        article = c.doc.id
        _tag(w, 0, 6)  # (this window's own edit is not read back)
        w.team.progress_action.trigger()
        view = w.team.progress_view
        started = time.monotonic()
        an.apply(elsewhere, an.SetStatus(an.SetRef(article, "postgres"), an.Status.DONE))
        qtbot.waitUntil(lambda: c.status == an.Status.DONE, timeout=3000)
        took = time.monotonic() - started
        assert took < 1.5, took
        assert "changed elsewhere" in w.statusBar().currentMessage()
        assert [s.key for s in c.spans.in_order()] == ["s1"]
        qtbot.waitUntil(lambda: view.table.rowCount() == 1 and view.table.item(0, 5).text() == "1", timeout=3000)
        # A new coder and an assignment made elsewhere: the lead's queue bar offers that queue.
        with elsewhere.engine.begin() as conn:
            conn.execute(coders_t.insert().values(name="zaid", role="coder"))
        started = time.monotonic()
        assignment.assign(elsewhere, ["zaid"], 1)
        bar = w.team.queue
        qtbot.waitUntil(lambda: bar.coder.findData("zaid") > 0, timeout=3000)
        assert time.monotonic() - started < 1.5
        bar.coder.setCurrentIndex(bar.coder.findData("zaid"))
        assert list(w.coding.articles.model.ids) == sorted(server["ids"].values())
    finally:
        elsewhere.close()
        w.close()


def test_a_coder_login_sees_only_their_queue_on_the_server(qtbot, team_server, tmp_path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from annotator.domain.models import Role

    admin = team_server.admin
    ids = [add_article(admin, f"q{i}", f"{PLAIN_TEXT} ({i})", f"Article q{i}") for i in range(4)]
    amal = team_server.add("amal", Role.CODER)
    bilal = team_server.add("bilal", Role.CODER)
    assignment.assign(admin, [amal], 1, batch="w1", selection=assignment.Selection(ids=("q1", "q3")))
    assignment.assign(admin, [bilal], 1, batch="w1", selection=assignment.Selection(ids=("q0", "q2")))
    place = {"url": team_server.url_of(amal), "settings": str(tmp_path / "amal.ini")}
    w = make_window(qtbot, place, "ignored")
    try:
        assert w.coder == amal and w.coding.controller.doc.id == ids[1]
        assert list(w.coding.articles.model.ids) == [ids[1], ids[3]]
        assert w.team.queue.mine.isVisible() and not w.team.assign_action.isEnabled()
        qtbot.keyClick(w, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
        assert w.coding.controller.doc.id == ids[3]
    finally:
        w.close()
