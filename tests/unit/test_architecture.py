"""Layers import only downwards and Qt stays in the ui layer; the PySide6 pin protects Python 3.11."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "annotator"
QT_FREE = ("domain", "store", "formats", "assist", "services")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", QT_FREE)
def test_no_qt_below_the_ui_layer(layer: str) -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for p in (PACKAGE / layer).rglob("*.py")
        if any(n.split(".")[0] == "PySide6" for n in _imports(p))
    ]
    assert offenders == []


def test_domain_imports_neither_database_nor_qt() -> None:
    for p in (PACKAGE / "domain").rglob("*.py"):
        roots = {n.split(".")[0] for n in _imports(p)}
        assert not roots & {"sqlalchemy", "sqlmodel", "alembic", "psycopg", "PySide6"}, p


def test_import_linter_contracts_hold() -> None:
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip("import-linter not installed")
    done = subprocess.run([exe], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_pyside6_pin_excludes_6_12_on_python_3_11() -> None:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    pinned = [d for d in deps if d.startswith("PySide6") and "python_version<'3.12'" in d.replace(" ", "")]
    assert pinned and "<6.12" in pinned[0]
    if sys.version_info < (3, 12):
        from importlib.metadata import version

        major, minor = (int(x) for x in version("PySide6").split(".")[:2])
        assert (major, minor) < (6, 12)
