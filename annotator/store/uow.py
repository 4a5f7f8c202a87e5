"""Unit of work: one user action or one import is one transaction."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from sqlalchemy import Connection, Engine


@contextlib.contextmanager
def transaction(engine: Engine) -> Iterator[Connection]:
    """A connection inside one transaction: committed if the block succeeds, rolled back otherwise."""
    with engine.begin() as conn:
        yield conn
