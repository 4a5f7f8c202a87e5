"""Start the app: the window first, then the database (which imports SQLAlchemy) right after."""

from __future__ import annotations

import sys
from pathlib import Path

from annotator.ui.display import ensure_display


def launch(url: str, *, codebook: str | Path | None = None) -> int:
    ensure_display()
    from PySide6.QtWidgets import QApplication

    from annotator.ui.common.theme import apply_theme
    from annotator.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Annotator")
    app.setOrganizationName("annotator")
    window = MainWindow(url, codebook=codebook)
    apply_theme(app, window.theme)
    _follow_system_theme(app, window)
    window.show()
    return int(app.exec())


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
