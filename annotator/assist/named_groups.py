"""Armed groups a text names that the actor dictionary lacks: capitalised words before "gang" or
"militia" ("the Gran Grif gang", "Fano militiamen", "the 5 Segond gang").

ACLED names such a group by its own name and kind ("... Gang", "... Militia"); the pass offers that
name, less sure than a dictionary's, with the country's generic actor beside it. Read so, the group
is someone named in its sentence: its members are no crowd ("Members of the 5 Segond gang
attacked"), and no unnamed actor is supplied for its act.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterator
from typing import NamedTuple

from annotator.assist.context import sentence_start

# The kind words and the word ACLED's name ends with.
KINDS = {"gang": "Gang", "gangs": "Gang", "militia": "Militia", "militias": "Militia", "militiamen": "Militia"}
# The name right before the kind word: up to four capitalised words or numbers, a Romance joining
# word between two of them ("Village de Dieu").
_NAME_BEFORE = re.compile(
    r"(?<![\w'’-])(?:[A-Z0-9][\w'’-]*)(?: (?:(?:de|du|des|la|le|el|al) )?[A-Z0-9][\w'’-]*){0,3} $"
)
# Words that describe a group rather than name it, capitalised where they begin a sentence or a
# headline ("Armed gangs", "Rival militias", "Pro-government militia").
_DESCRIPTIVE = frozenset({
    "a", "an", "the", "armed", "local", "rival", "criminal", "suspected", "unidentified", "unknown", "allied",
    "tribal", "ethnic", "communal", "community", "clan", "islamist", "jihadist", "government", "rebel", "youth",
    "notorious", "powerful", "several", "some", "two", "three", "four", "five", "many", "other", "these", "those",
    "pro-government", "anti-government", "self-defence", "self-defense", "vigilante",
})  # fmt: skip
_WINDOW = 60  # characters before the kind word read for the name


class NamedGroup(NamedTuple):
    start: int
    end: int
    name: str  # as ACLED would write it: "Gran Grif Gang"
    kind: str  # "Gang" or "Militia"

    @property
    def own_name(self) -> str:
        """The name without its kind: "Gran Grif"."""
        return self.name[: -len(self.kind) - 1]


def named_groups(text: str, demonyms: Container[str]) -> Iterator[NamedGroup]:
    """The groups ``text`` names by capitalised words before a kind word, in text order.

    ``demonyms``: lower-case nationality words; one before the name says whose the group is
    ("Somali Macawisley militia"), not what it is called, and one alone names no group ("Ethiopian
    militia"). A lone capitalised word at a sentence's start names a group only where the text
    names one so elsewhere.
    """
    found: list[tuple[NamedGroup, bool]] = []
    for word, kind in KINDS.items():
        at = text.find(" " + word, 1)
        while at != -1:
            end = at + 1 + len(word)
            if not text[end : end + 1].isalnum() and (read := _group_before(text, at, end, kind, demonyms)):
                found.append(read)
            at = text.find(" " + word, end)
    # A lone capitalised word at a sentence's start is taken for an ordinary word ("Bandits",
    # "Local militiamen"), unless the text names a group so elsewhere ("Fano militiamen").
    named = {group.name for group, alone_at_start in found if not alone_at_start}
    return iter(sorted(group for group, alone_at_start in found if not alone_at_start or group.name in named))


def _group_before(text: str, at: int, end: int, kind: str, demonyms: Container[str]) -> tuple[NamedGroup, bool] | None:
    """The group named just before the kind word at ``at`` (its leading space), if any, and
    whether its name is one word at a sentence's start."""
    lo = max(0, at - _WINDOW)
    match = _NAME_BEFORE.search(text, lo, at + 1)
    if match is None or (match.start() == lo and lo > 0):
        return None  # (none, or a word cut by the window)
    words = match.group().split()
    start = match.start()
    # A count before the name ("200 Fano militiamen") is no part of it; a number after "the" is
    # ("the 400 Mawozo gang").
    while words and (words[0].lower() in _DESCRIPTIVE or words[0].lower() in demonyms or (
        words[0].isdecimal() and text[max(0, start - 4) : start].lower() != "the "
    )):  # fmt: skip
        start += len(words[0]) + 1
        words.pop(0)
    if text[max(0, start - 5) : start].endswith((" and ", " or ", ", ", "& ")):
        return None  # the last name of a list ("Sool, Sanaag and Cayn militia"): the group is the list's
    if not words or all(w.isdecimal() for w in words) or (not words[0][0].isupper() and not words[0].isdecimal()):
        return None
    return NamedGroup(start, end, f"{' '.join(words)} {kind}", kind), len(words) == 1 and sentence_start(text, start)
