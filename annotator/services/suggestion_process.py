"""The suggestion engine in a process of its own, for the window.

Built in the window's process, the engine's gazetteer (then seconds to load, about 750 MB; now an
on-disk index) held Python's lock for most of those seconds, so a tag pressed meanwhile waited up
to 468 ms; once loaded, its heap lengthened every full garbage collection after. In a child
process it costs the window a pipe: a pass sends the article's text and gets back the suggestions
and the country the article is about.

One child serves the whole process (every window, every project: one gazetteer in memory). It
holds an engine per codebook and what the project has coded (its actors, their evidence texts,
its events' sentences for the sub-event model: a ProjectLearning, sent over the pipe), built on
the first request that names them. When the project's coding changes, the next pass after a
while gathers it again and has the child learn it (training the model there), on a thread of
its own: the window never waits for it. The child is started with "spawn", never "fork" (the
window runs Qt threads), and as a daemon: it dies with the app, and quitting never waits for a
gazetteer half loaded. A child that dies is replaced on the next request; the request that was
waiting for it fails with a clear error.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import threading
import time
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

    from annotator.assist.countries import CountryInfo
    from annotator.assist.learning import ProjectLearning
    from annotator.assist.suggest import Suggestion, SuggestionEngine
    from annotator.domain.codebook import Codebook
    from annotator.services.project import Project

# What builds an engine in the child, as "module:function" taking (codebook, learning, cache): tests
# name one that waits, to show that nothing in the window waits with it.
ENGINE_BUILDER = "annotator.services.suggestions:build_engine"
# Engines a child keeps (one per codebook and project learning; they share the gazetteer).
_ENGINES_KEPT = 4
# Suggestions per message from the child: unpickling holds Python's lock for the whole message, so
# a big article's 20,000 suggestions come in pieces, and as plain tuples (unpickling them as
# dataclasses took 365 ms in one piece; as tuples in pieces of 2,000, about 3 ms each).
_CHUNK = 2000
# Article countries a RemoteAssistant remembers (the form asks for the open article's).
_COUNTRIES_KEPT = 16
# Seconds between looks at whether the project's coding changed (a look is a few aggregate queries).
RELEARN_SECONDS = 60.0


log = logging.getLogger(__name__)


class SuggestionProcessError(RuntimeError):
    """The suggestion process failed or ended; the message says what happened there."""


# ---------------------------------------------------------------- in the child


def _serve(conn: Connection, cache: Path | None, builder: str) -> None:
    """The child's loop: one request at a time, each answered with ("ok", value, parts) and that many
    more messages, or ("error", text, 0)."""
    import importlib

    module, _, name = builder.partition(":")
    build_engine = getattr(importlib.import_module(module), name)

    specs: dict[str, tuple[Any, ...]] = {}
    engines: OrderedDict[str, SuggestionEngine] = OrderedDict()

    def engine(key: str) -> SuggestionEngine:
        found = engines.get(key)
        if found is None:
            codebook, learning, places = specs[key]  # places: the project's own places file, if any
            found = engines[key] = build_engine(codebook, learning, cache, places)
            while len(engines) > _ENGINES_KEPT:
                engines.popitem(last=False)
        engines.move_to_end(key)
        return found

    while True:
        try:
            kind, key, args = conn.recv()
        except (EOFError, OSError):
            return  # the app went away
        try:
            value: Any = None
            parts: list[list[tuple[Any, ...]]] = []
            if kind == "engine":
                specs[key] = args
                engine(key)
            elif kind == "analyse":
                text, published = args
                found = engine(key).analyse(text, published=published)
                rows = [(s.start, s.end, s.label, s.text, s.value, s.confidence) for s in found.suggestions]
                parts = [rows[i : i + _CHUNK] for i in range(0, len(rows), _CHUNK)]
                value = found.country
            elif kind == "country":
                value = engine(key).article_country(args)
            else:
                raise ValueError(f"unknown request {kind!r}")
        except Exception as exc:  # said to the caller, who shows it
            conn.send(("error", f"{type(exc).__name__}: {exc}", 0))
            continue
        conn.send(("ok", value, len(parts)))
        for part in parts:
            conn.send(part)


# ---------------------------------------------------------------- in the app


class _Child:
    """The running child and the pipe to it; one request at a time."""

    def __init__(self, cache: Path | None, builder: str) -> None:
        import multiprocessing

        self.spec = (cache, builder)
        ctx = multiprocessing.get_context("spawn")
        self._conn, theirs = ctx.Pipe()
        self.process: BaseProcess = ctx.Process(
            target=_serve, args=(theirs, cache, builder), name="annotator-suggestions", daemon=True
        )
        self.process.start()
        theirs.close()  # ours only: a child that dies then reads as end of file here
        self._lock = threading.Lock()
        self.known: set[str] = set()  # engine keys the child has been told about

    def call(self, kind: str, key: str, args: Any) -> tuple[Any, list[Any]]:
        """The answer's value and its parts (what came in the messages after it)."""
        with self._lock:
            try:
                self._conn.send((kind, key, args))
                status, value, count = self._conn.recv()
                parts = [self._conn.recv() for _ in range(count)]
            except (EOFError, OSError) as exc:
                raise SuggestionProcessError("the suggestion process ended unexpectedly") from exc
        if status != "ok":
            raise SuggestionProcessError(str(value))
        return value, parts

    def alive(self) -> bool:
        return self.process.is_alive()

    def close(self) -> None:
        self.process.terminate()
        self._conn.close()


_child: _Child | None = None
_child_lock = threading.Lock()


def _the_child(cache: Path | None) -> _Child:
    """The process's suggestion child, started (or restarted) if need be."""
    global _child
    with _child_lock:
        if _child is not None and (not _child.alive() or _child.spec != (cache, ENGINE_BUILDER)):
            _child.close()
            _child = None
        if _child is None:
            _child = _Child(cache, ENGINE_BUILDER)
        return _child


def stop() -> None:
    """End the child (tests; the app's exit ends it anyway)."""
    global _child
    with _child_lock:
        if _child is not None:
            _child.close()
            _child = None


def child_pid() -> int | None:
    """The running child's process id, if one runs."""
    with _child_lock:
        return _child.process.pid if _child is not None and _child.alive() else None


class RemoteAssistant:
    """A project's suggestion engine, run in the shared child process.

    The same surface as :class:`annotator.services.suggestions.Assistant`; its calls block the
    calling thread (never the GUI thread: the task runner's pool) while the child works."""

    def __init__(self, project: Project, *, cache: Path | None = None) -> None:
        self.project = project
        self._cache = cache
        self._key: str | None = None
        self._spec: tuple[Codebook, ProjectLearning, Path | None] | None = None
        self._stamp: tuple[int, int, int, str] | None = None  # the coding the engine learnt
        self._looked = 0.0  # when the coding was last looked at (time.monotonic)
        self._ready = False
        self._lock = threading.Lock()
        self._relearn_lock = threading.Lock()
        self._countries: OrderedDict[str, CountryInfo | None] = OrderedDict()

    @property
    def ready(self) -> bool:
        """The engine is built and has answered: a request now costs the pass only."""
        return self._ready

    def _gather(self) -> tuple[str, tuple[Codebook, ProjectLearning, Path | None], tuple[int, int, int, str]]:
        from annotator.services.project_learning import learning_stamp, project_learning
        from annotator.services.suggestions import project_places

        stamp = learning_stamp(self.project)
        codebook = self.project.codebook
        learning = project_learning(self.project)
        places = project_places(self.project, self._cache)  # the project's own places file, if any
        digest = hashlib.sha256(repr(codebook).encode())  # every part of the codebook, in order
        digest.update(learning.digest().encode())
        digest.update(str(places).encode())
        return digest.hexdigest()[:16], (codebook, learning, places), stamp

    def _engine_child(self) -> tuple[_Child, str]:
        with self._lock:
            if self._key is None:
                self._key, self._spec, self._stamp = self._gather()
                self._looked = time.monotonic()
            key = self._key
            child = _the_child(self._cache)
            if key not in child.known:  # a new child, or one that has not met this project
                child.call("engine", key, self._spec)
                child.known.add(key)
            self._ready = True
            return child, key

    def relearn(self, *, force: bool = False) -> bool:
        """Learn the project's coding again if it changed since the engine learnt it (looked at
        most every RELEARN_SECONDS unless ``force``). The child builds the new engine and trains
        its model meanwhile the old one answers nothing else; passes after that use the new one.
        True if it learnt. Blocks the calling thread (a pool thread, never the GUI's)."""
        from annotator.services.project_learning import learning_stamp

        if self._key is None or not self._relearn_lock.acquire(blocking=False):
            return False  # nothing learnt yet (the first pass does it), or another thread is at it
        try:
            if not force and time.monotonic() - self._looked < RELEARN_SECONDS:
                return False
            self._looked = time.monotonic()
            if learning_stamp(self.project) == self._stamp:
                return False
            key, spec, stamp = self._gather()
            child = _the_child(self._cache)
            if key not in child.known:
                child.call("engine", key, spec)
                child.known.add(key)
            with self._lock:
                self._key, self._spec, self._stamp = key, spec, stamp
            return True
        finally:
            self._relearn_lock.release()

    def suggest_text(self, text: str, published: dt.date | None) -> list[Suggestion]:
        from annotator.assist.suggest import Suggestion

        child, key = self._engine_child()
        country, parts = child.call("analyse", key, (text, published))
        self._remember(text, country)
        if time.monotonic() - self._looked >= RELEARN_SECONDS:
            # What was coded since is learnt for the next articles, on a thread of its own, so
            # these suggestions are not held back while the child learns.
            threading.Thread(target=self._relearn_quietly, name="annotator-relearn", daemon=True).start()
        return [Suggestion(*row) for part in parts for row in part]

    def _relearn_quietly(self) -> None:
        try:
            self.relearn()
        except Exception:  # the old engine keeps serving; the next look tries again
            log.warning("learning the project's coding again failed", exc_info=True)

    def article_country(self, text: str) -> CountryInfo | None:
        """The country the article is about (see SuggestionEngine.analyse): remembered from the
        article's suggestion pass, else asked for."""
        digest = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
        with self._lock:
            if digest in self._countries:
                return self._countries[digest]
        child, key = self._engine_child()
        country, _parts = child.call("country", key, text)
        self._remember(text, country)
        return country

    def _remember(self, text: str, country: CountryInfo | None) -> None:
        digest = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
        with self._lock:
            self._countries[digest] = country
            while len(self._countries) > _COUNTRIES_KEPT:
                self._countries.popitem(last=False)
