"""The database commands on files that are not Annotator databases, or are damaged: one line saying
what is wrong, exit 1, no traceback, nothing created or changed, no empty backup left (issue 14)."""

from __future__ import annotations

import os
import random
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.cli import main
from tests.hostile.make_corpus import good

COMMANDS = (["db", "check"], ["db", "backup"], ["db", "upgrade"], ["articles"])
# Every other command that works on a project that must already exist (import, demo, gazetteer add
# and New project are the ones that make one).
PROJECT_COMMANDS = (
    ["assign", "--coders", "ann,bob"],
    ["unassign", "--coders", "ann"],
    ["progress"],
    ["pack", "--coder", "ann", "-o", "PACK"],
    ["export", "--format", "jsonl", "-o", "OUT"],
    ["agreement"],
    ["adjudicate", "--auto"],
    ["suggest", "--all"],
    ["gazetteer", "count"],
    ["codebook", "show"],
    ["codebook", "export", "-o", "OUT"],
    ["codebook", "set", "CODEBOOK"],
    ["team", "list"],
    ["team", "add", "ann", "--role", "coder"],
)


def _project(path: Path) -> None:
    """A real project with a few hundred articles, so that it spans many pages."""
    import json

    src = path.parent / "src.jsonl"
    src.write_text("".join(json.dumps(good(f"a{i}")) + "\n" for i in range(300)), encoding="utf-8")
    assert main(["import", str(src), "--db", str(path)]) == 0


def _random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(1).randbytes(50_000))


def _text_file(path: Path) -> None:
    path.write_text("id,title,text\n1,a,b\n", encoding="utf-8")


def _folder(path: Path) -> None:
    path.mkdir()


def _other_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()


def _page_overwritten(path: Path) -> None:
    _project(path)
    with path.open("r+b") as f:
        f.seek(4096 * 3)
        f.write(random.Random(2).randbytes(4096))


def _truncated(path: Path) -> None:
    _project(path)
    os.truncate(path, path.stat().st_size // 2)


DAMAGE: dict[str, tuple[Callable[[Path], None], str]] = {
    "random-bytes": (_random_bytes, "not an Annotator database"),
    "text-file": (_text_file, "not an Annotator database"),
    "folder": (_folder, "is a folder, not an Annotator database"),
    "other-sqlite": (_other_sqlite, "not an Annotator database"),
    "page-overwritten": (_page_overwritten, "damaged"),
    "truncated": (_truncated, "damaged"),
}


def _state(path: Path) -> object:
    if path.is_dir():
        return sorted(p.name for p in path.iterdir())
    return path.read_bytes() if path.exists() else None


@pytest.mark.parametrize("damage", sorted(DAMAGE))
@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_a_damaged_or_foreign_file_is_named_and_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], damage: str, command: list[str]
) -> None:
    make, expected = DAMAGE[damage]
    path = tmp_path / "project.db"
    make(path)
    capsys.readouterr()
    before = _state(path)
    assert main([*command, "--db", str(path)]) == 1
    out = capsys.readouterr()
    said = out.err + out.out
    assert "Traceback" not in said and expected in said, said
    if damage == "page-overwritten" and command == ["db", "check"]:
        assert "damaged: page " in said
    assert _state(path) == before
    assert not (tmp_path / "backups").exists() or not any((tmp_path / "backups").iterdir())
    assert sorted(p.name for p in tmp_path.iterdir() if p.name not in ("src.jsonl", "backups")) == ["project.db"]


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_a_mistyped_path_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    path = tmp_path / "typo" / "projcet.db"
    assert main([*command, "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert "no such file" in err and err.count("\n") == 1
    assert not path.exists() and not path.parent.exists()


@pytest.mark.parametrize("command", PROJECT_COMMANDS, ids=[" ".join(c[:2]) for c in PROJECT_COMMANDS])
def test_a_mistyped_path_creates_nothing_for_any_project_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    from annotator.resources import default_codebook_path

    place = {"PACK": str(tmp_path / "pack.jsonl"), "OUT": str(tmp_path / "out.jsonl")}
    place["CODEBOOK"] = str(default_codebook_path())
    argv = [place.get(arg, arg) for arg in command]
    path = tmp_path / "typo" / "projcet.db"
    assert main([*argv, "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert "no such file" in err and str(path) in err and "Traceback" not in err, err
    assert not path.exists() and not path.parent.exists()
    assert not (tmp_path / "out.jsonl").exists() and not (tmp_path / "pack.jsonl").exists()
