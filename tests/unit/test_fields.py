"""The field definitions: the model and the table match them exactly, and they agree with themselves."""

from __future__ import annotations

import datetime as dt
from typing import Any, get_args

import annotated_types
import pytest
from sqlalchemy import Boolean, CheckConstraint, Date, Float, Integer, String, TypeDecorator

from annotator.domain import acled
from annotator.domain.fields import (
    ACLED_FIELDS,
    DEFAULT_FIELD_GROUPS,
    DERIVED_NAMES,
    EVENT_FIELD_NAMES,
    EVENT_FIELDS,
    FIELDS,
    MULTI_VALUED,
    TYPED_FIELDS,
    Choices,
    FieldDef,
    Level,
    SpanFill,
    ValueType,
    fill_field,
)
from annotator.domain.models import EventFields
from annotator.store.tables import events_t

_PYTHON_TYPES: dict[ValueType, type] = {
    ValueType.TEXT: str,
    ValueType.INT: int,
    ValueType.FLOAT: float,
    ValueType.BOOL: bool,
    ValueType.DATE: dt.date,
}
_SQL_TYPES: dict[ValueType, type] = {
    ValueType.TEXT: String,
    ValueType.INT: Integer,
    ValueType.FLOAT: Float,
    ValueType.BOOL: Boolean,
    ValueType.DATE: Date,
}


def _bounds_of_model(name: str) -> tuple[Any, Any, Any]:
    """(minimum, maximum, max_length) as the pydantic field declares them."""
    low = high = length = None
    for m in EventFields.model_fields[name].metadata:
        if isinstance(m, annotated_types.Ge):
            low = m.ge
        elif isinstance(m, annotated_types.Le):
            high = m.le
        elif isinstance(m, annotated_types.MaxLen):
            length = m.max_length
        else:
            raise AssertionError(f"{name}: a constraint the definitions do not know: {m!r}")
    return low, high, length


def _check_text(f: FieldDef) -> str | None:
    """The CHECK constraint the table must have for a field's bounds."""
    if f.minimum is not None and f.maximum is not None:
        return f"{f.name} IS NULL OR {f.name} BETWEEN {f.minimum} AND {f.maximum}"
    if f.minimum is not None:
        return f"{f.name} IS NULL OR {f.name} >= {f.minimum}"
    assert f.maximum is None
    return None


# ---------------------------------------------------------------- the model and the table


def test_event_fields_model_matches_the_definitions_exactly() -> None:
    assert tuple(EventFields.model_fields) == EVENT_FIELD_NAMES
    for f in EVENT_FIELDS:
        info = EventFields.model_fields[f.name]
        wanted = _PYTHON_TYPES[f.type]
        optional = f.type in (ValueType.INT, ValueType.FLOAT, ValueType.DATE)
        if optional:
            assert set(get_args(info.annotation)) == {wanted, type(None)}, f.name
        else:
            assert info.annotation is wanted, f.name
        assert info.default == f.empty and type(info.default) is type(f.empty), f.name
        assert _bounds_of_model(f.name) == (f.minimum, f.maximum, f.max_length), f.name


def test_event_fields_model_enforces_the_bounds() -> None:
    for f in EVENT_FIELDS:
        for outside in (
            *(() if f.minimum is None else (f.minimum - 1,)),
            *(() if f.maximum is None else (f.maximum + 1,)),
        ):
            with pytest.raises(ValueError, match=f.name):
                EventFields(**{f.name: outside})
        if f.minimum is not None:
            assert getattr(EventFields(**{f.name: f.minimum}), f.name) == f.minimum
    with pytest.raises(ValueError, match="event_id_cnty"):
        EventFields(event_id_cnty="SYR" + "1" * 18)  # 21 characters: longer than the column


def test_events_table_matches_the_definitions_exactly() -> None:
    table = events_t
    columns = [c.name for c in table.columns]
    assert [c for c in columns if c in FIELDS] == list(EVENT_FIELD_NAMES)
    assert not DERIVED_NAMES & set(columns)  # derived columns are computed, never stored
    # "version": the row version every mutable row carries (issue 12, optimistic concurrency).
    assert set(columns) - set(EVENT_FIELD_NAMES) == {"id", "set_id", "key", "position", "updated_at", "version"}
    for f in EVENT_FIELDS:
        column = table.c[f.name]
        sql_type = column.type.impl if isinstance(column.type, TypeDecorator) else column.type
        assert isinstance(sql_type, _SQL_TYPES[f.type]) and sql_type.python_type is _PYTHON_TYPES[f.type], f.name
        assert column.nullable is f.nullable, f.name
        assert getattr(column.type, "length", None) == f.max_length, f.name
        assert bool(column.unique) is f.unique, f.name
    checks = {
        str(c.name).removeprefix("ck_events_"): str(c.sqltext)
        for c in table.constraints
        if isinstance(c, CheckConstraint)
    }
    expected = {f.name: text for f in EVENT_FIELDS if (text := _check_text(f)) is not None}
    assert checks == expected


# ---------------------------------------------------------------- the definitions themselves


def test_acled_layout_and_derived_columns() -> None:
    assert tuple(f.name for f in ACLED_FIELDS) == acled.COLUMNS and len(ACLED_FIELDS) == 31
    assert {"year", "disorder_type", "interaction", "iso", "region", "timestamp"} == DERIVED_NAMES
    assert len(EVENT_FIELDS) == 25 and EVENT_FIELD_NAMES[0] == "event_id_cnty"
    assert all(f.csv_column == f.name for f in ACLED_FIELDS)
    assert {"assoc_actor_1", "assoc_actor_2", "source", "tags"} == MULTI_VALUED


def test_levels_of_measurement_for_agreement() -> None:
    levels = {f.name: f.level for f in ACLED_FIELDS}
    for name in ("event_type", "sub_event_type", "actor1", "actor2", "inter1", "country", "admin1", "admin3"):
        assert levels[name] is Level.NOMINAL, name
    for name in ("location", "interaction", "source_scale", "disorder_type"):
        assert levels[name] is Level.NOMINAL, name
    assert levels["time_precision"] is levels["geo_precision"] is Level.ORDINAL
    assert levels["fatalities"] is levels["event_date"] is Level.INTERVAL
    assert levels["latitude"] is levels["longitude"] is Level.COORDINATE
    assert levels["event_id_cnty"] is levels["notes"] is levels["timestamp"] is None


def test_span_fill_follows_multi_valued_and_spares_coded_fields() -> None:
    for f in EVENT_FIELDS:
        if f.multi_valued:
            assert f.span_fill is SpanFill.APPEND, f.name
        elif f.from_span:
            assert f.span_fill is SpanFill.REPLACE, f.name
    not_from_span = {f.name for f in ACLED_FIELDS if f.span_fill is SpanFill.NONE}
    coded = {"event_id_cnty", "time_precision", "event_type", "sub_event_type", "inter1", "inter2"}
    coded |= {"civilian_targeting", "latitude", "longitude", "geo_precision", "source_scale"}
    assert not_from_span == coded | DERIVED_NAMES


def test_brat_names() -> None:
    for f in ACLED_FIELDS:
        if f.derived:
            assert f.brat_role is None and f.brat_attribute is None and f.brat_note is None, f.name
            continue
        assert f.brat_role and not f.brat_role[-1].isdigit(), f.name  # brat reads trailing digits
        assert (f.brat_attribute is None) is (f.brat_note == f.name), f.name
    roles = [f.brat_role for f in EVENT_FIELDS]
    assert len(set(roles)) == len(roles)
    attributes = {f.name: f.brat_attribute for f in EVENT_FIELDS if f.brat_attribute}
    assert attributes == {
        "time_precision": "Time_precision",
        "civilian_targeting": "Civilian_targeting",
        "geo_precision": "Geo_precision",
    }


def test_form_captions_pickers_typing_and_groups() -> None:
    captions = [f.caption for f in ACLED_FIELDS]
    assert all(captions) and len(set(captions)) == len(captions)
    pickers = {f.name for f in EVENT_FIELDS if f.picker}
    assert pickers == {
        "time_precision", "geo_precision", "event_type", "sub_event_type", "inter1", "inter2", "source_scale", "country"
    }  # fmt: skip
    assert all(FIELDS[n].choices is not None for n in pickers)
    assert {f.name for f in EVENT_FIELDS if f.choices is Choices.ACTORS} == {
        "actor1", "actor2", "assoc_actor_1", "assoc_actor_2"
    }  # fmt: skip
    assert not TYPED_FIELDS & pickers  # a picker is chosen, not typed
    assert {"actor1", "notes", "fatalities", "event_date", "latitude"} <= TYPED_FIELDS
    grouped = [name for _, names in DEFAULT_FIELD_GROUPS for name in names]
    assert sorted(grouped) == sorted(EVENT_FIELD_NAMES)  # every event field exactly once


def test_companion_fields_exist() -> None:
    for f in EVENT_FIELDS:
        for companion in (f.precision_field, f.type_field):
            assert companion is None or companion in EVENT_FIELD_NAMES, f.name
    assert (FIELDS["actor1"].type_field, FIELDS["actor2"].type_field) == ("inter1", "inter2")
    assert FIELDS["event_date"].precision_field == "time_precision"


def test_definitions_are_immutable() -> None:
    with pytest.raises(AttributeError):
        FIELDS["actor1"].multi_valued = True  # type: ignore[misc]


# ---------------------------------------------------------------- the fill rule


def test_multi_valued_fields_append_new_values_only() -> None:
    for overwrite in (False, True):
        assert fill_field("assoc_actor_1", "", "Teachers", overwrite=overwrite) == {"assoc_actor_1": "Teachers"}
        assert fill_field("assoc_actor_1", "Teachers", "Students", overwrite=overwrite) == {
            "assoc_actor_1": "Teachers; Students"
        }
        assert fill_field("tags", "a; b", "b", overwrite=overwrite) == {}
        assert fill_field("source", "Reuters", "  ", overwrite=overwrite) == {}


def test_single_valued_fields_are_filled_when_empty_and_replaced_only_on_request() -> None:
    assert fill_field("actor1", "", "Police", overwrite=False) == {"actor1": "Police"}
    assert fill_field("actor1", "Army", "Police", overwrite=False) == {}
    assert fill_field("actor1", "Army", "Police", overwrite=True) == {"actor1": "Police"}
    assert fill_field("actor1", "Police", "Police", overwrite=True) == {}
    day = dt.date(2024, 6, 3)
    assert fill_field("event_date", None, day, overwrite=False) == {"event_date": day}
    assert fill_field("fatalities", 0, 4, overwrite=False) == {}  # 0 is a value a coder gave
    assert fill_field("fatalities", None, None, overwrite=True) == {}
