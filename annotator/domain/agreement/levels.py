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

from annotator.domain.agreement.alpha import Level

# TODO(fields): take the level from annotator.domain.fields once merged
FIELD_LEVELS: dict[str, Level] = {
    "event_date": Level.INTERVAL,  # as day numbers
    "time_precision": Level.ORDINAL,
    "event_type": Level.NOMINAL,
    "sub_event_type": Level.NOMINAL,
    "actor1": Level.NOMINAL,
    "assoc_actor_1": Level.NOMINAL,
    "inter1": Level.NOMINAL,
    "actor2": Level.NOMINAL,
    "assoc_actor_2": Level.NOMINAL,
    "inter2": Level.NOMINAL,
    "interaction": Level.NOMINAL,
    "civilian_targeting": Level.NOMINAL,
    "country": Level.NOMINAL,
    "admin1": Level.NOMINAL,
    "admin2": Level.NOMINAL,
    "admin3": Level.NOMINAL,
    "location": Level.NOMINAL,
    "coordinates": Level.COORDINATES,  # latitude and longitude together, distance in km
    "geo_precision": Level.ORDINAL,
    "fatalities": Level.INTERVAL,
}

# Multi-valued text fields: "A; B" and "B; A" are the same value.
MULTI_VALUED: frozenset[str] = frozenset({"assoc_actor_1", "assoc_actor_2"})

# The stored event columns agreement reads, in this order.
EVENT_COLUMNS: tuple[str, ...] = (
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "civilian_targeting",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
)
