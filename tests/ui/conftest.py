"""Fixtures that drive the real MainWindow offscreen, on a SQLite project with three articles."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from annotator.domain.models import SetStatus
    from annotator.domain.span_index import Span
    from annotator.services.annotate import EventInfo

EMOJI_TEXT = (
    "Crowds 😀😀 gathered in Juba 👩‍👩‍👧 where police fired tear gas at 3 pm.\n"
    "A second paragraph mentions Kampala and 🇺🇬 flags."
)
ARABIC_TEXT = (
    "تظاهر المئات في الخرطوم يوم الاثنين احتجاجا على انقطاع الكهرباء.\nوقال شهود إن الشرطة أطلقت الغاز المسيل للدموع."
)
PLAIN_TEXT = (
    "Police fired tear gas at protesters in Nairobi on Monday, killing two people.\n"
    "Students joined the march later in the day."
)


def add_article(project, external_id: str, text: str, title: str = "") -> int:  # type: ignore[no-untyped-def]
    from annotator.domain.text import content_hash
    from annotator.store import repository as repo
    from annotator.store.uow import transaction

    with transaction(project.engine) as conn:
        repo.insert_articles(
            conn,
            [
                {
                    "external_id": external_id,
                    "title": title or f"Article {external_id}",
                    "text": text,
                    "source": "Test wire",
                    "url": f"https://example.org/{external_id}",
                    "published": dt.date(2024, 6, 5),
                    "language": "",
                    "meta": {},
                    "content_hash": content_hash(text),
                    "created_at": dt.datetime.now(dt.UTC),
                }
            ],
        )
        return repo.article_ids(conn, [external_id])[external_id]


@pytest.fixture
def ui_db(tmp_path: Path) -> dict[str, object]:
    """A SQLite database with the three test articles; returns its URL and the article ids."""
    from annotator.services.project import open_project

    url = f"sqlite:///{tmp_path / 'ui.db'}"
    project = open_project(url)
    try:
        ids = {
            "plain": add_article(project, "plain", PLAIN_TEXT, "Police disperse protest in Nairobi"),
            "emoji": add_article(project, "emoji", EMOJI_TEXT),
            "arabic": add_article(project, "arabic", ARABIC_TEXT, "تظاهرة في الخرطوم"),
        }
    finally:
        project.close()
    return {"url": url, "ids": ids, "settings": str(tmp_path / "settings.ini")}


def make_window(qtbot, ui_db, coder: str = "tester", *, suggestions: bool = False):  # type: ignore[no-untyped-def]
    """The real window on a synchronous task runner: reads and suggestion passes run inline.
    Suggestions are off unless asked for (a pass would build the gazetteer inline)."""
    from annotator.ui.common.settings import Settings
    from annotator.ui.main_window import MainWindow

    settings = Settings(str(ui_db["settings"]))
    settings.coder = coder
    settings.set("view/suggestions", suggestions)
    window = MainWindow(str(ui_db["url"]), settings=settings, synchronous=True)
    qtbot.addWidget(window)
    window.resize(1300, 850)
    window.show()
    window.load()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    return window


@pytest.fixture
def window(qtbot, ui_db) -> Iterator[object]:  # type: ignore[no-untyped-def]
    w = make_window(qtbot, ui_db)
    yield w
    w.close()


def utf16(text: str, cp: int) -> int:
    """A code-point offset in UTF-16 units, computed independently of the app's Utf16Index."""
    return len(text[:cp].encode("utf-16-le")) // 2


def select_cp(view, start: int, end: int) -> None:  # type: ignore[no-untyped-def]
    """Select [start, end) of the view's text, given in code points, as a mouse drag would."""
    from PySide6.QtGui import QTextCursor

    cursor = view.textCursor()
    cursor.setPosition(utf16(view.text, start))
    cursor.setPosition(utf16(view.text, end), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)


@dataclass(frozen=True)
class Stored:
    status: SetStatus
    spans: list[Span]
    events: list[EventInfo]


def stored(window) -> Stored:  # type: ignore[no-untyped-def]
    """The open article's coding as the app reads it when it opens the article: through
    ``open_for_coding``, with the spans' text sliced from the article as the screen does."""
    from annotator.domain.span_index import SpanIndex
    from annotator.services.annotate import SetRef
    from annotator.services.workspace import open_for_coding

    c = window.coding.controller
    doc, rows = open_for_coding(window.project, SetRef(c.doc.id, c.coder))
    assert doc is not None
    return Stored(rows.status, list(SpanIndex(rows.spans, doc.text).in_order()), list(rows.events))


@pytest.fixture(autouse=True)
def _no_windows_left_open(qtbot):  # type: ignore[no-untyped-def]
    """Close what a test left open (non-modal message boxes, dialogs), so that no window of one test
    is the active window of the next and takes its keys."""
    yield
    from PySide6.QtWidgets import QApplication

    for widget in QApplication.topLevelWidgets():
        if widget.isVisible():
            widget.close()
