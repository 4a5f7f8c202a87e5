"""File dialogs for projects: where a new project goes, which one to open. The folder used last
is remembered."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from annotator.ui.common.settings import Settings

DB_FILTER = "Annotator projects (*.db *.sqlite *.sqlite3);;All files (*)"


def _start_folder(settings: Settings) -> str:
    folder = settings.text("projects/folder")
    if folder and Path(folder).is_dir():
        return folder
    from annotator.store.engine import data_dir

    return str(data_dir()) if data_dir().is_dir() else str(Path.home())


def _remember(settings: Settings, path: Path) -> None:
    settings.set("projects/folder", str(path.parent))


def choose_new_project(parent: QWidget, settings: Settings) -> Path | None:
    """Ask where the new project's file goes. An existing file is not overwritten: the project
    service refuses it with a message, so the dialog does not ask to replace it."""
    name, _ = QFileDialog.getSaveFileName(
        parent,
        "New project",
        str(Path(_start_folder(settings)) / "events.db"),
        DB_FILTER,
        options=QFileDialog.Option.DontConfirmOverwrite,
    )
    if not name:
        return None
    path = Path(name)
    if not path.suffix:
        path = path.with_suffix(".db")
    _remember(settings, path)
    return path


def choose_existing_project(parent: QWidget, settings: Settings) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, "Open project", _start_folder(settings), DB_FILTER)
    if not name:
        return None
    path = Path(name)
    _remember(settings, path)
    return path
