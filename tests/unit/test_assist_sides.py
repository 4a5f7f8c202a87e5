"""Issue #13, actors and event types: who the sides of an act are, and what they did. A group's
people named right after it are the group, and a militia that fights beside the government is a
side of its own. Sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from annotator.assist import ActorDictionary, Gazetteer, Suggestion, SuggestionEngine
from annotator.domain.codebook import Codebook

PUBLISHED = dt.date(2024, 3, 7)


@pytest.fixture(scope="module")
def engine(codebook: Codebook, gazetteer: Gazetteer) -> SuggestionEngine:
    return SuggestionEngine(codebook, gazetteer, ActorDictionary(codebook, countries=gazetteer.countries))


def labelled(engine: SuggestionEngine, text: str, label: str) -> list[Suggestion]:
    return [s for s in engine.suggest(text, published=PUBLISHED) if s.label == label]


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("On 5 March 2024, ISWAP militants raided a village in Kaga, Borno, and killed 2 farmers.",
         "Islamic State West Africa Province (ISWAP)"),
        ("On 5 March 2024, Al Shabaab fighters killed a trader in a village of Middle Shabelle, Somalia.", "Al Shabaab"),
    ],
)  # fmt: skip
def test_a_groups_people_named_right_after_it_are_the_group(engine: SuggestionEngine, text: str, group: str) -> None:
    # Before: "militants" an unnamed armed group as well, a second side that made the killing of
    # farmers an armed clash.
    assert [s.value["name"] for s in labelled(engine, text, "actor")][:1] == [group]
    assert not [s for s in labelled(engine, text, "actor") if s.value["name"].startswith("Unidentified Armed Group")]
    assert "Attack" in [s.value["sub_event_type"] for s in labelled(engine, text, "action")]


def test_a_pro_government_militia_is_a_side_of_its_own(engine: SuggestionEngine) -> None:
    text = (
        "On 20 March 2020, an 'Arbaki' commander was killed in an attack by Taliban militants in Kapisa, Afghanistan."
    )
    assert {s.value["name"] for s in labelled(engine, text, "actor")} == {"Militia (Pro-Government)", "Taliban"}
    assert [s.value["sub_event_type"] for s in labelled(engine, text, "action")][:1] == ["Armed clash"]


def test_firing_at_people_is_an_attack(engine: SuggestionEngine) -> None:
    # Before: no act at all.
    text = "On 5 March 2024, Kuki militants fired at Meitei villagers in Moirang, Bishnupur, Manipur."
    assert [(s.text, s.value["sub_event_type"]) for s in labelled(engine, text, "action")] == [("fired at", "Attack")]
