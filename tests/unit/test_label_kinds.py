"""Which fields a span label fills, and what it marks for the assists, come from the codebook.

A project may rename the labels ("who", "where", "when", "did"): making an event from a selection
and accepting a suggestion still fill the right fields, and brat still finds the event triggers.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from annotator.domain.codebook import DEFAULT_FILLS, Codebook, LabelKind
from annotator.domain.errors import CodebookError
from annotator.domain.fields import Choices
from annotator.domain.models import AnnotationSet, Event, EventFields, Span
from annotator.formats.brat import BratStats, document_ann, trigger_labels
from annotator.services import workspace as ws
from annotator.services.accepting import accept_command, suggested_values
from annotator.services.annotate import SetRef, SpanInfo, apply
from annotator.services.importing import import_paths
from annotator.services.project import open_project
from tests.fixtures.codebooks import (
    RENAMED,
    codebook_from,
    default_text,
    renamed_text,
    without_kinds_and_fills,
    write_codebook,
)

MEANINGS = {
    "actor": (LabelKind.ACTOR, ("actor1", "actor2", "assoc_actor_1")),
    "location": (LabelKind.PLACE, ("location",)),
    "date": (LabelKind.DATE, ("event_date",)),
    "action": (LabelKind.ACTION, ("sub_event_type",)),
    "fatalities": (LabelKind.COUNT, ("fatalities",)),
}


def _meanings(book: Codebook) -> dict[str, tuple[LabelKind | None, tuple[str, ...]]]:
    return {lb.name: (lb.kind, lb.fills) for lb in book.labels}


def _error(text: str) -> str:
    with pytest.raises(CodebookError) as err:
        codebook_from(text)
    return str(err.value)


# ---------------------------------------------------------------- the codebook keys


def test_shipped_codebook_says_what_each_label_marks_and_fills(codebook: Codebook) -> None:
    assert _meanings(codebook) == MEANINGS
    assert dict(MEANINGS.values()) == DEFAULT_FILLS
    assert codebook.label_for_kind[LabelKind.PLACE] == "location"
    assert codebook.kind_of("date") is LabelKind.DATE and codebook.kind_of("weapon") is None
    assert codebook.fills_of("actor") == ("actor1", "actor2", "assoc_actor_1") and codebook.fills_of("x") == ()


def test_a_codebook_without_the_keys_keeps_the_old_meanings() -> None:
    old = without_kinds_and_fills(default_text())
    assert "kind =" not in old and "fills =" not in old
    assert _meanings(codebook_from(old)) == MEANINGS


def test_a_label_with_a_kind_fills_that_kinds_fields_unless_it_says_otherwise() -> None:
    text = without_kinds_and_fills(renamed_text()).replace('name = "who"\n', 'name = "who"\nkind = "actor"\n')
    text = text.replace('name = "dead"\n', 'name = "dead"\nkind = "count"\nfills = []\n')
    book = codebook_from(text)
    assert book.kind_of("who") is LabelKind.ACTOR and book.fills_of("who") == ("actor1", "actor2", "assoc_actor_1")
    assert book.kind_of("dead") is LabelKind.COUNT and book.fills_of("dead") == ()
    # Renamed and given no kind: a label the assists do not know, which fills nothing.
    assert book.kind_of("where") is None and book.fills_of("where") == ()


def test_several_labels_of_one_kind_the_assists_use_the_first() -> None:
    extra = '\n[[labels]]\nname = "victim"\ncolour = "#0f766e"\nkey = "v"\nkind = "actor"\nfills = ["actor2"]\n'
    book = codebook_from(default_text() + extra)
    assert book.labels_of_kind(LabelKind.ACTOR) == ("actor", "victim")
    assert book.label_for_kind[LabelKind.ACTOR] == "actor" and book.fills_of("victim") == ("actor2",)


def test_a_bad_kind_is_named_by_its_key_path() -> None:
    message = _error(default_text().replace('kind = "place"', 'kind = "person"', 1))
    assert "labels[1].kind: 'person' is not a kind of label (one of: date, place, actor, action, count)" in message


def test_bad_fields_are_named_by_their_key_path() -> None:
    text = default_text().replace('fills = ["actor1", "actor2", "assoc_actor_1"]', 'fills = ["actor1", "actor3"]')
    assert "labels[0].fills[1]: 'actor3' is not an event field (one of: event_id_cnty, event_date" in _error(text)
    text = default_text().replace('fills = ["event_date"]', 'fills = ["year"]')
    assert "labels[3].fills[0]: 'year' is computed on export, not filled from spans" in _error(text)
    text = default_text().replace('fills = ["event_date"]', 'fills = ["notes"]')
    assert "labels[3].fills[0]: a date label cannot fill 'notes', which holds text values" in _error(text)
    text = default_text().replace('fills = ["location"]', 'fills = ["location", "location"]')
    assert "labels[1].fills[1]: 'location' is listed twice" in _error(text)


def test_choice_values_come_from_the_codebook_tables(codebook: Codebook) -> None:
    assert codebook.choice_values(Choices.TIME_PRECISION) == (1, 2, 3)
    assert codebook.choice_values(Choices.ACTOR_TYPES) == (1, 2, 3, 4, 5, 6, 7, 8)
    assert "Battles" in codebook.choice_values(Choices.EVENT_TYPES)
    assert "Peaceful protest" in codebook.choice_values(Choices.SUB_EVENT_TYPES)
    assert "Syria" in codebook.choice_values(Choices.COUNTRIES)
    assert codebook.choice_values(Choices.SOURCE_SCALES) == codebook.source_scales
    actors = codebook.choice_values(Choices.ACTORS)
    assert actors and list(actors) == sorted(actors)


# ---------------------------------------------------------------- renamed labels at work


@pytest.fixture(scope="module")
def renamed() -> Codebook:
    return codebook_from(renamed_text())


def test_event_from_selection_with_renamed_labels(codebook: Codebook, renamed: Codebook) -> None:
    spans = [
        ("s1", "actor", "Police"),
        ("s2", "action", "fired tear gas"),
        ("s3", "actor", "protesters"),
        ("s4", "location", "Juba"),
        ("s5", "date", "Monday"),
        ("s6", "actor", "students"),
        ("s7", "fatalities", "two"),
    ]
    published = dt.date(2024, 6, 5)
    default = ws.event_from_spans(codebook, [SpanInfo(k, 0, 1, lb, t) for k, lb, t in spans], published)
    values, evidence = ws.event_from_spans(
        renamed, [SpanInfo(k, 0, 1, RENAMED[lb], t) for k, lb, t in spans], published
    )
    assert (values, evidence) == default
    assert values["actor2"] == "protesters" and values["fatalities"] == 2 and values["location"] == "Juba"
    assert evidence["sub_event_type"] == ["s2"] and evidence["assoc_actor_1"] == ["s6"]


@dataclass
class Sugg:
    start: int
    end: int
    label: str
    text: str
    value: Any


TEXT = "Protesters rallied in Qamishli on Tuesday."


def _sugg(label: str, phrase: str, value: dict[str, Any]) -> Sugg:
    start = TEXT.index(phrase)
    return Sugg(start, start + len(phrase), label, phrase, value)


def test_accepting_suggestions_with_renamed_labels(db_url: str, tmp_path: Path) -> None:
    project = open_project(db_url, codebook=write_codebook(tmp_path, renamed_text()))
    try:
        source = tmp_path / "a.jsonl"
        source.write_text(json.dumps({"id": "a", "text": TEXT, "published": "2024-06-12"}) + "\n", encoding="utf-8")
        import_paths(project, [source])
        ref = SetRef(ws.article_ids(project, "amal")[0], "amal")
        place = {"location": "Qamishli", "admin1": "Al-Hasakah", "country": "Syria", "geo_precision": 1}
        for sugg in (
            _sugg("when", "on Tuesday", {"event_date": "2024-06-11", "time_precision": 1}),
            _sugg("where", "Qamishli", place),
            _sugg("who", "Protesters", {"name": "Protesters (Syria)", "type_code": 6}),
            _sugg("did", "rallied", {"event_type": "Protests", "sub_event_type": "Peaceful protest"}),
        ):
            state = ws.load_coding(project, ref)
            event_key = state.events[0].key if state.events else None
            apply(project, accept_command(project.codebook, state, ref, sugg, event_key=event_key))
        state = ws.load_coding(project, ref)
    finally:
        project.close()
    (event,) = state.events
    f = event.fields
    assert (f.event_date, f.time_precision) == (dt.date(2024, 6, 11), 1)
    assert (f.location, f.admin1, f.country, f.geo_precision) == ("Qamishli", "Al-Hasakah", "Syria", 1)
    assert (f.actor1, f.inter1) == ("Protesters (Syria)", 6)
    assert (f.event_type, f.sub_event_type) == ("Protests", "Peaceful protest")
    labels = {s.key: s.label for s in state.spans}
    assert {name: labels[keys[0]] for name, keys in event.evidence.items()} == {
        "event_date": "when",
        "location": "where",
        "actor1": "who",
        "sub_event_type": "did",
    }


def test_a_second_renamed_actor_goes_to_actor2(renamed: Codebook) -> None:
    filled = EventFields(actor1="Police Forces of Syria", inter1=1)
    value = {"name": "Protesters (Syria)", "type_code": 6}
    assert suggested_values(renamed, "who", value, filled) == ({"actor2": "Protesters (Syria)", "inter2": 6}, "actor2")
    assert suggested_values(renamed, "actor", value, filled) == ({}, "")  # not a label of this codebook


def test_brat_triggers_are_the_codebooks_action_labels(renamed: Codebook) -> None:
    text = "Gunmen attacked Kano."
    spans = [Span(key="a", start=0, end=6, label="who"), Span(key="b", start=7, end=15, label="did")]
    # The action span is linked to no type field: only its label's kind makes it the trigger.
    events = [Event(key="E1", fields=EventFields(sub_event_type="Attack"), evidence={"actor1": ["a"], "notes": ["b"]})]
    aset = AnnotationSet(coder="x", spans=spans, events=events)
    stats = BratStats()
    ann = document_ann(text, aset, stats, trigger_labels=trigger_labels(renamed))
    assert "E1\tAttack:T3 Actor_first:T1" in ann.splitlines() and stats.events == 1
    assert trigger_labels(renamed) == {"did"}
    missed = BratStats()
    document_ann(text, aset, missed, trigger_labels=frozenset({"action"}))
    assert missed.events_without_trigger == ["E1"]
