"""Every keyboard shortcut, in one place: the window binds these and the cheat sheet lists them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QObject
    from PySide6.QtGui import QAction

UNDO = "Ctrl+Z"
REDO = "Ctrl+Shift+Z"
REDO_ALT = "Ctrl+Y"
NEW_EVENT = "Ctrl+N"
EVENT_FROM_SELECTION = "Ctrl+Shift+N"
DELETE_EVENT = "Ctrl+Shift+Del"
NEXT_EVENT = "Ctrl+PgDown"
PREVIOUS_EVENT = "Ctrl+PgUp"
LINK = "Ctrl+L"
FIND_PLACE = "Ctrl+G"
UNLINK = "Ctrl+Shift+L"
MARK_DONE = "Ctrl+D"
NEXT_UNCODED = "Ctrl+J"
DONE_AND_NEXT = "Ctrl+Shift+D"
NEXT_ARTICLE = "Alt+Down"
PREVIOUS_ARTICLE = "Alt+Up"
FOCUS_LIST = "Ctrl+1"
FOCUS_TEXT = "Ctrl+2"
FOCUS_FORM = "Ctrl+3"
FOCUS_SPANS = "Ctrl+4"
SEARCH = "Ctrl+F"
ZOOM_IN = "Ctrl++"
ZOOM_OUT = "Ctrl+-"
ZOOM_RESET = "Ctrl+0"
HELP = ("F1", "?")
# Suggestions (dashed marks). Accept, choose and dismiss act only in the text, where Enter and
# Backspace mean nothing else (Backspace still deletes a selected span first).
NEXT_SUGGESTION = "Alt+Right"
PREVIOUS_SUGGESTION = "Alt+Left"
ACCEPT_SUGGESTION = "Return"
CHOOSE_PLACE = "Shift+Return"
DISMISS_SUGGESTION = "Backspace"
EXPORT = "Ctrl+E"
AGREEMENT = "Ctrl+Shift+A"
REVIEW = "Ctrl+Shift+R"
IMPORT = "Ctrl+I"
# The review screen (its own window; single keys act there, as in the coding screen's text).
REVIEW_NEXT = "N"
REVIEW_PREVIOUS = "P"
REVIEW_NEXT_EVENT = "]"
REVIEW_PREVIOUS_EVENT = "["
REVIEW_ACCEPT_AGREED = "A"
REVIEW_REJECT = "R"
REVIEW_EDIT = "E"
REVIEW_MERGE = "M"
REVIEW_SPLIT = "S"
REVIEW_SEND_BACK = "B"
REVIEW_CLOSE = "Ctrl+D"
REVIEW_REOPEN = "Ctrl+Shift+D"
REVIEW_ANONYMOUS = "Ctrl+Shift+A"
REVIEW_RELOAD = "F5"
OPEN_PROJECT = "Ctrl+O"
QUIT = "Ctrl+Q"


def sections(label_keys: list[tuple[str, str]]) -> list[tuple[str, list[tuple[str, str]]]]:
    """(section, [(keys, what they do)]) for the cheat sheet; label keys come from the codebook."""
    labels = [(key.upper(), f"Tag the selection as {name} (or relabel the selected span)") for key, name in label_keys]
    return [
        (
            "Tag spans (in the text)",
            [
                *labels,
                ("Shift+arrows, Ctrl+Shift+arrows", "Select text by character or word"),
                ("Double-click", "Select a word"),
                ("] and [", "Select the next / previous span"),
                ("Click, click again", "Select the span under the mouse, then the one around it"),
                ("Delete or Backspace", "Delete the selected span"),
                ("Esc", "Clear the selection"),
            ],
        ),
        (
            "Suggestions (dashed marks in the text)",
            [
                (NEXT_SUGGESTION + " / " + PREVIOUS_SUGGESTION, "Next / previous suggestion"),
                ("Enter", "Accept it: it becomes your span and fills the event's empty fields"),
                ("Shift+Enter", "On an ambiguous place: choose which place, then accept"),
                ("Backspace", "Dismiss it (for this session)"),
                ("View menu", "Show suggestions on or off"),
            ],
        ),
        (
            "Events",
            [
                (NEW_EVENT, "New event"),
                (EVENT_FROM_SELECTION, "New event from the spans in the selected text"),
                (NEXT_EVENT + " / " + PREVIOUS_EVENT, "Next / previous event"),
                (DELETE_EVENT, "Delete the event"),
                ("Tab, Shift+Tab", "Move between fields"),
                (LINK, "In a field: link the selected span as evidence and fill the field"),
                (FIND_PLACE, "Look a place up and fill country, admin 1–3, location, coordinates, precision"),
                ("Down, Enter", "In an actor or country field: open the suggestions, take one"),
                ("Esc", "In a field marked not saved: drop its text and show what is stored"),
                (UNLINK, "In a field: unlink its last evidence"),
                ("Click a span", "With a field focused: link it as evidence"),
            ],
        ),
        (
            "Articles",
            [
                (MARK_DONE, "Mark the article done (again: back to in progress)"),
                (NEXT_UNCODED, "Open the next article not yet done"),
                (DONE_AND_NEXT, "Mark done and open the next one"),
                (NEXT_ARTICLE + " / " + PREVIOUS_ARTICLE, "Next / previous article in the list"),
                (SEARCH, "Search titles and text"),
            ],
        ),
        (
            "Everywhere",
            [
                (UNDO, "Undo (spans, fields, events, status)"),
                (REDO + " or " + REDO_ALT, "Redo"),
                (
                    FOCUS_LIST + " " + FOCUS_TEXT + " " + FOCUS_FORM + " " + FOCUS_SPANS,
                    "Go to the article list, the text, the event form, the span list",
                ),
                (ZOOM_IN + " / " + ZOOM_OUT + " / " + ZOOM_RESET, "Bigger / smaller / normal text"),
                (EXPORT, "Export the coded data (ACLED CSV, JSONL, brat, CoNLL)"),
                (REVIEW, "Review articles: compare coders and decide the gold set"),
                (AGREEMENT, "Agreement between coders (Review menu)"),
                (IMPORT, "Import articles (.jsonl, .txt, .csv; or drop files and folders on the window)"),
                (OPEN_PROJECT, "Open another project"),
                (" or ".join(HELP), "This sheet"),
            ],
        ),
    ]


def review_sections() -> list[tuple[str, list[tuple[str, str]]]]:
    """The review screen's keys, for its cheat sheet."""
    return [
        (
            "Moving",
            [
                (REVIEW_NEXT + " / " + REVIEW_PREVIOUS, "Next / previous span or field still to decide"),
                (REVIEW_NEXT_EVENT + " / " + REVIEW_PREVIOUS_EVENT, "Next / previous event row"),
                ("Enter", "In the queue: open the article"),
                (REVIEW_RELOAD, "Read the article again (after a coder or another reviewer changed it)"),
            ],
        ),
        (
            "Deciding (each one undo step)",
            [
                ("1–9", "Take coder N's span or field value into gold"),
                ("Shift+1–9", "Take coder N's whole event"),
                (REVIEW_ACCEPT_AGREED, "Accept everything every coder agrees on"),
                (REVIEW_REJECT, "Reject the span"),
                (REVIEW_EDIT, "Edit the gold value of the field"),
                (REVIEW_MERGE, "Merge gold events: press on one row, then on the other (Esc cancels)"),
                (REVIEW_SPLIT, "Split the row's gold event: a copy in a row of its own, to edit"),
                (REVIEW_SEND_BACK, "Send the article back to a coder with a note"),
                (REVIEW_CLOSE + " / " + REVIEW_REOPEN, "Close the review / reopen it"),
            ],
        ),
        (
            "Everywhere",
            [
                (REVIEW_ANONYMOUS, "Anonymous: coders shown as Coder 1, Coder 2"),
                (UNDO + " / " + REDO, "Undo / redo a decision"),
                (" or ".join(HELP), "This sheet"),
            ],
        ),
    ]


def make_action(
    parent: QObject,
    text: str,
    slot: Callable[..., object],
    shortcut: str | tuple[str, ...] | None = None,
    *,
    checkable: bool = False,
) -> QAction:
    """A menu action with its shortcuts; the window also adds it to itself, so the shortcut works
    where the menu bar is hidden."""
    from PySide6.QtGui import QAction, QKeySequence

    action = QAction(text, parent)
    if shortcut:
        sequences = [shortcut] if isinstance(shortcut, str) else list(shortcut)
        action.setShortcuts([QKeySequence(s) for s in sequences])
    action.setCheckable(checkable)
    action.triggered.connect(slot)
    return action
