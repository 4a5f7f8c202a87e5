"""The Review menu, placed in the window's menu bar by the shell (it holds no review logic itself)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, cast

from annotator.ui.common import shortcuts as keys
from annotator.ui.common.shortcuts import make_action

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMainWindow, QMenuBar

    from annotator.services.project import Project
    from annotator.ui.common.tasks import TaskRunner
    from annotator.ui.common.theme import Theme
    from annotator.ui.review.agreement_view import AgreementWindow


class CodingHost(Protocol):
    def enter_article(self, article_id: int) -> None: ...


class ReviewHost(Protocol):
    """What the menu needs of the window (a Protocol: the window imports this module, not the reverse)."""

    project: Project | None
    tasks: TaskRunner
    theme: Theme
    coding: CodingHost


class ReviewMenu:
    """Review > Agreement…: one agreement window per project, raised again when asked twice."""

    def __init__(self, window: QMainWindow, bar: QMenuBar) -> None:
        self.window = window
        self.host = cast("ReviewHost", window)
        self.agreement: AgreementWindow | None = None
        menu = bar.addMenu("&Review")
        self.agreement_action = make_action(window, "Agreement…", self.show_agreement, keys.AGREEMENT)
        menu.addAction(self.agreement_action)
        window.addAction(self.agreement_action)  # the shortcut works where the menu bar is hidden

    @property
    def actions(self) -> tuple[QAction, ...]:
        """The actions that need an open project (the shell enables them with the project)."""
        return (self.agreement_action,)

    def show_agreement(self) -> None:
        from annotator.ui.review.agreement_view import AgreementWindow

        project = self.host.project
        if project is None:
            self._say("Open a project first: agreement is measured within a project.")
            return
        if self.agreement is None or self.agreement.project is not project:
            if self.agreement is not None:
                self.agreement.close()
            dark = self.host.theme.name == "dark"
            self.agreement = AgreementWindow(project, self.host.tasks, self.window, dark=dark)
            self.agreement.open_article.connect(self.open_article)
            self.agreement.load_batches()
        self.agreement.show()
        self.agreement.raise_()
        self.agreement.activateWindow()

    def open_article(self, external_id: str) -> None:
        """Open an article of the report in the coding screen (until the review screen takes it over)."""
        from annotator.services.assignment import article_id

        project = self.host.project
        if project is None:
            return
        self.host.tasks.run_db(
            lambda: article_id(project, external_id),
            self.host.coding.enter_article,
            lambda exc: self._say(str(exc)),
        )

    def _say(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 8000)
