"""Issue #13, places: the publication's home country as weak evidence. Read from the article's
source and address; in the pass it breaks a tie, and where the text names no country it ranks the
places and says whose generic actors these are. Sources and sentences written for these tests."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path

import pytest

from annotator.assist import Suggestion, SuggestionEngine
from annotator.assist.countries import CountryTable
from annotator.assist.outlets import outlet_country
from annotator.cli import main
from annotator.domain.codebook import Codebook

PUBLISHED = dt.date(2024, 5, 1)


@pytest.mark.parametrize(
    ("source", "url", "country"),
    [
        ("Daily Trust (Nigeria)", "", "Nigeria"),
        # ACLED's source field: several sources, the one country named in parentheses.
        ("Twitter; Daily Post (Nigeria); Undisclosed Source", "", "Nigeria"),
        ("", "https://www.standardmedia.co.ke/article/1", "Kenya"),
        ("", "https://www.dawn.com.pk/news/2", "Pakistan"),
        ("", "https://www.eltiempo.com.co/justicia", "Colombia"),
        ("The Times of India", "", "India"),
        ("South Sudan Monitor", "", "South Sudan"),  # (the longest name: not Sudan)
        # Vanity domains and outlets of no one country say nothing.
        ("", "https://t.co/x1", None),
        ("Reuters", "https://www.reuters.com/world", None),
        ("Al Jazeera", "https://www.aljazeera.com/news", None),
        ("Daily Star (Bangladesh); Dawn (Pakistan)", "", None),
        ("", "not a url at all", None),
    ],
)
def test_the_outlets_country_is_read_from_its_source_and_address(
    codebook: Codebook, source: str, url: str, country: str | None
) -> None:
    found = outlet_country(source, url, CountryTable(codebook))
    assert (found.name if found else None) == country


def named(found: list[Suggestion], label: str) -> list[tuple[str, str]]:
    return [(s.text, s.value.get("name") or s.value["country"]) for s in found if s.label == label]


def test_a_kenyan_outlets_mob_in_a_village_the_gazetteer_lacks_is_kenyas(engine: SuggestionEngine) -> None:
    text = "A mob killed a suspected thief who was wielding a knife in Likoni on Saturday."
    assert named(engine.suggest(text, published=PUBLISHED), "actor") == []  # no country, no generic actor
    found = engine.suggest(text, published=PUBLISHED, source="Daily Nation (Kenya)")
    assert named(found, "actor") == [("A mob", "Rioters (Kenya)")]


def test_the_outlets_country_ranks_the_places_of_a_text_that_names_none(engine: SuggestionEngine) -> None:
    text = "Two people were killed in clashes between rival groups in Hyderabad on Monday."
    assert named(engine.suggest(text, published=PUBLISHED), "location") == [("Hyderabad", "India")]
    found = engine.suggest(text, published=PUBLISHED, url="https://www.dawn.com.pk/news/1")
    assert named(found, "location") == [("Hyderabad", "Pakistan")]
    # A town abroad is not ruled out for it.
    found = engine.suggest("A drone hit a school in Kharkiv on Monday.", published=PUBLISHED, source="BBC (UK)")
    assert named(found, "location") == [("Kharkiv", "Ukraine")]


def test_the_outlets_country_does_not_outweigh_what_the_text_says(engine: SuggestionEngine) -> None:
    text = "Russian forces shelled Kherson, Ukraine, on Monday, killing two civilians."
    analysis = engine.analyse(text, published=PUBLISHED, source="The Times of India")
    assert analysis.country is not None and analysis.country.name == "Ukraine"
    assert ("civilians", "Civilians (Ukraine)") in named(analysis.suggestions, "actor")


def test_annotator_suggest_reads_each_articles_outlet(tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    articles = tmp_path / "articles.csv"
    text = "A mob killed a suspected thief in Likoni on {}."
    articles.write_text(
        f'id,text,source,published\nke-1,"{text.format("Saturday")}",Daily Nation (Kenya),2024-05-01\n'
        f'xx-1,"{text.format("Sunday")}",,2024-05-01\n',
        encoding="utf-8",
    )
    db = str(tmp_path / "p.db")
    # (a cache of the gazetteer's index kept between runs: building it takes seconds)
    monkeypatch.setenv("XDG_CACHE_HOME", str(Path(tempfile.gettempdir()) / "annotator-test-xdg-cache"))
    assert main(["import", str(articles), "--db", db]) == 0
    capsys.readouterr()
    assert main(["suggest", "--all", "--json", "--db", db]) == 0
    rows = {r["article"]: r["suggestions"] for r in map(json.loads, capsys.readouterr().out.splitlines())}
    actors = {a: [s["value"]["name"] for s in found if s["label"] == "actor"] for a, found in rows.items()}
    assert actors == {"ke-1": ["Rioters (Kenya)"], "xx-1": []}
