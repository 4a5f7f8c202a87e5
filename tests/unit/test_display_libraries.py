"""Before Qt starts on X11, missing system libraries are named with the packages to install, instead
of Qt's abort naming libxcb-cursor0 whatever is missing. Qt-free: runs in the Qt-blocked pass too."""

from __future__ import annotations

import ctypes
import re
import sys
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.domain.errors import UserError
from annotator.ui import display
from annotator.ui.display import (
    XCB_PACKAGES,
    ensure_xcb_libraries,
    ldd_libraries,
    missing_xcb_libraries,
    parse_ldd,
    uses_xcb,
    xcb_plugin,
)

ROOT = Path(__file__).resolve().parents[2]
X11 = {"DISPLAY": ":0"}

# What ldd printed for PySide6 6.11's libqxcb.so on a Debian 12 machine without libxcb-icccm4 and
# libxcb-keysyms1 (shortened).
LDD_OUTPUT = """\
\tlinux-vdso.so.1 (0x00007ffd1a5f2000)
\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/plugins/platforms/../../lib/libQt6XcbQpa.so.6 (0x00007f8e7613b000)
\tlibGL.so.1 => /lib/x86_64-linux-gnu/libGL.so.1 (0x00007f8e75579000)
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f8e7611d000)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\t/lib64/ld-linux-x86-64.so.2 (0x00007f8e7620b000)
"""


def _all_present(_plugin: Path) -> dict[str, bool]:
    return dict.fromkeys(XCB_PACKAGES, True)


def _without(*names: str):  # type: ignore[no-untyped-def]
    return lambda plugin: {**_all_present(plugin), **dict.fromkeys(names, False)}


def _never(_plugin: Path) -> dict[str, bool]:
    raise AssertionError("the libraries were checked though Qt will not use xcb")


def test_ldd_output_is_read_as_found_and_not_found() -> None:
    found = parse_ldd(LDD_OUTPUT)
    assert found == {
        "libQt6XcbQpa.so.6": True,
        "libGL.so.1": True,
        "libxcb-cursor.so.0": True,
        "libxcb-icccm.so.4": False,
        "libxcb-keysyms.so.1": False,
    }


def test_missing_libraries_are_named_with_the_debian_packages() -> None:
    with pytest.raises(UserError) as caught:
        ensure_xcb_libraries(lambda _p: parse_ldd(LDD_OUTPUT), plugin=Path("libqxcb.so"), env=X11)
    message = str(caught.value)
    assert "libxcb-icccm.so.4, libxcb-keysyms.so.1" in message
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1\n" in message
    assert "libxcb-cursor0" not in message  # present here, whatever Qt would have said


def test_nothing_missing_raises_nothing() -> None:
    ensure_xcb_libraries(_all_present, lambda _name: True, plugin=Path("libqxcb.so"), env=X11)


def test_a_library_loaded_at_run_time_is_looked_up_in_the_linker_cache() -> None:
    listed = {k: True for k in XCB_PACKAGES if k != "libxcb-cursor.so.0"}
    assert missing_xcb_libraries(Path("p"), lambda _p: listed, lambda _name: False) == ["libxcb-cursor.so.0"]
    assert missing_xcb_libraries(Path("p"), lambda _p: listed, lambda name: name == "libxcb-cursor.so.0") == []


def test_an_unknown_library_is_named_without_a_package() -> None:
    with pytest.raises(UserError, match=r"provide libQt6Core\.so\.6") as caught:
        ensure_xcb_libraries(_without("libQt6Core.so.6"), plugin=Path("p"), env=X11)
    assert "apt-get" not in str(caught.value)


@pytest.mark.parametrize(
    ("env", "platform", "xcb"),
    [
        ({"DISPLAY": ":0"}, "linux", True),
        ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, "linux", False),
        ({"QT_QPA_PLATFORM": "xcb"}, "linux", True),
        ({"QT_QPA_PLATFORM": "xcb:dpi=96"}, "linux", True),
        ({"QT_QPA_PLATFORM": "wayland;xcb", "DISPLAY": ":0"}, "linux", False),
        ({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
        ({}, "linux", False),
        ({"DISPLAY": ":0"}, "darwin", False),
    ],
)
def test_the_check_runs_only_where_qt_will_use_xcb(env: dict[str, str], platform: str, xcb: bool) -> None:
    assert uses_xcb(env, platform) is xcb
    if not xcb and platform == sys.platform:
        ensure_xcb_libraries(_never, plugin=Path("p"), env=env)


def test_the_app_command_exits_1_with_the_message_before_loading_qt(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("the xcb platform is Linux only")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr(display, "xcb_plugin", lambda: Path("libqxcb.so"))
    monkeypatch.setattr(display, "ldd_libraries", _without("libxcb-keysyms.so.1"))
    monkeypatch.setattr(display, "_in_linker_cache", lambda _name: True)
    assert main(["open", "--db", str(tmp_path / "x.db")]) == 1
    err = capsys.readouterr().err
    assert "sudo apt-get install libxcb-keysyms1" in err and "Traceback" not in err


def test_ldd_agrees_with_the_dynamic_loader_on_this_machine() -> None:
    """The real lookup, on whatever this machine has: ldd's verdict is what loading the library gives."""
    plugin = xcb_plugin()
    if plugin is None or not sys.platform.startswith("linux"):
        pytest.skip("PySide6's xcb plugin is not installed here")
    found = ldd_libraries(plugin)
    if found is None:
        pytest.skip("ldd is not available")
    assert set(XCB_PACKAGES) <= set(found)  # the table is what this PySide6's plugin loads
    for name, ok in found.items():
        if name not in XCB_PACKAGES:
            continue
        try:
            ctypes.CDLL(name)
            loads = True
        except OSError:
            loads = False
        assert loads is ok, name


def test_the_readme_lists_every_package_the_check_names() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## System packages", 1)[1].split("\n## ", 1)[0]
    command = re.search(r"sudo apt-get install ([^\n`]+)", section)
    assert command is not None
    assert set(command.group(1).split()) == set(XCB_PACKAGES.values())
