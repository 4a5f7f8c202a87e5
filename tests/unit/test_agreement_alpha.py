"""Krippendorff's α: the published worked example, the krippendorff package, missing values, coordinates."""

from __future__ import annotations

import itertools
import math

import krippendorff
import numpy as np
import pytest

from annotator.domain.agreement.alpha import (
    EARTH_RADIUS_KM,
    Level,
    alpha,
    chord_km,
    percentile_interval,
    reduce,
    to_xyz_km,
)
from annotator.domain.agreement.compute import MeasureOptions, alpha_interval
from annotator.domain.agreement.matching import haversine_km
from tests.fixtures.agreement import PUBLISHED, WORKED_EXAMPLE

NAN = np.nan


def worked_matrix() -> np.ndarray:
    """Units × observers, NaN = no value."""
    return np.array([[NAN if v is None else v for v in row] for row in WORKED_EXAMPLE], dtype=float).T


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
def test_worked_example_matches_the_published_values(level: str) -> None:
    assert round(alpha(worked_matrix(), level), 3) == PUBLISHED[level]


def _random_matrix(rng: np.random.Generator) -> np.ndarray:
    units = int(rng.integers(2, 40))
    coders = int(rng.integers(2, 6))
    values = int(rng.integers(2, 8))
    data = rng.integers(1, values + 1, size=(units, coders)).astype(float)
    if rng.random() < 0.5:  # some data sets with scattered non-integers, for the interval and ratio metrics
        data += rng.choice([0.0, 0.5], size=data.shape)
    data[rng.random(data.shape) < rng.uniform(0.0, 0.5)] = NAN
    return data


def test_matches_the_krippendorff_package_on_1000_random_matrices_with_missing_values() -> None:
    rng = np.random.default_rng(2011)
    compared = 0
    for _ in range(1000):
        data = _random_matrix(rng)
        level = str(rng.choice(["nominal", "ordinal", "interval", "ratio"]))
        ours = alpha(data, level)
        pairable = data[(~np.isnan(data)).sum(axis=1) >= 2]
        if len(np.unique(pairable[~np.isnan(pairable)])) < 2:
            assert ours is None  # no variation among pairable values: undefined
            continue
        theirs = krippendorff.alpha(reliability_data=data.T, level_of_measurement=level)
        assert ours == pytest.approx(theirs, abs=1e-9), (level, data.tolist())
        compared += 1
    assert compared > 900


def _brute_force(points: list[list[tuple[float, float] | None]]) -> float:
    """α from its definition, pair by pair, with δ² = the squared chord distance in km."""
    units = [[p for p in unit if p is not None] for unit in points]
    units = [u for u in units if len(u) >= 2]
    values = [p for u in units for p in u]
    n = len(values)

    def d2(p: tuple[float, float], q: tuple[float, float]) -> float:
        return chord_km(p[0], p[1], q[0], q[1]) ** 2

    observed = sum(sum(d2(p, q) for p, q in itertools.permutations(u, 2)) / (len(u) - 1) for u in units) / n
    expected = sum(d2(p, q) for p, q in itertools.permutations(values, 2)) / (n * (n - 1))
    return 1 - observed / expected


def test_coordinates_alpha_equals_its_pairwise_definition() -> None:
    rng = np.random.default_rng(5)
    for _ in range(30):
        units, coders = int(rng.integers(3, 12)), int(rng.integers(2, 5))
        lat = rng.uniform(-10, 15, size=(units, coders))
        lon = rng.uniform(0, 40, size=(units, coders))
        gone = rng.random((units, coders)) < 0.25
        lat[gone] = NAN
        data = np.stack((lat, lon), axis=-1)
        points = [
            [None if np.isnan(la) else (la, lo) for la, lo in zip(lat[u], lon[u], strict=True)] for u in range(units)
        ]
        if sum(1 for u in points if sum(p is not None for p in u) >= 2) < 2:
            continue
        assert alpha(data, "coordinate") == pytest.approx(_brute_force(points), rel=1e-9)


def test_coordinates_metric_is_the_km_distance_for_nearby_points() -> None:
    # Along the equator a degree of longitude is R·π/180 km; chord and great circle agree closely nearby.
    assert chord_km(0, 10, 0, 11) == pytest.approx(EARTH_RADIUS_KM * math.pi / 180, rel=1e-4)
    for lat1, lon1, lat2, lon2 in [(11.83, 13.15, 12.0, 8.59), (6.6, 3.35, 6.61, 3.36), (-1.29, 36.82, -4.04, 39.67)]:
        great_circle = float(haversine_km(np.array(lat1), np.array(lon1), np.array(lat2), np.array(lon2)))
        assert chord_km(lat1, lon1, lat2, lon2) == pytest.approx(great_circle, rel=5e-4)
    # So α on points along the equator is α interval on their positions in km.
    lon = np.array([[10.0, 10.01], [10.2, 10.2], [10.5, 10.52], [11.0, NAN], [10.8, 10.7]])
    coords = np.stack((np.zeros_like(lon), lon), axis=-1)
    coords[np.isnan(lon)] = NAN
    km = lon * EARTH_RADIUS_KM * math.pi / 180
    assert alpha(coords, "coordinate") == pytest.approx(alpha(km, "interval"), abs=1e-6)
    assert np.allclose(np.linalg.norm(to_xyz_km(0.0, 0.0)), EARTH_RADIUS_KM)


def test_a_point_with_half_its_coordinates_missing_is_missing() -> None:
    data = np.array([[[1.0, 2.0], [1.0, NAN]], [[3.0, 4.0], [3.0, 4.1]], [[5.0, 6.0], [5.1, 6.0]]])
    without = data[1:]
    assert alpha(data, "coordinate") == pytest.approx(alpha(without, "coordinate"))


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
def test_missing_values_are_left_out_never_zero(level: str) -> None:
    base = np.array([[1, 1], [2, 2], [3, 2], [4, 4], [2, 3]], dtype=float)
    # Units with a single value carry nothing: adding them changes nothing.
    padded = np.vstack((base, [[5, NAN], [NAN, 1], [NAN, NAN]]))
    assert alpha(padded, level) == pytest.approx(alpha(base, level))
    # A third coder who gave nothing changes nothing either.
    third = np.column_stack((base, np.full(len(base), NAN)))
    assert alpha(third, level) == pytest.approx(alpha(base, level))
    # Whereas reading the missing values as 0 would.
    zeros = np.nan_to_num(padded, nan=0.0)
    assert alpha(zeros, level) != pytest.approx(alpha(base, level))


def test_hand_computed_nominal_case() -> None:
    # Units (a,a), (a,b), (b,b): n = 6, n_a = n_b = 3; D_o ∝ o_ab + o_ba = 2; D_e ∝ 2·3·3 = 18.
    # α = 1 − (n − 1)·2/18 = 1 − 10/18.
    data = np.array([[0, 0], [0, 1], [1, 1]], dtype=float)
    assert alpha(data, "nominal") == pytest.approx(1 - 10 / 18)
    assert alpha(np.array([[1, 1], [2, 2]], dtype=float), "nominal") == 1.0


@pytest.mark.parametrize(
    "data",
    [np.full((3, 2), NAN), np.array([[1.0, NAN], [NAN, 2.0]]), np.array([[3.0, 3.0], [3.0, 3.0]])],
    ids=["all missing", "nothing pairable", "no variation"],
)
def test_alpha_is_undefined_rather_than_a_number(data: np.ndarray) -> None:
    assert alpha(data, "nominal") is None
    assert alpha(data, "interval") is None


def test_weighted_units_equal_repeated_units() -> None:
    data = worked_matrix()
    stats = reduce(data, Level.ORDINAL)
    weights = np.arange(1, len(data) + 1, dtype=float)
    repeated = np.repeat(data, weights.astype(int), axis=0)
    assert stats.replicates(weights[None, :])[0] == pytest.approx(alpha(repeated, "ordinal"))


def test_bootstrap_interval_is_reproducible_and_holds_alpha() -> None:
    rng = np.random.default_rng(1)
    truth = rng.integers(1, 6, size=300).astype(float)
    data = np.column_stack((truth, np.where(rng.random(300) < 0.8, truth, rng.integers(1, 6, size=300))))
    options = MeasureOptions(resamples=400)
    ci = alpha_interval(data, Level.NOMINAL, options, np.random.default_rng(3))
    again = alpha_interval(data, Level.NOMINAL, options, np.random.default_rng(3))
    assert ci == again and ci is not None
    value = alpha(data, "nominal")
    assert ci[0] < value < ci[1]
    assert 0.05 < ci[1] - ci[0] < 0.2
    small = alpha_interval(data[:30], Level.NOMINAL, options, np.random.default_rng(3))
    assert small is not None and small[1] - small[0] > ci[1] - ci[0]  # fewer units, wider interval


def test_percentile_interval() -> None:
    reps = np.arange(1, 1001, dtype=float)
    lo, hi = percentile_interval(reps)
    assert lo == pytest.approx(25.975) and hi == pytest.approx(975.025)
    assert percentile_interval(np.full(10, NAN)) is None


def test_both_ways_of_resampling_give_the_same_interval(monkeypatch: pytest.MonkeyPatch) -> None:
    """Counts over pooled identical units (multinomial) and draws by index resample the same way."""
    import annotator.domain.agreement.compute as compute

    rng = np.random.default_rng(8)
    truth = rng.integers(1, 4, size=2000).astype(float)
    data = np.column_stack((truth, np.where(rng.random(2000) < 0.7, truth, rng.integers(1, 4, size=2000))))
    options = MeasureOptions(resamples=1000)
    monkeypatch.setattr(compute, "_DRAW_COST", 0)  # always the multinomial over 9 distinct units
    pooled = alpha_interval(data, Level.ORDINAL, options, np.random.default_rng(1))
    monkeypatch.setattr(compute, "_DRAW_COST", 10**9)  # always by index
    drawn = alpha_interval(data, Level.ORDINAL, options, np.random.default_rng(1))
    assert pooled is not None and drawn is not None
    assert pooled != drawn  # two different draws...
    assert pooled == pytest.approx(drawn, abs=0.01)  # ...of the same distribution
