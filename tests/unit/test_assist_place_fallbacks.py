"""Issue #13, places: where ACLED codes an event the text places only in a country (its capital), and
a town named in a body's name ("the Misrata Revolutionaries Shura Council"). Sentences written for
these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from annotator.assist import Gazetteer, Suggestion, SuggestionEngine
from annotator.assist.context import person_context
from annotator.assist.place_index import region_key

PUBLISHED = dt.date(2021, 3, 10)


def places(engine: SuggestionEngine, text: str) -> list[Suggestion]:
    """Place suggestions as the coder is offered them: the most confident first, then by position."""
    found = engine.suggest(text, published=PUBLISHED)
    return sorted((s for s in found if s.label == "location"), key=lambda s: (-s.confidence, s.start))


# ---- a country and nowhere smaller: its capital, as ACLED codes it ----


def test_an_event_placed_only_in_a_country_is_coded_to_its_capital(engine: SuggestionEngine) -> None:
    found = places(engine, "Police detained dozens of opposition supporters in several towns across Kyrgyzstan.")
    assert len(found) == 1
    seat = found[0]
    assert (seat.text, seat.value["location"], seat.value["country"]) == ("Kyrgyzstan", "Bishkek", "Kyrgyzstan")
    # ACLED's geo_precision for a region standing in for the place; flagged and least sure.
    assert seat.value["geo_precision"] == 3
    assert seat.value["fallback"] is True
    assert seat.confidence < 0.3
    # Not when the text names a place in it, nor when the country only says whose forces acted or
    # who spoke.
    assert [s.value["location"] for s in places(engine, "Nurses protested across Malawi and in Zomba.")] == ["Zomba"]
    assert places(engine, "Kyrgyz police detained dozens of opposition supporters on Saturday.") == []
    assert places(engine, "Kyrgyzstan rejected the accusations on Saturday.") == []
    # Nor when it says where a place the gazetteer lacks lies, nor when it is the first word of a
    # national body's name.
    assert places(engine, "Gunmen attacked Xqwertkoro in Kyrgyzstan on Tuesday.") == []
    assert places(engine, "Gunmen attacked Xqwertkoro, Kyrgyzstan, on Tuesday.") == []
    assert places(engine, "Police broke up a march of Kyrgyzstan Social Democratic Party activists.") == []


def test_a_country_after_a_name_and_a_comma_says_where_it_lies(engine: SuggestionEngine) -> None:
    # The gazetteer's only Nasir is a suburb of Khartoum: before, it was the place (0.75), and it
    # made the article Sudanese, its soldiers Sudan's.
    analysis = engine.analyse("Soldiers shelled Nasir, South Sudan, on Tuesday.", published=PUBLISHED)
    assert [s.value["country"] for s in analysis.suggestions if s.label == "location"] == []
    assert analysis.country is not None and analysis.country.name == "South Sudan"
    soldiers = next(s for s in analysis.suggestions if s.text == "Soldiers")
    assert soldiers.value["name"].startswith("Military Forces of South Sudan")
    # A name the country has stays, whatever namesakes lie abroad.
    assert [(s.value["location"], s.value["country"]) for s in places(engine, "Protesters rallied in "
            "Hyderabad, Pakistan, on Friday.")] == [("Hyderabad", "Pakistan")]  # fmt: skip
    # Not a country that also names another ("Congo": the DRC too), nor a list's next name.
    assert [(s.value["location"], s.value["country"]) for s in places(engine, "Rebels attacked Goma, Congo, "
            "on Tuesday.")] == [("Goma", "Democratic Republic of Congo")]  # fmt: skip
    listed = places(engine, "Police dispersed protesters in Nairobi, Kenya and Kampala, Uganda.")
    assert sorted((s.value["location"], s.value["country"]) for s in listed) == [
        ("Kampala", "Uganda"), ("Nairobi", "Kenya")
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A road named after a town is no mention of the town (before: Srinagar, India, at 0.45,
        # which lowered Islamabad to 0.7).
        ("In Pakistan, police fired tear gas at crowds on the Srinagar Highway in Islamabad.", ["Islamabad"]),
        ("In Jerusalem, police clashed with youths on Nablus Road.", ["Jerusalem"]),
        # A road named by its two ends is read by its ends.
        ("In Kenya, police blocked the Nairobi-Mombasa Highway near Mlolongo.", ["Mlolongo", "Mombasa", "Nairobi"]),
    ],
)
def test_a_road_named_after_a_town_does_not_place_the_event_there(
    engine: SuggestionEngine, text: str, expected: list[str]
) -> None:
    assert sorted(s.value["location"] for s in places(engine, text)) == expected


def test_a_constituency_named_after_a_town_does_not_place_the_event_there(engine: SuggestionEngine) -> None:
    # "Dhaka-10" is a seat in parliament, not Dhaka: the event is in the town named after it.
    text = "Supporters of the former MP for Dhaka-10 constituency attacked a party office in Sylhet town on Friday."
    assert [(s.text, s.value["location"]) for s in places(engine, text)] == [("Sylhet", "Sylhet")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A township and its admin context: the district and state say Myanmar, where the gazetteer
        # spells the town "Mu-se" (before: Muse, Pennsylvania).
        ("Two traders were wounded when a mine exploded on a road in Muse township (Muse District, Shan State).",
         ("Muse", "Mu-se", "Myanmar")),
        # The gazetteer's spelling drops the aspirate's h: Papun (before: the state's largest town).
        ("Soldiers shelled three villages in Hpapun township (Hpapun District, Kayin State) on Monday.",
         ("Hpapun", "Papun", "Myanmar")),
        # The kind capitalised, as ACLED's notes often write it.
        ("Fighting drove hundreds of families from Hpapun Township (Hpapun District, Kayin State) last week.",
         ("Hpapun", "Papun", "Myanmar")),
    ],
)  # fmt: skip
def test_a_township_given_with_its_district_and_state_is_found_there(
    engine: SuggestionEngine, text: str, expected: tuple[str, str, str]
) -> None:
    best = places(engine, text)[0]
    assert (best.text, best.value["location"], best.value["country"]) == expected


def test_a_country_name_that_is_part_of_another_is_known(gazetteer: Gazetteer) -> None:
    countries = gazetteer.countries
    assert [n for n in ("Congo", "Sudan", "Guinea", "South Sudan", "Niger", "Nigeria", "Kenya", "DRC")
            if countries.part_of_another_name(n)] == ["Congo", "Sudan", "Guinea"]  # fmt: skip
    assert not countries.part_of_another_name("Atlantis")


def test_a_country_in_a_bodys_name_places_the_event_in_it(engine: SuggestionEngine) -> None:
    seat = places(engine, "Teachers of the University of Malawi went on strike over unpaid allowances.")[0]
    assert (seat.value["location"], seat.value["fallback"]) == ("Lilongwe", True)


# ---- a town named in a body's name ----


def test_a_town_three_words_before_a_bodys_word_is_the_town_it_is_named_after() -> None:
    text = "The Misrata Revolutionaries Shura Council said its fighters had repelled an attack on the town."
    start = text.index("Misrata")
    assert not person_context(text, start, start + len("Misrata"))
    # Still the first word of a longer name when no body's word follows within three words.
    text = "Mortars hit Tal Kocher Jadid Saghir on Monday."
    start = text.index("Tal")
    assert person_context(text, start, start + len("Tal"))


def test_a_body_named_after_its_town_places_the_event_there(engine: SuggestionEngine) -> None:
    text = "The Misrata Revolutionaries Shura Council said its fighters had repelled an attack on the town."
    found = places(engine, text)
    assert [(s.text, s.value["location"], s.value["country"]) for s in found] == [("Misrata", "Misratah", "Libya")]


# ---- a region whose name joins its words with a particle ----


@pytest.mark.parametrize(
    "text, said, location, admin1",
    [
        # Not "Valle" (another name of Santiago, Putumayo): the department, coded to its largest town.
        ("Protesters marched in Valle del Cauca, Colombia, on Wednesday.", "Valle del Cauca", "Cali",
         "Valle del Cauca"),
        ("Dissidents attacked a police station in Jamundí, Valle del Cauca, on Wednesday.", "Jamundí", "Jamundi",
         "Valle del Cauca"),
        # Not "Santander" (another department, and Puerto Santander): the town the text places.
        ("Soldiers clashed with rebels in Tibú, Norte de Santander, Colombia.", "Tibú", "Tibu",
         "Norte de Santander"),
    ],
)  # fmt: skip
def test_a_region_named_with_a_particle_is_read_whole(
    engine: SuggestionEngine, text: str, said: str, location: str, admin1: str
) -> None:
    found = places(engine, text)
    assert [(s.text, s.value["location"], s.value["admin1"]) for s in found] == [(said, location, admin1)]


# ---- provinces and districts below the first level ----


@pytest.mark.parametrize(
    ("text", "said", "location", "precision"),
    [
        # The Philippines' provinces are GeoNames' second level ("Province of Northern Samar"):
        # not "Samar" alone, which is an old name of Samara in Russia.
        ("Troops clashed with rebels in Northern Samar on Tuesday.", "Northern Samar", "Catarman", 3),
        ("Gunmen shot a village chief in Samar province on Tuesday.", "Samar province", "Catbalogan", 3),
    ],
)  # fmt: skip
def test_a_province_of_the_second_level_is_the_province_not_a_namesake_abroad(
    engine: SuggestionEngine, text: str, said: str, location: str, precision: int
) -> None:
    found = places(engine, text)
    assert [(s.text, s.value["location"], s.value["country"]) for s in found] == [(said, location, "Philippines")]
    assert found[0].value["geo_precision"] == precision
    assert found[0].value["admin2"].endswith("Samar")


@pytest.mark.parametrize(
    ("typed", "area", "precision"),
    [
        # GeoNames' second level, called a province: coded as a province, as the suggestions do.
        # Typed as news write it, bare or with its kind after: the region, before any town.
        ("Northern Samar", "Province of Northern Samar", 3),
        ("Samar province", "Province of Samar", 3),
        ("Huanta", "Provincia de Huanta", 3),
        # A district of the second level: the general area, precision 2.
        ("Kaushambi", "Kaushambi District", 2),
    ],
)  # fmt: skip
def test_the_place_look_up_and_the_suggestions_code_a_second_level_province_alike(
    gazetteer: Gazetteer, typed: str, area: str, precision: int
) -> None:
    # The look-up (Ctrl+G) and the areas the suggestions read give one precision for one region.
    found = [c for c in gazetteer.search(typed, limit=10) if c.feature == "admin2"]
    assert found and found[0].admin2 == area
    assert found[0].geo_precision == precision
    areas = [c for c in gazetteer.areas(region_key(typed), frozenset()) if c.admin2 == area]
    assert areas and {c.geo_precision for c in areas} == {precision}
    # A bare name that is also a town's offers both: the town first, then its province.
    kinds = [c.feature for c in gazetteer.search(typed, limit=10) if c.admin2 == area]
    assert "admin2" in kinds


def test_the_place_look_up_finds_a_province_by_its_name_in_the_news(gazetteer: Gazetteer) -> None:
    # Before, "Northern Samar" led to towns abroad spelt like it (Al Mazar ash Shamali, Jordan),
    # and "North Kivu" to a district coded to Butembo: the province GeoNames keeps in French is first.
    first = gazetteer.search("Northern Samar", limit=5)[0]
    assert (first.location, first.country, first.geo_precision) == ("Catarman", "Philippines", 3)
    first = gazetteer.search("North Kivu", limit=5)[0]
    assert (first.location, first.admin1, first.feature, first.geo_precision) == ("Goma", "Nord-Kivu", "admin1", 3)
    # Within a country only when one is asked for.
    assert [c.location for c in gazetteer.search("Northern Samar", country="Kenya", limit=5)
            if c.feature.startswith("admin")] == []  # fmt: skip


def test_a_town_with_its_province_after_it_lies_in_that_province(engine: SuggestionEngine) -> None:
    # Catarman is also a village on Bohol and on Camiguin: the province named after it decides.
    found = places(engine, "Soldiers clashed with NPA rebels in Catarman, Northern Samar, on Tuesday.")
    assert (found[0].text, found[0].value["admin2"], found[0].value["geo_precision"]) == (
        "Catarman", "Province of Northern Samar", 1
    )  # fmt: skip
    assert all(s.value["country"] == "Philippines" for s in found)


@pytest.mark.parametrize(
    "text, said",
    [
        ("Rebels attacked a village in North Kivu province on Sunday.", "North Kivu province"),
        ("Rebels attacked a village in Nord-Kivu on Sunday.", "Nord-Kivu"),
    ],
)  # fmt: skip
def test_a_region_english_names_by_its_direction_is_the_one_kept_in_french(
    engine: SuggestionEngine, text: str, said: str
) -> None:
    # The gazetteer names the province in French, as ACLED does ("Nord-Kivu"): English news write
    # "North Kivu", French "Nord-Kivu" (not Nord, a quarter of a Swiss town). Coded to its largest
    # town, Goma, as a region (geo_precision 3).
    found = places(engine, text)
    assert [(s.text, s.value["location"], s.value["admin1"], s.value["geo_precision"]) for s in found] == [
        (said, "Goma", "Nord-Kivu", 3)
    ]  # fmt: skip


def test_a_region_after_a_place_and_in_says_where_the_place_lies(engine: SuggestionEngine) -> None:
    # Arequipa is a city too; here it is the region Chala lies in, and Chala is the place.
    found = places(engine, "Miners blocked the Panamericana near Chala, in Arequipa, on Wednesday.")
    assert found[0].text == "Chala"
    assert (found[0].value["admin1"], found[0].value["geo_precision"]) == ("Arequipa", 2)


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen killed at least 20 people in an attack on the town of Pont-Sonde on Thursday.",
        "Militiamen burnt down a school in Mai-Ndombe province, Democratic Republic of Congo, on Friday.",
    ],
)
def test_the_first_part_of_a_hyphenated_name_is_not_a_place_of_its_own(engine: SuggestionEngine, text: str) -> None:
    # "Pont" of "Pont-Sonde", "Mai" of "Mai-Ndombe": a longer name the gazetteer lacks, not the
    # places its first word spells.
    found = [s.text for s in places(engine, text)]
    assert not any(word in found for word in ("Pont", "Mai")), found


def test_a_town_found_by_another_spelling_near_the_event_is_precision_two(engine: SuggestionEngine) -> None:
    # The village is unknown; the town it lies near is found by another spelling (GeoNames: Bani
    # Bangou), and is where the event is near, as ACLED codes it: geo_precision 2.
    text = "Gunmen attacked a mosque in the village of Fambita, near Banibangou in the Tillaberi region of Niger."
    town = next(s for s in places(engine, text) if s.text == "Banibangou")
    assert (town.value["location"], town.value["geo_precision"]) == ("Bani Bangou", 2)


def test_another_spelling_is_looked_for_in_the_region_the_admin_context_names(engine: SuggestionEngine) -> None:
    # The gazetteer's only Pauktaw lies in Yangon: the township of Rakhine State is not it, and the
    # state stands in for it (before: Pauktaw, Yangon, 500 km away).
    text = "A military air strike hit a village in Pauktaw township, Rakhine State, on Tuesday, killing four civilians."
    found = places(engine, text)
    assert [(s.text, s.value["admin1"]) for s in found] == [("Rakhine State", "Rakhine")]


def test_another_spelling_just_across_the_border_of_the_region_named_is_kept(engine: SuggestionEngine) -> None:
    # Maai Mahiu lies just inside Nakuru, on the road to Narok: an admin context naming the province
    # the town serves does not rule it out.
    text = "Police dispersed traders who had blocked the road near Mai Mahiu (Narok) on Friday."
    town = next(s for s in places(engine, text) if s.text == "Mai Mahiu")
    assert (town.value["location"], town.value["admin1"], town.value["geo_precision"]) == ("Maai Mahiu", "Nakuru", 2)


def test_a_name_inside_a_longer_one_is_no_mention_of_its_own(engine: SuggestionEngine) -> None:
    # "PAZ" of the dateline's "LA PAZ" is also a name of La Paz, Mexico (Baja California Sur):
    # before, that made the article Mexico's and both mentions its La Paz, the troops Mexico's.
    text = "LA PAZ, June 26 — Troops took up positions outside the presidential palace in La Paz on Wednesday."
    found = engine.suggest(text, published=PUBLISHED)
    assert {s.value["country"] for s in found if s.label == "location"} == {"Bolivia"}
    assert not [s for s in found if s.label == "actor" and "Mexico" in s.value["name"]]


def test_a_town_abroad_thousands_of_km_from_the_articles_places_is_offered_last(engine: SuggestionEngine) -> None:
    # "The district of Palma" in Cabo Delgado: the gazetteer's Palma is Majorca's (438,000 people),
    # 6,800 km off. Before, it came first at 0.6; the province stood in at 0.2.
    text = ("Militiamen attacked civilians in the village of Machava (Nangade, Cabo Delgado), Mozambique. "
            "The district of Palma was also attacked.")  # fmt: skip
    found = places(engine, text)
    assert found[0].value["country"] == "Mozambique"
    palma = next(s for s in found if s.text == "Palma")
    assert palma.value["country"] == "Spain" and palma.confidence <= 0.1


@pytest.mark.parametrize(
    ("text", "narrowest"),
    [
        # The village is unknown: its district's town is nearer it than the province's capital.
        ("Gunmen kidnapped two traders travelling in the Liboi area (Dadaab, Garissa) on Friday.", "Dadaab"),
        ("Bandits abducted 15 pupils from a school in Gidan Bakuso village (Gada, Sokoto) on Tuesday.", "Gada"),
    ],
)
def test_the_narrowest_name_of_an_admin_context_comes_first(
    engine: SuggestionEngine, text: str, narrowest: str
) -> None:
    # Before: the province's capital (Garissa, Sokoto), larger, came first.
    found = places(engine, text)
    assert found[0].text == narrowest
    assert found[0].confidence > found[1].confidence


def test_an_admin_context_of_several_names_places_the_name_before_it(engine: SuggestionEngine) -> None:
    # The gazetteer's only Tha Yet Pin Chaung lies in another region, 424 km away; the state named
    # last in the parentheses rules it out, however far it stands from the name (before: first, at 0.9).
    text = ("A farmer was injured near Tha Yet Pin Chaung village (Ann township, Kyaukpyu District, "
            "Rakhine State) on Monday.")  # fmt: skip
    found = places(engine, text)
    assert "Tha Yet Pin Chaung" not in [s.text for s in found]
    assert found[0].value["admin1"] == "Rakhine"
    # Parentheses further on are another name's: Gaza is not placed by Nahal Oz's.
    text = "Hamas fired rockets from Gaza toward southern Israel, setting off sirens in Nahal Oz (Ashqelon, HaDarom)."
    assert "Gaza" in [s.text for s in places(engine, text)]
