"""What a cold ``annotator suggest`` loads and does before its first suggestion (issue #13: one 3 KB
article in under 0.5 s from a cold process; tests/benchmarks/bench_assist.py measures the time).

The figures behind each boundary are in docs/benchmarks.md: pydantic and the codebook's model
building cost ~90 ms of a cold codebook read, the coding services ~20-40 ms, and the cycle
collector's passes over start-up's objects ~0.1 s.
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys

import pytest

from annotator.services.demo import load_demo
from annotator.services.project import open_project
from annotator.services.project_learning import project_learning
from annotator.services.suggestions import build_engine


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("startup") / "demo.db"
    load_demo(f"sqlite:///{path}")
    return str(path)


def _loaded_after(code: str, names: tuple[str, ...]) -> list[str]:
    """Which of ``names`` a fresh interpreter has imported after running ``code``."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(m for m in {names!r} if m in sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_reading_a_codebook_needs_no_pydantic() -> None:
    code = (
        "from annotator.domain.codebook import load_codebook\n"
        "from annotator.resources import default_codebook_path\n"
        "assert load_codebook(default_codebook_path()).labels"
    )
    assert _loaded_after(code, ("pydantic",)) == []


def test_the_suggestion_engine_needs_neither_pydantic_nor_the_database() -> None:
    code = "from annotator.assist.suggest import SuggestionEngine, engine_with_learning"
    assert _loaded_after(code, ("pydantic", "sqlalchemy")) == []


def test_suggest_leaves_the_coding_services_and_the_model_libraries_unloaded(demo_db: str) -> None:
    # The demo project has fewer coded events than a sub-event model needs: no NumPy/SciPy either.
    code = (
        "from annotator.cli import main\n"
        f"assert main(['suggest', '--article', 'sample-002', '--json', '--db', {demo_db!r}]) == 0"
    )
    loaded = _loaded_after(code, ("annotator.services.annotate", "numpy", "scipy"))
    assert loaded == []
    # Nor the data models (pydantic classes, ~60 ms to build): the store reads the learning as rows.
    assert _loaded_after(code, ("annotator.domain.models", "annotator.domain.provenance", "pydantic")) == []


def test_the_engine_is_built_with_the_collector_paused(demo_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from annotator.assist.suggest import SuggestionEngine

    collecting: list[bool] = []
    prepare = SuggestionEngine.prepare

    def noting(engine: SuggestionEngine) -> None:
        collecting.append(gc.isenabled())
        prepare(engine)
        collecting.append(gc.isenabled())

    monkeypatch.setattr(SuggestionEngine, "prepare", noting)
    project = open_project(demo_db)
    try:
        engine = build_engine(project.codebook, project_learning(project))
    finally:
        project.close()
    # Tens of thousands of cycle-free objects: collections while they are made walk the heap for nothing.
    assert collecting == [False, False]
    assert gc.isenabled()
    assert engine.suggest("Protesters marched in Nairobi on Monday.", published=None)
