"""The main window: a shell of menus, screens and status bar. It does no coding itself.

The window paints before the project is open: once it has been painted, the project opens on
the database worker (importing SQLAlchemy, pydantic and the codebook there, ``load``), so the
app appears at once and stays responsive while a server is slow to answer.
File > New project…, Open project…, Connect to server… and Recent projects switch the project:
the coding screen lets go of the old one (``detach``: its undo stacks go, after a warning) and
takes the new one (``attach``). With no project (a first start), the start page shows.
Each screen brings its own widgets, actions and state (today the coding screen, with its
``CodingController``; review and project screens come later); the window places their actions in
its menus, shows one screen at a time, and says in the status bar what they report.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QKeySequence, QUndoGroup
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QStackedWidget

from annotator.ui.coding.screen import CodingScreen
from annotator.ui.common import shortcuts as keys
from annotator.ui.common.settings import Settings
from annotator.ui.common.status_line import StatusLine
from annotator.ui.common.tasks import TaskRunner
from annotator.ui.common.theme import Theme, add_theme_menu, apply_theme, resolve
from annotator.ui.common.window_size import fit_to_screen
from annotator.ui.project.confirm import confirm_close_with_unsaved
from annotator.ui.project.file_menu import FileMenu
from annotator.ui.project.importing import Importer
from annotator.ui.project.opener import ProjectOpener
from annotator.ui.project.places import PlacesAdder
from annotator.ui.project.recent import project_label
from annotator.ui.team.install import TeamFeatures

if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtGui import QCloseEvent, QPaintEvent

    from annotator.services.project import Project


MINIMUM_SIZE = (960, 600)


class MainWindow(QMainWindow):
    def __init__(
        self,
        url: str | None,
        *,
        codebook: str | Path | None = None,
        settings: Settings | None = None,
        synchronous: bool = False,
        password: str | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        # Every pane stays usable down to this (the panes' own minimums are in the coding screen).
        self.setMinimumSize(*MINIMUM_SIZE)
        self.url = url  # the project open (or opening); None: none, the start page shows
        self._password = password  # a server's password for the first open, given apart from the URL
        self._codebook_path = codebook
        self.settings = settings or Settings()
        self.tasks = TaskRunner(synchronous=synchronous, parent=self)
        self.undo_group = QUndoGroup(self)
        self.project: Project | None = None
        self._load_scheduled = False
        self._frozen = False
        self._gc_paused = False
        self.theme = resolve(self.settings.theme)
        opening = f"Opening {project_label(url)}…" if url else ""
        self.coding = CodingScreen(self.settings, self.tasks, self.undo_group, opening)
        self.importer = Importer(self, self.tasks)
        self.places = PlacesAdder(self, self.tasks)
        self.screens = QStackedWidget()
        self.screens.addWidget(self.coding)  # review screens join here
        self.setCentralWidget(self.screens)
        self.status = StatusLine(self.statusBar(), self.coding.unsaved_text, self.theme)
        self.projects = ProjectOpener(self, self, self.screens, self.settings, self.tasks, codebook)
        self._build_menus()
        self.addToolBar(self.coding.labels_bar)
        self._connect()
        self.team = TeamFeatures(self, self)  # queue, Project > Assign…, View > Progress, live changes
        self._restore_layout()
        self._update_title()
        if not synchronous:
            # Start-up allocates hundreds of thousands of long-lived objects (modules, classes, the
            # codebook): the cycle collector's passes over them cost a fifth of the import time and
            # free nothing. Off until the project is open, then those objects are frozen (``opened``).
            self._gc_paused = gc.isenabled()
            gc.disable()

    # ------------------------------------------------------------------ building

    def _build_menus(self) -> None:
        menu = self.menuBar()
        self.file_menu = FileMenu(
            self,
            self.settings,
            self.projects,
            self.importer,
            self.places,
            export=self.show_export,
            ask_coder=self.ask_coder,
        )
        self._project_actions: tuple[QAction, ...] = self.file_menu.project_actions
        edit = menu.addMenu("&Edit")
        self.undo_action = self.undo_group.createUndoAction(self, "Undo")
        self.undo_action.setShortcuts([QKeySequence(keys.UNDO)])
        self.redo_action = self.undo_group.createRedoAction(self, "Redo")
        self.redo_action.setShortcuts([QKeySequence(keys.REDO), QKeySequence(keys.REDO_ALT)])
        for edit_action in (self.undo_action, self.redo_action):
            self._place(edit, edit_action)
        self.coding.set_edit_actions(self.undo_action, self.redo_action)
        for title, actions in self.coding.menus.items():
            screen_menu = menu.addMenu(title)
            if title == "&View":
                add_theme_menu(screen_menu, self.settings.theme, self.set_theme)
            for action in actions:
                self._place(screen_menu, action)
        from annotator.ui.review.install import ReviewMenu

        self.review = ReviewMenu(self, menu)
        self._project_actions += self.review.actions

    def _place(self, menu: QMenu, action: QAction | None) -> None:
        if action is None:
            menu.addSeparator()
            return
        menu.addAction(action)
        self.addAction(action)  # shortcuts work even where the menu bar is hidden

    def _connect(self) -> None:
        c = self.coding.controller
        status = self.status
        c.problem.connect(status.message)
        c.fieldProblem.connect(status.field_problem)
        c.saved.connect(status.saved)
        c.waiting.connect(status.waiting)
        c.progressChanged.connect(status.progress)
        self.importer.imported.connect(self._imported)
        self.places.added.connect(self.coding.places_added)
        self.coding.message.connect(status.message)
        self.coding.unsavedChanged.connect(lambda _text: status.saved())
        self.coding.retract.connect(status.retract)
        self.tasks.failed.connect(lambda exc: status.message(f"Could not read the database: {exc}"))

    # ------------------------------------------------------------------ start-up

    def paintEvent(self, e: QPaintEvent) -> None:
        super().paintEvent(e)
        if not self._load_scheduled:
            # Open the project once the window has been painted. (Opening it from the start, on the
            # worker, measured no sooner ready and a later first paint: the two threads contend
            # for Python's lock.)
            self._load_scheduled = True
            QTimer.singleShot(0, self.load)

    def load(self) -> None:
        """Open the project given at start (on the database worker), or show the start page."""
        if self.project is not None:
            return
        self._load_scheduled = True
        self._enable_project_actions(False)
        url, password = self.url, self._password
        self._password = None
        if url is None:
            # None named: the file in the user's data folder, if an earlier version made one there;
            # else (a first start) the start page, with nothing to complain about.
            self.projects.open("", lambda: self.projects.open_existing(None), quiet=True)
            return
        self.projects.open(url, lambda: self.projects.open_existing(url, password))

    # ------------------------------------------------------------------ projects

    @property
    def coder(self) -> str:
        """Who codes: on a server the database login (the identity), else the name in the settings."""
        if self.project is not None and self.project.login:
            return self.project.login
        return self.settings.coder

    def opened(self, project: Project) -> None:
        old = self.project
        if old is not None:
            self.coding.detach()
            old.close()
        self.project = project
        self.url = project.url
        self.statusBar().clearMessage()
        self.screens.setCurrentWidget(self.coding)
        self.coding.attach(project, self.coder)
        self.settings.add_recent(project.url)
        self._enable_project_actions(True)
        if not self._frozen:
            self.apply_theme(self.theme)
        self._update_title()
        self.status.saved()
        if not self._frozen:
            # The libraries loaded at start-up (SQLAlchemy, pydantic, the codebook, Qt wrappers)
            # live as long as the app: keep them out of the cycle collector, whose full passes
            # over them would otherwise pause the window for tens of milliseconds at random moments.
            self._frozen = True
            gc.freeze()
        self._resume_gc()

    def open_failed(self) -> None:
        self._resume_gc()
        self._update_title()

    def undo_history(self) -> int:
        return self.coding.controller.undo_history()

    def _resume_gc(self) -> None:
        if self._gc_paused:
            self._gc_paused = False
            gc.enable()

    def _enable_project_actions(self, on: bool) -> None:
        for action in self._project_actions:
            action.setEnabled(on)

    def _imported(self, added: int) -> None:
        if added:
            self.coding.project_grew()

    # ------------------------------------------------------------------ the title

    def _update_title(self) -> None:
        coder = self.coder
        if self.project is None:
            self.setWindowTitle("Annotator")
            self.status.coder("")
            return
        self.setWindowTitle(f"Annotator — coding as {coder} — {project_label(self.project.url)}")
        self.status.coder(coder)
        on_server = bool(self.project.login)
        self.file_menu.coder_action.setEnabled(not on_server)
        self.file_menu.coder_action.setToolTip(
            f"On a server you code as your login ({coder}): connect with another login to code as someone else."
            if on_server
            else "Code under another name (each coder has their own annotations)"
        )

    # ------------------------------------------------------------------ commands of the window

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, theme)
        self.coding.set_theme(theme)
        self.status.set_theme(theme)
        self.review.set_theme(theme)

    def set_theme(self, choice: str) -> None:
        self.settings.set("view/theme", choice)
        self.apply_theme(resolve(choice))

    def show_export(self) -> None:
        """File > Export…: the dataset exports, as long work on the task runner (annotator.ui.export.dialog)."""
        if self.project is None:
            self.statusBar().showMessage("The database is not open yet.", 4000)
            return
        from PySide6.QtCore import Qt

        from annotator.ui.export.dialog import ExportDialog

        dialog = ExportDialog(self.project, self.settings, self, tasks=self.tasks)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def ask_coder(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        from annotator.ui.project.confirm import confirm_forget_undo

        name, ok = QInputDialog.getText(self, "Coder name", "Code as:", text=self.settings.coder)
        if not ok or not name.strip() or name.strip() == self.settings.coder:
            return
        if confirm_forget_undo(self, "Switching coder", self.coding.controller.undo_history(), "Switch coder"):
            self.set_coder(name.strip())

    def set_coder(self, name: str) -> None:
        self.settings.coder = name
        if self.project is not None and self.project.login:
            return  # on a server the login is who codes
        self.coding.controller.set_coder(name)
        self._update_title()

    # ------------------------------------------------------------------ window state

    def _restore_layout(self) -> None:
        geometry = self.settings.bytes("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            fit_to_screen(self, 1440, 900)
        state = self.settings.bytes("window/state")
        if state is not None:
            self.restoreState(state)
        self.coding.restore_layout()

    def save_layout(self) -> None:
        self.settings.set("window/geometry", self.saveGeometry())
        self.settings.set("window/state", self.saveState())
        self.coding.save_layout()
        self.settings.sync()

    def closeEvent(self, e: QCloseEvent) -> None:
        # Every edit is already committed (what is typed is sent now); only the layout is left to
        # remember, unless the form shows text the database refused: then the coder decides
        # (tests and screenshots, on the synchronous runner, are never asked).
        self.coding.flush()
        unsaved = self.coding.unsaved_text()
        if unsaved and not self.tasks.synchronous and not confirm_close_with_unsaved(self, unsaved):
            e.ignore()
            return
        self._resume_gc()
        if self.importer.running:
            self.importer.cancel()  # the import is rolled back; the window closes once it has stopped
            self.importer.wait(10)
        self.save_layout()
        self.team.close()
        self.tasks.close()
        self.coding.controller.close()
        if self.project is not None:
            self.project.close()
            self.project = None
        super().closeEvent(e)
