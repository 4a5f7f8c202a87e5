"""Cohen's κ against scikit-learn."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from annotator.domain.agreement.kappa import cohen_kappa


def test_kappa_matches_scikit_learn_on_random_data() -> None:
    rng = np.random.default_rng(42)
    for _ in range(500):
        n = int(rng.integers(2, 200))
        k = int(rng.integers(2, 8))
        a = rng.integers(0, k, size=n)
        # Some agreement beyond chance, at a random strength.
        b = np.where(rng.random(n) < rng.random(), a, rng.integers(0, k, size=n))
        ours = cohen_kappa(a, b)
        if len(set(a.tolist()) | set(b.tolist())) == 1:
            assert ours is None
            continue
        assert ours == pytest.approx(cohen_kappa_score(a, b), abs=1e-12)


def test_kappa_on_category_codes_that_are_floats_or_text() -> None:
    a, b = ["x", "y", "y", "z"], ["x", "y", "z", "z"]
    assert cohen_kappa(a, b) == pytest.approx(cohen_kappa_score(a, b))
    assert cohen_kappa(np.array([1.0, 2.0, 2.0]), np.array([1.0, 2.0, 1.0])) == pytest.approx(
        cohen_kappa_score([1, 2, 2], [1, 2, 1])
    )


def test_kappa_edge_cases() -> None:
    assert cohen_kappa([1, 2, 3], [1, 2, 3]) == 1.0
    assert cohen_kappa([], []) is None
    assert cohen_kappa([4, 4], [4, 4]) is None  # p_e = 1: undefined, not 1 and not 0
    with pytest.raises(ValueError):
        cohen_kappa([1, 2], [1])
