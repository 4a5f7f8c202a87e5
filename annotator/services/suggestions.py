"""Pre-annotation suggestions for articles: dates, places, actors and action words.

Suggestions are computed on demand and never stored: they count as a coder's work only once the
coder accepts one, which turns it into an ordinary span (and fills empty event fields) through the
coding commands. The assist data (gazetteer, automata) is heavy, so it is built once per process,
lazily, and the gazetteer is cached in the user's cache folder.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from sqlalchemy import select

from annotator.domain.errors import UserError
from annotator.services.gazetteer_cache import cache_dir as cache_dir
from annotator.services.gazetteer_cache import shared_gazetteer as shared_gazetteer
from annotator.services.progress import Cancelled, NoProgress, Progress, check_cancel
from annotator.services.project import Project

# project_actors lives with the rest of what is learnt from a project; callers still find it here.
from annotator.services.project_learning import project_actors as project_actors
from annotator.services.project_learning import project_learning
from annotator.store.repository import articles_t

if TYPE_CHECKING:
    from annotator.assist.countries import CountryInfo
    from annotator.assist.learning import ProjectLearning
    from annotator.assist.suggest import SuggestionEngine
    from annotator.assist.suggestion import Suggestion
    from annotator.domain.codebook import Codebook


def project_places(project: Project, cache: Path | None = None) -> Path | None:
    """The file of the project's own places (added and coded), for :func:`build_engine`."""
    from annotator.services.gazetteer import project_places_file

    return project_places_file(project, cache or cache_dir())


def build_engine(
    codebook: Codebook, learning: ProjectLearning, cache: Path | None = None, places: Path | None = None
) -> SuggestionEngine:
    """A prepared engine that knows what the project has coded (call off the UI thread: the first use
    on a machine builds the gazetteer; more with a sub-event model to train). ``places``: the
    project's own places file (:func:`project_places`)."""
    from annotator.domain.gc_pause import gc_paused

    # The assist modules, dictionaries and automata are tens of thousands of objects without cycles:
    # collections while they are made walked the whole heap for nothing and doubled the build.
    with gc_paused():
        from annotator.assist.suggest import engine_with_learning

        gazetteer = shared_gazetteer(codebook, cache, places)
        engine = engine_with_learning(codebook, gazetteer, learning, cache=cache or cache_dir())
        engine.prepare()
    return engine


class SuggestionSource(Protocol):
    """What callers of a suggestion engine use: this module's Assistant (in this process) and
    services.suggestion_process.RemoteAssistant (in a child process, for the window)."""

    project: Project

    @property
    def ready(self) -> bool: ...

    def suggest_text(self, text: str, published: dt.date | None, source: str = "", url: str = "") -> list[Suggestion]:
        """Suggestions for one article's text; ``source`` and ``url`` name its outlet, whose home
        country is weak evidence of where its events are (``SuggestionEngine.analyse``)."""
        ...

    def article_country(self, text: str) -> CountryInfo | None: ...

    def stop_passes(self) -> None:
        """Stop the ``suggest_text`` and ``article_country`` calls under way (they raise
        ``Cancelled``); any thread."""
        ...


class Assistant:
    """The suggestion engine for one project, built on first use and shared by its callers."""

    def __init__(
        self,
        project: Project,
        *,
        cache: Path | None = None,
        day_first: bool | None = None,
        date_order_given: bool = False,
    ) -> None:
        """``date_order_given``: read year-less numeric dates as ``day_first`` says (None: flag them)
        instead of as the project's setting says."""
        self.project = project
        self.day_first = day_first
        self.date_order_given = date_order_given
        self._cache = cache
        self._engine: SuggestionEngine | None = None
        self._lock = threading.Lock()
        self._stops = 0  # how many times passes were stopped: a pass started before the last one ends

    @property
    def ready(self) -> bool:
        return self._engine is not None

    def engine(self) -> SuggestionEngine:
        """Build (seconds the first time; call off the UI thread) or return the engine."""
        if self._engine is not None:
            return self._engine
        with self._lock:
            if self._engine is None:
                learning = project_learning(self.project)
                if self.date_order_given:
                    learning = replace(learning, day_first=self.day_first)
                places = project_places(self.project, self._cache)
                self._engine = build_engine(self.project.codebook, learning, self._cache, places)
        return self._engine

    def suggest_text(self, text: str, published: dt.date | None, source: str = "", url: str = "") -> list[Suggestion]:
        found = self.engine().analyse(text, published=published, checkpoint=self._checkpoint(), source=source, url=url)
        return found.suggestions

    def article_country(self, text: str) -> CountryInfo | None:
        return self.engine().article_country(text, self._checkpoint())

    def stop_passes(self) -> None:
        self._stops += 1

    def _checkpoint(self) -> Callable[[], None]:
        """A pass's checkpoint: it stops the pass once ``stop_passes`` is called after this."""
        stops = self._stops

        def checkpoint() -> None:
            if self._stops != stops:
                raise Cancelled()

        return checkpoint


@dataclass(frozen=True)
class ArticleSuggestions:
    article_id: int
    external_id: str
    suggestions: list[Suggestion]


def _article_rows(
    project: Project, external_ids: Sequence[str] | None
) -> Iterator[tuple[int, str, str, dt.date | None, str, str]]:
    with project.engine.connect() as conn:
        c = articles_t.c
        q = select(c.id, c.external_id, c.text, c.published, c.source, c.url)
        if external_ids is not None:
            q = q.where(articles_t.c.external_id.in_(list(external_ids)))
        yield from conn.execute(q.order_by(articles_t.c.id).execution_options(yield_per=200))


def suggest_articles(
    assistant: Assistant, external_ids: Sequence[str] | None = None, *, progress: Progress | None = None
) -> Iterator[ArticleSuggestions]:
    """Suggestions per article, for the named articles (all when ``external_ids`` is None)."""
    progress = progress or NoProgress()
    if external_ids is not None:
        with assistant.project.engine.connect() as conn:
            found = set(
                conn.scalars(select(articles_t.c.external_id).where(articles_t.c.external_id.in_(list(external_ids))))
            )
        missing = [e for e in external_ids if e not in found]
        if missing:
            raise UserError(f"no article with id {', '.join(repr(m) for m in missing)} in the database")
    assistant.engine()
    total = len(external_ids) if external_ids is not None else None
    progress.start(total, "Suggesting")
    for n, (aid, ext, text, published, source, url) in enumerate(_article_rows(assistant.project, external_ids), 1):
        check_cancel(progress)
        yield ArticleSuggestions(aid, ext, assistant.suggest_text(text, published, source or "", url or ""))
        progress.advance(n)
