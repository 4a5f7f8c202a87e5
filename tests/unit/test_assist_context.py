"""The rules that tell a place from a person, a government or a web address (issue #9, finding 4),
one phrasing at a time."""

from __future__ import annotations

import random

import pytest

from annotator.assist import context
from annotator.assist.context import (
    government_use,
    masked_ranges,
    near_after,
    person_context,
    region_after,
    said_after,
)


def span(text: str, name: str) -> tuple[int, int]:
    start = text.index(name)
    return start, start + len(name)


def masked(text: str) -> list[str]:
    m = masked_ranges(text)
    return [text[s:e] for s, e in zip(m._starts, m._ends, strict=True)]


def test_web_addresses_mails_handles_and_credits_are_masked() -> None:
    text = (
        "Footage at https://www.example.org/Hasakah/Amuda.html and www.example.net/Derik, "
        "questions to desk@example.org, posted by @DerikNews.\n"
        "Photo: Baderkhan Ahmad / AP\n"
        "Protesters in Qamishli (Photo by Delil Souleiman). Images: Rudaw"
    )
    assert masked(text) == [
        "https://www.example.org/Hasakah/Amuda.html",
        "www.example.net/Derik,",
        "desk@example.org",
        "@DerikNews",
        "Photo: Baderkhan Ahmad / AP",
        "Photo by Delil Souleiman",
        "Images: Rudaw",
    ]
    m = masked_ranges(text)
    assert m.covers(*span(text, "Amuda")) and not m.covers(*span(text, "Qamishli"))


def test_photos_in_prose_are_not_credits() -> None:
    assert masked("Photos from Qamishli showed the crowd. The image of Amuda spread.") == []


@pytest.mark.parametrize(
    "text, name",
    [
        ("President Vladimir Putin did not comment.", "Vladimir"),
        ("a statement by Mr. Ahmad on Tuesday", "Ahmad"),
        ("Photographer Baderkhan Ahmad took the picture.", "Ahmad"),
        ("Vladimir Putin spoke.", "Vladimir"),  # a first name glued to a surname
        ("villagers of Tal Kocher protested", "Tal"),  # the lone first word of a longer name
        ("protesters marched in Valle del Cauca on Monday", "Valle"),  # joined by a particle
        ("soldiers clashed with rebels in Norte de Santander", "Santander"),  # its last word
        ("a raid in Ilha do Governador", "Ilha"),
        ("a woman was found dead in Colonia Lomas de la Presa", "Presa"),  # an article after the particle
        ("tourists fled Valle de la Luna on Monday", "Valle"),
    ],
)
def test_people_and_longer_names(text: str, name: str) -> None:
    assert person_context(text, *span(text, name))


@pytest.mark.parametrize(
    "text, name",
    [
        ("Protesters gathered in Qamishli on Tuesday.", "Qamishli"),
        ("In Qamishli, shops closed.", "Qamishli"),
        ("clashes in Northern Aleppo", "Aleppo"),
        ("the Syrian town of Amuda", "Amuda"),
        ("a blast at Dhaka Medical College", "Dhaka"),  # a facility named after its town
        ("buses burnt at Savar Bus Stand", "Savar"),
        ("two bombs near Paltan Jam-e Mosque", "Paltan"),
        ("fighting in Al-Hasakah Governorate", "Al-Hasakah"),
        ("fled to Syria. Damascus was quiet.", "Damascus"),  # the sentence before ends with a dot
        ("Qamishli Tuesday", "Qamishli"),
        ("fighting in Tibu de facto ended", "Tibu"),  # a particle not followed by a name
        ("the road from Cali to Bogota", "Cali"),
    ],
)
def test_places_in_running_text_stay_places(text: str, name: str) -> None:
    assert not person_context(text, *span(text, name), allowed=frozenset({"syrian"}))


def test_a_speaker_is_a_person() -> None:
    text = "Ahmad said the farmers would return. Qamishli was shelled."
    assert said_after(text, span(text, "Ahmad")[1])
    assert not said_after(text, span(text, "Qamishli")[1])


@pytest.mark.parametrize(
    "text, name",
    [
        ("Moscow said the patrol was routine.", "Moscow"),
        ("Damascus rejected the presence of foreign troops.", "Damascus"),
        ("Damascus has also accused the SDF.", "Damascus"),
        ("Moscow and Damascus said on Tuesday", "Moscow"),
        ("a routine mission agreed with Ankara.", "Ankara"),
        ("and accused Damascus of stirring up", "Damascus"),
        ("Tehran-backed militias moved in.", "Tehran"),
        ("Moscow's decision angered the villagers.", "Moscow"),
        ("talks between Moscow and Ankara resumed", "Moscow"),
        ("according to Damascus, the border is closed", "Damascus"),
    ],
)
def test_capitals_standing_for_their_governments(text: str, name: str) -> None:
    assert government_use(text, *span(text, name))


@pytest.mark.parametrize(
    "text, name",
    [
        ("Protesters gathered in Damascus on Friday.", "Damascus"),
        ("Damascus was shelled overnight.", "Damascus"),
        ("the road between Damascus and Homs", "Damascus"),
        ("Damascus police arrested three men.", "Damascus"),
        ("Damascus's eastern suburbs", "Damascus"),
    ],
)
def test_capitals_as_places(text: str, name: str) -> None:
    assert not government_use(text, *span(text, name))


def test_the_area_of_a_town_and_a_province() -> None:
    text = "shelling in the Qamishli countryside and in Al-Hasakah province"
    assert near_after(text, span(text, "Qamishli")[1])
    assert region_after(text, span(text, "Al-Hasakah")[1])
    assert not near_after(text, span(text, "Al-Hasakah")[1])


def test_first_letters_read_before_the_area_and_region_patterns() -> None:
    # near_after and region_after answer False at once when the word after a name begins with a
    # letter none of their words begin with: sound only if no other character lowers to one.
    for first, pattern_words in ((context.AREA_FIRST, "countryside area region outskirts environs vicinity "
                                  "suburbs surroundings"),
                                 (context.REGION_FIRST, "province governorate region state prefecture oblast")):  # fmt: skip
        assert {w[0] for w in pattern_words.split()} | {w[0].upper() for w in pattern_words.split()} == first
        lowering = {chr(c) for c in range(0x110000) if chr(c).lower()[:1] in first}
        assert lowering == first
    # And the answers are the patterns' own, after a name and whatever follows it.
    rng = random.Random(5)
    pieces = ["'s", "'S", " ", "  ", "countryside", "Area", "areas", "REGION", "province", "State", "states",
              "oblast", "Suburbs", "vicinity", "Environs", "outskirts", "surroundings", "x", "'", "\u0130", "\u212a", "ss", "-"]  # fmt: skip
    for _ in range(4000):
        text = "Aleppo" + "".join(rng.choice(pieces) for _ in range(rng.randint(0, 4)))
        assert near_after(text, 6) == (context._AREA_AFTER.match(text[6:36].lower()) is not None), text
        assert region_after(text, 6) == (context._REGION_AFTER.match(text[6:26].lower()) is not None), text
