"""Raw records -> validated domain records: normalisation, offsets, and errors that name the field."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from annotator.domain.errors import InputError
from annotator.domain.records import build_record, parse_date
from tests.fixtures.interchange import awkward_records


def test_crlf_and_decomposed_text_keeps_every_span_on_its_words(codebook) -> None:
    raw = awkward_records()[0]
    record = build_record(raw, codebook)
    text = record.article.text
    assert "\r" not in text and "Résumé" in text
    spans = {s.key: s for s in record.annotations[0].spans}
    for key, expected in (
        ("T1", "Protesters"),
        ("T2", "Qamishli"),
        ("T3", "on Tuesday"),
        ("T4", "Résumé"),
        ("T5", "Police"),
    ):
        s = spans[key]
        assert text[s.start : s.end] == expected == s.text
    assert spans["T1"].start == raw["text"].index("Protesters") - 3  # two accents composed, one CR dropped


def test_arabic_and_emoji_offsets_are_code_points(codebook) -> None:
    for raw in awkward_records()[1:3]:
        record = build_record(raw, codebook)
        for s in record.annotations[0].spans:
            assert record.article.text[s.start : s.end] == s.text


def test_event_fields_accept_text_labels_and_codes(codebook) -> None:
    records = [build_record(r, codebook) for r in awkward_records()[:3]]
    assert records[0].annotations[0].events[0].fields.inter1 == 6
    assert records[1].annotations[0].events[0].fields.inter1 == 6
    e = records[2].annotations[0].events[0].fields
    assert e.inter2 == 7 and e.civilian_targeting is True and e.fatalities == 1


def test_event_type_is_filled_from_sub_event_type(codebook) -> None:
    gold = build_record(awkward_records()[0], codebook).annotations[2]
    assert gold.events[0].fields.event_type == "Protests"


def test_derived_columns_in_input_are_ignored(codebook) -> None:
    raw = copy.deepcopy(awkward_records()[0])
    raw["annotations"][0]["events"][0]["fields"].update({"year": 1999, "interaction": "nonsense", "iso": 1})
    fields = build_record(raw, codebook).annotations[0].events[0].fields
    assert "year" not in fields.model_dump()


@pytest.mark.parametrize(
    ("mutate", "field", "message"),
    [
        (lambda r: r.pop("text"), "text", "needs its text"),
        (lambda r: r.update(id=""), "id", "needs an id"),
        (lambda r: r.update(published="12/06/2024"), "published", "not a date"),
        (lambda r: r.update(colour="red"), "colour", "unknown key"),
        (
            lambda r: r["annotations"][0]["spans"][0].update(text="Protestors"),
            "annotations[0].spans[0].text",
            "does not match",
        ),
        (lambda r: r["annotations"][0]["spans"][0].update(end=10_000), "annotations[0].spans[0]", "not a stretch"),
        (
            lambda r: r["annotations"][0]["spans"][0].update(label="weapon"),
            "annotations[0].spans[0].label",
            "not a span label",
        ),
        (
            lambda r: r["annotations"][0]["events"][0]["fields"].update(inter1="Soldiers"),
            "annotations[0].events[0].fields.inter1",
            "not an actor type",
        ),
        (
            lambda r: r["annotations"][0]["events"][0]["fields"].update(sub_event_type="Armed clash"),
            "annotations[0].events[0].fields.sub_event_type",
            "not a sub-event type of 'Protests'",
        ),
        (
            lambda r: r["annotations"][0]["events"][0]["fields"].update(country="Atlantis"),
            "annotations[0].events[0].fields.country",
            "not a country",
        ),
        (
            lambda r: r["annotations"][0]["events"][0]["fields"].update(fatalities="many"),
            "annotations[0].events[0].fields.fatalities",
            "not a whole number",
        ),
        (
            lambda r: r["annotations"][0]["events"][0]["fields"].update(geo_precision=4),
            "annotations[0].events[0].fields.geo_precision",
            "less than or equal to 3",
        ),
        (
            lambda r: r["annotations"][0]["events"][0]["fields"].update(weapon="rifle"),
            "annotations[0].events[0].fields.weapon",
            "not an ACLED column",
        ),
        (
            lambda r: r["annotations"][0]["events"][0]["evidence"].update(actor1=["nope"]),
            "annotations[0]",
            "unknown span 'nope'",
        ),
        (lambda r: r["annotations"][1].update(kind="gold"), "annotations", "only one gold"),
        (lambda r: r["annotations"][0].update(status="finished"), "annotations[0].status", "not one of"),
    ],
)
def test_bad_records_name_the_field(codebook, mutate, field: str, message: str) -> None:
    raw = copy.deepcopy(awkward_records()[0])
    mutate(raw)
    with pytest.raises(InputError) as err:
        build_record(raw, codebook)
    assert err.value.field is not None and err.value.field.startswith(field)
    assert message in str(err.value)


def test_country_aliases_become_the_codebook_name(codebook) -> None:
    raw = copy.deepcopy(awkward_records()[0])
    raw["annotations"][0]["events"][0]["fields"]["country"] = "Syrian Arab Republic"
    assert build_record(raw, codebook).annotations[0].events[0].fields.country == "Syria"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-12-28", dt.date(2022, 12, 28)),
        ("28 December 2022", dt.date(2022, 12, 28)),
        ("7-Feb-25", dt.date(2025, 2, 7)),
        ("", None),
    ],
)
def test_dates_in_acled_forms(value: str, expected: dt.date | None) -> None:
    assert parse_date(value, "event_date") == expected
