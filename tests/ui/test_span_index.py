"""The span interval index (no Qt) and selection trimming, checked against brute force."""

from __future__ import annotations

import random
from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.domain.span_index import LONG, Span, SpanIndex
from annotator.ui.coding.article_view import trim_selection


@dataclass(frozen=True)
class S:
    key: str
    start: int
    end: int
    label: str = "actor"
    text: str = ""


spans_strategy = st.lists(
    st.tuples(st.integers(0, 6000), st.integers(1, LONG * 2 + 50)).map(lambda t: (t[0], t[0] + t[1])), max_size=60
)


@given(spans_strategy, st.integers(0, 9000), st.integers(1, 400))
@settings(max_examples=150, deadline=None)
def test_overlapping_matches_brute_force(pairs, a, width) -> None:  # type: ignore[no-untyped-def]
    spans = [S(f"s{i}", s, e) for i, (s, e) in enumerate(pairs)]
    index = SpanIndex([(s.key, s.start, s.end, s.label) for s in spans], "x" * 20_000)
    b = a + width
    expected = sorted((s for s in spans if s.start < b and s.end > a), key=lambda s: (s.start, s.end, s.key))
    assert [(s.key, s.start, s.end) for s in index.overlapping(a, b)] == [(s.key, s.start, s.end) for s in expected]
    assert [s.key for s in index.at(a)] == [
        s.key
        for s in sorted((s for s in spans if s.start <= a < s.end), key=lambda s: (s.end - s.start, s.start, s.key))
    ]


def test_edits_keep_text_order_and_rows() -> None:
    rng = random.Random(7)
    index = SpanIndex()
    live: dict[str, S] = {}
    for i in range(400):
        if live and rng.random() < 0.3:
            key = rng.choice(sorted(live))
            row = index.row_of(key)
            assert index.remove(key) == row
            del live[key]
        else:
            start = rng.randrange(0, 5000)
            span = S(f"s{i}", start, start + rng.randrange(1, 3000))
            expected_row = index.insertion_row(span)
            assert index.add(span) == expected_row
            live[span.key] = span
        order = sorted(live.values(), key=lambda s: (s.start, s.end, s.key))
        assert [s.key for s in index.in_order()] == [s.key for s in order]
    assert len(index) == len(live)


def test_neighbours_and_containment() -> None:
    text = "Police fired tear gas at the crowd in Juba on Monday."
    index = SpanIndex(
        [("a", 0, 5, "actor"), ("b", 10, 20, "actor"), ("c", 12, 15, "actor"), ("d", 30, 31, "actor")], text
    )
    assert index.neighbour("b", 0, 1).key == "c"
    assert index.neighbour("a", 0, -1) is None
    assert index.neighbour(None, 11, 1).key == "c"  # from a cursor position
    assert index.neighbour(None, 11, -1).key == "b"
    assert [s.key for s in index.touching(9, 21)] == ["b", "c"]
    assert [s.key for s in index.at(13)] == ["c", "b"]
    assert index.get("b").text == text[10:20] and index.get("zz") is None
    index.add(S("b", 40, 45))  # re-adding a key moves it
    assert [s.key for s in index.in_order()] == ["a", "c", "d", "b"]


def test_trim_selection() -> None:
    text = "  Police  fired\ttear-gas. "
    assert trim_selection(text, 0, 9, snap=False) == (2, 8)
    assert trim_selection(text, 0, 2, snap=False) is None
    assert trim_selection(text, 4, 12, snap=True) == (2, 15)  # "Police  fired"
    arabic = "قوات الأمن"
    assert trim_selection(arabic, 1, 3, snap=True) == (0, 4)


def test_may_contain_rtl() -> None:
    from annotator.domain.text_shape import may_contain_rtl
    from annotator.ui.common.bidi import is_rtl

    assert not may_contain_rtl("plain ascii")
    assert not may_contain_rtl("emoji 😀 and café, Ελληνικά, русский, 中文, हिन्दी")
    for sample in ("שלום", "مرحبا", "ܫܠܡܐ", "ﷺ", "ﻻ", "ࢠ"):
        assert may_contain_rtl(f"text {sample} text"), sample
    assert is_rtl("  «مرحبا» world") and not is_rtl("Hello مرحبا") and not is_rtl("123")


def test_a_copy_is_edited_apart() -> None:
    text = "Police fired at protesters near the long road " + "x" * (LONG + 10)
    index = SpanIndex([("s1", 0, 6, "actor"), ("s2", 16, 26, "actor"), ("s3", 10, 10 + LONG + 5, "action")], text)
    index.get("s1")  # (the look-up by key is built: copied too)
    twin = index.copy()
    twin.remove("s2")
    twin.add(Span("s4", 7, 12, "action", text[7:12]))
    assert [s.key for s in index.in_order()] == ["s1", "s3", "s2"]
    assert [s.key for s in twin.in_order()] == ["s1", "s4", "s3"]
    assert {s.key for s in index.overlapping(0, len(text))} == {"s1", "s2", "s3"}
    assert index.get("s4") is None and twin.get("s2") is None and twin.get("s3") is not None
    assert [s.key for s in twin.overlapping(LONG + 10, LONG + 11)] == ["s3"]  # the long span, in both
    assert [s.key for s in index.overlapping(LONG + 10, LONG + 11)] == ["s3"]
