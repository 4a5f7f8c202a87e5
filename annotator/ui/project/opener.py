"""Which project the window has open: File > New project…, Open project…, Connect to server…, Recent
projects and the start page.

A project opens on the database worker and the window stays as it is until it is open; then the
window's ``opened`` takes it (the coding screen lets go of the old one). Leaving a project that has
undo history asks first. A failure says why: on the start page when nothing is open, in a message
box otherwise; a server that wants a password gets the connect dialog with the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QMainWindow, QStackedWidget

from annotator.ui.project.recent import project_label

if TYPE_CHECKING:
    from annotator.services.project import Project
    from annotator.ui.common.settings import Settings
    from annotator.ui.common.tasks import TaskRunner
    from annotator.ui.project.start_page import StartPage


def _warm_imports() -> None:
    """Import, on the database worker while a project opens, the modules the coding screen loads
    when it attaches to it, so the GUI thread does not spend a third of a second on them then."""
    import annotator.services.annotate
    import annotator.services.queue
    import annotator.services.workspace
    import annotator.ui.coding.event_panel
    import annotator.ui.coding.session  # noqa: F401


class Host(Protocol):
    """What the opener needs of the window."""

    project: Project | None
    url: str | None

    def opened(self, project: Project) -> None: ...

    def undo_history(self) -> int: ...

    def open_failed(self) -> None: ...


class ProjectOpener:
    def __init__(
        self,
        window: QMainWindow,
        host: Host,
        screens: QStackedWidget,
        settings: Settings,
        tasks: TaskRunner,
        codebook: str | Path | None,
    ) -> None:
        self.window = window
        self.host = host
        self.screens = screens
        self.settings = settings
        self.tasks = tasks
        self.codebook = codebook
        self.start_page: StartPage | None = None  # made when first shown

    def open_existing(self, url: str | None, password: str | None = None) -> Project:
        from annotator.services.project import open_project

        return open_project(url, codebook=self.codebook, create=False, password=password)

    def open_url(self, url: str, password: str | None = None) -> None:
        """Open an existing project (Recent projects, the start page, Connect to server)."""
        if self.may_leave("Opening another project", "Open project"):
            self.open(url, lambda: self.open_existing(url, password))

    def new_project(self) -> None:
        """File > New project…: a new SQLite file, created with the schema (an existing one is refused)."""
        from annotator.ui.project.dialogs import choose_new_project

        path = choose_new_project(self.window, self.settings)
        if path is None or not self.may_leave("Opening another project", "New project"):
            return
        from annotator.services.project import create_project

        codebook = self.codebook
        self.open(f"sqlite:///{path}", lambda: create_project(path, codebook=codebook))

    def choose_project(self) -> None:
        """File > Open project…: an existing SQLite file."""
        from annotator.ui.project.dialogs import choose_existing_project

        path = choose_existing_project(self.window, self.settings)
        if path is not None:
            self.open_url(f"sqlite:///{path}")

    def connect_to_server(self, url: str | None = None, problem: str | None = None, *, ask: bool = True) -> None:
        """File > Connect to server…: a PostgreSQL database, the password asked apart from the URL."""
        from annotator.ui.project.connect import ConnectDialog

        if ask and not self.may_leave("Opening another project", "Connect"):
            return
        dialog = ConnectDialog(
            self.settings, self.window, url=url, problem=problem, opener=self.open_existing, tasks=self.tasks
        )
        if dialog.exec() and dialog.project is not None:
            self.host.opened(dialog.project)

    def may_leave(self, doing: str, go: str) -> bool:
        """Ask before a project change drops undo history (nothing to ask with none)."""
        from annotator.ui.project.confirm import confirm_forget_undo

        if self.host.project is None:
            return True
        return confirm_forget_undo(self.window, doing, self.host.undo_history(), go)

    def open(self, url: str, opener: Callable[[], Project], *, quiet: bool = False) -> None:
        """Open a project on the database worker; the window stays as it is until it is open.
        ``quiet``: a failure only shows the start page (the default project is not there yet)."""
        if url:
            self.window.statusBar().showMessage(f"Opening {project_label(url)}…")

        def open_and_warm() -> Project:
            project = opener()
            _warm_imports()
            return project

        self.tasks.run_db(
            open_and_warm,
            self.host.opened,
            (lambda _exc: self.failed(url, None)) if quiet else (lambda exc: self.failed(url, exc)),
            channel="project",
        )

    def failed(self, url: str, exc: BaseException | None) -> None:
        from annotator.domain.errors import UserError
        from annotator.store.server import PasswordNeeded

        self.window.statusBar().clearMessage()
        self.host.open_failed()
        if isinstance(exc, PasswordNeeded):
            self.connect_to_server(url, str(exc), ask=False)  # (leaving was asked already)
            return
        if exc is None:
            text = None
        else:
            text = str(exc) if isinstance(exc, UserError) else f"Cannot open {project_label(url)}: {exc}"
        if self.host.project is None:
            self.host.url = None
            self.show_start_page(text)
            self.host.open_failed()  # (the title says no project)
        else:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(self.window, "Cannot open the project", text or "")

    def show_start_page(self, problem: str | None = None) -> None:
        if self.start_page is None:
            from annotator.ui.project.start_page import StartPage

            page = StartPage(self.settings)
            page.newRequested.connect(self.new_project)
            page.openRequested.connect(self.choose_project)
            page.connectRequested.connect(lambda: self.connect_to_server())  # (no arguments from the signal)
            page.recentChosen.connect(self.open_url)
            self.screens.addWidget(page)
            self.start_page = page
        self.start_page.refresh()
        self.start_page.show_problem(problem)
        self.screens.setCurrentWidget(self.start_page)
