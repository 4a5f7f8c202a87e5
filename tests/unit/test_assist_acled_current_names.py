"""Actors under the names ACLED's exports give them now, with the names of its earlier exports
offered beside them (the codebook's ``formerly``), and groups the dictionary lacked (issue #13,
point 3; see the comments of resources/codebooks/acled.toml for where each name was seen)."""

from __future__ import annotations

import datetime as dt

import pytest

from annotator.assist import ActorDictionary, SuggestionEngine
from annotator.domain.codebook import Codebook

PUBLISHED = dt.date(2025, 5, 6)


def actors(engine: SuggestionEngine, text: str) -> list[dict[str, object]]:
    return [s.value for s in engine.suggest(text, published=PUBLISHED) if s.label == "actor"]


@pytest.mark.parametrize(
    ("sentence", "name", "earlier"),
    [
        ("Houthi forces shelled Taiz, Yemen, on Monday.", "Military Forces of Yemen (2017-) Houthi",
         ["Military Forces of Yemen (2016-) Supreme Political Council"]),
        ("RSF fighters looted shops in Omdurman, Sudan, on Monday.", "Rapid Support Forces",
         ["RSF: Rapid Support Forces"]),
        ("Islamic State militants attacked Seytenga, Burkina Faso, on Monday.", "Islamic State Sahel Province (ISSP)",
         ["Islamic State Sahel Province", "Islamic State (Greater Sahara)"]),
    ],
)  # fmt: skip
def test_a_renamed_group_is_offered_under_its_earlier_names_too(
    engine: SuggestionEngine, sentence: str, name: str, earlier: list[str]
) -> None:
    found = [a for a in actors(engine, sentence) if a["name"] == name]
    assert found, actors(engine, sentence)
    assert [a["name"] for a in found[0]["alternatives"]] == earlier  # type: ignore[attr-defined]


def test_an_earlier_name_is_found_when_typed_and_read_as_the_group(codebook: Codebook) -> None:
    dictionary = ActorDictionary(codebook)
    typed = dictionary.lookup("Islamic State (Greater Sahara)", event_country="Niger")
    assert typed and typed[0].name == "Islamic State (Greater Sahara)"
    read = dictionary.resolve("Military Forces of Yemen (2016-) Supreme Political Council", event_country="Yemen")
    assert read is not None and read.name == "Military Forces of Yemen (2017-) Houthi"


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("Fano militiamen clashed with the army near Bahir Dar, Ethiopia.", "Fano Youth Militia"),
        ("OLA fighters abducted two traders near Nekemte, Ethiopia.",
         "OLF-OLA: Oromo Liberation Army-Oromo Liberation Front"),
        ("TPLF forces took control of Mekele, Ethiopia.", "TPLF: Tigray People's Liberation Front"),
        ("SPLA-IO forces attacked Nasir, South Sudan.",
         "SPLM-In Opposition: Sudan People's Liberation Movement-In Opposition"),
        ("The White Army overran an army base near Nasir, South Sudan.", "Nuer Ethnic Militia (South Sudan)"),
        ("MNJTF troops repelled an attack near Mora, Cameroon.", "MNJTF: Multinational Joint Task Force"),
        ("Dan Na Ambassagou militia attacked Bankass, Mali.", "Dan Na Ambassagou"),
        ("Al-Aqsa Martyrs Brigade militants fired at soldiers in Tulkarm.", "Al Aqsa Martyrs Brigade"),
        ("PMF fighters were deployed to Sinjar, Iraq.", "Military Forces of Iraq (2022-) Popular Mobilization Forces"),
        ("CPC rebels attacked Bouar, Central African Republic.", "CPC: Coalition of Patriots for Change"),
        ("UPC fighters looted Bambari, Central African Republic.",
         "UPC: Union for Peace in the Central African Republic"),
        ("FPRC rebels clashed with UPC fighters near Bria, Central African Republic.",
         "FPRC: Popular Front for the Renaissance of Central Africa"),
        ("The Arakan Army captured Paletwa, Myanmar.", "ULA/AA: United League of Arakan/Arakan Army"),
        ("TNLA troops shelled Lashio, Myanmar.",
         "PSLF/TNLA: Palaung State Liberation Front/Ta'ang National Liberation Army"),
        ("KNLA fighters attacked an army outpost near Myawaddy, Myanmar.",
         "KNU/KNLA: Karen National Union/Karen National Liberation Army"),
        ("RCSS troops clashed with SSPP troops near Hsipaw, Myanmar.",
         "RCSS/SSA-S: Restoration Council of Shan State/Shan State Army-South"),
    ],
)  # fmt: skip
def test_groups_found_in_acled_s_recent_rows_are_known(engine: SuggestionEngine, sentence: str, name: str) -> None:
    assert name in [a["name"] for a in actors(engine, sentence)]


def test_an_italian_town_named_fano_is_no_militia(engine: SuggestionEngine) -> None:
    found = engine.suggest("Hundreds of students marched in Fano, Italy, on Monday.", published=PUBLISHED)
    assert "Fano Youth Militia" not in [s.value["name"] for s in found if s.label == "actor"]
    assert [s.value["location"] for s in found if s.label == "location"][:1] == ["Fano"]


def test_military_police_are_a_unit_of_the_military(engine: SuggestionEngine) -> None:
    # Before: "Police Forces of Brazil" (the word "police" inside the phrase). ACLED files Brazil's
    # state military police as "Military Forces of Brazil (2023-) Military Police".
    text = "On 4 May 2024, military police shot dead two men during an operation in Rio de Janeiro, Brazil."
    found = [s.value for s in engine.suggest(text, published=dt.date(2024, 5, 6)) if s.label == "actor"]
    assert found[0]["name"] == "Military Forces of Brazil (2023-) Military Police"
    assert "Military Forces of Brazil (2023-)" in [a["name"] for a in found[0]["alternatives"]]


@pytest.mark.parametrize(
    ("sentence", "name", "also"),
    [
        # A state's or a town's name before "militia": its community's militia, as ACLED's rows of
        # 2025 name Nigeria's ("a Zamfara militia": "Zamfara Communal Militia (Nigeria)").
        ("On 3 May 2025, a Zamfara militia attacked Gusau, Nigeria, killing 4 people.",
         "Zamfara Communal Militia (Nigeria)", "Zamfara Ethnic Militia (Nigeria)"),
        # A people's name is no place: the name as the text gives it, the ethnic militia offered first.
        ("On 3 May 2025, Dinka militia attacked cattle keepers near Rumbek, South Sudan.",
         "Dinka Militia", "Dinka Ethnic Militia (South Sudan)"),
    ],
)  # fmt: skip
def test_a_militia_named_after_a_place_is_its_community_s(
    engine: SuggestionEngine, sentence: str, name: str, also: str
) -> None:
    militia = next(a for a in actors(engine, sentence) if "ilitia" in str(a["name"]))
    assert militia["name"] == name
    assert militia["alternatives"][0]["name"] == also  # type: ignore[index]


def test_people_killed_after_a_by_phrase_are_the_act_s_object_not_its_agents(engine: SuggestionEngine) -> None:
    # Before: "by" three words back made the farmers the killers: rioters, and the killing mob violence.
    text = "On 3 May 2025, gunmen led by a kingpin killed 3 farmers near Isa, Sokoto, Nigeria."
    found = engine.suggest(text, published=PUBLISHED)
    assert [s.value["sub_event_type"] for s in found if s.label == "action"] == ["Attack"]
    assert "Rioters (Nigeria)" not in [s.value["name"] for s in found if s.label == "actor"]
    # Still the agents right after "by": "attacked by angry residents".
    text = "Police said the shop was attacked by angry residents in Kano, Nigeria, on 3 May 2025."
    assert "Rioters (Nigeria)" in [a["name"] for a in actors(engine, text)]
