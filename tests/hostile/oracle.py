"""The fuzz test's oracle: which values each slot of an article takes, written from the README's
interchange format and issue 14, apart from the code under test (annotator.domain.input_contract).

A value is described by what a JSON reader gives: None, bool, int, float, str, list, dict, or
``Bad`` (NaN, ±Infinity, an overflowing float, or a number literal of more than 40 characters).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

INT4 = (-(2**31), 2**31 - 1)

# Refused in any text: C0 controls but tab, LF, CR, FF; lone surrogates.
BAD_TEXT = re.compile("[\x00-\x08\x0b\x0e-\x1f\ud800-\udfff]")
# Refused in one-line values (ids, names, codes): every C0 control, and lone surrogates.
BAD_LINE = re.compile("[\x00-\x1f\ud800-\udfff]")


class Bad:
    """A number the contract refuses wherever it stands."""

    def __init__(self, literal: str) -> None:
        self.literal = literal


def _number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def text(v: Any, *, limit: int | None = None, one_line: bool = False) -> bool:
    """Free text: null, a string, or a (finite) number written as text."""
    if v is None:
        return True
    if _number(v):
        s = str(v)
    elif isinstance(v, str):
        s = v
    else:
        return False
    if (BAD_LINE if one_line else BAD_TEXT).search(s):
        return False
    return limit is None or len(s) <= limit


def article_id(v: Any) -> bool:
    if isinstance(v, str):
        s = v.strip()
        return bool(s) and not BAD_LINE.search(s) and len(s) <= 300
    return isinstance(v, int) and not isinstance(v, bool)


def key(limit: int) -> Callable[[Any], bool]:
    """A span's or event's id: missing, null or "" is the default one."""

    def check(v: Any) -> bool:
        if v is None or v == "":
            return True
        if isinstance(v, str):
            s = v.strip()
            return bool(s) and not BAD_LINE.search(s) and len(s) <= limit
        return isinstance(v, int) and not isinstance(v, bool)

    return check


def coder(v: Any) -> bool:
    return isinstance(v, str) and bool(v.strip()) and not BAD_LINE.search(v.strip()) and len(v.strip()) <= 200


def choice(*words: str) -> Callable[[Any], bool]:
    def check(v: Any) -> bool:
        if v is None:
            return True
        return isinstance(v, str) and v.strip().lower().replace(" ", "_").replace("-", "_") in words

    return check


def a_list(v: Any) -> bool:
    return v is None or v == []  # the fuzz only puts an empty list where a list belongs


def an_object(v: Any) -> bool:
    return v is None or v == {}


def meta_value(v: Any, depth: int = 0) -> bool:
    if depth > 64:
        return False
    if v is None or isinstance(v, bool):
        return True
    if isinstance(v, Bad):
        return False
    if isinstance(v, int):
        return -(2**63) <= v < 2**63
    if isinstance(v, float):
        return math.isfinite(v)
    if isinstance(v, str):
        return not BAD_TEXT.search(v)
    if isinstance(v, list):
        return all(meta_value(x, depth + 1) for x in v)
    if isinstance(v, dict):
        return all(not BAD_LINE.search(k) and meta_value(x, depth + 1) for k, x in v.items())
    return False


_NUMBER_TEXT = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)


def whole(low: int, high: int) -> Callable[[Any], bool]:
    """A whole number in [low, high]: a JSON number (integral) or its text; null or "" is none."""

    def check(v: Any) -> bool:
        if v is None or v == "":
            return True
        if isinstance(v, str):
            v = v.strip()
            if not v:
                return True
            if len(v) > 40 or not _NUMBER_TEXT.fullmatch(v):
                return False
            v = int(v) if v.lstrip("+-").isdigit() else float(v)
        if not _number(v):
            return False
        if isinstance(v, float) and not (math.isfinite(v) and v.is_integer()):
            return False
        return low <= v <= high and INT4[0] <= v <= INT4[1]

    return check


def real(low: float, high: float) -> Callable[[Any], bool]:
    def check(v: Any) -> bool:
        if v is None or v == "":
            return True
        if isinstance(v, str):
            v = v.strip()
            if not v:
                return True
            if len(v) > 40 or not _NUMBER_TEXT.fullmatch(v):
                return False
            v = float(v)
        return _number(v) and math.isfinite(v) and low <= v <= high

    return check


def one_of(*values: Any) -> Callable[[Any], bool]:
    return lambda v: any(type(v) is type(x) and v == x for x in values)


def published(v: Any) -> bool:
    return v is None or v == "" or (isinstance(v, str) and v.strip() in ("2024-06-12", "2024-02-29"))


def never(v: Any) -> bool:
    return False
