"""The one QUndoCommand: it replays service commands, so undo and redo are database operations.

The first redo() is a no-op because the window applies a command before pushing it (that way a
refused edit never reaches the stack). After that, undo() applies the stored inverse and keeps
what it returns, the command with every key made concrete, for the next redo().
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

if TYPE_CHECKING:
    from annotator.services.annotate import Command

# A typing burst is consecutive edits of one field no more than this many seconds apart.
MERGE_WINDOW = 3.0
_MERGE_ID = 7


class ServiceCommand(QUndoCommand):
    def __init__(
        self,
        replay: Callable[[Command], Command],
        command: Command,
        inverse: Command,
        text: str,
        merge_key: tuple[Any, ...] | None,
    ) -> None:
        super().__init__(text)
        self._replay = replay
        self.command = command
        self.inverse = inverse
        self._merge_key = merge_key
        self._stamp = time.monotonic()
        self._pending_first_redo = True

    def id(self) -> int:
        return _MERGE_ID if self._merge_key is not None else -1

    def redo(self) -> None:
        if self._pending_first_redo:
            self._pending_first_redo = False
            return
        self.inverse = self._replay(self.command)

    def undo(self) -> None:
        self.command = self._replay(self.inverse)

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, ServiceCommand) or other._merge_key != self._merge_key:
            return False
        if other._stamp - self._stamp > MERGE_WINDOW:
            return False
        # Undo goes back to before the burst (our inverse); redo goes to its end (their command).
        self.command = other.command
        self._stamp = other._stamp
        return True
