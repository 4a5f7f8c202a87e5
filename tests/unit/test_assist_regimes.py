"""Issue #13, regime years: the periods added from ACLED data published on GitHub (see
annotator/assist/data/regimes.toml for where each was seen)."""

from __future__ import annotations

import datetime as dt

import pytest

from annotator.assist import ActorDictionary, Gazetteer, SuggestionEngine
from annotator.domain.codebook import Codebook


@pytest.mark.parametrize(
    ("iso3", "when", "years"),
    [
        ("CMR", dt.date(2024, 5, 1), "1982-"),
        ("TCD", dt.date(2021, 4, 19), "1990-2021"),  # the day before Idriss Deby's death
        ("TCD", dt.date(2021, 4, 20), "2021-"),
        ("GBR", dt.date(2024, 7, 4), "2010-2024"),
        ("GBR", dt.date(2025, 1, 10), "2024-"),
        ("FRA", dt.date(2016, 3, 1), "2012-2017"),
        ("IRN", dt.date(2026, 3, 1), "1989-"),
        ("VEN", dt.date(2019, 2, 23), "1999-"),
        ("COL", dt.date(2024, 5, 1), ""),  # no file showed its current period: no years rather than wrong ones
    ],
)
def test_the_added_periods_follow_the_event_date(gazetteer: Gazetteer, iso3: str, when: dt.date, years: str) -> None:
    assert gazetteer.countries.regime_years(iso3, when) == years


def test_state_forces_of_an_added_country_carry_its_period(codebook: Codebook, gazetteer: Gazetteer) -> None:
    # Before: "Military Forces of Cameroon" and "... of the Central African Republic", without years.
    engine = SuggestionEngine(codebook, gazetteer, ActorDictionary(codebook, countries=gazetteer.countries))
    found = engine.suggest("Soldiers clashed with separatists near Bamenda, Cameroon, on Monday.",
                           published=dt.date(2024, 5, 8))  # fmt: skip
    assert "Military Forces of Cameroon (1982-)" in [s.value["name"] for s in found if s.label == "actor"]
    found = engine.suggest("Soldiers clashed with rebels near Bria, Central African Republic, on Monday.",
                           published=dt.date(2024, 5, 8))  # fmt: skip
    names = [s.value["name"] for s in found if s.label == "actor"]
    assert "Military Forces of the Central African Republic (2016-)" in names


@pytest.mark.parametrize(
    ("iso3", "when", "years"),
    [
        ("CIV", dt.date(2010, 12, 1), "2000-2011"),
        ("CIV", dt.date(2020, 10, 31), "2011-"),
        ("GIN", dt.date(2021, 9, 4), "2010-2021"),  # the day before the coup
        ("GIN", dt.date(2022, 3, 1), "2021-"),
        ("DZA", dt.date(2021, 2, 22), "1999-"),  # no new period for the president of December 2019
        ("MRT", dt.date(2020, 6, 1), "2009-"),
        ("LKA", dt.date(2022, 7, 13), "2019-2024"),
        ("LKA", dt.date(2024, 10, 1), "2024-"),
        ("BRA", dt.date(2024, 5, 1), "2023-"),
        ("BRA", dt.date(2021, 5, 1), ""),  # the period before Lula's is not seen: no years
        ("USA", dt.date(2020, 6, 1), "2017-2021"),
        ("USA", dt.date(2021, 1, 19), "2017-2021"),
        ("USA", dt.date(2023, 6, 1), "2021-2025"),
        ("YEM", dt.date(2020, 5, 9), "2012-2022"),
        ("YEM", dt.date(2023, 5, 9), "2022-"),
        ("PAK", dt.date(2024, 5, 1), ""),  # only a period of 2019 seen: no years rather than wrong ones
    ],
)
def test_the_periods_of_the_fourth_search_follow_the_event_date(
    gazetteer: Gazetteer, iso3: str, when: dt.date, years: str
) -> None:
    assert gazetteer.countries.regime_years(iso3, when) == years


def test_the_ivory_coast_s_forces_are_named_with_the_article_and_their_period(
    codebook: Codebook, gazetteer: Gazetteer
) -> None:
    # Before: "Military Forces of Ivory Coast", without years.
    engine = SuggestionEngine(codebook, gazetteer, ActorDictionary(codebook, countries=gazetteer.countries))
    found = engine.suggest("Soldiers clashed with gunmen near Korhogo, Ivory Coast, on 3 March 2020.",
                           published=dt.date(2020, 3, 5))  # fmt: skip
    assert "Military Forces of the Ivory Coast (2011-)" in [s.value["name"] for s in found if s.label == "actor"]


@pytest.mark.parametrize(
    ("text", "published", "name"),
    [
        # Before: "(2022-)" whatever the year, the period the codebook's entry was written with.
        ("Jubaland security forces clashed with Al Shabaab militants near Kismayo on 3 March 2020.",
         dt.date(2020, 3, 5), "Military Forces of Somalia (2017-2022) Jubaland Security Force"),
        ("Jubaland security forces clashed with Al Shabaab militants near Kismayo on 3 March 2024.",
         dt.date(2024, 3, 5), "Military Forces of Somalia (2022-) Jubaland Security Force"),
        ("Puntland Dervish forces raided a village near Bosaso on 1 May 2022.",
         dt.date(2022, 5, 3), "Military Forces of Somalia (2017-2022) Puntland Dervish Force"),
        ("The Southwest Special Police Forces arrested two men in Baidoa on 2 June 2021.",
         dt.date(2021, 6, 4), "Police Forces of Somalia (2017-2022) Southwest Special Police Forces"),
        # "(2017-)" is the Houthis' own forces' period, not one of Yemen's regimes: it stays.
        ("Houthi forces shelled Taizz on 9 May 2020.", dt.date(2020, 5, 11), "Military Forces of Yemen (2017-) Houthi"),
    ],
)  # fmt: skip
def test_a_named_unit_of_state_forces_takes_the_period_of_the_event(
    codebook: Codebook, gazetteer: Gazetteer, text: str, published: dt.date, name: str
) -> None:
    engine = SuggestionEngine(codebook, gazetteer, ActorDictionary(codebook, countries=gazetteer.countries))
    names = [s.value["name"] for s in engine.suggest(text, published=published) if s.label == "actor"]
    assert name in names
    assert not any(n.endswith(name.split(") ", 1)[1]) and n != name for n in names)


def test_a_named_unit_typed_without_a_date_keeps_its_codebook_name(codebook: Codebook, gazetteer: Gazetteer) -> None:
    actors = ActorDictionary(codebook, countries=gazetteer.countries)
    found = actors.resolve("Jubaland forces", event_country="Somalia")
    assert found is not None and found.name == "Military Forces of Somalia (2022-) Jubaland Security Force"
    older = actors.resolve("Jubaland forces", event_country="Somalia", when=dt.date(2019, 1, 1))
    assert older is not None and older.name == "Military Forces of Somalia (2017-2022) Jubaland Security Force"
    assert older.type_code == 1 and older.country == "Somalia"
