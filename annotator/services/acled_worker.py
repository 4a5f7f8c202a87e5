"""The second half of a large ACLED export, run in a separate process.

Reading a million events out of the database is most of an export's time and holds Python's lock,
so a thread cannot help; a second process reading the upper half of the events (by row id) while
the first writes the lower half uses the second core. The worker writes its lines to a part file that
the parent appends, so the order and the bytes are those of a single pass.

The process is started with "spawn", never "fork": the app may be running Qt threads.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from annotator.formats.acled_csv import SOURCE_FIELDS, AcledCsvOptions
from annotator.store.export_queries import EventSelection

_done: Any = None
_cancel: Any = None


def init_worker(done: Any, cancel: Any) -> None:
    """Runs in the worker at start: the shared progress counter and the cancel flag, inherited."""
    global _done, _cancel
    _done, _cancel = done, cancel


@dataclass
class PartResult:
    rows: int = 0
    invalid: int = 0
    by_field: dict[str, int] = field(default_factory=dict)
    bad: list[tuple[Sequence[Any], list[tuple[str, str]]]] = field(default_factory=list)
    cancelled: bool = False


def write_part(
    url: str,
    codebook_path: str,
    options: AcledCsvOptions,
    selection: EventSelection,
    part_path: str,
    *,
    skip_invalid: bool,
    chunk: int,
    keep_problems: int,
) -> PartResult:
    from annotator.domain.codebook import load_codebook
    from annotator.formats.acled_csv import AcledRowBuilder
    from annotator.store import export_queries as eq
    from annotator.store.engine import make_engine

    builder = AcledRowBuilder(load_codebook(codebook_path), options)
    result = PartResult()
    by_field: Counter[str] = Counter()
    engine = make_engine(url)
    try:
        with engine.connect() as conn, open(part_path, "w", encoding="utf-8", newline="") as out:
            for rows in eq.iter_event_rows(
                conn, SOURCE_FIELDS, selection, with_coder=options.coder_column, chunk=chunk
            ):
                good, bad = builder.build(rows)
                if bad:
                    result.invalid += len(bad)
                    for _, found in bad:
                        by_field.update({f for f, _ in found})
                    room = keep_problems - len(result.bad)
                    if room > 0:
                        result.bad.extend((tuple(r), p) for r, p in bad[:room])
                if not result.invalid or skip_invalid:
                    out.write("".join(good))
                    result.rows += len(good)
                if _done is not None:
                    with _done.get_lock():
                        _done.value += len(rows)
                if _cancel is not None and _cancel.is_set():
                    result.cancelled = True
                    break
    finally:
        engine.dispose()
    result.by_field = dict(by_field)
    return result
