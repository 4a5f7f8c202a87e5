"""The offline gazetteer: spelling variants, ambiguous names, context countries, precision."""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

import pytest

from annotator.assist.folding import fold_key, fold_text, name_variants
from annotator.assist.places import Gazetteer
from annotator.domain.codebook import Codebook, load_codebook

CODEBOOK = Path(__file__).parents[2] / "resources" / "codebooks" / "acled.toml"
# Built once per machine and data version (about ten seconds), then read in about one.
CACHE = Path(tempfile.gettempdir()) / "annotator-test-gazetteer"


@pytest.fixture(scope="module")
def codebook() -> Codebook:
    return load_codebook(CODEBOOK)


@pytest.fixture(scope="module")
def gazetteer(codebook: Codebook) -> Gazetteer:
    g = Gazetteer(codebook, cache_dir=CACHE)
    g.load()
    return g


def test_folding_keeps_length_and_merges_spellings() -> None:
    for text in ("Al-Mālikīyah", "İzmir", "Ḩalab", "Ma'arat al-Nu'man", "طرابلس", "😀 Aleppo"):
        assert len(fold_text(text)) == len(text)
    assert fold_key("Al-Malikiyah") == fold_key("Al Malikiyah") == fold_key("al-Mālikīyah") == "al malikiyah"
    assert name_variants("al malikiyah") == {"al malikiyah", "malikiyah", "al malikiya", "malikiya"}
    assert name_variants("ar raqqah") == {"ar raqqah", "raqqah", "ar raqqa", "raqqa"}
    # 'as' before a word not starting with s is English, not an assimilated article
    assert name_variants("as long") == {"as long"}


@pytest.mark.parametrize("spelling", ["Al-Malikiyah", "Al Malikiyah", "Al Mālikīyah", "al-Malikiya", "Derik"])
def test_spelling_variants_find_the_syrian_town(gazetteer: Gazetteer, spelling: str) -> None:
    best = gazetteer.lookup(spelling, context_countries=["Syria"])[0]
    # ACLED's ASCII spelling, with the gazetteer's own kept for matching other-script text (#9).
    assert (best.location, best.location_unicode, best.admin1, best.country, best.iso, best.iso3) == (
        "Al Malikiyah", "Al Mālikīyah", "Al Hasakeh", "Syria", 760, "SYR",
    )  # fmt: skip
    assert (best.latitude, best.longitude) == (37.177, 42.1401)
    assert best.geo_precision == 1
    assert best.region == "Middle East"
    assert best.matched_name == spelling


def test_a_place_whose_own_name_it_is_ranks_before_one_once_called_so(gazetteer: Gazetteer) -> None:
    # GeoNames keeps "Islamabad" as a former name of Chattogram (3.9 million people): before, the
    # capital (0.6 million) came second and the name was flagged ambiguous.
    found = gazetteer.lookup("Islamabad")
    assert (found[0].location, found[0].country) == ("Islamabad", "Pakistan")
    assert "Bangladesh" in [c.country for c in found[1:]]
    assert not found[0].ambiguous


def test_derik_without_context_still_prefers_the_larger_town(gazetteer: Gazetteer) -> None:
    found = gazetteer.lookup("Derik")
    assert [(c.location, c.country) for c in found] == [("Al Malikiyah", "Syria"), ("Derik", "Turkey")]
    assert not found[0].ambiguous  # the Turkish record has no population


def test_ambiguous_name_is_flagged_and_ranked_by_population(gazetteer: Gazetteer) -> None:
    found = gazetteer.lookup("Tripoli")
    assert [(c.country, c.admin1) for c in found[:3]] == [
        ("Libya", "West"), ("Lebanon", "North"), ("Greece", "Peloponnese"),
    ]  # fmt: skip
    # (ACLED's admin1 in Libya is the region: East, West or South.)
    assert all(c.ambiguous for c in found)


def test_context_country_ranks_first_and_settles_the_ambiguity(gazetteer: Gazetteer) -> None:
    found = gazetteer.lookup("Tripoli", context_countries=["Lebanon"])
    assert (found[0].location, found[0].country, found[0].iso) == ("Tripoli", "Lebanon", 422)
    assert found[1].country == "Libya"
    assert not found[0].ambiguous
    # codes and demonyms name countries too
    assert gazetteer.lookup("Tripoli", context_countries=["LBN"])[0].country == "Lebanon"
    assert gazetteer.lookup("Tripoli", context_countries=["Lebanese"])[0].country == "Lebanon"


def test_both_countries_in_context_stays_ambiguous(gazetteer: Gazetteer) -> None:
    found = gazetteer.lookup("Tripoli", context_countries=["Libya", "Lebanon"])
    assert [c.country for c in found[:2]] == ["Libya", "Lebanon"]
    assert found[0].ambiguous


def test_near_gives_precision_two(gazetteer: Gazetteer) -> None:
    near = gazetteer.lookup("Aleppo", near=True)[0]
    assert (near.location, near.admin1, near.country, near.geo_precision) == ("Aleppo", "Aleppo", "Syria", 2)
    assert gazetteer.lookup("Aleppo")[0].geo_precision == 1


def test_village_missing_from_the_gazetteer_falls_back_to_a_town(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("Khirbet al-Zaytoun Saghira") == []
    town = gazetteer.lookup("Qamishli", context_countries=["Syria"])[0]
    coded = gazetteer.village_fallback("Khirbet al-Zaytoun Saghira", town)
    assert (coded.location, coded.admin1, coded.geo_precision, coded.fallback) == (
        "Al Qamishli", "Al Hasakeh", 2, True,
    )  # fmt: skip
    assert coded.matched_name == "Khirbet al-Zaytoun Saghira"


def test_article_less_and_h_less_forms(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("Raqqa")[0].location == "Ar Raqqah"
    assert gazetteer.lookup("Hasakah")[0].location == "Al Hasakah"
    assert gazetteer.lookup("Hasakah")[0].location_unicode == "Al Ḩasakah"
    assert gazetteer.lookup("المالكية")[0].location == "Al Malikiyah"


def test_admin2_from_the_nearest_listed_place(gazetteer: Gazetteer) -> None:
    best = gazetteer.lookup("Springfield", context_countries=["United States"])[0]
    assert (best.admin1, best.admin2, best.country, best.iso) == (
        "Missouri", "Greene County", "United States", 840,
    )  # fmt: skip
    assert best.ambiguous  # Springfield, Massachusetts is about as large


def test_as_dict_is_plain_data(gazetteer: Gazetteer) -> None:
    record = gazetteer.lookup("Aleppo")[0].as_dict()
    assert record["location"] == "Aleppo"
    assert record["latitude"] == 36.2012
    assert set(record) >= {"location", "admin1", "admin2", "country", "iso", "latitude", "longitude",
                           "geo_precision", "ambiguous"}  # fmt: skip


def test_cache_round_trip_gives_the_same_answers(codebook: Codebook, gazetteer: Gazetteer) -> None:
    again = Gazetteer(codebook, cache_dir=CACHE)
    again.load()
    assert again.lookup("Tripoli") == gazetteer.lookup("Tripoli")


def test_folding_a_long_text_as_an_array_folds_as_line_by_line() -> None:
    # The array fold (long texts) must give what str.translate gives, character for character:
    # every offset of the pass depends on it. Random texts of Latin, accented, Arabic, combining
    # marks, emoji (beyond the BMP), 'İ', line breaks and punctuation.
    from annotator.assist import folding

    rng = random.Random(5)
    alphabet = "aZ09 \n\r\t-—’'.,İıßÆøÉéḨ\u0301\u064bطرابلس٣😀🇸🇩👍🏽\u200f\u00a0ﬁ²Ωж"
    table = folding._table()
    for _ in range(200):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 400)))
        assert folding._fold_array(text, table) == folding._fold_lines(text, table)
    long = "".join(rng.choice(alphabet) for _ in range(folding._ARRAY_FROM + 10))
    assert fold_text(long) == folding._fold_lines(long, table)
    # A lone surrogate cannot be encoded: the text is folded line by line.
    odd = long + "\ud800"
    assert folding._fold_array(odd, table) is None
    assert fold_text(odd) == folding._fold_lines(odd, table)


def test_the_fold_table_folds_ahead_only_ascii_and_every_other_code_point_on_first_sight() -> None:
    # Start-up folds only ASCII ahead; the rest of the Basic Multilingual Plane's first 8,192 code
    # points (Latin, Greek, Cyrillic, Arabic, Devanagari ...), folded on first sight through the
    # table, fold as each folds alone, in a text too.
    from annotator.assist import folding

    table = folding._build_table()
    assert set(table) == set(range(128))
    assert table[ord("A")] == "a" and table[ord("-")] == " " and table[ord("7")] == "7"
    chars = "".join(chr(i) for i in range(0x80, 0x2000))
    folded = chars.translate(table)
    assert len(folded) == len(chars)
    assert folded == "".join(folding._fold_char(c) for c in chars)
    assert fold_text("Al-Mālikīyah — Ḥasakah") == "al malikiyah   hasakah"
    assert fold_key("Al-Mālikīyah") == fold_key("al Malikiyah") == "al malikiyah"


def test_remembered_look_ups_answer_as_the_first_did_and_share_no_list(gazetteer: Gazetteer) -> None:
    # The gazetteer remembers ranked look-ups, regions and candidates across articles: the answer
    # is the same each time, and a caller that changes its list changes no one else's.
    first = gazetteer.lookup_key("kabul", context=frozenset({"AF"}))
    first_copy = list(first)
    first.clear()
    again = gazetteer.lookup_key("kabul", context=frozenset({"AF"}))
    assert again == first_copy and again[0].country == "Afghanistan"
    regions = gazetteer.regions("Chin State")
    regions.clear()
    assert [r.admin1 for r in gazetteer.regions("Chin State")][:1] == ["Chin"]
    # A different reading of the same place is a candidate of its own.
    near = gazetteer.lookup_key("kabul", context=frozenset({"AF"}), near=True)
    assert (near[0].geo_precision, again[0].geo_precision) == (2, 1)
