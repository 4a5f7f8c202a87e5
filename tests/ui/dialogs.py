"""Answering modal dialogs from a test: a timer finds the dialog once it is shown and acts on it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog, QMessageBox


def when_modal(act: Callable[[QDialog], None], seen: list[str] | None = None) -> None:
    """Run ``act`` on the next modal dialog (the test's next call opens it and blocks). Gives up
    after about five seconds, so a dialog that never opens leaves no timer behind."""

    def poll(tries: int) -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog) and dialog.isVisible():
            if seen is not None:
                seen.append(dialog.text() if isinstance(dialog, QMessageBox) else dialog.windowTitle())
            act(dialog)
        elif tries > 0:
            QTimer.singleShot(10, lambda: poll(tries - 1))

    QTimer.singleShot(0, lambda: poll(500))


def click(button_text: str, seen: list[str] | None = None) -> None:
    """Press the message box's button named ``button_text`` (its text, or "Cancel")."""

    def act(dialog: QDialog) -> None:
        assert isinstance(dialog, QMessageBox), dialog
        for button in dialog.buttons():
            if button.text().replace("&", "") == button_text:
                button.click()
                return
        raise AssertionError(f"no button {button_text!r} in {[b.text() for b in dialog.buttons()]}")

    when_modal(act, seen)


def type_text(text: str) -> None:
    """Type into an input dialog and accept it."""

    def act(dialog: QDialog) -> None:
        assert isinstance(dialog, QInputDialog), dialog
        dialog.setTextValue(text)
        dialog.accept()

    when_modal(act)


def shown_box(name: str) -> QMessageBox:
    """The last visible message box of that object name (a long job's outcome: "importOutcome")."""
    boxes = [w for w in QApplication.topLevelWidgets() if w.objectName() == name and w.isVisible()]
    assert boxes, f"no {name} shown"
    box = boxes[-1]
    assert isinstance(box, QMessageBox)
    return box
