"""A terminal progress bar for long commands, drawn on stderr only when it is a terminal."""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from annotator.services.project import Project


class TerminalProgress:
    def __init__(self, stream: TextIO | None = None, *, min_interval: float = 0.1) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self.total: int | None = None
        self.what = ""
        self._last = 0.0
        self._min_interval = min_interval
        self._started = time.monotonic()

    def start(self, total: int | None, what: str) -> None:
        self.total, self.what = total, what
        self._started = time.monotonic()
        self._draw(0, force=True)

    def advance(self, done: int) -> None:
        self._draw(done)

    def cancelled(self) -> bool:
        return False

    def finish(self) -> None:
        if self.enabled:
            self.stream.write("\r\x1b[K")
            self.stream.flush()

    def _draw(self, done: int, *, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last < self._min_interval:
            return
        self._last = now
        if self.total:
            frac = min(done / self.total, 1.0)
            bar = "#" * int(frac * 30)
            line = f"{self.what} [{bar:<30}] {frac:4.0%} ({done:,}/{self.total:,})"
        else:
            line = f"{self.what}... {done:,}"
        self.stream.write("\r\x1b[K" + line)
        self.stream.flush()


@contextlib.contextmanager
def project_with_progress(
    args: argparse.Namespace, *, create: bool = False
) -> Iterator[tuple[Project, TerminalProgress]]:
    """The project named by --db/--codebook and a terminal bar; both are closed however the command ends.
    ``create``: the commands that add to a project (import, gazetteer add) make its database if it is
    not there; the others refuse a path that holds none, rather than leave an empty project at a typo."""
    from annotator.services.project import open_project

    project = open_project(args.db, codebook=args.codebook, create=create)
    progress = TerminalProgress()
    try:
        yield project, progress
    finally:
        progress.finish()
        project.close()
