"""The sentence around a trigger (assist.event_context.Sentences): what the pass reads an action's
neighbours and the project's model reads its words from. Found by bisection over the text's sentence
ends, it must give exactly what the definition gives: a sentence runs from just after the last full
stop (followed by a space) or line break before it, to the first one at or after it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.assist.event_context import Sentences, sentence_of


def _by_definition(text: str, start: int) -> tuple[int, int]:
    """Character by character: the slow reading the index must agree with."""

    def ends_at(i: int) -> bool:
        return text[i] == "\n" or text[i : i + 2] == ". "

    # An end before start lies wholly before it: a full stop needs its space before start too.
    before = [i for i in range(start) if text[i] == "\n" or (text[i : i + 2] == ". " and i + 2 <= start)]
    after = [i for i in range(start, len(text)) if ends_at(i)]
    return (before[-1] + 1 if before else 0), (after[0] if after else len(text))


@given(st.text(alphabet="ab .\n", max_size=60))
def test_every_position_gets_the_sentence_the_definition_gives(text: str) -> None:
    sentences = Sentences(text)
    for start in range(len(text) + 1):
        assert sentences.around(start) == _by_definition(text, start) == sentence_of(text, start), start


def test_a_full_stop_whose_space_is_at_start_ends_neither_sentence() -> None:
    text = "One. Two three. Four"
    # start at the space after "One.": the stop is neither before start (its space is not) nor at it.
    assert Sentences(text).around(4) == (0, 14)
    assert Sentences(text).around(5) == (4, 14)


def test_line_breaks_end_sentences_without_full_stops() -> None:
    text = "militia attacked village\nsoldiers clashed with rebels\nresidents said"
    sentences = Sentences(text)
    assert text[slice(*sentences.around(30))] == "soldiers clashed with rebels"
    assert text[slice(*sentences.around(0))] == "militia attacked village"
    assert text[slice(*sentences.around(len(text) - 1))] == "residents said"
