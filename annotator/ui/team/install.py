"""Team coding in the main window, wired in one place so the window stays a shell.

``TeamFeatures(window)`` adds the queue bar above the article list, the connection banner above
the coding screen, Project > Assign… and Undo the last assignment (leads), and View > Progress;
and, on a team server, listens for what others change (``LiveLink``) and brings it to the view:

* an edit or status change of the open article's set by another window or a reviewer reopens the
  article as stored (this window's own edits, known by their set versions, are not read twice);
* any set's change refreshes its row in the list, the status-bar count and the Progress view;
* new or removed assignments and coders refresh the queue bar, the list and the Progress view;
* imported articles list and count again;
* a dropped listener shows the banner, and its return hides it and reads the view again.

An edit that fails because the server cannot be reached (``CodingController.connectionLost``)
shows the banner too: nothing was pushed on the undo stack (the edit is reported, not applied),
and the banner asks the server every ``PROBE_MS`` until it answers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMenu, QMenuBar, QStatusBar, QVBoxLayout

from annotator.ui.common.shortcuts import make_action
from annotator.ui.team.live import ConnectionBanner, LiveLink
from annotator.ui.team.queue import QueueBar

if TYPE_CHECKING:
    from annotator.services.annotate import Changes
    from annotator.services.assignment import Plan, Unassigned
    from annotator.services.live import Change
    from annotator.services.project import Project
    from annotator.services.queue import QueueInfo
    from annotator.ui.coding.screen import CodingScreen
    from annotator.ui.common.tasks import TaskRunner
    from annotator.ui.common.theme import Theme
    from annotator.ui.team.progress_view import ProgressView

PROBE_MS = 2000
QUEUE_TABLES = ("assignments", "coders")


class Host(Protocol):
    """What of the main window the team features use (a Protocol: the window imports this module)."""

    coding: CodingScreen
    tasks: TaskRunner
    theme: Theme
    project: Project | None

    def menuBar(self) -> QMenuBar: ...

    def statusBar(self) -> QStatusBar: ...


class TeamFeatures(QObject):
    def __init__(self, window: Host, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window = window
        self.screen = window.coding
        self.tasks = window.tasks
        self.queue = QueueBar(self.screen, self.tasks)
        layout = self.screen.articles.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(1, self.queue)  # under the status filter, above the search box
        self.banner = ConnectionBanner()
        screen_layout = self.screen.layout()
        assert isinstance(screen_layout, QVBoxLayout)
        screen_layout.insertWidget(0, self.banner)
        self.live = LiveLink(self)
        self.progress_view: ProgressView | None = None
        self.info: QueueInfo | None = None
        self.last_plan: Plan | None = None
        self._project: Project | None = None
        self._own: set[tuple[int, int]] = set()  # (article id, set version) this window wrote
        self._probe = QTimer(self)
        self._probe.setInterval(PROBE_MS)
        self._probe.timeout.connect(self.probe)
        self._build_menus()
        c = self.screen.controller
        c.started.connect(self._started)
        c.edited.connect(self._edited)
        c.connectionLost.connect(self._edit_lost)
        self.queue.infoChanged.connect(self._info)
        self.live.changed.connect(self.heard)
        self.banner.retryRequested.connect(self.probe)

    def _build_menus(self) -> None:
        w = self.window.menuBar()
        self.assign_action = make_action(w, "Assign…", self.show_assign)
        self.assign_action.setEnabled(False)
        self.assign_action.setToolTip("Give articles to coders (leads)")
        self.undo_assign_action = make_action(w, "Undo the last assignment", self.undo_last_assignment)
        self.undo_assign_action.setEnabled(False)
        self.progress_action = make_action(w, "Progress", self.show_progress)
        self.progress_action.setEnabled(False)
        bar = w
        menus = {a.text(): a for a in bar.actions()}
        project = QMenu("&Project", bar)
        before = menus.get("&Article")
        if before is not None:
            bar.insertMenu(before, project)
        else:
            bar.addMenu(project)
        for action in (self.assign_action, self.undo_assign_action):
            project.addAction(action)
        view = menus.get("&View")
        view_menu = view.menu() if view is not None else None
        if isinstance(view_menu, QMenu):
            view_menu.addSeparator()
            view_menu.addAction(self.progress_action)

    # ------------------------------------------------------------------ a project, a coder

    def _started(self) -> None:
        c = self.screen.controller
        project = c.project
        if project is None:
            return
        self.info = None
        self.assign_action.setEnabled(False)
        self.progress_action.setEnabled(True)
        self._own.clear()
        self.queue.refresh()
        if project is not self._project:
            self._project = project
            self.last_plan = None
            self.undo_assign_action.setEnabled(False)
            self.banner.back()
            self._probe.stop()
            if self.progress_view is not None:  # it showed the project that went
                self.progress_view.close()
                self.progress_view = None
            self.live.start(project)

    def _info(self, info: QueueInfo) -> None:
        self.info = info
        self.assign_action.setEnabled(info.may_assign)
        self.assign_action.setToolTip(
            "Give articles to coders" if info.may_assign else f"Only leads assign articles (your role: {info.role})"
        )

    def close(self) -> None:
        """The window closes: stop listening (before the project is closed)."""
        self._probe.stop()
        self.live.stop()
        if self.progress_view is not None:
            self.progress_view.close()

    # ------------------------------------------------------------------ Project > Assign…

    def show_assign(self) -> None:
        from annotator.ui.team.assign_dialog import AssignDialog

        project = self.window.project
        if project is None or self.info is None or not self.info.may_assign:
            return
        dialog = AssignDialog(project, self.tasks, self.screen.window(), error_colour=self.window.theme.error)
        dialog.assigned.connect(self._assigned)
        dialog.undone.connect(self._taken_back)
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()

    def _assigned(self, plan: Plan) -> None:
        self.last_plan = plan
        self.undo_assign_action.setEnabled(bool(plan.pairs))
        self.window.statusBar().showMessage(f"Assigned {len(plan.pairs):,} article(s) to coders.", 6000)
        self.assignments_changed()

    def undo_last_assignment(self) -> None:
        from annotator.services.assignment import take_back

        project, plan = self.window.project, self.last_plan
        if project is None or plan is None:
            return
        self.undo_assign_action.setEnabled(False)
        self.tasks.run_db(
            lambda: take_back(project, plan),
            self._taken_back,
            lambda exc: self.window.statusBar().showMessage(f"Could not take the assignments back: {exc}", 8000),
            channel="assign-write",
        )

    def _taken_back(self, result: Unassigned) -> None:
        from annotator.ui.team.assign_dialog import undo_words

        self.last_plan = None
        self.undo_assign_action.setEnabled(False)
        self.window.statusBar().showMessage(undo_words(result), 6000)
        self.assignments_changed()

    def assignments_changed(self) -> None:
        """Assignments were added or taken back (here, or by someone on the server)."""
        self.queue.refresh()
        self.screen.reload_list()
        if self.progress_view is not None:
            self.progress_view.refresh_soon()

    # ------------------------------------------------------------------ View > Progress

    def show_progress(self) -> None:
        from annotator.ui.team.progress_view import ProgressView

        project = self.window.project
        if project is None:
            return
        if self.progress_view is None:
            self.progress_view = ProgressView(project, self.tasks, self.window.theme, self.screen.window())
        self.progress_view.refresh()
        self.progress_view.show()
        self.progress_view.raise_()

    # ------------------------------------------------------------------ changes heard and edits made

    def _edited(self, changes: Changes) -> None:
        coder = self.screen.controller.coder
        for ref, version in changes.set_versions.items():
            if ref.coder == coder:
                self._own.add((ref.article_id, version))
        if changes.status is not None and self.progress_view is not None:
            self.progress_view.refresh_soon()  # (on a server the notification would say so too)

    def heard(self, changes: list[Change]) -> None:
        from annotator.services.live import Disconnected, Reconnected, SetChanged, TableChanged

        c = self.screen.controller
        if c.project is None:
            return
        queue = progress = False
        for change in changes:
            if isinstance(change, Disconnected):
                self.banner.lost(change.reason)
            elif isinstance(change, Reconnected):
                self._back("Connected to the server again; the view was read again.")
            elif isinstance(change, SetChanged):
                progress = True
                self.screen.articles.model.refresh(change.article_id)
                # (Not known yet, before the coder's first edit made their row: read it again, harmlessly.)
                mine = self.info is None or self.info.coder_id in (None, change.coder_id)
                open_here = c.doc is not None and c.doc.id == change.article_id
                if mine and open_here and (change.article_id, change.version) not in self._own:
                    c.open_article(change.article_id)
                    self.window.statusBar().showMessage(
                        "This article was changed elsewhere (another window, or a reviewer): "
                        "it shows what is stored now.",
                        8000,
                    )
                if mine:
                    c.refresh_progress()
            elif isinstance(change, TableChanged):
                if change.table in QUEUE_TABLES:
                    queue = True
                elif change.table == "articles":
                    self.screen.project_grew()
                elif change.table == "annotation_sets":
                    progress = True
                    if self.screen.articles.status.currentData() is not None:
                        self.screen.reload_list()
        if queue:
            self.assignments_changed()
        elif progress and self.progress_view is not None:
            self.progress_view.refresh_soon()

    def _edit_lost(self, reason: str) -> None:
        self.banner.lost(reason.split(";")[0].strip())
        self._probe.start()

    def probe(self) -> None:
        """Is the server back? (Asked on the database worker, every ``PROBE_MS`` while the banner shows.)"""
        from annotator.services.live import reachable

        project = self.window.project
        if project is None:
            return

        def answered(ok: bool) -> None:
            if ok:
                self._back("Connected to the server again.")

        self.tasks.run_db(lambda: reachable(project), answered, lambda _exc: None, channel="ping")

    def _back(self, text: str) -> None:
        was = self.banner.isVisible() or self._probe.isActive()
        self._probe.stop()
        self.banner.back()
        if not was:
            return
        c = self.screen.controller
        self.window.statusBar().showMessage(text, 6000)
        # What was missed while away is read again: the open article, the list, the counts.
        if c.doc is not None:
            c.open_article(c.doc.id)
        self.queue.refresh()
        self.screen.reload_list()
        c.refresh_progress()
        if self.progress_view is not None:
            self.progress_view.refresh_soon()
