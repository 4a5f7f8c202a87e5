"""File > New project…, Open project…, Recent projects and Connect to server… (issue 9, "Open and
create projects"; issue 12, point 1; issue 14, point 2)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.ui.common.settings import RECENT_MAX, Settings
from annotator.ui.main_window import MainWindow
from annotator.ui.project import dialogs
from tests.ui.conftest import add_article, select_cp
from tests.ui.dialogs import click, when_modal


def _files(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def _no_project_window(qtbot, tmp_path: Path, url: str | None = None) -> MainWindow:  # type: ignore[no-untyped-def]
    settings = Settings(str(tmp_path / "settings.ini"))
    settings.coder = "tester"
    settings.set("view/suggestions", False)
    window = MainWindow(url, settings=settings, synchronous=True)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    window.load()
    return window


def test_new_project_creates_it_and_switches_to_it(qtbot, window, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    w = window
    view = w.coding.view
    select_cp(view, 0, len("Police"))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_A)
    assert len(w.coding.controller.spans) == 1
    target = tmp_path / "projects" / "second.db"
    target.parent.mkdir()
    monkeypatch.setattr(dialogs, "choose_new_project", lambda *a: target)
    seen: list[str] = []
    click("Cancel", seen)
    w.projects.new_project()  # undo history would be lost: asked first; Cancel keeps everything
    assert seen == ["Opening another project clears the undo history of 1 article."]
    assert not target.exists() and w.undo_action.isEnabled()
    click("New project")
    w.projects.new_project()
    assert target.is_file() and w.project.url == f"sqlite:///{target}"
    assert w.windowTitle() == "Annotator — coding as tester — second.db"
    assert w.coding.controller.doc is None and w.coding.articles.model.rowCount() == 0
    assert not w.undo_action.isEnabled() and w.coding.events_panel is not None
    assert w.coding.view.text == "" and w.coding.spans_model.rowCount() == 0
    assert w.settings.recent_projects()[0] == f"sqlite:///{target}"
    # An existing file is never replaced by New project.
    before = target.read_bytes()
    monkeypatch.setattr(dialogs, "choose_new_project", lambda *a: target)
    seen.clear()
    when_modal(lambda d: (seen.append(d.text()), d.accept()))
    w.projects.new_project()
    assert seen and "already exists" in seen[0] and target.read_bytes() == before


def test_open_project_and_recent_projects(qtbot, window, ui_db, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from annotator.services.project import create_project

    w = window
    first_url = w.project.url
    other = tmp_path / "other.db"
    project = create_project(other)
    add_article(project, "o1", "Fishermen protested in Mombasa.", "Fishermen in Mombasa")
    project.close()
    monkeypatch.setattr(dialogs, "choose_existing_project", lambda *a: other)
    w.projects.choose_project()  # no undo history: no question
    assert w.project.url == f"sqlite:///{other}" and w.coding.controller.doc.external_id == "o1"
    assert "other.db" in w.windowTitle() and w.coding.articles.model.rowCount() == 1
    assert w.settings.recent_projects()[:2] == [f"sqlite:///{other}", first_url]
    # File > Recent projects lists both; a missing file is greyed.
    w.file_menu.recent_menu.aboutToShow.emit()
    texts = [(a.text(), a.isEnabled()) for a in w.file_menu.recent_menu.actions() if a.text()]
    assert texts[:2] == [("&1  other.db", True), ("&2  ui.db", True)]
    gone = tmp_path / "gone.db"
    w.settings.add_recent(f"sqlite:///{gone}")
    w.file_menu.recent_menu.aboutToShow.emit()
    assert ("&1  gone.db  (missing)", False) in [(a.text(), a.isEnabled()) for a in w.file_menu.recent_menu.actions()]
    # Back to the first project from the menu, where the last article opened comes back.
    next(a for a in w.file_menu.recent_menu.actions() if a.text() == "&3  ui.db").trigger()
    assert w.project.url == first_url and w.coding.articles.model.rowCount() == 3
    assert not gone.exists()


def test_opening_what_is_not_an_annotator_database_changes_nothing(qtbot, window, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    w = window
    url = w.project.url
    notes = tmp_path / "notes.db"
    notes.write_text("not a database\n" * 10)
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    for path, says in ((notes, "not a SQLite file"), (other, "another program's SQLite database")):
        before = _files(tmp_path)
        monkeypatch.setattr(dialogs, "choose_existing_project", lambda *a, p=path: p)
        seen: list[str] = []
        when_modal(lambda d, s=seen: (s.append(d.text()), d.accept()))
        w.projects.choose_project()
        assert seen and says in seen[0], seen
        assert w.project.url == url and _files(tmp_path) == before  # still on the first project
        assert f"sqlite:///{path}" not in w.settings.recent_projects()


def test_no_project_shows_the_start_page_and_creates_nothing(qtbot, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    missing = tmp_path / "typo.db"
    w = _no_project_window(qtbot, tmp_path, f"sqlite:///{missing}")
    assert w.project is None and w.screens.currentWidget() is w.projects.start_page
    assert "no such file" in w.projects.start_page.problem.text() and not missing.exists()
    assert w.windowTitle() == "Annotator" and not w.file_menu.import_action.isEnabled()
    target = tmp_path / "fresh.db"
    monkeypatch.setattr(dialogs, "choose_new_project", lambda *a: target)
    w.projects.start_page.newRequested.emit()
    assert w.project is not None and w.screens.currentWidget() is w.coding and w.file_menu.import_action.isEnabled()
    w.close()
    again = _no_project_window(qtbot, tmp_path)  # no URL given: the start page lists the recent ones
    assert again.projects.start_page.recent.count() == 1
    again.projects.start_page.recent.itemActivated.emit(again.projects.start_page.recent.item(0))
    assert again.project is not None and again.project.url == f"sqlite:///{target}"
    again.close()


def test_recent_projects_keep_the_last_few_without_passwords(tmp_path) -> None:  # type: ignore[no-untyped-def]
    s = Settings(str(tmp_path / "s.ini"))
    for n in range(RECENT_MAX + 3):
        s.add_recent(f"sqlite:////data/p{n}.db")
    s.add_recent("postgresql+psycopg://amal:secret@db.example.org/events")
    s.add_recent("sqlite:////data/p9.db")
    urls = Settings(str(tmp_path / "s.ini")).recent_projects()
    assert len(urls) == RECENT_MAX and urls[:2] == [
        "sqlite:////data/p9.db",
        "postgresql+psycopg://amal@db.example.org/events",
    ]
    assert all("secret" not in u for u in urls)


@pytest.mark.postgres
def test_connect_to_server_codes_as_the_login(qtbot, window, pg_url) -> None:  # type: ignore[no-untyped-def]
    from annotator.ui.project.connect import ConnectDialog

    w = window
    # A server without TLS, when TLS is asked for: said in the dialog, which stays open.
    dialog = ConnectDialog(w.settings, w, opener=w.projects.open_existing, url=pg_url + "&sslmode=require")
    qtbot.addWidget(dialog)
    dialog.connect_now()
    assert dialog.project is None and "does not offer encrypted" in dialog.message.text()
    # An unknown login: refused, said, focus on the password.
    dialog.url.setText(pg_url.replace("postgres@", "nobody_here@"))
    dialog.connect_now()
    assert dialog.project is None and "no user nobody_here" in dialog.message.text()

    def connect(d) -> None:  # type: ignore[no-untyped-def]
        d.url.setText(pg_url)
        d.connect_now()

    when_modal(connect)
    w.projects.connect_to_server()
    assert w.project is not None and w.project.login == "postgres" and w.coder == "postgres"
    assert "coding as postgres" in w.windowTitle() and " on 127.0.0.1" in w.windowTitle()
    assert not w.file_menu.coder_action.isEnabled()  # the login is the identity: no name to type
    assert w.settings.recent_projects()[0] == pg_url


def test_the_connect_dialog_builds_urls_with_tls_off_the_loopback(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy.engine import make_url

    from annotator.ui.project.connect import ConnectDialog

    opened: list[tuple[str, str | None]] = []

    def opener(url, password):  # type: ignore[no-untyped-def]
        opened.append((url, password))
        raise _refusal()

    dialog = ConnectDialog(Settings(str(tmp_path / "s.ini")), opener=opener)
    qtbot.addWidget(dialog)
    dialog.url.setText("")
    dialog.host.setText("db.example.org")
    dialog.database.setText("events")
    dialog.user.setText("amal")
    dialog.password.setText("s3cret")
    assert dialog.encrypt.isEnabled() and dialog.encrypt.isChecked()
    dialog.connect_now()
    url, password = opened[-1]
    assert make_url(url).query["sslmode"] == "require" and password == "s3cret" and "s3cret" not in url
    assert "password is wrong" in dialog.message.text() and dialog.project is None
    dialog.encrypt.setChecked(False)  # the user says otherwise
    dialog.connect_now()
    assert make_url(opened[-1][0]).query["sslmode"] == "prefer"
    dialog.host.setText("localhost")
    assert not dialog.encrypt.isEnabled()  # this machine: nothing crosses a network
    dialog.url.setText("postgresql://amal:pw%21@db.example.org:5433/events")  # pasted with a password
    assert dialog.password.text() == "pw!" and dialog.port.value() == 5433
    dialog.encrypt.setChecked(True)
    dialog.connect_now()
    assert opened[-1] == ("postgresql+psycopg://amal@db.example.org:5433/events?sslmode=require", "pw!")


def _refusal() -> Exception:
    from annotator.store.server import LoginRefused

    return LoginRefused("The server refused the login of amal to events on db.example.org: the password is wrong.")


def test_a_server_that_asks_for_a_password_opens_the_connect_dialog(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from annotator.store.server import PasswordNeeded

    w = window
    shown: list[str] = []

    def refuse(url, password=None):  # type: ignore[no-untyped-def]
        raise PasswordNeeded("events on db.example.org asks for the password of amal.")

    monkeypatch.setattr(w.projects, "open_existing", refuse)

    def look(d) -> None:  # type: ignore[no-untyped-def]
        shown.append(d.message.text())
        shown.append(d.host.text())
        d.reject()

    when_modal(look)
    w.projects.open_url("postgresql+psycopg://amal@db.example.org/events")
    assert shown == ["events on db.example.org asks for the password of amal.", "db.example.org"]
    assert w.project is not None and w.project.url.endswith("ui.db")  # still on the first project


def test_annotator_with_no_arguments_opens_the_last_project(qtbot, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from annotator.cli import main
    from annotator.services.project import create_project
    from annotator.store.engine import default_url, sqlite_path
    from annotator.ui import launch as launching

    asked: list[str | None] = []
    monkeypatch.setattr(launching, "launch", lambda url, **kw: asked.append(url) or 0)
    monkeypatch.setenv("ANNOTATOR_SETTINGS", str(tmp_path / "settings.ini"))
    assert main([]) == 0 and asked == [None]  # nothing named: the window decides (below)
    monkeypatch.setenv("ANNOTATOR_DB", str(tmp_path / "named.db"))
    assert main([]) == 0 and asked[-1] == str(tmp_path / "named.db")
    settings = Settings(str(tmp_path / "settings.ini"))
    assert launching.last_project(settings) is None
    settings.add_recent("sqlite:////data/last.db")
    settings.add_recent("sqlite:////data/latest.db")
    assert launching.last_project(settings) == "sqlite:////data/latest.db"
    # A first start with the data folder's file made by an earlier version: that file opens.
    monkeypatch.delenv("ANNOTATOR_DB")
    default = sqlite_path(default_url())
    assert default is not None and not default.exists()
    (tmp_path / "first").mkdir()
    w = _no_project_window(qtbot, tmp_path / "first")
    assert w.project is None and not default.exists()  # none there: the start page, nothing created
    w.close()
    create_project(default).close()
    w = _no_project_window(qtbot, tmp_path)
    assert w.project is not None and w.project.url == default_url()
    w.close()
