"""Qt enum classes the coding loop meets after start-up, made ahead of it.

PySide makes a Qt enum's Python class the first time it is needed, not when its module is
imported. Some are first needed in the middle of the coder's first tag:
- the span list's ``fillRect`` of the selected row is matched against every overload, one of
  which takes a ``QGradient.Preset`` (180 members);
- the span outline's ``QTextLine.cursorToX`` needs ``QTextLine.CursorPosition`` and ``Qt.Edge``;
- the first span formatted in the process needs ``QTextFormat``'s and ``QTextCharFormat``'s.
Making them took 12-20 ms of that tag (measured on a slow machine); the window makes them once it
is idle instead.
"""

from __future__ import annotations


def make_lazy_enums() -> int:
    """Make the enum classes above (a no-op once made, about 10 ms the first time); how many."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGradient, QTextCharFormat, QTextFormat, QTextLine

    made = (
        QGradient.Type,
        QGradient.Spread,
        QGradient.CoordinateMode,
        QGradient.InterpolationMode,
        QGradient.Preset,
        QTextLine.CursorPosition,
        Qt.Edge,
        QTextFormat.FormatType,
        QTextFormat.Property,
        QTextFormat.ObjectTypes,
        QTextFormat.PageBreakFlag,
        QTextCharFormat.VerticalAlignment,
        QTextCharFormat.UnderlineStyle,
        QTextCharFormat.FontPropertiesInheritanceBehavior,
    )
    return len(made)
