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

import dataclasses
import datetime as dt
import re
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeAlias, cast

from pydantic import ValidationError
from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError, IntegrityError

from annotator.domain import models
from annotator.domain.codebook import Codebook
from annotator.domain.errors import InputError, UserError
from annotator.domain.fields import EVENT_FIELD_NAMES, EVENT_FIELDS, FIELDS, TYPED_FIELDS, FieldValue, ValueType
from annotator.domain.models import EventFields, SetKind
from annotator.domain.provenance import Provenance
from annotator.services.project import ArticleTexts, Project
from annotator.store import coding_rows as rows
from annotator.store import provenance_rows, retry
from annotator.store.locks import lock_wait
from annotator.store.repository import coder_ids, events_t, spans_t

Status = models.SetStatus


class CodingError(UserError):
    """An edit that cannot be made (unknown span, overlapping duplicate, bad offsets...)."""


class ConflictError(CodingError):
    """The span, event or set changed (or went) since the window read it: nothing was written.

    ``current`` is how it is now (SpanInfo, EventInfo, the set's status; None: deleted), so the view
    can show it; the message says what changed."""

    def __init__(self, message: str, *, target: SetRef, what: str, key: str | None, current: Any) -> None:
        self.target = target
        self.what = what  # "span", "event" or "set"
        self.key = key
        self.current = current
        super().__init__(message)


class ConnectionLost(CodingError):
    """The server could not be reached again: the edit was not saved (the window shows its banner)."""


class OutcomeUnknown(CodingError):
    """The connection dropped during COMMIT and the edit's mark cannot tell whether it landed."""


class FieldError(CodingError):
    """A value an event field does not accept; ``field`` names it so the form can say so inline."""

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(f"{field}: {reason}")


# ---------------------------------------------------------------- commands


# Commands that change an existing span, event or set may carry the version of it that the window
# read; a different version is refused (ConflictError). None: apply to whatever is stored (scripts,
# the CLI, tests). Not part of a command's equality: the same edit expecting another version is
# the same edit.
def _version() -> Any:
    return field(default=None, compare=False)


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
    version: int | None = _version()


@dataclass(frozen=True, slots=True)
class RelabelSpan:
    target: SetRef
    key: str
    label: str
    version: int | None = _version()


@dataclass(frozen=True, slots=True)
class MoveSpan:
    """Change a span's edges (its label, key and evidence links stay)."""

    target: SetRef
    key: str
    start: int
    end: int
    version: int | None = _version()


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
    version: int | None = _version()


@dataclass(frozen=True, slots=True)
class SetEventField:
    """Set one or more fields of an event. Values may be typed or text as a form holds it."""

    target: SetRef
    event: str
    values: tuple[tuple[str, FieldValue], ...]
    version: int | None = _version()

    @classmethod
    def one(
        cls, target: SetRef, event: str, name: str, value: FieldValue, *, version: int | None = None
    ) -> SetEventField:
        return cls(target, event, ((name, value),), version=version)


@dataclass(frozen=True, slots=True)
class LinkEvidence:
    """Add a span to the evidence of an event field (no change if it is already there)."""

    target: SetRef
    event: str
    field: str
    span: str
    version: int | None = _version()


@dataclass(frozen=True, slots=True)
class UnlinkEvidence:
    target: SetRef
    event: str
    field: str
    span: str
    version: int | None = _version()


@dataclass(frozen=True, slots=True)
class SetEvidence:
    """Make a field's evidence exactly these spans, in order (what undo of a link applies)."""

    target: SetRef
    event: str
    field: str
    spans: tuple[str, ...]
    version: int | None = _version()


@dataclass(frozen=True, slots=True)
class SetStatus:
    target: SetRef
    status: Status
    version: int | None = _version()


@dataclass(frozen=True, slots=True)
class SetProvenance:
    """Record where a gold span, event or field came from (None: forget it). ``kind``, ``key`` and
    ``field`` address it as ``store.provenance_rows.ProvenanceKey`` does. Adjudication composes it
    with the edit it describes, so the two are one transaction and one undo step."""

    target: SetRef
    kind: str
    key: str
    field: str
    value: Provenance | None


@dataclass(frozen=True, slots=True)
class SendNote:
    """A reviewer's note to the coder of ``target`` about its article (the message of a send-back);
    its inverse, ``WithdrawNote``, deletes exactly that note again."""

    target: SetRef
    note: str
    sent_by: str
    sent_at: dt.datetime


@dataclass(frozen=True, slots=True)
class WithdrawNote:
    target: SetRef
    note_id: int


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
    | SetProvenance
    | SendNote
    | WithdrawNote
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
    version: int = field(default=0, compare=False)  # the row's version (0: not known)


@dataclass(frozen=True, slots=True)
class EventInfo:
    key: str
    position: int
    fields: EventFields
    evidence: Mapping[str, tuple[str, ...]]
    version: int = field(default=0, compare=False)  # the row's version (0: not known)


@dataclass
class Changes:
    """What one command changed, with the new state of each changed thing (None: it was deleted)."""

    targets: set[SetRef] = field(default_factory=set)
    spans: dict[str, SpanInfo | None] = field(default_factory=dict)
    events: dict[str, EventInfo | None] = field(default_factory=dict)
    status: Status | None = None
    # Each changed set's version after the edit: what the window expects next time.
    set_versions: dict[SetRef, int] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (self.spans or self.events or self.status is not None)

    def update(self, later: Changes) -> None:
        """Fold a later change into this one (later states win)."""
        self.targets |= later.targets
        self.set_versions.update(later.set_versions)
        self.spans.update(later.spans)
        self.events.update(later.events)
        if later.status is not None:
            self.status = later.status


# ---------------------------------------------------------------- applying


def apply(project: Project, command: Command, *, token: str | None = None) -> tuple[Command, Changes]:
    """Run ``command`` in one transaction; return its inverse and what changed.

    Raises CodingError (or FieldError) for edits the data does not allow, ConflictError when a
    version the command names is not the stored one; nothing is written then. On a shared server a
    transaction aborted by a deadlock or a serialization failure, or cut off with its connection
    before COMMIT, is run again; one cut off during COMMIT is looked up by its mark (``token``, one
    is drawn if not given) and run again only if it did not land: so the edit is applied exactly
    once, or ``OutcomeUnknown``/``ConnectionLost`` (both CodingErrors) says it may not have been.
    """
    token = token or uuid.uuid4().hex
    raced: set[tuple[str, str]] = set()
    last: BaseException | None = None
    for attempt in retry.attempts():
        run = _Run(project.codebook, project.texts, token, raced)
        try:
            return _attempt(project, run, command)
        except _Raced as exc:
            raced.add((exc.what, exc.key))  # run again on what is stored now
            last = exc
        except retry.CommitLost as exc:
            landed = _landed(project, run)
            if landed is True:
                return cast(Command, exc.result), run.changes
            if landed is None:
                raise OutcomeUnknown(
                    "the connection to the database server dropped while this edit was being saved, and the "
                    "article has been changed since: check whether the edit is there"
                ) from exc.__cause__
            last = exc.__cause__
        except DBAPIError as exc:
            if retry.sqlstate(exc) == "42501":  # insufficient_privilege: the role's policies refuse it
                raise CodingError(
                    f"your role does not allow this edit ({_reason(exc)}): coders write their own annotations, "
                    "reviewers and leads the gold ones"
                ) from exc
            if isinstance(exc, IntegrityError) and not retry.is_retryable(exc):
                raise CodingError(
                    f"the edit clashes with data saved elsewhere ({_reason(exc)}); reload the article"
                ) from exc
            if not (retry.is_retryable(exc) or retry.is_connection_lost(exc)):
                raise
            last = exc
        retry.pause(attempt.number)
    if isinstance(last, _Raced):
        raise CodingError("the article kept changing while this edit was saved; reload it and try again") from last
    raise ConnectionLost(retry.lost_message(last)) from last


REHEARSAL_LOCK_WAIT_S = 0.05


def rehearse(project: Project, command: Command) -> bool:
    """Run ``command`` in a transaction that is always rolled back: nothing is written, nothing is
    told to other windows (a notification sent in it is dropped with it). True if it would have
    applied, False if it was refused or failed (a rehearsal never raises for that).

    Why: the engine compiles each statement the first time it runs, and the first edit of a session
    also opens a connection of its own; together that made a window's first tag take 60-190 ms
    where the next ones took 20-30 (measured on a slow machine), with the coder waiting for it.
    Rehearsing that edit on the database worker once an article is open pays for it there. (On
    PostgreSQL the rolled-back insert still takes a number from the spans' id sequence: ids stay
    unique, with a gap.)"""
    run = _Run(project.codebook, project.texts, uuid.uuid4().hex)
    # It hardly waits for another program's lock (an import, another window's edit of the same set):
    # the worker it runs on has the window's reads queued behind it. (Not 0: PostgreSQL reads a
    # lock_timeout of 0 as no limit.)
    with lock_wait(project.engine, REHEARSAL_LOCK_WAIT_S), project.engine.connect() as conn:
        transaction = conn.begin()
        try:
            run.on(conn, command)
            return True
        except (UserError, _Raced, DBAPIError, ValidationError):
            return False  # (refused here as it would be for real, or locked: nothing to warm then)
        finally:
            transaction.rollback()


class _Raced(Exception):
    """A row changed between this run's read and its write (something wrote around the set's lock)."""

    def __init__(self, what: str, key: str) -> None:
        self.what = what
        self.key = key
        super().__init__(f"{what} {key} changed during the edit")


def _attempt(project: Project, run: _Run, command: Command) -> tuple[Command, Changes]:
    return retry.transact_once(project.engine, lambda conn: run.on(conn, command)), run.changes


def _landed(project: Project, run: _Run) -> bool | None:
    """After a connection lost during COMMIT: did the run's edit land (None: cannot tell)?"""
    if not run.locked:
        return False
    set_id, version = run.locked[0]
    for attempt in retry.attempts():
        try:
            with project.engine.connect() as conn:
                return rows.edit_landed(conn, set_id, run.token, version)
        except DBAPIError as exc:
            if not retry.is_connection_lost(exc):
                raise
            retry.pause(attempt.number)
    raise OutcomeUnknown("the connection to the database server was lost; the edit may not have been saved")


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
        case SetProvenance():
            return "Record provenance"
        case SendNote():
            return "Send a note"
        case WithdrawNote():
            return "Take a note back"
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


@dataclass
class _SetState:
    """A set as this run holds it: locked, with its status and the key counters."""

    id: int
    status: str
    version_before: int  # what a command naming the set's version must name
    version: int  # after this run's bump
    span_seq: int
    event_seq: int
    seq_drawn: bool = False
    done_changed: bool = False


class _Run:
    """State of one apply: the connection, resolved sets, and the changes gathered so far."""

    def __init__(
        self, codebook: Codebook, texts: ArticleTexts, token: str, raced: set[tuple[str, str]] | None = None
    ) -> None:
        self.codebook = codebook
        self.texts = texts
        self.token = token
        self.raced = raced or set()
        self.conn: Connection
        self.changes = Changes()
        self._sets: dict[SetRef, _SetState] = {}
        self.locked: list[tuple[int, int]] = []  # (set id, version after the bump), in locking order
        self._started: set[SetRef] = set()  # sets whose content changed in this run
        self._explicit_status: set[SetRef] = set()  # sets given a status by a SetStatus in this run
        self._dirty_events: dict[SetRef, set[str]] = {}
        # Versions as this run first read them, per (what, set id, key): what a command's version
        # is compared with (the run's own later changes do not count against it).
        self._first_seen: dict[tuple[str, int, str], int] = {}

    # ---- dispatch

    def on(self, conn: Connection, command: Command) -> Command:
        """Run ``command`` on ``conn`` (inside the caller's transaction); its inverse."""
        self.conn = conn
        return self.finish(self.do(command))

    def do(self, command: Command) -> Command:
        handler = _HANDLERS.get(type(command))
        if handler is None:
            raise TypeError(f"not a coding command: {command!r}")
        return handler(self, command)

    def finish(self, inverse: Command) -> Command:
        """Bump untouched sets to in-progress and read back the state of changed events."""
        extra: list[Command] = []
        for ref in self._started:
            state = self._sets[ref]
            if state.status == Status.NOT_STARTED and ref not in self._explicit_status:
                state.status = Status.IN_PROGRESS.value
                self.changes.status = Status.IN_PROGRESS
                extra.append(SetStatus(ref, Status.NOT_STARTED))
                self._explicit_status.add(ref)
        for ref, state in self._sets.items():
            # The lock already set the time; what is left is a new status or keys drawn.
            if ref in self._explicit_status or state.seq_drawn:
                rows.finish_set(
                    self.conn,
                    state.id,
                    status=state.status if ref in self._explicit_status else None,
                    done_changed=state.done_changed,
                    span_seq=state.span_seq if state.seq_drawn else None,
                    event_seq=state.event_seq if state.seq_drawn else None,
                )
            self.changes.set_versions[ref] = state.version
        for ref, keys in self._dirty_events.items():
            set_id = self._sets[ref].id
            for key in keys:
                self.changes.events[key] = self._event_info(set_id, key)
        if extra:
            return Composite((inverse, *extra), describe(inverse))
        return inverse

    # ---- sets

    def set_id(self, ref: SetRef, *, create: bool = True) -> int | None:
        """The set's id, locked for this transaction (created first if ``create``; None if absent)."""
        if ref not in self._sets:
            locked = rows.lock_set_of(self.conn, ref.article_id, ref.coder, ref.kind.value, self.token)
            if locked is None:
                if not create:
                    return None
                if not rows.article_exists(self.conn, ref.article_id):
                    raise CodingError(f"article {ref.article_id} is not in the database")
                rows.ensure_set(self.conn, ref.article_id, ref.coder, ref.kind.value, Status.NOT_STARTED.value)
                locked = rows.lock_set_of(self.conn, ref.article_id, ref.coder, ref.kind.value, self.token)
                if locked is None:
                    raise CodingError(f"cannot write {ref.coder}'s annotations of article {ref.article_id} here")
            self._sets[ref] = _SetState(
                int(locked.id),
                str(locked.status),
                int(locked.version) - 1,
                int(locked.version),
                int(locked.span_seq),
                int(locked.event_seq),
            )
            self.locked.append((int(locked.id), int(locked.version)))
        self.changes.targets.add(ref)
        return self._sets[ref].id

    def content_set(self, ref: SetRef) -> int:
        """The set an edit writes to (created if needed); marks it as started."""
        set_id = self.set_id(ref)
        assert set_id is not None
        self._started.add(ref)
        return set_id

    def dirty_event(self, ref: SetRef, key: str) -> None:
        self._dirty_events.setdefault(ref, set()).add(key)

    def draw_key(self, ref: SetRef, table: Any, prefix: str) -> str:
        """The next "<prefix>N" of the set: above its counter and above every key of that form in it.

        The set is locked, so no other edit draws at the same time; the counter never goes back, so a
        key is never drawn twice (an undo that re-creates a deleted span keeps its key to itself)."""
        state = self._sets[ref]
        seq = state.span_seq if prefix == "s" else state.event_seq
        number = max(seq, rows.highest_numbered_key(self.conn, table, state.id, prefix)) + 1
        if prefix == "s":
            state.span_seq = number
        else:
            state.event_seq = number
        state.seq_drawn = True
        return f"{prefix}{number}"

    # ---- versions

    def check_version(
        self, ref: SetRef, what: str, key: str, stored: int, expected: int | None, current: Callable[[], Any]
    ) -> None:
        """Refuse the command if it names a version other than the one stored when this run began;
        ``current`` reads how the thing is now, for the message (only then)."""
        set_id = self._sets[ref].id
        first = self._first_seen.setdefault((what, set_id, key), stored)
        if expected is not None and expected != first:
            now = current()
            raise ConflictError(
                f"{what} {key} was changed elsewhere (in another window or by someone else) since it was "
                f"read: {_describe_now(what, now)}; nothing was saved, and the view shows it as it is now",
                target=ref,
                what=what,
                key=key,
                current=now,
            )

    def check_set_version(self, ref: SetRef, expected: int | None) -> None:
        state = self._sets[ref]
        if expected is not None and expected != state.version_before:
            status = Status(state.status)
            raise ConflictError(
                f"these annotations were changed elsewhere (in another window or by someone else) since they "
                f"were read; they are now {status.value.replace('_', ' ')}: nothing was saved",
                target=ref,
                what="set",
                key=None,
                current=status,
            )

    def missing(self, ref: SetRef, what: str, key: str) -> CodingError:
        """The error for a span or event that is not there; a ConflictError if the run saw it go."""
        if (what, key) in self.raced:
            return ConflictError(
                f"{what} {key} was deleted elsewhere (in another window or by someone else) before this edit "
                "was saved; nothing was saved",
                target=ref,
                what=what,
                key=key,
                current=None,
            )
        return CodingError(f"there is no {what} '{key}'")

    # ---- reads

    def span_row(self, ref: SetRef, set_id: int | None, key: str, expected: int | None = None) -> Any:
        row = rows.span_by_key(self.conn, set_id, key) if set_id is not None else None
        if row is None:
            if expected is not None:
                raise ConflictError(
                    f"span {key} was deleted elsewhere (in another window or by someone else) since it was read; "
                    "nothing was saved",
                    target=ref,
                    what="span",
                    key=key,
                    current=None,
                )
            raise self.missing(ref, "span", key)
        self.check_version(
            ref,
            "span",
            key,
            int(row.version),
            expected,
            lambda: SpanInfo(row.key, row.start_offset, row.end_offset, row.label, row.text, row.version),
        )
        return row

    def event_row(self, ref: SetRef, set_id: int | None, key: str, expected: int | None = None) -> Any:
        row = rows.event_by_key(self.conn, set_id, key) if set_id is not None else None
        if row is None:
            if expected is not None:
                raise ConflictError(
                    f"event {key} was deleted elsewhere (in another window or by someone else) since it was read; "
                    "nothing was saved",
                    target=ref,
                    what="event",
                    key=key,
                    current=None,
                )
            raise self.missing(ref, "event", key)
        assert set_id is not None
        self.check_version(ref, "event", key, int(row.version), expected, lambda: self._event_info(set_id, key))
        return row

    def _event_info(self, set_id: int, key: str) -> EventInfo | None:
        found = rows.event_with_evidence(self.conn, set_id, key)
        if found is None:
            return None
        row, links = found
        evidence = {name: tuple(keys) for name, keys in links.items()}
        return EventInfo(
            key=row.key, position=row.position, fields=rows.event_fields(row), evidence=evidence, version=row.version
        )

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


def _describe_now(what: str, current: Any) -> str:
    """How a span or event reads now, for a conflict's message."""
    if current is None:
        return "it was deleted"
    if isinstance(current, SpanInfo):
        return f"it is now tagged {current.label} at {current.start}-{current.end} ('{current.text[:40]}')"
    if isinstance(current, EventInfo):
        f = current.fields
        filled = [
            f"{name.replace('_', ' ')} '{getattr(f, name)}'"
            for name in EVENT_FIELD_NAMES
            if getattr(f, name) not in (None, "", False)
        ][:4]
        return "it now has " + (", ".join(filled) if filled else "no fields filled")
    return f"it is now {current}"


def expecting(
    command: Command, *, set_version: int | None, spans: Mapping[str, int], events: Mapping[str, int]
) -> Command:
    """``command`` naming the versions a window holds (of the set, its spans and events by key), so
    that applying it is refused if any of them changed elsewhere. What an undo stack replays goes
    through here with the window's current versions: its own edits never conflict with themselves."""
    match command:
        case Composite(commands=commands):
            inner = tuple(expecting(c, set_version=set_version, spans=spans, events=events) for c in commands)
            return dataclasses.replace(command, commands=inner)
        case DeleteSpan(key=key) | RelabelSpan(key=key) | MoveSpan(key=key):
            return dataclasses.replace(command, version=spans.get(key))
        case DeleteEvent(key=key):
            return dataclasses.replace(command, version=events.get(key))
        case SetEventField(event=key) | LinkEvidence(event=key) | UnlinkEvidence(event=key) | SetEvidence(event=key):
            return dataclasses.replace(command, version=events.get(key))
        case SetStatus():
            return dataclasses.replace(command, version=set_version)
    return command


# ---------------------------------------------------------------- span commands


def _add_span(run: _Run, cmd: AddSpan) -> Command:
    run.check_label(cmd.label)
    text = run.span_text(cmd.target.article_id, cmd.start, cmd.end)
    set_id = run.content_set(cmd.target)
    if rows.same_span_exists(run.conn, set_id, cmd.start, cmd.end, cmd.label):
        raise CodingError(f"this text is already tagged {cmd.label}")
    key = cmd.key or run.draw_key(cmd.target, spans_t, "s")
    try:
        models.Span(key=key, start=cmd.start, end=cmd.end, label=cmd.label)
    except ValidationError as exc:
        raise CodingError(exc.errors()[0]["msg"].removeprefix("Value error, ")) from None
    if rows.span_by_key(run.conn, set_id, key) is not None:
        raise CodingError(f"span id '{key}' is already used")
    rows.insert_span(run.conn, set_id, key, cmd.start, cmd.end, cmd.label, text)
    run.changes.spans[key] = SpanInfo(key, cmd.start, cmd.end, cmd.label, text, 1)
    return DeleteSpan(cmd.target, key)


def _delete_span(run: _Run, cmd: DeleteSpan) -> Command:
    set_id = run.set_id(cmd.target, create=False)
    span = run.span_row(cmd.target, set_id, cmd.key, cmd.version)
    assert set_id is not None
    run.content_set(cmd.target)
    # Undo must put the span back into every evidence list it was in, at its place in the list.
    restore: list[Command] = [AddSpan(cmd.target, span.start_offset, span.end_offset, span.label, key=span.key)]
    bumped: set[int] = set()
    for event_id, event_key, field_name, version in rows.evidence_uses_of_span(run.conn, span.id):
        keys = rows.evidence_of_event(run.conn, event_id).get(field_name, [])
        restore.append(SetEvidence(cmd.target, event_key, field_name, tuple(keys)))
        run.dirty_event(cmd.target, event_key)
        if event_id not in bumped:  # the event's evidence changes with the span
            bumped.add(event_id)
            if rows.bump_event(run.conn, event_id, version) is None:
                raise _Raced("event", event_key)
    if not rows.delete_span(run.conn, span.id, span.version):
        raise _Raced("span", cmd.key)
    run.changes.spans[cmd.key] = None
    return restore[0] if len(restore) == 1 else Composite(tuple(restore), "Delete span")


def _relabel_span(run: _Run, cmd: RelabelSpan) -> Command:
    run.check_label(cmd.label)
    set_id = run.set_id(cmd.target, create=False)
    span = run.span_row(cmd.target, set_id, cmd.key, cmd.version)
    assert set_id is not None
    run.content_set(cmd.target)
    version = span.version
    if span.label != cmd.label:
        if rows.same_span_exists(run.conn, set_id, span.start_offset, span.end_offset, cmd.label):
            raise CodingError(f"this text is already tagged {cmd.label}")
        version = rows.relabel_span(run.conn, span.id, cmd.label, span.version)
        if version is None:
            raise _Raced("span", cmd.key)
    run.changes.spans[cmd.key] = SpanInfo(span.key, span.start_offset, span.end_offset, cmd.label, span.text, version)
    return RelabelSpan(cmd.target, cmd.key, span.label)


def _move_span(run: _Run, cmd: MoveSpan) -> Command:
    set_id = run.set_id(cmd.target, create=False)
    span = run.span_row(cmd.target, set_id, cmd.key, cmd.version)
    assert set_id is not None
    text = run.span_text(cmd.target.article_id, cmd.start, cmd.end)
    run.content_set(cmd.target)
    version = span.version
    if (cmd.start, cmd.end) != (span.start_offset, span.end_offset):
        if rows.same_span_exists(run.conn, set_id, cmd.start, cmd.end, span.label):
            raise CodingError(f"this text is already tagged {span.label}")
        version = rows.move_span(run.conn, span.id, cmd.start, cmd.end, text, span.version)
        if version is None:
            raise _Raced("span", cmd.key)
    run.changes.spans[cmd.key] = SpanInfo(span.key, cmd.start, cmd.end, span.label, text, version)
    return MoveSpan(cmd.target, cmd.key, span.start_offset, span.end_offset)


# ---------------------------------------------------------------- event commands


def _create_event(run: _Run, cmd: CreateEvent) -> Command:
    set_id = run.content_set(cmd.target)
    key = cmd.key or run.draw_key(cmd.target, events_t, "e")
    if rows.event_by_key(run.conn, set_id, key) is not None:
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
    row = run.event_row(cmd.target, set_id, cmd.key, cmd.version)
    run.content_set(cmd.target)
    fields = rows.event_fields(row)
    evidence = rows.evidence_of_event(run.conn, row.id)
    if not rows.delete_event(run.conn, row.id, row.version):
        raise _Raced("event", cmd.key)
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
    row = run.event_row(cmd.target, set_id, cmd.event, cmd.version)
    run.content_set(cmd.target)
    before = rows.event_fields(row)
    # Validated against the row as stored now (the set is locked): event type and sub-event type are
    # checked together on the values this edit writes over, never on values read before.
    after = _validated(run, before, dict(cmd.values), event_id=row.id)
    changed = [n for n in EVENT_FIELD_NAMES if getattr(before, n) != getattr(after, n)]
    if changed and rows.update_event_fields(run.conn, row.id, after, changed, row.version) is None:
        # Changed or deleted since it was read: never report an edit that was not written.
        raise _Raced("event", cmd.event)
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
    # Here, not at the top: the record parser and the input contract it brings are needed once an
    # event field is edited, not to open the window (annotate is imported on the way to it).
    from annotator.domain.records import parse_event_fields

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


def _current_evidence(
    run: _Run, ref: SetRef, event: str, field_name: str, version: int | None
) -> tuple[int, Any, list[str]]:
    if field_name not in EVENT_FIELD_NAMES:
        raise FieldError(field_name, "is not an event field")
    set_id = run.set_id(ref, create=False)
    row = run.event_row(ref, set_id, event, version)
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


def _rewrite_evidence(run: _Run, ref: SetRef, set_id: int, row: Any, field_name: str, keys: Iterable[str]) -> None:
    """Replace an existing event's evidence for a field, as a new version of the event."""
    _write_evidence(run, set_id, row.id, field_name, keys)
    if rows.bump_event(run.conn, row.id, row.version) is None:
        raise _Raced("event", row.key)
    run.dirty_event(ref, row.key)


def _link(run: _Run, cmd: LinkEvidence) -> Command:
    set_id, row, keys = _current_evidence(run, cmd.target, cmd.event, cmd.field, cmd.version)
    if cmd.span not in keys:
        _rewrite_evidence(run, cmd.target, set_id, row, cmd.field, [*keys, cmd.span])
    return SetEvidence(cmd.target, cmd.event, cmd.field, tuple(keys))


def _unlink(run: _Run, cmd: UnlinkEvidence) -> Command:
    set_id, row, keys = _current_evidence(run, cmd.target, cmd.event, cmd.field, cmd.version)
    if cmd.span in keys:
        _rewrite_evidence(run, cmd.target, set_id, row, cmd.field, [k for k in keys if k != cmd.span])
    return SetEvidence(cmd.target, cmd.event, cmd.field, tuple(keys))


def _set_evidence(run: _Run, cmd: SetEvidence) -> Command:
    set_id, row, keys = _current_evidence(run, cmd.target, cmd.event, cmd.field, cmd.version)
    if list(cmd.spans) != keys:
        _rewrite_evidence(run, cmd.target, set_id, row, cmd.field, cmd.spans)
    return SetEvidence(cmd.target, cmd.event, cmd.field, tuple(keys))


def _set_status(run: _Run, cmd: SetStatus) -> Command:
    run.set_id(cmd.target)
    run.check_set_version(cmd.target, cmd.version)
    state = run._sets[cmd.target]
    before = Status(state.status)
    run._explicit_status.add(cmd.target)
    if before != cmd.status:
        state.done_changed = state.done_changed or Status.DONE in (before, cmd.status)
        state.status = cmd.status.value
    run.changes.status = cmd.status
    return SetStatus(cmd.target, before)


def _set_provenance(run: _Run, cmd: SetProvenance) -> Command:
    if cmd.kind not in provenance_rows.KINDS:
        raise CodingError(f"'{cmd.kind}' is not a kind of provenance")
    set_id = run.content_set(cmd.target)
    where = provenance_rows.ProvenanceKey(cmd.kind, cmd.key, cmd.field)
    before = provenance_rows.get(run.conn, set_id, where)
    if before != cmd.value:
        provenance_rows.put(run.conn, set_id, where, cmd.value)
    return SetProvenance(cmd.target, cmd.kind, cmd.key, cmd.field, before)


def _send_note(run: _Run, cmd: SendNote) -> Command:
    found = coder_ids(run.conn, [cmd.target.coder], create=False)
    if cmd.target.coder not in found:
        raise CodingError(f"there is no coder {cmd.target.coder} in this project")
    note_id = provenance_rows.add_note(
        run.conn, cmd.target.article_id, found[cmd.target.coder], cmd.note, cmd.sent_by, cmd.sent_at
    )
    return WithdrawNote(cmd.target, note_id)


def _withdraw_note(run: _Run, cmd: WithdrawNote) -> Command:
    note = provenance_rows.remove_note(run.conn, cmd.note_id)
    if note is None:
        raise CodingError("that note is no longer there")
    return SendNote(cmd.target, note.note, note.sent_by, note.sent_at)


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
    SetProvenance: _set_provenance,
    SendNote: _send_note,
    WithdrawNote: _withdraw_note,
    Composite: _composite,
}


def _reason(exc: Exception) -> str:
    orig = getattr(exc, "orig", None)
    return str(orig or exc).strip().splitlines()[0]
