"""A window never opens larger than the screen: on a small laptop its right side and bottom
(the status bar, a dialog's buttons) would be out of reach (the main window opened at 1440×900
on a 1366×768 screen)."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget


def _fits(widget: QWidget) -> bool:
    screen = QGuiApplication.primaryScreen()
    assert screen is not None
    area = screen.availableGeometry()  # 800×800 on the offscreen platform
    return widget.width() <= area.width() and widget.height() <= area.height()


def test_the_main_window_opens_within_the_screen(qtbot: Any, ui_db: dict[str, object]) -> None:
    from annotator.ui.common.settings import Settings
    from annotator.ui.main_window import MainWindow

    window = MainWindow(str(ui_db["url"]), settings=Settings(str(ui_db["settings"])), synchronous=True)
    qtbot.addWidget(window)
    screen = QGuiApplication.primaryScreen()
    assert screen is not None
    area = screen.availableGeometry()
    # 900 high before: taller than this 800-high screen. (Its width stays at the window's minimum,
    # 960, wider than the offscreen screen but within any real one.)
    assert window.height() == min(900, area.height()) == 800


def test_a_window_asked_larger_than_the_screen_gets_the_screen(qtbot: Any) -> None:
    from annotator.ui.common.window_size import fit_to_screen

    review, small = QWidget(), QWidget()
    qtbot.addWidget(review)
    qtbot.addWidget(small)
    fit_to_screen(review, 1366, 768)  # the review window's size
    fit_to_screen(small, 460, 240)
    assert (review.width(), review.height()) == (800, 768) and _fits(review)
    assert (small.width(), small.height()) == (460, 240)  # smaller ones keep their size
