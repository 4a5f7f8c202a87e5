"""Long work the coder waits for (an import, places added to the gazetteer): a window-modal progress
dialog with Cancel while it runs on the task runner, then its outcome said in the status bar and in
a message box that does not block the window.

The work itself is one transaction in the services (an error anywhere, or Cancel, rolls it back),
so the dialog only shows how far it got; it is window-modal because the work holds the database's
write lock, and an edit meanwhile would wait for it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMainWindow, QMessageBox, QProgressDialog

if TYPE_CHECKING:
    from annotator.services.progress import Progress
    from annotator.services.project import Project
    from annotator.ui.common.tasks import LongTask, TaskRunner

T = TypeVar("T")


class LongJob(QObject):
    """One kind of long work of the window (``kind`` names its dialogs: ``{kind}Progress``,
    ``{kind}Outcome``); at most one runs at a time."""

    def __init__(self, window: QMainWindow, tasks: TaskRunner, *, kind: str, title: str, unit: str) -> None:
        super().__init__(window)
        self.window = window
        self.tasks = tasks
        self._kind = kind
        self._title = title  # the dialogs' title
        self._unit = unit  # what the progress counts ("lines", "places")
        self._task: LongTask[Any] | None = None
        self._dialog: QProgressDialog | None = None
        self._what = title
        self.outcome = ""  # what the last run said (shown in a message box and the status bar)
        self.error: BaseException | None = None  # why the last run failed, if it did

    # ---- the folder its files are chosen from, remembered in the settings as "{kind}/folder"

    def _folder(self) -> str:
        settings = getattr(self.window, "settings", None)
        folder = settings.text(f"{self._kind}/folder") if settings is not None else ""
        return folder if folder and Path(folder).is_dir() else str(Path.home())

    def _remember(self, folder: Path) -> None:
        settings = getattr(self.window, "settings", None)
        if settings is not None:
            settings.set(f"{self._kind}/folder", str(folder))

    @property
    def running(self) -> bool:
        return self._task is not None and self._task.running

    def cancel(self) -> None:
        if self._task is not None and self.running:
            self._task.cancel()
            if self._dialog is not None:
                self._dialog.setLabelText("Cancelling…")

    def wait(self, timeout: float) -> bool:
        return self._task.wait(timeout) if self._task is not None else True

    def _project(self, refusal: str) -> Project | None:
        """The open project for a new run, its last outcome forgotten; None (saying ``refusal``
        when no project is open) while a run is under way or without a project."""
        if self.running:
            return None
        project: Project | None = getattr(self.window, "project", None)
        if project is None:
            self._say(refusal, error=True)
            return None
        self.error, self.outcome = None, ""
        return project

    def _run(
        self,
        work: Callable[[Progress], T],
        *,
        first_words: str,
        name: str,
        done: Callable[[T], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        """Start ``work(progress)`` with the dialog showing ``first_words`` until it reports."""
        dialog = QProgressDialog(first_words, "Cancel", 0, 0, self.window)
        dialog.setObjectName(f"{self._kind}Progress")
        dialog.setWindowTitle(self._title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)  # short work finishes before the dialog would show
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        self._dialog = dialog
        dialog.canceled.connect(self.cancel)

        def succeeded(result: T) -> None:
            self._close_dialog()
            done(result)

        def went_wrong(exc: BaseException) -> None:
            self._close_dialog()
            self.error = exc
            failed(exc)

        self._task = self.tasks.run_long(
            work, name=name, done=succeeded, failed=went_wrong, started=self._started, advanced=self._advanced
        )
        if not self._task.running:
            self._close_dialog()  # (a synchronous runner has finished already)

    def _started(self, total: int | None, what: str) -> None:
        self._what = what
        if self._dialog is not None:
            self._dialog.setRange(0, total or 0)
            self._advanced(0)

    def _advanced(self, done: int) -> None:
        dialog = self._dialog
        if dialog is None or dialog.wasCanceled():
            return
        total = dialog.maximum()
        if total > 0:
            dialog.setValue(min(done, total))
            dialog.setLabelText(f"{self._what}… {min(done, total):,} of {total:,} {self._unit}")
        else:  # no total known: a busy bar, and the count so far
            dialog.setLabelText(f"{self._what}… {done:,} {self._unit}" if done else f"{self._what}…")

    def _close_dialog(self) -> None:
        if self._dialog is not None:
            self._dialog.blockSignals(True)  # closing a progress dialog says "canceled"
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None

    def _say_failure(self, exc: BaseException, *, nothing: str, cancelled: str, doing: str) -> None:
        """Why the work ended without its result: Cancel (``cancelled``), the user's mistake in
        its own words, a file that cannot be read, or the error itself, after ``nothing`` ("No
        places were added") and, for an unexpected error, what was being done ("the import")."""
        from annotator.domain.errors import UserError
        from annotator.services.progress import Cancelled

        if isinstance(exc, Cancelled):
            self._say(cancelled)
        elif isinstance(exc, UserError):
            self._say(f"{nothing}. {as_sentence(str(exc))}", error=True)
        elif isinstance(exc, OSError):
            self._say(f"{nothing}: {exc.filename or ''} {exc.strerror or exc}.", error=True)
        else:
            self._say(f"{nothing}: {doing} failed ({type(exc).__name__}: {exc}).", error=True)

    def _say(self, text: str, *, error: bool = False, details: str = "") -> None:
        """The outcome: in the status bar, and in a message box that does not block the window."""
        self.outcome = text
        self.window.statusBar().showMessage(text, 15000)
        box = QMessageBox(self.window)
        box.setObjectName(f"{self._kind}Outcome")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setIcon(QMessageBox.Icon.Warning if error else QMessageBox.Icon.Information)
        box.setWindowTitle(self._title)
        box.setText(text)
        if details:
            box.setDetailedText(details)
        box.setWindowModality(Qt.WindowModality.NonModal)
        # The box takes the keyboard when it shows: left with the window behind it, the Enter
        # meant to close it went into the article and accepted a suggestion. Enter (its default
        # button) and Escape close it.
        ok = box.addButton(QMessageBox.StandardButton.Ok)
        box.setDefaultButton(ok)
        box.setEscapeButton(ok)
        # Closed, it hands the keyboard back to the window (a desktop without a window manager
        # leaves the focus nowhere, and the next shortcut did nothing).
        box.finished.connect(lambda _result: self.window.activateWindow())
        box.show()
        box.raise_()
        box.activateWindow()
        ok.setFocus()


def as_sentence(text: str) -> str:
    """``text`` ending with a full stop (or the mark it has)."""
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."
