"""The article list of a large project is filled lazily (issue 9, "Latency"): the whole list is the
range of ids, read as two index look-ups; rows are read a page at a time as they are painted; the
total is an estimate until it is counted on the worker; ids missing from the range are handled."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import delete, insert

from annotator.services import workspace
from annotator.store.repository import articles_t
from annotator.ui.coding.article_list import PAGE
from annotator.ui.common.settings import Settings
from annotator.ui.main_window import MainWindow

N = 100_000


def _big_project(path: Path, n: int = N) -> str:
    """``n`` short articles written with Core executemany (a few seconds for 100,000)."""
    from annotator.services.project import create_project

    project = create_project(path)
    now = dt.datetime.now(dt.UTC)
    with project.engine.begin() as conn:
        for first in range(0, n, 50_000):
            conn.execute(
                insert(articles_t),
                [
                    {
                        "external_id": f"a{i}",
                        "title": f"Report {i}",
                        "text": f"Text {i}.",
                        "source": "wire",
                        "url": "",
                        "published": None,
                        "language": "en",
                        "meta": {},
                        "content_hash": f"{i:064x}",
                        "created_at": now,
                    }
                    for i in range(first, min(first + 50_000, n))
                ],
            )
    url = project.url
    project.close()
    return url


@pytest.fixture(scope="module")
def big_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return _big_project(tmp_path_factory.mktemp("big") / "big.db")


def _window(qtbot, url: str, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    settings = Settings(str(tmp_path / "settings.ini"))
    settings.coder = "tester"
    settings.set("view/suggestions", False)
    window = MainWindow(url, settings=settings, synchronous=True)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    return window


def test_a_large_list_reads_no_ids_up_front_and_pages_as_it_scrolls(qtbot, big_url, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    full_reads: list[object] = []
    pages: list[list[int]] = []
    real_rows = workspace.article_rows
    monkeypatch.setattr(workspace, "article_ids", lambda *a, **k: full_reads.append(a) or [])
    monkeypatch.setattr(workspace, "article_rows", lambda p, c, ids: pages.append(list(ids)) or real_rows(p, c, ids))
    w = _window(qtbot, big_url, tmp_path)
    progress: list[tuple[int, int, bool]] = []
    listed: list[str] = []
    w.coding.controller.progressChanged.connect(lambda *p: progress.append(p))
    w.coding.controller.articlesListed.connect(lambda *_a: listed.append(w.coding.articles.count.text()))
    w.load()
    QApplication.processEvents()
    panel = w.coding.articles
    assert full_reads == []  # not one query for every id
    assert isinstance(panel.model.ids, range) and panel.model.rowCount() == N
    assert listed == [f"~{N:,} articles"]  # first the estimate (the range of ids) ...
    assert panel.count.text() == f"{N:,} articles"  # ... then the count from the worker
    assert progress[0] == (0, N, False) and progress[-1] == (0, N, True)
    assert w.status.progress_label.text() == f"Done 0 / {N:,}"
    assert w.coding.controller.doc is not None and w.coding.controller.doc.external_id == "a0"
    assert len(pages) == 1 and pages[0][:2] == [1, 2] and len(pages[0]) == PAGE  # one screenful
    assert panel.model.index(0, 1).data() == "Report 0"
    # A jump to the end reads the last page only, and its rows are the right ones.
    panel.show_article(N)
    QApplication.processEvents()
    assert len(pages) == 2 and pages[1][-1] == N
    assert panel.model.index(N - 1, 1).data() == f"Report {N - 1}"
    assert panel.neighbour(N, -1) == N - 1 and panel.neighbour(N, 1) is None
    w.close()


def test_ids_missing_from_the_range_are_found_by_the_count(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = _big_project(tmp_path / "gaps.db", 5000)
    from annotator.services.project import open_project

    project = open_project(url, create=False)
    with project.engine.begin() as conn:  # as a PostgreSQL sequence after a failed import would leave them
        conn.execute(delete(articles_t).where(articles_t.c.id.between(1001, 2000)))
    project.close()
    w = _window(qtbot, url, tmp_path)
    w.load()
    QApplication.processEvents()
    panel = w.coding.articles
    assert panel.model.rowCount() == 4000 and panel.count.text() == "4,000 articles"
    assert panel.model.row_of(2001) == 1000 and panel.model.index(1000, 1).data() == "Report 2000"
    assert w.status.progress_label.text() == "Done 0 / 4,000"
    w.close()


def test_the_count_waits_for_the_first_article(qtbot, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """On the app's threaded runner the count (a scan of the whole table) is read after the first
    article's text and annotations, not ahead of them: start-up must not grow with the project.
    Finding the first article is slowed, so that the list is in (and asks for the count) well before."""
    import time

    url = _big_project(tmp_path / "small.db", 300)
    reads: list[str] = []
    real_exists, real_rows, real_count = workspace.article_exists, workspace.coding_rows, workspace.count_articles

    def slow_exists(*a, **k):  # type: ignore[no-untyped-def]
        time.sleep(0.3)
        return real_exists(*a, **k)

    def rows(*a, **k):  # type: ignore[no-untyped-def]
        reads.append("annotations")
        return real_rows(*a, **k)

    def count(*a, **k):  # type: ignore[no-untyped-def]
        reads.append("count")
        return real_count(*a, **k)

    monkeypatch.setattr(workspace, "article_exists", slow_exists)
    monkeypatch.setattr(workspace, "coding_rows", rows)
    monkeypatch.setattr(workspace, "count_articles", count)
    settings = Settings(str(tmp_path / "settings.ini"))
    settings.coder = "tester"
    settings.set("view/suggestions", False)
    settings.set_last_article(url, 7)  # the article is looked up (slowly) before it is read
    w = MainWindow(url, settings=settings)
    qtbot.addWidget(w)
    w.show()
    w.load()
    panel = w.coding.articles
    qtbot.waitUntil(lambda: panel.count.text() == "300 articles", timeout=20_000)
    assert reads == ["annotations", "count"]
    assert w.coding.controller.doc is not None and w.coding.controller.doc.id == 7
    w.close()
