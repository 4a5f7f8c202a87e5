"""The input contract's bounds, at their edges, and its limits held equal to the database's."""

from __future__ import annotations

import json

import pytest

from annotator.domain import input_contract as contract
from annotator.domain.errors import InputError
from annotator.domain.models import AnnotationSet, Article, Event, EventFields, Span
from annotator.store.tables import articles_t, coders_t, events_t, spans_t


@pytest.mark.parametrize(
    ("model", "name", "column", "limit"),
    [
        (Article, "external_id", articles_t.c.external_id, 300),
        (Article, "language", articles_t.c.language, 35),
        (AnnotationSet, "coder", coders_t.c.name, 200),
        (Span, "key", spans_t.c.key, 100),
        (Span, "label", spans_t.c.label, 100),
        (Event, "key", events_t.c.key, 100),
        (EventFields, "event_id_cnty", events_t.c.event_id_cnty, 20),
    ],
)
def test_the_contracts_lengths_are_the_schemas(model, name, column, limit) -> None:  # type: ignore[no-untyped-def]
    assert contract.max_length(model, name) == column.type.length == limit


def test_nesting_is_bounded_before_the_parser_recurses() -> None:
    at_limit = "[" * contract.MAX_DEPTH + "]" * contract.MAX_DEPTH
    assert contract.parse_json(at_limit) is not None
    with pytest.raises(InputError, match="nested more than 64"):
        contract.parse_json("[" + at_limit + "]")
    with pytest.raises(InputError, match="nested more than 64"):
        contract.parse_json("[" * 100_000)
    # Brackets inside strings are text, not nesting.
    assert contract.parse_json(json.dumps({"a": "[" * 1000})) == {"a": "[" * 1000}


def test_numbers_are_bounded_before_they_are_converted() -> None:
    forty = "9" * 40
    assert contract.parse_json(forty) == int(forty)
    assert isinstance(contract.parse_json("9" * 41), contract.BadNumber)
    assert isinstance(contract.parse_json("9" * 100_000), contract.BadNumber)  # no ValueError from int()
    for literal in ("NaN", "Infinity", "-Infinity", "1e999", "-1e999"):
        assert isinstance(contract.parse_json(literal), contract.BadNumber), literal
    assert contract.parse_json("1e308") == 1e308


def test_whole_numbers_fit_postgresqls_integer() -> None:
    assert contract.check_number(2**31 - 1, "f", whole=True) == 2**31 - 1
    assert contract.check_number("-2147483648", "f", whole=True) == -(2**31)
    for value in (2**31, 1e30, "2147483648", -(2**31) - 1):
        with pytest.raises(InputError, match="outside"):
            contract.check_number(value, "f", whole=True)


def test_duplicate_keys_are_refused_at_any_depth() -> None:
    with pytest.raises(InputError) as caught:
        contract.parse_json('{"a": {"b": 1, "b": 2}}')
    assert caught.value.field == "b"


@pytest.mark.parametrize("ch", ["\x00", "\x01", "\x08", "\x0b", "\x1b", "\x1f", "\ud800", "\udfff"])
def test_refused_characters(ch: str) -> None:
    with pytest.raises(InputError):
        contract.check_text(f"a{ch}b", "title")


@pytest.mark.parametrize("ch", ["\t", "\n", "\r", "\x0c", "\x7f", "\u200f", "\U0001f600"])
def test_kept_characters_in_text_but_not_in_ids(ch: str) -> None:
    assert contract.check_text(f"a{ch}b", "title") == f"a{ch}b"
    if ch in "\t\n\r\x0c":
        with pytest.raises(InputError, match="line break or tab"):
            contract.check_id(f"a{ch}b", "id", limit=None)


def test_messages_quote_at_most_80_characters() -> None:
    with pytest.raises(InputError) as caught:
        contract.check_text("x" * 100_000, "language", limit=35)
    message = str(caught.value)
    assert "100,000 characters" in message and len(message) < 200
    with pytest.raises(InputError) as caught:
        contract.check_keys({"k" * 10_000 + "\n": 1}, ("id",), "meta")
    message = str(caught.value)
    assert "\n" not in message and len(message) < 200
