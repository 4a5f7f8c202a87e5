"""The questions asked before something is lost: undo history (coder or project change), or values
the database refused that are only on screen (closing the window)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def forget_undo_text(doing: str, articles: int) -> str:
    return f"{doing} clears the undo history of {articles:,} article{'s' if articles != 1 else ''}."


def confirm_forget_undo(parent: QWidget, doing: str, articles: int, go: str) -> bool:
    """Ask before ``doing`` (e.g. "Switching coder") drops the undo stacks of ``articles`` articles.

    Nothing to forget: no question. The edits themselves are saved either way; only Undo loses them."""
    if articles <= 0:
        return True
    box = QMessageBox(parent)
    box.setObjectName("forgetUndo")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(go)
    box.setText(forget_undo_text(doing, articles))
    box.setInformativeText("Every edit is saved; you just cannot undo those edits afterwards.")
    ok = box.addButton(go, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(ok)
    box.exec()
    return box.clickedButton() is ok


def confirm_close_with_unsaved(parent: QWidget, unsaved: str) -> bool:
    """Closing with refused values on screen: the coder decides whether to lose them."""
    answer = QMessageBox.question(
        parent,
        "Close Annotator",
        f"{unsaved}.\n\nThese values were refused and are only on screen. Close anyway and lose them?",
        QMessageBox.StandardButton.Close | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Close
