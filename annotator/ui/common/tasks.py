"""The one way the UI runs work off the GUI thread, in the manner of Anki's task manager.

Two lanes of threads, shared by the whole process:

* the **database worker**, one thread: every read that can take time (opening an article, the
  article list and its pages, progress counts, the next article to code, the export dialog's coder
  list). One thread keeps reads in the order they were asked for;
* the **general pool**, three threads: work that does not queue behind reads, such as a suggestion
  pass (which may first spend seconds building the gazetteer) and long cancellable work with
  progress (an export).

Each ``TaskRunner`` (one per window or dialog) hands work to the lanes and delivers the result or
the error to a callback **on the GUI thread**. A request may name a *channel*: only the newest
request of a channel delivers, and an older one still waiting for its turn is skipped without
running, so a search typed over a slower one wins and an article flicked past is never read. In
synchronous mode (tests, screenshots) work runs inline, as Picard's FakeThreadPool does.

The threads are daemon threads of our own rather than ``concurrent.futures`` executors, whose
threads the interpreter joins at exit: quitting must not wait for a gazetteer still being built.

**Commits stay synchronous, on the GUI thread.** A coder's edit is applied by the services layer
in one transaction before the next key press is read, so ordering and durability need no queue,
and undo/redo replay in the order the coder pressed them. What the coder must not suffer is a
silent wait: when another program holds the database's write lock, the commit gives up after a
short wait, says so in the status bar, and tries again with the long timeout
(``annotator.ui.coding.session``). Only reads go through this runner.

Callbacks and ``fn`` are kept apart: the callbacks (bound to widgets) stay in the runner on the GUI
thread; ``fn`` runs on a worker and must neither touch nor hold Qt objects.
"""

from __future__ import annotations

import itertools
import logging
import sys
import threading
import weakref
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    import queue

log = logging.getLogger(__name__)

T = TypeVar("T")
Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]

POOL_THREADS = 3
# How long a thread running Python may keep the interpreter's lock while another waits for it
# (Python's default: 5 ms). Every call from the GUI thread into Qt lets go of the lock and takes it
# back after; with a worker running Python meanwhile (an article's 10,000 spans being read), each
# take-back waited up to 5 ms, and opening or painting an article makes dozens of them.
SWITCH_INTERVAL_S = 0.001


class ThreadProgress:
    """A ``Progress`` (annotator.services.progress) for work on another thread. Qt-free.

    The work calls ``start``/``advance`` on its thread and they go to plain callbacks (the runner
    posts them to the GUI thread); ``cancel()`` may be called from any thread."""

    def __init__(
        self, on_start: Callable[[int | None, str], None] | None = None, on_advance: Callable[[int], None] | None = None
    ) -> None:
        self._cancel = threading.Event()
        self._on_start = on_start
        self._on_advance = on_advance

    def start(self, total: int | None, what: str) -> None:
        if self._on_start is not None:
            self._on_start(total, what)

    def advance(self, done: int) -> None:
        if self._on_advance is not None:
            self._on_advance(done)

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        """Ask the work to stop at its next check (any thread)."""
        self._cancel.set()


# ---------------------------------------------------------------- the process-wide lanes


class _Lane:
    """Daemon threads taking jobs from one queue, started on first use."""

    def __init__(self, name: str, threads: int) -> None:
        self.name = name
        self.size = threads
        self._jobs: queue.SimpleQueue[Callable[[], None]] | None = None
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()

    def put(self, job: Callable[[], None]) -> None:
        with self._lock:
            if self._jobs is None:
                import queue  # on first use: start-up imports nothing it does not need

                self._jobs = queue.SimpleQueue()
            self._threads = [t for t in self._threads if t.is_alive()]
            if len(self._threads) < self.size:
                if sys.getswitchinterval() > SWITCH_INTERVAL_S:
                    sys.setswitchinterval(SWITCH_INTERVAL_S)  # (once there are threads to share with)
                n = len(self._threads) + 1
                thread = threading.Thread(target=self._loop, name=f"{self.name}-{n}", daemon=True)
                self._threads.append(thread)
                thread.start()
            jobs = self._jobs
        jobs.put(job)

    def _loop(self) -> None:
        assert self._jobs is not None
        while True:
            job = self._jobs.get()
            try:
                job()
            except BaseException:  # a job reports its own errors; the thread must live on
                log.exception("a background job failed outside its error path")


_database = _Lane("annotator-db", 1)
_pool = _Lane("annotator-pool", POOL_THREADS)


class _Courier(QObject):
    """Carries callables from the lanes to the GUI thread. One per process and never deleted, so
    a runner closed (or deleted) while its work runs is never emitted into."""

    deliver = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.deliver.connect(self._run)

    def _run(self, fn: Callable[[], None]) -> None:
        fn()


_courier_instance: _Courier | None = None


def _courier() -> _Courier:
    global _courier_instance
    if _courier_instance is None:
        _courier_instance = _Courier()  # made on the GUI thread: it delivers there
    return _courier_instance


class _InFlight:
    """How many database jobs of one runner are running (so closing can wait for them)."""

    def __init__(self) -> None:
        self.count = 0
        self.idle = threading.Condition()

    def __enter__(self) -> None:
        with self.idle:
            self.count += 1

    def __exit__(self, *_exc: object) -> None:
        with self.idle:
            self.count -= 1
            self.idle.notify_all()


# ---------------------------------------------------------------- long work


class LongTask(Generic[T]):
    """A cancellable piece of long work with progress, as returned by ``TaskRunner.run_long``."""

    def __init__(self, progress: ThreadProgress) -> None:
        self.progress = progress
        self._finished = threading.Event()

    @property
    def running(self) -> bool:
        return not self._finished.is_set()

    def cancel(self) -> None:
        self.progress.cancel()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the work has ended (for closing); True if it has."""
        return self._finished.wait(timeout)


# ---------------------------------------------------------------- the runner


class TaskRunner(QObject):
    """Runs reads on the database worker and other work on the pool; delivers on the GUI thread."""

    failed = Signal(object)  # an error of a request that gave no ``failed`` callback

    def __init__(self, *, synchronous: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.synchronous = synchronous
        self._courier = _courier()
        self._tokens = itertools.count(1)
        # token -> (channel, done, failed) of every request still to deliver
        self._pending: dict[int, tuple[str | None, Done, Failed | None]] = {}
        self._in_flight = _InFlight()
        self._closed = False

    # ---- asking

    def run_db(
        self,
        fn: Callable[[], T],
        done: Callable[[T], None],
        failed: Failed | None = None,
        *,
        channel: str | None = None,
        after_ms: int = 0,
    ) -> None:
        """Run ``fn()`` on the database worker; ``done(result)`` or ``failed(error)`` on the GUI thread.

        ``after_ms``: hand it to the worker only after that long (work that is not needed at once
        and would take Python's lock while the window paints what was just opened; cancelled
        meanwhile, it never runs). Synchronous mode runs it at once, as it runs everything."""
        self._submit(_database, fn, done, failed, channel, database=True, after_ms=after_ms)

    def run_pool(
        self,
        fn: Callable[[], T],
        done: Callable[[T], None],
        failed: Failed | None = None,
        *,
        channel: str | None = None,
    ) -> None:
        """Run ``fn()`` on the general pool; ``done(result)`` or ``failed(error)`` on the GUI thread."""
        self._submit(_pool, fn, done, failed, channel, database=False)

    def run_long(
        self,
        fn: Callable[[ThreadProgress], T],
        *,
        name: str,
        done: Callable[[T], None],
        failed: Failed,
        started: Callable[[int | None, str], None] | None = None,
        advanced: Callable[[int], None] | None = None,
    ) -> LongTask[T]:
        """Run ``fn(progress)`` on the pool, in a thread named ``name`` while it runs. ``started`` and
        ``advanced`` receive the progress, ``done``/``failed`` the outcome, all on the GUI thread;
        ``LongTask.cancel()`` asks the work to stop at its next check."""
        if self.synchronous:
            progress = ThreadProgress(started, advanced)
            task: LongTask[T] = LongTask(progress)
            try:
                result = fn(progress)
            except Exception as exc:
                task._finished.set()
                self._report(failed, exc)
            else:
                task._finished.set()
                done(result)
            return task
        me = weakref.ref(self)
        post = self._courier.deliver.emit

        def on_start(total: int | None, what: str) -> None:
            if started is not None:
                post(partial(_if_alive, me, started, total, what))

        def on_advance(count: int) -> None:
            if advanced is not None:
                post(partial(_if_alive, me, advanced, count))

        progress = ThreadProgress(on_start, on_advance)
        task = LongTask(progress)
        token = next(self._tokens)
        self._pending[token] = (None, done, failed)

        def job() -> None:
            thread = threading.current_thread()
            lane_name, thread.name = thread.name, name
            try:
                result, error = fn(progress), None
            except BaseException as exc:
                result, error = None, exc
            finally:
                thread.name = lane_name
                task._finished.set()
            post(partial(_deliver, me, token, result, error))

        _pool.put(job)
        return task

    def cancel(self, channel: str) -> None:
        """Drop the requests of ``channel`` still to deliver (a waiting one is skipped, not run)."""
        for token in [t for t, (c, _d, _f) in self._pending.items() if c == channel]:
            del self._pending[token]

    def close(self, wait: float = 5.0) -> None:
        """Deliver nothing more; wait up to ``wait`` seconds for this runner's running reads (so the
        caller may close the database after). Work on the pool is left to end on its own."""
        self._closed = True
        self._pending.clear()
        with self._in_flight.idle:
            self._in_flight.idle.wait_for(lambda: self._in_flight.count == 0, timeout=wait)

    # ---- inside

    def _submit(
        self,
        lane: _Lane,
        fn: Callable[[], Any],
        done: Done,
        failed: Failed | None,
        channel: str | None,
        *,
        database: bool,
        after_ms: int = 0,
    ) -> None:
        if self._closed:
            return
        if channel is not None:
            self.cancel(channel)  # only the newest request of a channel delivers
        token = next(self._tokens)
        self._pending[token] = (channel, done, failed)
        if self.synchronous:
            try:
                result = fn()
            except Exception as exc:
                _deliver(weakref.ref(self), token, None, exc)
            else:
                _deliver(weakref.ref(self), token, result, None)
            return
        me = weakref.ref(self)
        in_flight = self._in_flight
        post = self._courier.deliver.emit

        def job() -> None:
            runner = me()
            # Dict look-ups are atomic: asking from this thread is safe. Superseded work never runs.
            wanted = runner is not None and token in runner._pending
            del runner  # hold nothing of the GUI's on this thread
            if not wanted:
                return
            try:
                if database:
                    with in_flight:
                        result, error = fn(), None
                else:
                    result, error = fn(), None
            except BaseException as exc:
                result, error = None, exc
            post(partial(_deliver, me, token, result, error))

        if after_ms > 0:
            from PySide6.QtCore import QTimer

            # The timer belongs to the runner: closed or deleted, it never fires (and the job
            # checks that it is still wanted when it runs).
            QTimer.singleShot(after_ms, self, partial(lane.put, job))
        else:
            lane.put(job)

    def _report(self, failed: Failed | None, error: BaseException) -> None:
        if not _expected(error):
            log.error("background work failed", exc_info=error)
        if failed is not None:
            failed(error)
        else:
            self.failed.emit(error)


def _alive(ref: weakref.ReferenceType[TaskRunner]) -> TaskRunner | None:
    runner = ref()
    if runner is None or runner._closed:
        return None
    import shiboken6

    return runner if shiboken6.isValid(runner) else None


def _if_alive(ref: weakref.ReferenceType[TaskRunner], fn: Callable[..., None], *args: Any) -> None:
    if _alive(ref) is not None:
        fn(*args)


def _deliver(
    ref: weakref.ReferenceType[TaskRunner],
    token: int,
    result: Any,
    error: BaseException | None,
) -> None:
    """On the GUI thread: hand the outcome to its callback, unless a newer request superseded it."""
    runner = _alive(ref)
    if runner is None:
        return
    request = runner._pending.pop(token, None)
    if request is None:
        return
    _channel, done, failed = request
    if error is not None:
        runner._report(failed, error)
    else:
        done(result)


def _expected(exc: BaseException) -> bool:
    """User mistakes and cancels are said to the user; anything else is also logged as a bug."""
    from annotator.domain.errors import UserError
    from annotator.services.progress import Cancelled

    return isinstance(exc, UserError | Cancelled | OSError)
