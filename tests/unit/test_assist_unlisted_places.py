"""Issue #13, places the gazetteer lacks: a name the text calls a village, town or municipality is
suggested by that name, with the country and province the text gives it, and no point. Before,
such names had no suggestion at all. Sentences written for these tests; the villages are real
places the bundled gazetteer does not hold (checked in each test)."""

from __future__ import annotations

import datetime as dt

import pytest

from annotator.assist import Gazetteer, Suggestion, SuggestionEngine
from annotator.assist.folding import fold_key

PUBLISHED = dt.date(2024, 10, 5)


def places(engine: SuggestionEngine, text: str) -> list[Suggestion]:
    return [s for s in engine.suggest(text, published=PUBLISHED) if s.label == "location"]


@pytest.mark.parametrize(
    ("text", "name", "admin1", "country"),
    [
        ("M23 rebels seized control of the town of Rubaya in North Kivu province on Tuesday.",
         "Rubaya", "Nord-Kivu", "Democratic Republic of Congo"),
        ("ELN fighters attacked a base in the municipality of Puerto Jordan, in the eastern province of Arauca, "
         "Colombia, on Tuesday.", "Puerto Jordan", "Arauca", "Colombia"),
        # A name in apposition: "Kuriga, a town in ...".
        ("Gunmen abducted 287 pupils from a school in Kuriga, a town in northwest Nigeria's Kaduna state.",
         "Kuriga", "Kaduna", "Nigeria"),
        # The province from the sentence before, when its own names none.
        ("Maoists killed two villagers in Bijapur district of Chhattisgarh, India. The bodies were found near "
         "Pedakorma village.", "Pedakorma", "Chhattisgarh", "India"),
    ],
)  # fmt: skip
def test_a_place_the_gazetteer_lacks_is_suggested_by_its_name(
    engine: SuggestionEngine, gazetteer: Gazetteer, text: str, name: str, admin1: str, country: str
) -> None:
    assert not gazetteer.lookup_key(fold_key(name), limit=1)  # the bundled data lacks it
    found = places(engine, text)
    (unlisted,) = [s for s in found if s.text == name]
    value = unlisted.value
    assert (value["location"], value["admin1"], value["country"], value["unlisted"]) == (name, admin1, country, True)
    assert "latitude" not in value  # no point is made up: the coder finds it (Ctrl+G) or loads it
    # Less sure than the places the gazetteer has that the text names.
    assert unlisted.confidence < min(s.confidence for s in found if s is not unlisted)


@pytest.mark.parametrize(
    "text",
    [
        # A capitalised word after "in" may be anything.
        "The bill was debated in Parliament in Nairobi, Kenya, on Monday.",
        # A name the gazetteer has is read as such, not as an unknown village.
        "Gunmen attacked the town of Djibo in Burkina Faso on Monday.",
        # "The village of The ...": the article is no name; a city the countries know is no village.
        "Police patrolled the city of Nairobi, Kenya, and the village of The.",
        # A person's role, not a place: "a village elder".
        "Residents of Jos, Nigeria, fled, said Ali Musa, a village elder, on Monday.",
        # Who lives there, not the place's name.
        "Soldiers raided a Fulani camp near Malanville, Benin, on Monday.",
    ],
)
def test_only_names_the_text_calls_places_and_the_gazetteer_lacks(engine: SuggestionEngine, text: str) -> None:
    assert not [s for s in places(engine, text) if s.value.get("unlisted")]


def test_an_unlisted_place_leaves_a_named_groups_words_alone(engine: SuggestionEngine) -> None:
    text = "Fighters of the Kata Kata Militia camp attacked the village of Ngandu in Kenya on Monday."
    names = [s.text for s in places(engine, text) if s.value.get("unlisted")]
    assert names == ["Ngandu"]


def test_an_unlisted_places_span_is_in_code_points_after_emoji_and_arabic(engine: SuggestionEngine) -> None:
    text = "KADUNA, Nigeria (Reuters) — 🚨 قتل Gunmen abducted 20 pupils in Kuriga, a town in Kaduna state 🙏."
    (kuriga,) = [s for s in places(engine, text) if s.value.get("unlisted")]
    start = text.index("Kuriga")  # code points, as every span outside Qt
    assert (kuriga.start, kuriga.end, text[kuriga.start : kuriga.end]) == (start, start + 6, "Kuriga")
