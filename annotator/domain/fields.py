"""The ACLED fields of an event, each defined once: what it holds and how every part of Annotator treats it.

``ACLED_FIELDS`` lists ACLED's 31 export columns in ACLED's order (layout of 20 March 2023), each a
frozen :class:`FieldDef`. The 25 a coder fills (or that are assigned, ``event_id_cnty``) are
``EVENT_FIELDS``; the other six are derived by the codebook's rules on export and never stored.
Everything else reads these definitions rather than listing fields again: the pydantic
``EventFields`` model and the ``events`` table are written out as classes for the type checkers, and
tests prove that they match these definitions exactly.

What a definition says:

* ``type``: text, int, float, bool or date. Text fields are never NULL (empty is ``""``); numbers
  and dates are ``None`` when not given. ``unique`` fields (the event id) are stored as NULL when
  empty, so that the unique index ignores events without one.
* ``multi_valued``: the value is several values joined by ``"; "`` (ACLED's convention).
* ``level``: the level of measurement an agreement statistic uses for the field: nominal,
  ordinal (time and geo precision), interval (fatalities, and dates as day numbers) or coordinate
  (latitude and longitude, measured together as one point by distance). ``None``: not measured
  (the assigned id, the free-text notes, the export time). A multi-valued field is nominal over
  its set of values.
* ``caption`` and ``placeholder``: what the event form shows.
* ``csv_column``: the ACLED CSV column; always the field's own name.
* ``brat_role``: the role that evidence spans of the field take in a brat event (fields whose
  names end in a digit get other names, since brat reads trailing digits as a repeat number);
  ``brat_attribute``: the brat attribute the value is written as; ``brat_note``: otherwise the
  key of the value in the event's AnnotatorNotes line. Derived columns have none of the three.
* ``typed``: the coder types into it letter by letter, so undo merges a typing burst into one step.
* ``choices`` and ``picker``: where the field's values come from in the codebook, and whether the
  coder must pick one of them (a picker) or only gets them offered while typing (actor names).
* ``from_span``: a span linked as evidence fills the value from its text. ``span_fill`` tells
  how: a multi-valued field appends, a single-valued one is replaced; fields that are coded
  (types, precision, coordinates) or derived are not filled from a span at all.

:func:`fill_field` is the one rule for putting a value taken from a span into a field; linking a
span, making an event from a selection and accepting a suggestion all call it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeAlias

FieldValue: TypeAlias = str | int | float | bool | dt.date | None


class ValueType(StrEnum):
    TEXT = "text"
    INT = "int"
    FLOAT = "float"
    BOOL = "bool"
    DATE = "date"


class Level(StrEnum):
    """Level of measurement for agreement statistics (Krippendorff's alpha metric)."""

    NOMINAL = "nominal"
    ORDINAL = "ordinal"
    INTERVAL = "interval"
    COORDINATE = "coordinate"  # latitude and longitude together: distance between points


class Choices(StrEnum):
    """Which codebook table offers a field's values."""

    EVENT_TYPES = "event_types"
    SUB_EVENT_TYPES = "sub_event_types"
    ACTOR_TYPES = "actor_types"
    ACTORS = "actors"  # the actor dictionary: names offered while typing, any name allowed
    TIME_PRECISION = "time_precision"
    GEO_PRECISION = "geo_precision"
    COUNTRIES = "countries"
    SOURCE_SCALES = "source_scales"


class SpanFill(StrEnum):
    """How a span linked as evidence of a field fills its value."""

    APPEND = "append"  # multi-valued: the span's text is added unless already there
    REPLACE = "replace"  # single-valued: the span's value replaces the field's
    NONE = "none"  # coded or derived: the span is evidence only


@dataclass(frozen=True, slots=True)
class FieldDef:
    name: str
    type: ValueType
    caption: str
    level: Level | None
    multi_valued: bool = False
    derived: bool = False
    placeholder: str = ""
    typed: bool = False
    choices: Choices | None = None
    picker: bool = False
    from_span: bool = False
    minimum: int | float | None = None
    maximum: int | float | None = None
    max_length: int | None = None
    unique: bool = False
    # Companion fields: the precision that goes with a date or place, the type that goes with an actor.
    precision_field: str | None = None
    type_field: str | None = None
    brat_role: str | None = None
    brat_attribute: str | None = None

    def __post_init__(self) -> None:
        if self.brat_role is None and not self.derived:
            object.__setattr__(self, "brat_role", self.name[:1].upper() + self.name[1:])

    @property
    def csv_column(self) -> str:
        return self.name

    @property
    def brat_note(self) -> str | None:
        """The key of the value in brat's AnnotatorNotes line (None: an attribute, or not written)."""
        return None if self.derived or self.brat_attribute else self.name

    @property
    def span_fill(self) -> SpanFill:
        if not self.from_span:
            return SpanFill.NONE
        return SpanFill.APPEND if self.multi_valued else SpanFill.REPLACE

    @property
    def nullable(self) -> bool:
        """Whether the stored column may be NULL."""
        return self.type in (ValueType.INT, ValueType.FLOAT, ValueType.DATE) or self.unique

    @property
    def empty(self) -> FieldValue:
        """The value of the field when nothing was given."""
        if self.type is ValueType.TEXT:
            return ""
        if self.type is ValueType.BOOL:
            return False
        return None


# Short names for the table below.
_TEXT, _INT, _FLOAT, _BOOL, _DATE = ValueType.TEXT, ValueType.INT, ValueType.FLOAT, ValueType.BOOL, ValueType.DATE
_NOMINAL, _ORDINAL, _INTERVAL, _COORDINATE = Level.NOMINAL, Level.ORDINAL, Level.INTERVAL, Level.COORDINATE
_SEVERAL = "several: separate with ;"

ACLED_FIELDS: tuple[FieldDef, ...] = (
    FieldDef("event_id_cnty", _TEXT, "Event id", None, placeholder="assigned with country", typed=True,
            max_length=20, unique=True),
    FieldDef("event_date", _DATE, "Date", _INTERVAL, placeholder="YYYY-MM-DD", typed=True, from_span=True,
            precision_field="time_precision"),
    FieldDef("year", _INT, "Year", _INTERVAL, derived=True),
    FieldDef("time_precision", _INT, "Time precision", _ORDINAL, choices=Choices.TIME_PRECISION, picker=True,
            minimum=1, maximum=3, brat_attribute="Time_precision"),
    FieldDef("disorder_type", _TEXT, "Disorder type", _NOMINAL, derived=True),
    FieldDef("event_type", _TEXT, "Event type", _NOMINAL, choices=Choices.EVENT_TYPES, picker=True),
    FieldDef("sub_event_type", _TEXT, "Sub-event type", _NOMINAL, choices=Choices.SUB_EVENT_TYPES, picker=True),
    FieldDef("actor1", _TEXT, "Actor 1", _NOMINAL, typed=True, from_span=True, choices=Choices.ACTORS,
            type_field="inter1", brat_role="Actor_first"),
    FieldDef("assoc_actor_1", _TEXT, "Associated 1", _NOMINAL, multi_valued=True, placeholder=_SEVERAL, typed=True,
            from_span=True, choices=Choices.ACTORS, brat_role="Assoc_actor_first"),
    FieldDef("inter1", _INT, "Actor 1 type", _NOMINAL, choices=Choices.ACTOR_TYPES, picker=True, minimum=1, maximum=8,
            brat_role="Inter_first"),
    FieldDef("actor2", _TEXT, "Actor 2", _NOMINAL, typed=True, from_span=True, choices=Choices.ACTORS,
            type_field="inter2", brat_role="Actor_second"),
    FieldDef("assoc_actor_2", _TEXT, "Associated 2", _NOMINAL, multi_valued=True, placeholder=_SEVERAL, typed=True,
            from_span=True, choices=Choices.ACTORS, brat_role="Assoc_actor_second"),
    FieldDef("inter2", _INT, "Actor 2 type", _NOMINAL, choices=Choices.ACTOR_TYPES, picker=True, minimum=1, maximum=8,
            brat_role="Inter_second"),
    FieldDef("interaction", _INT, "Interaction", _NOMINAL, derived=True),
    FieldDef("civilian_targeting", _BOOL, "Civilian targeting", _NOMINAL, brat_attribute="Civilian_targeting"),
    FieldDef("iso", _INT, "ISO", _NOMINAL, derived=True),
    FieldDef("region", _TEXT, "Region", _NOMINAL, derived=True),
    FieldDef("country", _TEXT, "Country", _NOMINAL, from_span=True, choices=Choices.COUNTRIES, picker=True),
    FieldDef("admin1", _TEXT, "Admin 1", _NOMINAL, typed=True, from_span=True, brat_role="Admin_first"),
    FieldDef("admin2", _TEXT, "Admin 2", _NOMINAL, typed=True, from_span=True, brat_role="Admin_second"),
    FieldDef("admin3", _TEXT, "Admin 3", _NOMINAL, typed=True, from_span=True, brat_role="Admin_third"),
    FieldDef("location", _TEXT, "Location", _NOMINAL, typed=True, from_span=True, precision_field="geo_precision"),
    FieldDef("latitude", _FLOAT, "Latitude", _COORDINATE, placeholder="e.g. 15.5007", typed=True,
            minimum=-90, maximum=90),
    FieldDef("longitude", _FLOAT, "Longitude", _COORDINATE, placeholder="e.g. 32.5599", typed=True,
            minimum=-180, maximum=180),
    FieldDef("geo_precision", _INT, "Geo precision", _ORDINAL, choices=Choices.GEO_PRECISION, picker=True,
            minimum=1, maximum=3, brat_attribute="Geo_precision"),
    FieldDef("source", _TEXT, "Source", _NOMINAL, multi_valued=True, placeholder=_SEVERAL, typed=True, from_span=True),
    FieldDef("source_scale", _TEXT, "Source scale", _NOMINAL, choices=Choices.SOURCE_SCALES, picker=True),
    FieldDef("notes", _TEXT, "Notes", None, typed=True, from_span=True),
    FieldDef("fatalities", _INT, "Fatalities", _INTERVAL, placeholder="number", typed=True, from_span=True, minimum=0),
    FieldDef("tags", _TEXT, "Tags", _NOMINAL, multi_valued=True, placeholder=_SEVERAL, typed=True, from_span=True),
    FieldDef("timestamp", _INT, "Timestamp", None, derived=True),
)  # fmt: skip

FIELDS: Mapping[str, FieldDef] = {f.name: f for f in ACLED_FIELDS}

# The fields an event stores (coded, or assigned like the id), in ACLED column order.
EVENT_FIELDS: tuple[FieldDef, ...] = tuple(f for f in ACLED_FIELDS if not f.derived)
EVENT_FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in EVENT_FIELDS)
DERIVED_NAMES: frozenset[str] = frozenset(f.name for f in ACLED_FIELDS if f.derived)
MULTI_VALUED: frozenset[str] = frozenset(f.name for f in EVENT_FIELDS if f.multi_valued)
TYPED_FIELDS: frozenset[str] = frozenset(f.name for f in EVENT_FIELDS if f.typed)

# How the event form groups the fields when the codebook does not say (each event field once).
DEFAULT_FIELD_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("When", ("event_date", "time_precision")),
    ("What", ("event_type", "sub_event_type", "civilian_targeting")),
    ("Who", ("actor1", "inter1", "assoc_actor_1", "actor2", "inter2", "assoc_actor_2")),
    ("Where", ("country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision")),
    ("Impact", ("fatalities",)),
    ("Sources", ("source", "source_scale")),
    ("Notes", ("notes", "tags", "event_id_cnty")),
)

# ---------------------------------------------------------------- multi-valued values

MULTI_SEPARATOR = "; "


def join_multi(values: list[str] | tuple[str, ...]) -> str:
    return MULTI_SEPARATOR.join(v.strip() for v in values if v.strip())


def split_multi(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


# ---------------------------------------------------------------- the fill rule


def _blank(value: FieldValue) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def fill_field(name: str, current: FieldValue, value: FieldValue, *, overwrite: bool) -> dict[str, FieldValue]:
    """What putting ``value``, taken from a span or a suggestion, into field ``name`` changes.

    Returns ``{name: new value}``, or ``{}`` when nothing changes. One rule for every way a span
    fills a field:

    * a multi-valued field appends the value unless it already holds it;
    * a single-valued field takes the value when it is empty. When it holds something it is
      replaced only with ``overwrite``: a coder who links a span to that very field asks for it;
      making an event from a selection and accepting a suggestion never overwrite a value;
    * an empty value changes nothing.
    """
    if _blank(value):
        return {}
    if FIELDS[name].multi_valued:
        have = split_multi(str(current or ""))
        new = [part for part in split_multi(str(value)) if part not in have]
        return {name: join_multi([*have, *new])} if new else {}
    if (_blank(current) or overwrite) and current != value:
        return {name: value}
    return {}
