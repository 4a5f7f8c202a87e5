"""Select text, press a label key: the span is in the database with code-point offsets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor

from tests.ui.conftest import ARABIC_TEXT, EMOJI_TEXT, PLAIN_TEXT, select_cp, stored, utf16


def stored_spans(window, name):  # type: ignore[no-untyped-def]
    return stored(window).spans


def select_utf16(window, text: str, needle: str) -> None:  # type: ignore[no-untyped-def]
    """Select ``needle`` with a Qt cursor at UTF-16 positions (what a mouse drag produces)."""
    start = text.index(needle)
    cursor = window.coding.view.textCursor()
    cursor.setPosition(utf16(text, start))
    cursor.setPosition(utf16(text, start + len(needle)), QTextCursor.MoveMode.KeepAnchor)
    window.coding.view.setTextCursor(cursor)


@pytest.mark.parametrize(
    ("article", "text", "needle"),
    [
        ("emoji", EMOJI_TEXT, "police"),
        ("emoji", EMOJI_TEXT, "Kampala"),
        ("emoji", EMOJI_TEXT, "😀😀 gathered"),
        ("arabic", ARABIC_TEXT, "الخرطوم"),
        ("arabic", ARABIC_TEXT, "الشرطة"),
        ("plain", PLAIN_TEXT, "Nairobi"),
    ],
)
def test_select_and_press_key_stores_code_points(qtbot, window, ui_db, article, text, needle) -> None:  # type: ignore[no-untyped-def]
    window.coding.controller.open_article(ui_db["ids"][article])
    window.coding.view.setFocus()
    select_utf16(window, text, needle)
    qtbot.keyClick(window.coding.view, "l")
    [span] = stored_spans(window, article)
    start = text.index(needle)
    assert (span.start, span.end, span.label, span.text) == (start, start + len(needle), "location", needle)
    # The new span is selected, listed, and painted in its block at the right UTF-16 place.
    assert window.coding.view.selected == span.key
    assert window.coding.spans_model.rowCount() == 1
    block = window.coding.view.document().findBlock(utf16(text, start))
    window.coding.view.viewport().repaint()
    ranges = block.layout().formats()
    assert any(
        r.start == utf16(text, start) - block.position()
        and r.length == utf16(text, start + len(needle)) - utf16(text, start)
        for r in ranges
    )


def test_double_click_selects_a_word_then_key_tags_it(qtbot, window, ui_db) -> None:  # type: ignore[no-untyped-def]
    window.coding.controller.open_article(ui_db["ids"]["emoji"])
    view = window.coding.view
    cursor = view.textCursor()
    cursor.setPosition(utf16(EMOJI_TEXT, EMOJI_TEXT.index("Juba") + 1))
    rect = view.cursorRect(cursor)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.textCursor().selectedText() == "Juba"
    qtbot.keyClick(view, "a")
    [span] = stored_spans(window, "emoji")
    assert (span.text, span.label, span.start) == ("Juba", "actor", EMOJI_TEXT.index("Juba"))


HYPHENS_TEXT = (
    "A drone hit a car outside Al-Malikiyah (Derik); the commander’s convoy 👩‍👩‍👧 turned back.\n"
    "😀Qamishli residents' homes shook on 2024-05-19.\n"
    "قال شهود إنّ الطائرة المسيّرة ضربت سيارة قرب القامشلي."
)


@pytest.mark.parametrize(
    ("word", "inside"),
    [
        ("Al-Malikiyah", 6),  # on "Malikiyah": the word goes on left of the hyphen
        ("Al-Malikiyah", 1),
        ("commander’s", 3),
        ("Qamishli", 4),  # right after an emoji (two UTF-16 units)
        ("residents", 5),  # a closing apostrophe is not part of the word
        ("2024-05-19", 6),
        ("إنّ", 1),  # shadda, a combining mark, inside an Arabic word
        ("المسيّرة", 4),
        ("القامشلي", 3),
    ],
)
def test_double_click_selects_the_whole_word(qtbot, window, ui_db, word, inside) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.conftest import add_article

    article = add_article(window.project, "hyphens", HYPHENS_TEXT)
    window.coding.controller.open_article(article)
    view = window.coding.view
    start = HYPHENS_TEXT.index(word)
    cursor = view.textCursor()
    cursor.setPosition(utf16(HYPHENS_TEXT, start + inside))
    # A point inside the character after the caret, whichever way its line runs.
    rect = view.cursorRect(cursor)
    rtl = cursor.block().layout().textOption().textDirection() == Qt.LayoutDirection.RightToLeft or (
        cursor.block().blockFormat().layoutDirection() == Qt.LayoutDirection.RightToLeft
    )
    point = rect.center() + QPoint(-2 if rtl else 2, 0)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert view.textCursor().selectedText() == word
    assert view.selection_cp() == (start, start + len(word))
    qtbot.keyClick(view, "l")
    [span] = stored_spans(window, "hyphens")
    assert (span.start, span.end, span.text) == (start, start + len(word), word)


def test_word_bounds_in_code_points() -> None:
    from annotator.ui.coding.article_view import word_at

    text = HYPHENS_TEXT
    emoji = text.index("👩")
    assert word_at(text, emoji) is None  # an emoji is not a word: Qt's own double click applies
    assert word_at(text, text.index(" (Derik)")) is None
    start = text.index("Derik")
    assert word_at(text, start + 4) == (start, start + 5)  # the closing bracket stays out
    start = text.index("residents'")
    assert word_at(text, start) == (start, start + len("residents"))
    assert word_at(text, len(text)) is None and word_at(text, len(text) - 2) is not None


def test_keyboard_only_selection(qtbot, window, ui_db) -> None:  # type: ignore[no-untyped-def]
    window.coding.controller.open_article(ui_db["ids"]["plain"])
    view = window.coding.view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view, "a")
    [span] = stored_spans(window, "plain")
    # The trailing space the word jump selected is trimmed off.
    assert (span.start, span.end, span.text) == (0, 6, "Police")


def test_snap_to_words_widens_a_partial_selection(qtbot, window, ui_db) -> None:  # type: ignore[no-untyped-def]
    window.coding.controller.open_article(ui_db["ids"]["plain"])
    window.coding.view.snap_to_words = True
    start = PLAIN_TEXT.index("Nairobi") + 2
    select_cp(window.coding.view, start, start + 3)
    qtbot.keyClick(window.coding.view, "l")
    assert stored_spans(window, "plain")[0].text == "Nairobi"


def test_click_selects_delete_removes_key_relabels(qtbot, window, ui_db) -> None:  # type: ignore[no-untyped-def]
    window.coding.controller.open_article(ui_db["ids"]["plain"])
    view = window.coding.view
    start = PLAIN_TEXT.index("protesters")
    select_cp(view, start, start + len("protesters"))
    qtbot.keyClick(view, "a")
    view.select_span(None)
    cursor = view.textCursor()
    cursor.setPosition(start + 3)
    point = view.cursorRect(cursor).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert view.selected == "s1"
    qtbot.keyClick(view, "e")  # a label key on a selected span changes its label
    assert stored_spans(window, "plain")[0].label == "action"
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert stored_spans(window, "plain") == []
    assert view.selected is None and window.coding.spans_model.rowCount() == 0


def test_nested_spans_stay_selectable_by_clicking_again(qtbot, window, ui_db) -> None:  # type: ignore[no-untyped-def]
    window.coding.controller.open_article(ui_db["ids"]["plain"])
    view = window.coding.view
    outer = PLAIN_TEXT.index("protesters in Nairobi")
    select_cp(view, outer, outer + len("protesters in Nairobi"))
    qtbot.keyClick(view, "e")
    inner = PLAIN_TEXT.index("Nairobi")
    select_cp(view, inner, inner + len("Nairobi"))
    qtbot.keyClick(view, "l")
    view.select_span(None)
    cursor = view.textCursor()
    cursor.setPosition(inner + 2)
    point = view.cursorRect(cursor).center() + QPoint(2, 0)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert view.selected == "s2"  # innermost first
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert view.selected == "s1"  # then the one around it
    # Both are painted: the nested stretch is underlined in the outer span's colour.
    block = view.document().findBlock(inner)
    view.viewport().repaint()
    nested = [r for r in block.layout().formats() if r.start == inner]
    assert nested and nested[0].format.underlineStyle() != nested[0].format.UnderlineStyle.NoUnderline


def test_bracket_keys_step_through_spans(qtbot, window, ui_db) -> None:  # type: ignore[no-untyped-def]
    window.coding.controller.open_article(ui_db["ids"]["plain"])
    view = window.coding.view
    for needle, key in (("Police", "a"), ("Nairobi", "l"), ("Monday", "d")):
        start = PLAIN_TEXT.index(needle)
        select_cp(view, start, start + len(needle))
        qtbot.keyClick(view, key)
    view.select_span(None)
    qtbot.keyClick(view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    seen = []
    for _ in range(3):
        qtbot.keyClick(view, "]")
        seen.append(view.selected)
    qtbot.keyClick(view, "[")
    assert seen == ["s1", "s2", "s3"] and view.selected == "s2"
    assert window.coding.spans_view.currentIndex().row() == 1  # the span list follows


def test_no_selection_says_so(qtbot, window, ui_db) -> None:  # type: ignore[no-untyped-def]
    window.coding.controller.open_article(ui_db["ids"]["plain"])
    window.coding.view.setFocus()
    qtbot.keyClick(window.coding.view, "a")
    assert "Select some text" in window.statusBar().currentMessage()
    assert stored_spans(window, "plain") == []


def test_the_first_tag_of_a_window_finds_its_statements_compiled(qtbot, window, ui_db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Opening the first article rehearses a tag (rolled back): the coder's first real tag then
    compiles none of its statements, and the rehearsal left nothing stored."""
    from annotator.domain.models import SetStatus
    from annotator.services import annotate
    from tests.unit.test_rehearse import compiled_afresh

    window.coding.controller.open_article(ui_db["ids"]["plain"])
    before = stored(window)
    assert before.spans == [] and before.status == SetStatus.NOT_STARTED  # the rehearsal wrote nothing
    in_edit: list[list[str]] = []
    real_apply = annotate.apply

    def apply(project, command, **kw):  # type: ignore[no-untyped-def]
        # Only the edit's own statements (this synchronous window also runs its reads inline).
        with compiled_afresh(project) as missed:
            result = real_apply(project, command, **kw)
        in_edit.append(missed)
        return result

    monkeypatch.setattr(annotate, "apply", apply)
    window.coding.view.setFocus()
    select_cp(window.coding.view, PLAIN_TEXT.index("Nairobi"), PLAIN_TEXT.index("Nairobi") + len("Nairobi"))
    qtbot.keyClick(window.coding.view, "l")
    [span] = stored_spans(window, "plain")
    assert (span.text, span.key) == ("Nairobi", "s1")  # (the rehearsal used up no key)
    assert in_edit == [[]]
