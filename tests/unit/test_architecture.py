"""Layers import only downwards, no module imports one that imports it back, and Qt stays in the ui
layer; the PySide6 pin protects Python 3.11."""

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


def _cycles(graph: object) -> list[list[str]]:
    """Groups of modules that import each other, directly or through others (Tarjan's algorithm)."""
    imports = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in sorted(graph.modules)}  # type: ignore[attr-defined]
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(start: str) -> None:
        # Iterative, so a deep import chain cannot hit the recursion limit.
        work = [(start, iter(imports[start]))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            module, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(imports[child])))
                elif child in on_stack:
                    low[module] = min(low[module], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[module])
            if low[module] == index[module]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == module:
                        break
                if len(group) > 1:
                    found.append(sorted(group))

    for module in imports:
        if module not in index:
            visit(module)
    return found


def test_no_import_cycles_anywhere_in_the_package() -> None:
    """Every import counts, also those under TYPE_CHECKING and inside functions."""
    import grimp  # installed with import-linter

    graph = grimp.build_graph("annotator", include_external_packages=False)
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    class Graph:
        modules = frozenset({"a", "b", "c", "d"})

        def find_modules_directly_imported_by(self, module: str) -> set[str]:
            return {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}[module]

    assert _cycles(Graph()) == [["a", "b", "c"]]


def test_pyside6_pin_excludes_6_12_on_python_3_11() -> None:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    pinned = [d for d in deps if d.startswith("PySide6") and "python_version<'3.12'" in d.replace(" ", "")]
    assert pinned and "<6.12" in pinned[0]
    if sys.version_info < (3, 12):
        from importlib.metadata import version

        major, minor = (int(x) for x in version("PySide6").split(".")[:2])
        assert (major, minor) < (6, 12)
