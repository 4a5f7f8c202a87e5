"""Render resources/icons/annotator.svg to the PNG sizes desktops and PyInstaller use.

    QT_QPA_PLATFORM=offscreen python packaging/tools/make_icon.py

Writes annotator.png (256 px) and annotator-48.png beside the SVG. QtSvg is used here only, at
build time: the app itself loads the PNG.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parents[2] / "resources" / "icons"


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / "annotator.svg"))
    for size, name in ((256, "annotator.png"), (48, "annotator-48.png")):
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        image.save(str(ICONS / name))
        print(ICONS / name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
