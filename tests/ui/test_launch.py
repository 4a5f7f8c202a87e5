"""The settings the window opens with: the demo codes as its samples' coder without renaming the user."""

from __future__ import annotations

from pathlib import Path

from annotator.ui.common.settings import Settings
from annotator.ui.launch import session_settings


def test_a_session_coder_is_used_but_never_stored(tmp_path: Path) -> None:
    path = str(tmp_path / "settings.ini")
    mine = Settings(path)
    mine.coder = "alice"
    mine.set("view/theme", "dark")
    mine.sync()
    demo = session_settings("demo", path)
    assert demo.coder == "demo" and demo.theme == "dark"  # the rest of the user's settings apply
    demo.coder = "bob"  # File > Coder name… in the demo
    assert demo.coder == "bob"
    demo.sync()
    assert Settings(path).coder == "alice"
    assert session_settings(None, path).coder == "alice"
