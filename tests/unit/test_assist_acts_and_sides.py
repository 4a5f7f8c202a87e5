"""Issue #13, event types and actors: what was done and who the sides are. A strike that is a
weapon's, bombs from the air, a force that reports its own act, a cartel's factions, a group's
people named right after it, and a militia that fights beside the government. Sentences written
for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from annotator.assist import Suggestion, SuggestionEngine

PUBLISHED = dt.date(2024, 8, 12)


def labelled(engine: SuggestionEngine, text: str, label: str) -> list[Suggestion]:
    return [s for s in engine.suggest(text, published=PUBLISHED) if s.label == label]


@pytest.mark.parametrize(
    ("text", "force"),
    [
        # Before: a peaceful protest, its "people" protesters, and an unnamed armed group on "on".
        ("An Israeli strike on a school sheltering displaced families in Gaza City killed 90 people on Saturday.",
         "Military Forces of Israel (2022-)"),
        # (Russia's air strikes are its air force's in ACLED's names: data/state_units.toml.)
        ("A Russian strike hit an apartment block in Dnipro, Ukraine, overnight.",
         "Military Forces of Russia (2000-) Air Force"),
        # Before: no act and no actor at all.
        ("A Russian guided bomb struck a crowded hardware store in Kharkiv, Ukraine, on Saturday.",
         "Military Forces of Russia (2000-) Air Force"),
    ],
)  # fmt: skip
def test_a_strike_by_a_nations_forces_is_an_air_strike_by_them(engine: SuggestionEngine, text: str, force: str) -> None:
    (act,) = labelled(engine, text, "action")[:1]
    assert act.value["sub_event_type"] == "Air/drone strike"
    assert force in [s.value["name"] for s in labelled(engine, text, "actor")]


@pytest.mark.parametrize(
    "text",
    [
        "Teachers went on strike in Nairobi on Monday.",
        "A general strike paralysed Dhaka, Bangladesh, on Sunday.",
        "Transport workers began an indefinite strike in Lagos, Nigeria.",
        "The strike on Monday closed every school in Accra, Ghana.",
    ],
)
def test_workers_strikes_stay_protests(engine: SuggestionEngine, text: str) -> None:
    assert {s.value["sub_event_type"] for s in labelled(engine, text, "action")} == {"Peaceful protest"}


def test_bombs_dropped_from_drones_are_an_air_strike(engine: SuggestionEngine) -> None:
    text = "Suspected militants used drones to drop bombs on a village in Imphal West district, Manipur, on Sunday."
    assert [s.value["sub_event_type"] for s in labelled(engine, text, "action")] == ["Air/drone strike"]


def test_bare_words_for_forces_that_report_a_foreign_forces_act_are_that_forces(engine: SuggestionEngine) -> None:
    # Before: "the army" was Palestine's, the territory the raid was in.
    text = "Israeli forces killed five gunmen in a mosque in Tubas, West Bank, on Thursday, the army said."
    army = next(s for s in labelled(engine, text, "actor") if s.text == "army")
    assert army.value["name"] == "Military Forces of Israel (2022-)"
    # In a sentence of its own, the army is the article's country's again.
    text = "Russian troops shelled Kherson, Ukraine. The army said it repelled them."
    army = next(s for s in labelled(engine, text, "actor") if s.text == "army")
    assert army.value["name"] == "Military Forces of Ukraine (2019-)"


def test_factions_of_a_cartel_are_the_cartel_not_a_mob(engine: SuggestionEngine) -> None:
    # Before: "factions" rioters and the fighting mob violence.
    text = "Fighting between rival factions of the Sinaloa Cartel left five dead near Culiacan, Mexico, on Wednesday."
    assert [(s.text, s.value["name"]) for s in labelled(engine, text, "actor")] == [
        ("Sinaloa Cartel", "Sinaloa Cartel")
    ]
    assert [s.value["sub_event_type"] for s in labelled(engine, text, "action")] == ["Armed clash"]


@pytest.mark.parametrize(
    ("text", "words", "name"),
    [
        # Before: no actor ("Russian missiles"), and the unnamed armed group on "a".
        ("Russian missiles hit a children's hospital in Kyiv, Ukraine, early Monday.", "Russian",
         "Military Forces of Russia (2000-)"),
        ("Unknown men in an unmarked car abducted a cartoonist in Kitengela, Kenya, on Tuesday night.", "Unknown men",
         "Unidentified Armed Group (Kenya)"),
    ],
)  # fmt: skip
def test_who_struck_or_abducted_is_named_from_the_words_for_them(
    engine: SuggestionEngine, text: str, words: str, name: str
) -> None:
    assert (words, name) in [(s.text, s.value["name"]) for s in labelled(engine, text, "actor")]


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
