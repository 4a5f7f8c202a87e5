"""Span agreement per label: exact F1, overlap F1, character α."""

from __future__ import annotations

import numpy as np
import pytest

from annotator.domain.agreement.alpha import alpha
from annotator.domain.agreement.compute import MeasureOptions, measure
from annotator.domain.agreement.spans import SpanTable, character_alpha, pair_counts
from tests.fixtures.agreement import agreement_input

FAST = MeasureOptions(resamples=0)


def test_exact_and_overlap_f1_by_hand() -> None:
    data = agreement_input(
        {
            "art-1": {
                # amal: 3 actors, 1 location; bruno: 2 actors (one exact, one shifted), 1 location elsewhere
                "amal": {"spans": [(0, 10, "actor"), (20, 30, "actor"), (50, 60, "actor"), (70, 80, "location")]},
                "bruno": {"spans": [(0, 10, "actor"), (22, 33, "actor"), (90, 95, "location")]},
            }
        }
    )
    report = measure(data, FAST)
    actor = report.spans["actor"]
    assert actor.exact_f1 == pytest.approx(2 * 1 / (3 + 2))
    # Overlap recall: 2 of amal's 3 actors overlap one of bruno's; precision: both of bruno's overlap.
    recall, precision = 2 / 3, 1.0
    assert actor.overlap_f1 == pytest.approx(2 * precision * recall / (precision + recall))
    location = report.spans["location"]
    assert location.exact_f1 == 0.0 and location.overlap_f1 == 0.0
    assert report.spans["date"].exact_f1 is None  # nobody marked a date: nothing to agree on
    pair = actor.pairs[0]
    assert (pair.spans_a, pair.spans_b, pair.exact) == (3, 2, 1)
    assert pair.disagreeing_articles == ("art-1",)
    assert report.by_article[0].span_disagreements == (4 + 3) - 2 * 1


def test_touching_is_not_overlapping() -> None:
    data = agreement_input({"a": {"amal": {"spans": [(0, 5, "actor")]}, "bruno": {"spans": [(5, 9, "actor")]}}})
    assert measure(data, FAST).spans["actor"].overlap_f1 == 0.0


def _per_character(length: int, coders: list[list[tuple[int, int]]]) -> np.ndarray:
    """Units = characters, one column per coder, 1 inside one of the coder's spans."""
    matrix = np.zeros((length, len(coders)))
    for c, spans in enumerate(coders):
        for start, end in spans:
            matrix[start:end, c] = 1
    return matrix


def test_character_alpha_equals_nominal_alpha_over_characters() -> None:
    rng = np.random.default_rng(3)
    for _ in range(40):
        n_coders = int(rng.integers(2, 5))
        lengths = rng.integers(30, 80, size=3)
        spans: dict[str, dict[str, dict[str, list[tuple[int, int, str]]]]] = {}
        matrices = []
        for t, length in enumerate(lengths.tolist()):
            per_coder = []
            spans[f"a{t}"] = {}
            for c in range(n_coders):
                marks = []
                for _ in range(int(rng.integers(0, 4))):
                    start = int(rng.integers(0, length - 5))
                    marks.append((start, start + int(rng.integers(1, 6))))  # may overlap each other
                per_coder.append(marks)
                spans[f"a{t}"][f"c{c}"] = {"spans": [(s, e, "actor") for s, e in marks]}
            matrices.append(_per_character(length, per_coder))
        data = agreement_input(spans, lengths={f"a{t}": int(n) for t, n in enumerate(lengths)})
        expected = alpha(np.vstack(matrices), "nominal")
        got = measure(data, FAST).spans["actor"].alpha
        assert got == pytest.approx(expected) if expected is not None else got is None


def test_character_alpha_only_counts_the_coders_of_each_article() -> None:
    # Article b is coded by amal and chen only: bruno's absence is missing data there, not "no span".
    table = SpanTable(
        article=np.array([0, 0, 0, 1, 1]),
        coder=np.array([0, 1, 2, 0, 2]),
        start=np.array([0, 0, 1, 3, 3]),
        end=np.array([4, 4, 4, 6, 7]),
        label=np.zeros(5, dtype=np.int64),
        labels=["actor"],
    )
    observers = np.array([3, 2])
    lengths = np.array([10, 10])
    got = character_alpha(table, observers, lengths, np.array([True, True]))[0]
    a = _per_character(10, [[(0, 4)], [(0, 4)], [(1, 4)]])
    b = _per_character(10, [[(3, 6)], [], [(3, 7)]])
    b[:, 1] = np.nan
    assert got == pytest.approx(alpha(np.vstack((a, b)), "nominal"))


def test_pair_counts_ignore_articles_outside_the_pair() -> None:
    table = SpanTable(
        article=np.array([0, 0, 1]),
        coder=np.array([0, 1, 0]),
        start=np.array([0, 0, 5]),
        end=np.array([3, 3, 9]),
        label=np.array([0, 0, 0]),
        labels=["actor"],
    )
    counts = pair_counts(table, 0, 1, np.array([True, False]), 2)
    assert (counts.a[0], counts.b[0], counts.exact[0]) == (1, 1, 1)
    assert counts.exact_f1(0) == 1.0
