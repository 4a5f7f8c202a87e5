"""Aho-Corasick automata: many fixed strings found in one pass over a text.

The suggestion pass looks for its lexicon, the date anchors, region words, the words around place
names and a text's place keys this way; they share how an automaton is made. pyahocorasick is
imported on first use, when a pass first runs.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def automaton_of(entries: Iterable[tuple[str, Any]]) -> Any:
    """An automaton of ``(key, value)`` pairs; ``automaton.iter(text)`` yields ``(end index, value)``
    for every key found, ending at ``end index`` inclusive."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for key, value in entries:
        automaton.add_word(key, value)
    automaton.make_automaton()
    return automaton
