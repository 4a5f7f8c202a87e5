"""The suggestion process gives way to the window (issue #9: opening an article must not compete
with it): a pass the window no longer wants is stopped where it is, the process runs at a lower
priority, and it ends with the window's process however that ends.

The engine is stopped at its checkpoints (annotator.assist.checkpoints). In the suggestion process
the pass is held at its first checkpoint until the test lets it go (a file, as in
tests/ui/test_suggestion_process.py), so the stop always lands inside a pass in the child; no
timings. In-process, a stop at any checkpoint leaves the engine as it was: the next pass finds
exactly what a fresh engine finds.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from annotator.assist import ActorDictionary, Gazetteer, SuggestionEngine
from annotator.domain.codebook import Codebook
from annotator.services import suggestion_process
from annotator.services.progress import Cancelled
from annotator.services.suggestion_process import RemoteAssistant
from annotator.services.suggestions import Assistant

ROOT = Path(__file__).parents[2]
CACHE = Path(tempfile.gettempdir()) / "annotator-test-gazetteer"
GATE_ENV = "ANNOTATOR_TEST_PASS_GATE"
GIVE_UP_S = 120  # the held pass's guard against a test that never stops or releases it
PUBLISHED = dt.date(2024, 6, 5)
TEXT = (
    "NAIROBI, Kenya — Police fired tear gas at protesters in Nairobi on Monday. "
    "Gunmen attacked soldiers near Garissa; two soldiers were killed.\n"
) * 40


class HeldEngine:
    """In the child: the real engine, each pass of which says it began (``pass-N`` in the gate
    folder) and waits at its first checkpoint until ``go`` appears there. A stop raised there is
    recorded (``stopped-N``)."""

    def __init__(self, engine: SuggestionEngine, folder: Path) -> None:
        self.engine = engine
        self.folder = folder
        self.passes = 0

    def analyse(self, text: str, *, published: dt.date | None, checkpoint: Any, **outlet: str) -> Any:
        self.passes += 1
        n = self.passes
        (self.folder / f"pass-{n}").touch()
        deadline = time.monotonic() + GIVE_UP_S
        while not (self.folder / "go").exists():
            try:
                checkpoint()
            except BaseException:
                (self.folder / f"stopped-{n}").touch()
                raise
            if time.monotonic() > deadline:
                (self.folder / "gave-up").touch()
                break
            time.sleep(0.01)
        return self.engine.analyse(text, published=published, checkpoint=checkpoint, **outlet)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.engine, name)


def held_build(codebook, learning, cache, places=None):  # type: ignore[no-untyped-def]
    from annotator.services.suggestions import build_engine

    return HeldEngine(build_engine(codebook, learning, cache, places), Path(os.environ[GATE_ENV]))


@pytest.fixture
def gate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "gate"
    folder.mkdir()
    monkeypatch.setenv(GATE_ENV, str(folder))  # the child inherits it when spawned
    monkeypatch.setattr(suggestion_process, "ENGINE_BUILDER", f"{__name__}:held_build")
    suggestion_process.stop()  # a fresh child, with the held engine
    yield folder
    suggestion_process.stop()


def _wait_for(condition: Any, what: str) -> None:
    deadline = time.monotonic() + GIVE_UP_S
    while not condition():
        assert time.monotonic() < deadline, f"no {what}"
        time.sleep(0.01)


def test_a_stopped_pass_ends_in_the_child_and_one_waiting_is_never_sent(sqlite_project, gate: Path) -> None:  # type: ignore[no-untyped-def]
    assistant = RemoteAssistant(sqlite_project, cache=CACHE)
    outcome: dict[str, object] = {}

    def run(name: str) -> None:
        try:
            outcome[name] = assistant.suggest_text(TEXT, PUBLISHED)
        except Cancelled:
            outcome[name] = "stopped"

    first = threading.Thread(target=run, args=("first",))
    first.start()
    _wait_for(lambda: (gate / "pass-1").exists(), "first pass in the child")
    second = threading.Thread(target=run, args=("second",))  # waits for its turn behind the first
    second.start()
    _wait_for(lambda: len(assistant._passes) == 2, "second pass asked")

    assistant.stop_passes()
    first.join(GIVE_UP_S)
    second.join(GIVE_UP_S)

    assert outcome == {"first": "stopped", "second": "stopped"}
    assert (gate / "stopped-1").exists() and not (gate / "gave-up").exists()  # stopped, not timed out
    assert not (gate / "pass-2").exists()  # the second never reached the child
    # The child serves on: the next pass is answered in full.
    (gate / "go").touch()
    found = assistant.suggest_text(TEXT, PUBLISHED)
    assert {(s.label, s.text) for s in found} >= {("location", "Nairobi"), ("location", "Garissa")}
    assert (gate / "pass-2").exists() and not (gate / "stopped-2").exists()


def _engine(codebook: Codebook, gazetteer: Gazetteer) -> SuggestionEngine:
    return SuggestionEngine(codebook, gazetteer, ActorDictionary(codebook, countries=gazetteer.countries))


class _Stop(Exception):
    pass


def test_a_pass_stopped_at_any_checkpoint_leaves_the_engine_as_it_was(codebook: Codebook, gazetteer: Gazetteer) -> None:
    fresh = _engine(codebook, gazetteer).analyse(TEXT, published=PUBLISHED)
    calls = [0]

    def count() -> None:
        calls[0] += 1

    engine = _engine(codebook, gazetteer)
    engine.analyse(TEXT, published=PUBLISHED, checkpoint=count)
    assert calls[0] >= 10  # between every step, not only at the start and the end
    for at in range(calls[0]):
        seen = [0]

        def stop_at(at: int = at, seen: list[int] = seen) -> None:
            seen[0] += 1
            if seen[0] > at:
                raise _Stop

        stopped = _engine(codebook, gazetteer)
        with pytest.raises(_Stop):
            stopped.analyse(TEXT, published=PUBLISHED, checkpoint=stop_at)
        assert stopped.analyse(TEXT, published=PUBLISHED) == fresh, at


def test_an_in_process_pass_is_stopped_too(sqlite_project, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    assistant = Assistant(sqlite_project, cache=CACHE)
    engine = assistant.engine()
    inside, go_on = threading.Event(), threading.Event()
    find_names = engine.gazetteer.find_names

    def held(folded: str, checkpoint: Any, *more: Any) -> Any:  # the pass waits in the middle, at the place names
        inside.set()
        go_on.wait(GIVE_UP_S)
        return find_names(folded, checkpoint, *more)

    monkeypatch.setattr(engine.gazetteer, "find_names", held)
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(assistant.suggest_text(TEXT, PUBLISHED))
        except Cancelled:
            outcome.append("stopped")

    thread = threading.Thread(target=run)
    thread.start()
    assert inside.wait(GIVE_UP_S)
    assistant.stop_passes()
    go_on.set()
    thread.join(GIVE_UP_S)
    assert outcome == ["stopped"]
    monkeypatch.undo()
    assert any(s.text == "Nairobi" for s in assistant.suggest_text(TEXT, PUBLISHED))  # the next pass runs


@pytest.mark.skipif(not hasattr(os, "getpriority"), reason="POSIX priorities")
def test_the_child_runs_below_the_windows_priority(sqlite_project, gate: Path) -> None:  # type: ignore[no-untyped-def]
    (gate / "go").touch()
    RemoteAssistant(sqlite_project, cache=CACHE).suggest_text("Police in Nairobi.", PUBLISHED)
    pid = suggestion_process.child_pid()
    assert pid is not None
    assert os.getpriority(os.PRIO_PROCESS, pid) == os.getpriority(os.PRIO_PROCESS, 0) + suggestion_process.NICENESS


@pytest.mark.skipif(not hasattr(os, "getpriority"), reason="POSIX priorities")
def test_a_child_is_below_the_window_from_its_first_instruction() -> None:
    """Lowered by the window as it starts, not when its interpreter is up: starting one costs a
    core for about 0.1 s, while the window opens an article or takes tags."""
    child = suggestion_process._Child(None, suggestion_process.ENGINE_BUILDER)
    try:
        pid = child.process.pid
        assert pid is not None  # (its interpreter is not up yet: only the window can have lowered it)
        window = os.getpriority(os.PRIO_PROCESS, 0)
        assert os.getpriority(os.PRIO_PROCESS, pid) == min(19, window + suggestion_process.NICENESS)
    finally:
        child.close()


@pytest.mark.skipif(not hasattr(os, "getpriority"), reason="POSIX priorities")
def test_lowering_twice_lowers_once() -> None:
    import subprocess
    import sys

    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        window = os.getpriority(os.PRIO_PROCESS, 0)
        suggestion_process.lower_priority(sleeper.pid, window)
        suggestion_process.lower_priority(sleeper.pid, window)  # (the child's own step, after the window's)
        assert os.getpriority(os.PRIO_PROCESS, sleeper.pid) == min(19, window + suggestion_process.NICENESS)
    finally:
        sleeper.kill()
        sleeper.wait()


def busy_build(codebook, learning, cache, places=None):  # type: ignore[no-untyped-def]
    """In the child: an engine build that never ends (until the guard gives up)."""
    (Path(os.environ[GATE_ENV]) / "building").touch()
    deadline = time.monotonic() + GIVE_UP_S
    while time.monotonic() < deadline:
        time.sleep(0.01)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_the_child_ends_when_the_windows_process_is_killed(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys

    # A window's process that has the child building an engine, and is then killed: no exit
    # handlers run, as after a crash, and the child is busy (not waiting on the pipe, which would
    # tell it the window went away).
    script = (
        "import threading, time\n"
        "from annotator.assist.learning import ProjectLearning\n"
        "from annotator.services import suggestion_process\n"
        "if __name__ == '__main__':\n"
        f"    suggestion_process.ENGINE_BUILDER = '{__name__}:busy_build'\n"
        "    child = suggestion_process._the_child(None)\n"
        "    threading.Thread(target=child.call, args=('engine', 'k', (None, ProjectLearning(), None)), daemon=True).start()\n"
        "    print(child.process.pid, flush=True)\n"
        "    time.sleep(600)\n"
    )
    path = tmp_path / "window.py"
    path.write_text(script)
    gate = tmp_path / "gate"
    gate.mkdir()
    env = {**os.environ, GATE_ENV: str(gate), "PYTHONPATH": str(ROOT)}
    window = subprocess.Popen([sys.executable, str(path)], stdout=subprocess.PIPE, text=True, cwd=ROOT, env=env)
    try:
        assert window.stdout is not None
        child = int(window.stdout.readline())
        _wait_for(lambda: (gate / "building").exists(), "build in the child")
        os.kill(window.pid, signal.SIGKILL)
        window.wait()
        _wait_for(lambda: not _running(child), "end of the orphaned child")
    finally:
        window.kill()


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has ended
    except FileNotFoundError:
        return False


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS")) / 1024


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads resident memory from /proc")
def test_the_gazetteer_index_is_built_in_a_process_that_ends(codebook: Codebook, tmp_path: Path) -> None:
    """Built inside the suggestion child, the index's build left a few hundred MB in the child's
    heap for as long as the window stayed open; built apart, the caller only opens it."""
    cache = tmp_path / "cache"
    assert not Gazetteer(codebook, cache_dir=cache).index_built
    before = _rss_mb()
    suggestion_process.build_index_apart(codebook, cache)
    assert Gazetteer(codebook, cache_dir=cache).index_built
    assert _rss_mb() - before < 60  # the build itself peaks at several hundred MB
    mtime = Gazetteer(codebook, cache_dir=cache).index_path.stat().st_mtime_ns
    suggestion_process.build_index_apart(codebook, cache)  # once built, never again
    assert Gazetteer(codebook, cache_dir=cache).index_path.stat().st_mtime_ns == mtime


def test_the_windows_passes_carry_the_articles_outlet(sqlite_project, gate: Path) -> None:  # type: ignore[no-untyped-def]
    # The window asks the child with the article's source and address: a Kenyan outlet's mob in a
    # village the gazetteer lacks is Kenya's rioters (annotator.assist.outlets), as in-process.
    (gate / "go").touch()
    text = "A mob killed a suspected thief in Likoni on Saturday."
    remote = RemoteAssistant(sqlite_project, cache=CACHE)
    local = Assistant(sqlite_project, cache=CACHE)
    for assistant in (remote, local):
        found = assistant.suggest_text(text, PUBLISHED, "Daily Nation (Kenya)", "")
        assert [s.value["name"] for s in found if s.label == "actor"] == ["Rioters (Kenya)"]
        assert not [s for s in assistant.suggest_text(text, PUBLISHED) if s.label == "actor"]
