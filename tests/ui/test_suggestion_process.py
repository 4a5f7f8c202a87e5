"""The suggestion engine runs in a process of its own: tagging never waits for it (issue 8).

The engine's build is held at a gate the test opens (a file): the child process announces that it
is building and waits. Everything the coder does meanwhile happens before the gate opens, by
construction: if anything in the window waited for the engine, the test itself (on the GUI
thread) could never open the gate, and the child would give up waiting and say so. No timings.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer

from tests.ui.conftest import select_cp, stored

GATE_ENV = "ANNOTATOR_TEST_ENGINE_GATE"
GIVE_UP_S = 120  # the gated build's guard against a test that never opens the gate


def gated_build(codebook, learning, cache, places=None):  # type: ignore[no-untyped-def]
    """In the child: say the build started, wait for the gate, then build the real engine."""
    from annotator.services.suggestions import build_engine

    folder = Path(os.environ[GATE_ENV])
    (folder / "building").write_text(str(os.getpid()))
    deadline = time.monotonic() + GIVE_UP_S
    while not (folder / "open").exists():
        if time.monotonic() > deadline:
            (folder / "gave-up").touch()  # the window must have held the test up
            break
        time.sleep(0.02)
    return build_engine(codebook, learning, cache, places)


@pytest.fixture
def gate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Iterator[Path]:
    from annotator.services import suggestion_process
    from annotator.ui.coding import suggestions

    folder = tmp_path / "gate"
    folder.mkdir()
    cache = getattr(request.config, "cache", None)
    gazetteers = Path(cache.mkdir("annotator-gazetteer")) if cache is not None else tmp_path / "gazetteer"
    monkeypatch.setenv(GATE_ENV, str(folder))  # the child inherits it when spawned
    monkeypatch.setattr(suggestion_process, "ENGINE_BUILDER", f"{__name__}:gated_build")
    monkeypatch.setattr(suggestions, "CACHE_DIR", gazetteers)
    suggestion_process.stop()  # a fresh child, with the gated builder
    yield folder
    suggestion_process.stop()


@pytest.fixture
def threaded(qtbot, ui_db) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """The real window with the app's threaded task runner (not the tests' synchronous one: there
    a suggestion pass runs inline by design) and suggestions on."""
    from annotator.ui.common.settings import Settings
    from annotator.ui.main_window import MainWindow

    settings = Settings(str(ui_db["settings"]))
    settings.coder = "tester"
    settings.set("view/suggestions", True)
    w = MainWindow(str(ui_db["url"]), settings=settings)
    qtbot.addWidget(w)
    w.resize(1300, 850)
    w.show()
    w.load()
    qtbot.waitUntil(lambda: w.coding.controller.doc is not None and not w.coding.controller.loading, timeout=20_000)
    yield w
    w.close()


def test_tags_go_through_while_the_engine_is_still_loading(qtbot, threaded, ui_db, gate) -> None:  # type: ignore[no-untyped-def]
    import gc

    from annotator.assist.places import Gazetteer
    from annotator.services import suggestion_process

    def loaded() -> set[int]:
        return {id(g) for g in gc.get_objects() if isinstance(g, Gazetteer) and g._loaded}

    before = loaded()
    w = threaded
    c, view, layer = w.coding.controller, w.coding.view, w.coding.suggestions
    c.open_article(ui_db["ids"]["plain"])
    qtbot.waitUntil(lambda: c.doc is not None and c.doc.id == ui_db["ids"]["plain"] and not c.loading, timeout=20_000)
    qtbot.waitUntil(lambda: (gate / "building").exists(), timeout=60_000)  # the child is in the build
    child = int((gate / "building").read_text())
    assert child != os.getpid() and child == suggestion_process.child_pid()
    assert w.statusBar().currentMessage() == "Loading suggestions…"

    # The event loop keeps turning: a timer counts its turns.
    turns = [0]
    ticker = QTimer()
    ticker.timeout.connect(lambda: turns.__setitem__(0, turns[0] + 1))
    ticker.start(0)
    text = c.doc.text
    tagged = []
    try:
        for word, key in (("Nairobi", Qt.Key.Key_L), ("Police", Qt.Key.Key_A), ("Monday", Qt.Key.Key_D)):
            start = text.index(word)
            select_cp(view, start, start + len(word))
            view.setFocus()
            qtbot.keyClick(view, key)
            tagged.append((start, start + len(word), word))
            seen = turns[0]
            qtbot.waitUntil(lambda seen=seen: turns[0] >= seen + 3, timeout=10_000)
            # Saved and shown while the engine still waits at the gate.
            assert [(s.start, s.end, s.text) for s in stored(w).spans] == sorted(tagged)
            assert len(view.index) == len(tagged)
            assert not layer.ready and not (gate / "open").exists() and not (gate / "gave-up").exists()
    finally:
        ticker.stop()

    (gate / "open").touch()
    qtbot.waitUntil(lambda: layer.ready, timeout=120_000)
    assert not (gate / "gave-up").exists()  # the gate was opened by the test, not by the guard
    shown = {(s.label, s.text) for s in layer.shown}
    # The pass came back with this article's suggestions; the words the coder tagged with the
    # suggested label are not offered again.
    assert ("location", "Nairobi") not in shown and ("date", "Monday") not in shown
    assert {s.text for s in layer.all} >= {"Nairobi", "Monday"}
    assert loaded() == before  # no gazetteer was loaded in the window's process


def test_a_suggestion_process_that_dies_is_said_and_the_next_pass_starts_a_new_one(
    qtbot, threaded, ui_db, gate
) -> None:  # type: ignore[no-untyped-def]
    import signal

    from annotator.services import suggestion_process

    w = threaded
    c, layer = w.coding.controller, w.coding.suggestions
    c.open_article(ui_db["ids"]["plain"])
    qtbot.waitUntil(lambda: (gate / "building").exists(), timeout=60_000)
    first = int((gate / "building").read_text())
    os.kill(first, signal.SIGKILL)
    qtbot.waitUntil(lambda: layer._failed, timeout=20_000)
    assert "the suggestion process ended unexpectedly" in w.statusBar().currentMessage()
    # The coder turns suggestions off and on again: a new process serves them.
    (gate / "building").unlink()
    (gate / "open").touch()
    layer.set_enabled(False)
    layer.set_enabled(True)
    qtbot.waitUntil(lambda: layer.ready, timeout=120_000)
    assert suggestion_process.child_pid() not in (None, first)
    assert any(s.text == "Nairobi" for s in layer.all)
