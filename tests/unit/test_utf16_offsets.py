"""Code points <-> UTF-16 units, the conversion done only at the Qt boundary."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.domain.offsets import Utf16Index


def naive_utf16(text: str, cp: int) -> int:
    return len(text[:cp].encode("utf-16-le")) // 2


def test_plain_and_arabic_text_need_no_conversion() -> None:
    ix = Utf16Index("اعتقال ناشطين café")
    assert ix.trivial
    assert ix.to_utf16(7) == 7 and ix.to_cp(7) == 7


def test_emoji_counts_two_units() -> None:
    text = "A😀B café 👩‍👩‍👧 x"
    ix = Utf16Index(text)
    assert ix.length_cp == 16
    assert ix.length_utf16 == 20
    assert ix.to_utf16(text.index("B")) == 3
    assert ix.to_cp(3) == 2


def test_position_inside_a_surrogate_pair_rounds_down() -> None:
    ix = Utf16Index("a😀b")
    assert ix.to_cp(2) == 1  # between the halves of 😀


@given(st.text(alphabet=st.sampled_from(["a", "😀", "ب", "👩", "\u200d", "\n", "𝔸"]), max_size=50))
def test_round_trip_matches_utf16_encoding(text: str) -> None:
    ix = Utf16Index(text)
    for cp in range(len(text) + 1):
        u = ix.to_utf16(cp)
        assert u == naive_utf16(text, cp)
        assert ix.to_cp(u) == cp


@given(st.text(alphabet=st.sampled_from(["a", "😀", "ب", "é", "\n", "𝔸", "\u200d"]), max_size=60))
def test_units_are_the_texts_utf16_code_units_one_per_character(text: str) -> None:
    """What the article view hands to Qt: one character per UTF-16 unit, the astral ones as their
    surrogate pairs, so that Qt reads exactly the text."""
    ix = Utf16Index(text)
    units = ix.units(text)
    assert len(units) == ix.length_utf16
    assert all(ord(c) <= 0xFFFF for c in units)
    assert units.encode("utf-16-le", "surrogatepass") == text.encode("utf-16-le")


def test_units_of_a_text_without_astral_characters_is_the_text_itself() -> None:
    text = "اعتقال ناشطين café"
    assert Utf16Index(text).units(text) is text
