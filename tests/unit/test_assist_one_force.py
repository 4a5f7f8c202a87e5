"""Armed actors named as one force are one side of an act, and wordings of ACLED's notes of 2017-20
that read as no act before (issue #13, point 4: event types from more than one word)."""

from __future__ import annotations

import datetime as dt

import pytest

from annotator.assist import SuggestionEngine

PUBLISHED = dt.date(2024, 5, 8)


def sub_event_types(engine: SuggestionEngine, text: str) -> list[str]:
    return [s.value["sub_event_type"] for s in engine.suggest(text, published=PUBLISHED) if s.label == "action"]


@pytest.mark.parametrize(
    "text",
    [
        # Before: two armed sides, so an armed clash, where ACLED codes an attack on the villagers.
        "On 6 May 2024, a joint force of Burkinabe soldiers and volunteer fighters (VDP) killed at least ten "
        "members of the Tuareg community near Markoye, Burkina Faso.",
        "On 6 May 2024, soldiers backed by VDP fighters killed 12 people near Djibo, Burkina Faso.",
    ],
)
def test_a_joint_force_is_one_side(engine: SuggestionEngine, text: str) -> None:
    assert sub_event_types(engine, text)[:1] == ["Attack"]


def test_two_forces_not_named_as_one_still_clash(engine: SuggestionEngine) -> None:
    assert sub_event_types(engine, "On 6 May 2024, soldiers and JNIM militants clashed near Djibo, Burkina Faso.") == [
        "Armed clash"
    ]


def test_a_joint_force_that_repelled_an_assault_fought_the_attackers(engine: SuggestionEngine) -> None:
    # Before: "repelled the assault" was no act; the attempted attack read as an attack alone.
    text = ("On 8 May 2024, suspected ISSP militants attempted to attack the village of Raogo, Burkina Faso. "
            "A joint force of soldiers and VDP repelled the assault.")  # fmt: skip
    assert "Armed clash" in sub_event_types(engine, text)


def test_assaulted_is_an_attack(engine: SuggestionEngine) -> None:
    # Before: no act ("Armed herders assaulted and injured six displaced women" in a UN summary).
    text = "On 3 May 2024, armed herders assaulted and injured six displaced women near Tawila, North Darfur, Sudan."
    assert sub_event_types(engine, text) == ["Attack"]


@pytest.mark.parametrize(
    "text",
    [
        # Before: "pastoralists" rioters and the killing mob violence; "armed nomads" no actor.
        "On 3 May 2024, armed pastoralists killed three farmers near El Fasher, North Darfur, Sudan.",
        "On 3 May 2024, a group of armed nomads attacked returnees in Funguli village, Central Darfur, Sudan.",
        "On 3 May 2024, pastoralist militias attacked farmers near Kutum, North Darfur, Sudan.",
    ],
)
def test_armed_pastoralists_and_nomads_are_the_communal_militia(engine: SuggestionEngine, text: str) -> None:
    found = engine.suggest(text, published=PUBLISHED)
    assert [s.value["name"] for s in found if s.label == "actor"][:1] == ["Unidentified Communal Militia (Sudan)"]
    assert [s.value["sub_event_type"] for s in found if s.label == "action"] == ["Attack"]


def test_persons_no_one_names_who_looted_are_rioters_armed_men_are_not(engine: SuggestionEngine) -> None:
    # Before: no actor ("unidentified persons" was no phrase of the dictionary); ACLED codes them
    # rioters (Bangladesh, 5 August 2024), the armed group offered beside them.
    text = "On 5 August 2024, unidentified persons looted and vandalized houses of the Hindu community in Keshabpur, Bangladesh."
    found = [s.value for s in engine.suggest(text, published=PUBLISHED) if s.label == "actor"]
    assert [a["name"] for a in found] == ["Rioters (Bangladesh)"]
    assert [a["name"] for a in found[0]["alternatives"]] == ["Unidentified Armed Group (Bangladesh)"]  # type: ignore[union-attr]
    text = "On 3 May 2024, gunmen looted shops and killed two traders in Gusau, Zamfara, Nigeria."
    assert [s.value["name"] for s in engine.suggest(text, published=PUBLISHED) if s.label == "actor"] == [
        "Unidentified Armed Group (Nigeria)"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Weapons and wordings of ACLED's notes that read as no act, or another, before.
        ("On 8 October 2023, an Israel Defense Forces UAV killed six Hamas militants near Nahal Oz.", "Air/drone strike"),
        ("On 8 October 2023, Israeli military aircrafts killed two groups of Hamas militants near Beeri.",
         "Air/drone strike"),
        ("On 8 October 2023, QSD fighters targeted a Turkish base in Qasemiyeh with heavy weapons.",
         "Shelling/artillery/missile attack"),
        ("On 19 February 2021, in Mongpan township, Shan State, the Myanmar military fired with both small and "
         "heavy weapons. One villager died.", "Shelling/artillery/missile attack"),
        ("On 9 May 2020, Houthi forces exchanged artillery with pro-Hadi forces near Qaatabah, Ad Dali, Yemen.",
         "Armed clash"),
        ("On 20 March 2020, 25 Afghan soldiers defected to the Taliban in Shahrak district, Ghor.",
         "Change to group/activity"),
    ],
)  # fmt: skip
def test_weapons_and_wordings_of_acled_s_notes(engine: SuggestionEngine, text: str, expected: str) -> None:
    assert sub_event_types(engine, text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "On 3 May 2024, soldiers defused an IED near Mogadishu, Somalia.",
        "On 3 May 2024, the army shot down a Houthi UAV over Marib, Yemen.",
        "On 3 May 2024, air defences intercepted a missile over Marib, Yemen.",
    ],
)
def test_a_weapon_disrupted_is_no_explosion_of_its_own(engine: SuggestionEngine, text: str) -> None:
    # Before: "defused" and "IED" each an act, the IED's an explosion that never happened.
    assert sub_event_types(engine, text) == ["Disrupted weapons use"]
