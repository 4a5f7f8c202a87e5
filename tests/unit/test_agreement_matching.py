"""Event matching: which event of one coder is which event of another."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from annotator.domain.agreement.compute import MeasureOptions, measure
from annotator.domain.agreement.matching import (
    MatchSettings,
    actor_similarity,
    assign,
    place_name_similarity,
)
from tests.fixtures.agreement import agreement_input

FAST = MeasureOptions(resamples=0)


def clash(
    day: str = "2024-06-11", place: str = "Maiduguri", lat: float = 11.8333, lon: float = 13.15, **more: Any
) -> dict[str, Any]:
    event = {
        "event_date": day,
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "actor1": "Military Forces of Nigeria (2023-)",
        "actor2": "Boko Haram",
        "country": "Nigeria",
        "admin1": "Borno",
        "location": place,
        "latitude": lat,
        "longitude": lon,
        "fatalities": 3,
    }
    event.update(more)
    return event


def protest(
    day: str = "2024-06-12", place: str = "Ikeja", lat: float = 6.6018, lon: float = 3.3515, **more: Any
) -> dict[str, Any]:
    event = {
        "event_date": day,
        "event_type": "Protests",
        "sub_event_type": "Peaceful protest",
        "actor1": "Protesters (Nigeria)",
        "country": "Nigeria",
        "admin1": "Lagos",
        "location": place,
        "latitude": lat,
        "longitude": lon,
    }
    event.update(more)
    return event


def run(a_events: list[dict[str, Any]], b_events: list[dict[str, Any]]) -> Any:
    return measure(agreement_input({"art-1": {"amal": {"events": a_events}, "bruno": {"events": b_events}}}), FAST)


def test_swapped_order_matches_each_event_to_its_own() -> None:
    report = run([clash(), protest()], [protest(), clash()])
    pair = report.event_pairs[0]
    assert (pair.events_a, pair.events_b, pair.matched) == (2, 2, 2)
    assert pair.f1 == 1.0
    # Matched correctly, so every field agrees.
    assert report.fields["event_type"].percent == 1.0
    assert report.fields["location"].percent == 1.0


def test_an_extra_event_stays_unmatched() -> None:
    report = run([clash()], [clash(), protest()])
    pair = report.event_pairs[0]
    assert (pair.events_a, pair.events_b, pair.matched) == (1, 2, 1)
    assert pair.recall == 1.0 and pair.precision == 0.5
    assert pair.f1 == pytest.approx(2 / 3)
    assert pair.unmatched_articles == ("art-1",)
    assert report.by_article[0].unmatched_events == 1


def test_a_missing_event_lowers_recall() -> None:
    report = run([clash(), protest()], [protest()])
    pair = report.event_pairs[0]
    assert (pair.matched, pair.recall, pair.precision) == (1, 0.5, 1.0)
    assert report.fields["event_type"].percent == 1.0  # the one matched pair is the protest with the protest


def test_the_same_event_with_dates_a_day_apart_is_matched_and_the_date_disagrees() -> None:
    report = run([clash("2024-06-11")], [clash("2024-06-12")])
    assert report.event_pairs[0].matched == 1
    date = report.fields["event_date"]
    assert date.units == 1 and date.percent == 0.0
    assert date.pairs[0].disagreeing_articles == ("art-1",)
    assert report.fields["event_type"].percent == 1.0


def test_two_similar_events_in_one_article_pair_by_place() -> None:
    # Two clashes on one day by the same actors, 40 km apart; coder B lists them the other way round.
    a = [clash(place="Maiduguri", lat=11.8333, lon=13.15), clash(place="Konduga", lat=11.65, lon=13.42, fatalities=1)]
    b = [clash(place="Konduga", lat=11.65, lon=13.42, fatalities=1), clash(place="Maiduguri", lat=11.8333, lon=13.15)]
    report = run(a, b)
    assert report.event_pairs[0].matched == 2
    assert report.fields["location"].percent == 1.0
    assert report.fields["fatalities"].percent == 1.0
    assert report.fields["coordinates"].alpha == pytest.approx(1.0)


def test_two_similar_events_pair_by_date_when_places_are_names_only() -> None:
    a = [protest("2024-06-10", lat=None, lon=None), protest("2024-06-14", lat=None, lon=None, fatalities=1)]
    b = [protest("2024-06-14", lat=None, lon=None, fatalities=1), protest("2024-06-10", lat=None, lon=None)]
    report = run(a, b)
    assert report.event_pairs[0].matched == 2
    assert report.fields["event_date"].percent == 1.0
    assert report.fields["fatalities"].percent == 1.0


def test_unrelated_events_in_one_article_stay_apart() -> None:
    report = run([clash("2024-06-11")], [protest("2024-05-02")])
    assert report.event_pairs[0].matched == 0
    assert report.event_pairs[0].f1 == 0.0
    assert report.fields["event_type"].units == 0  # nothing matched, nothing to compare


def test_events_given_only_a_type_pair_up_even_when_the_types_differ() -> None:
    report = run([{"event_type": "Battles"}], [{"event_type": "Riots"}])
    assert report.event_pairs[0].matched == 1
    assert report.fields["event_type"].percent == 0.0


def test_articles_coded_by_one_coder_only_are_not_compared() -> None:
    data = agreement_input(
        {
            "both": {"amal": {"events": [clash()]}, "bruno": {"events": [clash()]}},
            "only-amal": {"amal": {"events": [clash(), protest()]}},
        }
    )
    report = measure(data, FAST)
    assert report.articles == 1
    assert report.event_pairs[0].events_a == 1  # only-amal's events are not misses of bruno's
    assert [a.article for a in report.by_article] == ["both"]


def test_an_empty_set_is_a_coder_who_found_nothing() -> None:
    report = measure(agreement_input({"a": {"amal": {"events": [clash()]}, "bruno": {}}}), FAST)
    pair = report.event_pairs[0]
    assert (pair.articles, pair.events_a, pair.events_b, pair.matched) == (1, 1, 0, 0)
    assert pair.recall == 0.0 and pair.precision is None


def test_three_coders_group_their_events() -> None:
    data = agreement_input(
        {
            "art-1": {
                "amal": {"events": [clash(), protest()]},
                "bruno": {"events": [protest(), clash("2024-06-12")]},
                "chen": {"events": [clash()]},
            }
        }
    )
    report = measure(data, FAST)
    assert [p.coders for p in report.event_pairs] == [("amal", "bruno"), ("amal", "chen"), ("bruno", "chen")]
    assert [p.matched for p in report.event_pairs] == [2, 1, 1]
    # Groups: {amal's clash, bruno's clash, chen's clash} and {amal's protest, bruno's protest}.
    assert report.fields["event_type"].units == 2
    assert report.fields["event_type"].percent == 1.0
    assert report.fields["event_type"].alpha == 1.0
    date = report.fields["event_date"]
    # Clash dates 11, 12, 11: 1 of 3 pairs of values agree; protest dates 12, 12: 1 of 1.
    assert date.percent == pytest.approx(2 / 4)
    assert date.kappa is None  # κ is for two coders


def test_matching_tables() -> None:
    assert assign(np.array([[0.9, 0.1], [0.8, 0.7]]), 0.42) == [(0, 0), (1, 1)]
    assert assign(np.array([[0.3]]), 0.42) == []
    # The best total, not the greedy first choice.
    assert sorted(assign(np.array([[0.9, 0.85], [0.88, 0.1]]), 0.42)) == [(0, 1), (1, 0)]
    assert actor_similarity(("a", "b"), ("b", "a")) == 1.0
    assert actor_similarity(("protesters (kenya)",), ("protesters (kenya)", "police forces of kenya")) == 0.5
    assert actor_similarity((), ("x",)) == 0.5
    assert place_name_similarity(("qamishli", "", "", "", "syria"), ("al qamishli", "", "", "", "syria")) > 0.8
    assert place_name_similarity(("", "", "", "borno", "nigeria"), ("", "", "", "lagos", "nigeria")) < 0.3
    assert place_name_similarity(("", "", "", "", "nigeria"), ("", "", "", "", "niger")) == 0.0
    with pytest.raises(ValueError):
        MatchSettings(threshold=1.5)


def test_batched_assignment_equals_one_assignment_per_article() -> None:
    """Articles of one shape are solved together; the result must be the Hungarian method's."""
    from scipy.optimize import linear_sum_assignment

    from annotator.domain.agreement.matching import _assign_many

    rng = np.random.default_rng(9)
    for r, c in [(1, 3), (3, 3), (2, 4), (4, 2), (5, 4), (6, 6)]:
        sim = rng.random((50, r, c))
        rows, cols = _assign_many(sim, 0.42)
        usable = np.where(sim >= 0.42, sim, 0.0)
        for k in range(50):
            best_rows, best_cols = linear_sum_assignment(usable[k], maximize=True)
            assert usable[k][rows[k], cols[k]].sum() == pytest.approx(usable[k][best_rows, best_cols].sum())
            assert len(set(cols[k].tolist())) == len(cols[k]) and len(set(rows[k].tolist())) == len(rows[k])
