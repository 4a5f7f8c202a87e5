"""A reviewer's note on the open article, shown above its text to the coder it was sent back to.

A reviewer who sends an article back (review screen, ``B``) reopens the coder's set with a note.
While the set is not done again the note shows here; marking the article done answers it (the bar
goes, the note stays on record), and the coder may also put it out of sight with its button (for
this session). Notes are read on the task runner's database worker, beside the article itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

from annotator.ui.coding.article_header import escape

if TYPE_CHECKING:
    from annotator.domain.models import SetStatus
    from annotator.services.project import Project
    from annotator.store.provenance_rows import Note
    from annotator.ui.common.tasks import TaskRunner


class ReviewNoteBar(QFrame):
    def __init__(self, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewNote")
        self.tasks = tasks
        self.text = QLabel("")
        self.text.setObjectName("reviewNoteText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.close_button = QToolButton()
        self.close_button.setObjectName("reviewNoteDismiss")
        self.close_button.setText("Hide")
        self.close_button.setToolTip("Hide this note (marking the article done answers it)")
        self.close_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.close_button.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 8, 6)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.notes: list[Note] = []
        self.dismissed: set[int] = set()  # note ids hidden by the coder in this session
        self._asked: tuple[int, str] | None = None  # the (article, coder) whose notes are wanted
        self.hide()

    def article_opened(
        self, project: Project | None, article_id: int | None, coder: str, status: SetStatus | None
    ) -> None:
        """Read the open notes of the article for this coder (none while it is done)."""
        from annotator.domain.models import SetStatus
        from annotator.services.review_notes import open_notes

        self._show([])
        if project is None or article_id is None or status is SetStatus.DONE:
            self._asked = None
            return
        asked = self._asked = (article_id, coder)

        def shown(notes: list[Note]) -> None:
            if self._asked == asked:  # the coder has not moved on meanwhile
                self._show(notes)

        self.tasks.run_db(lambda: open_notes(project, article_id, coder), shown, lambda _exc: None, channel="notes")

    def _show(self, notes: list[Note]) -> None:
        self.notes = [n for n in notes if n.id not in self.dismissed]
        if not self.notes:
            self.hide()
            return
        newest, older = self.notes[0], self.notes[1:]
        when = f"{newest.sent_at:%Y-%m-%d %H:%M} UTC"
        more = f"  <i>({len(older)} earlier)</i>" if older else ""
        self.text.setText(
            f"<b>Sent back by {escape(newest.sent_by)}</b> ({when}): {escape(newest.note)}{more}"
            "<br><span style='opacity:.75'>Mark the article done (Ctrl+D) when it is seen to.</span>"
        )
        self.text.setToolTip("\n\n".join(f"{n.sent_by}, {n.sent_at:%Y-%m-%d %H:%M} UTC:\n{n.note}" for n in self.notes))
        self.show()

    def dismiss(self) -> None:
        self.dismissed.update(n.id for n in self.notes)
        self._show([])
