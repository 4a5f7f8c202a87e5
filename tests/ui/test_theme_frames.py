"""Text fields and check boxes can be seen on the dark theme: Fusion framed them a shade darker
than the window, black on near-black, so an empty field or an unticked box was invisible."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QCheckBox, QLineEdit, QStyleFactory, QWidget

from annotator.ui.common.theme import DARK, LIGHT, FramedFusion, Theme, palette


def _edge_contrast(widget: QWidget, theme: Theme) -> float:
    """How far the field's left edge is from the colour around it and inside it (0-255 lightness)."""
    widget.setPalette(palette(theme))
    widget.resize(widget.sizeHint())
    image = widget.grab().toImage()
    y = image.height() // 2
    around, inside = QColor(theme.window).lightness(), QColor(theme.base).lightness()
    edge = [QColor(image.pixel(x, y)).lightness() for x in range(3)]
    return max(min(abs(v - around), abs(v - inside)) for v in edge)


def _box(kind: str) -> QWidget:
    # A check box without text: its left edge is the indicator's frame.
    return QLineEdit() if kind == "field" else QCheckBox()


@pytest.mark.parametrize("kind", ["field", "checkbox"])
def test_fields_and_check_boxes_are_framed_on_the_dark_theme(qtbot, kind) -> None:  # type: ignore[no-untyped-def]
    framed, plain = _box(kind), _box(kind)
    for w in (framed, plain):
        qtbot.addWidget(w)
    framed.setStyle(FramedFusion())
    plain.setStyle(QStyleFactory.create("Fusion"))
    assert _edge_contrast(plain, DARK) < 12  # what Fusion alone gives: next to nothing
    assert _edge_contrast(framed, DARK) >= 20


def test_the_light_theme_is_drawn_as_fusion_draws_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    framed, plain = QLineEdit("Nairobi"), QLineEdit("Nairobi")
    for w in (framed, plain):
        qtbot.addWidget(w)
        w.setPalette(palette(LIGHT))
        w.resize(200, w.sizeHint().height())
    framed.setStyle(FramedFusion())
    plain.setStyle(QStyleFactory.create("Fusion"))
    assert framed.grab().toImage() == plain.grab().toImage()
