"""Actor completion and actor types for the event form (issue #9, findings 1-3)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.domain import acled
from annotator.domain.codebook import Codebook, load_codebook
from annotator.services.actor_lookup import ActorLookup, coded_actors, event_country
from annotator.services.annotate import CreateEvent, SetRef, apply
from annotator.services.importing import import_paths
from annotator.services.workspace import article_ids

ROOT = Path(__file__).parents[2]
ARTICLE = (ROOT / "tests" / "fixtures" / "articles" / "ne_syria_patrol.txt").read_text(encoding="utf-8")
CODED = [
    ("Protesters (Syria)", 6, 5),
    ("Military Forces of Russia (2000-)", 8, 3),
    ("Wagner Group", 8, 2),
    ("Kurdish Farmers Union", 6, 1),  # a name only this project uses
]


@pytest.fixture(scope="module")
def codebook() -> Codebook:
    return load_codebook(ROOT / "resources" / "codebooks" / "acled.toml")


@pytest.fixture(scope="module")
def lookup(codebook: Codebook) -> ActorLookup:
    return ActorLookup(codebook, CODED)


# ---- finding 1: completion offers real names, the project's first ----


@pytest.mark.parametrize("typed", ["", "p", "Prot", "Military", "Civ", "forces", "police"])
@pytest.mark.parametrize("country", ["Syria", None])
def test_no_template_is_ever_offered(lookup: ActorLookup, typed: str, country: str | None) -> None:
    for option in lookup.candidates(typed, event_country=country):
        assert "{" not in option.name and "}" not in option.name, option


def test_generic_actors_are_filled_with_the_event_country(lookup: ActorLookup) -> None:
    names = [o.name for o in lookup.candidates("", event_country="Syria")]
    assert {"Civilians (Syria)", "Rioters (Syria)", "Military Forces of Syria (2024-)"} <= set(names)
    civ = lookup.candidates("Civ", event_country="Syria")
    assert [(o.name, o.type_code, o.source) for o in civ] == [("Civilians (Syria)", 7, "generic")]
    # No other country's generics for a Syrian event, unless the coder types that country.
    assert not [o for o in lookup.candidates("Prot", event_country="Syria") if o.country not in ("Syria", "")]
    assert lookup.candidates("Protesters (Ke", event_country="Syria")[0].name == "Protesters (Kenya)"


def test_without_a_country_generics_need_the_country_typed(lookup: ActorLookup) -> None:
    assert [o.name for o in lookup.candidates("civilians", event_country=None)] == []
    assert [o.name for o in lookup.candidates("civilians leb", event_country=None)] == ["Civilians (Lebanon)"]


def test_the_projects_actors_come_first_most_used_first(lookup: ActorLookup) -> None:
    first = lookup.candidates("", event_country="Syria")[:4]
    assert [(o.name, o.source, o.uses) for o in first] == [
        ("Protesters (Syria)", "project", 5),
        ("Military Forces of Russia (2000-)", "project", 3),
        ("Wagner Group", "project", 2),
        ("Kurdish Farmers Union", "project", 1),
    ]
    assert lookup.candidates("kurdish", event_country="Syria")[0].name == "Kurdish Farmers Union"
    assert lookup.candidates("Syrian Democratic", event_country="Syria")[0].name == "QSD: Syrian Democratic Forces"


def test_learning_an_actor_ranks_it_by_its_new_count(codebook: Codebook) -> None:
    lookup = ActorLookup(codebook, CODED)
    for _ in range(6):
        lookup.learn("Civilians (Syria)", 7)
    assert lookup.candidates("", event_country="Syria")[0].name == "Civilians (Syria)"


# ---- finding 2: the type follows the actor ----


@pytest.mark.parametrize(
    "name, country, expected",
    [
        ("Civilians (Syria)", "Syria", 7),
        ("Protesters (Syria)", "Syria", 6),
        ("Rioters (Kenya)", "Kenya", 5),
        ("Police Forces of Syria (2024-)", "Syria", 1),
        ("Police Forces of Mali (2013-) Gendarmerie", "Mali", 1),  # a unit of a state force
        ("Unidentified Armed Group (Syria)", "Syria", 3),
        ("Misratah Communal Militia (Libya)", "Libya", 4),
        ("SDF: Syrian Democratic Forces", "Syria", 2),
        ("Syrian Democratic Forces", "Syria", 2),  # an alias typed by hand
        ("Wagner Group", "Mali", 8),  # the project's own coding
        ("Kurdish Farmers Union", "Syria", 6),
        ("Some Name Nobody Coded", "Syria", None),
    ],
)
def test_the_type_of_a_typed_actor(lookup: ActorLookup, name: str, country: str, expected: int | None) -> None:
    assert lookup.actor_type(name, event_country=country) == expected


# ---- finding 3: state forces outside their country are External/Other forces ----


def test_state_forces_abroad_are_type_8_and_at_home_type_1(lookup: ActorLookup) -> None:
    russia = "Military Forces of Russia (2000-)"
    assert lookup.actor_type(russia, event_country="Syria") == 8
    # Coded 8 in this project (in Syria), but an event in Russia makes them State forces again.
    assert lookup.actor_type(russia, event_country="Russia") == 1
    assert lookup.actor_type("Military Forces of Turkey (2002-)", event_country="Syria") == 8
    options = {o.name: o for o in lookup.candidates("Military Forces of", event_country="Syria")}
    assert options["Military Forces of Syria (2024-)"].type_code == 1
    # A standoff between Russian and Turkish patrols in Syria: External/Other forces on both sides,
    # ACLED's 88 (the form had 18: the Russian side typed as State forces).
    turkey = lookup.actor_type("Military Forces of Turkey (2002-)", event_country="Syria")
    assert acled.interaction_code(lookup.actor_type(russia, event_country="Syria"), turkey) == 88


def test_event_country_from_linked_places_then_the_article(codebook: Codebook) -> None:
    assert event_country(codebook, ARTICLE) == "Syria"
    linked = [{"location": "Ceylanpinar", "country": "Turkey"}, {"country": "Turkey"}, "Syria"]
    assert event_country(codebook, ARTICLE, linked) == "Turkey"
    moscow = "Moscow said on Tuesday that Russian troops would stay. Russia rejected the claims."
    assert event_country(codebook, moscow) is None  # only forces and a government: no country


# ---- the project's coded actors, from the database ----


def test_coded_actors_with_their_most_used_type(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "a.jsonl"
    source.write_text(json.dumps({"id": "a", "text": "Patrols, protests."}) + "\n", encoding="utf-8")
    import_paths(project, [source])
    ref = SetRef(article_ids(project, "amal")[0], "amal")
    for actor1, inter1, actor2, inter2 in [
        ("Protesters (Syria)", 6, "Military Forces of Russia (2000-)", 8),
        ("Protesters (Syria)", 6, "", None),
        ("Military Forces of Russia (2000-)", 8, "Civilians (Syria)", 7),
        ("Military Forces of Russia (2000-)", 1, "", None),
    ]:
        values = (("actor1", actor1), ("inter1", inter1), ("actor2", actor2), ("inter2", inter2))
        apply(project, CreateEvent(ref, values=tuple((k, v) for k, v in values if v not in ("", None))))
    assert coded_actors(project) == [
        ("Military Forces of Russia (2000-)", 8, 3),
        ("Protesters (Syria)", 6, 2),
        ("Civilians (Syria)", 7, 1),
    ]
    lookup = ActorLookup.for_project(project)
    assert lookup.candidates("", event_country="Syria")[0].name == "Military Forces of Russia (2000-)"


# ---- finding 2: the type follows the actor, unless the coder chose it ----


def test_the_type_follows_the_actor_but_not_a_type_chosen_by_hand(lookup: ActorLookup) -> None:
    from annotator.services.actor_lookup import follow_actor_types

    def follow(current: dict, values: dict) -> dict:  # type: ignore[type-arg]
        return follow_actor_types(lookup, current, values, event_country="Syria")

    # An empty type is the app's to fill, and so is the type the app gave the actor being replaced.
    assert follow({}, {"actor1": "Civilians (Syria)"}) == {"actor1": "Civilians (Syria)", "inter1": 7}
    civilians = {"actor1": "Civilians (Syria)", "inter1": 7}
    assert follow(civilians, {"actor1": "Protesters (Syria)"}) == {"actor1": "Protesters (Syria)", "inter1": 6}
    # While a name is typed nothing knows, an app-set type is cleared rather than left wrong...
    assert follow(civilians, {"actor1": "Civ"}) == {"actor1": "Civ", "inter1": None}
    # ...and sent unchanged when it stays, so a typing burst has one shape (one undo step).
    assert follow(civilians, {"actor1": "Civilians (Syria)"})["inter1"] == 7
    # The coder chose 3 for civilians by hand: it stays whatever the actor becomes.
    chosen = {"actor1": "Civilians (Syria)", "inter1": 3}
    assert follow(chosen, {"actor1": "Protesters (Syria)"}) == {"actor1": "Protesters (Syria)"}
    # An edit that sets the type itself is left as it is; fields without a type are untouched.
    assert follow(civilians, {"actor2": "Wagner Group", "inter2": 2}) == {"actor2": "Wagner Group", "inter2": 2}
    assert follow({}, {"assoc_actor_1": "Civilians (Syria)"}) == {"assoc_actor_1": "Civilians (Syria)"}
    # A Russian patrol in Syria is External/Other forces (finding 3).
    assert follow({}, {"actor2": "Military Forces of Russia (2000-)"})["inter2"] == 8


def test_without_the_engine_the_country_is_read_from_the_articles_beginning(codebook: Codebook) -> None:
    """The fallback reading looks at the first TEXT_COUNTRY_CHARS characters only: a book-length
    text took seconds of Python in the window's process (issue 8), and its beginning says where."""
    from annotator.services.actor_lookup import TEXT_COUNTRY_CHARS

    lede = "NAIROBI — Protesters gathered in Nairobi, Kenya, on Monday.\n"
    filler = "The crowd stayed until the evening and then went home.\n" * (TEXT_COUNTRY_CHARS // 55)
    later = "Officials in Syria said more rallies took place in Syria, across Syria. " * 200
    assert event_country(codebook, lede + later) == "Syria"  # read whole, the later mentions win
    assert event_country(codebook, lede + filler + later) == "Kenya"
