"""Stored text is LF + NFC; offsets on raw text move to the normalised text exactly."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from annotator.domain.text import content_hash, normalise_text, normalise_with_map


def test_crlf_and_lone_cr_become_lf() -> None:
    assert normalise_text("a\r\nb\rc\n") == "a\nb\nc\n"


def test_decomposed_accents_are_composed() -> None:
    assert normalise_text("Cafe\u0301") == "Café"
    assert len(normalise_text("Cafe\u0301")) == 4


def test_offsets_after_crlf_move_back_by_one_per_line_break() -> None:
    raw = "one\r\ntwo\r\nthree"
    m = normalise_with_map(raw)
    start = raw.index("three")
    assert m.normalised[m.map(start) : m.map(start + 5)] == "three"
    assert m.map(start) == start - 2


def test_offsets_after_decomposed_accent_move_back() -> None:
    raw = "Re\u0301sume\u0301 in Qamishli"
    m = normalise_with_map(raw)
    start = raw.index("Qamishli")
    assert m.normalised[m.map(start) : m.map(len(raw))] == "Qamishli"
    assert m.map(start) == start - 2


def test_cut_between_letter_and_its_accent_lands_after_the_composed_letter() -> None:
    m = normalise_with_map("xe\u0301y")
    assert m.map(2) == 2  # after "xé"
    assert m.normalised[:2] == "xé"


def test_emoji_and_arabic_pass_through_unchanged() -> None:
    raw = "احتجاج 😀 في الخرطوم"
    m = normalise_with_map(raw)
    assert m.identity
    assert all(m.map(i) == i for i in range(len(raw) + 1))


def test_content_hash_is_stable_and_text_sensitive() -> None:
    assert content_hash("abc") == content_hash("abc")
    assert content_hash("abc") != content_hash("abd")


raw_text = st.text(
    alphabet=st.sampled_from(["a", "e", "\u0301", "\u0308", "\r", "\n", " ", "😀", "ب", "가", "\u1161"]),
    max_size=40,
)


@given(raw_text)
def test_map_is_monotonic_and_ends_at_the_end(raw: str) -> None:
    m = normalise_with_map(raw)
    mapped = [m.map(i) for i in range(len(raw) + 1)]
    assert mapped == sorted(mapped)
    assert mapped[0] == 0
    assert mapped[-1] == len(m.normalised)
    assert m.normalised == unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))


@given(raw_text, raw_text, raw_text)
def test_an_ascii_delimited_stretch_maps_to_its_normalised_form(before: str, middle: str, after: str) -> None:
    # A span whose edges are plain ASCII boundaries maps onto exactly its own normalised text.
    raw = f"{before}<{middle}>{after}"
    m = normalise_with_map(raw)
    start = len(before)
    end = start + len(middle) + 2
    assert m.normalised[m.map(start) : m.map(end)] == normalise_text(f"<{middle}>")


def test_counts_read_as_words_with_their_plural() -> None:
    from annotator.domain.text import count_of

    assert [count_of(n, "article") for n in (0, 1, 2, 12_345)] == [
        "0 articles",
        "1 article",
        "2 articles",
        "12,345 articles",
    ]
