"""The shortcut cheat sheet (F1 or ?): one calm page, in columns, closed with Esc."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from annotator.ui.common import shortcuts
from annotator.ui.common.window_size import fit_to_screen

Sections = list[tuple[str, list[tuple[str, str]]]]


def cheat_sheet_html(label_keys: list[tuple[str, str]], sections: Sections | None = None) -> str:
    """The coding screen's keys (with the codebook's label keys), or the ``sections`` given."""
    parts = ["<table cellspacing='0' cellpadding='3'>"]
    for title, rows in sections if sections is not None else shortcuts.sections(label_keys):
        parts.append(f"<tr><td colspan='2' style='padding-top:10px'><b>{escape(title)}</b></td></tr>")
        for keys, what in rows:
            parts.append(
                f"<tr><td style='padding-right:18px; white-space:nowrap'><code>{escape(keys)}</code></td>"
                f"<td>{escape(what)}</td></tr>"
            )
    parts.append("</table>")
    return "".join(parts)


class CheatSheet(QDialog):
    def __init__(
        self, label_keys: list[tuple[str, str]], parent: QWidget | None = None, sections: Sections | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("cheatSheet")
        self.setWindowTitle("Keyboard shortcuts")
        text = QLabel(cheat_sheet_html(label_keys, sections))
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(buttons)
        fit_to_screen(self, 620, 640)
