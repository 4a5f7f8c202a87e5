"""Start the app: the window first, then the database (which imports SQLAlchemy) right after."""

from __future__ import annotations

from pathlib import Path

from annotator.ui.display import ensure_display


def launch(url: str, *, codebook: str | Path | None = None) -> int:
    ensure_display()
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication.instance() or QApplication([])
    window = QMainWindow()
    window.setWindowTitle("Annotator")
    label = QLabel(f"Opening {url}…")
    window.setCentralWidget(label)
    window.resize(1200, 800)
    window.show()

    def load() -> None:
        from annotator.services.catalogue import list_articles
        from annotator.services.project import open_project

        project = open_project(url, codebook=codebook)
        rows = list_articles(project)
        label.setText("\n".join(f"{r.status:<12} {r.title}" for r in rows) or "No articles yet.")

    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, load)
    return int(app.exec())
