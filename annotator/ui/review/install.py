"""Review → Review articles: the menu entry and the review window, kept out of the main window.

``install_review(window)`` adds the menu and returns what opens the review window on the window's
project, as the window's coder (the reviewer), with the window's task runner and theme.
"""

from __future__ import annotations

from typing import Protocol, cast

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from annotator.services.project import Project
from annotator.ui.common.tasks import TaskRunner
from annotator.ui.common.theme import Theme
from annotator.ui.review.screen import ReviewScreen


class _Host(Protocol):
    """What the review needs of the main window (named here, not imported: the window imports us)."""

    project: Project | None
    tasks: TaskRunner
    theme: Theme

    @property
    def coder(self) -> str: ...


OPEN_REVIEW = "Ctrl+Shift+R"


class ReviewWindow(QMainWindow):
    def __init__(self, screen: ReviewScreen, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewWindow")
        self.screen_widget = screen
        self.setCentralWidget(screen)
        self.setWindowTitle(f"Annotator — review as {screen.reviewer}")
        screen.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.resize(1366, 768)


class ReviewInstall:
    def __init__(self, window: QMainWindow) -> None:
        self.qt_window = window
        self.window = cast(_Host, window)
        self.review: ReviewWindow | None = None
        menu = window.menuBar().addMenu("&Review")
        self.action = QAction("Review articles…", window)
        self.action.setShortcut(QKeySequence(OPEN_REVIEW))
        self.action.triggered.connect(self.open)
        menu.addAction(self.action)
        window.addAction(self.action)

    def open(self) -> ReviewWindow | None:
        window = self.window
        if window.project is None:
            QMessageBox.information(self.qt_window, "Review articles", "Open a project first.")
            return None
        if self.review is None or self.review.screen_widget.project is not window.project:
            screen = ReviewScreen(window.project, window.coder, window.tasks)
            screen.set_theme(window.theme)
            self.review = ReviewWindow(screen, self.qt_window)
        self.review.screen_widget.load_queue()
        self.review.show()
        self.review.raise_()
        return self.review

    def open_on_load(self) -> None:
        """``annotator review``: open the review window once the project is open."""

        def attempt(tries: int = 100) -> None:
            if self.window.project is not None:
                self.open()
            elif tries:
                QTimer.singleShot(100, lambda: attempt(tries - 1))

        QTimer.singleShot(0, attempt)


def install_review(window: QMainWindow) -> ReviewInstall:
    return ReviewInstall(window)
