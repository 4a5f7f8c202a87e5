"""The country table of the default ACLED codebook: names, codes, regions and aliases."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain.codebook import Codebook, load_codebook

CODEBOOK = Path(__file__).resolve().parents[2] / "resources" / "codebooks" / "acled.toml"


@pytest.fixture(scope="module")
def codebook() -> Codebook:
    return load_codebook(CODEBOOK)


# (ACLED name, ISO 3166-1 numeric, alpha-3, ACLED region), written out from the ISO and ACLED tables.
FACTS = [
    ("Ethiopia", 231, "ETH", "Eastern Africa"),
    ("Benin", 204, "BEN", "Western Africa"),
    ("Argentina", 32, "ARG", "South America"),
    ("Syria", 760, "SYR", "Middle East"),
    ("Iran", 364, "IRN", "Middle East"),
    ("Egypt", 818, "EGY", "Northern Africa"),
    ("Afghanistan", 4, "AFG", "South Asia"),
    ("Ukraine", 804, "UKR", "Europe"),
    ("Russia", 643, "RUS", "Europe"),
    ("Myanmar", 104, "MMR", "Southeast Asia"),
    ("Mexico", 484, "MEX", "Central America"),
    ("Haiti", 332, "HTI", "Caribbean"),
    ("Kazakhstan", 398, "KAZ", "Caucasus and Central Asia"),
    ("Papua New Guinea", 598, "PNG", "Oceania"),
    ("Democratic Republic of Congo", 180, "COD", "Middle Africa"),
    ("Republic of Congo", 178, "COG", "Middle Africa"),
    ("Sudan", 729, "SDN", "Northern Africa"),
    ("South Sudan", 728, "SSD", "Eastern Africa"),
    ("Palestine", 275, "PSE", "Middle East"),
    ("Kosovo", 0, "XKX", "Europe"),
    ("Turkey", 792, "TUR", "Middle East"),
    ("Cyprus", 196, "CYP", "Middle East"),
    ("Georgia", 268, "GEO", "Caucasus and Central Asia"),
    ("India", 356, "IND", "South Asia"),
    ("South Africa", 710, "ZAF", "Southern Africa"),
    ("United States", 840, "USA", "North America"),
    ("Greenland", 304, "GRL", "North America"),
    ("Taiwan", 158, "TWN", "East Asia"),
    ("North Korea", 408, "PRK", "East Asia"),
    ("Ivory Coast", 384, "CIV", "Western Africa"),
    ("eSwatini", 748, "SWZ", "Southern Africa"),
    ("Antarctica", 10, "ATA", "Antarctica"),
]


@pytest.mark.parametrize(("name", "iso", "iso3", "region"), FACTS, ids=[f[0] for f in FACTS])
def test_country_facts(codebook: Codebook, name: str, iso: int, iso3: str, region: str) -> None:
    country = codebook.country_by_name[name]
    assert country.name == name
    assert country.iso == iso
    assert country.iso3 == iso3
    assert country.region == region
    assert codebook.country_by_iso3[iso3] is country


@pytest.mark.parametrize(
    ("alias", "name"),
    [
        ("Côte d'Ivoire", "Ivory Coast"),
        ("Cote d'Ivoire", "Ivory Coast"),
        ("Syrian Arab Republic", "Syria"),
        ("Burma", "Myanmar"),
        ("Türkiye", "Turkey"),
        ("Russian Federation", "Russia"),
        ("Iran, Islamic Republic of", "Iran"),
        ("Viet Nam", "Vietnam"),
        ("Czechia", "Czech Republic"),
        ("Eswatini", "eSwatini"),
        ("Swaziland", "eSwatini"),
        ("Cabo Verde", "Cape Verde"),
        ("Timor-Leste", "East Timor"),
        ("Congo, The Democratic Republic of the", "Democratic Republic of Congo"),
        ("Congo", "Republic of Congo"),
        ("Korea, Republic of", "South Korea"),
        ("Holy See (Vatican City State)", "Vatican City"),
        ("Bonaire, Sint Eustatius and Saba", "Caribbean Netherlands"),
        ("Palestine, State of", "Palestine"),
    ],
)
def test_aliases_resolve(codebook: Codebook, alias: str, name: str) -> None:
    assert codebook.country_by_name[alias].name == name


def test_aliases_never_name_another_country(codebook: Codebook) -> None:
    for country in codebook.countries:
        for alias in country.aliases:
            assert alias != country.name
            assert codebook.country_by_name[alias] is country, f"{alias!r} of {country.name}"


def test_every_region_is_listed_and_used(codebook: Codebook) -> None:
    used = {c.region for c in codebook.countries}
    assert used <= set(codebook.regions)
    assert used == set(codebook.regions)


def test_codes_are_unique(codebook: Codebook) -> None:
    iso3 = [c.iso3 for c in codebook.countries]
    assert len(iso3) == len(set(iso3))
    numeric = [c.iso for c in codebook.countries if c.iso != 0]
    assert len(numeric) == len(set(numeric))
    assert [c.name for c in codebook.countries if c.iso == 0] == ["Kosovo"]


def test_covers_iso_3166(codebook: Codebook) -> None:
    assert len(codebook.countries) >= 240


def test_derive_fills_iso_and_region(codebook: Codebook) -> None:
    derived = codebook.derive(None, None, None, None, "Côte d'Ivoire")
    assert derived["iso"] == 384
    assert derived["region"] == "Western Africa"
