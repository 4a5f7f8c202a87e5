"""Detecting a missing display before Qt aborts the process on it."""

from __future__ import annotations

import os
import sys

from annotator.domain.errors import UserError

NO_DISPLAY_MESSAGE = (
    "no display was found, so the window cannot open.\n"
    "  - On a desktop, run annotator from a graphical session.\n"
    "  - Over SSH, use 'ssh -X' or a virtual display (xvfb-run annotator).\n"
    "  - To render the window without a display: QT_QPA_PLATFORM=offscreen annotator screenshot out.png --demo\n"
    "  - Everything else works without a display: annotator import/export/articles/db."
)


def ensure_display() -> None:
    """Raise a clear UserError where Qt would abort for lack of a display (Linux/BSD only)."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd")):
        return
    if os.environ.get("QT_QPA_PLATFORM"):
        return
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return
    raise UserError(NO_DISPLAY_MESSAGE)
