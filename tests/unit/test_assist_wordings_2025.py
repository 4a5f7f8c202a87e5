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
