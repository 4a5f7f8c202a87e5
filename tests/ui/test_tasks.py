"""The one task runner: results on the GUI thread, newest request per channel, progress and cancel."""

from __future__ import annotations

import threading
import time

import pytest

from annotator.domain.errors import UserError
from annotator.services.progress import Cancelled, check_cancel
from annotator.ui.common.tasks import TaskRunner, ThreadProgress


@pytest.fixture
def runner(qtbot):  # type: ignore[no-untyped-def]
    r = TaskRunner()
    yield r
    r.close()


def test_results_arrive_on_the_gui_thread(qtbot, runner) -> None:  # type: ignore[no-untyped-def]
    ran_on: list[str] = []
    got: list[tuple[object, str]] = []

    def read() -> int:
        ran_on.append(threading.current_thread().name)
        return 42

    runner.run_db(read, lambda r: got.append((r, threading.current_thread().name)))
    qtbot.waitUntil(lambda: bool(got), timeout=5000)
    assert ran_on == ["annotator-db-1"]
    assert got == [(42, threading.main_thread().name)]


def test_only_the_newest_request_of_a_channel_delivers_and_older_ones_do_not_run(qtbot, runner) -> None:  # type: ignore[no-untyped-def]
    gate = threading.Event()
    ran: list[str] = []
    got: list[str] = []

    def work(name: str) -> str:
        ran.append(name)
        if name == "blocker":
            gate.wait(5)
        return name

    runner.run_db(lambda: work("blocker"), got.append, channel="other")  # holds the one database thread
    qtbot.waitUntil(lambda: ran == ["blocker"], timeout=5000)
    runner.run_db(lambda: work("old search"), got.append, channel="list")
    runner.run_db(lambda: work("new search"), got.append, channel="list")
    gate.set()
    qtbot.waitUntil(lambda: "new search" in got, timeout=5000)
    time.sleep(0.05)
    qtbot.wait(20)
    assert ran == ["blocker", "new search"]  # the superseded search never ran
    assert got == ["blocker", "new search"]


def test_a_request_superseded_while_running_does_not_deliver(qtbot, runner) -> None:  # type: ignore[no-untyped-def]
    gate = threading.Event()
    started = threading.Event()
    got: list[str] = []

    def slow() -> str:
        started.set()
        gate.wait(5)
        return "slow"

    runner.run_pool(slow, got.append, channel="suggestions")
    assert started.wait(5)
    runner.run_pool(lambda: "fast", got.append, channel="suggestions")
    qtbot.waitUntil(lambda: got == ["fast"], timeout=5000)
    gate.set()
    time.sleep(0.05)
    qtbot.wait(20)
    assert got == ["fast"]


def test_the_database_lane_runs_one_read_at_a_time(qtbot, runner) -> None:  # type: ignore[no-untyped-def]
    active = []
    overlap = []
    lock = threading.Lock()

    def read(n: int) -> int:
        with lock:
            active.append(n)
            overlap.append(len(active))
        time.sleep(0.01)
        with lock:
            active.remove(n)
        return n

    got: list[int] = []
    for n in range(6):
        runner.run_db(lambda n=n: read(n), got.append)
    qtbot.waitUntil(lambda: len(got) == 6, timeout=5000)
    assert got == list(range(6)) and max(overlap) == 1  # in order, never two at once


def test_a_delayed_request_runs_after_its_delay_unless_superseded_meanwhile(qtbot, runner) -> None:  # type: ignore[no-untyped-def]
    ran: list[tuple[str, float]] = []
    got: list[str] = []
    t0 = time.perf_counter()

    def work(name: str) -> str:
        ran.append((name, time.perf_counter() - t0))
        return name

    runner.run_db(lambda: work("dropped"), got.append, channel="assist", after_ms=150)
    runner.run_db(lambda: work("kept"), got.append, channel="assist", after_ms=150)
    runner.run_db(lambda: work("now"), got.append)
    qtbot.waitUntil(lambda: "kept" in got, timeout=5000)
    qtbot.wait(200)
    assert [name for name, _t in ran] == ["now", "kept"]  # the superseded one never ran
    assert ran[1][1] >= 0.14 and got == ["now", "kept"]  # (Qt's coarse timers may fire 5 % early)


def test_errors_go_to_the_callback_or_the_failed_signal(qtbot, runner) -> None:  # type: ignore[no-untyped-def]
    errors: list[BaseException] = []

    def broken() -> None:
        raise UserError("the file is gone")

    runner.run_db(broken, lambda _r: None, errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0], UserError)
    with qtbot.waitSignal(runner.failed, timeout=5000) as signal:
        runner.run_pool(broken, lambda _r: None)
    assert str(signal.args[0]) == "the file is gone"


def test_synchronous_mode_runs_inline(qtbot) -> None:  # type: ignore[no-untyped-def]
    r = TaskRunner(synchronous=True)
    got: list[tuple[int, str]] = []
    r.run_db(lambda: 1, lambda v: got.append((v, threading.current_thread().name)))
    r.run_pool(lambda: 2, lambda v: got.append((v, threading.current_thread().name)))
    main = threading.main_thread().name
    assert got == [(1, main), (2, main)]  # delivered before the call returned
    seen: list[object] = []
    task = r.run_long(
        lambda progress: (progress.start(3, "Counting"), progress.advance(3), "done")[-1],
        name="annotator-test",
        done=seen.append,
        failed=seen.append,
        started=lambda total, what: seen.append((total, what)),
        advanced=seen.append,
    )
    assert seen == [(3, "Counting"), 3, "done"] and not task.running


def test_long_work_reports_progress_and_stops_when_cancelled(qtbot, runner) -> None:  # type: ignore[no-untyped-def]
    names: list[str] = []
    started: list[tuple[int | None, str]] = []
    advanced: list[int] = []
    outcome: list[object] = []
    go_on = threading.Event()

    def count(progress: ThreadProgress) -> int:
        names.append(threading.current_thread().name)
        progress.start(1000, "Counting")
        for n in range(1000):
            if n == 10:
                go_on.wait(5)
            check_cancel(progress)
            progress.advance(n + 1)
        return 1000

    task = runner.run_long(
        count,
        name="annotator-count",
        done=outcome.append,
        failed=outcome.append,
        started=lambda total, what: started.append((total, what)),
        advanced=advanced.append,
    )
    qtbot.waitUntil(lambda: len(advanced) == 10, timeout=5000)
    assert task.running and started == [(1000, "Counting")] and names == ["annotator-count"]
    task.cancel()
    go_on.set()
    qtbot.waitUntil(lambda: bool(outcome), timeout=5000)
    assert isinstance(outcome[0], Cancelled) and not task.running and task.wait(0)
    assert threading.current_thread().name != "annotator-count"
    # The pool thread got its own name back for the next job.
    back: list[str] = []
    runner.run_pool(lambda: threading.current_thread().name, back.append)
    qtbot.waitUntil(lambda: bool(back), timeout=5000)
    assert back[0].startswith("annotator-pool-")


def test_closing_waits_for_running_reads_and_delivers_nothing(qtbot) -> None:  # type: ignore[no-untyped-def]
    r = TaskRunner()
    started = threading.Event()
    finished = threading.Event()
    got: list[str] = []

    def read() -> str:
        started.set()
        time.sleep(0.2)
        finished.set()
        return "late"

    r.run_db(read, got.append)
    assert started.wait(5)
    r.close()
    assert finished.is_set()  # closing waited for the read (the database may be closed next)
    qtbot.wait(50)
    assert got == []
    r.run_db(lambda: "after", got.append)  # a closed runner takes no more work
    qtbot.wait(50)
    assert got == []
