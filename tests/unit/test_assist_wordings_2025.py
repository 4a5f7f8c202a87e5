"""Wordings of ACLED's notes of 2025 that read as no act or no actor, or as the wrong ones, before
(issue #13, points 3 and 4). Each case is a sentence written for the project in the manner of the
note that showed the miss."""

from __future__ import annotations

import datetime as dt

import pytest

from annotator.assist import SuggestionEngine

PUBLISHED = dt.date(2025, 5, 25)


def read(engine: SuggestionEngine, text: str) -> tuple[list[str], list[str]]:
    found = engine.suggest(text, published=PUBLISHED)
    return (
        [s.value["name"] for s in found if s.label == "actor"],
        [s.value["sub_event_type"] for s in found if s.label == "action"],
    )


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        ("On 20 May 2025, the rebels took over the town of Kiwanja, Nord-Kivu, without fighting.",
         "Non-violent transfer of territory"),
        ("On 21 May 2025, a US drone targeted a car carrying two militants near Ataq, Shabwah, Yemen.",
         "Air/drone strike"),
        ("On 21 May 2025, soldiers fired gunshots at a car near the border south of Kfar Kila, Lebanon.", "Attack"),
        ("On 21 May 2025, gunmen opened fire randomly at a wedding in Sabinah, Syria.", "Attack"),
        ("Weapons seizure: On 21 May 2025, army units seized military-grade weapons in a raid near Baalbek, Lebanon.",
         "Disrupted weapons use"),
        ("On 21 May 2025, residents staged a march in Sari, Iran, to support Palestinians.", "Peaceful protest"),
        ("On 21 May 2025, lawyers gathered outside the high court in Nairobi, Kenya, to denounce the arrests.",
         "Peaceful protest"),
        ("On 21 May 2025, Russian forces attacked Bila Bereza, Sumy, Ukraine, with a bomber-drone.", "Air/drone strike"),
        ("On 21 May 2025, Azerbaijani forces fired from small arms at Armenian forces near Movses, Tavush, Armenia.",
         "Armed clash"),
        ("On 5 May 2025, Russian forces launched assault actions on Ukrainian positions near Kreminna, Luhansk.",
         "Armed clash"),
        ("On 21 May 2025, pro-EU protesters blocked traffic on Rustaveli avenue in Tbilisi, Georgia.",
         "Peaceful protest"),
        ("On 21 May 2025, a group of people blocked the intersection of two streets in Yerevan, Armenia, over the "
         "poor road conditions.", "Peaceful protest"),
    ],
)  # fmt: skip
def test_acts_told_so_are_read(engine: SuggestionEngine, text: str, sub: str) -> None:
    assert sub in read(engine, text)[1]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("On 21 May 2025, pirates abducted 13 passengers on a boat on the Isaka River, Rivers, Nigeria.",
         "Pirates (Nigeria)"),
        ("On 21 May 2025, clashes took place between Asayish forces and smugglers in Raqqa, Syria.", "Asayish (Syria)"),
        ("On 21 May 2025, pro-regime militiamen opened fire at a wedding in Sabinah, Syria.", "Militia (Pro-Government)"),
    ],
)  # fmt: skip
def test_actors_told_so_are_read(engine: SuggestionEngine, text: str, name: str) -> None:
    assert name in read(engine, text)[0]


def test_a_name_with_who_it_is_in_brackets_is_one_side(engine: SuggestionEngine) -> None:
    # Before: "an armed group" and "JNIM" two sides, so an armed clash.
    text = "On 3 April 2025, an armed group (likely JNIM militants) attacked the village of Nouh-Bozo, Mopti, Mali."
    assert read(engine, text)[1] == ["Attack"]


def test_two_groups_told_as_either_s_are_offered_as_acled_s_one_actor(engine: SuggestionEngine) -> None:
    # ACLED codes "ISWAP or Boko Haram militants" as one actor, "A and/or B" in the text's order.
    found = engine.suggest("On 6 May 2025, ISWAP or Boko Haram militants ambushed soldiers near Mora, Cameroon.",
                           published=PUBLISHED)  # fmt: skip
    first = next(s.value for s in found if s.label == "actor")
    assert first["alternatives"][0]["name"] == (
        "Islamic State West Africa Province (ISWAP) and/or Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad"
    )


def test_armenia_s_forces_carry_their_period(engine: SuggestionEngine) -> None:
    # Before: "Military Forces of Armenia", without years (ACLED's rows of 2025: "(2018-)").
    assert (
        "Military Forces of Armenia (2018-)"
        in read(engine, "On 21 May 2025, Azerbaijani forces fired at Armenian soldiers near Movses, Tavush, Armenia.")[
            0
        ]
    )


@pytest.mark.parametrize(
    ("text", "name", "sub"),
    [
        # From ACLED's rows of 7 March 2025: before, no actor or act, or the wrong ones.
        ("On 7 March 2025, eight FLA fighters surrendered weapons to FAMa forces in Timbuktu, Mali.",
         "FLA: Azawad Liberation Front", "Agreement"),
        ("On 25 February 2025, an Al Shabaab commander surrendered to the Puntland Dervish Force near Iskushuban, "
         "Bari, Somalia.", "Military Forces of Somalia (2022-) Puntland Dervish Force", "Agreement"),
        ("On 7 March 2025, Wazalendo fighters clashed with M23 rebels near Kasugho, Lubero, Nord-Kivu.",
         "EPLC: Awakening of Patriots for the Liberation of Congo (Wazalendo)", "Armed clash"),
        ("On 15 January 2024, Israeli gunboats shelled the coast of Deir al Balah, Gaza Strip.",
         "Military Forces of Israel (2022-)", "Shelling/artillery/missile attack"),
        ("On 30 January 2024, an Israeli UAV killed three militants in central Gaza Strip.",
         "Military Forces of Israel (2022-)", "Air/drone strike"),
        ("On 15 January 2024, Israeli forces opened live fire during a raid on Qaffin, Tulkarm, West Bank.",
         "Military Forces of Israel (2022-)", "Attack"),
    ],
)  # fmt: skip
def test_names_and_acts_of_acled_s_rows_of_march_2025(engine: SuggestionEngine, text: str, name: str, sub: str) -> None:
    actors, acts = read(engine, text)
    assert name in actors
    assert sub in acts
