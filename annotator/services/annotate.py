"""Coding commands: every edit a coder makes is one command, applied in one transaction.

``apply(project, command)`` validates the command with the domain, writes it, and returns its
inverse (the command that undoes it exactly) and the ``Changes`` it made, so a user interface can
refresh only what changed. Applying the inverse returns the original command again, with every
key and id it drew made concrete, which is what an undo stack replays on redo.

Commands address one coder's annotation set by ``SetRef`` and spans and events by their keys
(stable ids within the set), never by row ids, because undoing a deletion re-creates rows.
The set itself is created on the first edit, and a set that was "not started" becomes "in
progress" with it (and back again on undo).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from pydantic import ValidationError
from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from annotator.domain import models
from annotator.domain.codebook import Codebook
from annotator.domain.errors import InputError, UserError
from annotator.domain.fields import EVENT_FIELD_NAMES, EVENT_FIELDS, FIELDS, TYPED_FIELDS, FieldValue, ValueType
from annotator.domain.models import EventFields, SetKind
from annotator.domain.records import parse_event_fields
from annotator.services.project import ArticleTexts, Project
from annotator.store import coding_rows as rows
from annotator.store.repository import events_t, spans_t
from annotator.store.uow import transaction

Status = models.SetStatus


class CodingError(UserError):
    """An edit that cannot be made (unknown span, overlapping duplicate, bad offsets...)."""


class FieldError(CodingError):
    """A value an event field does not accept; ``field`` names it so the form can say so inline."""

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(f"{field}: {reason}")


# ---------------------------------------------------------------- commands


@dataclass(frozen=True, slots=True)
class SetRef:
    """One coder's annotation set on one article (created on first edit)."""

    article_id: int
    coder: str
    kind: SetKind = SetKind.CODER


@dataclass(frozen=True, slots=True)
class AddSpan:
    target: SetRef
    start: int
    end: int
    label: str
    key: str | None = None  # None: the next free "sN"


@dataclass(frozen=True, slots=True)
class DeleteSpan:
    target: SetRef
    key: str


@dataclass(frozen=True, slots=True)
class RelabelSpan:
    target: SetRef
    key: str
    label: str


@dataclass(frozen=True, slots=True)
class MoveSpan:
    """Change a span's edges (its label, key and evidence links stay)."""

    target: SetRef
    key: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class CreateEvent:
    target: SetRef
    key: str | None = None  # None: the next free "eN"
    values: tuple[tuple[str, FieldValue], ...] = ()
    evidence: tuple[tuple[str, tuple[str, ...]], ...] = ()
    position: int | None = None  # None: after the set's last event


@dataclass(frozen=True, slots=True)
class DeleteEvent:
    target: SetRef
    key: str


@dataclass(frozen=True, slots=True)
class SetEventField:
    """Set one or more fields of an event. Values may be typed or text as a form holds it."""

    target: SetRef
    event: str
    values: tuple[tuple[str, FieldValue], ...]

    @classmethod
    def one(cls, target: SetRef, event: str, name: str, value: FieldValue) -> SetEventField:
        return cls(target, event, ((name, value),))


@dataclass(frozen=True, slots=True)
class LinkEvidence:
    """Add a span to the evidence of an event field (no change if it is already there)."""

    target: SetRef
    event: str
    field: str
    span: str


@dataclass(frozen=True, slots=True)
class UnlinkEvidence:
    target: SetRef
    event: str
    field: str
    span: str


@dataclass(frozen=True, slots=True)
class SetEvidence:
    """Make a field's evidence exactly these spans, in order (what undo of a link applies)."""

    target: SetRef
    event: str
    field: str
    spans: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SetStatus:
    target: SetRef
    status: Status


@dataclass(frozen=True, slots=True)
class Composite:
    """Several commands as one edit; applied in order, undone in reverse order."""

    commands: tuple[Command, ...]
    text: str = ""


Command: TypeAlias = (
    AddSpan
    | DeleteSpan
    | RelabelSpan
    | MoveSpan
    | CreateEvent
    | DeleteEvent
    | SetEventField
    | LinkEvidence
    | UnlinkEvidence
    | SetEvidence
    | SetStatus
    | Composite
)


# ---------------------------------------------------------------- what changed


@dataclass(frozen=True, slots=True)
class SpanInfo:
    key: str
    start: int
    end: int
    label: str
    text: str


@dataclass(frozen=True, slots=True)
class EventInfo:
    key: str
    position: int
    fields: EventFields
    evidence: Mapping[str, tuple[str, ...]]


@dataclass
class Changes:
    """What one command changed, with the new state of each changed thing (None: it was deleted)."""

    targets: set[SetRef] = field(default_factory=set)
    spans: dict[str, SpanInfo | None] = field(default_factory=dict)
    events: dict[str, EventInfo | None] = field(default_factory=dict)
    status: Status | None = None

    @property
    def empty(self) -> bool:
        return not (self.spans or self.events or self.status is not None)

    def update(self, later: Changes) -> None:
        """Fold a later change into this one (later states win)."""
        self.targets |= later.targets
        self.spans.update(later.spans)
        self.events.update(later.events)
        if later.status is not None:
            self.status = later.status


# ---------------------------------------------------------------- applying


def apply(project: Project, command: Command) -> tuple[Command, Changes]:
    """Run ``command`` in one transaction; return its inverse and what changed.

    Raises CodingError (or FieldError) for edits the data does not allow; nothing is written then.
    """
    run = _Run(project.codebook, project.texts)
    try:
        with transaction(project.engine) as conn:
            run.conn = conn
            inverse = run.do(command)
            inverse = run.finish(inverse)
    except IntegrityError as exc:
        raise CodingError(f"the edit clashes with data saved elsewhere ({_reason(exc)}); reload the article") from exc
    return inverse, run.changes


def describe(command: Command) -> str:
    """A short text for menus ("Undo Tag actor")."""
    match command:
        case AddSpan(label=label):
            return f"Tag {label}"
        case DeleteSpan():
            return "Delete span"
        case RelabelSpan(label=label):
            return f"Relabel as {label}"
        case MoveSpan():
            return "Move span edge"
        case CreateEvent():
            return "New event"
        case DeleteEvent():
            return "Delete event"
        case SetEventField(values=values):
            return "Edit " + ", ".join(name.replace("_", " ") for name, _ in values)
        case LinkEvidence(field=name) | SetEvidence(field=name):
            return f"Link evidence to {name.replace('_', ' ')}"
        case UnlinkEvidence(field=name):
            return f"Unlink evidence from {name.replace('_', ' ')}"
        case SetStatus(status=status):
            return f"Mark {status.value.replace('_', ' ')}"
        case Composite(text=text, commands=commands):
            return text or (describe(commands[0]) if commands else "Edit")
    raise AssertionError(command)


def next_key(prefix: str, keys: Iterable[str]) -> str:
    """The next "<prefix>N" above every key of that form (keys of other forms are ignored)."""
    pattern = re.compile(rf"^{re.escape(prefix)}(\d+)$")
    highest = 0
    for k in keys:
        m = pattern.match(k)
        if m:
            highest = max(highest, int(m.group(1)))
    return f"{prefix}{highest + 1}"


def merge_key(command: Command, inverse: Command) -> tuple[Any, ...] | None:
    """Edits with equal merge keys may fold into one undo step (typing in one text field).

    The fields a coder types into letter by letter are marked ``typed`` in their definitions. A
    typed actor may carry its actor type along (the type follows the actor as it is typed): the
    burst is still one step."""
    if isinstance(command, SetEventField) and isinstance(inverse, SetEventField) and command.values:
        names = tuple(sorted(n for n, _ in inverse.values))
        first = command.values[0][0]
        companions = {n for n, _ in command.values[1:]}
        if first in TYPED_FIELDS and companions <= {FIELDS[first].type_field}:
            return (command.target, command.event, names)
    return None


# Fields given as text by a form that hold numbers or dates: blank text means no value.
_NOT_TEXT = frozenset(f.name for f in EVENT_FIELDS if f.type in (ValueType.INT, ValueType.FLOAT, ValueType.DATE))


class _Run:
    """State of one apply: the connection, resolved sets, and the changes gathered so far."""

    def __init__(self, codebook: Codebook, texts: ArticleTexts) -> None:
        self.codebook = codebook
        self.texts = texts
        self.conn: Connection
        self.changes = Changes()
        self._sets: dict[SetRef, tuple[int, str]] = {}
        self._started: set[SetRef] = set()  # sets whose content changed in this run
        self._explicit_status: set[SetRef] = set()  # sets given a status by a SetStatus in this run
        self._dirty_events: dict[SetRef, set[str]] = {}

    # ---- dispatch

    def do(self, command: Command) -> Command:
        handler = _HANDLERS.get(type(command))
        if handler is None:
            raise TypeError(f"not a coding command: {command!r}")
        return handler(self, command)

    def finish(self, inverse: Command) -> Command:
        """Bump untouched sets to in-progress and read back the state of changed events."""
        extra: list[Command] = []
        for ref in self._started:
            set_id, status = self._sets[ref]
            if status == Status.NOT_STARTED and ref not in self._explicit_status:
                rows.update_set(self.conn, set_id, status=Status.IN_PROGRESS.value)
                self._sets[ref] = (set_id, Status.IN_PROGRESS.value)
                self.changes.status = Status.IN_PROGRESS
                extra.append(SetStatus(ref, Status.NOT_STARTED))
            else:
                rows.update_set(self.conn, set_id)
        for ref, keys in self._dirty_events.items():
            set_id = self._sets[ref][0]
            for key in keys:
                self.changes.events[key] = self._event_info(set_id, key)
        if extra:
            return Composite((inverse, *extra), describe(inverse))
        return inverse

    # ---- sets

    def set_id(self, ref: SetRef, *, create: bool = True) -> int | None:
        if ref not in self._sets:
            found = rows.find_set(self.conn, ref.article_id, ref.coder, ref.kind.value)
            if found is None:
                if not create:
                    return None
                if not rows.article_exists(self.conn, ref.article_id):
                    raise CodingError(f"article {ref.article_id} is not in the database")
                status = Status.NOT_STARTED.value
                set_id = rows.create_set(self.conn, ref.article_id, ref.coder, ref.kind.value, status)
                found_pair = (set_id, status)
            else:
                found_pair = (int(found.id), str(found.status))
            self._sets[ref] = found_pair
        self.changes.targets.add(ref)
        return self._sets[ref][0]

    def content_set(self, ref: SetRef) -> int:
        """The set an edit writes to (created if needed); marks it as started."""
        set_id = self.set_id(ref)
        assert set_id is not None
        self._started.add(ref)
        return set_id

    def dirty_event(self, ref: SetRef, key: str) -> None:
        self._dirty_events.setdefault(ref, set()).add(key)

    # ---- reads

    def span_row(self, set_id: int | None, key: str) -> Any:
        row = rows.span_by_key(self.conn, set_id, key) if set_id is not None else None
        if row is None:
            raise CodingError(f"there is no span '{key}'")
        return row

    def event_row(self, set_id: int | None, key: str) -> Any:
        row = rows.event_by_key(self.conn, set_id, key) if set_id is not None else None
        if row is None:
            raise CodingError(f"there is no event '{key}'")
        return row

    def _event_info(self, set_id: int, key: str) -> EventInfo | None:
        row = rows.event_by_key(self.conn, set_id, key)
        if row is None:
            return None
        evidence = {name: tuple(keys) for name, keys in rows.evidence_of_event(self.conn, row.id).items()}
        return EventInfo(key=row.key, position=row.position, fields=rows.event_fields(row), evidence=evidence)

    def check_label(self, label: str) -> None:
        if label not in self.codebook.label_by_name:
            raise CodingError(f"'{label}' is not a span label ({', '.join(self.codebook.label_names)})")

    def span_text(self, article_id: int, start: int, end: int) -> str:
        if not 0 <= start < end:
            raise CodingError(f"offsets {start}-{end} are not a stretch of text")
        text = self.texts.get(self.conn, article_id)
        if text is None:
            raise CodingError(f"article {article_id} is not in the database")
        if end > len(text):
            raise CodingError(f"offsets {start}-{end} run past the end of the text ({len(text)} characters)")
        return text[start:end]


# ---------------------------------------------------------------- span commands


def _add_span(run: _Run, cmd: AddSpan) -> Command:
    run.check_label(cmd.label)
    text = run.span_text(cmd.target.article_id, cmd.start, cmd.end)
    set_id = run.content_set(cmd.target)
    if rows.same_span_exists(run.conn, set_id, cmd.start, cmd.end, cmd.label):
        raise CodingError(f"this text is already tagged {cmd.label}")
    key = cmd.key or f"s{rows.highest_numbered_key(run.conn, spans_t, set_id, 's') + 1}"
    try:
        models.Span(key=key, start=cmd.start, end=cmd.end, label=cmd.label)
    except ValidationError as exc:
        raise CodingError(exc.errors()[0]["msg"].removeprefix("Value error, ")) from None
    if rows.span_by_key(run.conn, set_id, key) is not None:
        raise CodingError(f"span id '{key}' is already used")
    rows.insert_span(run.conn, set_id, key, cmd.start, cmd.end, cmd.label, text)
    run.changes.spans[key] = SpanInfo(key, cmd.start, cmd.end, cmd.label, text)
    return DeleteSpan(cmd.target, key)


def _delete_span(run: _Run, cmd: DeleteSpan) -> Command:
    set_id = run.set_id(cmd.target, create=False)
    span = run.span_row(set_id, cmd.key)
    assert set_id is not None
    run.content_set(cmd.target)
    # Undo must put the span back into every evidence list it was in, at its place in the list.
    restore: list[Command] = [AddSpan(cmd.target, span.start_offset, span.end_offset, span.label, key=span.key)]
    for event_id, event_key, field_name in rows.evidence_uses_of_span(run.conn, span.id):
        keys = rows.evidence_of_event(run.conn, event_id).get(field_name, [])
        restore.append(SetEvidence(cmd.target, event_key, field_name, tuple(keys)))
        run.dirty_event(cmd.target, event_key)
    rows.delete_span(run.conn, span.id)
    run.changes.spans[cmd.key] = None
    return restore[0] if len(restore) == 1 else Composite(tuple(restore), "Delete span")


def _relabel_span(run: _Run, cmd: RelabelSpan) -> Command:
    run.check_label(cmd.label)
    set_id = run.set_id(cmd.target, create=False)
    span = run.span_row(set_id, cmd.key)
    assert set_id is not None
    run.content_set(cmd.target)
    if span.label != cmd.label:
        if rows.same_span_exists(run.conn, set_id, span.start_offset, span.end_offset, cmd.label):
            raise CodingError(f"this text is already tagged {cmd.label}")
        rows.relabel_span(run.conn, span.id, cmd.label)
    run.changes.spans[cmd.key] = SpanInfo(span.key, span.start_offset, span.end_offset, cmd.label, span.text)
    return RelabelSpan(cmd.target, cmd.key, span.label)


def _move_span(run: _Run, cmd: MoveSpan) -> Command:
    set_id = run.set_id(cmd.target, create=False)
    span = run.span_row(set_id, cmd.key)
    assert set_id is not None
    text = run.span_text(cmd.target.article_id, cmd.start, cmd.end)
    run.content_set(cmd.target)
    if (cmd.start, cmd.end) != (span.start_offset, span.end_offset):
        if rows.same_span_exists(run.conn, set_id, cmd.start, cmd.end, span.label):
            raise CodingError(f"this text is already tagged {span.label}")
        rows.move_span(run.conn, span.id, cmd.start, cmd.end, text)
    run.changes.spans[cmd.key] = SpanInfo(span.key, cmd.start, cmd.end, span.label, text)
    return MoveSpan(cmd.target, cmd.key, span.start_offset, span.end_offset)


# ---------------------------------------------------------------- event commands


def _create_event(run: _Run, cmd: CreateEvent) -> Command:
    set_id = run.content_set(cmd.target)
    existing = rows.keys_with_prefix(run.conn, events_t, set_id, "")
    key = cmd.key or next_key("e", existing)
    if key in existing:
        raise CodingError(f"event id '{key}' is already used")
    fields = _validated(run, EventFields(), dict(cmd.values), event_id=None)
    position = cmd.position if cmd.position is not None else rows.next_event_position(run.conn, set_id)
    event_id = rows.insert_event(run.conn, set_id, key, position, fields)
    _maybe_assign_id(run, event_id, fields)
    for field_name, span_keys in cmd.evidence:
        _write_evidence(run, set_id, event_id, field_name, span_keys)
    run.dirty_event(cmd.target, key)
    return DeleteEvent(cmd.target, key)


def _delete_event(run: _Run, cmd: DeleteEvent) -> Command:
    set_id = run.set_id(cmd.target, create=False)
    row = run.event_row(set_id, cmd.key)
    run.content_set(cmd.target)
    fields = rows.event_fields(row)
    evidence = rows.evidence_of_event(run.conn, row.id)
    rows.delete_event(run.conn, row.id)
    run.dirty_event(cmd.target, cmd.key)
    values = tuple(
        (name, getattr(fields, name))
        for name in EVENT_FIELD_NAMES
        if getattr(fields, name) != EventFields.model_fields[name].default
    )
    return CreateEvent(
        cmd.target,
        key=row.key,
        values=values,
        evidence=tuple((n, tuple(k)) for n, k in evidence.items()),
        position=row.position,
    )


def _set_event_field(run: _Run, cmd: SetEventField) -> Command:
    set_id = run.set_id(cmd.target, create=False)
    row = run.event_row(set_id, cmd.event)
    run.content_set(cmd.target)
    before = rows.event_fields(row)
    after = _validated(run, before, dict(cmd.values), event_id=row.id)
    changed = [n for n in EVENT_FIELD_NAMES if getattr(before, n) != getattr(after, n)]
    if changed:
        rows.update_event_fields(run.conn, row.id, after, changed)
    if _maybe_assign_id(run, row.id, after):
        changed.append("event_id_cnty")
    run.dirty_event(cmd.target, cmd.event)
    # The inverse restores every field this edit touched, including ones it changed as a consequence.
    names = [n for n in EVENT_FIELD_NAMES if n in changed or n in dict(cmd.values)]
    return SetEventField(cmd.target, cmd.event, tuple((n, getattr(before, n)) for n in names))


def _validated(run: _Run, current: EventFields, updates: dict[str, FieldValue], *, event_id: int | None) -> EventFields:
    """The event's fields after ``updates``, checked by the domain and the codebook.

    Event type and sub-event type stay consistent: a new event type clears a sub-event type of
    another type, and a sub-event type brings its event type with it.
    """
    for name in updates:
        if name not in EVENT_FIELD_NAMES:
            raise FieldError(name, "is not an event field")
    book = run.codebook
    raw: dict[str, Any] = current.model_dump()
    raw.update(updates)
    for name, value in updates.items():
        if isinstance(value, str) and name in _NOT_TEXT:
            raw[name] = value.strip() or None
    if "sub_event_type" in updates and raw["sub_event_type"]:
        owner = book.event_type_of(str(raw["sub_event_type"]).strip())
        if owner:
            raw["event_type"] = owner
    elif (
        "event_type" in updates
        and raw["sub_event_type"]
        and book.event_type_of(raw["sub_event_type"]) != raw["event_type"]
    ):
        raw["sub_event_type"] = ""
    try:
        fields = parse_event_fields(raw, book)
    except InputError as exc:
        name = (exc.field or "").removeprefix("fields.")
        raise FieldError(name or "fields", exc.reason) from None
    if (
        fields.event_id_cnty
        and fields.event_id_cnty != current.event_id_cnty
        and rows.event_id_taken(run.conn, fields.event_id_cnty, event_id)
    ):
        raise FieldError("event_id_cnty", f"'{fields.event_id_cnty}' is already another event's id")
    return fields


def _maybe_assign_id(run: _Run, event_id: int, fields: EventFields) -> bool:
    """An event gets its event_id_cnty once, when it first has a country with an ISO code."""
    if fields.event_id_cnty or not fields.country:
        return False
    country = run.codebook.country_by_name.get(fields.country)
    if country is None:
        return False
    rows.assign_event_id(run.conn, event_id, country.iso3)
    return True


# ---------------------------------------------------------------- evidence and status


def _current_evidence(run: _Run, ref: SetRef, event: str, field_name: str) -> tuple[int, Any, list[str]]:
    if field_name not in EVENT_FIELD_NAMES:
        raise FieldError(field_name, "is not an event field")
    set_id = run.set_id(ref, create=False)
    row = run.event_row(set_id, event)
    assert set_id is not None
    run.content_set(ref)
    return set_id, row, rows.evidence_of_event(run.conn, row.id).get(field_name, [])


def _write_evidence(run: _Run, set_id: int, event_id: int, field_name: str, keys: Iterable[str]) -> None:
    if field_name not in EVENT_FIELD_NAMES:
        raise FieldError(field_name, "is not an event field")
    wanted = list(dict.fromkeys(keys))
    ids = rows.spans_by_keys(run.conn, set_id, wanted)
    missing = [k for k in wanted if k not in ids]
    if missing:
        raise CodingError(f"there is no span '{missing[0]}'")
    rows.replace_evidence(run.conn, event_id, field_name, [ids[k] for k in wanted])


def _link(run: _Run, cmd: LinkEvidence) -> Command:
    set_id, row, keys = _current_evidence(run, cmd.target, cmd.event, cmd.field)
    if cmd.span not in keys:
        _write_evidence(run, set_id, row.id, cmd.field, [*keys, cmd.span])
        run.dirty_event(cmd.target, cmd.event)
    return SetEvidence(cmd.target, cmd.event, cmd.field, tuple(keys))


def _unlink(run: _Run, cmd: UnlinkEvidence) -> Command:
    set_id, row, keys = _current_evidence(run, cmd.target, cmd.event, cmd.field)
    if cmd.span in keys:
        _write_evidence(run, set_id, row.id, cmd.field, [k for k in keys if k != cmd.span])
        run.dirty_event(cmd.target, cmd.event)
    return SetEvidence(cmd.target, cmd.event, cmd.field, tuple(keys))


def _set_evidence(run: _Run, cmd: SetEvidence) -> Command:
    set_id, row, keys = _current_evidence(run, cmd.target, cmd.event, cmd.field)
    if list(cmd.spans) != keys:
        _write_evidence(run, set_id, row.id, cmd.field, cmd.spans)
        run.dirty_event(cmd.target, cmd.event)
    return SetEvidence(cmd.target, cmd.event, cmd.field, tuple(keys))


def _set_status(run: _Run, cmd: SetStatus) -> Command:
    set_id = run.set_id(cmd.target)
    assert set_id is not None
    before = Status(run._sets[cmd.target][1])
    run._explicit_status.add(cmd.target)
    if before != cmd.status:
        rows.update_set(run.conn, set_id, status=cmd.status.value)
        run._sets[cmd.target] = (set_id, cmd.status.value)
    run.changes.status = cmd.status
    return SetStatus(cmd.target, before)


def _composite(run: _Run, cmd: Composite) -> Command:
    inverses = [run.do(c) for c in cmd.commands]
    return Composite(tuple(reversed(inverses)), cmd.text)


_HANDLERS: dict[type, Callable[[_Run, Any], Command]] = {
    AddSpan: _add_span,
    DeleteSpan: _delete_span,
    RelabelSpan: _relabel_span,
    MoveSpan: _move_span,
    CreateEvent: _create_event,
    DeleteEvent: _delete_event,
    SetEventField: _set_event_field,
    LinkEvidence: _link,
    UnlinkEvidence: _unlink,
    SetEvidence: _set_evidence,
    SetStatus: _set_status,
    Composite: _composite,
}


def _reason(exc: Exception) -> str:
    orig = getattr(exc, "orig", None)
    return str(orig or exc).strip().splitlines()[0]
