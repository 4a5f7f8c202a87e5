"""The codebook: span labels, event and sub-event types, actor types, precision codes, countries.

Stored as a human-edited TOML file and validated here. Every problem is reported with the file, the
key path (e.g. ``event_types[2].sub_event_types[0].disorder_type``) and what is wrong.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import MISSING, dataclass, field, fields
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import Any

from annotator.domain import acled
from annotator.domain.errors import CodebookError
from annotator.domain.fields import DERIVED_NAMES, EVENT_FIELD_NAMES, FIELDS, Choices, ValueType, split_multi

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_ISO3 = re.compile(r"^[A-Z]{3}$")


class LabelKind(StrEnum):
    """What a span label marks, as the assists know it: they suggest spans of these kinds under the
    codebook's first label of each kind, and accepting one fills the fields its label fills."""

    DATE = "date"
    PLACE = "place"
    ACTOR = "actor"
    ACTION = "action"
    COUNT = "count"


# Which event fields a label of each kind fills when nothing else is said, in order of use: the
# first actor span of an event becomes actor 1, the second actor 2, the rest associates of actor 1.
DEFAULT_FILLS: dict[LabelKind, tuple[str, ...]] = {
    LabelKind.ACTOR: ("actor1", "actor2", "assoc_actor_1"),
    LabelKind.PLACE: ("location",),
    LabelKind.DATE: ("event_date",),
    LabelKind.COUNT: ("fatalities",),
    LabelKind.ACTION: ("sub_event_type",),
}

# Codebooks written before labels had a kind: the label names that had a fixed meaning then.
LEGACY_KINDS: dict[str, LabelKind] = {
    "actor": LabelKind.ACTOR,
    "location": LabelKind.PLACE,
    "date": LabelKind.DATE,
    "action": LabelKind.ACTION,
    "fatalities": LabelKind.COUNT,
}

# The value type of the fields a label of each kind may fill (a date span cannot fill a name).
_KIND_TYPES: dict[LabelKind, ValueType] = {
    LabelKind.DATE: ValueType.DATE,
    LabelKind.COUNT: ValueType.INT,
    LabelKind.PLACE: ValueType.TEXT,
    LabelKind.ACTOR: ValueType.TEXT,
    LabelKind.ACTION: ValueType.TEXT,
}


# ---------------------------------------------------------------- reading a table of the file
#
# Each class below is the one definition of a part of the codebook: its fields, their defaults and
# what each accepts (the ``read`` of a field's metadata). ``_read`` builds an object from a TOML
# table through them and reports every problem with its key path. Plain dataclasses rather than
# pydantic models: the codebook is read by every command, and pydantic's import and model building
# made a cold read of it three times slower (134-152 ms CPU against 44-51 ms), a fifth of the 0.5 s
# a cold ``annotator suggest`` may take (docs/benchmarks.md).

_BAD = object()  # what a field reader returns for a value it reported as a problem
_Reader = Callable[[Any, str, list[str]], Any]


def _at(where: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{where}[{key}]"
    return f"{where}.{key}" if where else key


def _reads(read: _Reader) -> dict[str, _Reader]:
    """A field's metadata: how its value is read from the file."""
    return {"read": read}


def _text(*, min_length: int = 0, max_length: int | None = None, check: Callable[[str], str] | None = None) -> _Reader:
    """A string; ``check`` may change it or raise ValueError with what is wrong."""

    def read(value: Any, where: str, problems: list[str]) -> Any:
        if not isinstance(value, str):
            problems.append(f"{where}: {value!r} should be text")
            return _BAD
        if len(value) < min_length:
            problems.append(f"{where}: should not be empty" if min_length == 1 else
                            f"{where}: should have at least {min_length} characters")  # fmt: skip
            return _BAD
        if max_length is not None and len(value) > max_length:
            problems.append(f"{where}: '{value}' should have at most {max_length} character(s)")
            return _BAD
        if check is not None:
            try:
                return check(value)
            except ValueError as exc:
                problems.append(f"{where}: {exc}")
                return _BAD
        return value

    return read


def _number(low: int, high: int) -> _Reader:
    """A whole number from ``low`` to ``high`` (also written "3" or 3.0)."""

    def read(value: Any, where: str, problems: list[str]) -> Any:
        if (isinstance(value, float) and value.is_integer()) or (isinstance(value, str) and value.strip().isdigit()):
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool):
            problems.append(f"{where}: {value!r} should be a whole number")
            return _BAD
        if not low <= value <= high:
            problems.append(f"{where}: {value} should be from {low} to {high}")
            return _BAD
        return value

    return read


def _degrees(low: float, high: float) -> _Reader:
    """A latitude or longitude from ``low`` to ``high`` (decimal degrees)."""

    def read(value: Any, where: str, problems: list[str]) -> Any:
        if not isinstance(value, int | float) or isinstance(value, bool):
            problems.append(f"{where}: {value!r} should be a number of degrees")
            return _BAD
        if not low <= value <= high:
            problems.append(f"{where}: {value} should be from {low:g} to {high:g}")
            return _BAD
        return float(value)

    return read


# The spellings of true and false accepted before the codebook was read without pydantic (which
# took them), so that every codebook a project has stored still loads.
_FLAGS = {"true": True, "t": True, "yes": True, "y": True, "on": True, "1": True,
          "false": False, "f": False, "no": False, "n": False, "off": False, "0": False}  # fmt: skip


def _flag(value: Any, where: str, problems: list[str]) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _FLAGS:
        return _FLAGS[value.strip().lower()]
    problems.append(f"{where}: {value!r} should be true or false")
    return _BAD


def _list_of(item: _Reader, *, min_length: int = 0) -> _Reader:
    """A list (a TOML array or array of tables) read item by item into a tuple."""

    def read(value: Any, where: str, problems: list[str]) -> Any:
        if not isinstance(value, list | tuple):
            problems.append(f"{where}: should be a list")
            return _BAD
        if len(value) < min_length:
            problems.append(f"{where}: should list at least {min_length}")
            return _BAD
        items = [item(v, _at(where, i), problems) for i, v in enumerate(value)]
        return _BAD if any(v is _BAD for v in items) else tuple(items)

    return read


_texts = _list_of(_text())


def _table(cls: type) -> _Reader:
    return lambda value, where, problems: _read(cls, value, where, problems)


def _kind(value: Any, where: str, problems: list[str]) -> Any:
    if value is None:
        return None
    if value not in LabelKind.__members__.values():
        kinds = ", ".join(k.value for k in LabelKind)
        problems.append(f"{where}: {value!r} is not a kind of label (one of: {kinds})")
        return _BAD
    return LabelKind(value)


def _per_country(what: str, read: Callable[[Mapping[str, Any], str, list[str]], Any]) -> _Reader:
    """A table of countries (ISO alpha-3), each a table of ``what`` that ``read`` turns into its
    value (None: nothing to keep)."""

    def reader(value: Any, where: str, problems: list[str]) -> Any:
        if not isinstance(value, Mapping):
            problems.append(f"{where}: should be a table of countries")
            return _BAD
        before = len(problems)
        out: dict[str, Any] = {}
        for iso3, table in value.items():
            at = _at(where, iso3)
            if not isinstance(table, Mapping):
                problems.append(f"{at}: should be a table of {what}")
                continue
            entries = read(table, at, problems)
            if entries is not None:
                out[iso3] = entries
        return out if len(problems) == before else _BAD

    return reader


def _spelling_table(names: Mapping[str, Any], at: str, problems: list[str]) -> dict[str, str]:
    """One country's admin_aliases: the gazetteer's spelling -> the codebook's."""
    problems.extend(f"{_at(at, k)}: {v!r} should be text" for k, v in names.items() if not isinstance(v, str))
    return dict(names)


_FORCE_KINDS = ("military", "police")


def _force_table(kinds: Mapping[str, Any], at: str, problems: list[str]) -> dict[str, tuple[str, ...]] | None:
    """One country's state_forces: "military" or "police" -> the names and acronyms of that force."""
    out: dict[str, tuple[str, ...]] = {}
    for kind, names in kinds.items():
        if kind not in _FORCE_KINDS:
            problems.append(f"{_at(at, kind)}: not a kind of force (one of: {', '.join(_FORCE_KINDS)})")
            continue
        read = _texts(names, _at(at, kind), problems)
        if read is not _BAD:
            out[kind] = read
    return out or None


# admin_aliases: ISO3 -> {the gazetteer's spelling -> the codebook's}.
_spellings = _per_country("names", _spelling_table)
# state_forces: ISO3 -> {"military" or "police" -> the names and acronyms of that force}.
_force_names = _per_country("forces", _force_table)


def _read(cls: type, data: Any, where: str, problems: list[str]) -> Any:
    """An object of ``cls`` from a TOML table, or _BAD with its problems added to ``problems``."""
    if not isinstance(data, Mapping):
        problems.append(f"{where or '(top level)'}: should be a table")
        return _BAD
    data = cls.before_reading(data) if hasattr(cls, "before_reading") else data
    known = {f.name: f for f in fields(cls)}
    before = len(problems)
    values: dict[str, Any] = {}
    for f in known.values():
        if f.name in data:
            values[f.name] = f.metadata["read"](data[f.name], _at(where, f.name), problems)
        elif f.default is MISSING and f.default_factory is MISSING:
            problems.append(f"{_at(where, f.name)}: is required but missing")
    problems.extend(
        f"{_at(where, key)}: is not a codebook key (check the spelling)" for key in data if key not in known
    )
    if len(problems) > before:
        return _BAD
    return cls(**values)


def _colour(value: str) -> str:
    if not _COLOUR.match(value):
        raise ValueError(f"'{value}' is not a colour like '#1f77b4'")
    return value.lower()


def _key(value: str) -> str:
    if not value.isalnum():
        raise ValueError(f"'{value}' is not a letter or digit")
    return value.lower()


def _iso3(value: str) -> str:
    if not _ISO3.match(value):
        raise ValueError(f"'{value}' is not an ISO 3166-1 alpha-3 code (three capital letters)")
    return value


# ---------------------------------------------------------------- the parts of a codebook


@dataclass(frozen=True, kw_only=True)
class SpanLabel:
    """A span label. ``kind`` and ``fills`` may be left out: a label named like one of the old fixed
    labels (actor, location, date, action, fatalities) gets that kind, and a label with a kind fills
    that kind's fields (``DEFAULT_FILLS``). ``fills = []`` links a label to no field."""

    name: str = field(metadata=_reads(_text(min_length=1)))
    colour: str = field(metadata=_reads(_text(check=_colour)))
    key: str = field(metadata=_reads(_text(min_length=1, max_length=1, check=_key)))  # one key that applies the label
    description: str = field(default="", metadata=_reads(_text()))
    kind: LabelKind | None = field(default=None, metadata=_reads(_kind))  # what the label marks, for the assists
    fills: tuple[str, ...] = field(default=(), metadata=_reads(_texts))  # event fields its spans fill, in order of use

    @staticmethod
    def before_reading(data: Mapping[str, Any]) -> Mapping[str, Any]:
        """The kind a legacy label name implies, and the fields a label of that kind fills."""
        data = dict(data)
        if "kind" not in data and isinstance(data.get("name"), str):
            data["kind"] = LEGACY_KINDS.get(data["name"])
        if "fills" not in data:
            kind = data.get("kind")
            data["fills"] = (
                DEFAULT_FILLS.get(LabelKind(kind), ()) if isinstance(kind, str) and kind in set(LabelKind) else ()
            )
        return data


@dataclass(frozen=True, kw_only=True)
class SubEventType:
    name: str = field(metadata=_reads(_text(min_length=1)))
    disorder_type: str = field(metadata=_reads(_text()))
    description: str = field(default="", metadata=_reads(_text()))
    # Words and phrases in articles that suggest this sub-event type (used by the suggestion pass).
    triggers: tuple[str, ...] = field(default=(), metadata=_reads(_texts))


@dataclass(frozen=True, kw_only=True)
class EventType:
    name: str = field(metadata=_reads(_text(min_length=1)))
    one_sided_allowed: bool = field(metadata=_reads(_flag))  # may the event have no actor2
    description: str = field(default="", metadata=_reads(_text()))
    sub_event_types: tuple[SubEventType, ...] = field(metadata=_reads(_list_of(_table(SubEventType), min_length=1)))


@dataclass(frozen=True, kw_only=True)
class ActorType:
    code: int = field(metadata=_reads(_number(1, 8)))
    label: str = field(metadata=_reads(_text(min_length=1)))
    aliases: tuple[str, ...] = field(default=(), metadata=_reads(_texts))


@dataclass(frozen=True, kw_only=True)
class PrecisionCode:
    code: int = field(metadata=_reads(_number(1, 3)))
    description: str = field(metadata=_reads(_text()))


@dataclass(frozen=True, kw_only=True)
class Country:
    name: str = field(metadata=_reads(_text(min_length=1)))
    iso: int = field(metadata=_reads(_number(0, 999)))  # ISO 3166-1 numeric
    iso3: str = field(metadata=_reads(_text(check=_iso3)))
    region: str = field(metadata=_reads(_text()))
    aliases: tuple[str, ...] = field(default=(), metadata=_reads(_texts))


@dataclass(frozen=True, kw_only=True)
class AdminPart:
    """A part of a region the codebook divides: the points at or north of ``min_latitude`` and at or
    east of ``min_longitude`` (either bound may be left out). Parts are tried in order."""

    name: str = field(metadata=_reads(_text(min_length=1)))
    min_latitude: float = field(default=-90.0, metadata=_reads(_degrees(-90, 90)))
    min_longitude: float = field(default=-180.0, metadata=_reads(_degrees(-180, 180)))

    def holds(self, latitude: float, longitude: float) -> bool:
        return latitude >= self.min_latitude and longitude >= self.min_longitude


@dataclass(frozen=True, kw_only=True)
class AdminSplit:
    """A gazetteer's admin1 region that the codebook divides into parts (ACLED's Shan-North,
    Shan-South and Shan-East for Myanmar's Shan State); a point goes to the first part holding it."""

    country: str = field(metadata=_reads(_text(check=_iso3)))  # ISO alpha-3
    region: str = field(metadata=_reads(_text(min_length=1)))  # as the codebook spells it
    parts: tuple[AdminPart, ...] = field(metadata=_reads(_list_of(_table(AdminPart), min_length=2)))

    def part_at(self, latitude: float, longitude: float) -> str:
        return next((p.name for p in self.parts if p.holds(latitude, longitude)), self.parts[-1].name)


@dataclass(frozen=True, kw_only=True)
class ActorEntry:
    """A named actor the dictionary knows; ``{country}`` in a generic name is filled per country."""

    name: str = field(metadata=_reads(_text(min_length=1)))
    type: int = field(metadata=_reads(_number(1, 8)))
    aliases: tuple[str, ...] = field(default=(), metadata=_reads(_texts))
    country: str = field(default="", metadata=_reads(_text()))
    # Names the codebook gave the actor before, newest first ("Islamic State (Greater Sahara)"): a
    # dataset coded earlier uses them, so they are offered beside the name.
    formerly: tuple[str, ...] = field(default=(), metadata=_reads(_texts))


@dataclass(frozen=True, kw_only=True)
class FieldGroup:
    name: str = field(metadata=_reads(_text()))
    fields: tuple[str, ...] = field(metadata=_reads(_texts))


@dataclass(frozen=True, kw_only=True)
class Codebook:
    name: str = field(metadata=_reads(_text()))
    version: str = field(default="", metadata=_reads(_text()))
    description: str = field(default="", metadata=_reads(_text()))
    labels: tuple[SpanLabel, ...] = field(metadata=_reads(_list_of(_table(SpanLabel), min_length=1)))
    event_types: tuple[EventType, ...] = field(metadata=_reads(_list_of(_table(EventType), min_length=1)))
    disorder_types: tuple[str, ...] = field(metadata=_reads(_list_of(_text(), min_length=1)))
    actor_types: tuple[ActorType, ...] = field(metadata=_reads(_list_of(_table(ActorType), min_length=1)))
    time_precision: tuple[PrecisionCode, ...] = field(metadata=_reads(_list_of(_table(PrecisionCode), min_length=1)))
    geo_precision: tuple[PrecisionCode, ...] = field(metadata=_reads(_list_of(_table(PrecisionCode), min_length=1)))
    source_scales: tuple[str, ...] = field(default=(), metadata=_reads(_texts))
    regions: tuple[str, ...] = field(metadata=_reads(_list_of(_text(), min_length=1)))
    field_groups: tuple[FieldGroup, ...] = field(default=(), metadata=_reads(_list_of(_table(FieldGroup))))
    countries: tuple[Country, ...] = field(default=(), metadata=_reads(_list_of(_table(Country))))
    generic_actors: tuple[ActorEntry, ...] = field(default=(), metadata=_reads(_list_of(_table(ActorEntry))))
    actors: tuple[ActorEntry, ...] = field(default=(), metadata=_reads(_list_of(_table(ActorEntry))))
    # Admin names as this codebook spells them, per country (ISO alpha-3): the gazetteer's spelling
    # -> the codebook's ("Idlib" -> "Idleb"). Applied to suggested admin1-admin3.
    admin_aliases: dict[str, dict[str, str]] = field(default_factory=dict, metadata=_reads(_spellings))
    # Names and acronyms of a country's own forces, whichever country an article is about ("FARDC":
    # the army of the Democratic Republic of Congo), per ISO alpha-3: military and police.
    state_forces: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict, metadata=_reads(_force_names))
    # Admin1 regions this codebook divides where the gazetteer has them whole.
    admin_splits: tuple[AdminSplit, ...] = field(default=(), metadata=_reads(_list_of(_table(AdminSplit))))
    # Countries (ISO alpha-3) whose admin1 in this codebook is the gazetteer's second level: Serbia's
    # districts, where the gazetteer's first level is the two regions above them.
    admin1_from_admin2: tuple[str, ...] = field(default=(), metadata=_reads(_list_of(_text())))

    def inconsistencies(self) -> list[str]:
        """What is inconsistent between the parts (each part already read without a problem)."""
        problems: list[str] = []
        _unique(problems, "labels", [lb.name for lb in self.labels], "name")
        _unique(problems, "labels", [lb.key for lb in self.labels], "key")
        _unique(problems, "event_types", [et.name for et in self.event_types], "name")
        subs = [s.name for et in self.event_types for s in et.sub_event_types]
        _unique(problems, "event_types[].sub_event_types", subs, "name")
        for i, et in enumerate(self.event_types):
            for j, sub in enumerate(et.sub_event_types):
                if sub.disorder_type not in self.disorder_types and not all(
                    part in self.disorder_types for part in split_multi(sub.disorder_type)
                ):
                    problems.append(
                        f"event_types[{i}].sub_event_types[{j}].disorder_type: '{sub.disorder_type}' "
                        f"is not one of disorder_types {list(self.disorder_types)}"
                    )
        _unique(problems, "actor_types", [a.code for a in self.actor_types], "code")
        _unique(problems, "countries", [c.name for c in self.countries], "name")
        _unique(problems, "countries", [c.iso3 for c in self.countries], "iso3")
        for i, c in enumerate(self.countries):
            if c.region not in self.regions:
                problems.append(f"countries[{i}].region: '{c.region}' ({c.name}) is not one of regions")
        for i, label in enumerate(self.labels):
            _check_fills(problems, f"labels[{i}]", label)
        known_fields = set(acled.COLUMNS)
        for i, group in enumerate(self.field_groups):
            for f in group.fields:
                if f not in known_fields:
                    problems.append(f"field_groups[{i}].fields: '{f}' is not an ACLED column")
        known_iso3 = {c.iso3 for c in self.countries}
        for table, countries in (
            ("admin_aliases", self.admin_aliases),
            ("state_forces", self.state_forces),
            ("admin1_from_admin2", self.admin1_from_admin2),
        ):
            problems.extend(
                f"{table}.{iso3}: not the iso3 of one of countries"
                for iso3 in countries
                if known_iso3 and iso3 not in known_iso3
            )
        for i, split in enumerate(self.admin_splits):
            if known_iso3 and split.country not in known_iso3:
                problems.append(f"admin_splits[{i}].country: '{split.country}' is not the iso3 of one of countries")
        for i, actor in enumerate(self.actors):
            if actor.country and self.countries and actor.country not in self.country_names:
                problems.append(f"actors[{i}].country: '{actor.country}' is not in countries")
        return problems

    # ---- look-ups, built once per codebook ----

    @cached_property
    def label_names(self) -> tuple[str, ...]:
        return tuple(lb.name for lb in self.labels)

    @cached_property
    def label_by_key(self) -> dict[str, SpanLabel]:
        return {lb.key: lb for lb in self.labels}

    @cached_property
    def label_by_name(self) -> dict[str, SpanLabel]:
        return {lb.name: lb for lb in self.labels}

    def kind_of(self, label: str) -> LabelKind | None:
        """What the label marks (None: an unknown label, or one the assists do not know)."""
        found = self.label_by_name.get(label)
        return found.kind if found else None

    def fills_of(self, label: str) -> tuple[str, ...]:
        """The event fields a span with this label fills, in order of use (none for an unknown label)."""
        found = self.label_by_name.get(label)
        return found.fills if found else ()

    @cached_property
    def label_for_kind(self) -> dict[LabelKind, str]:
        """The label the assists use for each kind: the first label of that kind."""
        table: dict[LabelKind, str] = {}
        for lb in self.labels:
            if lb.kind is not None:
                table.setdefault(lb.kind, lb.name)
        return table

    def labels_of_kind(self, kind: LabelKind) -> tuple[str, ...]:
        return tuple(lb.name for lb in self.labels if lb.kind is kind)

    def choice_values(self, choices: Choices) -> tuple[str | int, ...]:
        """The values the codebook offers for a field with these ``choices``."""
        match choices:
            case Choices.EVENT_TYPES:
                return tuple(et.name for et in self.event_types)
            case Choices.SUB_EVENT_TYPES:
                return tuple(self.sub_event_index)
            case Choices.ACTOR_TYPES:
                return tuple(a.code for a in self.actor_types)
            case Choices.ACTORS:
                return tuple(sorted({a.name for a in (*self.actors, *self.generic_actors)}))
            case Choices.TIME_PRECISION:
                return tuple(p.code for p in self.time_precision)
            case Choices.GEO_PRECISION:
                return tuple(p.code for p in self.geo_precision)
            case Choices.COUNTRIES:
                return tuple(c.name for c in self.countries)
            case Choices.SOURCE_SCALES:
                return self.source_scales
        raise AssertionError(choices)

    @cached_property
    def sub_event_index(self) -> dict[str, tuple[EventType, SubEventType]]:
        return {s.name: (et, s) for et in self.event_types for s in et.sub_event_types}

    @cached_property
    def event_type_by_name(self) -> dict[str, EventType]:
        return {et.name: et for et in self.event_types}

    @cached_property
    def actor_type_labels(self) -> dict[int, str]:
        return {a.code: a.label for a in self.actor_types}

    @cached_property
    def _actor_type_lookup(self) -> dict[str, int]:
        table: dict[str, int] = {}
        for a in self.actor_types:
            for name in (a.label, *a.aliases):
                table[name.strip().lower()] = a.code
        return table

    @cached_property
    def country_names(self) -> frozenset[str]:
        return frozenset(c.name for c in self.countries)

    @cached_property
    def country_by_name(self) -> dict[str, Country]:
        table = {c.name: c for c in self.countries}
        for c in self.countries:
            for alias in c.aliases:
                table.setdefault(alias, c)
        return table

    @cached_property
    def country_by_iso3(self) -> dict[str, Country]:
        return {c.iso3: c for c in self.countries}

    def sub_event_types_for(self, event_type: str) -> tuple[str, ...]:
        et = self.event_type_by_name.get(event_type)
        return tuple(s.name for s in et.sub_event_types) if et else ()

    def disorder_type(self, sub_event_type: str | None) -> str:
        entry = self.sub_event_index.get(sub_event_type or "")
        return entry[1].disorder_type if entry else ""

    def event_type_of(self, sub_event_type: str) -> str | None:
        entry = self.sub_event_index.get(sub_event_type)
        return entry[0].name if entry else None

    def actor_type_code(self, value: object) -> int | None:
        """The code for an inter value given as 1-8, a numeric string or a label.

        Blank, None and 0 (the numeric era's "no actor2") mean none. Raises ValueError otherwise.
        """
        if value is None or value == "" or value == 0 or value == "0":
            return None
        if isinstance(value, bool):
            raise ValueError(f"{value!r} is not an actor type")
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, int):
            if value in self.actor_type_labels:
                return value
            raise ValueError(f"{value} is not an actor-type code (1-8)")
        if isinstance(value, str):
            text = value.strip()
            if text.isdigit():
                return self.actor_type_code(int(text))
            code = self._actor_type_lookup.get(text.lower())
            if code is not None:
                return code
        allowed = ", ".join(f"{c} {lb}" for c, lb in self.actor_type_labels.items())
        raise ValueError(f"'{value}' is not an actor type (one of: {allowed})")

    def interaction_text(self, code: int | None) -> str:
        return acled.interaction_text(code, self.actor_type_labels)

    def derive(
        self,
        event_date: dt.date | None,
        sub_event_type: str | None,
        inter1: int | None,
        inter2: int | None,
        country: str | None,
    ) -> dict[str, Any]:
        """Derived columns for one event: year, disorder_type, interaction, iso, region."""
        c = self.country_by_name.get(country or "")
        return {
            "year": acled.year_of(event_date),
            "disorder_type": self.disorder_type(sub_event_type),
            "interaction": acled.interaction_code(inter1, inter2),
            "iso": c.iso if c else None,
            "region": c.region if c else "",
        }


def _check_fills(problems: list[str], where: str, label: SpanLabel) -> None:
    for j, name in enumerate(label.fills):
        at = f"{where}.fills[{j}]"
        if name in DERIVED_NAMES:
            problems.append(f"{at}: '{name}' is computed on export, not filled from spans")
        elif name not in EVENT_FIELD_NAMES:
            problems.append(f"{at}: '{name}' is not an event field (one of: {', '.join(EVENT_FIELD_NAMES)})")
        elif name in label.fills[:j]:
            problems.append(f"{at}: '{name}' is listed twice")
        elif label.kind is not None and FIELDS[name].type is not _KIND_TYPES[label.kind]:
            problems.append(
                f"{at}: a {label.kind.value} label cannot fill '{name}', which holds {FIELDS[name].type.value} values"
            )


def _unique(problems: list[str], where: str, values: list[Any], what: str) -> None:
    seen: set[Any] = set()
    for v in values:
        if v in seen:
            problems.append(f"{where}: {what} '{v}' appears more than once")
        seen.add(v)


def parse_codebook(data: Mapping[str, Any], file: str) -> Codebook:
    """The codebook in ``data`` (a parsed TOML file); CodebookError lists every problem with its key path."""
    problems: list[str] = []
    book = _read(Codebook, data, "", problems)
    if book is not _BAD:
        problems = book.inconsistencies()
    if problems:
        raise CodebookError(file, problems)
    return book


def load_codebook(path: str | Path) -> Codebook:
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise CodebookError(str(p), [f"cannot be read: {exc.strerror}"]) from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise CodebookError(str(p), ["is not UTF-8 text"]) from None
    except tomllib.TOMLDecodeError as exc:
        raise CodebookError(str(p), [f"is not valid TOML: {exc}"]) from None
    return parse_codebook(data, str(p))
