"""View > Reflow hard-wrapped lines: a PDF-like article shown as paragraphs, tagged there, stored
with offsets into the stored text (issue 15, "Hard-wrapped text")."""

from __future__ import annotations

from PySide6.QtGui import QTextCursor

from tests.ui.conftest import add_article, make_window, stored, utf16

WRAPPED = (
    "Hundreds of demonstra-\n"
    "tors 😀 gathered in Al-\n"
    "Fashir on Mon\u00ad\n"
    "day, and police fired on the\n"
    "crowd.\n"
    "\n"
    "Witnesses said the Rapid Support\n"
    "Forces shelled the market.\n"
)


def _select_shown(view, needle: str) -> None:  # type: ignore[no-untyped-def]
    """Select ``needle`` in the text as the view shows it, as a mouse drag would (UTF-16 positions)."""
    shown = view.document().toPlainText()
    start = shown.index(needle)
    cursor = view.textCursor()
    cursor.setPosition(utf16(shown, start))
    cursor.setPosition(utf16(shown, start + len(needle)), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)


def test_tagging_in_the_reflowed_view_stores_offsets_into_the_stored_text(qtbot, ui_db) -> None:  # type: ignore[no-untyped-def]
    from annotator.services.project import open_project

    project = open_project(str(ui_db["url"]))
    try:
        article_id = add_article(project, "wrapped", WRAPPED, "Shelling in El Fasher")
    finally:
        project.close()
    window = make_window(qtbot, ui_db)
    try:
        coding = window.coding
        view = coding.view
        coding.controller.open_article(article_id)
        assert view.document().toPlainText() == WRAPPED
        coding.reflow_action.trigger()  # View > Reflow hard-wrapped lines
        shown = view.document().toPlainText()
        assert shown == (
            "Hundreds of demonstrators 😀 gathered in Al-Fashir on Monday, and police fired on the crowd.\n\n"
            "Witnesses said the Rapid Support Forces shelled the market."
        )
        view.setFocus()
        for needle, key in (
            ("demonstrators", "a"),  # a word mended across a line end: its stored stretch has the hyphen
            ("Al-Fashir", "l"),  # a hyphen kept: "Al-" / "Fashir"
            ("Monday", "d"),  # a soft hyphen dropped
            ("Rapid Support Forces", "a"),  # across a joined line break, after the emoji and a paragraph
        ):
            _select_shown(view, needle)
            qtbot.keyClick(view, key)
        spans = stored(window).spans
        got = {(WRAPPED[s.start : s.end], s.label) for s in spans}
        assert got == {
            ("demonstra-\ntors", "actor"),
            ("Al-\nFashir", "location"),
            ("Mon\u00ad\nday", "date"),
            ("Rapid Support\nForces", "actor"),
        }
        # Each stored span is painted over the characters that show it in the reflowed view.
        view.viewport().repaint()
        painted = set()
        block = view.document().begin()
        while block.isValid():
            for r in block.layout().formats():
                a, b = block.position() + r.start, block.position() + r.start + r.length
                piece = shown.encode("utf-16-le")[a * 2 : b * 2].decode("utf-16-le")
                painted.add(piece)
            block = block.next()
        assert {"demonstrators", "Al-Fashir", "Monday", "Rapid Support Forces"} <= painted
        # Back to the stored layout: the same spans, at the same stored places.
        coding.reflow_action.trigger()
        assert view.document().toPlainText() == WRAPPED
        assert {(WRAPPED[s.start : s.end], s.label) for s in stored(window).spans} == got
        assert window.settings.get_bool("view/reflow") is False
    finally:
        window.close()
