"""Coders' events of one article aligned into groups by the agreement matcher, with gold as one more column.

The grouping is the one agreement uses for field α (``agreement.matching.group_events``): coders in
name order, each coder's events assigned to the groups so far by optimal assignment. The gold set
is taken last, so a gold event joins the group it was taken from (an accepted event scores 1 with
its source) and a reviewer's own event that matches nothing gets a group of its own.

Each group then reads as a table: one row per field, one column per coder plus gold, a row
*differing* when the coders who have the event gave different values (an empty value counts).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from annotator.domain.agreement.compute import event_keys, field_values
from annotator.domain.agreement.levels import EVENT_COLUMNS
from annotator.domain.agreement.matching import MatchSettings, all_article_scores, group_events
from annotator.domain.fields import EVENT_FIELD_NAMES
from annotator.domain.models import AnnotationSet, Event

# Fields a reviewer decides on: everything a coder fills except the id, which the gold event gets
# its own of (ids are unique across the project).
DECIDED_FIELDS: tuple[str, ...] = tuple(n for n in EVENT_FIELD_NAMES if n != "event_id_cnty")


def field_value(event: Event, name: str) -> Any:
    """A field's value as compared: text stripped, None for nothing given (a check box is always given)."""
    value = getattr(event.fields, name)
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def given(value: Any) -> bool:
    """Was a value given? (0 fatalities is a value; ``in (None, False)`` would take it for False.)"""
    return value is not None and value is not False


@dataclass
class EventGroup:
    """One event as the coders (and gold) recorded it; ``members`` maps coder → their event."""

    members: dict[str, Event] = field(default_factory=dict)
    gold: Event | None = None

    def values(self, name: str) -> dict[str, Any]:
        return {coder: field_value(event, name) for coder, event in self.members.items()}

    def differs(self, name: str, coders: Sequence[str]) -> bool:
        """Do the coders disagree on this field (a coder without the event counts as disagreeing)?"""
        if any(c not in self.members for c in coders):
            return True
        return len({_hashable(v) for v in self.values(name).values()}) > 1

    def differing_fields(self, coders: Sequence[str]) -> list[str]:
        return [n for n in DECIDED_FIELDS if self.differs(n, coders)]


def _hashable(value: Any) -> Any:
    return repr(value) if isinstance(value, float) else value


def _columns(events: Sequence[Event]) -> dict[str, list[Any]]:
    dumped = [e.fields.model_dump() for e in events]
    return {name: [d[name] for d in dumped] for name in EVENT_COLUMNS}


def align_events(
    coders: Sequence[AnnotationSet], gold: AnnotationSet | None, settings: MatchSettings | None = None
) -> list[EventGroup]:
    """Groups of matched events: coders' groups in the matcher's order, then gold-only groups."""
    settings = settings or MatchSettings()
    sets = sorted(coders, key=lambda s: s.coder)
    if gold is not None:
        sets.append(gold)
    owners: list[int] = []
    events: list[Event] = []
    for i, aset in enumerate(sets):
        for event in aset.events:
            owners.append(i)
            events.append(event)
    if not events:
        return []
    columns = _columns(events)
    keys = event_keys(columns, field_values(columns))
    (scores,) = all_article_scores(keys, np.array([0]), np.array([len(events)]), settings)
    groups: list[EventGroup] = []
    gold_index = len(sets) - 1 if gold is not None else -1
    for found in group_events(scores, np.array(owners, dtype=np.int64), range(len(sets)), settings.threshold):
        group = EventGroup()
        for owner, position in sorted(found.items()):
            if owner == gold_index:
                group.gold = events[position]
            else:
                group.members[sets[owner].coder] = events[position]
        groups.append(group)
    return groups
