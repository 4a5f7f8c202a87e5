"""Checks made before the QApplication exists, where Qt would otherwise abort the process.

Two ways a window fails to open on Linux: there is no display at all, or Qt's X11 (xcb) platform
plugin cannot load because a system library is missing. Qt's own message for the second names
libxcb-cursor0 whatever is actually missing, then aborts; here the missing libraries are found first
and named with the Debian/Ubuntu packages that provide them.

This module imports no Qt: the checks run before PySide6 is loaded.
"""

from __future__ import annotations

import ctypes.util
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

from annotator.domain.errors import UserError

NO_DISPLAY_MESSAGE = (
    "no display was found, so the window cannot open.\n"
    "  - On a desktop, run annotator from a graphical session.\n"
    "  - Over SSH, use 'ssh -X' or a virtual display (xvfb-run annotator).\n"
    "  - To render the window without a display: QT_QPA_PLATFORM=offscreen annotator screenshot out.png --demo\n"
    "  - Everything else works without a display: annotator import/export/articles/db.\n"
    "  - 'annotator selftest' checks everything the app needs and says how to fix what is missing."
)

# The system libraries Qt's xcb platform needs, with the Debian/Ubuntu package of each: the NEEDED
# entries (objdump -p) of PySide6's plugins/platforms/libqxcb.so and of the Qt libraries it loads
# (libQt6XcbQpa, Gui, Widgets, DBus, Core), less what every Debian system has (libc, libstdc++, zlib,
# zstd). The README's "System packages" lists the same packages (a test keeps the two in step).
XCB_PACKAGES: dict[str, str] = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libdbus-1.so.3": "libdbus-1-3",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}

# Found with the linker's cache when the dynamic loader does not list them: Qt versions that load
# libxcb-cursor at run time rather than link it.
_LOADED_AT_RUN_TIME = ("libxcb-cursor.so.0",)

_LDD_LINE = re.compile(r"^\s*(\S+)\s+=>\s+(not found|\S+)")

Resolver = Callable[[Path], Mapping[str, bool] | None]


def ensure_display() -> None:
    """Raise a clear UserError where Qt would abort for lack of a display (Linux/BSD only)."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd")):
        return
    if os.environ.get("QT_QPA_PLATFORM"):
        return
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return
    raise UserError(NO_DISPLAY_MESSAGE)


def uses_xcb(env: Mapping[str, str] | None = None, platform: str | None = None) -> bool:
    """Whether Qt will start on its X11 (xcb) platform plugin."""
    env = os.environ if env is None else env
    if not (platform or sys.platform).startswith("linux"):
        return False
    chosen = env.get("QT_QPA_PLATFORM", "")
    if chosen:
        return chosen.split(":")[0].split(";")[0] == "xcb"
    return bool(env.get("DISPLAY")) and not env.get("WAYLAND_DISPLAY")


def platform_plugins() -> Path | None:
    """PySide6's folder of platform plugins, found without importing PySide6 (None: no PySide6)."""
    try:
        spec = importlib.util.find_spec("PySide6")
    except (ImportError, ValueError):  # a broken install, or an import hook refusing it
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "Qt" / "plugins" / "platforms"


def xcb_plugin() -> Path | None:
    """PySide6's xcb platform plugin, found without importing PySide6."""
    folder = platform_plugins()
    plugin = folder / "libqxcb.so" if folder is not None else None
    return plugin if plugin is not None and plugin.exists() else None


def ldd_libraries(library: Path) -> dict[str, bool] | None:
    """Every shared library ``library`` loads (directly or not), by name, and whether it was found.

    ldd asks the dynamic loader itself, so the answer is the one Qt will get. None where ldd is
    missing or fails (the check is then skipped and Qt reports for itself)."""
    ldd = shutil.which("ldd")
    if ldd is None:
        return None
    try:
        done = subprocess.run([ldd, str(library)], capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return parse_ldd(done.stdout) if done.returncode == 0 else None


def parse_ldd(output: str) -> dict[str, bool]:
    found: dict[str, bool] = {}
    for line in output.splitlines():
        m = _LDD_LINE.match(line)
        if m:
            found[m.group(1)] = found.get(m.group(1), False) or m.group(2) != "not found"
    return found


def _in_linker_cache(soname: str) -> bool:
    stem = soname.removeprefix("lib").split(".so")[0]
    return ctypes.util.find_library(stem) is not None


def missing_xcb_libraries(
    plugin: Path | None,
    resolve: Resolver | None = None,
    in_cache: Callable[[str], bool] | None = None,
) -> list[str]:
    """The shared libraries the xcb plugin needs that the system lacks (empty if none or unknown).

    ``resolve`` (default: ldd) and ``in_cache`` (default: the linker cache) are the look-ups."""
    if plugin is None:
        return []
    resolve = resolve or ldd_libraries
    in_cache = in_cache or _in_linker_cache
    libraries = resolve(plugin)
    if libraries is None:
        return []
    missing = [name for name, ok in libraries.items() if not ok]
    missing += [name for name in _LOADED_AT_RUN_TIME if name not in libraries and not in_cache(name)]
    return missing


def missing_libraries_message(missing: list[str]) -> str:
    packages = sorted({XCB_PACKAGES[name] for name in missing if name in XCB_PACKAGES})
    unknown = [name for name in missing if name not in XCB_PACKAGES]
    lines = ["the window cannot open: Qt's X11 platform needs system libraries that are missing: " + ", ".join(missing)]
    if packages:
        lines.append(f"  - On Debian or Ubuntu, install them with: sudo apt-get install {' '.join(packages)}")
    if unknown:
        lines.append(f"  - Install the packages that provide {', '.join(unknown)} (your distribution's search).")
    lines.append("  - README.md, 'System packages', lists every library Qt needs.")
    lines.append("  - Everything else works without the window: annotator import/export/articles/db.")
    lines.append("  - 'annotator selftest' checks everything the app needs and says how to fix what is missing.")
    return "\n".join(lines)


def ensure_xcb_libraries(
    resolve: Resolver | None = None,
    in_cache: Callable[[str], bool] | None = None,
    plugin: Path | None = None,
    env: Mapping[str, str] | None = None,
) -> None:
    """Raise a UserError naming the packages to install where the xcb plugin could not load."""
    if not uses_xcb(env):
        return
    missing = missing_xcb_libraries(plugin or xcb_plugin(), resolve, in_cache)
    if missing:
        raise UserError(missing_libraries_message(missing))
