"""A pytest plugin that makes importing Qt fail, to prove the Qt-free layers never import it.

Run as ``pytest -p no:pytest-qt -p tests.block_qt tests/unit tests/store`` (``.ci/run`` does). From
the moment this module is loaded, importing PySide6 or shiboken6 (or any submodule) raises
ImportError, so a test reaching Qt through domain/store/services/formats/assist/cli fails loudly
instead of passing. Tests that need Qt carry the ``qt`` marker (every test under tests/ui gets it
from tests/conftest.py) and are skipped here.

pytest-qt imports PySide6 while pytest configures itself, so it must be disabled for this run; the
plugin refuses to run otherwise rather than block a module that is already loaded.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from collections.abc import Sequence
from types import ModuleType

import pytest

BLOCKED = frozenset({"PySide6", "shiboken6"})


class QtBlocker(importlib.abc.MetaPathFinder):
    """A finder placed first on sys.meta_path that refuses the Qt packages."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname.partition(".")[0] in BLOCKED:
            raise ImportError(f"{fullname} is blocked in this test run: this code path must not import Qt")
        return None


def qt_loaded() -> list[str]:
    return sorted(name for name in sys.modules if name.partition(".")[0] in BLOCKED)


def install() -> QtBlocker:
    for finder in sys.meta_path:
        if isinstance(finder, QtBlocker):
            return finder
    blocker = QtBlocker()
    sys.meta_path.insert(0, blocker)
    return blocker


install()


def pytest_configure(config: pytest.Config) -> None:
    if config.pluginmanager.has_plugin("pytest-qt"):
        raise pytest.UsageError("tests.block_qt blocks PySide6: run it with -p no:pytest-qt")
    loaded = qt_loaded()
    if loaded:
        raise pytest.UsageError(f"Qt was imported before tests.block_qt was loaded: {', '.join(loaded[:3])}")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    skip = pytest.mark.skip(reason="needs Qt; PySide6 is blocked in this run")
    for item in items:
        if item.get_closest_marker("qt") is not None:
            item.add_marker(skip)


def pytest_sessionfinish(session: pytest.Session) -> None:
    # The finder refuses every import, but a module loaded by other means (a C extension pulling
    # in shiboken6, say) would still show here.
    loaded = qt_loaded()
    if loaded:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        print(f"\nQt was loaded during the Qt-blocked run: {', '.join(loaded[:5])}", file=sys.stderr)
