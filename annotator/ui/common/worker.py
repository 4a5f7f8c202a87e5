"""One background thread for database reads that may take a while (searching 100,000 articles).

Results come back on the GUI thread through a queued signal. Each request belongs to a channel,
and only the newest request of a channel delivers: a search typed over a slower one wins. In
synchronous mode (tests, screenshots) work runs inline, as Picard's FakeThreadPool does.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor


class Worker(QObject):
    _finished = Signal(str, int, object, object)  # channel, token, result, error

    def __init__(self, *, synchronous: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.synchronous = synchronous
        self._pool: ThreadPoolExecutor | None = None
        self._tokens = itertools.count(1)
        self._latest: dict[str, int] = {}
        self._callbacks: dict[int, tuple[Callable[[Any], None], Callable[[BaseException], None]]] = {}
        self._finished.connect(self._deliver)

    def submit(
        self, channel: str, fn: Callable[[], Any], done: Callable[[Any], None], failed: Callable[[BaseException], None]
    ) -> None:
        token = next(self._tokens)
        self._latest[channel] = token
        self._callbacks[token] = (done, failed)
        if self.synchronous:
            try:
                result = fn()
            except Exception as exc:
                self._deliver(channel, token, None, exc)
            else:
                self._deliver(channel, token, result, None)
            return
        if self._pool is None:
            from concurrent.futures import ThreadPoolExecutor  # imported on first use, not at start-up

            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="annotator-db")
        future = self._pool.submit(fn)

        def finished(f: Future[Any]) -> None:
            error = f.exception()
            self._finished.emit(channel, token, None if error else f.result(), error)

        future.add_done_callback(finished)

    def _deliver(self, channel: str, token: int, result: Any, error: Any) -> None:
        callbacks = self._callbacks.pop(token, None)
        if callbacks is None or self._latest.get(channel) != token:
            return
        done, failed = callbacks
        if error is not None:
            failed(error)
        else:
            done(result)

    def shutdown(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
