"""Windows open at their preferred size, or at the screen's size when the screen is smaller."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize ``widget`` to width×height, shrunk to the available area of its screen (a 1366×768 or
    1024×640 laptop, less its panels): a window larger than the screen opens with its right side
    and bottom (the status bar, a dialog's buttons) out of reach."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        area = screen.availableGeometry()
        width, height = min(width, area.width()), min(height, area.height())
    widget.resize(width, height)
