"""Accepting suggestions: a span, the empty fields filled, evidence linked, one undoable command."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from annotator.domain.models import EventFields
from annotator.services.accepting import accept_command, suggested_values
from annotator.services.annotate import SetEventField, SetRef, apply
from annotator.services.importing import import_paths
from annotator.services.workspace import article_ids, fill_values
from tests.fixtures.coding import load_coding


@dataclass
class Sugg:
    start: int
    end: int
    label: str
    text: str
    value: Any


TEXT = "Protesters rallied in Qamishli on Tuesday."


def at(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


DATE = Sugg(*at("on Tuesday"), "date", "on Tuesday", {"event_date": "2024-06-11", "time_precision": 1})
PLACE = Sugg(
    *at("Qamishli"),
    "location",
    "Qamishli",
    {
        "location": "Qamishli",
        "admin1": "Al-Hasakah",
        "admin2": "Al-Qamishli",
        "country": "Syria",
        "iso": 760,
        "latitude": 37.0517,
        "longitude": 41.2231,
        "geo_precision": 1,
        "ambiguous": False,
    },
)
ACTOR = Sugg(*at("Protesters"), "actor", "Protesters", {"name": "Protesters (Syria)", "type_code": 6, "score": 100})
ACTION = Sugg(*at("rallied"), "action", "rallied", {"event_type": "Protests", "sub_event_type": "Peaceful protest"})


@pytest.fixture
def article(project, tmp_path: Path) -> SetRef:
    source = tmp_path / "a.jsonl"
    source.write_text(json.dumps({"id": "a", "text": TEXT, "published": "2024-06-12"}) + "\n", encoding="utf-8")
    import_paths(project, [source])
    return SetRef(article_ids(project, "amal")[0], "amal")


def test_three_acceptances_fill_one_event(project, article: SetRef) -> None:
    for n, sugg in enumerate((DATE, PLACE, ACTOR)):
        state = load_coding(project, article)
        event_key = state.events[0].key if state.events else None
        apply(project, accept_command(project.codebook, state, article, sugg, event_key=event_key))
        assert len(load_coding(project, article).events) == 1, n
    state = load_coding(project, article)
    fields = state.events[0].fields
    assert fields.event_date == dt.date(2024, 6, 11) and fields.time_precision == 1
    assert (fields.location, fields.admin1, fields.country, fields.geo_precision) == (
        "Qamishli",
        "Al-Hasakah",
        "Syria",
        1,
    )
    assert (fields.actor1, fields.inter1) == ("Protesters (Syria)", 6)
    assert [(s.start, s.end, s.label) for s in state.spans] == [
        (*at("Protesters"), "actor"),
        (*at("Qamishli"), "location"),
        (*at("on Tuesday"), "date"),
    ]
    by_span = {s.key: s for s in state.spans}
    evidence = state.events[0].evidence
    assert by_span[evidence["event_date"][0]].text == "on Tuesday"
    assert by_span[evidence["location"][0]].text == "Qamishli"
    assert by_span[evidence["actor1"][0]].text == "Protesters"


def test_acceptance_never_overwrites_and_undoes_in_one_step(project, article: SetRef) -> None:
    state = load_coding(project, article)
    apply(project, accept_command(project.codebook, state, article, ACTION, event_key=None))
    key = load_coding(project, article).events[0].key
    apply(project, SetEventField(article, key, (("country", "Lebanon"),)))
    state = load_coding(project, article)
    inverse, _ = apply(project, accept_command(project.codebook, state, article, PLACE, event_key=key))
    after = load_coding(project, article)
    assert after.events[0].fields.country == "Lebanon"  # the coder's value stays
    assert after.events[0].fields.location == "Qamishli"
    apply(project, inverse)
    undone = load_coding(project, article)
    assert undone.events[0].fields.location == "" and [s.label for s in undone.spans] == ["action"]


def test_second_actor_goes_to_actor2_then_associates(codebook: Any) -> None:
    filled = EventFields(actor1="Police Forces of Syria", inter1=1)
    values, field = suggested_values(codebook, "actor", ACTOR.value, filled)
    assert values == {"actor2": "Protesters (Syria)", "inter2": 6} and field == "actor2"
    both = EventFields(actor1="A", inter1=1, actor2="B", inter2=7)
    assert suggested_values(codebook, "actor", ACTOR.value, both) == (
        {"assoc_actor_1": "Protesters (Syria)"},
        "assoc_actor_1",
    )


def test_action_of_another_event_type_is_left_alone(codebook: Any) -> None:
    chosen = EventFields(event_type="Riots")
    assert suggested_values(codebook, "action", ACTION.value, chosen) == ({}, "sub_event_type")


def test_a_further_actor_is_appended_to_the_associates_as_linking_would(codebook: Any) -> None:
    """Accepting and linking share one rule for multi-valued fields: append what is not there yet."""
    full = EventFields(actor1="A", inter1=1, actor2="B", inter2=7, assoc_actor_1="Teachers (Syria)")
    values, field = suggested_values(codebook, "actor", ACTOR.value, full)
    assert (values, field) == ({"assoc_actor_1": "Teachers (Syria); Protesters (Syria)"}, "assoc_actor_1")
    linked = fill_values(codebook, "assoc_actor_1", "Protesters (Syria)", full.assoc_actor_1, None)
    assert linked == values
    again = full.model_copy(update=values)
    assert suggested_values(codebook, "actor", ACTOR.value, again) == ({}, "assoc_actor_1")  # no duplicate


def test_accepting_never_overwrites_what_linking_would_replace(codebook: Any) -> None:
    typed = EventFields(actor1="A", inter1=1, actor2="B", inter2=7, location="Derik", event_date=dt.date(2024, 6, 1))
    assert suggested_values(codebook, "location", PLACE.value, typed)[0] == {
        name: PLACE.value[name] for name in ("admin1", "admin2", "country", "latitude", "longitude", "geo_precision")
    }
    assert suggested_values(codebook, "date", DATE.value, typed) == ({"time_precision": 1}, "event_date")
    # The coder who links a span to the very field asks for its value.
    assert fill_values(codebook, "location", "Qamishli", typed.location, None) == {"location": "Qamishli"}


def test_accepting_an_actor_appends_and_undoes_in_one_step(project, article: SetRef) -> None:
    state = load_coding(project, article)
    apply(project, accept_command(project.codebook, state, article, ACTION, event_key=None))
    key = load_coding(project, article).events[0].key
    values = (("actor1", "A"), ("inter1", 1), ("actor2", "B"), ("inter2", 7), ("assoc_actor_1", "Students"))
    apply(project, SetEventField(article, key, values))
    inverse, _ = apply(
        project, accept_command(project.codebook, load_coding(project, article), article, ACTOR, event_key=key)
    )
    event = load_coding(project, article).events[0]
    assert event.fields.assoc_actor_1 == "Students; Protesters (Syria)"
    assert set(event.evidence) == {"assoc_actor_1", "sub_event_type"}
    apply(project, inverse)
    undone = load_coding(project, article)
    assert undone.events[0].fields.assoc_actor_1 == "Students" and "assoc_actor_1" not in undone.events[0].evidence


# ---- issue #9: a new event starts with the article's country and source ----

DEFAULTS = {"country": "Syria", "source": "Rudaw English"}
TURKISH_PLACE = Sugg(
    *at("Qamishli"),
    "location",
    "Qamishli",
    {"location": "Nusaybin", "admin1": "Mardin", "country": "Turkey", "latitude": 37.07, "longitude": 41.21},
)


def test_a_new_event_from_a_suggestion_starts_with_the_defaults(project, article: SetRef) -> None:
    state = load_coding(project, article)
    apply(project, accept_command(project.codebook, state, article, DATE, event_key=None, defaults=DEFAULTS))
    fields = load_coding(project, article).events[0].fields
    assert (fields.country, fields.source, fields.event_date) == ("Syria", "Rudaw English", dt.date(2024, 6, 11))


def test_a_place_replaces_the_guessed_country_but_never_the_coders(codebook: Any) -> None:
    guessed = EventFields(country="Syria")
    values, _ = suggested_values(codebook, "location", TURKISH_PLACE.value, guessed, guessed_country="Syria")
    assert (values["country"], values["location"]) == ("Turkey", "Nusaybin")
    # A country the coder chose (not the guess) stays, as does the guess once a place is coded.
    chosen = EventFields(country="Lebanon")
    assert (
        "country" not in suggested_values(codebook, "location", TURKISH_PLACE.value, chosen, guessed_country="Syria")[0]
    )
    placed = EventFields(country="Syria", location="Al Qamishli")
    assert (
        "country" not in suggested_values(codebook, "location", TURKISH_PLACE.value, placed, guessed_country="Syria")[0]
    )
