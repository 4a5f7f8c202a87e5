"""Run one dataset export on a background thread, with progress and cancel, for the Export dialog.

``ThreadProgress`` is the Qt-free side: the export calls ``start``/``advance`` on the worker thread
and they go to plain callbacks; ``cancelled()`` reads a ``threading.Event`` the GUI thread sets.
``ExportRunner`` is the Qt side: its callbacks emit signals, which Qt queues to the GUI thread
because the runner lives there, so slots never run on the worker thread.

The export gets its own thread rather than the window's ``Worker``: that one is a single thread for
quick reads (the article list) and runs inline in tests, and a long export must neither wait behind
nor hold up a search, and must be cancellable while it runs.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from annotator.services.export_datasets import ExportOptions
    from annotator.services.project import Project

log = logging.getLogger(__name__)


class ThreadProgress:
    """A ``Progress`` (see annotator.services.progress) for work on another thread. Qt-free."""

    def __init__(
        self, on_start: Callable[[int | None, str], None] | None = None, on_advance: Callable[[int], None] | None = None
    ) -> None:
        self._cancel = threading.Event()
        self._on_start = on_start
        self._on_advance = on_advance

    def start(self, total: int | None, what: str) -> None:
        if self._on_start is not None:
            self._on_start(total, what)

    def advance(self, done: int) -> None:
        if self._on_advance is not None:
            self._on_advance(done)

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        """Ask the work to stop at its next check (any thread)."""
        self._cancel.set()


class ExportRunner(QObject):
    """One export at a time on a daemon thread; every signal arrives on the GUI thread."""

    started = Signal(object, str)  # total (int, or None when unknown), what
    advanced = Signal(int)  # done so far
    succeeded = Signal(object)  # ExportResult
    failed = Signal(object)  # the exception (Cancelled, UserError, OSError, anything else)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: threading.Thread | None = None
        self._progress: ThreadProgress | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, project: Project, options: ExportOptions, export: Callable[..., Any] | None = None) -> None:
        """Start ``export(project, options, progress)`` (default: ``export_dataset``) on a new thread."""
        if self.running:
            raise RuntimeError("an export is already running")
        if export is None:
            from annotator.services.export_datasets import export_dataset as export
        progress = ThreadProgress(on_start=self.started.emit, on_advance=self.advanced.emit)
        self._progress = progress

        def work() -> None:
            try:
                result = export(project, options, progress)
            except Exception as exc:  # every failure goes back to the dialog, which explains it
                if not _expected(exc):
                    log.error("export failed", exc_info=exc)
                self.failed.emit(exc)
            else:
                self.succeeded.emit(result)

        self._thread = threading.Thread(target=work, name="annotator-export", daemon=True)
        self._thread.start()

    def cancel(self) -> None:
        if self._progress is not None:
            self._progress.cancel()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the thread ends (for closing); True if it has."""
        if self._thread is not None:
            self._thread.join(timeout)
            return not self._thread.is_alive()
        return True


def _expected(exc: BaseException) -> bool:
    from annotator.domain.errors import UserError
    from annotator.services.progress import Cancelled

    return isinstance(exc, UserError | Cancelled | OSError)
