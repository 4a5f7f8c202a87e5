"""Send back (``B`` in the review screen): which coder, and the note they will see above the text."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QPlainTextEdit, QWidget


class SendBackDialog(QDialog):
    def __init__(self, coders: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        """``coders``: (name, as shown) pairs, so anonymous mode shows "Coder 2", not the name."""
        super().__init__(parent)
        self.setObjectName("sendBack")
        self.setWindowTitle("Send back to a coder")
        self.coder = QComboBox()
        for name, shown in coders:
            self.coder.addItem(shown, name)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("What should the coder look at again? They see this above the article.")
        self.note.setTabChangesFocus(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Send back")
        ok.setEnabled(False)
        self.note.textChanged.connect(lambda: ok.setEnabled(bool(self.note.toPlainText().strip())))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Coder", self.coder)
        form.addRow("Note", self.note)
        form.addRow(buttons)
        self.resize(460, 240)

    def choice(self) -> tuple[str, str]:
        """The coder's name and the note."""
        return str(self.coder.currentData()), self.note.toPlainText()
