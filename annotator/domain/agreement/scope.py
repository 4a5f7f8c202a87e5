"""What an agreement run covers: which coders, which articles."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from annotator.domain.models import SetStatus


class DateBasis(StrEnum):
    """What a date range is about.

    ``published``: the article's publication date (articles without one fall outside any range).
    ``event``: an article is in range when one of the chosen coders dated an event of it within the
    range. Whole articles are kept, never single events: cutting out events by date would turn two
    coders' different dates for one event into a missing event instead of a date disagreement.
    """

    PUBLISHED = "published"
    EVENT = "event"


@dataclass(frozen=True)
class AgreementScope:
    """Coders and articles to compare. Every condition narrows; the empty scope is the whole project.

    ``batch`` keeps the articles assigned in that batch (to any coder).
    """

    coders: tuple[str, ...] = ()  # empty = every coder with an annotation set in scope
    date_from: dt.date | None = None  # inclusive
    date_to: dt.date | None = None  # inclusive
    date_basis: DateBasis = DateBasis.PUBLISHED
    statuses: tuple[SetStatus, ...] = ()  # annotation-set statuses to keep; empty = any
    batch: str | None = None  # articles assigned in this batch; None = any article
    # Only articles ready for review: two or more coders' sets, every one of them done (the review
    # queue ranks just these, so it reads nothing of articles still being coded).
    ready_for_review: bool = False

    def __post_init__(self) -> None:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError(f"the date range starts ({self.date_from}) after it ends ({self.date_to})")
        if len(set(self.coders)) != len(self.coders):
            raise ValueError("a coder is named twice")

    def describe(self) -> str:
        """The scope in words, for the head of a report."""
        parts = [f"coders {', '.join(self.coders)}" if self.coders else "every coder"]
        if self.batch is not None:
            parts.append(f"batch {self.batch or '(none)'}")
        if self.date_from or self.date_to:
            what = "published" if self.date_basis is DateBasis.PUBLISHED else "with an event dated"
            lo = self.date_from.isoformat() if self.date_from else "…"
            hi = self.date_to.isoformat() if self.date_to else "…"
            parts.append(f"articles {what} {lo} to {hi}")
        else:
            parts.append("every article")
        if self.statuses:
            parts.append(f"sets {' or '.join(s.value for s in self.statuses)}")
        if self.ready_for_review:
            parts.append("articles whose coders are all done")
        return "; ".join(parts)
