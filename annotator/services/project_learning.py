"""What the suggestion engine learns from the project's own coding, read from its database (issue #13).

* :func:`project_learning` gathers a :class:`~annotator.assist.learning.ProjectLearning`: the coded
  actors, the texts linked to them as evidence (with the event's country), the coded events'
  evidence sentences with their sub-event types, and the project's date order.
* :func:`learning_stamp` is a cheap fingerprint of the coded events (and of the places added to
  the project's gazetteer, which the engine reads too): when it changes, what the
  engine learnt is out of date (the suggestion process then learns again, off the window's thread).
* :func:`date_order` / :func:`set_date_order`: how the project reads year-less numeric dates
  ("on 12/03"), kept in the project's ``settings`` table so every coder and the CLI read them alike.

Nothing here is stored apart from the date order: the model is trained from the coded events
(and kept, as a cache, in the user's cache folder under the project's id).
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from sqlalchemy import Connection, case, delete, func, insert, select, update

from annotator.domain.errors import UserError
from annotator.services.permissions import as_user_errors
from annotator.store.repository import (
    articles_t,
    events_t,
    evidence_t,
    gazetteer_places_t,
    sets_t,
    settings_t,
    spans_t,
)
from annotator.store.retry import run_transaction

if TYPE_CHECKING:
    from annotator.assist.learning import ProjectLearning
    from annotator.services.project import Project

DATE_ORDER_KEY = "date_order"
DATE_ORDERS = {"day-first": True, "month-first": False}
# The newest coded events the sub-event model learns from: enough to learn a project's wording,
# few enough that gathering them (a window of text around each evidence span) stays well under a second.
MAX_EXAMPLES = 3000
# Characters read either side of an evidence span to find its sentence.
_AROUND = 300
_ACTOR_FIELDS = ("actor1", "actor2")


# ---------------------------------------------------------------- the date order


def date_order(conn: Connection) -> bool | None:
    """True: year-less numeric dates are day/month; False: month/day; None: not set (flagged)."""
    found = conn.scalar(select(settings_t.c.value).where(settings_t.c.key == DATE_ORDER_KEY))
    return DATE_ORDERS.get(str(found)) if found else None


def parse_date_order(value: str) -> bool | None:
    """ "day-first", "month-first" or "unset" (as the CLI and the settings table write them)."""
    if value == "unset":
        return None
    if value not in DATE_ORDERS:
        raise UserError(f"'{value}' is not a date order (one of: day-first, month-first, unset)")
    return DATE_ORDERS[value]


def date_order_name(day_first: bool | None) -> str:
    return "unset" if day_first is None else "day-first" if day_first else "month-first"


def set_date_order(project: Project, day_first: bool | None) -> None:
    """Store the project's reading of year-less numeric dates (None: unset, such dates are flagged).
    One transaction; on a team server only a lead may change it."""

    def body(conn: Connection) -> None:
        exists = conn.scalar(select(func.count()).select_from(settings_t).where(settings_t.c.key == DATE_ORDER_KEY))
        if day_first is None:
            conn.execute(delete(settings_t).where(settings_t.c.key == DATE_ORDER_KEY))
        elif exists:
            where = settings_t.c.key == DATE_ORDER_KEY
            conn.execute(update(settings_t).where(where).values(value=date_order_name(day_first)))
        else:
            conn.execute(insert(settings_t).values(key=DATE_ORDER_KEY, value=date_order_name(day_first)))

    as_user_errors(lambda: run_transaction(project.engine, body))


# ---------------------------------------------------------------- what was coded


def project_actors(project: Project) -> list[tuple[str, int]]:
    """Every (actor, actor type) this project has coded before, for the actor dictionary."""
    pairs: set[tuple[str, int]] = set()
    with project.engine.connect() as conn:
        for name_col, type_col in ((events_t.c.actor1, events_t.c.inter1), (events_t.c.actor2, events_t.c.inter2)):
            rows = conn.execute(select(name_col, type_col).where(name_col != "", type_col.is_not(None)).distinct())
            pairs.update((str(name), int(code)) for name, code in rows)
    return sorted(pairs)


# (events, their summed versions, evidence links, date order, places added, the last one's id)
LearningStamp = tuple[int, int, int, str, int, int]


def learning_stamp(project: Project) -> LearningStamp:
    """(events, their summed versions, evidence links, date order, the places added to the
    project's gazetteer and the last one's id): changes whenever an event, its evidence, the date
    order or the project's own places do. One aggregate query per table."""
    with project.engine.connect() as conn:
        events, versions = conn.execute(select(func.count(), func.coalesce(func.sum(events_t.c.version), 0))).one()
        links = conn.scalar(select(func.count()).select_from(evidence_t)) or 0
        order = date_order_name(date_order(conn))
        places, last = conn.execute(select(func.count(), func.coalesce(func.max(gazetteer_places_t.c.id), 0))).one()
    return int(events), int(versions), int(links), order, int(places), int(last)


def project_learning(project: Project, *, max_examples: int = MAX_EXAMPLES) -> ProjectLearning:
    """Everything the engine learns from this project (see the module doc). Reads only: call it off
    the window's thread (a pool thread), and again when :func:`learning_stamp` changes."""
    from annotator.assist.event_context import sentence_of
    from annotator.assist.learning import CodedAlias, CodedExample, ProjectLearning

    actors = tuple(project_actors(project))
    with project.engine.connect() as conn:
        day_first = date_order(conn)
        project_id = conn.scalar(select(settings_t.c.value).where(settings_t.c.key == "project_id")) or ""
        # Texts linked to actor1/actor2, with the actor coded and the event's country.
        rows = conn.execute(
            select(spans_t.c.text, evidence_t.c.field, events_t.c.actor1, events_t.c.inter1, events_t.c.actor2,
                   events_t.c.inter2, events_t.c.country)
            .join(evidence_t, evidence_t.c.span_id == spans_t.c.id)
            .join(events_t, events_t.c.id == evidence_t.c.event_id)
            .where(evidence_t.c.field.in_(_ACTOR_FIELDS))
        )  # fmt: skip
        aliases = []
        for text, field, actor1, inter1, actor2, inter2, country in rows:
            actor, inter = (actor1, inter1) if field == "actor1" else (actor2, inter2)
            if actor and text and text.strip():
                aliases.append(CodedAlias(" ".join(text.split()), actor, inter, country or ""))
        # The newest coded events with a sub-event type, and the text around their evidence.
        newest = (
            select(events_t.c.id)
            .where(events_t.c.sub_event_type != "")
            .order_by(events_t.c.id.desc())
            .limit(max_examples)
            .subquery()
        )
        start = case((spans_t.c.start_offset > _AROUND, spans_t.c.start_offset - _AROUND), else_=0)
        window = conn.execute(
            select(events_t.c.id, events_t.c.event_type, events_t.c.sub_event_type, spans_t.c.start_offset, start,
                   func.substr(articles_t.c.text, start + 1, spans_t.c.end_offset - start + _AROUND))
            .join(newest, newest.c.id == events_t.c.id)
            .join(evidence_t, evidence_t.c.event_id == events_t.c.id)
            .join(spans_t, spans_t.c.id == evidence_t.c.span_id)
            .join(sets_t, sets_t.c.id == events_t.c.set_id)
            .join(articles_t, articles_t.c.id == sets_t.c.article_id)
            .order_by(events_t.c.id, spans_t.c.start_offset)
        )  # fmt: skip
        sentences: defaultdict[int, dict[str, None]] = defaultdict(dict)
        types: dict[int, tuple[str, str]] = {}
        for event_id, event_type, sub_event_type, span_start, window_start, text in window:
            if not text:
                continue
            lo, hi = sentence_of(text, span_start - window_start)
            sentences[event_id][text[lo:hi].strip()] = None  # each sentence once, in order
            types[event_id] = (event_type, sub_event_type)
    examples = tuple(
        CodedExample(" ".join(s for s in sentences[event_id] if s), *types[event_id]) for event_id in sorted(types)
    )
    return ProjectLearning(actors, tuple(aliases), examples, day_first, str(project_id))
