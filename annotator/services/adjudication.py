"""Adjudication: a reviewer turns the coders' work on an article into its gold set.

``open_review`` reads one article with every coder's set and the gold set (with provenance), and
works out span states and event groups (``domain.adjudication``). Each decision is built as one
coding command (``services.annotate``): the gold-set edit and its provenance together, in one
``Composite``, so it is one transaction and one undo step, and its inverse restores both exactly.
``decide`` applies it after checking that the view is not stale (a coder changed their set since it
was read) and that nobody closed the article meanwhile; either way nothing is written and the
message says why.

The gold set is stored under the reviewer who first wrote to it (an article has one gold set,
whoever reviews it next); ``ReviewView.gold_ref`` names it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import Connection, and_, select

from annotator.domain.adjudication.events import DECIDED_FIELDS, EventGroup, align_events, field_value, given
from annotator.domain.adjudication.merge import MergePlan, auto_merge
from annotator.domain.adjudication.rules import MergeRule, Strategy
from annotator.domain.adjudication.spans import Position, SpanPosition, span_positions
from annotator.domain.agreement.compute import AgreementInput
from annotator.domain.errors import UserError
from annotator.domain.fields import FieldValue
from annotator.domain.models import AnnotationSet, Event, EventFields, SetKind, SetStatus
from annotator.domain.moments import now_utc
from annotator.domain.provenance import Origin, Provenance
from annotator.services import annotate as a
from annotator.services.project import Project

# The notes live in a module of their own (the coding screen reads them on every article it opens,
# without importing the agreement maths); callers of this module still find them here.
from annotator.services.review_notes import notes_for as notes_for
from annotator.services.review_notes import open_notes as open_notes
from annotator.store import provenance_rows
from annotator.store.provenance_rows import ProvenanceKey
from annotator.store.repository import SetFilter, articles_t, assignments_t, coders_t, load_sets, sets_t

# ---------------------------------------------------------------- reading


@dataclass
class ReviewView:
    """One article as the review screen shows it, and the versions it was read at."""

    article_id: int
    external_id: str
    title: str
    text: str
    coders: list[AnnotationSet]  # sorted by coder name
    gold: AnnotationSet
    gold_owner: str
    rejected: dict[Position, Provenance]
    closed: Provenance | None
    set_versions: dict[str, int]  # coder -> version of their set when read
    span_seq: int = 0
    event_seq: int = 0
    positions: list[SpanPosition] = field(default_factory=list)
    groups: list[EventGroup] = field(default_factory=list)

    @property
    def gold_ref(self) -> a.SetRef:
        return a.SetRef(self.article_id, self.gold_owner, SetKind.GOLD)

    @property
    def coder_names(self) -> list[str]:
        return [s.coder for s in self.coders]

    @property
    def status(self) -> SetStatus:
        return self.gold.status

    def position(self, where: Position) -> SpanPosition:
        for p in self.positions:
            if p.position == where:
                return p
        raise UserError(f"no span at {where[0]}-{where[1]} tagged {where[2]} in this article")

    def coder_set(self, coder: str) -> AnnotationSet:
        for s in self.coders:
            if s.coder == coder:
                return s
        raise UserError(f"{coder} has no annotations of this article")


class StaleView(UserError):
    """The review was read before someone else changed the article (a coder's set, or the gold set
    started by another reviewer): read it again before deciding. Nothing was written."""


def _rejection_key(where: Position) -> ProvenanceKey:
    return ProvenanceKey("rejected", f"{where[0]}-{where[1]}", where[2])


def _rejected_position(key: ProvenanceKey) -> Position:
    start, end = key.key.split("-")
    return (int(start), int(end), key.field)


def open_review(project: Project, article_id: int, reviewer: str) -> ReviewView:
    """Read the article for review. Raises UserError when it has fewer than two coders' sets."""
    with project.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        view = _read(conn, article_id, reviewer)
    if len(view.coders) < 2:
        who = f"only {view.coders[0].coder}'s" if view.coders else "no coder's"
        raise UserError(
            f"article {view.external_id} has {who} annotations: adjudication needs at least two coders' work"
        )
    return view


def _read(conn: Connection, article_id: int, reviewer: str) -> ReviewView:
    article = conn.execute(
        select(articles_t.c.external_id, articles_t.c.title, articles_t.c.text).where(articles_t.c.id == article_id)
    ).first()
    if article is None:
        raise UserError(f"there is no article {article_id} in this project")
    rows = conn.execute(
        select(sets_t.c.id, sets_t.c.kind, sets_t.c.version, sets_t.c.span_seq, sets_t.c.event_seq, coders_t.c.name)
        .join(coders_t, coders_t.c.id == sets_t.c.coder_id)
        .where(sets_t.c.article_id == article_id)
    ).all()
    sets = load_sets(conn, [article_id], SetFilter()).get(article_id, [])
    coders = sorted((s for s in sets if s.kind is SetKind.CODER), key=lambda s: s.coder)
    gold = next((s for s in sets if s.kind is SetKind.GOLD), None)
    gold_row = next((r for r in rows if r.kind == SetKind.GOLD.value), None)
    rejected: dict[Position, Provenance] = {}
    closed = None
    if gold_row is not None:
        for key, value in provenance_rows.of_sets(conn, [gold_row.id]).get(gold_row.id, {}).items():
            if key.kind == "rejected":
                rejected[_rejected_position(key)] = value
            elif key.kind == "closed":
                closed = value
    owner = gold.coder if gold is not None else reviewer
    view = ReviewView(
        article_id=article_id,
        external_id=article.external_id,
        title=article.title or "",
        text=article.text,
        coders=coders,
        gold=gold or AnnotationSet(coder=owner, kind=SetKind.GOLD),
        gold_owner=owner,
        rejected=rejected,
        closed=closed if gold is not None and gold.status is SetStatus.DONE else None,
        set_versions={r.name: int(r.version) for r in rows if r.kind == SetKind.CODER.value},
        span_seq=int(gold_row.span_seq) if gold_row is not None else 0,
        event_seq=int(gold_row.event_seq) if gold_row is not None else 0,
    )
    view.positions = span_positions(coders, gold, rejected)
    view.groups = align_events(coders, gold)
    return view


# ---------------------------------------------------------------- applying a decision


def decide(project: Project, view: ReviewView, command: a.Command) -> tuple[a.Command, a.Changes]:
    """Apply a decision built from ``view``; refused (UserError, nothing written) if the view is stale
    or the article was closed. Returns the inverse and what changed, as ``annotate.apply`` does."""
    check_current(project, view, reopening=_reopens(command))
    return a.apply(project, command)


def _reopens(command: a.Command) -> bool:
    if isinstance(command, a.Composite):
        return any(_reopens(c) for c in command.commands)
    return isinstance(command, a.SetStatus) and command.status is not SetStatus.DONE


def check_current(project: Project, view: ReviewView, *, reopening: bool = False) -> None:
    with project.engine.connect() as conn:
        rows = conn.execute(
            select(sets_t.c.id, sets_t.c.kind, sets_t.c.version, sets_t.c.status, coders_t.c.name)
            .join(coders_t, coders_t.c.id == sets_t.c.coder_id)
            .where(sets_t.c.article_id == view.article_id)
        ).all()
        gold = next((r for r in rows if r.kind == SetKind.GOLD.value), None)
        closed = None
        if gold is not None and gold.status == SetStatus.DONE.value and not reopening:
            closed = provenance_rows.get(conn, gold.id, ProvenanceKey("closed"))
    if gold is not None and gold.status == SetStatus.DONE.value and not reopening:
        who = f" by {closed.by} at {closed.at:%Y-%m-%d %H:%M} UTC" if closed else ""
        raise UserError(
            f"article {view.external_id} was closed{who}: reopen it to change its gold set; nothing was changed"
        )
    if gold is not None and gold.name != view.gold_owner:
        raise StaleView(
            f"another reviewer ({gold.name}) started the gold set of article {view.external_id} after this review "
            "opened: reload the article; nothing was changed"
        )
    now = {r.name: int(r.version) for r in rows if r.kind == SetKind.CODER.value}
    changed = sorted(n for n in set(now) | set(view.set_versions) if now.get(n) != view.set_versions.get(n))
    if changed:
        raise StaleView(
            f"{', '.join(changed)} changed their annotations of article {view.external_id} after this review "
            "opened: reload the article to see the changes; nothing was changed"
        )


# ---------------------------------------------------------------- building decisions


class _Keys:
    """Gold keys for new spans and events: above the set's counters and every key in it, never reused."""

    def __init__(self, view: ReviewView) -> None:
        self.spans = [s.key for s in view.gold.spans] + [f"s{view.span_seq}"]
        self.events = [e.key for e in view.gold.events] + [f"e{view.event_seq}"]

    def span(self) -> str:
        key = a.next_key("s", self.spans)
        self.spans.append(key)
        return key

    def event(self) -> str:
        key = a.next_key("e", self.events)
        self.events.append(key)
        return key


class Decisions:
    """Builds the commands of a reviewer's decisions on one view (nothing is applied here)."""

    def __init__(self, view: ReviewView, reviewer: str, *, now: Callable[[], dt.datetime] = now_utc) -> None:
        self.view = view
        self.reviewer = reviewer
        self._now = now
        self._keys = _Keys(view)
        self._gold_spans: dict[Position, str] = {(s.start, s.end, s.label): s.key for s in view.gold.spans}

    # ---- provenance

    def provenance(self, origin: Origin, coders: Iterable[str] = (), strategy: str = "") -> Provenance:
        return Provenance(origin=origin, coders=tuple(coders), by=self.reviewer, at=self._now(), strategy=strategy)

    def _prov(self, kind: str, key: str, name: str, value: Provenance | None) -> a.SetProvenance:
        return a.SetProvenance(self.view.gold_ref, kind, key, name, value)

    def _require_open(self) -> None:
        if self.view.status is SetStatus.DONE:
            raise UserError(f"article {self.view.external_id} is closed: reopen it to change its gold set")

    # ---- spans

    def _add_gold_span(self, where: Position, provenance: Provenance, out: list[a.Command]) -> str:
        key = self._gold_spans.get(where)
        if key is not None:
            return key
        key = self._keys.span()
        out.append(a.AddSpan(self.view.gold_ref, where[0], where[1], where[2], key=key))
        out.append(self._prov("span", key, "", provenance))
        self._gold_spans[where] = key
        return key

    def _remove_gold_span(self, key: str, out: list[a.Command]) -> None:
        out.append(a.DeleteSpan(self.view.gold_ref, key))
        out.append(self._prov("span", key, "", None))
        self._gold_spans = {w: k for w, k in self._gold_spans.items() if k != key}

    def accept_span(self, coder: str, where: Position) -> a.Composite:
        """Coder's span into gold; rival gold versions go (they turn rejected)."""
        self._require_open()
        p = self.view.position(where)
        if coder not in p.votes:
            raise UserError(f"{coder} did not tag {where[0]}-{where[1]} as {where[2]}")
        if p.gold_key is not None:
            raise UserError("this span is already in the gold set")
        out: list[a.Command] = []
        for r in p.rivals:
            rival = self.view.positions[r].gold_key
            if rival is not None:
                self._remove_gold_span(rival, out)
        self._add_gold_span(where, self.provenance(Origin.ACCEPTED, p.votes), out)
        if where in self.view.rejected:
            out.append(self._prov(*_rejection_fields(where), None))
        return a.Composite(tuple(out), f"Accept {coder}'s {where[2]}")

    def reject_span(self, where: Position) -> a.Composite:
        """Out of gold (if there) and marked rejected, so auto-merge leaves it out too."""
        self._require_open()
        p = self.view.position(where)
        out: list[a.Command] = []
        if p.gold_key is not None:
            self._remove_gold_span(p.gold_key, out)
        if p.votes and where not in self.view.rejected:
            out.append(self._prov(*_rejection_fields(where), self.provenance(Origin.EDITED, p.votes)))
        if not out:
            raise UserError("this span is already rejected")
        return a.Composite(tuple(out), f"Reject {where[2]}")

    # ---- events

    def _gold_evidence(self, coder: str, event: Event, name: str, out: list[a.Command]) -> tuple[str, ...]:
        """The gold spans standing for a coder's evidence of a field (added to gold if missing)."""
        spans = {s.key: (s.start, s.end, s.label) for s in self.view.coder_set(coder).spans}
        keys: list[str] = []
        for key in event.evidence.get(name, []):
            where = spans.get(key)
            if where is None:
                continue
            voters = self.view.position(where).votes
            gold_key = self._add_gold_span(where, self.provenance(Origin.ACCEPTED, voters), out)
            if gold_key not in keys:
                keys.append(gold_key)
        return tuple(keys)

    def _agreeing(self, group: EventGroup, name: str, value: Any) -> tuple[str, ...]:
        return tuple(c for c, v in group.values(name).items() if v == value and type(v) is type(value))

    def group(self, index: int) -> EventGroup:
        try:
            return self.view.groups[index]
        except IndexError:
            raise UserError(f"there is no event row {index + 1}") from None

    def accept_event(self, coder: str, index: int) -> a.Composite:
        """Coder's whole event (every field and its evidence) into gold."""
        self._require_open()
        group = self.group(index)
        event = group.members.get(coder)
        if event is None:
            raise UserError(f"{coder} has no event in this row")
        out: list[a.Command] = []
        values: list[tuple[str, FieldValue]] = []
        evidence: list[tuple[str, tuple[str, ...]]] = []
        fields: dict[str, Provenance] = {}
        for name in DECIDED_FIELDS:
            value = getattr(event.fields, name)
            values.append((name, value))
            keys = self._gold_evidence(coder, event, name, out)
            evidence.append((name, keys))
            mine = field_value(event, name)
            # A field decided by taking this event: given by the coder, or given by another coder
            # (then "empty" was the decision). A field nobody filled has nothing to record.
            if given(mine) or any(map(given, group.values(name).values())):
                fields[name] = self.provenance(Origin.ACCEPTED, self._agreeing(group, name, mine))
        own = self.provenance(Origin.ACCEPTED, [coder])
        if group.gold is None:
            key = self._keys.event()
            defaults = EventFields()
            out.append(
                a.CreateEvent(
                    self.view.gold_ref,
                    key=key,
                    values=tuple((n, v) for n, v in values if v != getattr(defaults, n) or n in fields),
                    evidence=tuple((n, k) for n, k in evidence if k),
                )
            )
        else:
            key = group.gold.key
            out.append(a.SetEventField(self.view.gold_ref, key, tuple(values)))
            for name, keys in evidence:
                if list(keys) != group.gold.evidence.get(name, []):
                    out.append(a.SetEvidence(self.view.gold_ref, key, name, keys))
        out.append(self._prov("event", key, "", own))
        for name in DECIDED_FIELDS:
            out.append(self._prov("field", key, name, fields.get(name)))
        return a.Composite(tuple(_needed(out, group.gold, key)), f"Accept {coder}'s event")

    def accept_field(self, coder: str, index: int, name: str) -> a.Composite:
        """One field of coder's event (value and evidence) into the row's gold event (made if missing)."""
        self._require_open()
        group = self.group(index)
        event = group.members.get(coder)
        if event is None:
            raise UserError(f"{coder} has no event in this row")
        value = getattr(event.fields, name)
        out: list[a.Command] = []
        keys = self._gold_evidence(coder, event, name, out)
        voters = self._agreeing(group, name, field_value(event, name))
        key = self._gold_event(group, out, [coder])
        out.append(a.SetEventField.one(self.view.gold_ref, key, name, value))
        out.append(a.SetEvidence(self.view.gold_ref, key, name, keys))
        out.append(self._prov("field", key, name, self.provenance(Origin.ACCEPTED, voters)))
        return a.Composite(tuple(out), f"Accept {coder}'s {name.replace('_', ' ')}")

    def edit_field(self, index: int, name: str, value: FieldValue) -> a.Composite:
        """The reviewer's own value for a field of the row's gold event (made if missing)."""
        self._require_open()
        group = self.group(index)
        out: list[a.Command] = []
        key = self._gold_event(group, out, [])
        out.append(a.SetEventField.one(self.view.gold_ref, key, name, value))
        out.append(self._prov("field", key, name, self.provenance(Origin.EDITED)))
        return a.Composite(tuple(out), f"Edit gold {name.replace('_', ' ')}")

    def _gold_event(self, group: EventGroup, out: list[a.Command], coders: Sequence[str]) -> str:
        if group.gold is not None:
            return group.gold.key
        key = self._keys.event()
        out.append(a.CreateEvent(self.view.gold_ref, key=key))
        out.append(self._prov("event", key, "", self.provenance(Origin.ACCEPTED if coders else Origin.EDITED, coders)))
        return key

    def reject_event(self, index: int) -> a.Composite:
        """The row's gold event goes (with its provenance)."""
        self._require_open()
        gold = self.group(index).gold
        if gold is None:
            raise UserError("this row has no gold event")
        out: list[a.Command] = [a.DeleteEvent(self.view.gold_ref, gold.key), self._prov("event", gold.key, "", None)]
        out += [self._prov("field", gold.key, n, None) for n in DECIDED_FIELDS]
        return a.Composite(tuple(out), "Remove gold event")

    def merge_events(self, keep: str, other: str) -> a.Composite:
        """Two gold events are one: ``other``'s fields fill ``keep``'s empty ones (with their evidence
        and provenance), then ``other`` goes."""
        self._require_open()
        events = {e.key: e for e in self.view.gold.events}
        if keep not in events or other not in events or keep == other:
            raise UserError("choose two different gold events to merge")
        a_event, b_event = events[keep], events[other]
        b_prov = b_event.provenance.fields if b_event.provenance else {}
        out: list[a.Command] = []
        values = []
        for name in DECIDED_FIELDS:
            if not given(field_value(a_event, name)) and given(field_value(b_event, name)):
                values.append((name, getattr(b_event.fields, name)))
                if b_event.evidence.get(name):
                    out.append(a.SetEvidence(self.view.gold_ref, keep, name, tuple(b_event.evidence[name])))
                out.append(self._prov("field", keep, name, b_prov.get(name)))
        if values:
            out.insert(0, a.SetEventField(self.view.gold_ref, keep, tuple(values)))
        coders = set(a_event.provenance.coders if a_event.provenance else ()) | set(
            b_event.provenance.coders if b_event.provenance else ()
        )
        out.append(self._prov("event", keep, "", self.provenance(Origin.EDITED, coders)))
        out.append(a.DeleteEvent(self.view.gold_ref, other))
        out.append(self._prov("event", other, "", None))
        out += [self._prov("field", other, n, None) for n in DECIDED_FIELDS if n in b_prov]
        return a.Composite(tuple(out), "Merge gold events")

    def split_event(self, key: str) -> a.Composite:
        """A gold event that is really two: a copy next to it (fields, evidence, field provenance) to edit."""
        self._require_open()
        source = next((e for e in self.view.gold.events if e.key == key), None)
        if source is None:
            raise UserError(f"there is no gold event {key}")
        new = self._keys.event()
        defaults = EventFields()
        values = tuple(
            (n, getattr(source.fields, n)) for n in DECIDED_FIELDS if getattr(source.fields, n) != getattr(defaults, n)
        )
        evidence = tuple((n, tuple(k)) for n, k in source.evidence.items() if k)
        out: list[a.Command] = [a.CreateEvent(self.view.gold_ref, key=new, values=values, evidence=evidence)]
        coders = source.provenance.coders if source.provenance else ()
        out.append(self._prov("event", new, "", self.provenance(Origin.EDITED, coders)))
        for name, p in (source.provenance.fields if source.provenance else {}).items():
            out.append(self._prov("field", new, name, p))
        return a.Composite(tuple(out), "Split gold event")

    # ---- whole article

    def accept_all_agreed(self) -> a.Composite:
        """Everything every coder agrees on, into gold as the reviewer's acceptance, in one step."""
        self._require_open()
        plan = auto_merge(self.view.coders, self.view.gold, MergeRule(Strategy.ALL), rejected=self.view.rejected)
        if plan.empty:
            raise UserError("nothing agreed by every coder is left to accept")
        return self.from_plan(plan, Origin.ACCEPTED, "", "Accept everything agreed")

    def from_plan(self, plan: MergePlan, origin: Origin, strategy: str, text: str) -> a.Composite:
        out: list[a.Command] = []
        for key in plan.remove_spans:
            self._remove_gold_span(key, out)
        for span in plan.spans:
            self._add_gold_span(span.position, self.provenance(origin, span.coders, strategy), out)
            if span.position in self.view.rejected:
                out.append(self._prov(*_rejection_fields(span.position), None))
        for merge in plan.events:
            fields = {f.name: f for f in merge.fields}
            evidence = {
                n: tuple(self._gold_spans[w] for w in f.evidence if w in self._gold_spans) for n, f in fields.items()
            }
            if merge.gold_key is None:
                key = self._keys.event()
                out.append(
                    a.CreateEvent(
                        self.view.gold_ref,
                        key=key,
                        values=tuple((n, f.value) for n, f in fields.items()),
                        evidence=tuple((n, k) for n, k in evidence.items() if k),
                    )
                )
                out.append(self._prov("event", key, "", self.provenance(origin, merge.coders, strategy)))
            else:
                key = merge.gold_key
                out.append(a.SetEventField(self.view.gold_ref, key, tuple((n, f.value) for n, f in fields.items())))
                out += [a.SetEvidence(self.view.gold_ref, key, n, k) for n, k in evidence.items() if k]
            for name, f in fields.items():
                out.append(self._prov("field", key, name, self.provenance(origin, f.coders, strategy)))
        return a.Composite(tuple(out), text)

    def mark_done(self) -> a.Composite:
        self._require_open()
        return a.Composite(
            (
                a.SetStatus(self.view.gold_ref, SetStatus.DONE),
                self._prov("closed", "", "", self.provenance(Origin.EDITED)),
            ),
            "Mark review done",
        )

    def reopen(self) -> a.Composite:
        if self.view.status is not SetStatus.DONE:
            raise UserError("this review is not closed")
        return a.Composite(
            (a.SetStatus(self.view.gold_ref, SetStatus.IN_PROGRESS), self._prov("closed", "", "", None)),
            "Reopen review",
        )


def _rejection_fields(where: Position) -> tuple[str, str, str]:
    key = _rejection_key(where)
    return key.kind, key.key, key.field


def _needed(out: list[a.Command], gold: Event | None, key: str) -> list[a.Command]:
    """Drop provenance resets of fields that had none (keeps a decision's command short)."""
    had = set(gold.provenance.fields) if gold is not None and gold.provenance is not None else set()
    return [
        c
        for c in out
        if not (isinstance(c, a.SetProvenance) and c.kind == "field" and c.value is None and c.field not in had)
    ]


# ---------------------------------------------------------------- auto-merge over many articles


@dataclass
class AutoMergeResult:
    articles: int = 0  # articles looked at
    changed: int = 0  # articles whose gold set changed
    spans: int = 0
    events: int = 0
    fields: int = 0
    skipped: list[str] = field(default_factory=list)  # why an article was left alone


def auto_merge_articles(
    project: Project,
    who: str,
    rule: MergeRule,
    *,
    batch: str | None = None,
    article_ids: Sequence[int] | None = None,
    overwrite: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> AutoMergeResult:
    """Auto-merge every article with two or more coders' sets (in ``batch``, if given): one
    transaction per article; closed articles are left alone and named in ``skipped``."""
    ids = list(article_ids) if article_ids is not None else candidate_articles(project, batch=batch)
    result = AutoMergeResult()
    for n, article_id in enumerate(ids, 1):
        if progress is not None:
            progress(n, len(ids))
        try:
            view = open_review(project, article_id, who)
        except UserError:
            continue  # fewer than two coders
        result.articles += 1
        if view.status is SetStatus.DONE:
            result.skipped.append(f"{view.external_id}: closed")
            continue
        plan = auto_merge(view.coders, view.gold, rule, rejected=view.rejected, overwrite=overwrite)
        if plan.empty:
            continue
        decisions = Decisions(view, who)
        command = decisions.from_plan(plan, Origin.AGREED, rule.strategy.value, f"Auto-merge ({rule.describe()})")
        decide(project, view, command)
        result.changed += 1
        result.spans += len(plan.spans)
        result.events += sum(1 for e in plan.events if e.gold_key is None)
        result.fields += sum(len(e.fields) for e in plan.events)
    return result


def candidate_articles(project: Project, *, batch: str | None = None) -> list[int]:
    """Articles with at least two coders' sets (assigned in ``batch``, if given), by id."""
    from sqlalchemy import func

    with project.engine.connect() as conn:
        q = (
            select(sets_t.c.article_id)
            .where(sets_t.c.kind == SetKind.CODER.value)
            .group_by(sets_t.c.article_id)
            .having(func.count() >= 2)
            .order_by(sets_t.c.article_id)
        )
        if batch is not None:
            known = conn.scalar(select(assignments_t.c.id).where(assignments_t.c.batch == batch).limit(1))
            if known is None:
                raise UserError(f"no article is assigned in batch '{batch}'")
            q = q.where(
                sets_t.c.article_id.in_(select(assignments_t.c.article_id).where(assignments_t.c.batch == batch))
            )
        return [int(x) for x in conn.scalars(q)]


# ---------------------------------------------------------------- queue, notes


@dataclass(frozen=True)
class QueueItem:
    article_id: int
    external_id: str
    title: str
    coders: tuple[str, ...]
    disagreement: float  # 0 = the coders agree on everything (agreement's per-article measure)
    status: str  # the gold set's: not_started, in_progress or done


@dataclass(frozen=True)
class ReadyArticles:
    """What the queue is ranked from: the ready articles (id, external id, title, gold status) and
    the agreement input of their sets, events and spans."""

    rows: list[tuple[int, str, str, str]]
    data: AgreementInput | None


def review_queue(project: Project, *, batch: str | None = None, include_done: bool = True) -> list[QueueItem]:
    """Articles whose coders (two or more) are all done, most disagreement first."""
    return rank_queue(read_queue(project, batch=batch), include_done=include_done)


def read_queue(project: Project, *, batch: str | None = None) -> ReadyArticles:
    """Read what the queue needs, on one connection: only the ready articles (the ranking is
    agreement's per-article measure, which depends on each article's own sets alone), with their
    sets, events and spans read once. The app runs this on its database worker."""
    from annotator.domain.agreement.scope import AgreementScope
    from annotator.services.agreement import read_input
    from annotator.store.agreement_queries import ready_articles

    gold_t = sets_t.alias("gold_sets")
    with project.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")  # one snapshot for both reads
        q = (
            select(articles_t.c.id, articles_t.c.external_id, articles_t.c.title, gold_t.c.status)
            .select_from(
                articles_t.outerjoin(
                    gold_t, and_(gold_t.c.article_id == articles_t.c.id, gold_t.c.kind == SetKind.GOLD.value)
                )
            )
            .where(articles_t.c.id.in_(ready_articles().scalar_subquery()))
        )
        if batch is not None:
            known = conn.scalar(select(assignments_t.c.id).where(assignments_t.c.batch == batch).limit(1))
            if known is None:
                raise UserError(f"no article is assigned in batch '{batch}'")
            q = q.where(articles_t.c.id.in_(select(assignments_t.c.article_id).where(assignments_t.c.batch == batch)))
        rows = [
            (int(r.id), str(r.external_id), r.title or "", r.status or SetStatus.NOT_STARTED.value)
            for r in conn.execute(q)
        ]
        if not rows:
            return ReadyArticles([], None)
        data = read_input(conn, AgreementScope(batch=batch, ready_for_review=True), project.codebook.label_names)
    return ReadyArticles(rows, data)


def rank_queue(ready: ReadyArticles, *, include_done: bool = True) -> list[QueueItem]:
    """Measure and order (no database: the app runs this in its general pool, off the reads' lane).
    The bootstrap intervals of α are skipped: the ranking does not use them."""
    from annotator.domain.agreement.compute import MeasureOptions, measure

    if ready.data is None:
        return []
    data = ready.data
    report = measure(data, MeasureOptions(resamples=0))
    score = {x.article: x.disagreement for x in report.by_article}
    index = {external_id: t for t, external_id in enumerate(data.article_ids)}
    items = []
    for article_id, external_id, title, gold in ready.rows:
        if gold == SetStatus.DONE.value and not include_done:
            continue
        t = index.get(external_id)
        coders = tuple(data.coders[c] for c in np.nonzero(data.has_set[t])[0].tolist()) if t is not None else ()
        items.append(QueueItem(article_id, external_id, title, coders, float(score.get(external_id, 0.0)), gold))
    return sorted(items, key=lambda i: (i.status == SetStatus.DONE.value, -i.disagreement, i.article_id))


def send_back_command(
    view: ReviewView, coder: str, note: str, reviewer: str, *, now: Callable[[], dt.datetime] = now_utc
) -> a.Composite:
    """The coder's set of the article in progress again, with a note for them: one command, so one
    transaction and one undo step (its inverse takes the note back and marks the set done again)."""
    note = note.strip()
    if not note:
        raise UserError("say in the note what the coder should look at again")
    if coder not in view.set_versions:
        raise UserError(f"{coder} has no annotations of article {view.external_id}")
    ref = a.SetRef(view.article_id, coder)
    return a.Composite(
        (a.SetStatus(ref, SetStatus.IN_PROGRESS), a.SendNote(ref, note, reviewer, now())), f"Send back to {coder}"
    )


def send_back(project: Project, view: ReviewView, coder: str, note: str, reviewer: str) -> tuple[a.Command, a.Changes]:
    """Send the article back to ``coder`` with a note (see ``send_back_command``); returns the inverse,
    whose status change names the version the send-back left, so undoing it is refused (nothing
    changed) once the coder has edited the set again."""
    return apply_guarded(project, send_back_command(view, coder, note, reviewer))


def apply_guarded(project: Project, command: a.Command) -> tuple[a.Command, a.Changes]:
    """``annotate.apply``, with each status change of a coder's set in the inverse naming the set's
    version after ``command``: an undo of a send-back is refused if the coder has edited since.
    (Gold sets are left unguarded: undoing a reviewer's own later steps moves their version on.)"""
    inverse, changes = a.apply(project, command)
    return _guarded(inverse, changes), changes


def _guarded(inverse: a.Command, changes: a.Changes) -> a.Command:
    if isinstance(inverse, a.Composite):
        return a.Composite(tuple(_guarded(c, changes) for c in inverse.commands), inverse.text)
    coders = isinstance(inverse, a.SetStatus) and inverse.target.kind is SetKind.CODER
    if isinstance(inverse, a.SetStatus) and coders and inverse.target in changes.set_versions:
        return a.SetStatus(inverse.target, inverse.status, version=changes.set_versions[inverse.target])
    return inverse
