"""The provinces the bundled gazetteer names anew by a town in each (data/admin1_seats.toml)."""

from __future__ import annotations

from typing import Any

import pytest

from annotator.assist.countries import read_data_toml
from annotator.assist.place_index import admin1_by_seat


def city(name: str, cc: str, code: str, population: int) -> dict[str, Any]:
    return {"name": name, "countrycode": cc, "admin1code": code, "population": population}


CITIES = {
    "1": city("Bunia", "CD", "17", 399_282),
    "2": city("Kenge", "CD", "08", 63_317),
    "3": city("Matadi", "CD", "08", 425_662),
    "4": city("Bunia", "CD", "99", 500),  # a smaller namesake: the largest town so named counts
}


def test_each_province_takes_the_code_of_its_town() -> None:
    assert admin1_by_seat(CITIES, {"CD": {"Ituri": "Bunia", "Kongo-Central": "Matadi"}}) == {
        ("CD", "17"): "Ituri",
        ("CD", "08"): "Kongo-Central",
    }


def test_a_table_whose_towns_share_a_code_or_that_names_a_missing_town_is_refused() -> None:
    with pytest.raises(ValueError, match=r"Kwango and Kongo-Central .* share admin1 code 08"):
        admin1_by_seat(CITIES, {"CD": {"Kongo-Central": "Matadi", "Kwango": "Kenge"}})
    with pytest.raises(ValueError, match="no town 'inongo'"):
        admin1_by_seat(CITIES, {"CD": {"Mai-Ndombe": "Inongo"}})


def test_the_shipped_table_names_the_drcs_26_provinces() -> None:
    seats = read_data_toml("admin1_seats.toml")
    assert len(seats["CD"]) == 26 and {"Nord-Kivu", "Sud-Kivu", "Ituri", "Tanganyika"} <= set(seats["CD"])
