"""Auto-merge and span states, without a database: three coders' JSONL through each strategy."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from annotator.domain.adjudication.events import align_events
from annotator.domain.adjudication.merge import MergePlan, auto_merge
from annotator.domain.adjudication.rules import MergeRule, Strategy
from annotator.domain.adjudication.spans import SpanState, are_rivals, span_positions
from annotator.domain.errors import UserError
from annotator.domain.models import AnnotationSet, Event, EventFields, SetKind, Span
from annotator.domain.provenance import EventProvenance, Origin, Provenance
from annotator.formats.jsonl import read_jsonl
from tests.fixtures import adjudication as fx


@pytest.fixture
def coders(tmp_path: Path, codebook: Any) -> list[AnnotationSet]:
    path = tmp_path / "three.jsonl"
    path.write_text(fx.jsonl(), encoding="utf-8")
    ((_, record),) = list(read_jsonl(path, codebook))
    return list(record.annotations)


def _spans(plan: MergePlan) -> set[tuple[int, int, str, tuple[str, ...]]]:
    return {(s.start, s.end, s.label, s.coders) for s in plan.spans}


def _events(plan: MergePlan) -> list[tuple[tuple[str, ...], dict[str, Any]]]:
    return sorted(
        ((e.coders, {f.name: f.value for f in e.fields}) for e in plan.events), key=lambda e: (len(e[0]), e[0])
    )


PROTEST_AGREED = {
    "event_date": dt.date(2024, 6, 11),
    "time_precision": 1,
    "event_type": "Protests",
    "actor1": "Protesters (Kenya)",
    "inter1": 6,
    "actor2": "Police Forces of Kenya (2022-)",
    "inter2": 1,
    "country": "Kenya",
    "location": "Nairobi",
    "geo_precision": 1,
}
DEATHS = {
    "event_date": dt.date(2024, 6, 11),
    "time_precision": 1,
    "event_type": "Violence against civilians",
    "sub_event_type": "Attack",
    "actor1": "Unidentified Armed Group (Kenya)",
    "inter1": 3,
    "actor2": "Civilians (Kenya)",
    "inter2": 7,
    "country": "Kenya",
    "location": "Kisumu",
    "geo_precision": 1,
    "fatalities": 2,
}


def test_all_takes_only_what_every_coder_gave(coders: list[AnnotationSet]) -> None:
    plan = auto_merge(coders, None, MergeRule(Strategy.ALL))
    assert _spans(plan) == {(0, 6, "actor", ("amal", "ben", "chen"))}
    # The protest: every coder has it; sub-event type (2 against 1) and fatalities (amal alone) stay open.
    # The deaths in Kisumu: amal has no such event, so it is not merged.
    assert _events(plan) == [(("amal", "ben", "chen"), PROTEST_AGREED)]
    (protest,) = plan.events
    evidence = {f.name: f.evidence for f in protest.fields if f.evidence}
    assert evidence == {"actor2": ((0, 6, "actor"),)}  # teachers is not gold under "all", so actor1 has none


def test_present_takes_what_everyone_who_coded_agrees_on(coders: list[AnnotationSet]) -> None:
    plan = auto_merge(coders, None, MergeRule(Strategy.PRESENT))
    assert _spans(plan) == {
        (0, 6, "actor", ("amal", "ben", "chen")),
        (37, 44, "location", ("amal",)),  # nobody else marked anything there
        (83, 89, "location", ("ben", "chen")),  # amal marked nothing there
    }
    assert _events(plan) == [
        (("ben", "chen"), DEATHS),
        (("amal", "ben", "chen"), {**PROTEST_AGREED, "fatalities": 0}),
    ]
    deaths = next(e for e in plan.events if e.coders == ("ben", "chen"))
    assert {f.name: f.evidence for f in deaths.fields if f.evidence} == {"location": ((83, 89, "location"),)}


def test_majority_takes_two_votes_of_three(coders: list[AnnotationSet]) -> None:
    plan = auto_merge(coders, None, MergeRule(Strategy.MAJORITY, min_votes=2))
    assert _spans(plan) == {
        (0, 6, "actor", ("amal", "ben", "chen")),
        (25, 33, "actor", ("amal", "ben")),  # beats chen's "at teachers"
        (48, 55, "date", ("amal", "ben")),  # beats chen's action on the same word
        (83, 89, "location", ("ben", "chen")),
    }
    assert _events(plan) == [
        (("ben", "chen"), DEATHS),
        (("amal", "ben", "chen"), {**PROTEST_AGREED, "sub_event_type": "Protest with intervention"}),
    ]
    protest = next(e for e in plan.events if len(e.coders) == 3)
    assert {f.name: f.evidence for f in protest.fields if f.evidence} == {
        "actor1": ((25, 33, "actor"),),
        "actor2": ((0, 6, "actor"),),
    }
    sub = next(f for f in protest.fields if f.name == "sub_event_type")
    assert sub.coders == ("amal", "ben")


def test_majority_with_one_vote_takes_a_lone_coder_only_where_nobody_differs(coders: list[AnnotationSet]) -> None:
    plan = auto_merge(coders, None, MergeRule(Strategy.MAJORITY, min_votes=1))
    assert (37, 44, "location", ("amal",)) in _spans(plan)
    assert not any(s.label == "action" for s in plan.spans)  # 1 of 3 present on "Tuesday"
    assert MergeRule(Strategy.MAJORITY, min_votes=3).wins(["a", "b"], ["a", "b"], ["a", "b", "c"]) is False
    with pytest.raises(UserError, match="at least 1"):
        MergeRule(Strategy.MAJORITY, min_votes=0)


def _gold(spans: list[Span], events: list[Event] = ()) -> AnnotationSet:  # type: ignore[assignment]
    return AnnotationSet(coder="rita", kind=SetKind.GOLD, spans=spans, events=list(events))


REVIEWER = Provenance(origin=Origin.ACCEPTED, coders=("chen",), by="rita", at=dt.datetime(2024, 7, 1, tzinfo=dt.UTC))


def test_auto_merge_never_overwrites_a_reviewer_decision_unless_told(coders: list[AnnotationSet]) -> None:
    # The reviewer took chen's "at teachers" and chen's sub-event type.
    fields = EventFields(**{**PROTEST_AGREED, "sub_event_type": "Excessive force against protesters"})
    provenance = EventProvenance(**REVIEWER.model_dump(), fields={"sub_event_type": REVIEWER})
    gold = _gold(
        [Span(key="s1", start=22, end=33, label="actor", provenance=REVIEWER)],
        [Event(key="e1", fields=fields, provenance=provenance)],
    )
    rule = MergeRule(Strategy.MAJORITY, min_votes=2)
    plan = auto_merge(coders, gold, rule, rejected=[(48, 55, "date")])
    assert (25, 33, "actor") not in {s.position for s in plan.spans}  # gold holds its rival
    assert (48, 55, "date") not in {s.position for s in plan.spans}  # rejected
    protest = next(e for e in plan.events if e.gold_key == "e1")
    assert "sub_event_type" not in {f.name for f in protest.fields}
    told = auto_merge(coders, gold, rule, rejected=[(48, 55, "date")], overwrite=True)
    assert {(25, 33, "actor"), (48, 55, "date")} <= {s.position for s in told.spans}
    assert told.remove_spans == ["s1"]
    protest = next(e for e in told.events if e.gold_key == "e1")
    assert {f.name: f.value for f in protest.fields}["sub_event_type"] == "Protest with intervention"


def test_a_second_run_adds_nothing(coders: list[AnnotationSet]) -> None:
    """Gold that already holds what the strategy merges: the plan is empty (auto-merge is idempotent)."""
    rule = MergeRule(Strategy.ALL)
    plan = auto_merge(coders, None, rule)
    agreed = Provenance(origin=Origin.AGREED, coders=("amal", "ben", "chen"), by="x", at=dt.datetime.now(dt.UTC))
    (protest,) = plan.events
    gold = _gold(
        [Span(key="s1", start=0, end=6, label="actor", provenance=agreed)],
        [
            Event(
                key="e1",
                fields=EventFields(**{f.name: f.value for f in protest.fields}),
                evidence={"actor2": ["s1"]},
                provenance=EventProvenance(**agreed.model_dump()),
            )
        ],
    )
    assert auto_merge(coders, gold, rule).empty


def test_six_span_states(coders: list[AnnotationSet]) -> None:
    gold = _gold(
        [
            Span(key="s1", start=0, end=6, label="actor"),  # all three marked it
            Span(key="s2", start=83, end=89, label="location"),  # ben and chen
            Span(key="s3", start=22, end=33, label="actor"),  # chen's version of "teachers"
        ]
    )
    states = {p.position: p.state for p in span_positions(coders, gold, rejected=[(37, 44, "location")])}
    assert states == {
        (0, 6, "actor"): SpanState.ALL_AGREE,
        (83, 89, "location"): SpanState.ACCEPTED,
        (22, 33, "actor"): SpanState.ACCEPTED,
        (25, 33, "actor"): SpanState.REJECTED,  # gold holds a rival version
        (37, 44, "location"): SpanState.REJECTED,  # the reviewer rejected it
        (48, 55, "date"): SpanState.DISAGREE,
        (48, 55, "action"): SpanState.DISAGREE,
    }
    fresh = {p.position: p.state for p in span_positions(coders, None)}
    assert fresh[(0, 6, "actor")] is SpanState.AGREED
    assert fresh[(37, 44, "location")] is SpanState.ONLY_SOME
    assert fresh[(83, 89, "location")] is SpanState.ONLY_SOME
    assert fresh[(25, 33, "actor")] is SpanState.DISAGREE


def test_rivals_are_versions_of_one_mark_not_nested_marks() -> None:
    assert are_rivals((0, 10, "actor"), (5, 12, "actor"))
    assert are_rivals((0, 10, "actor"), (0, 10, "location"))
    assert not are_rivals((0, 10, "location"), (0, 6, "actor"))  # "police" inside "police in Juba"
    assert not are_rivals((0, 10, "actor"), (10, 12, "actor"))  # touching, not overlapping


def test_events_align_by_the_matcher_with_gold_in_its_group(coders: list[AnnotationSet]) -> None:
    chen = next(a for a in coders if a.coder == "chen")
    taken = next(e for e in chen.events if e.key == "e1")
    gold = _gold([], [Event(key="e9", fields=taken.fields)])
    groups = align_events(coders, gold)
    assert sorted(sorted(g.members) for g in groups) == [["amal", "ben", "chen"], ["ben", "chen"]]
    protest = next(g for g in groups if len(g.members) == 3)
    assert protest.gold is not None and protest.gold.key == "e9"
    assert protest.differing_fields(["amal", "ben", "chen"]) == ["sub_event_type", "fatalities"]
    deaths = next(g for g in groups if len(g.members) == 2)
    assert deaths.gold is None
    assert "location" in deaths.differing_fields(["amal", "ben", "chen"])  # amal has no such event


def test_provenance_json_is_exact_and_sorted() -> None:
    p = Provenance(origin=Origin.AGREED, coders=("ben", "amal", "ben"), by="rita",
                   at=dt.datetime(2024, 7, 1, 12, 30, 5, 999, tzinfo=dt.UTC), strategy="majority")  # fmt: skip
    assert p.to_json() == {"origin": "agreed", "coders": ["amal", "ben"], "by": "rita",
                           "at": "2024-07-01T12:30:05Z", "strategy": "majority"}  # fmt: skip
    assert Provenance.model_validate(p.to_json()) == p
    assert "agreed by amal, ben (majority)" in p.describe()
