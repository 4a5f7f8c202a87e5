"""First-level regions spelt as ACLED's exports spell them (issue #13, point 1: admin1 from the
gazetteer, with the codebook's per-country aliases). Before: "Muhafazat Kirkuk", "Mayorality of
Baghdad", "Muhafazat al Hudaydah", "Sha`biyat al Wahat", "Metro Manila", "NCT"."""

from __future__ import annotations

import datetime as dt

import pytest

from annotator.assist import Gazetteer, SuggestionEngine
from annotator.assist.place_index import plain_admin


@pytest.mark.parametrize(
    ("geonames", "plain"),
    [
        ("Muhafazat Kirkuk", "Kirkuk"),
        ("Mayorality of Baghdad", "Baghdad"),
        ("Basra Governorate", "Basra"),
        ("Sha`biyat al Wahat", "al Wahat"),
        ("Mintaqat `Asir", "`Asir"),
        ("Wilayat-e Baghlan", "Baghlan"),
        ("Wilaya de M'Sila", "M'Sila"),
        # Kept: the words are the name, or ACLED writes them ("Eastern Province" of Saudi Arabia).
        ("Eastern Province", "Eastern Province"),
        ("Central Region", "Central Region"),
        ("Governorate", "Governorate"),
        ("Kirkuk Governorate Road", "Kirkuk Governorate Road"),
    ],
)
def test_geonames_words_of_kind_are_dropped(geonames: str, plain: str) -> None:
    assert plain_admin(geonames) == plain


@pytest.mark.parametrize(
    ("place", "country", "admin1"),
    [
        ("Kirkuk", "Iraq", "Kirkuk"),
        ("Baghdad", "Iraq", "Baghdad"),
        ("Basra", "Iraq", "Al Basrah"),
        ("Tikrit", "Iraq", "Salah Al Din"),
        ("Nasiriyah", "Iraq", "Thi Qar"),
        ("Mosul", "Iraq", "Ninewa"),
        ("Zakho", "Iraq", "Duhok"),
        ("Al Hudaydah", "Yemen", "Al Hudaydah"),
        ("Taiz", "Yemen", "Taizz"),
        ("Marib", "Yemen", "Marib"),
        ("Cairo", "Egypt", "Cairo"),
        ("Port Said", "Egypt", "Port Said"),
        ("El Arish", "Egypt", "North Sinai"),
        ("Benghazi", "Libya", "East"),
        ("Misratah", "Libya", "West"),
        ("Sabha", "Libya", "South"),
        ("Urmia", "Iran", "West Azerbaijan"),
        ("Sanandaj", "Iran", "Kurdistan"),
        ("Zarqa", "Jordan", "Az Zarqa"),
        ("Riyadh", "Saudi Arabia", "Ar Riyadh"),
        ("Bingol", "Turkey", "Bingol"),
        ("Srinagar", "India", "Jammu and Kashmir"),
        ("New Delhi", "India", "NCT of Delhi"),
        ("Abuja", "Nigeria", "Federal Capital Territory"),
        ("Quezon City", "Philippines", "National Capital Region"),
        ("Cotabato", "Philippines", "Bangsamoro Autonomous Region in Muslim Mindanao"),
        ("Biltine", "Chad", "Wadi Fira"),
        # From ACLED's weekly tables of regions (weeks to February 2026).
        ("Kyiv", "Ukraine", "Kyiv City"),
        ("Bila Tserkva", "Ukraine", "Kyiv"),
        ("Odesa", "Ukraine", "Odesa"),
        ("Sevastopol", "Ukraine", "Crimea"),
        ("Saint Petersburg", "Russia", "Saint Petersburg"),
        ("Bogota", "Colombia", "Bogota, D.C."),
        ("Saltillo", "Mexico", "Coahuila de Zaragoza"),
        ("Mashhad", "Iran", "Razavi Khorasan"),
        ("Birjand", "Iran", "South Khorasan"),
        ("Mafraq", "Jordan", "Al Mafraq"),
        # Latin America, South Asia and East Africa, from the tables, rows and analyses.
        ("Morelia", "Mexico", "Michoacan de Ocampo"),
        ("Xalapa", "Mexico", "Veracruz de Ignacio de la Llave"),
        ("Brasilia", "Brazil", "Distrito Federal"),
        ("Caracas", "Venezuela", "Distrito Capital"),
        ("Jeremie", "Haiti", "Grande-Anse"),
        ("Rangpur", "Bangladesh", "Rangpur"),
        ("Islamabad", "Pakistan", "Federal Capital Territory"),
        ("Miran Shah", "Pakistan", "Khyber Pakhtunkhwa"),
        ("Asosa", "Ethiopia", "Benshangul/Gumuz"),
        ("Wau", "South Sudan", "Western Bahr el Ghazal"),
        # Russia's 83 regions; before: GeoNames' "Brjansk", "Chechnya", "Jaroslavl", "Transbaikal Territory".
        ("Bryansk", "Russia", "Bryansk"),
        ("Grozny", "Russia", "Republic of Chechnya"),
        ("Yaroslavl", "Russia", "Yaroslavl"),
        ("Kazan", "Russia", "Republic of Tatarstan"),
        ("Chita", "Russia", "Zabaykalskiy"),
        ("Nalchik", "Russia", "Republic of Kabardino-Balkaria"),
        # Serbia's admin1 is the district in ACLED's data (codebook admin1_from_admin2): before,
        # "Autonomna Pokrajina Vojvodina" and "Central Serbia".
        ("Novi Sad", "Serbia", "South Backa"),
        ("Belgrade", "Serbia", "Belgrade"),
        ("Nis", "Serbia", "Nisava"),
        ("Kragujevac", "Serbia", "Sumadija"),
        ("Batumi", "Georgia", "Autonomous Republic of Adjara"),
        ("Grodno", "Belarus", "Grodno"),
    ],
)
def test_places_take_acled_s_admin1(gazetteer: Gazetteer, place: str, country: str, admin1: str) -> None:
    found = gazetteer.lookup(place, context_countries=[country])
    assert found and found[0].country == country
    assert found[0].admin1 == admin1


def test_a_region_named_in_the_text_is_still_found_by_the_gazetteer_s_name(engine: SuggestionEngine) -> None:
    # "Salah ad Din" is GeoNames' spelling, "Salah Al Din" ACLED's: either places the town.
    text = "On 3 May 2024, an IED exploded near Tuz Khurmatu in Salah ad Din governorate, Iraq."
    places = [s for s in engine.suggest(text, published=dt.date(2024, 5, 5)) if s.label == "location"]
    assert places and places[0].value["admin1"] == "Salah Al Din"
