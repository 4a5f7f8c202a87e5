"""Notes a reviewer sent back to a coder with an article (issue 11): what the coding screen shows
above the article.

Kept apart from :mod:`annotator.services.adjudication` (which re-exports them) because the coding
screen reads them on every article it opens: importing the adjudication service would bring NumPy,
SciPy and rapidfuzz (the agreement maths) into the window process, ~60 MB it never uses there.
"""

from __future__ import annotations

from sqlalchemy import and_, select

from annotator.domain.models import SetKind, SetStatus
from annotator.services.project import Project
from annotator.store import provenance_rows
from annotator.store.repository import coders_t, sets_t


def open_notes(project: Project, article_id: int, coder: str) -> list[provenance_rows.Note]:
    """The notes a coder still has to answer on an article, newest first: a send-back reopens the set,
    and marking it done again answers them, so there are none while the set is done."""
    with project.engine.connect() as conn:
        status = conn.scalar(
            select(sets_t.c.status)
            .join(coders_t, coders_t.c.id == sets_t.c.coder_id)
            .where(
                and_(
                    sets_t.c.article_id == article_id,
                    coders_t.c.name == coder,
                    sets_t.c.kind == SetKind.CODER.value,
                )
            )
        )
        if status is None or status == SetStatus.DONE.value:
            return []
        return provenance_rows.notes(conn, article_id, coder)


def notes_for(project: Project, article_id: int, coder: str | None = None) -> list[provenance_rows.Note]:
    """Notes sent back on an article (to one coder, if named), newest first."""
    with project.engine.connect() as conn:
        return provenance_rows.notes(conn, article_id, coder)
