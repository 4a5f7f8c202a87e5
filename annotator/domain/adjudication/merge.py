"""Auto-merge: what the coders agree on, under a strategy, added to the gold set.

The plan says what to add; the services turn it into one transaction per article. It never touches
a reviewer's decision (a gold span, event or field whose provenance is ``accepted`` or ``edited``, or
a rejected span) unless ``overwrite`` is given; what an earlier auto-merge put there (``agreed``) a
later one may fill in but never takes away.

- **Spans**: a position wins by the rule over the coders *present* there (those who marked it or a
  rival version of it; see ``spans``). A winner is not added where gold already holds a rival, or
  where the reviewer rejected it; with ``overwrite`` the rival gold spans go and the winner comes in.
- **Events**: a group of matched events wins when its coders do: ``all``, every coder has an event in
  the group; ``present``, any group; ``majority``, at least ``min_votes`` coders and more than half of
  the article's coders. Its fields are then merged one by one, over the coders who gave a value:
  a field nobody agrees on stays empty for the reviewer. A winning group without a single agreed
  field adds nothing. Each agreed field takes as evidence the gold spans at the same positions as the
  voting coders' evidence.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from annotator.domain.adjudication.events import DECIDED_FIELDS, EventGroup, align_events, field_value
from annotator.domain.adjudication.rules import MergeRule, Strategy
from annotator.domain.adjudication.spans import Position, span_positions
from annotator.domain.models import AnnotationSet, Event
from annotator.domain.provenance import Origin


@dataclass(frozen=True)
class SpanAddition:
    start: int
    end: int
    label: str
    coders: tuple[str, ...]

    @property
    def position(self) -> Position:
        return (self.start, self.end, self.label)


@dataclass(frozen=True)
class FieldMerge:
    name: str
    value: Any
    coders: tuple[str, ...]
    evidence: tuple[Position, ...] = ()


@dataclass
class EventMerge:
    """Fields for a new gold event (``gold_key`` None) or for an existing one."""

    gold_key: str | None
    coders: tuple[str, ...]
    fields: list[FieldMerge] = field(default_factory=list)


@dataclass
class MergePlan:
    spans: list[SpanAddition] = field(default_factory=list)
    remove_spans: list[str] = field(default_factory=list)  # gold span keys (only with overwrite)
    events: list[EventMerge] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.spans or self.remove_spans or self.events)


def _reviewer_made(provenance: Any) -> bool:
    return provenance is not None and provenance.origin is not Origin.AGREED


def auto_merge(
    coders: Sequence[AnnotationSet],
    gold: AnnotationSet | None,
    rule: MergeRule,
    *,
    rejected: Collection[Position] = (),
    overwrite: bool = False,
) -> MergePlan:
    plan = MergePlan()
    everyone = frozenset(a.coder for a in coders)
    if not everyone:
        return plan
    positions = span_positions(coders, gold, rejected)
    gold_spans = {s.key: s for s in (gold.spans if gold else [])}
    refused = set(rejected)
    in_gold: set[Position] = {p.position for p in positions if p.gold_key is not None}
    for p in positions:
        if p.gold_key is not None or not p.votes or not rule.wins(p.votes, p.present, everyone):
            continue
        rival_gold = [k for r in p.rivals if (k := positions[r].gold_key) is not None]
        if (rival_gold or p.position in refused) and not overwrite:
            continue
        plan.remove_spans.extend(k for k in rival_gold if k not in plan.remove_spans)
        plan.spans.append(SpanAddition(p.start, p.end, p.label, tuple(sorted(p.votes))))
        in_gold.add(p.position)
        for key in rival_gold:
            span = gold_spans[key]
            in_gold.discard((span.start, span.end, span.label))
    for group in align_events(coders, gold):
        merged = _merge_event(group, coders, everyone, rule, in_gold, overwrite)
        if merged is not None:
            plan.events.append(merged)
    return plan


def _event_wins(group: EventGroup, everyone: frozenset[str], rule: MergeRule) -> bool:
    members = set(group.members)
    if rule.strategy is Strategy.PRESENT:
        return bool(members)
    return rule.wins(members, everyone, everyone)


def _merge_event(
    group: EventGroup,
    coders: Sequence[AnnotationSet],
    everyone: frozenset[str],
    rule: MergeRule,
    in_gold: set[Position],
    overwrite: bool,
) -> EventMerge | None:
    if not group.members or not _event_wins(group, everyone, rule):
        return None
    gold = group.gold
    decided = gold.provenance.fields if gold is not None and gold.provenance is not None else {}
    spans_of = {a.coder: {s.key: (s.start, s.end, s.label) for s in a.spans} for a in coders}
    fields: list[FieldMerge] = []
    for name in DECIDED_FIELDS:
        if not overwrite and _reviewer_made(decided.get(name)):
            continue
        winner = _field_winner(group, name, everyone, rule)
        if winner is None:
            continue
        value, voters = winner
        current = field_value(gold, name) if gold is not None else None
        if gold is None and (value is None or value is False):
            continue  # a new event has that already
        evidence = _evidence(group.members, voters, name, spans_of, in_gold)
        if gold is not None and current == value and _same_evidence(gold, name, evidence):
            continue
        fields.append(FieldMerge(name, value, voters, evidence))
    if not fields:
        return None
    return EventMerge(gold.key if gold is not None else None, tuple(sorted(group.members)), fields)


def _field_winner(
    group: EventGroup, name: str, everyone: frozenset[str], rule: MergeRule
) -> tuple[Any, tuple[str, ...]] | None:
    given = {c: v for c, v in group.values(name).items() if v is not None}
    if not given:
        return None
    by_value: dict[Any, list[str]] = {}
    for coder, value in given.items():
        by_value.setdefault(value, []).append(coder)
    for value, voters in by_value.items():
        if rule.wins(voters, given.keys(), everyone):
            return value, tuple(sorted(voters))
    return None


def _evidence(
    members: dict[str, Event],
    voters: Sequence[str],
    name: str,
    spans_of: dict[str, dict[str, Position]],
    in_gold: set[Position],
) -> tuple[Position, ...]:
    out: list[Position] = []
    for coder in voters:
        for key in members[coder].evidence.get(name, []):
            position = spans_of[coder].get(key)
            if position is not None and position in in_gold and position not in out:
                out.append(position)
    return tuple(sorted(out))


def _same_evidence(gold: Event, name: str, evidence: tuple[Position, ...]) -> bool:
    return not evidence or bool(gold.evidence.get(name))
