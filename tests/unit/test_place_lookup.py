"""The place look-up (Ctrl+G in the event form; issue #9, finding 5) and a new event's defaults
(finding 13: the article's source pre-fills the event's)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest

from annotator.assist.places import Gazetteer
from annotator.domain.codebook import Codebook
from annotator.services.annotate import AddSpan, CreateEvent, SetRef, apply
from annotator.services.event_defaults import new_event_defaults
from annotator.services.importing import import_paths
from annotator.services.place_lookup import PlaceLookup, PlaceOption, coded_places
from annotator.services.workspace import article_ids, load_article

ROOT = Path(__file__).parents[2]
CACHE = Path(tempfile.gettempdir()) / "annotator-test-gazetteer"
TEXT = "Villagers of Qesirdib blocked a patrol near Al-Malikiyah."
MALIKIYAH = {
    "country": "Syria", "admin1": "Al-Hasakah", "admin2": "Al-Malikiyah", "admin3": "",
    "location": "Al Malikiyah", "latitude": 37.177, "longitude": 42.1401, "geo_precision": 2,
}  # fmt: skip


@pytest.fixture(scope="module")
def gazetteer(codebook: Codebook) -> Gazetteer:
    g = Gazetteer(codebook, cache_dir=CACHE)
    g.prepare_search()
    return g


@pytest.fixture
def coded(project, tmp_path: Path) -> SetRef:  # type: ignore[no-untyped-def]
    """An article whose event is coded to Al Malikiyah (precision 2) with "Qesirdib" as evidence."""
    source = tmp_path / "a.jsonl"
    row = {"id": "a", "text": TEXT, "source": "  Rudaw  English ", "published": "2024-06-12"}
    source.write_text(json.dumps(row) + "\n", encoding="utf-8")
    import_paths(project, [source])
    ref = SetRef(article_ids(project, "amal")[0], "amal")
    start = TEXT.index("Qesirdib")
    apply(project, AddSpan(ref, start, start + len("Qesirdib"), "location", key="s1"))
    apply(project, CreateEvent(ref, values=tuple(MALIKIYAH.items()), evidence=(("location", ("s1",)),)))
    apply(project, CreateEvent(ref, values=tuple(MALIKIYAH.items())))
    return ref


def test_the_projects_places_are_found_by_name_and_by_evidence_text(project, coded: SetRef) -> None:  # type: ignore[no-untyped-def]
    places = coded_places(project)
    assert len(places) == 1 and places[0].uses == 2 and places[0].matched_name == "Qesirdib"
    lookup = PlaceLookup(None, places)  # the gazetteer is still loading: the project's places answer
    found = lookup.search("qes")
    assert [(o.location, o.geo_precision, o.source, o.matched_name) for o in found] == [
        ("Al Malikiyah", 2, "project", "Qesirdib"),
    ]
    assert found[0].fields() == MALIKIYAH
    assert [o.location for o in lookup.search("Malik")] == ["Al Malikiyah"]
    assert lookup.search("Malik", country="Turkey") == []


def test_project_places_first_then_the_gazetteer(project, coded: SetRef, gazetteer: Gazetteer) -> None:  # type: ignore[no-untyped-def]
    lookup = PlaceLookup(gazetteer, coded_places(project))
    assert lookup.ready
    found = lookup.search("Al Malik", country="Syria")
    assert (found[0].source, found[0].geo_precision) == ("project", 2)
    # The gazetteer's own town (precision 1) is not listed twice under the same name.
    assert [o.source for o in found if o.location == "Al Malikiyah" and o.feature != "admin2"] == ["project"]


def test_new_places_are_learnt(gazetteer: Gazetteer) -> None:
    lookup = PlaceLookup(gazetteer, [])
    lookup.learn(MALIKIYAH, evidence_text="Qesirdib")
    lookup.learn(MALIKIYAH, evidence_text="Derik")
    found = lookup.search("Deri")
    assert (found[0].source, found[0].uses, found[0].matched_name) == ("project", 2, "Derik")


def test_gazetteer_places_with_admins_coordinates_and_precision(gazetteer: Gazetteer) -> None:
    lookup = PlaceLookup(gazetteer, [])
    best = lookup.search("Malikiyah", country="Syria")[0]
    assert (best.location, best.location_unicode, best.country, best.admin1) == (
        "Al Malikiyah", "Al Mālikīyah", "Syria", "Al Hasakeh",
    )  # fmt: skip
    assert (best.latitude, best.longitude, best.geo_precision, best.feature) == (37.177, 42.1401, 1, "populated place")
    assert best.population > 20_000 and best.source == "gazetteer"
    assert set(best.fields()) == {"country", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
                                  "geo_precision"}  # fmt: skip


def test_prefix_as_typed_and_a_misspelling(gazetteer: Gazetteer) -> None:
    for typed in ("Q", "Qa", "Qam", "Qamish", "Qamishli"):
        assert gazetteer.search(typed, country="Syria")[0].location == "Al Qamishli", typed
    assert gazetteer.search("Qamishly")[0].location == "Al Qamishli"  # spelt otherwise
    assert gazetteer.search("Tal Tamr")[0].location == "Tall Tamr"
    assert gazetteer.search("Qesirdib") == []  # not in the gazetteer: the coder codes it by hand


def test_regions_are_coded_to_their_largest_town_with_precision_3_or_2(gazetteer: Gazetteer) -> None:
    found = gazetteer.search("Hasakah", country="Syria")
    town = next(c for c in found if c.feature == "populated place")
    province = next(c for c in found if c.feature == "admin1")
    assert (town.location, town.geo_precision) == ("Al Hasakah", 1)
    assert (province.admin1, province.location, province.geo_precision) == ("Al Hasakeh", "Al Hasakah", 3)
    assert found.index(town) < found.index(province)


def test_capitals_are_marked(gazetteer: Gazetteer) -> None:
    assert gazetteer.search("Damascus")[0].feature == "capital"
    assert gazetteer.search("Aleppo")[0].feature == "populated place"


def test_preferred_countries_rank_first(gazetteer: Gazetteer) -> None:
    assert gazetteer.search("Tripoli")[0].country == "Libya"
    assert gazetteer.search("Tripoli", prefer=["Lebanon"])[0].country == "Lebanon"
    assert all(c.country == "Greece" for c in gazetteer.search("Tripoli", country="Greece"))


def test_option_round_trip() -> None:
    option = PlaceOption("Amuda", "Syria", "Al-Hasakah", "Al-Qamishli", "", 37.104, 40.93, 1, "populated place",
                         26821, "gazetteer", 0, "‘Āmūdā")  # fmt: skip
    assert option.as_dict()["location_unicode"] == "‘Āmūdā" and option.fields()["location"] == "Amuda"


# ---- finding 13: the article's source pre-fills a new event's ----


def test_new_event_defaults_take_the_articles_source(project, coded: SetRef) -> None:  # type: ignore[no-untyped-def]
    assert new_event_defaults(project, coded.article_id) == {"source": "Rudaw English"}
    doc = load_article(project, coded.article_id)
    assert doc is not None and new_event_defaults(project, doc) == {"source": "Rudaw English"}
    assert new_event_defaults(project, 99_999) == {}


def test_new_event_defaults_take_a_known_country(project, coded: SetRef) -> None:  # type: ignore[no-untyped-def]
    assert new_event_defaults(project, coded.article_id, country="Syria") == {
        "country": "Syria",
        "source": "Rudaw English",
    }
    assert new_event_defaults(project, coded.article_id, country="Atlantis") == {"source": "Rudaw English"}
