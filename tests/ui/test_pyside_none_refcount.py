"""PySide6 6.12.0 on CPython 3.11 takes a reference from None on every void Qt call and aborts
after ~5,000 calls (see the performance notes, section 0). This guards the pin against it."""

from __future__ import annotations

import sys

from PySide6.QtGui import QTextCursor, QTextDocument


def test_void_qt_calls_keep_none_alive() -> None:
    doc = QTextDocument("x" * 100)
    cursor = QTextCursor(doc)
    for i in range(100):  # warm up caches
        cursor.setPosition(i % 100)
    before = sys.getrefcount(None)
    for i in range(10_000):
        cursor.setPosition(i % 100)
    after = sys.getrefcount(None)
    # Python 3.12+ makes None immortal (a huge constant count); on 3.11 the count must not drop.
    assert after >= before - 10, f"None lost {before - after} references over 10,000 void calls"
