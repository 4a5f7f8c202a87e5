"""The built bundle runs as a user without Python runs it: --version, selftest, the demo without a
window, an offscreen screenshot, an import and an export (packaging/build.py's check_bundle).

Building takes minutes, so the test runs on a bundle already built: set ANNOTATOR_BUNDLE to its
folder (``python packaging/build.py && ANNOTATOR_BUNDLE=dist/annotator pytest -m slow tests/packaging``)."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = os.environ.get("ANNOTATOR_BUNDLE", "")


@pytest.mark.slow
@pytest.mark.skipif(not BUNDLE, reason="no bundle given (ANNOTATOR_BUNDLE=dist/annotator after packaging/build.py)")
def test_the_bundle_runs_without_python() -> None:
    spec = importlib.util.spec_from_file_location("build", ROOT / "packaging" / "build.py")
    assert spec is not None and spec.loader is not None
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    build.check_bundle(Path(BUNDLE).resolve())  # exits (SystemExit) naming the step that failed
