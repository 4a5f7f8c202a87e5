"""Cohen's κ for two coders."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt


def cohen_kappa(a: npt.ArrayLike, b: npt.ArrayLike) -> float | None:
    """Cohen's κ = (p_o − p_e) / (1 − p_e), p_e from each coder's own distribution of categories.

    ``a`` and ``b`` are the two coders' category codes for the same units, both present. ``None`` where
    κ is undefined: no units, or both coders used one and the same category throughout (p_e = 1).
    """
    x, y = np.asarray(a), np.asarray(b)
    if x.shape != y.shape:
        raise ValueError("both coders need the same number of values")
    if len(x) == 0:
        return None
    categories, codes = np.unique(np.concatenate((x, y)), return_inverse=True)
    codes = codes.ravel()
    k = len(categories)
    ca, cb = codes[: len(x)], codes[len(x) :]
    observed = float(np.mean(ca == cb))
    expected = float(np.bincount(ca, minlength=k) @ np.bincount(cb, minlength=k)) / len(x) ** 2
    if expected >= 1.0 - 1e-12:
        return None
    return (observed - expected) / (1.0 - expected)
