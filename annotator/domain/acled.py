"""ACLED's column layout and the rules that derive fields from others.

Facts from ACLED's codebook (layout since 20 March 2023). The type tables themselves (sub-event
types, actor-type labels, countries) live in the codebook file, so a project can edit them; the
columns themselves are defined in :mod:`annotator.domain.fields`; this module holds the rules that
do not depend on a table.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from annotator.domain.fields import ACLED_FIELDS

# ACLED's export columns in order: the field definitions name them (see annotator.domain.fields).
COLUMNS: tuple[str, ...] = tuple(f.csv_column for f in ACLED_FIELDS)

CIVILIAN_TARGETING = "Civilian targeting"

PRECISION_CODES: tuple[int, ...] = (1, 2, 3)

_EVENT_ID = re.compile(r"^([A-Z]{3})(\d+)$")


def interaction_code(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's interaction: the two codes, smaller first (10*min + max); 0 as second digit if one-sided."""
    if inter1 is None and inter2 is None:
        return None
    if inter1 is None or inter2 is None:
        only = inter1 if inter1 is not None else inter2
        assert only is not None
        return only * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


def interaction_text(code: int | None, labels: Mapping[int, str]) -> str:
    """The text form of an interaction code, as current ACLED files write it."""
    if code is None:
        return ""
    first, second = divmod(code, 10)
    if second == 0:
        return f"{labels[first]} only"
    if (first, second) == (7, 8):
        # The one pair ACLED's list writes with the higher code first.
        return f"{labels[8]}-{labels[7]}"
    return f"{labels[first]}-{labels[second]}"


ACTOR_TYPE_CODES: tuple[int, ...] = (1, 2, 3, 4, 5, 6, 7, 8)

VALID_INTERACTIONS: tuple[int, ...] = tuple(
    sorted({interaction_code(a, b) or 0 for a in ACTOR_TYPE_CODES for b in (*ACTOR_TYPE_CODES, None)})
)


def year_of(event_date: dt.date | None) -> int | None:
    return event_date.year if event_date else None


def parse_event_id(event_id: str) -> tuple[str, int]:
    """Split an event_id_cnty such as 'SYR1204' into ('SYR', 1204)."""
    m = _EVENT_ID.match(event_id)
    if not m:
        raise ValueError(f"'{event_id}' is not an ACLED event id (three capital letters and a number)")
    return m.group(1), int(m.group(2))


def format_event_id(iso3: str, number: int) -> str:
    return f"{iso3}{number}"
