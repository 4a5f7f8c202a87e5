"""What the hostile-input tests share: a fingerprint of a database's content, and how to read the
one-line message the command line gives for a refused file."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import Engine, select

from annotator.domain.errors import _clip_name
from annotator.store.tables import articles_t, coders_t, events_t, evidence_t, sets_t, spans_t

_TABLES = (articles_t, sets_t, spans_t, events_t, evidence_t, coders_t)


def fingerprint(engine: Engine) -> str:
    """A digest of every row of the tables an import writes: equal before and after means unchanged."""
    digest = hashlib.sha256()
    with engine.connect() as conn:
        for table in _TABLES:
            t: Any = table
            for row in conn.execute(select(t).order_by(*t.primary_key.columns)):
                digest.update(repr(tuple(row)).encode("utf-8", "surrogatepass"))
            digest.update(b"|")
    return digest.hexdigest()


def message_problems(err: str, path: str, line: int | None, field: str | None, reason: str) -> list[str]:
    """What is wrong with the stderr of a refused import, if anything (an empty list when it is right)."""
    problems = []
    if "Traceback" in err:
        problems.append("traceback")
    if err.count("\n") != 1:
        problems.append(f"{err.count(chr(10))} lines")
    if not err.startswith(f"annotator: {path}"):
        problems.append("does not start with the file")
    if line is not None and f"line {line}" not in err:
        problems.append(f"no 'line {line}'")
    if field is not None and f"field '{_clip_name(field)}'" not in err:
        problems.append(f"no field {field[:60]!r}")
    if reason not in err:
        problems.append(f"no {reason!r}")
    if len(err) > 600:
        problems.append(f"{len(err)} characters long")
    return problems
