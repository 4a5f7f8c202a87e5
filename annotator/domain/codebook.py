"""The codebook: span labels, event and sub-event types, actor types, precision codes, countries.

Stored as a human-edited TOML file and validated here. Every problem is reported with the file, the
key path (e.g. ``event_types[2].sub_event_types[0].disorder_type``) and what is wrong.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Mapping
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from annotator.domain import acled
from annotator.domain.errors import CodebookError
from annotator.domain.fields import DERIVED_NAMES, EVENT_FIELD_NAMES, FIELDS, Choices, ValueType, split_multi

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


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


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SpanLabel(_Strict):
    """A span label. ``kind`` and ``fills`` may be left out: a label named like one of the old fixed
    labels (actor, location, date, action, fatalities) gets that kind, and a label with a kind fills
    that kind's fields (``DEFAULT_FILLS``). ``fills = []`` links a label to no field."""

    name: str = Field(min_length=1)
    colour: str
    key: str = Field(min_length=1, max_length=1, description="one key that applies the label")
    description: str = ""
    kind: LabelKind | None = Field(default=None, description="what the label marks, for the assists")
    fills: tuple[str, ...] = Field(default=(), description="event fields its spans fill, in order of use")

    @model_validator(mode="before")
    @classmethod
    def _defaults(cls, data: Any) -> Any:
        if not isinstance(data, Mapping):
            return data
        data = dict(data)
        if "kind" not in data and isinstance(data.get("name"), str):
            data["kind"] = LEGACY_KINDS.get(data["name"])
        if "fills" not in data:
            kind = data.get("kind")
            data["fills"] = DEFAULT_FILLS.get(kind, ()) if kind in LabelKind.__members__.values() else ()
        return data

    @field_validator("kind", mode="before")
    @classmethod
    def _kind(cls, value: Any) -> Any:
        if value is not None and value not in LabelKind.__members__.values():
            kinds = ", ".join(k.value for k in LabelKind)
            raise ValueError(f"{value!r} is not a kind of label (one of: {kinds})")
        return value

    @field_validator("colour")
    @classmethod
    def _colour(cls, value: str) -> str:
        if not _COLOUR.match(value):
            raise ValueError(f"'{value}' is not a colour like '#1f77b4'")
        return value.lower()

    @field_validator("key")
    @classmethod
    def _key(cls, value: str) -> str:
        if not value.isalnum():
            raise ValueError(f"'{value}' is not a letter or digit")
        return value.lower()


class SubEventType(_Strict):
    name: str = Field(min_length=1)
    disorder_type: str
    description: str = ""
    # Words and phrases in articles that suggest this sub-event type (used by the suggestion pass).
    triggers: tuple[str, ...] = ()


class EventType(_Strict):
    name: str = Field(min_length=1)
    one_sided_allowed: bool = Field(description="may the event have no actor2")
    description: str = ""
    sub_event_types: tuple[SubEventType, ...] = Field(min_length=1)


class ActorType(_Strict):
    code: int = Field(ge=1, le=8)
    label: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()


class PrecisionCode(_Strict):
    code: int = Field(ge=1, le=3)
    description: str


class Country(_Strict):
    name: str = Field(min_length=1)
    iso: int = Field(ge=0, le=999, description="ISO 3166-1 numeric")
    iso3: str = Field(pattern=r"^[A-Z]{3}$")
    region: str
    aliases: tuple[str, ...] = ()


class ActorEntry(_Strict):
    """A named actor the dictionary knows; ``{country}`` in a generic name is filled per country."""

    name: str = Field(min_length=1)
    type: int = Field(ge=1, le=8)
    aliases: tuple[str, ...] = ()
    country: str = ""


class FieldGroup(_Strict):
    name: str
    fields: tuple[str, ...]


class Codebook(_Strict):
    name: str
    version: str = ""
    description: str = ""
    labels: tuple[SpanLabel, ...] = Field(min_length=1)
    event_types: tuple[EventType, ...] = Field(min_length=1)
    disorder_types: tuple[str, ...] = Field(min_length=1)
    actor_types: tuple[ActorType, ...] = Field(min_length=1)
    time_precision: tuple[PrecisionCode, ...] = Field(min_length=1)
    geo_precision: tuple[PrecisionCode, ...] = Field(min_length=1)
    source_scales: tuple[str, ...] = ()
    regions: tuple[str, ...] = Field(min_length=1)
    field_groups: tuple[FieldGroup, ...] = ()
    countries: tuple[Country, ...] = ()
    generic_actors: tuple[ActorEntry, ...] = ()
    actors: tuple[ActorEntry, ...] = ()
    # Admin names as this codebook spells them, per country (ISO alpha-3): the gazetteer's spelling
    # -> the codebook's ("Idlib" -> "Idleb"). Applied to suggested admin1-admin3.
    admin_aliases: dict[str, dict[str, str]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _consistent(self) -> Codebook:
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
        for iso3 in self.admin_aliases:
            if known_iso3 and iso3 not in known_iso3:
                problems.append(f"admin_aliases.{iso3}: not the iso3 of one of countries")
        for i, actor in enumerate(self.actors):
            if actor.country and self.countries and actor.country not in self.country_names:
                problems.append(f"actors[{i}].country: '{actor.country}' is not in countries")
        if problems:
            raise ValueError("; ".join(problems))
        return self

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


def _key_path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def parse_codebook(data: Mapping[str, Any], file: str) -> Codebook:
    try:
        return Codebook.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            msg = err["msg"].removeprefix("Value error, ")
            if err["type"] == "extra_forbidden":
                msg = "is not a codebook key (check the spelling)"
            elif err["type"] == "missing":
                msg = "is required but missing"
            problems.append(f"{_key_path(tuple(err['loc']))}: {msg}")
        raise CodebookError(file, problems) from None


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
