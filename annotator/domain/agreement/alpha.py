"""Krippendorff's α for a reliability matrix with missing values, at any level of measurement.

Written here rather than taken from the ``krippendorff`` package (which the tests use as the reference)
for two reasons:

- coordinates are two-dimensional values, and α's "difference" between two places is a distance in km;
  the package's reliability matrix holds one number per cell;
- the 95 % interval is a bootstrap over units, recomputed a thousand times per field. Here every unit
  is reduced once to a few numbers that add up linearly (its observed disagreement, its number of
  values and its value counts or sums), so a bootstrap replicate is a weighted sum: one matrix product
  for all replicates instead of a thousand full computations.

The definitions are Krippendorff's (2011, "Computing Krippendorff's Alpha-Reliability"):

    α = 1 − D_o / D_e = 1 − (n − 1) · Σ_ck o_ck δ²_ck / Σ_ck n_c n_k δ²_ck

over the *pairable* values only (units with at least two values), where ``o_ck`` is the coincidence
matrix (each unit's value pairs weighted by 1 / (m_u − 1)), ``n_c`` its marginals and ``n`` their sum.
The metrics δ²:

- nominal: 0 if equal, else 1;
- ordinal: (Σ_{g=c..k} n_g − (n_c + n_k) / 2)², ranks taken from the pairable values' marginals;
- interval: (c − k)²;
- ratio: ((c − k) / (c + k))²;
- coordinates: the squared straight-line (chord) distance in km between two points on the Earth's
  sphere. It is a true Euclidean distance, so α behaves exactly as the interval metric in three
  dimensions, and it equals the great-circle (haversine) distance to within 0.05 % up to 700 km apart,
  the range where coders of one event disagree.

A missing value is NaN: it is left out, never taken as 0. α is ``None`` where it is undefined: no
pairable unit, or no variation at all among the pairable values (D_e = 0).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse

from annotator.domain.fields import Level

FloatArray = npt.NDArray[np.float64]

EARTH_RADIUS_KM = 6371.0088


def to_xyz_km(lat: npt.ArrayLike, lon: npt.ArrayLike) -> FloatArray:
    """Points on the Earth's sphere as 3-D vectors in km (the last axis); NaN stays NaN."""
    phi = np.radians(np.asarray(lat, dtype=float))
    lam = np.radians(np.asarray(lon, dtype=float))
    return EARTH_RADIUS_KM * np.stack((np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)), axis=-1)


def chord_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Straight-line distance through the Earth between two points, in km (the coordinates' α metric)."""
    return float(np.linalg.norm(to_xyz_km(lat1, lon1) - to_xyz_km(lat2, lon2)))


@dataclass(frozen=True)
class AlphaStats:
    """One field's reliability matrix reduced to per-unit numbers that add up linearly over units.

    Every row of the source matrix keeps its row here (a unit with fewer than two values has zeros), so
    α for any weighting of the units (a bootstrap resample, or counts of pooled identical units) is a
    few matrix products.
    """

    level: Level
    # per unit: Σ_{i≠j} δ²(v_i, v_j) / (m_u − 1), for the levels whose δ² does not depend on marginals
    observed: FloatArray
    # per unit: m_u, the number of pairable values (0 for units with fewer than two)
    counts: FloatArray
    # nominal, ordinal, ratio: value counts per unit (units × values); interval, coordinates: Σ v and Σ v²
    marginals: sparse.csr_array | FloatArray
    # ordinal, ratio: per-unit coincidences, flattened (units × values²)
    coincidences: sparse.csr_array | FloatArray | None = None
    # the value domain (sorted distinct pairable values) for the ordinal and ratio metrics
    domain: FloatArray | None = None

    @property
    def units(self) -> int:
        """Pairable units."""
        return int(np.count_nonzero(self.counts))

    @property
    def values(self) -> int:
        """Pairable values."""
        return int(self.counts.sum())

    def alpha(self) -> float | None:
        value = self.replicates(np.ones((1, len(self.counts))))[0]
        return None if np.isnan(value) else float(value)

    def replicates(self, weights: npt.ArrayLike) -> FloatArray:
        """α for each row of unit weights (replicates × units); NaN where undefined."""
        w = np.asarray(weights, dtype=float)
        n = w @ self.counts
        if self.level is Level.NOMINAL:
            margins = _weighted(w, self.marginals)
            expected = n**2 - (margins**2).sum(axis=1)
            observed = w @ self.observed
        elif self.level in (Level.INTERVAL, Level.COORDINATE):
            assert isinstance(self.marginals, np.ndarray)
            sums = w @ self.marginals
            first = sums[:, :-1]
            expected = 2 * (n * sums[:, -1] - (first**2).sum(axis=1))
            observed = w @ self.observed
        else:
            assert self.coincidences is not None and self.domain is not None
            size = len(self.domain)
            if size == 0:
                return np.full(len(w), np.nan)
            margins = _weighted(w, self.marginals)
            coinc = _weighted(w, self.coincidences).reshape(len(w), size, size)
            observed = np.empty(len(w))
            expected = np.empty(len(w))
            step = max(1, 4_000_000 // size**2)  # replicates × values² arrays stay small
            for lo in range(0, len(w), step):
                part = slice(lo, lo + step)
                delta = _delta_matrices(self.level, self.domain, margins[part])
                observed[part] = (coinc[part] * delta).sum(axis=(1, 2))
                expected[part] = np.einsum("ri,rij,rj->r", margins[part], delta, margins[part])
        with np.errstate(divide="ignore", invalid="ignore"):
            out = 1.0 - (n - 1) * observed / expected
        # No variation (D_e = 0, up to rounding) or no pairable value: α is undefined.
        out[~(expected > 1e-9 * np.maximum(n, 1.0) ** 2)] = np.nan
        return np.asarray(out, dtype=float)


def _weighted(w: FloatArray, matrix: sparse.csr_array | FloatArray) -> FloatArray:
    """w @ matrix for dense weights (replicates × units) and a dense or sparse units × k matrix."""
    if isinstance(matrix, np.ndarray):
        return np.asarray(w @ matrix)
    return np.asarray((matrix.T @ w.T).T)


def _delta_matrices(level: Level, domain: FloatArray, margins: FloatArray) -> FloatArray:
    """δ²_ck for each row of marginals (replicates × values): replicates × values × values."""
    idx = np.arange(len(domain))
    if level is Level.ORDINAL:
        lo, hi = np.minimum.outer(idx, idx), np.maximum.outer(idx, idx)
        cum = np.cumsum(margins, axis=1)
        between = cum[:, hi] - cum[:, lo] + margins[:, lo]  # Σ_{g=lo..hi} n_g
        return np.asarray((between - (margins[:, lo] + margins[:, hi]) / 2) ** 2)
    if level is Level.RATIO:
        total = np.add.outer(domain, domain)
        diff = np.subtract.outer(domain, domain)
        with np.errstate(divide="ignore", invalid="ignore"):
            delta = np.where(total == 0, 0.0, (diff / np.where(total == 0, 1.0, total)) ** 2)
        return np.broadcast_to(delta, (len(margins), len(domain), len(domain)))
    raise ValueError(f"no δ² matrix for the {level} level")


def reduce(matrix: npt.ArrayLike, level: Level | str) -> AlphaStats:
    """Reduce a reliability matrix (units × coders, NaN = missing) to per-unit statistics.

    For ``coordinates`` the matrix is units × coders × 2 (latitude, longitude in degrees); a point with
    either half missing is missing.
    """
    level = Level(level)
    data = np.asarray(matrix, dtype=float)
    if level is Level.COORDINATE:
        if data.ndim != 3 or data.shape[-1] != 2:
            raise ValueError("coordinates need a units × coders × 2 (latitude, longitude) matrix")
        present = ~np.isnan(data).any(axis=-1)
        points = to_xyz_km(data[..., 0], data[..., 1])
    else:
        if data.ndim != 2:
            raise ValueError("a reliability matrix is units × coders")
        present = ~np.isnan(data)
        points = data[..., None]
    m = present.sum(axis=1).astype(float)
    pairable = m >= 2
    counts = np.where(pairable, m, 0.0)
    if level in (Level.INTERVAL, Level.COORDINATE):
        use = present & pairable[:, None]
        if use.any():
            centre = points[use].mean(axis=0)  # differences only: centring keeps the sums small and exact
            points = points - centre
        points = np.where(use[..., None], points, 0.0)
        s1 = points.sum(axis=1)
        s2 = (points**2).sum(axis=(1, 2))
        with np.errstate(divide="ignore", invalid="ignore"):
            observed = np.where(pairable, 2 * (counts * s2 - (s1**2).sum(axis=1)) / (counts - 1), 0.0)
        return AlphaStats(level, observed, counts, np.column_stack((s1, s2)))
    # Categorical levels: count each unit's values over the domain of distinct pairable values.
    use = present & pairable[:, None]
    domain, inverse = np.unique(data[use], return_inverse=True)
    codes = np.full(data.shape, -1, dtype=np.int64)
    codes[use] = inverse.ravel()
    units, size = len(data), max(len(domain), 1)
    margins = _counts_by_unit(np.nonzero(use)[0], codes[use], units, size)
    if level is Level.NOMINAL:
        if isinstance(margins, np.ndarray):
            square = (margins**2).sum(axis=1)
        else:
            square = np.asarray(margins.multiply(margins).sum(axis=1))
        with np.errstate(divide="ignore", invalid="ignore"):
            observed = np.where(pairable, (counts**2 - square.ravel()) / (counts - 1), 0.0)
        return AlphaStats(level, observed, counts, margins)
    return AlphaStats(level, np.zeros(units), counts, margins, _unit_coincidences(codes, counts, size), domain)


# Value domains up to this size keep per-unit counts in a dense array (fast matrix products); larger
# ones, such as actor names, in a sparse one.
_DENSE_VALUES = 64


def _counts_by_unit(
    rows: npt.NDArray[np.int64], cols: npt.NDArray[np.int64], units: int, size: int, weights: FloatArray | None = None
) -> sparse.csr_array | FloatArray:
    """How often each column occurs in each row (or the sum of ``weights``): units × size."""
    if size <= _DENSE_VALUES:
        flat = np.bincount(rows * size + cols, weights=weights, minlength=units * size)
        return flat.reshape(units, size).astype(float)
    data = np.ones(len(rows)) if weights is None else weights
    return sparse.csr_array((data, (rows, cols)), shape=(units, size), dtype=float)


def _unit_coincidences(codes: npt.NDArray[np.int64], counts: FloatArray, size: int) -> sparse.csr_array | FloatArray:
    """Per unit, its coincidence matrix flattened to size² columns: each ordered pair of values from two
    different coders adds 1 / (m_u − 1) to its cell (Krippendorff's o_ck before summing over units)."""
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    vals: list[np.ndarray] = []
    n_coders = codes.shape[1]
    for i in range(n_coders):
        for j in range(n_coders):
            if i == j:
                continue
            both = np.nonzero((codes[:, i] >= 0) & (codes[:, j] >= 0))[0]
            rows.append(both)
            cols.append(codes[both, i] * size + codes[both, j])
            vals.append(1.0 / (counts[both] - 1))
    empty = np.zeros(0, dtype=np.int64)
    return _counts_by_unit(
        np.concatenate(rows) if rows else empty,
        np.concatenate(cols) if cols else empty,
        codes.shape[0],
        size * size,
        np.concatenate(vals) if vals else np.zeros(0),
    )


def alpha(matrix: npt.ArrayLike, level: Level | str) -> float | None:
    """Krippendorff's α of a reliability matrix (units × coders, NaN = missing)."""
    return reduce(matrix, level).alpha()


def percentile_interval(replicates: FloatArray, confidence: float = 0.95) -> tuple[float, float] | None:
    """The percentile bootstrap interval, or None if fewer than half the replicates gave an α."""
    valid = replicates[~np.isnan(replicates)]
    if len(valid) == 0 or len(valid) < len(replicates) / 2:
        return None
    tail = (1 - confidence) / 2 * 100
    lo, hi = np.percentile(valid, [tail, 100 - tail])
    return float(lo), float(hi)
