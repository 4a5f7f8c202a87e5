"""File > Add places to the gazetteer…: ``annotator gazetteer add`` from the window, with progress
and Cancel (issue #13, point 2).

The bundled gazetteer holds towns; the villages a project's events happen in come from a GeoNames
country extract the lead downloads once (``XX.zip`` or ``XX.txt``) or from a CSV of places. The
whole file is one transaction (``services.gazetteer.add_places``): a malformed line is refused
with its number and nothing is added, and Cancel rolls back what was read. On a team server the
places are the team's. The suggestion engine notices the new places (they change
``learning_stamp``) and reads them for the next articles it is asked about.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QMainWindow

from annotator.ui.common.long_job import LongJob

if TYPE_CHECKING:
    from annotator.services.gazetteer import AddReport
    from annotator.ui.common.tasks import TaskRunner

FILE_FILTER = "GeoNames country extracts (*.zip *.txt);;CSV of places (*.csv);;All files (*)"
CANCELLED = "Adding places cancelled: nothing was added."
# What the outcome says of when the new places are used (the open article's suggestions and place
# search are read again with them: CodingScreen.places_added).
WHEN_USED = "Suggestions and the place search (Ctrl+G) use them from now on."


class PlacesAdder(LongJob):
    """Adds the places of a file chosen in a dialog to the open project's gazetteer."""

    added = Signal(int)  # an addition ended; how many places it added (0: none, or it failed)

    def __init__(self, window: QMainWindow, tasks: TaskRunner) -> None:
        super().__init__(window, tasks, kind="places", title="Add places", unit="places")
        self.report: AddReport | None = None

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self.window, "Add places to the gazetteer", self._folder(), FILE_FILTER)
        if name:
            self._remember(Path(name).parent)
            self.start(Path(name))

    def start(self, path: Path) -> None:
        """Add the places of ``path`` to the open project's gazetteer."""
        from annotator.services.gazetteer import add_places

        project = self._project("Open or create a project first: places are added to the open project.")
        if project is None:
            return
        self.report = None
        self._run(
            lambda progress: add_places(project, path, progress=progress),
            first_words=f"Reading {path.name}…",
            name="annotator-add-places",
            done=self._succeeded,
            failed=self._failed,
        )

    def _succeeded(self, report: AddReport) -> None:
        self.report = report
        self._say(f"{report.summary()} {WHEN_USED}")
        self.added.emit(report.added)

    def _failed(self, exc: BaseException) -> None:
        self._say_failure(exc, nothing="No places were added", cancelled=CANCELLED, doing="reading the file")
        self.added.emit(0)
