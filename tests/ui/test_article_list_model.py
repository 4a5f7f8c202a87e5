"""The lazy article list: 100,000 rows cost one page read per screenful, not 100,000 reads."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QApplication

from annotator.domain.models import SetStatus
from annotator.services.workspace import ArticleListRow as Row
from annotator.ui.coding.article_list import PAGE, ArticleListPanel


def test_only_visible_pages_are_read(qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = ArticleListPanel()
    qtbot.addWidget(panel)
    reads: list[list[int]] = []

    def fetch(ids):  # type: ignore[no-untyped-def]
        reads.append(list(ids))
        return [
            Row(i, f"x{i}", f"Title {i}", "wire", None, SetStatus.DONE if i % 2 else SetStatus.NOT_STARTED, i % 3)
            for i in ids
        ]

    panel.model.fetch = fetch
    panel.resize(400, 600)
    panel.show()
    panel.set_ids(list(range(1, 100_001)), current=None)
    QApplication.processEvents()
    assert panel.model.rowCount() == 100_000 and panel.count.text() == "100,000 articles"
    assert len(reads) == 1 and len(reads[0]) == PAGE
    panel.show_article(73_456)  # scrolls there: one more page
    QApplication.processEvents()
    assert len(reads) == 2 and 73_456 in reads[1]
    index = panel.model.index(panel.model.row_of(73_456), 1)
    assert index.data() == "Title 73456"
    panel.model.refresh(73_456)  # a status change re-reads just that page when painted
    QApplication.processEvents()
    assert len(reads) == 3
    assert panel.neighbour(73_456, 1) == 73_457 and panel.neighbour(100_000, 1) is None


def test_model_passes_qt_model_checks(qtbot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    panel = ArticleListPanel()
    qtbot.addWidget(panel)
    panel.model.fetch = lambda ids: [
        Row(i, f"x{i}", "", "wire", dt.date(2024, 1, i % 28 + 1), SetStatus.IN_PROGRESS, 0) for i in ids
    ]
    panel.set_ids(list(range(1, 500)), current=3)
    qtmodeltester.check(panel.model)


def test_pages_are_read_on_the_database_worker(qtbot) -> None:  # type: ignore[no-untyped-def]
    import threading

    from annotator.ui.common.tasks import TaskRunner

    panel = ArticleListPanel()
    qtbot.addWidget(panel)
    tasks = TaskRunner(parent=panel)
    threads: list[str] = []

    def fetch(ids):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        return [Row(i, f"x{i}", f"Title {i}", "wire", None, SetStatus.IN_PROGRESS, 1) for i in ids]

    panel.model.set_reader(fetch, tasks)
    panel.resize(400, 600)
    panel.show()
    panel.set_ids(list(range(1, 1001)), current=None)
    index = panel.model.index(0, 1)
    assert index.data() is None  # not read yet: the row paints empty for a moment
    with qtbot.waitSignal(panel.model.dataChanged, timeout=5000):
        pass
    assert index.data() == "Title 1" and threads and set(threads) == {"annotator-db-1"}
    # A page asked for before the list changed is dropped when it arrives.
    panel.model.index(900, 1).data()
    panel.set_ids([5, 6], current=None)
    qtbot.waitUntil(lambda: panel.model.index(0, 1).data() == "Title 5", timeout=5000)
    qtbot.wait(50)
    assert panel.model.rowCount() == 2 and panel.model.index(1, 1).data() == "Title 6"
    tasks.close()
