"""The suggestion engine in a process of its own, for the window.

Built in the window's process, the engine's gazetteer (then seconds to load, about 750 MB; now an
on-disk index) held Python's lock for most of those seconds, so a tag pressed meanwhile waited up
to 468 ms; once loaded, its heap lengthened every full garbage collection after. In a child
process it costs the window a pipe: a pass sends the article's text and gets back the suggestions
and the country the article is about.

One child serves the whole process (every window, every project: one gazetteer in memory). It
holds an engine per codebook and what the project has coded (its actors, their evidence texts,
its events' sentences for the sub-event model: a ProjectLearning, sent over the pipe in pieces),
built on the first request that names them. When the project's coding changes, the next pass after a
while gathers it again and has the child learn it (training the model there), on a thread of
its own: the window never waits for it. The child is started with "spawn", never "fork" (the
window runs Qt threads), and as a daemon: it dies with the app, and quitting never waits for a
gazetteer half loaded. A child that dies is replaced on the next request; the request that was
waiting for it fails with a clear error.

The child runs at a lower priority than the window, so its work (a pass, the gazetteer's first
build) never takes a core the window wants; and it ends when the window's process does, crashed or
not, instead of finishing a gazetteer build nobody will use. A pass the window no longer wants (the
coder opened another article) is stopped in the child at its next checkpoint
(``RemoteAssistant.stop_passes``, ``annotator.assist.checkpoints``), so it does not compete with
opening the next article either.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ctypes import c_longlong
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

    from annotator.assist.countries import CountryInfo
    from annotator.assist.learning import ProjectLearning
    from annotator.assist.suggest import SuggestionEngine
    from annotator.assist.suggestion import Suggestion
    from annotator.domain.codebook import Codebook
    from annotator.services.project import Project
    from annotator.services.project_learning import LearningStamp

    # What an engine is built from: the codebook, what the project has coded, its places file.
    Spec = tuple[Codebook, ProjectLearning, Path | None]

# What builds an engine in the child, as "module:function" taking (codebook, learning, cache): tests
# name one that waits, to show that nothing in the window waits with it.
ENGINE_BUILDER = "annotator.services.suggestions:build_engine"
# Engines a child keeps (one per codebook and project learning; they share the gazetteer).
_ENGINES_KEPT = 4
# Suggestions per message from the child: unpickling holds Python's lock for the whole message, so
# a big article's 20,000 suggestions come in pieces, and as plain tuples (unpickling them as
# dataclasses took 365 ms in one piece; as tuples in pieces of 2,000, about 3 ms each).
_CHUNK = 2000
# Rows of what the project has coded (actors, evidence texts, example sentences) per message when an
# engine's spec is sent: pickling holds Python's lock for the whole message, and a large project's
# learning (10,000 evidence texts, 3,000 example sentences: 2.3 MB) took ~27 ms in one piece, in
# the window, while the coder tagged (at the first pass, and again whenever the coding is relearnt).
SPEC_ROWS = 1000
_LEARNT_FIELDS = ("actors", "aliases", "examples")
# Article countries a RemoteAssistant remembers (the form asks for the open article's).
_COUNTRIES_KEPT = 16
# Seconds between looks at whether the project's coding changed (a look is a few aggregate queries).
RELEARN_SECONDS = 60.0
# How much the child gives way to the window (POSIX nice increment; below-normal class on Windows).
NICENESS = 10


log = logging.getLogger(__name__)


class SuggestionProcessError(RuntimeError):
    """The suggestion process failed or ended; the message says what happened there."""


# ---------------------------------------------------------------- an engine's spec, in pieces


def spec_pieces(spec: Spec) -> tuple[tuple[Any, ...], list[tuple[str, tuple[Any, ...]]]]:
    """An engine's spec as a head (the codebook, the learning without its rows, the places file) and
    pieces of at most SPEC_ROWS rows each, ``(field, rows)``, to be sent one message each."""
    from dataclasses import replace

    codebook, learning, places = spec
    head = (codebook, replace(learning, actors=(), aliases=(), examples=()), places)
    pieces = []
    for name in _LEARNT_FIELDS:
        rows = getattr(learning, name)
        pieces += [(name, rows[i : i + SPEC_ROWS]) for i in range(0, len(rows), SPEC_ROWS)]
    return head, pieces


def spec_joined(head: tuple[Any, ...], pieces: list[tuple[str, tuple[Any, ...]]]) -> tuple[Any, ...]:
    """The spec ``spec_pieces`` cut up, whole again (in the child)."""
    from dataclasses import replace

    codebook, learning, places = head
    rows: dict[str, list[Any]] = {name: [] for name in _LEARNT_FIELDS}
    for name, part in pieces:
        rows[name] += part
    whole = replace(learning, actors=tuple(rows["actors"]), aliases=tuple(rows["aliases"]))
    return codebook, replace(whole, examples=tuple(rows["examples"])), places


# ---------------------------------------------------------------- in the child


class _Stopped(Exception):
    """The window stopped the pass being made (see ``_Child.stop``)."""


def _give_way() -> None:
    """Run below the window's priority: a pass or a gazetteer build takes the cores the window
    leaves idle, not the one it is laying an article out on. (On POSIX the window has lowered
    this process as it started: ``lower_priority``; the same level is set again, not lowered twice.)"""
    try:
        if sys.platform == "win32":
            import ctypes

            below_normal = 0x4000
            ctypes.windll.kernel32.SetPriorityClass(ctypes.windll.kernel32.GetCurrentProcess(), below_normal)
        else:
            lower_priority(os.getpid(), os.getpriority(os.PRIO_PROCESS, os.getppid()))
    except OSError:  # not allowed here: run as we are
        log.debug("could not lower the suggestion process's priority", exc_info=True)


def lower_priority(pid: int, window: int) -> None:
    """Put process ``pid`` NICENESS below the window's niceness ``window`` (POSIX; never raises
    its priority, which only a privileged process may)."""
    wanted = min(19, window + NICENESS)
    if os.getpriority(os.PRIO_PROCESS, pid) < wanted:
        os.setpriority(os.PRIO_PROCESS, pid, wanted)


def _started_below(process: BaseProcess) -> None:
    """Lower a child the moment it exists, from the window: on its own it runs at the window's
    priority until its interpreter is up and has imported this module (about 0.1 s of a core,
    while the window is opening an article or taking tags)."""
    if sys.platform == "win32" or process.pid is None:
        return  # (the child lowers itself there)
    try:
        lower_priority(process.pid, os.getpriority(os.PRIO_PROCESS, 0))
    except OSError:  # gone already, or not allowed: the child tries itself
        log.debug("could not lower a child's priority", exc_info=True)


def _end_with_parent() -> None:
    """End this process when the window's ends, however it ends. (A daemon child is ended by its
    parent's normal exit only; after a crash, or a parent killed, it went on building a gazetteer
    for a minute, taking a core from whatever ran next.)"""
    import multiprocessing

    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()  # returns when the parent's end of the process sentinel closes
        os._exit(0)

    threading.Thread(target=watch, name="annotator-parent-watch", daemon=True).start()


def _serve(conn: Connection, cache: Path | None, builder: str, stop: c_longlong | None = None) -> None:
    """The child's loop: one request at a time, ``(kind, key, args, number, count)`` and ``count``
    more messages (its parts), each answered with ("ok", value, parts) and that many more messages,
    ("stopped", None, 0) for a pass stopped, or ("error", text, 0). ``stop`` holds the number of the
    request the window wants stopped (shared memory, written by ``_Child.stop``)."""
    import importlib

    _give_way()
    _end_with_parent()
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
            kind, key, args, number, count = conn.recv()
            sent = [conn.recv() for _ in range(count)]
        except (EOFError, OSError):
            return  # the app went away

        def checkpoint(number: int = number) -> None:
            if stop is not None and stop.value == number:
                raise _Stopped

        try:
            value: Any = None
            parts: list[list[tuple[Any, ...]]] = []
            if kind == "engine":
                specs[key] = spec_joined(args, sent)
                engine(key)
            elif kind == "analyse":
                text, published, source, url = args
                found = engine(key).analyse(text, published=published, checkpoint=checkpoint, source=source, url=url)
                rows = [(s.start, s.end, s.label, s.text, s.value, s.confidence) for s in found.suggestions]
                parts = [rows[i : i + _CHUNK] for i in range(0, len(rows), _CHUNK)]
                value = found.country
            elif kind == "country":
                value = engine(key).article_country(args, checkpoint)
            else:
                raise ValueError(f"unknown request {kind!r}")
        except _Stopped:
            conn.send(("stopped", None, 0))
            continue
        except Exception as exc:  # said to the caller, who shows it
            conn.send(("error", f"{type(exc).__name__}: {exc}", 0))
            continue
        conn.send(("ok", value, len(parts)))
        for part in parts:
            conn.send(part)


# ---------------------------------------------------------------- in the app


class _Child:
    """The running child and the pipe to it; one request at a time, each numbered."""

    def __init__(self, cache: Path | None, builder: str) -> None:
        import multiprocessing

        self.spec = (cache, builder)
        ctx = multiprocessing.get_context("spawn")
        self._conn, theirs = ctx.Pipe()
        # The number of the request to stop, read by the child at its checkpoints: shared memory,
        # so a stop needs no message (the pipe is busy with the request being answered).
        self._stop = ctx.RawValue("q", 0)
        self.process: BaseProcess = ctx.Process(
            target=_serve, args=(theirs, cache, builder, self._stop), name="annotator-suggestions", daemon=True
        )
        self.process.start()
        _started_below(self.process)
        theirs.close()  # ours only: a child that dies then reads as end of file here
        self._lock = threading.Lock()
        self._number = 0  # of the last request sent
        self.known: set[str] = set()  # engine keys the child has been told about

    def call(
        self,
        kind: str,
        key: str,
        args: Any,
        ticket: PassTicket | None = None,
        parts: list[Any] | None = None,
        into: Callable[[Any], Any] | None = None,
    ) -> tuple[Any, list[Any]]:
        """The answer's value and its parts (what came in the messages after it), each made
        ``into(part)`` if given. ``ticket``: the request may be stopped (it raises ``Cancelled``
        then). ``parts``: more of the request, sent one message each after it (each pickled apart,
        so none holds Python's lock for long)."""
        from annotator.domain.gc_pause import gc_paused
        from annotator.services.progress import Cancelled

        with self._lock:
            self._number += 1
            if ticket is not None and not ticket.sending(self, self._number):
                raise Cancelled()  # stopped while it waited for its turn: never sent
            try:
                self._conn.send((kind, key, args, self._number, len(parts or ())))
                for part in parts or ():
                    self._conn.send(part)
                status, value, count = self._conn.recv()
                # A long article's answer is ~100,000 objects without cycles (rows, their values, the
                # suggestions made of them): the cycle collector, left on, made several full passes
                # over them as they came, each holding Python's lock from the window's thread in one
                # go (10-20 ms, growing with what the process holds). Paused, one young-generation
                # pass (2-3 ms) follows instead.
                with gc_paused():
                    got = [self._conn.recv() for _ in range(count)]
                    got = got if into is None else [into(part) for part in got]
            except (EOFError, OSError) as exc:
                raise SuggestionProcessError("the suggestion process ended unexpectedly") from exc
        if status == "stopped":
            raise Cancelled()
        if status != "ok":
            raise SuggestionProcessError(str(value))
        return value, got

    def stop(self, number: int) -> None:
        """Stop request ``number`` at its next checkpoint, if the child is still at it (any thread)."""
        self._stop.value = number

    def alive(self) -> bool:
        return self.process.is_alive()

    def close(self) -> None:
        self.process.terminate()
        self._conn.close()


class PassTicket:
    """One pass asked of the child, until it is answered: ``stop`` ends it there, or keeps it from
    being sent if it is still waiting for its turn."""

    __slots__ = ("_sent", "_stopped")

    def __init__(self) -> None:
        self._stopped = False
        self._sent: tuple[_Child, int] | None = None

    def sending(self, child: _Child, number: int) -> bool:
        """About to be sent as request ``number``: False if it was stopped already."""
        self._sent = (child, number)  # first this, then the look at ``_stopped`` (see ``stop``)
        return not self._stopped

    def stop(self) -> None:
        """Any thread. Set before it looks whether the pass was sent, while ``sending`` sets the
        request before it looks at this: a pass sent as it is stopped is seen by one or the other."""
        self._stopped = True
        sent = self._sent
        if sent is not None:
            sent[0].stop(sent[1])


_child: _Child | None = None
_child_lock = threading.Lock()
_index_lock = threading.Lock()
_index_checked: set[Path | None] = set()


def build_index_apart(codebook: Codebook, cache: Path | None) -> None:
    """Build the bundled gazetteer index, if this machine has none, in a process that ends when it
    is done, before the suggestion child opens it. Built inside the long-lived child, the build's
    few hundred MB of Python objects stayed in its heap until the window closed (the window and
    its child held 445 MB after coding a while, against 230 MB once the index was there)."""
    with _index_lock:
        if cache in _index_checked:
            return
        from annotator.assist.places import Gazetteer

        if not Gazetteer(codebook, cache_dir=cache).index_built:
            import multiprocessing

            ctx = multiprocessing.get_context("spawn")
            builder = ctx.Process(target=_build_index, args=(codebook, cache), name="annotator-gazetteer", daemon=True)
            builder.start()
            _started_below(builder)
            builder.join()
        _index_checked.add(cache)


def _build_index(codebook: Codebook, cache: Path | None) -> None:
    """The builder process: below the window's priority, and gone with the window."""
    from annotator.assist.places import Gazetteer

    _give_way()
    _end_with_parent()
    Gazetteer(codebook, cache_dir=cache).load()


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


def _teach(child: _Child, key: str, spec: Spec) -> None:
    """Have the child build the engine of ``spec`` under ``key``; the spec goes in pieces."""
    head, pieces = spec_pieces(spec)
    child.call("engine", key, head, parts=pieces)
    child.known.add(key)


class RemoteAssistant:
    """A project's suggestion engine, run in the shared child process.

    The same surface as :class:`annotator.services.suggestions.Assistant`; its calls block the
    calling thread (never the GUI thread: the task runner's pool) while the child works."""

    def __init__(self, project: Project, *, cache: Path | None = None) -> None:
        self.project = project
        self._cache = cache
        self._key: str | None = None
        self._spec: tuple[Codebook, ProjectLearning, Path | None] | None = None
        self._stamp: LearningStamp | None = None  # the coding the engine learnt
        self._looked = 0.0  # when the coding was last looked at (time.monotonic)
        self._ready = False
        self._lock = threading.Lock()
        self._relearn_lock = threading.Lock()
        self._passes: set[PassTicket] = set()  # asked and not yet answered
        self._passes_lock = threading.Lock()  # (not ``_lock``: that one is held while the engine builds)
        self._countries: OrderedDict[str, CountryInfo | None] = OrderedDict()

    @property
    def ready(self) -> bool:
        """The engine is built and has answered: a request now costs the pass only."""
        return self._ready

    def _gather(self) -> tuple[str, tuple[Codebook, ProjectLearning, Path | None], LearningStamp]:
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
            assert self._spec is not None
            build_index_apart(self._spec[0], self._cache)
            child = _the_child(self._cache)
            if key not in child.known:  # a new child, or one that has not met this project
                _teach(child, key, self._spec)
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
                _teach(child, key, spec)
            with self._lock:
                self._key, self._spec, self._stamp = key, spec, stamp
            return True
        finally:
            self._relearn_lock.release()

    def suggest_text(self, text: str, published: dt.date | None, source: str = "", url: str = "") -> list[Suggestion]:
        # (The light module: receiving suggestions must not load the pass; see its docstring.)
        from annotator.assist.suggestion import new_suggestion

        def made(rows: list[tuple[Any, ...]]) -> list[Suggestion]:
            return [new_suggestion(*row) for row in rows]

        country, parts = self._stoppable("analyse", (text, published, source, url), into=made)
        self._remember(text, country)
        if time.monotonic() - self._looked >= RELEARN_SECONDS:
            # What was coded since is learnt for the next articles, on a thread of its own, so
            # these suggestions are not held back while the child learns.
            threading.Thread(target=self._relearn_quietly, name="annotator-relearn", daemon=True).start()
        return [s for part in parts for s in part]

    def stop_passes(self) -> None:
        """Stop the passes (``suggest_text``, ``article_country``) asked for and not yet answered
        (their callers get ``Cancelled``): the child leaves one at its next checkpoint, and one
        still waiting for its turn is never sent. Returns at once; call it from any thread."""
        with self._passes_lock:
            tickets = list(self._passes)
        for ticket in tickets:
            ticket.stop()

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
        country, _parts = self._stoppable("country", text)
        self._remember(text, country)
        return country

    def _stoppable(self, kind: str, args: Any, into: Callable[[Any], Any] | None = None) -> tuple[Any, list[Any]]:
        """Ask the child for a pass (``kind``: "analyse" or "country") that ``stop_passes`` can stop;
        ``into``: see ``_Child.call``."""
        ticket = PassTicket()
        with self._passes_lock:
            self._passes.add(ticket)
        try:
            child, key = self._engine_child()
            return child.call(kind, key, args, ticket, into=into)
        finally:
            with self._passes_lock:
                self._passes.discard(ticket)

    def _remember(self, text: str, country: CountryInfo | None) -> None:
        digest = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
        with self._lock:
            self._countries[digest] = country
            while len(self._countries) > _COUNTRIES_KEPT:
                self._countries.popitem(last=False)
