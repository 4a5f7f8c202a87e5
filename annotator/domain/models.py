"""Pydantic models of the things coders work with. Validation on input lives here, not in the store."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from annotator.domain import acled
from annotator.domain.fields import EVENT_FIELD_NAMES
from annotator.domain.provenance import EventProvenance, Provenance


class Role(StrEnum):
    CODER = "coder"
    REVIEWER = "reviewer"
    LEAD = "lead"


class SetKind(StrEnum):
    CODER = "coder"
    GOLD = "gold"


class SetStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"

    @classmethod
    def parse(cls, value: str) -> SetStatus:
        """Accepts 'done', 'in progress', 'In-Progress' and the like."""
        key = value.strip().lower().replace(" ", "_").replace("-", "_")
        return cls(key)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Coder(_Model):
    name: str = Field(min_length=1, max_length=200)
    role: Role = Role.CODER

    @field_validator("name")
    @classmethod
    def _strip(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("a coder needs a name")
        return value


class Article(_Model):
    """An article's text is stored normalised (LF, NFC); offsets refer to that text."""

    external_id: str = Field(min_length=1, max_length=300)
    title: str = ""
    text: str
    source: str = ""
    url: str = ""
    published: dt.date | None = None
    language: str = Field(default="", max_length=35)
    meta: dict[str, Any] = Field(default_factory=dict)


class Span(_Model):
    """A labelled stretch of text, in code points over the article's normalised text."""

    key: str = Field(min_length=1, max_length=100, description="id within its annotation set")
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    label: str = Field(min_length=1, max_length=100)
    text: str = ""
    provenance: Provenance | None = None  # gold spans only: where it came from

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end <= self.start:
            raise ValueError(f"end ({self.end}) must be greater than start ({self.start})")
        return self


class EventFields(_Model):
    """The ACLED fields a coder fills. Derived columns are not here: the codebook computes them.

    Written out for the type checkers; ``annotator.domain.fields`` defines each field, and a test
    proves this class matches those definitions (names, order, types, defaults, bounds).
    """

    event_id_cnty: str = Field(default="", max_length=20)
    event_date: dt.date | None = None
    time_precision: int | None = Field(default=None, ge=1, le=3)
    event_type: str = ""
    sub_event_type: str = ""
    actor1: str = ""
    assoc_actor_1: str = ""
    inter1: int | None = Field(default=None, ge=1, le=8)
    actor2: str = ""
    assoc_actor_2: str = ""
    inter2: int | None = Field(default=None, ge=1, le=8)
    civilian_targeting: bool = False
    country: str = ""
    admin1: str = ""
    admin2: str = ""
    admin3: str = ""
    location: str = ""
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    geo_precision: int | None = Field(default=None, ge=1, le=3)
    source: str = ""
    source_scale: str = ""
    notes: str = ""
    fatalities: int | None = Field(default=None, ge=0)
    tags: str = ""

    @field_validator("event_id_cnty")
    @classmethod
    def _event_id(cls, value: str) -> str:
        value = value.strip()
        if value:
            acled.parse_event_id(value)
        return value


class Event(_Model):
    key: str = Field(min_length=1, max_length=100, description="id within its annotation set")
    fields: EventFields = Field(default_factory=EventFields)
    # field name -> keys of the spans that are its evidence
    evidence: dict[str, list[str]] = Field(default_factory=dict)
    provenance: EventProvenance | None = None  # gold events only: where it and its fields came from

    @field_validator("evidence")
    @classmethod
    def _evidence_fields(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for name in value:
            if name not in EVENT_FIELD_NAMES:
                raise ValueError(f"evidence names '{name}', which is not an event field")
        return value


class AnnotationSet(_Model):
    """One coder's (or the gold) annotations of one article."""

    coder: str = Field(min_length=1, max_length=200)
    kind: SetKind = SetKind.CODER
    status: SetStatus = SetStatus.NOT_STARTED
    spans: list[Span] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)

    @model_validator(mode="after")
    def _references(self) -> AnnotationSet:
        span_keys = [s.key for s in self.spans]
        if len(set(span_keys)) != len(span_keys):
            dup = next(k for k in span_keys if span_keys.count(k) > 1)
            raise ValueError(f"span id '{dup}' is used twice")
        event_keys = [e.key for e in self.events]
        if len(set(event_keys)) != len(event_keys):
            dup = next(k for k in event_keys if event_keys.count(k) > 1)
            raise ValueError(f"event id '{dup}' is used twice")
        known = set(span_keys)
        for event in self.events:
            for field, keys in event.evidence.items():
                for k in keys:
                    if k not in known:
                        raise ValueError(f"event '{event.key}' evidence for {field} names unknown span '{k}'")
        return self


class ArticleRecord(_Model):
    """An article with all its annotation sets: the unit of import and export."""

    article: Article
    annotations: list[AnnotationSet] = Field(default_factory=list)
