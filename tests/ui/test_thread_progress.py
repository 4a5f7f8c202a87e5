"""ThreadProgress, the export's Progress across threads: a cancel from any thread is seen by every
worker at its next check, and callbacks run on the worker that reports, with nothing lost or mixed up.

The interleavings are forced with barriers and events rather than left to chance, and the stress test
is shown to catch a racy implementation, so these tests can fail."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from annotator.services.progress import Cancelled, check_cancel
from annotator.ui.export.runner import ThreadProgress

WORKERS = 8
TIMEOUT = 10


@pytest.fixture
def busy_switching() -> Iterator[None]:
    """Switch threads every microsecond, so any read-modify-write between threads gets interleaved."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(before)


def _run(targets: list[Callable[[], None]]) -> list[BaseException]:
    errors: list[BaseException] = []

    def guarded(fn: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            try:
                fn()
            except BaseException as exc:
                errors.append(exc)

        return run

    threads = [threading.Thread(target=guarded(fn)) for fn in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join(TIMEOUT)
    assert not any(t.is_alive() for t in threads), "a worker hung: it never saw the cancel"
    return errors


def test_thread_progress_is_qt_free_and_thread_safe() -> None:
    started: list[tuple[int | None, str]] = []
    advanced: list[int] = []
    progress = ThreadProgress(lambda total, what: started.append((total, what)), advanced.append)
    progress.start(10, "Exporting")
    progress.advance(5)
    assert not progress.cancelled()
    worker = threading.Thread(target=progress.cancel)
    worker.start()
    worker.join()
    assert progress.cancelled()
    assert started == [(10, "Exporting")] and advanced == [5]


def test_a_cancel_mid_step_is_seen_by_every_worker_at_its_next_check() -> None:
    """All workers are held inside an advance() callback; the GUI thread cancels; each must stop at
    its very next check_cancel, having passed every check before the cancel."""
    inside = threading.Barrier(WORKERS + 1, timeout=TIMEOUT)
    resume = threading.Event()

    def on_advance(done: int) -> None:
        if done == 3:
            inside.wait()  # every worker is mid-step here, cancel not yet asked
            resume.wait(TIMEOUT)

    progress = ThreadProgress(on_advance=on_advance)
    checks_passed: dict[int, int] = {}
    stopped_at: dict[int, int] = {}

    def worker(n: int) -> Callable[[], None]:
        def work() -> None:
            for done in range(1, 1000):
                try:
                    check_cancel(progress)
                except Cancelled:
                    stopped_at[n] = done
                    return
                checks_passed[n] = done
                progress.advance(done)
            raise AssertionError(f"worker {n} never saw the cancel")

        return work

    canceller = threading.Thread(target=lambda: (inside.wait(), progress.cancel(), resume.set()))
    canceller.start()
    errors = _run([worker(n) for n in range(WORKERS)])
    canceller.join(TIMEOUT)
    assert errors == []
    # Each worker passed checks 1-3, was held in advance(3), and stopped at the check for step 4.
    assert checks_passed == dict.fromkeys(range(WORKERS), 3)
    assert stopped_at == dict.fromkeys(range(WORKERS), 4)


def test_callbacks_run_on_the_reporting_thread_never_the_cancelling_one() -> None:
    seen: list[tuple[str, int | None, int]] = []
    progress = ThreadProgress(
        lambda total, what: seen.append(("start", total, threading.get_ident())),
        lambda done: seen.append(("advance", done, threading.get_ident())),
    )
    reporter: list[int] = []
    cancelled = threading.Event()

    def report() -> None:
        reporter.append(threading.get_ident())
        progress.start(2, "Exporting")
        progress.advance(1)
        cancelled.wait(TIMEOUT)
        progress.advance(2)

    worker = threading.Thread(target=report)
    worker.start()
    progress.cancel()  # on this (the "GUI") thread, while the worker runs
    cancelled.set()
    worker.join(TIMEOUT)
    assert seen == [("start", 2, reporter[0]), ("advance", 1, reporter[0]), ("advance", 2, reporter[0])]
    assert reporter[0] != threading.get_ident()


def _hammer(progress_type: type[ThreadProgress], per_worker: int = 2000) -> tuple[dict[int, list[int]], int]:
    """WORKERS threads each report per_worker distinct values at once; returns what each thread's
    callbacks received (by the value's owner) and how many callbacks ran on a thread not owning the value."""
    received: dict[int, list[int]] = {n: [] for n in range(WORKERS)}
    wrong_thread = 0
    owner_of_thread: dict[int, int] = {}
    go = threading.Barrier(WORKERS, timeout=TIMEOUT)

    def on_advance(done: int) -> None:
        nonlocal wrong_thread
        owner = done // per_worker
        received[owner].append(done)  # list.append is atomic: the sink itself cannot lose a value
        if owner_of_thread.get(threading.get_ident()) != owner:
            wrong_thread += 1

    progress = progress_type(on_advance=on_advance)

    def worker(n: int) -> Callable[[], None]:
        def work() -> None:
            owner_of_thread[threading.get_ident()] = n
            go.wait()
            for i in range(per_worker):
                progress.advance(n * per_worker + i)

        return work

    assert _run([worker(n) for n in range(WORKERS)]) == []
    return received, wrong_thread


class _RacyProgress(ThreadProgress):
    """What a non-thread-safe progress looks like: the value passes through shared state."""

    def advance(self, done: int) -> None:
        self._last = done
        time.sleep(0)  # give up the GIL between the write and the read, as a real race would
        super().advance(self._last)


@pytest.mark.usefixtures("busy_switching")
def test_concurrent_reports_each_arrive_once_unchanged_on_their_own_thread() -> None:
    per_worker = 2000
    received, wrong_thread = _hammer(ThreadProgress, per_worker)
    for n, values in received.items():
        assert values == list(range(n * per_worker, (n + 1) * per_worker)), f"worker {n}'s reports were mixed up"
    assert wrong_thread == 0
    # The same harness sees the race in an implementation that has one.
    racy, racy_wrong = _hammer(_RacyProgress, per_worker)
    assert racy_wrong > 0 or any(v != list(range(n * per_worker, (n + 1) * per_worker)) for n, v in racy.items())
