"""Live changes from the team server, brought to the GUI thread, and the connection banner.

``LiveLink`` runs a ``services.live.ChangeListener`` on a thread of its own (it waits on the
server's socket for as long as the project is open, so it would hold a task-runner thread forever;
and its reconnect tries must not queue behind, or hold up, the reads of the database worker).
What the listener hears is emitted as ``changed`` on the GUI thread. On SQLite there is nothing to
listen to and no thread is started.

``ConnectionBanner`` is the strip at the top of the window that says the server cannot be reached
and that the app is reconnecting by itself; it goes when the connection is back.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

if TYPE_CHECKING:
    from annotator.services.live import ChangeListener
    from annotator.services.project import Project

TICK_S = 0.25  # how long the listener's thread waits for news before checking whether to stop
RETRY_S = 1.0  # how often a dropped listener tries to connect again


class LiveLink(QObject):
    changed = Signal(object)  # list[Change], on the GUI thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stop: threading.Event | None = None
        self._thread: threading.Thread | None = None
        self.listening = threading.Event()  # the first connection is up (tests wait for it)
        self.listener: ChangeListener | None = None  # (owned by the thread; read, never driven, here)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, project: Project) -> None:
        """Listen to ``project``'s server (nothing on SQLite), instead of any project before."""
        self.stop()
        if project.engine.dialect.name != "postgresql":
            return
        from annotator.services.live import ChangeListener

        stop, listening, url, emit = threading.Event(), threading.Event(), project.url, self.changed.emit
        self.listening = listening

        def run() -> None:
            listener = ChangeListener(url, retry_s=RETRY_S)
            self.listener = listener
            if listener.connected:
                listening.set()
            try:
                # (``emit`` from this thread is queued to the GUI thread by Qt.)
                listener.run(lambda changes: emit(list(changes)), stop, tick_s=TICK_S)
            finally:
                listener.close()

        self._stop = stop
        self._thread = threading.Thread(target=run, name="annotator-listen", daemon=True)
        self._thread.start()

    def stop(self, wait_s: float = 2.0) -> None:
        if self._stop is not None:
            self._stop.set()
        if self._thread is not None:
            self._thread.join(wait_s)
        self._stop = self._thread = None


class ConnectionBanner(QFrame):
    retryRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connectionBanner")
        self.text = QLabel("")
        self.text.setObjectName("connectionBannerText")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.retry = QPushButton("Try now")
        self.retry.setObjectName("connectionRetry")
        self.retry.clicked.connect(self.retryRequested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.retry)
        self.setStyleSheet(
            "#connectionBanner { background: #f6d58e; border-bottom: 1px solid #d9a93a; }"
            " #connectionBanner QLabel { color: #3b2a05; }"
        )
        self.hide()

    def lost(self, reason: str) -> None:
        detail = f" ({reason})" if reason else ""
        self.text.setText(
            "The connection to the database server was lost" + detail + ". Reconnecting by itself… "
            "Edits made now are not saved: each one that fails says so."
        )
        self.show()

    def back(self) -> None:
        self.hide()
