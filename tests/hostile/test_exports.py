"""Exports after a killed export, under the user's umask, and with names Windows reserves (issue 14)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.formats.atomic import sweep_stale_parts
from tests.hostile.make_corpus import good


def _dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "pass"], check=True)
    assert done.returncode == 0
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    ids = ["CON", "aux", "LPT1", "nul.txt", "Com3", "con", "plain"]
    src = tmp_path / "src.jsonl"
    src.write_text("".join(json.dumps(good(i)) + "\n" for i in ids), encoding="utf-8")
    path = str(tmp_path / "p.db")
    assert main(["import", str(src), "--db", path]) == 0
    capsys.readouterr()
    return path


@pytest.fixture
def umask() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_a_killed_exports_leftovers_are_removed_by_the_next(db: str, tmp_path: Path) -> None:
    out = tmp_path / "out" / "corpus.jsonl"
    out.parent.mkdir()
    dead, alive = _dead_pid(), os.getppid()
    stale_file = out.parent / f".corpus.jsonl.{dead}-0badcafe.part"
    stale_file.write_text('{"half": ', encoding="utf-8")
    stale_second = out.parent / f".corpus.jsonl.{dead}-0badcafe.part2"
    stale_second.write_text("half", encoding="utf-8")
    running = out.parent / f".corpus.jsonl.{alive}-0badcafe.part"
    running.write_text("still being written", encoding="utf-8")
    someone_elses = out.parent / f".other.jsonl.{dead}-0badcafe.part"
    someone_elses.write_text("not ours", encoding="utf-8")
    assert main(["export", "--format", "jsonl", "-o", str(out), "--db", db]) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 7
    assert not stale_file.exists() and not stale_second.exists()
    assert running.exists() and someone_elses.exists()


def test_a_brat_folder_moved_aside_by_a_killed_export_is_put_back(db: str, tmp_path: Path) -> None:
    target = tmp_path / "brat"
    dead = _dead_pid()
    aside = tmp_path / f".brat.{dead}-0badcafe.old"
    aside.mkdir()
    (aside / "annotation.conf").write_text("[entities]\n", encoding="utf-8")
    half = tmp_path / f".brat.{dead}-0badcafe.part"
    half.mkdir()
    assert sweep_stale_parts(target) == 2
    assert (target / "annotation.conf").exists() and not aside.exists() and not half.exists()
    assert main(["export", "--format", "brat", "-o", str(target), "--db", db]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brat", "p.db", "src.jsonl"]


@pytest.mark.parametrize(("mask", "file_mode", "dir_mode"), [(0o022, 0o644, 0o755), (0o077, 0o600, 0o700)])
def test_exports_follow_the_umask(
    db: str, tmp_path: Path, umask: None, mask: int, file_mode: int, dir_mode: int
) -> None:
    os.umask(mask)
    for fmt, name in (("jsonl", "c.jsonl"), ("acled", "e.csv"), ("conll", "t.conll")):
        out = tmp_path / name
        assert main(["export", "--format", fmt, "-o", str(out), "--db", db]) == 0
        assert stat.S_IMODE(out.stat().st_mode) == file_mode, fmt
    brat = tmp_path / "brat"
    assert main(["export", "--format", "brat", "-o", str(brat), "--db", db]) == 0
    assert stat.S_IMODE(brat.stat().st_mode) == dir_mode
    assert {stat.S_IMODE(p.stat().st_mode) for p in brat.iterdir()} == {file_mode}


def test_brat_file_names_are_safe_on_windows(db: str, tmp_path: Path) -> None:
    brat = tmp_path / "brat"
    assert main(["export", "--format", "brat", "-o", str(brat), "--db", db]) == 0
    reserved = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)), *(f"LPT{n}" for n in range(1, 10))}
    names = [p.name for p in brat.iterdir() if p.suffix == ".ann"]
    assert len(names) == 7
    for name in names:
        assert name.split(".")[0].upper() not in reserved, name
    lowered = [n.lower() for n in names]
    assert len(set(lowered)) == len(lowered)  # CON and con do not meet on a case-insensitive disk
