"""The benchmark harness leaves nothing in the system temporary folder."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.benchmarks.harness import CACHE_ENV, cache_dir, scratch_temp


def test_scratch_temp_holds_everything_made_inside_and_goes_away(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", None)
    monkeypatch.delenv(CACHE_ENV, raising=False)
    with scratch_temp() as scratch:
        made = Path(tempfile.mkdtemp(prefix="annotator-bench-"))
        (made / "big.db").write_bytes(b"x" * 1000)
        child = subprocess.run(
            [sys.executable, "-c", "import tempfile; print(tempfile.mkdtemp())"],
            capture_output=True,
            text=True,
            check=True,
        )
        cached = cache_dir() / "export.db"
        cached.write_bytes(b"x")
        for path in (made, Path(child.stdout.strip()), cached):
            assert path.is_relative_to(scratch)
    assert not scratch.exists()
    assert list(tmp_path.iterdir()) == []
    assert os.environ["TMPDIR"] == str(tmp_path) and tempfile.gettempdir() == str(tmp_path)


def test_a_named_cache_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "keep"))
    with scratch_temp(str(tmp_path)):
        (cache_dir() / "export.db").write_bytes(b"x")
    assert [p.name for p in tmp_path.iterdir()] == ["keep"]
    assert (tmp_path / "keep" / "export.db").exists()
