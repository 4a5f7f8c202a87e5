"""A Qt-free progress and cancel protocol for long work (imports, exports, suggestion passes).

The CLI draws a terminal bar from it; the UI forwards it to a progress dialog from a worker thread.
"""

from __future__ import annotations

from typing import Protocol


class Cancelled(Exception):
    """Raised inside long work when the user asked to stop; the transaction is rolled back."""


class Progress(Protocol):
    def start(self, total: int | None, what: str) -> None: ...

    def advance(self, done: int) -> None: ...

    def cancelled(self) -> bool: ...


class NoProgress:
    """Progress that goes nowhere, for callers that do not show any."""

    def start(self, total: int | None, what: str) -> None:
        pass

    def advance(self, done: int) -> None:
        pass

    def cancelled(self) -> bool:
        return False


def check_cancel(progress: Progress) -> None:
    if progress.cancelled():
        raise Cancelled()
