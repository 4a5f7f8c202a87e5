"""Without a display the app explains itself instead of letting Qt abort."""

from __future__ import annotations

import subprocess
import sys

import pytest

from annotator.domain.errors import UserError
from annotator.ui.display import ensure_display


def test_ensure_display_raises_a_clear_error(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    if not sys.platform.startswith("linux"):
        pytest.skip("display detection applies to X11/Wayland systems")
    for var in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(var, raising=False)
    with pytest.raises(UserError, match="no display"):
        ensure_display()


def test_the_command_says_how_to_run_offscreen(tmp_path) -> None:  # type: ignore[no-untyped-def]
    if not sys.platform.startswith("linux"):
        pytest.skip("display detection applies to X11/Wayland systems")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "annotator", "--db", str(tmp_path / "x.db")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "no display" in done.stderr and "QT_QPA_PLATFORM=offscreen" in done.stderr
    assert "Aborted" not in done.stderr and "Traceback" not in done.stderr
