"""Issue #13, actors: armed groups a text names that the dictionary lacks ("the Gran Grif gang",
"Fano militiamen", "the Arakan Army (AA)"). Sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from annotator.assist import Suggestion, SuggestionEngine
from annotator.assist.named_groups import named_groups

PUBLISHED = dt.date(2024, 10, 5)
COUNTRY_WORDS = frozenset({"ethiopian", "somali", "sudanese", "myanmar", "israel", "rwanda"})


def is_country(word: str) -> bool:
    return word.lower() in COUNTRY_WORDS


def actors(engine: SuggestionEngine, text: str) -> list[Suggestion]:
    return [s for s in engine.suggest(text, published=PUBLISHED) if s.label == "actor"]


# ---- reading the names ----


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Members of the Gran Grif gang killed 70 people.", [("Gran Grif gang", "Gran Grif Gang")]),
        # A number after "the" is the name's ("the 400 Mawozo gang"); a count is not.
        ("Police said the 400 Mawozo gang kidnapped them.", [("400 Mawozo gang", "400 Mawozo Gang")]),
        ("Residents said some 200 Fano militiamen entered the town.", [("Fano militiamen", "Fano Militia")]),
        # A nationality says whose the group is, not its name; alone it names none.
        ("Somali Macawisley militia fought. Ethiopian militia withdrew.", [("Macawisley militia", "Macawisley Militia")]),
        ("Then the Village de Dieu gang struck.", [("Village de Dieu gang", "Village de Dieu Gang")]),
        # Words that describe a group, capitalised where a sentence begins, name none.
        ("Armed gangs attacked. Rival militias clashed. Pro-government militia fought. Gangs looted.", []),
        ("local militiamen and a gang leader were held", []),
        # The last of a list of names is not the group's whole name.
        ("Fighters of the Sool, Sanaag and Cayn militia withdrew.", []),
        # One capitalised word at a sentence's start names a group where the text names it so elsewhere.
        ("Fano militiamen were blamed. Residents said Fano militiamen fled.",
         [("Fano militiamen", "Fano Militia"), ("Fano militiamen", "Fano Militia")]),
        # The kind capitalised, as part of the name.
        ("Fighters of the Kata Kata Militia withdrew.", [("Kata Kata Militia", "Kata Kata Militia")]),
        # A proper name ending in a kind word; ACLED puts the acronym the text gives first.
        ("The Arakan Army (AA) said it seized the camp.", [("Arakan Army", "AA: Arakan Army")]),
        ("Fighters of the Democratic Forces for the Liberation of Rwanda (FDLR) attacked.",
         [("Democratic Forces for the Liberation of Rwanda", "FDLR: Democratic Forces for the Liberation of Rwanda")]),
        # A state's forces, a state body named after a region, and words that name no one group.
        ("Sudanese Armed Forces and the Myanmar Army and Israel Defense Forces fought.", []),
        ("Puntland Maritime Police Force officers and Special Forces and the National Army arrived.", []),
    ],
)  # fmt: skip
def test_named_groups_are_read_from_the_words_before_gang_or_militia(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert [(text[g.start : g.end], g.name) for g in named_groups(text, is_country)] == expected


# ---- in the suggestion pass ----


def test_a_gang_the_dictionary_lacks_is_the_acts_actor_not_an_unnamed_one(engine: SuggestionEngine) -> None:
    # Before: no actor for the gang, and the unnamed armed group suggested on "at" of "at least".
    text = "Members of the Gran Grif gang killed at least 70 people in an attack in Haiti on Thursday."
    (gang,) = actors(engine, text)
    assert (gang.text, gang.value["name"], gang.value["type_code"]) == ("Gran Grif gang", "Gran Grif Gang", 3)
    # The country's generic actor of the kind is offered with it, and it is less sure than a name
    # the dictionary has.
    assert gang.value["alternatives"] == [{"name": "Unidentified Gang (Haiti)", "type_code": 3}]
    assert gang.confidence < 0.7


def test_members_of_a_gang_the_dictionary_lacks_are_no_crowd(engine: SuggestionEngine) -> None:
    # Before: "Members" as Rioters (Haiti), and the act mob violence.
    text = "Members of the 5 Segond gang attacked police in Port-au-Prince, Haiti."
    found = {s.text: s.value["name"] for s in actors(engine, text)}
    assert found == {"5 Segond gang": "5 Segond Gang", "police": "Police Forces of Haiti"}


def test_a_militias_name_that_spells_a_town_abroad_is_no_place(engine: SuggestionEngine) -> None:
    # Fano is also a town in Italy: before, the article was Italy's and its residents Italian.
    text = "Fano militiamen were blamed. Residents said Fano militiamen clashed with soldiers in Merawi, Ethiopia."
    found = engine.suggest(text, published=PUBLISHED)
    assert not [s for s in found if s.label == "location" and s.value["country"] == "Italy"]
    named = {(s.text, s.value["name"]) for s in found if s.label == "actor"}
    assert ("Fano militiamen", "Fano Youth Militia") in named  # (the codebook's name since 2025)
    assert ("Residents", "Civilians (Ethiopia)") in named


def test_a_group_the_dictionary_has_is_read_as_it_has_it(engine: SuggestionEngine) -> None:
    text = "RSF militiamen shelled a camp in El Fasher, Sudan, on Sunday."
    assert [s.value["name"] for s in actors(engine, text)] == ["Rapid Support Forces"]


def test_one_word_before_militia_is_also_offered_as_a_peoples_or_places_militia(engine: SuggestionEngine) -> None:
    # ACLED names a militia after a people or a place so: "Dinka Ethnic Militia (South Sudan)".
    text = "Residents said Dinka militiamen attacked a cattle camp near Pibor, South Sudan, on Monday."
    militia = next(s for s in actors(engine, text) if s.text == "Dinka militiamen")
    assert militia.value["name"] == "Dinka Militia"
    assert [(a["name"], a["type_code"]) for a in militia.value["alternatives"]] == [
        ("Dinka Ethnic Militia (South Sudan)", 4),
        ("Dinka Communal Militia (South Sudan)", 4),
        ("Unidentified Armed Group (South Sudan)", 3),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "A group of Islamist militia attacked civilians in a village of Nangade district, Mozambique, on Sunday.",
        "Soldiers clashed with members of an Islamist militia group near Palma, Mozambique, on Tuesday.",
    ],
)
def test_an_islamist_militia_no_one_names_is_acleds_islamist_militia_of_the_country(
    engine: SuggestionEngine, text: str
) -> None:
    # Before: "A group" read as rioters and the act as mob violence; no actor for the militia.
    found = engine.suggest(text, published=PUBLISHED)
    named = [s.value["name"] for s in found if s.label == "actor"]
    assert "Islamist Militia (Mozambique)" in named
    assert "Rioters (Mozambique)" not in named
    assert "Mob violence" not in [s.value["sub_event_type"] for s in found if s.label == "action"]


def test_a_named_rebel_army_the_dictionary_lacks_is_the_actor_and_its_words_no_place(engine: SuggestionEngine) -> None:
    # Before: "West Papua" suggested as the place (the province), and the rebels an unnamed armed
    # group besides the act's: the shooting read as a clash between two sides.
    text = "Separatist rebels of the West Papua National Liberation Army shot dead a driver in Indonesia on Monday."
    found = engine.suggest(text, published=PUBLISHED)
    named = [(s.text, s.value["name"], s.value["type_code"]) for s in found if s.label == "actor"]
    assert named == [("West Papua National Liberation Army", "West Papua National Liberation Army", 2)]
    assert not [s for s in found if s.label == "location" and s.text == "West Papua"]
    assert [s.value["sub_event_type"] for s in found if s.label == "action"] == ["Attack"]


def test_words_for_a_known_groups_people_before_its_name_are_the_group(engine: SuggestionEngine) -> None:
    # Before: "Rebels" an unnamed armed group beside the KIA, and the killing an armed clash.
    text = "Rebels of the Kachin Independence Army shot dead a driver in Myitkyina, Myanmar, on Monday."
    found = engine.suggest(text, published=PUBLISHED)
    assert [s.value["name"] for s in found if s.label == "actor"] == [
        "KIO/KIA: Kachin Independence Organization/Kachin Independence Army"
    ]
    assert [s.value["sub_event_type"] for s in found if s.label == "action"] == ["Attack"]


def test_the_pass_finds_the_groups_with_its_own_scan_as_the_function_does_alone(engine: SuggestionEngine) -> None:
    # The pass hands named_groups the kind words its lexicon found; the result is the function's own.
    text = ("Members of the Gran Grif gang and the Kata Kata Militia fought the Chin National Army (CNA) near the town; "
            "the Ambazonia Defence Forces were blamed. Dinka militiamen fled.")  # fmt: skip
    alone = [(g.start, g.end, g.name) for g in named_groups(text, engine._is_country)]
    assert len(alone) == 4  # (not the one word at a sentence's start: "Dinka militiamen")
    assert (
        sorted((s.start, s.end, s.value["name"]) for s in actors(engine, text) if s.value.get("score") == 50.0) == alone
    )


def test_a_rebel_army_named_after_its_country_and_an_acronym_at_a_sentences_start(engine: SuggestionEngine) -> None:
    # Before: no actor for either (a name beginning with a country was taken for its state's
    # forces; one word at a sentence's start for an ordinary word).
    text = ("LASHIO, Myanmar — The Myanmar National Democratic Alliance Army said it had captured the command "
            "headquarters. BUNIA, Congo — URDPC militiamen raped six women near Nizi.")  # fmt: skip
    named = {s.text: s.value["name"] for s in actors(engine, text)}
    assert named["Myanmar National Democratic Alliance Army"] == (
        "MNTJP/MNDAA: Myanmar National Truth and Justice Party/Myanmar National Democratic Alliance Army"
    )  # (the codebook's name; before it listed the group, the words read as a name of their own)
    assert named["URDPC militiamen"] == "URDPC Militia"


def test_herders_named_by_their_people_are_that_peoples_militia(engine: SuggestionEngine) -> None:
    # Before: "herders" rioters and the attack mob violence. ACLED codes them as the people's militia.
    text = "On 5 March 2024, Fulani herders attacked farmers in Bokkos, Plateau, Nigeria, killing 6."
    (herders,) = actors(engine, text)
    assert (herders.text, herders.value["name"], herders.value["type_code"]) == (
        "Fulani herders", "Fulani Ethnic Militia (Nigeria)", 4,
    )  # fmt: skip
    assert [s.value["sub_event_type"] for s in engine.suggest(text, published=PUBLISHED) if s.label == "action"] == [
        "Attack"
    ]
    # Words that describe herders name no people.
    assert list(named_groups("Armed herders fled. Cattle herders and nomadic herdsmen stayed.", is_country)) == []


def test_a_name_after_a_notes_opening_date_is_no_list(engine: SuggestionEngine) -> None:
    # "On 5 March 2024, Fano militiamen": the comma ends the date, not a list of names.
    found = named_groups("On 5 March 2024, Fano militiamen clashed with soldiers.", is_country)
    assert [g.name for g in found] == ["Fano Militia"]


def test_a_groups_span_is_in_code_points_after_emoji_and_arabic(engine: SuggestionEngine) -> None:
    # Offsets are code points of the NFC, LF-normalised text (the pass gets it so): emoji and
    # Arabic before the group, and a line break as a CRLF file's would become.
    text = "😀🇸🇩 قال شهود\nMembers of the Gran Grif gang killed 12 people in Haiti, 😀 witnesses said."
    (gang,) = actors(engine, text)
    start = text.index("Gran Grif gang")
    assert (gang.start, gang.end, text[gang.start : gang.end]) == (start, start + len("Gran Grif gang"), gang.text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Abgal clan militia ambushed Al Shabaab near Balcad, Somalia, on Friday.",
         [("Abgal clan militia", "Hawiye-Abgal Sub-Clan Militia (Somalia)")]),
        # Two clans before one kind word: each its own group, named as the text gives it.
        ("Habar Gedir-Sacad and Leelkayse clan militia clashed near Gaalkacyo, Mudug, Somalia.",
         [("Habar Gedir-Sacad", "Hawiye-Habar Gedir-Sacad Sub-Clan Militia (Somalia)"),
          ("Leelkayse clan militia", "Darod-Leelkayse Sub-Clan Militia (Somalia)")]),
        ("Hawiye clan militia fought Darod sub-clan militias in Beledweyne, Somalia.",
         [("Hawiye clan militia", "Hawiye Clan Militia (Somalia)"), ("Darod sub-clan militias", "Darod Clan Militia (Somalia)")]),
        # Outside the Somali lands a name of the table is read as any other militia's (Dir is also a
        # town of Pakistan: its community's militia).
        ("Dir militia attacked a checkpoint in Upper Dir, Pakistan.", [("Dir militia", "Dir Communal Militia (Pakistan)")]),
    ],
)  # fmt: skip
def test_a_somali_clans_militia_is_named_by_its_family_and_clan(
    engine: SuggestionEngine, text: str, expected: list[tuple[str, str]]
) -> None:
    # Before: "Unidentified Clan Militia (Somalia)" for every clan, one for the pair.
    assert [(s.text, s.value["name"]) for s in actors(engine, text) if "Militia" in s.value["name"]] == expected


def test_a_mai_mai_group_is_named_as_acled_names_congos_mai_mai(engine: SuggestionEngine) -> None:
    # Before: "Mai-Mai Yakutumba Militia", a name ACLED does not use.
    text = "Mai-Mai Yakutumba militia attacked Fizi, Democratic Republic of Congo, on Monday."
    named = {s.text: s.value["name"] for s in actors(engine, text)}
    assert named["Mai-Mai Yakutumba militia"] == "Mayi Mayi Militia (Yakutumba)"
    # Other groups before "militia" keep their own name.
    named = {s.text: s.value["name"] for s in actors(engine, "On Monday, Kemant militiamen attacked Gondar, Ethiopia.")}
    assert named["Kemant militiamen"] == "Kemant Militia"
