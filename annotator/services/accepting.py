"""Accepting a suggestion: it becomes the coder's span and fills the event fields that are still empty.

One acceptance is one Composite command (so one transaction and one undo step): the span (unless
the coder already has that exact span), the fields the suggestion resolves, and evidence links
from those fields to the span. Fields the coder already filled are never overwritten.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Protocol

from annotator.domain.models import EventFields
from annotator.services.annotate import (
    AddSpan,
    Command,
    Composite,
    CreateEvent,
    FieldValue,
    LinkEvidence,
    SetEventField,
    SetRef,
    next_key,
)
from annotator.services.workspace import CodingState


class SuggestionLike(Protocol):
    """What acceptance reads of a suggestion (read-only, so frozen suggestions qualify)."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def label(self) -> str: ...

    @property
    def text(self) -> str: ...

    @property
    def value(self) -> Any: ...


_PLACE_FIELDS = ("location", "admin1", "admin2", "country", "latitude", "longitude", "geo_precision")


def _empty(value: object) -> bool:
    return value is None or value == ""


def suggested_values(label: str, value: Mapping[str, Any], current: EventFields) -> tuple[dict[str, FieldValue], str]:
    """(fields to fill, the field whose evidence the span becomes) for one suggestion.

    Only fields that are empty in ``current`` are returned.
    """
    now = current.model_dump()
    out: dict[str, FieldValue] = {}
    evidence = ""
    if label == "date":
        raw = value.get("event_date")
        date = dt.date.fromisoformat(raw) if isinstance(raw, str) else raw
        out = {"event_date": date, "time_precision": value.get("time_precision")}
        evidence = "event_date"
    elif label == "location":
        out = {name: value.get(name) for name in _PLACE_FIELDS}
        evidence = "location"
    elif label == "actor":
        # The first actor slot still open takes the actor; with both taken it becomes an associate.
        if _empty(now["actor1"]):
            out, evidence = {"actor1": value.get("name"), "inter1": value.get("type_code")}, "actor1"
        elif _empty(now["actor2"]):
            out, evidence = {"actor2": value.get("name"), "inter2": value.get("type_code")}, "actor2"
        else:
            evidence = "assoc_actor_1"
            if _empty(now["assoc_actor_1"]):
                out = {"assoc_actor_1": value.get("name")}
    elif label == "action":
        out = {"event_type": value.get("event_type"), "sub_event_type": value.get("sub_event_type")}
        evidence = "sub_event_type"
    values = {k: v for k, v in out.items() if not _empty(v) and _empty(now.get(k))}
    if label == "action" and not _empty(now["event_type"]) and now["event_type"] != out.get("event_type"):
        values = {}  # a different event type was chosen already: leave the coder's choice alone
    return values, evidence


def accept_command(
    state: CodingState, target: SetRef, suggestion: SuggestionLike, *, event_key: str | None
) -> Composite:
    """The command that accepts ``suggestion`` into ``event_key`` (a new event when None or unknown)."""
    existing = next(
        (s for s in state.spans if (s.start, s.end, s.label) == (suggestion.start, suggestion.end, suggestion.label)),
        None,
    )
    commands: list[Command] = []
    if existing is not None:
        span_key = existing.key
    else:
        span_key = next_key("s", (s.key for s in state.spans))
        commands.append(AddSpan(target, suggestion.start, suggestion.end, suggestion.label, key=span_key))
    event = next((e for e in state.events if e.key == event_key), None) if event_key else None
    current = event.fields if event is not None else EventFields()
    values, evidence_field = suggested_values(suggestion.label, suggestion.value, current)
    if event is None:
        key = next_key("e", (e.key for e in state.events))
        evidence = ((evidence_field, (span_key,)),) if evidence_field else ()
        commands.append(CreateEvent(target, key=key, values=tuple(values.items()), evidence=evidence))
    else:
        if values:
            commands.append(SetEventField(target, event.key, tuple(values.items())))
        if evidence_field and span_key not in event.evidence.get(evidence_field, ()):
            commands.append(LinkEvidence(target, event.key, evidence_field, span_key))
    return Composite(tuple(commands), text=f"Accept {suggestion.label} “{suggestion.text}”")
