"""Which event fields agreement measures, at which level of measurement, and how their values compare.

Measured: every field a coder fills that holds one categorical, ordered or numeric value, plus ACLED's
derived ``interaction`` (from inter1 and inter2) and ``coordinates`` (latitude and longitude as one
point). Not measured: ``notes`` (free text is never equal twice), ``source``, ``source_scale`` and
``tags`` (bookkeeping about reports rather than about the event), ``event_id_cnty`` (assigned, not coded).

A value a coder did not give is missing: an empty text, an empty number (fatalities left empty are
missing here, even though the ACLED export writes them as 0). ``civilian_targeting`` is a check box,
so it is always given (unchecked means "no").
"""

from __future__ import annotations

from annotator.domain.fields import ACLED_FIELDS, EVENT_FIELDS, FIELDS, Level
from annotator.domain.fields import MULTI_VALUED as _ALL_MULTI_VALUED

# Fields whose definition gives a level but which agreement leaves out: they describe the reports,
# not the event, so two coders reading one article cannot disagree about the event through them.
BOOKKEEPING: frozenset[str] = frozenset({"source", "source_scale", "tags"})
# Derived columns are measured only where they combine coded fields into something coders are judged
# on: ACLED's interaction code (inter1 with inter2). Year, disorder type, ISO and region follow from
# the date, the sub-event type and the country, which are measured themselves.
DERIVED_MEASURED: frozenset[str] = frozenset({"interaction"})


def _levels() -> dict[str, Level]:
    out: dict[str, Level] = {}
    for f in ACLED_FIELDS:
        if f.level is None or f.name in BOOKKEEPING or (f.derived and f.name not in DERIVED_MEASURED):
            continue
        if f.level is Level.COORDINATE:
            out.setdefault("coordinates", Level.COORDINATE)  # latitude and longitude as one point, in km
        else:
            out[f.name] = f.level
    return out


# Measured fields (and "coordinates") with their level of measurement, in ACLED column order.
FIELD_LEVELS: dict[str, Level] = _levels()

# Multi-valued text fields that are measured: "A; B" and "B; A" are the same value.
MULTI_VALUED: frozenset[str] = frozenset(n for n in _ALL_MULTI_VALUED if n in FIELD_LEVELS)

# The stored event columns agreement reads, in this order.
EVENT_COLUMNS: tuple[str, ...] = tuple(
    f.name for f in EVENT_FIELDS if f.name in FIELD_LEVELS or (FIELDS[f.name].level is Level.COORDINATE)
)
