"""File > Import… and files dropped on the window: the CLI's import, with progress and Cancel.

The import runs as long work on the task runner (``run_long``) in one transaction
(``services.importing.import_paths``): an error anywhere, or Cancel, rolls everything back, so
the project is exactly as it was. A window-modal progress dialog keeps the coder from editing
while the import holds the database's write lock. The outcome is said in the words of the CLI:
how many articles were added, how many were skipped as already in the project, or the error with
its file, line and field. Nothing of this module's imports is loaded before the first import.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMainWindow

from annotator.ui.common.long_job import LongJob, as_sentence

if TYPE_CHECKING:
    from PySide6.QtCore import QMimeData

    from annotator.services.importing import ImportReport
    from annotator.ui.common.tasks import TaskRunner

# The suffixes of services.importing.SUFFIXES (a test keeps the two in step; that module is not
# imported here so that opening the window does not load the readers).
FILE_FILTER = (
    "Articles (*.jsonl *.csv *.txt *.html *.htm *.pdf *.docx *.ann *.json *.tsv);;"
    "Web pages (*.html *.htm);;PDF (*.pdf);;Word (*.docx);;"
    "Other tools' annotations: brat, doccano, Label Studio, INCEpTION (*.ann *.jsonl *.json *.tsv);;All files (*)"
)
LABEL_MAP_KEY = "import/label_map"
CANCELLED = "Import cancelled: nothing was added."
SHOW_DETAILS = 60  # lines of the details (skipped articles, merged sets, labels left out), at most


def importable_paths(mime: QMimeData) -> list[Path]:
    """The local files and folders in a drag, if any of them can be imported (else none)."""
    from annotator.services.importing import SUFFIXES

    paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()] if mime.hasUrls() else []
    if any(p.is_dir() or p.suffix.lower() in SUFFIXES for p in paths):
        return paths  # the others are refused by the import with the CLI's message, nothing imported
    return []


class Importer(LongJob):
    """Imports files chosen in a dialog or dropped on the window (it watches the window's drag events)."""

    imported = Signal(int)  # an import ended; how many articles it added

    def __init__(self, window: QMainWindow, tasks: TaskRunner) -> None:
        super().__init__(window, tasks, kind="import", title="Import", unit="lines")
        window.setAcceptDrops(True)
        window.installEventFilter(self)
        self.report: ImportReport | None = None

    # ---- asking what to import

    def eventFilter(self, watched: QObject, e: QEvent) -> bool:
        kind = e.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            assert isinstance(e, QDropEvent)  # (QDragEnterEvent and QDragMoveEvent derive from it)
            paths = importable_paths(e.mimeData()) if getattr(self.window, "project", None) is not None else []
            if paths:
                e.acceptProposedAction()
                if kind == QEvent.Type.Drop:
                    # After the drop has returned: the drag source is not kept waiting for the import.
                    QTimer.singleShot(0, lambda: self.start(paths))
                return True
        return super().eventFilter(watched, e)

    def choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self.window, "Import articles", self._folder(), FILE_FILTER)
        if names:
            self._remember(Path(names[0]).parent)
            self.start([Path(n) for n in names])

    def choose_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(self.window, "Import a folder of articles", self._folder())
        if name:
            self._remember(Path(name))
            self.start([Path(name)])

    def label_map(self) -> str:
        """The mapping of other tools' labels the imports use (File > Label mapping…), as typed."""
        settings = getattr(self.window, "settings", None)
        return settings.text(LABEL_MAP_KEY) if settings is not None else ""

    def ask_label_map(self) -> None:
        """Ask how other tools' labels map to the codebook's; checked against the open project's codebook."""
        from annotator.domain.errors import UserError
        from annotator.domain.label_map import LabelMap

        project = getattr(self.window, "project", None)
        names = ", ".join(project.codebook.label_names) if project is not None else "the codebook's labels"
        text, ok = QInputDialog.getText(
            self.window,
            "Label mapping",
            "Labels of brat, doccano, Label Studio or INCEpTION files, mapped to this codebook's\n"
            f"({names}). Labels that map to nothing are reported and left out.\n"
            "For example: ORG=actor, GPE=location",
            QLineEdit.EchoMode.Normal,
            self.label_map(),
        )
        if not ok:
            return
        if project is not None:
            try:
                LabelMap.parse(text, project.codebook)
            except UserError as exc:
                self._say(as_sentence(str(exc)), error=True)
                return
        settings = getattr(self.window, "settings", None)
        if settings is not None:
            settings.set(LABEL_MAP_KEY, text.strip())

    # ---- running

    def start(self, paths: list[Path]) -> None:
        """Import ``paths`` (files and folders) into the open project."""
        from annotator.services.importing import import_paths

        project = self._project("Open or create a project first: articles are imported into the open project.")
        if project is None:
            return
        self.report = None
        label_map = self.label_map()
        self._run(
            lambda progress: import_paths(project, paths, progress=progress, label_map=label_map),
            first_words="Reading the files…",
            name="annotator-import",
            done=self._succeeded,
            failed=self._failed,
        )

    def _succeeded(self, report: ImportReport) -> None:
        from annotator.services.importing import Remedies

        self.report = report
        # What the summary suggests, the way this window does it.
        text = report.summary(
            Remedies(replace_sets="see details", map_labels="File > Label mapping…, then import again")
        )
        lines = report.detail_lines()
        details = "\n".join(lines[:SHOW_DETAILS])
        if len(lines) > SHOW_DETAILS:
            details += f"\n… and {len(lines) - SHOW_DETAILS:,} more"
        self._say(text, details=details)
        # Sets added to articles already here change their status in the list too.
        self.imported.emit(report.added + len(report.merged.added))

    def _failed(self, exc: BaseException) -> None:
        self._say_failure(exc, nothing="Nothing was imported", cancelled=CANCELLED, doing="the import")
        self.imported.emit(0)
