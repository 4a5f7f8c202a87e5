"""The Qt checks of ``annotator selftest``: display, platform plugin, its system libraries, and Qt
actually starting on it.

Qt aborts the whole process when its platform plugin cannot load, so the start is tried in a child
process (``annotator selftest --qt-probe``): a failure there is reported as a line, not a crash.
The checks before it need no Qt (``ui.display``).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

from annotator.services.selftest import REINSTALL, Check, Status
from annotator.ui.display import (
    XCB_PACKAGES,
    missing_xcb_libraries,
    platform_plugins,
    uses_xcb,
    xcb_plugin,
)

PROBE_FLAG = "--qt-probe"
NO_DISPLAY_FIX = "run from a desktop session, over 'ssh -X', or under 'xvfb-run annotator'"

Prober = Callable[[str], tuple[bool, str]]


def has_display(env: Mapping[str, str], platform: str | None = None) -> bool:
    if not (platform or sys.platform).startswith(("linux", "freebsd", "openbsd")):
        return True  # Windows and macOS always have their own window system
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def chosen_platform(env: Mapping[str, str]) -> str:
    """The Qt platform plugin the window would start on here."""
    chosen = env.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0]
    if chosen:
        return chosen
    if sys.platform == "win32":
        return "windows"
    if sys.platform == "darwin":
        return "cocoa"
    if not has_display(env):
        return "offscreen"  # no window here; screenshots and tests still render
    return "wayland" if env.get("WAYLAND_DISPLAY") else "xcb"


def self_command() -> list[str]:
    """How to run this same annotator again: the bundled program itself, or this Python."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "annotator"]


def run_probe(platform: str) -> tuple[bool, str]:
    """Start Qt on ``platform`` in a child process: (started, what it said)."""
    env = dict(os.environ, QT_QPA_PLATFORM=platform)
    try:
        done = subprocess.run(
            [*self_command(), "selftest", PROBE_FLAG],
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        return False, f"could not run the check: {exc}"
    if done.returncode == 0:
        return True, done.stdout.strip()
    # Qt's first line names the cause ("could not connect to display :0"); the later ones are its
    # general advice and the list of plugins.
    said = [ln.strip() for ln in (done.stderr or done.stdout).splitlines() if ln.strip()]
    return False, said[0] if said else f"exit code {done.returncode}"


def probe() -> int:
    """The child process: start a QGuiApplication and say which platform it runs on."""
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication(sys.argv[:1])
    sys.stdout.write(f"{app.platformName()}\n")
    return 0


def _plugin_dir() -> Path | None:
    return platform_plugins()


def qt_checks(env: Mapping[str, str] | None = None, *, prober: Prober | None = None) -> list[Check]:
    env = os.environ if env is None else env
    checks: list[Check] = []
    if has_display(env):
        checks.append(Check("display", Status.OK, env.get("WAYLAND_DISPLAY") or env.get("DISPLAY") or "the desktop"))
    else:
        checks.append(
            Check("display", Status.WARN, "none: the window cannot open here (all else works)", NO_DISPLAY_FIX)
        )
    platform = chosen_platform(env)
    folder = _plugin_dir()
    if folder is None:
        checks.append(Check("Qt platform plugin", Status.FAIL, "PySide6 (Qt) cannot be found", REINSTALL))
        return checks
    if sys.platform.startswith("linux"):
        plugin = folder / f"libq{platform}.so"
        if not plugin.exists():
            checks.append(
                Check(
                    "Qt platform plugin",
                    Status.FAIL,
                    f"'{platform}' is not in {folder}",
                    "unset QT_QPA_PLATFORM, or reinstall Annotator",
                )
            )
            return checks
        checks.append(Check("Qt platform plugin", Status.OK, f"{platform} ({plugin})"))
    if uses_xcb(env):
        missing = missing_xcb_libraries(xcb_plugin())
        if missing:
            packages = sorted({XCB_PACKAGES.get(name, name) for name in missing})
            checks.append(
                Check(
                    "Qt system libraries",
                    Status.FAIL,
                    "missing " + ", ".join(missing),
                    "sudo apt-get install " + " ".join(packages) + " (Debian/Ubuntu; README 'System packages')",
                )
            )
            return checks  # Qt would abort on them: the start is not tried
        checks.append(Check("Qt system libraries", Status.OK, "all found"))
    started, said = (prober or run_probe)(platform)
    if started:
        checks.append(Check("Qt start", Status.OK, f"Qt runs on '{said or platform}'"))
    else:
        checks.append(
            Check(
                "Qt start",
                Status.FAIL,
                f"Qt does not start on '{platform}': {said}",
                "check that DISPLAY names a running display you may use; README 'System packages'",
            )
        )
    return checks
