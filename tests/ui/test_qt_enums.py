"""The coder's first tag makes no Qt enum class: the window made the ones the loop needs once it
was idle (ui/common/qt_enums). Each run is a new process: PySide makes each class once per process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

SCRIPT = textwrap.dedent(
    """
    import enum, json, sys
    from PySide6.QtWidgets import QApplication
    app = QApplication(["test"])
    import annotator.ui.coding.screen as screen
    from annotator.ui.common.settings import Settings
    from annotator.ui.main_window import MainWindow
    if sys.argv[3] == "without":
        screen.make_lazy_enums = lambda: 0  # the control: the window makes none ahead
    settings = Settings(sys.argv[2])
    settings.coder = "tester"
    settings.set("view/suggestions", False)
    window = MainWindow(sys.argv[1], settings=settings, synchronous=True)
    window.resize(1300, 850)
    window.show()
    window.load()
    for _ in range(20):
        app.processEvents()  # idle: the timer the open set has fired
    made = []
    make = enum.EnumType._create_
    def counted(cls, name, *args, **kwargs):
        made.append(name)
        return make(cls, name, *args, **kwargs)
    enum.EnumType._create_ = counted
    c = window.coding.controller
    text = c.doc.text
    start = text.index("Nairobi")
    c.tag("location", (start, start + len("Nairobi")))  # selected: listed as the current row
    window.coding.view.viewport().repaint()
    window.coding.spans_view.viewport().repaint()
    print(json.dumps({"spans": len(c.spans), "selected": c.selected_span, "made": made}))
    """
)


def _first_tag(ui_db, tmp_path: Path, mode: str) -> dict[str, object]:  # type: ignore[no-untyped-def]
    script = tmp_path / "first_tag.py"
    script.write_text(SCRIPT)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(Path(__file__).parents[2]))
    done = subprocess.run(
        [sys.executable, str(script), str(ui_db["url"]), str(ui_db["settings"]), mode],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_the_first_tag_makes_no_enum_class(ui_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    found = _first_tag(ui_db, tmp_path, "with")
    assert found["spans"] == 1 and found["selected"] == "s1"  # the tag landed and its row is painted selected
    assert found["made"] == []


def test_without_them_made_ahead_the_first_tag_makes_them(ui_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # The control: what the tag would make itself, so the test above can fail.
    found = _first_tag(ui_db, tmp_path, "without")
    assert found["spans"] == 1
    assert "Preset" in found["made"] and "CursorPosition" in found["made"]
