"""Accepting a suggestion: it becomes the coder's span and fills the event fields that are still open.

One acceptance is one Composite command (so one transaction and one undo step): the span (unless
the coder already has that exact span), the fields the suggestion resolves, and an evidence link
from the field the span supports. Which fields a suggestion's label fills comes from the codebook.
Fields the coder already filled are never overwritten; multi-valued ones (associated actors,
sources, tags) get the value appended, the same rule as linking a span (``fields.fill_field``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Protocol

from annotator.domain.codebook import Codebook, LabelKind
from annotator.domain.fields import EVENT_FIELD_NAMES, FIELDS, FieldValue, ValueType, fill_field
from annotator.domain.models import EventFields
from annotator.services.annotate import (
    AddSpan,
    Command,
    Composite,
    CreateEvent,
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


def _open(name: str, current: EventFields) -> bool:
    """Can the field still take a value without overwriting one? (Multi-valued fields always can.)"""
    value = getattr(current, name)
    return FIELDS[name].multi_valued or value is None or value == ""


def _offered(kind: LabelKind | None, target: str, value: Mapping[str, Any]) -> dict[str, FieldValue]:
    """The field values a suggestion of this kind brings, for the field its span becomes evidence of.

    An actor suggestion gives a name and an actor type: the name goes to the target field and the
    type to the target's type field (inter1 for actor1). Date, place and action suggestions name
    ACLED fields themselves (event_date and time_precision; location, admin names, country,
    coordinates and geo precision; event type and sub-event type).
    """
    if kind is LabelKind.ACTOR:
        out: dict[str, FieldValue] = {target: value.get("name")}
        type_field = FIELDS[target].type_field
        if type_field:
            out[type_field] = value.get("type_code")
        return out
    out = {name: value[name] for name in EVENT_FIELD_NAMES if name in value}
    for name, raw in out.items():
        if FIELDS[name].type is ValueType.DATE and isinstance(raw, str):
            out[name] = dt.date.fromisoformat(raw)
    return out


def suggested_values(
    codebook: Codebook,
    label: str,
    value: Mapping[str, Any],
    current: EventFields,
    *,
    guessed_country: str | None = None,
) -> tuple[dict[str, FieldValue], str]:
    """(fields to fill, the field whose evidence the span becomes) for one suggestion.

    The span becomes evidence of the first field its label fills (``Codebook.fills_of``) that is
    still open: empty, or multi-valued. A first actor takes actor 1, a second actor 2, further ones
    join the associates of actor 1. Values go in by ``fields.fill_field`` without overwriting:
    accepting a suggestion never changes a value a coder has given (a multi-valued field gets the
    value appended, unless it already holds it). ``guessed_country``: the country new events start
    with (the article's); an event still holding it and no place takes a place's country.
    """
    targets = codebook.fills_of(label)
    if not targets:
        return {}, ""
    target = next((name for name in targets if _open(name, current)), targets[-1])
    kind = codebook.kind_of(label)
    offered = _offered(kind, target, value)
    if kind is LabelKind.PLACE and not current.location and guessed_country and current.country == guessed_country:
        # The country a new event started with is the app's guess from the article: until a place
        # is coded it gives way to the place's own country, so the place fields agree. A country
        # the coder chose otherwise stays, like any value of theirs.
        current = current.model_copy(update={"country": ""})
    if kind is LabelKind.ACTION and current.event_type and current.event_type != offered.get("event_type"):
        return {}, target  # a different event type was chosen already: leave the coder's choice alone
    values: dict[str, FieldValue] = {}
    for name, new in offered.items():
        values.update(fill_field(name, getattr(current, name), new, overwrite=False))
    return values, target


def accept_command(
    codebook: Codebook,
    state: CodingState,
    target: SetRef,
    suggestion: SuggestionLike,
    *,
    event_key: str | None,
    defaults: Mapping[str, FieldValue] | None = None,
) -> Composite:
    """The command that accepts ``suggestion`` into ``event_key`` (a new event when None or unknown).

    ``defaults``: the values a new event starts with (``event_defaults.new_event_defaults``); the
    suggestion fills what they leave empty, and a place replaces their country in an event that
    still holds it and has no place yet."""
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
    start = dict(defaults or {}) if event is None else {}
    current = event.fields if event is not None else EventFields.model_validate(start)
    guessed = (defaults or {}).get("country")
    values, evidence_field = suggested_values(
        codebook, suggestion.label, suggestion.value, current, guessed_country=str(guessed) if guessed else None
    )
    if event is None:
        key = next_key("e", (e.key for e in state.events))
        evidence = ((evidence_field, (span_key,)),) if evidence_field else ()
        commands.append(CreateEvent(target, key=key, values=tuple({**start, **values}.items()), evidence=evidence))
    else:
        if values:
            commands.append(SetEventField(target, event.key, tuple(values.items())))
        if evidence_field and span_key not in event.evidence.get(evidence_field, ()):
            commands.append(LinkEvidence(target, event.key, evidence_field, span_key))
    return Composite(tuple(commands), text=f"Accept {suggestion.label} “{suggestion.text}”")
