"""The actor dictionary: generic actors per country, demonyms, regimes, external forces, typing."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.assist.actors import ActorCandidate, ActorDictionary
from annotator.domain.codebook import Codebook, load_codebook

CODEBOOK = Path(__file__).parents[2] / "resources" / "codebooks" / "acled.toml"
PROJECT = [("Hayat Tahrir al-Sham", 2), ("Military Forces of Syria (2000-2024)", 1), ("Wagner Group", 8)]


@pytest.fixture(scope="module")
def codebook() -> Codebook:
    return load_codebook(CODEBOOK)


@pytest.fixture(scope="module")
def actors(codebook: Codebook) -> ActorDictionary:
    return ActorDictionary(codebook, PROJECT)


def best(actors: ActorDictionary, text: str, country: str | None = None) -> ActorCandidate:
    return actors.lookup(text, event_country=country)[0]


def test_russian_patrol_in_syria_is_external(actors: ActorDictionary) -> None:
    found = best(actors, "Russian patrol", "Syria")
    assert (found.name, found.type_code, found.score, found.country) == (
        "Military Forces of Russia (2000-)", 8, 100.0, "Russia",
    )  # fmt: skip
    assert "External/Other forces" in found.reason


def test_russian_patrol_in_russia_is_state_forces(actors: ActorDictionary) -> None:
    found = best(actors, "Russian patrol", "Russia")
    assert (found.name, found.type_code) == ("Military Forces of Russia (2000-)", 1)


def test_protesters_take_the_event_country(actors: ActorDictionary) -> None:
    found = best(actors, "protesters", "Syria")
    assert (found.name, found.type_code, found.score) == ("Protesters (Syria)", 6, 100.0)
    assert (best(actors, "demonstrators", "Kenya").name, best(actors, "villagers", "Mali").name) == (
        "Protesters (Kenya)", "Civilians (Mali)",
    )  # fmt: skip
    gunmen = best(actors, "unidentified gunmen", "Nigeria")
    assert (gunmen.name, gunmen.type_code) == ("Unidentified Armed Group (Nigeria)", 3)


@pytest.mark.parametrize(
    ("phrase", "name"),
    [
        ("Syrian army", "Military Forces of Syria (2024-)"),
        ("Kenyan police", "Police Forces of Kenya (2022-)"),
        ("Israeli forces", "Military Forces of Israel (2022-)"),
        ("Ukrainian drones", "Military Forces of Ukraine (2019-)"),
        ("Sudanese soldiers", "Military Forces of Sudan (2019-)"),
        ("Congolese troops", "Military Forces of the Democratic Republic of Congo (2019-)"),
        ("US troops", "Military Forces of the United States (2025-)"),
        ("Ghanaian police", "Police Forces of Ghana"),  # no regime year known: no years
    ],
)
def test_demonym_and_force(actors: ActorDictionary, phrase: str, name: str) -> None:
    found = best(actors, phrase)
    assert (found.name, found.type_code) == (name, 1)


def test_state_forces_abroad_become_type_8(actors: ActorDictionary) -> None:
    assert best(actors, "Kenyan police", "Somalia").type_code == 8
    assert best(actors, "Israeli forces", "Palestine").type_code == 8
    assert best(actors, "Military Forces of Russia (2000-)", "Ukraine").type_code == 8
    # other actor types keep theirs wherever they act
    assert best(actors, "Hayat Tahrir al-Sham", "Turkey").type_code == 2


def test_bare_alias_needs_the_event_country(actors: ActorDictionary) -> None:
    # Without a country "protesters" can only be typed towards a name.
    found = actors.lookup("protesters")
    assert found[0].name.startswith("Protesters (")
    assert found[0].reason == "typed prefix"


def test_typing_a_prefix_offers_the_event_country_first(actors: ActorDictionary) -> None:
    assert best(actors, "Milit", "Syria").name == "Military Forces of Syria (2024-)"
    assert best(actors, "Civilians (Sy").name == "Civilians (Syria)"
    assert best(actors, "Military Forces of Rus").name == "Military Forces of Russia (2000-)"


def test_project_actors_are_found_by_name_word_and_typo(actors: ActorDictionary) -> None:
    assert (best(actors, "Hayat Tahrir al-Sham").name, best(actors, "Hayat Tahrir al-Sham").score) == (
        "Hayat Tahrir al-Sham", 100.0,
    )  # fmt: skip
    assert best(actors, "Tahrir").name == "Hayat Tahrir al-Sham"
    typo = best(actors, "Hayat Tahrir al-Shaam")
    assert (typo.name, typo.type_code, typo.reason) == ("Hayat Tahrir al-Sham", 2, "similar name")
    old_regime = best(actors, "Military Forces of Syria (2000-2024)", "Syria")
    assert (old_regime.name, old_regime.type_code, old_regime.country) == (
        "Military Forces of Syria (2000-2024)", 1, "Syria",
    )  # fmt: skip


def test_limit_and_plain_data(actors: ActorDictionary) -> None:
    found = actors.lookup("Police", event_country="Kenya", limit=3)
    assert len(found) == 3
    assert found[0].as_dict() == {
        "name": "Police Forces of Kenya (2022-)",
        "type_code": 1,
        "score": 100.0,
        "reason": "'police' in the event's country",
        "country": "Kenya",
    }
    assert actors.lookup("   ") == []
