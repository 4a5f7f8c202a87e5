"""A coder's working session: the project, who is coding, and one undo stack per article.

Every edit goes through ``run``: the command is applied by the services layer in one transaction
(so it is saved before the next keystroke is read), then pushed on the article's undo stack, and
``changed`` tells the controller what to refresh. Undo and redo replay commands the same way.

Commits are synchronous, on the GUI thread (see ``annotator.ui.common.tasks`` for why). When
another program holds the database's write lock, a commit first waits only ``SHORT_WAIT_S``; then
``waiting`` says so (the window shows it and repaints at once) and the commit is tried again with
the long wait. If that fails too, the edit is refused: nothing is pushed, the form keeps what was
typed, and the field says it is not saved.

Every edit, undo and redo names the versions of the rows it changes as this window last saw them
(``annotate.expecting``): what the article showed when it was opened, brought forward by each of
the window's own edits. A row changed meanwhile by another window or another person is not
overwritten: the service refuses the edit, the status bar says what changed, and the article is
read again so the view shows it as it is now.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoGroup, QUndoStack

from annotator.ui.common.undo import ServiceCommand

if TYPE_CHECKING:
    from annotator.services.annotate import Changes, Command
    from annotator.services.project import Project

SHORT_WAIT_S = 0.25  # how long a commit waits for a lock before the user is told
WAITING = "Waiting for the database (another program is writing)…"
BUSY = "not saved: another program is writing to the database; try again in a moment"


@dataclass
class HeldVersions:
    """The versions of one article's rows as the window last saw them (None: no set yet)."""

    set_version: int | None = None
    spans: dict[str, int] = field(default_factory=dict)
    events: dict[str, int] = field(default_factory=dict)


class CodingSession(QObject):
    changed = Signal(object)  # Changes, after every applied edit, undo and redo
    problem = Signal(str)  # an edit was refused or failed: say so in the status bar
    connectionLost = Signal(str)  # ... because the server could not be reached (the window's banner)
    fieldProblem = Signal(str, str)  # field name, reason: say so under the field
    saved = Signal()  # an edit reached the database
    broken = Signal(int)  # undo/redo failed on an article: reload it from the database
    waiting = Signal(str)  # a commit waits for another program's lock: say so before waiting longer

    def __init__(self, project: Project, coder: str, group: QUndoGroup, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.coder = coder
        self.group = group
        self._stacks: dict[int, QUndoStack] = {}
        self._held: dict[int, HeldVersions] = {}  # by article: what its edits expect to find
        self.article_id: int | None = None
        self.long_wait_s: float | None = None  # None: the engine's usual wait (tests shorten it)

    def set_article(self, article_id: int | None) -> None:
        self.article_id = article_id
        if article_id is None:
            self.group.setActiveStack(None)  # type: ignore[arg-type]  # (Qt takes a null stack)
            return
        stack = self._stacks.get(article_id)
        if stack is None:
            stack = QUndoStack(self.group)
            stack.setUndoLimit(1000)
            self._stacks[article_id] = stack
        self.group.setActiveStack(stack)

    def hold(self, article_id: int, versions: HeldVersions) -> None:
        """The versions the article's rows had when the window read them (on every open)."""
        self._held[article_id] = versions

    def held(self, article_id: int) -> HeldVersions | None:
        return self._held.get(article_id)

    def stack(self) -> QUndoStack | None:
        return self.group.activeStack()

    def run(self, command: Command) -> Changes | None:
        """Apply a user's edit; on success it is saved and undoable. Returns what changed, or None."""
        from annotator.services import annotate

        try:
            inverse, changes = self._apply(command)
        except annotate.FieldError as exc:
            self.fieldProblem.emit(exc.field, exc.reason)
            return None
        except annotate.ConflictError as exc:
            # Changed elsewhere since the window read it: say what, and show it as it is now.
            self.problem.emit(f"Not saved: {exc}.")
            if self.article_id is not None:
                self.broken.emit(self.article_id)
            return None
        except annotate.CodingError as exc:
            if isinstance(exc, annotate.ConnectionLost | annotate.OutcomeUnknown):
                self.connectionLost.emit(str(exc))
            self.problem.emit(str(exc))
            return None
        except _Busy:
            if isinstance(command, annotate.SetEventField) and command.values:
                self.fieldProblem.emit(command.values[0][0], BUSY)
            self.problem.emit(f"The edit was {BUSY}.")
            return None
        stack = self.stack()
        if stack is not None:
            stack.push(
                ServiceCommand(
                    self._replay, command, inverse, annotate.describe(command), annotate.merge_key(command, inverse)
                )
            )
        self.saved.emit()
        self.changed.emit(changes)
        return changes

    def _apply(self, command: Command) -> tuple[Command, Changes]:
        """``annotate.apply``, waiting briefly for a lock, then (having said so) for long."""
        from annotator.services import annotate
        from annotator.store.locks import is_lock_timeout, lock_wait

        engine = self.project.engine
        article = self.article_id
        held = self._held.get(article) if article is not None else None
        if held is not None:
            command = annotate.expecting(command, set_version=held.set_version, spans=held.spans, events=held.events)
        try:
            with lock_wait(engine, SHORT_WAIT_S):
                return self._noted(article, annotate.apply(self.project, command))
        except Exception as exc:
            if not is_lock_timeout(exc):
                raise
        self.waiting.emit(WAITING)
        try:
            with lock_wait(engine, self.long_wait_s):
                return self._noted(article, annotate.apply(self.project, command))
        except Exception as exc:
            if is_lock_timeout(exc):
                raise _Busy("another program is writing to the database") from exc
            raise

    def _noted(self, article: int | None, applied: tuple[Command, Changes]) -> tuple[Command, Changes]:
        """Bring the held versions forward by what this window's own edit changed."""
        held = self._held.get(article) if article is not None else None
        if held is not None:
            changes = applied[1]
            for ref, version in changes.set_versions.items():
                if ref.article_id == article:
                    held.set_version = version
            for key, span in changes.spans.items():
                if span is None or not span.version:
                    held.spans.pop(key, None)
                else:
                    held.spans[key] = span.version
            for key, event in changes.events.items():
                if event is None or not event.version:
                    held.events.pop(key, None)
                else:
                    held.events[key] = event.version
        return applied

    def _replay(self, command: Command) -> Command:
        """Apply a command for undo or redo; returns its inverse."""
        from annotator.domain.errors import UserError

        try:
            inverse, changes = self._apply(command)
        except (UserError, _Busy) as exc:
            # The database no longer matches the stack (edited elsewhere?). Show what is stored.
            article = self.article_id
            self.problem.emit(f"Could not undo or redo: {exc}. The article was reloaded.")
            if article is not None:
                QTimer.singleShot(0, lambda: self._reset(article))
            return command
        self.saved.emit()
        self.changed.emit(changes)
        return inverse

    def _reset(self, article_id: int) -> None:
        self._held.pop(article_id, None)  # until the article is read again
        stack = self._stacks.pop(article_id, None)
        if stack is not None:
            if self.group.activeStack() is stack:
                self.group.setActiveStack(None)  # type: ignore[arg-type]  # (Qt takes a null stack)
            self.group.removeStack(stack)
            stack.deleteLater()
        if self.article_id == article_id:
            self.set_article(article_id)
        self.broken.emit(article_id)

    def articles_with_history(self) -> int:
        """How many articles have something to undo or redo (what closing the session forgets)."""
        return sum(1 for stack in self._stacks.values() if stack.count())

    def close(self) -> None:
        """Forget this session's undo history (another coder takes over, or the window closes)."""
        for stack in self._stacks.values():
            self.group.removeStack(stack)
            stack.deleteLater()
        self._stacks.clear()
        self._held.clear()
        self.article_id = None


class _Busy(Exception):
    """Another program held the database's write lock for longer than the long wait."""
