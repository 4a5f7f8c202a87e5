"""Formula neutralisation, CSV escaping and the ACLED row builder, without a database."""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.domain.fields import EVENT_FIELD_NAMES, EVENT_FIELDS, ValueType
from annotator.formats.acled_csv import (
    SOURCE_FIELDS,
    AcledCsvOptions,
    AcledRowBuilder,
    DateStyle,
    InterStyle,
    csv_escape,
    format_coordinate,
    format_date,
    header_line,
    normalise_multi,
)
from annotator.formats.csv_safety import (
    FORMULA_TRIGGERS,
    LEADING_BLANKS,
    SUSPECT_FIRST,
    is_formula_like,
    neutralise,
    neutralise_cell,
)


@pytest.mark.parametrize(
    "value",
    [
        "=1+2",
        "+3",
        "-4",
        "@SUM(A1)",
        "\t=1",
        "\r=1",
        "\n=1",
        "\x00x",
        "  =1+1",
        "\u00a0=cmd",
        "\u3000+1",
        "\ufeff=1",
        " \u200b-2",
        "-",
        "@",
        "=",
        "\tplain",
    ],
)
def test_formula_triggers_are_prefixed(value: str) -> None:
    assert is_formula_like(value)
    assert neutralise(value) == "'" + value
    assert neutralise_cell(value) == "'" + value


@pytest.mark.parametrize(
    "value",
    [
        "",
        "plain",
        " leading space only",
        "   ",
        "On 2 March, 3 died",
        "'=quoted",
        "x=1",
        "Al-Shabaab",
        "1+1",
        "e-mail",
        "مدنيين =",
        "(=)",
    ],
)
def test_plain_text_is_left_alone(value: str) -> None:
    assert not is_formula_like(value)
    assert neutralise(value) == value
    assert neutralise_cell(value) == value


def test_leading_blanks_are_every_unicode_space_plus_zero_width() -> None:
    spaces = {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()} - FORMULA_TRIGGERS
    assert set(LEADING_BLANKS) == spaces | {"\u200b", "\ufeff"}
    assert FORMULA_TRIGGERS | set(LEADING_BLANKS) == SUSPECT_FIRST


def _csv_writer_line(cells: list[str]) -> str:
    buf = io.StringIO(newline="")
    csv.writer(buf).writerow(cells)
    return buf.getvalue()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list('ab ,"\r\n\t;=é🙂')), max_size=12), min_size=2, max_size=6))
def test_escaping_matches_csv_writer_byte_for_byte(cells: list[str]) -> None:
    assert ",".join(csv_escape(c) for c in cells) + "\r\n" == _csv_writer_line(cells)


def test_dates_coordinates_and_multi_values() -> None:
    day = dt.date(2022, 12, 7)
    assert format_date(day, DateStyle.ISO) == "2022-12-07"
    assert format_date(day, DateStyle.LEGACY) == "07 December 2022"
    assert format_coordinate(3.27519) == "3.2752"
    assert format_coordinate(-0.00004) == "0.0000"
    assert format_coordinate(-45.86444) == "-45.8644"
    assert format_coordinate(None) == ""
    assert normalise_multi("a;b ;  c;;") == "a; b; c"
    assert normalise_multi("Teachers (Nigeria)") == "Teachers (Nigeria)"


# ---------------------------------------------------------------- the row builder

BASE: dict[str, Any] = {
    "event_id_cnty": "NGA7",
    "event_date": "2024-03-02",
    "time_precision": 1,
    "event_type": "Battles",
    "sub_event_type": "Armed clash",
    "actor1": "Military Forces of Nigeria (2023-)",
    "assoc_actor_1": "",
    "inter1": 1,
    "actor2": "Boko Haram",
    "assoc_actor_2": "",
    "inter2": 2,
    "civilian_targeting": 0,
    "country": "Nigeria",
    "admin1": "Borno",
    "admin2": "Maiduguri",
    "admin3": "",
    "location": "Maiduguri",
    "latitude": 11.8333,
    "longitude": 13.15,
    "geo_precision": 1,
    "source": "Vanguard",
    "source_scale": "National",
    "notes": "Soldiers clashed with Boko Haram.",
    "fatalities": None,
    "tags": "",
}


def _row(**changes: Any) -> tuple[Any, ...]:
    values = {**BASE, **changes}
    return (*values.values(), 1, "gold")


def _cells(builder: AcledRowBuilder, row: tuple[Any, ...]) -> list[str]:
    lines, bad = builder.build([row])
    assert not bad, bad
    return next(csv.reader(io.StringIO(lines[0], newline="")))


def test_builder_derives_acled_columns(codebook: Any) -> None:
    b = AcledRowBuilder(codebook, AcledCsvOptions(timestamp=1700000000))
    cells = dict(zip(b.header, _cells(b, _row()), strict=True))
    assert cells["year"] == "2024" and cells["disorder_type"] == "Political violence"
    assert (cells["inter1"], cells["inter2"], cells["interaction"]) == (
        "State forces",
        "Rebel group",
        "State forces-Rebel group",
    )
    assert (cells["iso"], cells["region"]) == ("566", "Western Africa")
    assert (cells["latitude"], cells["longitude"]) == ("11.8333", "13.1500")
    assert cells["fatalities"] == "0" and cells["timestamp"] == "1700000000"
    assert cells["civilian_targeting"] == ""


def test_builder_numeric_inter_writes_zero_for_no_actor2(codebook: Any) -> None:
    b = AcledRowBuilder(codebook, AcledCsvOptions(inter_style=InterStyle.NUMERIC, date_style=DateStyle.LEGACY))
    row = _row(
        event_type="Protests",
        sub_event_type="Peaceful protest",
        actor1="Protesters (Nigeria)",
        inter1=6,
        actor2="",
        inter2=None,
        event_date=dt.date(2024, 3, 2),
    )
    cells = dict(zip(b.header, _cells(b, row), strict=True))
    assert (cells["inter1"], cells["inter2"], cells["interaction"]) == ("6", "0", "60")
    assert cells["event_date"] == "02 March 2024"


def test_builder_accepts_postgres_types(codebook: Any) -> None:
    b = AcledRowBuilder(codebook, AcledCsvOptions())
    cells = dict(
        zip(
            b.header,
            _cells(
                b,
                _row(
                    event_date=dt.date(2024, 1, 5),
                    civilian_targeting=True,
                    event_type="Violence against civilians",
                    sub_event_type="Attack",
                    actor2="Civilians (Nigeria)",
                    inter2=7,
                ),
            ),
            strict=True,
        )
    )
    assert cells["event_date"] == "2024-01-05" and cells["civilian_targeting"] == "Civilian targeting"
    assert cells["interaction"] == "State forces-Civilians"


def test_builder_neutralises_every_free_text_column(codebook: Any) -> None:
    text_columns = [
        "actor1",
        "assoc_actor_1",
        "actor2",
        "assoc_actor_2",
        "admin1",
        "admin2",
        "admin3",
        "location",
        "source",
        "source_scale",
        "notes",
        "tags",
    ]
    row = _row(**{c: f' =evil({c}), "x"' for c in text_columns})
    safe = AcledRowBuilder(codebook, AcledCsvOptions(coder_column=True))
    cells = dict(zip(safe.header, _cells(safe, (*row[:-1], "@coder")), strict=True))
    for column in [*text_columns, "coder"]:
        assert cells[column].startswith("'"), column
    raw = AcledRowBuilder(codebook, AcledCsvOptions(neutralise_formulas=False))
    cells = dict(zip(raw.header, _cells(raw, row), strict=True))
    assert cells["notes"] == ' =evil(notes), "x"'


def test_builder_output_equals_csv_writer_output(codebook: Any) -> None:
    b = AcledRowBuilder(codebook, AcledCsvOptions(timestamp=5))
    row = _row(
        notes='He said "go", then\nleft.',
        actor2='Boko "Haram", faction',
        assoc_actor_1="a;b",
        location="Maiduguri\r\nCentre",
    )
    line = b.build([row])[0][0]
    assert line == _csv_writer_line(_cells(b, row))
    assert header_line(b.options) == _csv_writer_line(list(b.header))


_CHOICES: dict[str, list[Any]] = {
    "event_date": ["2024-03-02", None],
    "time_precision": [1, 2, 3, None],
    "event_type": ["Battles", "Protests", "Violence against civilians", "", "Bogus"],
    "sub_event_type": ["Armed clash", "Peaceful protest", "Attack", "", "Bogus"],
    "actor1": ["Army", ""],
    "inter1": [1, 7, None],
    "actor2": ["Civilians", ""],
    "inter2": [2, 7, None],
    "country": ["Nigeria", "", "Atlantis"],
    "geo_precision": [1, 3, None],
    "latitude": [11.8, None, 95.0],
    "longitude": [13.1, -181.0],
}


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.fixed_dictionaries({k: st.sampled_from(v) for k, v in _CHOICES.items()}))
def test_quick_validity_test_agrees_with_the_full_diagnosis(codebook: Any, changes: dict[str, Any]) -> None:
    b = AcledRowBuilder(codebook, AcledCsvOptions())
    row = _row(**changes)
    lines, bad = b.build([row])
    problems = b.diagnose(row)
    assert bool(lines) == (not problems)
    assert [p for _, p in bad] == ([problems] if problems else [])


def test_every_stored_field_lands_in_its_own_column(codebook: Any) -> None:
    """The builder reads raw rows by position: each field of the definitions comes out in its column."""
    assert tuple(BASE) == SOURCE_FIELDS == EVENT_FIELD_NAMES
    free_text = {
        f.name: f"{f.name} value" for f in EVENT_FIELDS if f.type is ValueType.TEXT and not f.picker and not f.unique
    }
    numbers = {"time_precision": 2, "geo_precision": 3, "inter1": 3, "inter2": 5, "fatalities": 7}
    row = _row(**free_text, **numbers, latitude=1.5, longitude=-2.25, civilian_targeting=1, event_id_cnty="NGA9")
    b = AcledRowBuilder(codebook, AcledCsvOptions(inter_style=InterStyle.NUMERIC))
    cells = dict(zip(b.header, _cells(b, row), strict=True))
    assert {name: cells[name] for name in EVENT_FIELD_NAMES} == {
        **{name: str(BASE[name]) for name in ("event_date", "event_type", "sub_event_type", "country")},
        **free_text,
        **{name: str(value) for name, value in numbers.items()},
        "latitude": "1.5000",
        "longitude": "-2.2500",
        "civilian_targeting": "Civilian targeting",
        "event_id_cnty": "NGA9",
        "source_scale": "National",
    }
