"""Where a gold span, event or event field came from: which coders agreed, or a reviewer's own edit.

A gold set is what a project publishes, so every piece of it says how it got there:

- ``agreed``: auto-merge put it there because the coders named agreed under a strategy
  (``all``, ``present`` or ``majority``, kept in ``strategy``);
- ``accepted``: a reviewer took the named coders' version;
- ``edited``: a reviewer typed or marked it themselves (``coders`` is empty).

``by`` is who decided (the reviewer, or the person who ran auto-merge) and ``at`` when, in UTC to the
second, so that a JSONL export and its re-import hold the very same values.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from annotator.domain.fields import EVENT_FIELD_NAMES
from annotator.domain.moments import utc_second


class Origin(StrEnum):
    AGREED = "agreed"
    ACCEPTED = "accepted"
    EDITED = "edited"


class Provenance(BaseModel):
    """The origin of one gold span, event or field."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    origin: Origin
    coders: tuple[str, ...] = ()
    by: str = Field(min_length=1, max_length=200)
    at: dt.datetime
    strategy: str = ""

    @field_validator("at")
    @classmethod
    def _utc(cls, value: dt.datetime) -> dt.datetime:
        return utc_second(value)

    @field_validator("coders")
    @classmethod
    def _sorted(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(sorted(set(value)))

    def describe(self) -> str:
        """One line for the review screen: "agreed by amal, ben (majority) · rita, 2024-06-12 10:31"."""
        when = self.at.strftime("%Y-%m-%d %H:%M")
        match self.origin:
            case Origin.AGREED:
                how = f"agreed by {', '.join(self.coders)}" + (f" ({self.strategy})" if self.strategy else "")
            case Origin.ACCEPTED:
                how = f"accepted from {', '.join(self.coders)}"
            case _:
                how = "reviewer's edit"
        return f"{how} · {self.by}, {when} UTC"

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"origin": self.origin.value, "coders": list(self.coders), "by": self.by}
        out["at"] = self.at.strftime("%Y-%m-%dT%H:%M:%SZ")
        if self.strategy:
            out["strategy"] = self.strategy
        return out


class EventProvenance(Provenance):
    """An event's own origin plus the origin of each of its fields that was decided."""

    fields: dict[str, Provenance] = Field(default_factory=dict)

    @field_validator("fields")
    @classmethod
    def _known(cls, value: dict[str, Provenance]) -> dict[str, Provenance]:
        for name in value:
            if name not in EVENT_FIELD_NAMES:
                raise ValueError(f"provenance names '{name}', which is not an event field")
        # Kept in the order of the fields, so exports are deterministic.
        return {n: value[n] for n in EVENT_FIELD_NAMES if n in value}

    def to_json(self) -> dict[str, Any]:
        out = super().to_json()
        if self.fields:
            out["fields"] = {name: p.to_json() for name, p in self.fields.items()}
        return out
