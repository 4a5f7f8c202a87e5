"""The reflowed view's map back to the stored text (domain.reflow.ReflowMap)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.domain.reflow import ReflowMap, reflow_paragraphs

WRAPPED = (
    "Hundreds of demonstra-\n"
    "tors gathered in Al-\n"
    "Qaeda's old  \n"
    "   stronghold on Mon\u00ad\n"
    "day.\n"
    "\n"
    "\n"
    "A well-known 15-\n"
    "year-old 😀 was well-\n"
    "known to police.\n"
)


def test_reflowed_text_is_the_paragraphs_and_each_character_knows_its_place() -> None:
    m = ReflowMap(WRAPPED)
    assert m.text == (
        "Hundreds of demonstrators gathered in Al-Qaeda's old stronghold on Monday.\n\n"
        "A well-known 15-year-old 😀 was well-known to police."
    )
    assert all(a < b for a, b in zip(m.source, m.source[1:], strict=False))
    for shown, at in zip(m.text, m.source, strict=True):
        assert WRAPPED[at] == shown or (shown in " \n" and WRAPPED[at] == "\n")


def test_a_mended_word_maps_to_the_stored_stretch_with_its_hyphen_and_break() -> None:
    m = ReflowMap(WRAPPED)
    start = m.text.index("demonstrators")
    stored = m.to_stored_start(start), m.to_stored_end(start + len("demonstrators"))
    assert WRAPPED[stored[0] : stored[1]] == "demonstra-\ntors"
    # A stretch ending where the hyphen was dropped does not take the hyphen.
    assert WRAPPED[m.to_stored_start(start) : m.to_stored_end(start + len("demonstra"))] == "demonstra"
    # And back: the stored span shows as the mended word.
    assert m.text[m.to_view(stored[0]) : m.to_view(stored[1])] == "demonstrators"


def test_a_span_across_a_joined_line_break_and_after_an_emoji() -> None:
    m = ReflowMap(WRAPPED)
    start = m.text.index("old stronghold")
    a, b = m.to_stored_start(start), m.to_stored_end(start + len("old stronghold"))
    assert WRAPPED[a:b] == "old  \n   stronghold"
    start = m.text.index("was well-known")
    a, b = m.to_stored_start(start), m.to_stored_end(start + len("was well-known"))
    assert WRAPPED[a:b] == "was well-\nknown"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab -\n\u00ad😀Q1", max_size=60))
def test_same_text_as_reflow_paragraphs_and_stored_spans_survive_the_round_trip(text: str) -> None:
    m = ReflowMap(text)
    assert m.text == reflow_paragraphs(text)
    assert all(a < b for a, b in zip(m.source, m.source[1:], strict=False))
    for i in range(len(m.text)):
        for j in range(i + 1, len(m.text) + 1):
            a, b = m.to_stored_start(i), m.to_stored_end(j)
            # The stored stretch shows as exactly what was selected.
            assert m.text[m.to_view(a) : m.to_view(b)] == m.text[i:j]
