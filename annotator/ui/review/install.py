"""The Review menu and the windows behind it, kept out of the main window.

Review → Review articles… (Ctrl+Shift+R) opens the review window on the window's project, as the
window's coder (the reviewer); Review → Agreement… (Ctrl+Shift+A) opens the agreement report. An
article chosen in the report opens in the review window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, cast

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMainWindow, QMenuBar, QMessageBox, QWidget

from annotator.ui.common import shortcuts as keys
from annotator.ui.common.shortcuts import make_action
from annotator.ui.common.window_size import fit_to_screen

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from annotator.services.project import Project
    from annotator.ui.common.tasks import TaskRunner
    from annotator.ui.common.theme import Theme
    from annotator.ui.review.agreement_view import AgreementWindow
    from annotator.ui.review.screen import ReviewScreen


class ReviewHost(Protocol):
    """What the review needs of the main window (named here, not imported: the window imports us)."""

    project: Project | None
    tasks: TaskRunner
    theme: Theme

    @property
    def coder(self) -> str: ...


class ReviewWindow(QMainWindow):
    def __init__(self, screen: ReviewScreen, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewWindow")
        self.screen_widget = screen
        self.setCentralWidget(screen)
        self.setWindowTitle(f"Annotator — review as {screen.reviewer}")
        fit_to_screen(self, 1366, 768)


class ReviewMenu:
    """Review → Review articles… and Agreement…: one window of each per project, raised when asked again."""

    def __init__(self, window: QMainWindow, bar: QMenuBar) -> None:
        self.qt_window = window
        self.window = cast("ReviewHost", window)
        self.review: ReviewWindow | None = None
        self.agreement: AgreementWindow | None = None
        menu = bar.addMenu("&Review")
        self.action = make_action(window, "Review articles…", self.open, keys.REVIEW)
        self.agreement_action = make_action(window, "Agreement…", self.show_agreement, keys.AGREEMENT)
        for action in (self.action, self.agreement_action):
            menu.addAction(action)
            window.addAction(action)  # the shortcut works where the menu bar is hidden

    @property
    def actions(self) -> tuple[QAction, ...]:
        """The actions that need an open project (the shell enables them with the project)."""
        return (self.action, self.agreement_action)

    def set_theme(self, theme: Theme) -> None:
        """View → Theme: the open review and agreement windows follow, as the coding screen does."""
        if self.review is not None:
            self.review.screen_widget.set_theme(theme)
        if self.agreement is not None:
            self.agreement.set_dark(theme.dark)

    # ---- review

    def open(self) -> ReviewWindow | None:
        from annotator.ui.review.screen import ReviewScreen

        project = self.window.project
        if project is None:
            QMessageBox.information(self.qt_window, "Review articles", "Open a project first.")
            return None
        if self.review is None or self.review.screen_widget.project is not project:
            screen = ReviewScreen(project, self.window.coder, self.window.tasks)
            screen.set_theme(self.window.theme)
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

    # ---- agreement

    def show_agreement(self) -> None:
        from annotator.ui.review.agreement_view import AgreementWindow

        project = self.window.project
        if project is None:
            self._say("Open a project first: agreement is measured within a project.")
            return
        if self.agreement is None or self.agreement.project is not project:
            if self.agreement is not None:
                self.agreement.close()
            dark = self.window.theme.name == "dark"
            self.agreement = AgreementWindow(project, self.window.tasks, self.qt_window, dark=dark)
            self.agreement.open_article.connect(self.open_article)
            self.agreement.load_batches()
        self.agreement.show()
        self.agreement.raise_()
        self.agreement.activateWindow()

    def open_article(self, external_id: str) -> None:
        """An article chosen in the agreement report: open it in the review window."""
        from annotator.services.assignment import article_id

        project = self.window.project
        review = self.open()
        if project is None or review is None:
            return
        self.window.tasks.run_db(
            lambda: article_id(project, external_id),
            review.screen_widget.open_article,
            lambda exc: self._say(str(exc)),
        )

    def _say(self, text: str) -> None:
        self.qt_window.statusBar().showMessage(text, 8000)
