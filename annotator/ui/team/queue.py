"""The queue bar above the article list: whose assigned articles the list shows, and which batch.

A coder with assignments sees "My queue" and a batch filter, and only their own articles (the list
starts there: ``services.queue.default_assignee``). A lead or reviewer sees every article and may
narrow the list to one coder's queue (the rows then show that coder's status) and to one batch.
With no assignments in the project the bar stays hidden and the list is as it always was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from annotator.ui.coding.controller import ListScope

if TYPE_CHECKING:
    from annotator.services.queue import QueueInfo
    from annotator.ui.coding.screen import CodingScreen
    from annotator.ui.common.tasks import TaskRunner

EVERY_ARTICLE = "Every article"
ANY_BATCH = "All batches"


class QueueBar(QWidget):
    infoChanged = Signal(object)  # QueueInfo, each time it is read

    def __init__(self, coding: CodingScreen, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("queueBar")
        self.coding = coding
        self.tasks = tasks
        self.info: QueueInfo | None = None
        self.mine = QLabel("My queue")
        self.mine.setObjectName("muted")
        self.coder = QComboBox()
        self.coder.setObjectName("queueCoder")
        self.coder.setToolTip("Whose assigned articles the list shows (their status in the list)")
        self.batch = QComboBox()
        self.batch.setObjectName("queueBatch")
        self.batch.setToolTip("Only the articles of one batch")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.mine)
        layout.addWidget(self.coder, 1)
        layout.addWidget(self.batch, 1)
        self.coder.currentIndexChanged.connect(lambda _i: self._chosen())
        self.batch.currentIndexChanged.connect(lambda _i: self._chosen())
        self.hide()

    def refresh(self) -> None:
        """Read, on the database worker, who the coder is and what the project's queues are."""
        from annotator.services.queue import queue_info

        c = self.coding.controller
        if c.project is None:
            return
        project, coder = c.project, c.coder
        self.tasks.run_db(
            lambda: queue_info(project, coder),
            self._show,
            lambda exc: c.problem.emit(f"Could not read the assignments: {exc}"),
            channel="queue",
        )

    def _show(self, info: QueueInfo) -> None:
        c = self.coding.controller
        if info.coder != c.coder:
            return  # read for a coder who has since handed over
        self.info = info
        scope = c.scope if c.scope is not None else ListScope(info.default_assignee())
        self.coder.blockSignals(True)
        self.batch.blockSignals(True)
        try:
            self.coder.clear()
            self.coder.addItem(EVERY_ARTICLE, None)
            for name in info.coders if info.oversees else ():
                self.coder.addItem("My queue" if name == info.coder else f"{name}'s queue", name)
            self.coder.setCurrentIndex(max(0, self.coder.findData(scope.assigned_to)))
            self.batch.clear()
            self.batch.addItem(ANY_BATCH, None)
            for name in info.batches:
                self.batch.addItem(name or "(no batch name)", name)
            self.batch.setCurrentIndex(max(0, self.batch.findData(scope.batch)))
        finally:
            self.coder.blockSignals(False)
            self.batch.blockSignals(False)
        self.coder.setVisible(info.oversees)
        self.mine.setVisible(not info.oversees)
        self.batch.setVisible(len(info.batches) > 0)
        self.setVisible((info.oversees and bool(info.coders)) or info.own)
        panel = self.coding.articles
        panel.show_batch = bool(info.batches) and (info.own or info.oversees)
        panel.fit_columns()
        # What the combos show now is the scope (a batch or coder that went is dropped).
        self._chosen()
        self.infoChanged.emit(info)

    def scope(self) -> ListScope:
        info = self.info
        if info is None:
            return ListScope()
        who = self.coder.currentData() if info.oversees else (info.coder if info.own else None)
        return ListScope(who, self.batch.currentData() if self.batch.count() else None)

    def _chosen(self) -> None:
        c = self.coding.controller
        if self.info is None or c.project is None:
            return
        scope = self.scope()
        if scope == c.scope:
            return
        unset, c.scope = c.scope is None, scope
        if unset and scope == ListScope(self.info.default_assignee()):
            return  # the list was read for this scope already
        # The rows are read for the coder whose queue shows: the reader changes with the scope.
        self.coding.articles.model.set_reader(c.row_reader(), self.tasks)
        self.coding.reload_list()
