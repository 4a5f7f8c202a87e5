"""Whose work the article list shows: a coder's queue, and what a lead may look at and do.

A coder with assignments sees only those (on a server row-level security already hides the rest;
on SQLite, one person's file, this is where the app keeps to it). A lead or reviewer sees every
article and can narrow the list to one coder's queue or one batch. Only leads assign; on SQLite a
project that has no lead yet is one person's, who is their own lead.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from annotator.domain.models import Role, SetStatus
from annotator.services import workspace
from annotator.services.project import Project
from annotator.services.team import is_server
from annotator.store.repository import assignments_t, coders_t

OVERSEERS = (Role.LEAD, Role.REVIEWER)


@dataclass(frozen=True)
class QueueInfo:
    coder: str
    role: Role
    own: bool  # the coder has assignments
    coders: tuple[str, ...]  # coders with assignments (whose queues an overseer can show)
    batches: tuple[str, ...]  # every batch for an overseer, the coder's own otherwise
    may_assign: bool
    coder_id: int | None = None  # the coder's row (None: none yet), to tell their sets' changes from others'

    @property
    def oversees(self) -> bool:
        return self.role in OVERSEERS

    def default_assignee(self) -> str | None:
        return default_for(self.coder, self.role, self.own)


def default_for(coder: str, role: Role, own: bool) -> str | None:
    """The queue the list starts on: a coder's own when they have one, else every article."""
    return coder if own and role not in OVERSEERS else None


def role_of(project: Project, coder: str) -> Role:
    """On a server the login's role (a login that is no coder, the tables' owner, counts as lead);
    on SQLite the coder row's role, a coder if there is none yet."""
    # (One row by name: ``team.whoami`` also counts every coder's sets, too slow for each list read.)
    with project.engine.connect() as conn:
        if is_server(project):
            found = conn.scalar(select(coders_t.c.role).where(coders_t.c.name == func.session_user()))
            if found is None:
                return Role.LEAD
        else:
            found = conn.scalar(select(coders_t.c.role).where(coders_t.c.name == coder))
    try:
        return Role(found) if found else Role.CODER
    except ValueError:
        return Role.CODER


def default_assignee(project: Project, coder: str) -> str | None:
    """Two look-ups: what the list shows before the coder has chosen a filter."""
    return default_for(coder, role_of(project, coder), workspace.has_queue(project, coder))


def queue_info(project: Project, coder: str) -> QueueInfo:
    role = role_of(project, coder)
    own = workspace.has_queue(project, coder)
    oversees = role in OVERSEERS
    with project.engine.connect() as conn:
        coders = tuple(
            str(n)
            for n in conn.scalars(
                select(coders_t.c.name)
                .where(coders_t.c.id.in_(select(assignments_t.c.coder_id).distinct()))
                .order_by(coders_t.c.name)
            )
        )
        coder_id = conn.scalar(select(coders_t.c.id).where(coders_t.c.name == coder))
        no_lead = (
            not is_server(project)
            and conn.scalar(select(coders_t.c.id).where(coders_t.c.role == Role.LEAD.value).limit(1)) is None
        )
    batches = tuple(workspace.batches(project, None if oversees else coder))
    return QueueInfo(
        coder, role, own, coders if oversees else (coder,), batches, role is Role.LEAD or no_lead, coder_id
    )


def queue_counts(project: Project, coder: str) -> tuple[int, int] | None:
    """(done, assigned) of the coder's own queue, for the status bar; None if they have none."""
    if not workspace.has_queue(project, coder):
        return None
    mine = workspace.ArticleQuery(assigned_to=coder)
    done = workspace.ArticleQuery(status=SetStatus.DONE, assigned_to=coder)
    return len(workspace.article_ids(project, coder, done)), len(workspace.article_ids(project, coder, mine))
