"""The input contract: what every reader (JSONL, CSV, TXT and the ones to come) accepts, and how it says no.

A file from outside is hostile until checked. Every value is checked here for its JSON type, its
range and its length before it reaches the models or the database, so that:

* a wrong file is refused with an ``InputError`` naming the field (the reader adds file and line),
  never a traceback and never a silent guess ("not given" is only a missing key or ``null``);
* the same file gives the same answer on SQLite and PostgreSQL: lengths are the schema's limits
  (read from the models, which a test holds equal to the tables), whole numbers fit PostgreSQL's
  ``integer``, and NUL, lone surrogates and control characters never reach either database;
* JSON is parsed with bounds (line length, nesting depth, digits of a number), so the parser
  itself cannot raise ``ValueError``, ``RecursionError`` or ``OverflowError``;
* messages quote at most ``errors.QUOTE_LIMIT`` characters of a value.

The one rule of cleaning: article text (and the other multi-line text) keeps tab, line breaks and
form feed; every other C0 control character, NUL included, is refused, like lone surrogates.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from typing import Any, Final, TypeVar

from pydantic import BaseModel

from annotator.domain.errors import InputError, clip

# Whole numbers are stored in 32-bit integer columns on PostgreSQL: the narrower of the two backends.
INT_MIN: Final = -(2**31)
INT_MAX: Final = 2**31 - 1
# Longest number literal read at all: longer ones are refused before Python converts them.
MAX_NUMBER_CHARS: Final = 40
# JSON objects and arrays nested deeper than this are refused before the parser recurses.
MAX_DEPTH: Final = 64
# One JSONL line (one article with its annotations), in characters (and in bytes as read).
MAX_LINE_CHARS: Final = 64 * 1024 * 1024

# Characters refused in any text: NUL and the other C0 controls except tab, LF, CR and form feed;
# lone surrogates (valid in JSON escapes, but not text, and unencodable as UTF-8).
_BAD_IN_TEXT = re.compile("[\x00-\x08\x0b\x0e-\x1f\ud800-\udfff]")
# In one-line values (ids, names, codes) line breaks, tabs and form feeds are refused too.
_BAD_IN_LINE = re.compile("[\x00-\x1f\ud800-\udfff]")

# A number written as text, in plain ASCII decimal notation.
_NUMBER_TEXT = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)

T = TypeVar("T")


def max_length(model: type[BaseModel], name: str) -> int | None:
    """The schema's length limit of a model field (``Field(max_length=...)``), or None."""
    for item in model.model_fields[name].metadata:
        limit = getattr(item, "max_length", None)  # pydantic keeps it as annotated_types.MaxLen
        if isinstance(limit, int):
            return limit
    return None


# ---------------------------------------------------------------------------- JSON with bounds


class BadNumber:
    """A number the contract will not hold: NaN, ±Infinity, one that overflows a float, or one
    written with more than MAX_NUMBER_CHARS characters. The parser returns it in place of the value,
    so that the check of the field it sits in can name that field."""

    __slots__ = ("literal",)

    def __init__(self, literal: str) -> None:
        self.literal = literal

    def __repr__(self) -> str:
        return clip(self.literal)


def _parse_int(literal: str) -> int | BadNumber:
    if len(literal) > MAX_NUMBER_CHARS:
        return BadNumber(literal)
    return int(literal)


def _parse_float(literal: str) -> float | BadNumber:
    if len(literal) > MAX_NUMBER_CHARS:
        return BadNumber(literal)
    value = float(literal)
    return value if math.isfinite(value) else BadNumber(literal)


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise InputError("appears twice in one object (a JSON key must be unique)", field=key)
        result[key] = value
    return result


_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)


def _depth(line: str) -> int:
    """How deep arrays and objects nest in ``line`` (brackets inside strings do not count)."""
    deepest = depth = 0
    for ch in _STRING.sub("", line):
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def parse_json(line: str) -> Any:
    """One JSON value from one line of input, within the contract's bounds. Raises InputError."""
    if len(line) > MAX_LINE_CHARS:
        raise InputError(f"the line is longer than {MAX_LINE_CHARS:,} characters")
    # Counting brackets is cheap; only a line with many of them needs the exact depth.
    if line.count("[") + line.count("{") > MAX_DEPTH and _depth(line) > MAX_DEPTH:
        raise InputError(f"JSON nested more than {MAX_DEPTH} levels deep")
    try:
        return json.loads(
            line,
            parse_int=_parse_int,
            parse_float=_parse_float,
            parse_constant=BadNumber,
            object_pairs_hook=_object,
        )
    except json.JSONDecodeError as exc:
        raise InputError(f"is not valid JSON: {exc.msg} (column {exc.colno})") from None
    except RecursionError:  # a bound above the depth check's, should the interpreter's be lower
        raise InputError("JSON nested too deep") from None


# ---------------------------------------------------------------------------- values


def describe_value(value: object) -> str:
    if isinstance(value, BadNumber):
        return f"the number {value!r}, which is not finite or too long"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"{'true' if value else 'false'} (a boolean)"
    if isinstance(value, str):
        return f"the text {clip(value)}"
    if isinstance(value, int | float):
        return f"the number {clip(str(value))}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return type(value).__name__


def bad_character(text: str, *, one_line: bool = False) -> int | None:
    """The index of the first character the contract refuses in ``text``, or None."""
    found = (_BAD_IN_LINE if one_line else _BAD_IN_TEXT).search(text)
    return found.start() if found else None


def describe_character(ch: str) -> str:
    code = ord(ch)
    if code == 0:
        return "a NUL character (U+0000)"
    if 0xD800 <= code <= 0xDFFF:
        return f"a lone surrogate (U+{code:04X}), which is not a character"
    if ch in "\t\n\r\x0c":
        return f"a line break or tab (U+{code:04X})"
    return f"a control character (U+{code:04X})"


def check_characters(text: str, field: str | None, *, one_line: bool = False) -> str:
    index = bad_character(text, one_line=one_line)
    if index is not None:
        where = f" at character {index + 1}" if len(text) > 1 else ""
        raise InputError(f"holds {describe_character(text[index])}{where}", field=field)
    return text


def check_length(text: str, field: str | None, limit: int | None) -> str:
    if limit is not None and len(text) > limit:
        raise InputError(f"is {len(text):,} characters long; at most {limit} are allowed ({clip(text)})", field=field)
    return text


def check_text(
    value: object, field: str, *, limit: int | None = None, one_line: bool = False, numbers: bool = True
) -> str:
    """Text: a string (or, where ``numbers``, a whole or finite number written as text); null is ""."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = value
    elif numbers and isinstance(value, int | float) and not isinstance(value, bool):
        text = str(value)
    else:
        raise InputError(f"expected text, got {describe_value(value)}", field=field)
    check_characters(text, field, one_line=one_line)
    return check_length(text, field, limit)


def check_id(value: object, field: str, *, limit: int | None) -> str:
    """An id: non-blank text on one line, or a whole number; never a boolean, fraction, list or object."""
    if isinstance(value, str):
        text = value.strip()
        if not text:
            raise InputError("an id cannot be blank", field=field)
    elif isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
    else:
        raise InputError(f"an id must be text or a whole number, got {describe_value(value)}", field=field)
    check_characters(text, field, one_line=True)
    return check_length(text, field, limit)


def check_choice(value: object, field: str, parse: Callable[[str], T], default: T, allowed: str) -> T:
    """One of a fixed set of words, given as text; a missing key or null is ``default``."""
    if value is None:
        return default
    if not isinstance(value, str):
        raise InputError(f"must be one of {allowed}, got {describe_value(value)}", field=field)
    try:
        return parse(value)
    except ValueError:
        raise InputError(f"{clip(value)} is not one of {allowed}", field=field) from None


def check_list(value: object, field: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError(f"must be a list, got {describe_value(value)}", field=field)
    return value


def check_object(value: object, field: str, what: str = "an object") -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InputError(f"must be {what}, got {describe_value(value)}", field=field)
    return value


def check_keys(data: Mapping[str, Any], allowed: tuple[str, ...], field: str | None) -> None:
    """Unknown keys are refused at every level, naming the first."""
    for key in data:
        if key not in allowed:
            where = f"{field}.{key}" if field else key
            raise InputError(f"unknown key (allowed: {', '.join(allowed)})", field=where)


def check_int(value: object, field: str, *, low: int = INT_MIN, high: int = INT_MAX) -> int:
    """A whole number within [low, high] (by default what PostgreSQL's integer holds)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f"must be a whole number, got {describe_value(value)}", field=field)
    if not low <= value <= high:
        raise InputError(f"{clip(str(value))} is outside {low:,}-{high:,}", field=field)
    return value


def check_number(value: object, field: str, *, whole: bool) -> int | float | None:
    """A number of an event field, given as a JSON number or as text ("3", " 2.5 "); blank is None.

    Bounded before conversion (no digits beyond MAX_NUMBER_CHARS reach int()), finite, and a whole
    number within PostgreSQL's integer where ``whole``."""
    if value is None or value == "":
        return None
    what = "a whole number" if whole else "a number"
    if isinstance(value, bool | BadNumber) or not isinstance(value, int | float | str):
        raise InputError(f"expected {what}, got {describe_value(value)}", field=field)
    if isinstance(value, str):
        literal = value.strip()
        if not literal:
            return None
        if len(literal) > MAX_NUMBER_CHARS:
            raise InputError(f"{clip(literal)} is not {what}", field=field)
        if not _NUMBER_TEXT.fullmatch(literal):  # float() would also take "1_000", "nan" and "٣"
            raise InputError(f"{clip(literal)} is not {what}", field=field)
        number: int | float = int(literal) if whole and literal.lstrip("+-").isdigit() else float(literal)
    else:
        number = value
    if isinstance(number, float):
        if not math.isfinite(number):
            raise InputError(f"{clip(str(value))} is not a finite number", field=field)
        if whole:
            if not number.is_integer():
                raise InputError(f"{clip(str(value))} is not a whole number", field=field)
            if not INT_MIN <= number <= INT_MAX:
                raise InputError(f"{clip(str(value))} is outside {INT_MIN:,}-{INT_MAX:,}", field=field)
            number = int(number)
    if whole:
        return check_int(number, field)
    return float(number)


def check_json_value(value: object, field: str, depth: int = 0) -> Any:
    """A free-form JSON value (an article's meta): any depth up to MAX_DEPTH, finite numbers,
    whole numbers as SQLite and PostgreSQL JSON both keep them exactly, clean strings and keys."""
    if depth > MAX_DEPTH:
        raise InputError(f"nested more than {MAX_DEPTH} levels deep", field=field)
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        return check_characters(value, field)
    if isinstance(value, int):
        if not -(2**63) <= value < 2**63:
            raise InputError(f"the number {clip(str(value))} is too large", field=field)
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InputError(f"{value} is not a finite number", field=field)
        return value
    if isinstance(value, list):
        return [check_json_value(item, f"{field}[{i}]", depth + 1) for i, item in enumerate(value)]
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise InputError("keys must be text", field=field)
            check_characters(key, f"{field}.{key}", one_line=True)
            out[key] = check_json_value(item, f"{field}.{key}", depth + 1)
        return out
    raise InputError(f"is not a JSON value: {describe_value(value)}", field=field)


__all__ = [
    "INT_MAX",
    "INT_MIN",
    "MAX_DEPTH",
    "MAX_LINE_CHARS",
    "MAX_NUMBER_CHARS",
    "BadNumber",
    "bad_character",
    "check_characters",
    "check_choice",
    "check_id",
    "check_int",
    "check_json_value",
    "check_keys",
    "check_length",
    "check_list",
    "check_number",
    "check_object",
    "check_text",
    "describe_character",
    "describe_value",
    "max_length",
    "parse_json",
]
