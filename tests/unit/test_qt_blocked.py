"""The Qt blocker used by CI's second test run, and the proof it gives: the layers below ui import no Qt."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.block_qt import QtBlocker

ROOT = Path(__file__).resolve().parents[2]


def test_the_blocker_refuses_qt_and_nothing_else() -> None:
    blocker = QtBlocker()
    for name in ("PySide6", "PySide6.QtCore", "shiboken6"):
        with pytest.raises(ImportError, match="must not import Qt"):
            blocker.find_spec(name, None)
    assert blocker.find_spec("json", None) is None
    assert blocker.find_spec("PySide6ish", None) is None


_IMPORT_ALL = """
import importlib, pkgutil, sys
import tests.block_qt
try:
    import PySide6
except ImportError:
    pass
else:
    raise SystemExit("the blocker let PySide6 through")
import annotator
names = []
for layer in ("domain", "store", "formats", "assist", "services", "cli"):
    package = importlib.import_module(f"annotator.{layer}")
    names.append(package.__name__)
    for info in pkgutil.walk_packages(package.__path__, prefix=f"annotator.{layer}."):
        if not info.name.startswith("annotator.store.migrations"):
            names.append(info.name)
for name in names:
    importlib.import_module(name)
print(len(names), sorted(m for m in sys.modules if m.partition(".")[0] in ("PySide6", "shiboken6")))
"""


def test_every_module_below_ui_and_the_cli_imports_with_qt_blocked() -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run(
        [sys.executable, "-c", _IMPORT_ALL], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    count, loaded = done.stdout.split(" ", 1)
    assert int(count) > 40 and loaded.strip() == "[]"
