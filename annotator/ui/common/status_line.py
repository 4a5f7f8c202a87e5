"""The status bar's permanent part: whether everything is saved, the queue's progress, who codes.

What the screens report in passing (a message, a problem, a wait) goes in the bar's temporary
message; what is refused and only on screen turns the saved mark red and names the field.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QStatusBar

from annotator.ui.common.theme import Theme


class StatusLine:
    def __init__(self, bar: QStatusBar, unsaved_text: Callable[[], str], theme: Theme) -> None:
        self.bar = bar
        self._unsaved_text = unsaved_text
        self.theme = theme
        self.saved_label = QLabel("")
        self.saved_label.setObjectName("saved")
        self.progress_label = QLabel("")
        self.coder_label = QLabel("")
        self.coder_label.setObjectName("muted")
        for label in (self.saved_label, self.progress_label, self.coder_label):
            bar.addPermanentWidget(label)

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        if self.saved_label.objectName() == "unsaved":
            self.saved_label.setStyleSheet(f"color: {theme.error};")

    def progress(self, done: int, total: int, exact: bool) -> None:
        # An estimate (the whole list's range, before it is counted) carries a tilde.
        self.progress_label.setText(f"Done {done:,} / {'' if exact else '~'}{total:,}")

    def saved(self) -> None:
        unsaved = self._unsaved_text()
        if unsaved:  # text on screen the database refused, or a country still being typed
            self._unsaved(unsaved)
            return
        self.saved_label.setObjectName("saved")
        self.saved_label.setText("✓ All changes saved")
        self.saved_label.setStyleSheet("")

    def field_problem(self, name: str, reason: str) -> None:
        self._unsaved(self._unsaved_text() or f"Not saved: {name.replace('_', ' ')}")
        self.saved_label.setToolTip(f"{name.replace('_', ' ')}: {reason}")

    def _unsaved(self, text: str) -> None:
        self.saved_label.setObjectName("unsaved")
        self.saved_label.setText(text)
        self.saved_label.setStyleSheet(f"color: {self.theme.error};")

    def message(self, text: str, timeout: int = 8000) -> None:
        self.bar.showMessage(text, timeout)

    def retract(self, text: str) -> None:
        """Take a message back if it is still the one showing."""
        if self.bar.currentMessage() == text:
            self.bar.clearMessage()

    def waiting(self, message: str) -> None:
        # The commit is about to wait on the GUI thread: paint the words now, not after the wait.
        self.bar.showMessage(message, 8000)
        self.bar.repaint()

    def coder(self, name: str) -> None:
        self.coder_label.setText(f"Coder: {name}" if name else "")
