"""Start the app: the window first, then the database (which imports SQLAlchemy) right after."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.ui.display import ensure_display, ensure_xcb_libraries

if TYPE_CHECKING:
    from annotator.ui.common.settings import Settings


def launch(
    url: str | None, *, codebook: str | Path | None = None, coder: str | None = None, review: bool = False
) -> int:
    """Open the window on ``url`` (None: the project opened last, else the start page); ``coder``
    codes as that name for this run only (the demo's coder); ``review`` opens the review screen too."""
    ensure_display()
    ensure_xcb_libraries()
    from PySide6.QtWidgets import QApplication

    from annotator.ui.common.theme import apply_theme
    from annotator.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Annotator")
    app.setOrganizationName("annotator")
    _set_icon(app)
    settings = session_settings(coder)
    window = MainWindow(url or last_project(settings), codebook=codebook, settings=settings)
    apply_theme(app, window.theme)
    _follow_system_theme(app, window)
    window.show()
    if review:
        window.review.open_on_load()
    return int(app.exec())


def _set_icon(app: object) -> None:
    """The window's icon, and the name of the .desktop file (packaging/linux) that Wayland
    desktops match the window to."""
    from PySide6.QtGui import QGuiApplication, QIcon

    from annotator.resources import resource_path

    assert isinstance(app, QGuiApplication)
    icon = resource_path("icons", "annotator.png")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    app.setDesktopFileName("io.github.annotator.Annotator")


def last_project(settings: Settings) -> str | None:
    """The project to open when none is named: the one opened last. None: the window tries the file
    in the user's data folder, else shows the start page (see ``MainWindow.load``)."""
    recent = settings.recent_projects()
    return recent[0] if recent else None


def _follow_system_theme(app: object, window: object) -> None:
    """Switch theme live when the system does, unless the coder picked one."""
    from PySide6.QtGui import QGuiApplication

    from annotator.ui.common.theme import resolve
    from annotator.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)

    def changed(_scheme: object) -> None:
        if window.settings.theme == "system":
            window.apply_theme(resolve("system"))

    QGuiApplication.styleHints().colorSchemeChanged.connect(changed)


def session_settings(coder: str | None = None, path: str | None = None) -> Settings:
    """The user's settings; with ``coder``, coding as that name for this run without storing it.

    The demo codes as the samples' coder, but the name the user codes their own projects under
    must not change because they looked at the demo."""
    from annotator.ui.common.settings import Settings

    if coder is None:
        return Settings(path)

    class SessionCoder(Settings):
        def __init__(self, name: str) -> None:
            super().__init__(path)
            self._session_coder = name

        @property
        def coder(self) -> str:
            return self._session_coder

        @coder.setter
        def coder(self, name: str) -> None:
            self._session_coder = name.strip() or self._session_coder

    return SessionCoder(coder)
