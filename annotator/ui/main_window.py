"""The main window: a shell of menus, screens and status bar. It does no coding itself.

The window paints before the database is touched: SQLAlchemy, pydantic and the codebook load on
the first turn of the event loop after the first paint (``load``), so the app appears at once.
Each screen brings its own widgets, actions and state (today the coding screen, with its
``CodingController``; review and project screens come later); the window places their actions in
its menus, shows one screen at a time, and says in the status bar what they report.
"""

from __future__ import annotations

import gc
import os
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QUndoGroup
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QStackedWidget

from annotator.ui.coding.screen import CodingScreen
from annotator.ui.common import shortcuts as keys
from annotator.ui.common.settings import Settings
from annotator.ui.common.shortcuts import make_action
from annotator.ui.common.tasks import TaskRunner
from annotator.ui.common.theme import Theme, apply_theme, resolve

if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtGui import QCloseEvent, QPaintEvent

    from annotator.services.project import Project


MINIMUM_SIZE = (960, 600)


class MainWindow(QMainWindow):
    def __init__(
        self,
        url: str,
        *,
        codebook: str | Path | None = None,
        settings: Settings | None = None,
        synchronous: bool = False,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        # Every pane stays usable down to this (the panes' own minimums are in the coding screen).
        self.setMinimumSize(*MINIMUM_SIZE)
        self.url = url
        self._codebook_path = codebook
        self.settings = settings or Settings()
        self.tasks = TaskRunner(synchronous=synchronous, parent=self)
        self.undo_group = QUndoGroup(self)
        self.project: Project | None = None
        self._load_scheduled = False
        self.theme = resolve(self.settings.theme)
        self.coding = CodingScreen(self.settings, self.tasks, self.undo_group, f"Opening {self._short_url()}…")
        self.screens = QStackedWidget()
        self.screens.addWidget(self.coding)  # review and project screens join here
        self.setCentralWidget(self.screens)
        self._build_status_bar()
        self._build_menus()
        self.addToolBar(self.coding.labels_bar)
        self._connect()
        self._restore_layout()
        self._update_title()

    # ------------------------------------------------------------------ building

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.saved_label = QLabel("")
        self.saved_label.setObjectName("saved")
        self.progress_label = QLabel("")
        self.coder_label = QLabel("")
        self.coder_label.setObjectName("muted")
        bar.addPermanentWidget(self.saved_label)
        bar.addPermanentWidget(self.progress_label)
        bar.addPermanentWidget(self.coder_label)

    def _build_menus(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        for action in (
            make_action(self, "Coder name…", self.ask_coder),
            make_action(self, "Export…", self.show_export, keys.EXPORT),
            None,
            make_action(self, "Quit", self.close, keys.QUIT),
        ):
            self._place(file_menu, action)
        edit = menu.addMenu("&Edit")
        self.undo_action = self.undo_group.createUndoAction(self, "Undo")
        self.undo_action.setShortcuts([QKeySequence(keys.UNDO)])
        self.redo_action = self.undo_group.createRedoAction(self, "Redo")
        self.redo_action.setShortcuts([QKeySequence(keys.REDO), QKeySequence(keys.REDO_ALT)])
        for action in (self.undo_action, self.redo_action):
            self._place(edit, action)
        self.coding.set_edit_actions(self.undo_action, self.redo_action)
        for title, actions in self.coding.menus.items():
            screen_menu = menu.addMenu(title)
            if title == "&View":
                theme_menu = screen_menu.addMenu("Theme")
                group = QActionGroup(self)
                for name, text in (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark")):
                    theme = QAction(text, self, checkable=True)
                    theme.setChecked(self.settings.theme == name)
                    theme.triggered.connect(lambda _c=False, n=name: self.set_theme(n))
                    group.addAction(theme)
                    theme_menu.addAction(theme)
            for action in actions:
                self._place(screen_menu, action)

    def _place(self, menu: object, action: QAction | None) -> None:
        from PySide6.QtWidgets import QMenu

        assert isinstance(menu, QMenu)
        if action is None:
            menu.addSeparator()
            return
        menu.addAction(action)
        self.addAction(action)  # shortcuts work even where the menu bar is hidden

    def _connect(self) -> None:
        c = self.coding.controller
        c.problem.connect(self._problem)
        c.fieldProblem.connect(self._field_problem)
        c.saved.connect(self._saved)
        c.waiting.connect(self._waiting)
        c.progressChanged.connect(lambda done, total: self.progress_label.setText(f"Done {done:,} / {total:,}"))
        self.coding.message.connect(self._message)
        self.coding.retract.connect(self._retract)
        self.tasks.failed.connect(lambda exc: self._problem(f"Could not read the database: {exc}"))

    # ------------------------------------------------------------------ start-up

    def paintEvent(self, e: QPaintEvent) -> None:
        super().paintEvent(e)
        if not self._load_scheduled:
            # Load the project only once the window has been painted: the app shows at once.
            self._load_scheduled = True
            QTimer.singleShot(0, self.load)

    def load(self) -> None:
        """Open the project and the last article (imports SQLAlchemy and the codebook)."""
        if self.project is not None:
            return
        self._load_scheduled = True
        from annotator.domain.errors import UserError
        from annotator.services.project import open_project

        try:
            self.project = open_project(self.url, codebook=self._codebook_path)
        except UserError as exc:
            self.coding.show_failure(f"Cannot open the database:\n{exc}")
            self.statusBar().showMessage(str(exc))
            return
        self.coding.attach(self.project, self.settings.coder)
        self.apply_theme(self.theme)
        self._update_title()
        self._saved()
        # The libraries loaded at start-up (SQLAlchemy, pydantic, the codebook, Qt wrappers) live
        # as long as the app: keep them out of the cycle collector, whose full passes over them
        # would otherwise pause the window for tens of milliseconds at random moments.
        gc.freeze()

    # ------------------------------------------------------------------ the status bar

    def _saved(self) -> None:
        self.saved_label.setObjectName("saved")
        self.saved_label.setText("✓ All changes saved")
        self.saved_label.setStyleSheet("")

    def _message(self, text: str, timeout: int) -> None:
        self.statusBar().showMessage(text, timeout)

    def _retract(self, text: str) -> None:
        if self.statusBar().currentMessage() == text:
            self.statusBar().clearMessage()

    def _problem(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)

    def _field_problem(self, name: str, _reason: str) -> None:
        self.saved_label.setObjectName("unsaved")
        self.saved_label.setText(f"Not saved: {name.replace('_', ' ')}")
        self.saved_label.setStyleSheet(f"color: {self.theme.error};")

    def _waiting(self, message: str) -> None:
        # The commit is about to wait on the GUI thread: paint the words now, not after the wait.
        self.statusBar().showMessage(message, 8000)
        self.statusBar().repaint()

    def _update_title(self) -> None:
        coder = self.settings.coder
        db = os.path.basename(self.url.split("///", 1)[-1]) if self.url.startswith("sqlite") else self._short_url()
        self.setWindowTitle(f"Annotator — coding as {coder} — {db}")
        self.coder_label.setText(f"Coder: {coder}")

    def _short_url(self) -> str:
        if "@" in self.url:
            return self.url.split("@", 1)[-1]
        return self.url.rsplit("/", 1)[-1]

    # ------------------------------------------------------------------ commands of the window

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, theme)
        self.coding.set_theme(theme)
        if self.saved_label.objectName() == "unsaved":
            self.saved_label.setStyleSheet(f"color: {theme.error};")

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
        self.coding.controller.set_coder(name)
        self._update_title()

    # ------------------------------------------------------------------ window state

    def _restore_layout(self) -> None:
        geometry = self.settings.bytes("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1440, 900)
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
        # Every edit is already committed; only the layout is left to remember.
        self.save_layout()
        self.tasks.close()
        self.coding.controller.close()
        if self.project is not None:
            self.project.close()
            self.project = None
        super().closeEvent(e)
