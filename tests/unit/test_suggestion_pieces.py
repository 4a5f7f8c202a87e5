"""What the window's process does while the suggestion engine loads (issue #13: no tag over 50 ms).

Anything that holds Python's lock in the window's process holds up a key press: pickling a large
project's learning in one message (the engine's spec, sent at the first pass and at each relearn),
and importing the pass's modules to receive its suggestions. The spec goes in pieces, and the
window receives suggestions with the light :mod:`annotator.assist.suggestion` only.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from annotator.assist.learning import CodedAlias, CodedExample, ProjectLearning
from annotator.services import suggestion_process
from annotator.services.suggestion_process import SPEC_ROWS, spec_joined, spec_pieces

ROOT = Path(__file__).parents[2]
OUT_ENV = "ANNOTATOR_TEST_SPEC_OUT"


def _large_learning() -> ProjectLearning:
    """A project that has coded a lot: more rows of each kind than one message carries."""
    return ProjectLearning(
        actors=tuple((f"Militia {i}", 3) for i in range(SPEC_ROWS + 7)),
        aliases=tuple(CodedAlias(f"gunmen {i}", f"Militia {i % 50}", 3, "Kenya") for i in range(2 * SPEC_ROWS + 1)),
        examples=tuple(CodedExample(f"Gunmen attacked village {i}. " * 8, "Violence", "Attack") for i in range(1500)),
        day_first=True,
        project="p-1",
    )


def test_a_large_spec_is_cut_into_pieces_that_make_it_whole_again(codebook) -> None:  # type: ignore[no-untyped-def]
    learning = _large_learning()
    spec = (codebook, learning, Path("/places.sqlite3"))
    head, pieces = spec_pieces(spec)
    # The head carries no rows; every piece at most SPEC_ROWS of one kind.
    assert head[1] == ProjectLearning(day_first=True, project="p-1")
    assert all(len(rows) <= SPEC_ROWS for _name, rows in pieces)
    assert sum(len(rows) for _name, rows in pieces) == len(learning.actors) + len(learning.aliases) + len(
        learning.examples
    )
    joined = spec_joined(head, pieces)
    assert joined == spec and joined[1].digest() == learning.digest()


def test_a_small_spec_is_one_message() -> None:
    head, pieces = spec_pieces((None, ProjectLearning(actors=(("Police", 1),)), None))  # type: ignore[arg-type]
    assert len(pieces) == 1 and spec_joined(head, pieces)[1].actors == (("Police", 1),)


class _Recorded:
    """In the child: an engine that only says what it was built from."""

    def analyse(self, text: str, *, published: Any, checkpoint: Any, source: str = "", url: str = "") -> Any:
        from annotator.assist.suggest import Analysis
        from annotator.assist.suggestion import Suggestion

        start = text.index("Nairobi")
        return Analysis([Suggestion(start, start + 7, "location", "Nairobi", {}, 0.9)], None, {})


def recording_build(codebook, learning, cache, places=None):  # type: ignore[no-untyped-def]
    out = Path(os.environ[OUT_ENV])
    out.write_text(json.dumps({"digest": learning.digest(), "aliases": len(learning.aliases)}))
    return _Recorded()


def test_the_child_builds_its_engine_from_the_spec_sent_in_pieces(codebook, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "built.json"
    monkeypatch.setenv(OUT_ENV, str(out))  # the child inherits it when spawned
    learning = _large_learning()
    spec = (codebook, learning, None)
    child = suggestion_process._Child(None, f"{__name__}:recording_build")
    sent: list[object] = []
    real_send = child._conn.send

    def send(obj: object) -> None:
        sent.append(obj)
        real_send(obj)

    child._conn.send = send  # type: ignore[method-assign]
    try:
        suggestion_process._teach(child, "k", spec)
        assert "k" in child.known
        assert json.loads(out.read_text()) == {"digest": learning.digest(), "aliases": len(learning.aliases)}
        # One message for the head, one per piece: none holds the whole learning.
        assert len(sent) == 1 + len(spec_pieces(spec)[1]) > 4
        assert all(len(rows) <= SPEC_ROWS for _name, rows in sent[1:])  # type: ignore[misc]
    finally:
        child.close()


def test_an_answer_is_received_with_the_cycle_collector_paused(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A long article's suggestions are ~100,000 objects without cycles: received (and made into
    suggestions) with the collector paused, whose full passes over them held Python's lock from
    the window's thread for 10-20 ms at a time; it runs again once they are in."""
    import gc

    monkeypatch.setenv(OUT_ENV, str(tmp_path / "built.json"))
    child = suggestion_process._Child(None, f"{__name__}:recording_build")
    try:
        suggestion_process._teach(child, "k", (None, ProjectLearning(), None))  # type: ignore[arg-type]
        assert gc.isenabled()
        _country, parts = child.call(
            "analyse", "k", ("Police fired in Nairobi.", None, "", ""), into=lambda p: (gc.isenabled(), p)
        )
        assert [(on, [row[3] for row in rows]) for on, rows in parts] == [(False, ["Nairobi"])]
        assert gc.isenabled()
    finally:
        child.close()


FAKE_BUILD = f"{__name__}:recording_build"


def test_receiving_suggestions_loads_none_of_the_pass(tmp_path: Path) -> None:
    """The window's process gets a pass's suggestions without importing the pass's modules (the
    first pass imported them on a pool thread while the coder tagged: 60-90 ms tags)."""
    url = f"sqlite:///{tmp_path / 'p.db'}"
    script = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from annotator.services import suggestion_process as sp\n"
        "from annotator.services.project import open_project\n"
        f"sp.ENGINE_BUILDER = {FAKE_BUILD!r}\n"
        "sp.build_index_apart = lambda codebook, cache: None  # (no gazetteer index: not what is tested)\n"
        f"project = open_project({url!r})\n"
        f"assistant = sp.RemoteAssistant(project, cache=Path({str(tmp_path)!r}))\n"
        "found = assistant.suggest_text('Police fired in Nairobi.', None)\n"
        "print(json.dumps([[s.text, s.label] for s in found]))\n"
        "print(json.dumps(sorted(m for m in sys.modules if m in ('annotator.assist.suggest', 'annotator.assist.dates'))))\n"
        "sp.stop()\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), OUT_ENV: str(tmp_path / "built.json")}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120
    )
    assert done.returncode == 0, done.stderr
    found, loaded = (json.loads(line) for line in done.stdout.strip().splitlines()[-2:])
    assert found == [["Nairobi", "location"]]
    assert loaded == []
