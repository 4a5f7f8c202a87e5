"""Agreement between coders: read every chosen coder's sets in scope, measure, report.

The public entry point for the CLI and the app's Review → Agreement screen is ``compute_agreement``;
its ``AgreementReport`` holds the tables (per field, per label, per pair of coders), the articles
behind every cell (``FieldPair.disagreeing_articles``, ``SpanPair.disagreeing_articles``,
``EventPair.unmatched_articles``) and the articles ranked by disagreement (``by_article``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection

from annotator.domain.agreement.compute import AgreementInput, MeasureOptions, measure
from annotator.domain.agreement.levels import EVENT_COLUMNS
from annotator.domain.agreement.report import AgreementReport
from annotator.domain.agreement.scope import AgreementScope
from annotator.domain.agreement.spans import SpanTable
from annotator.domain.errors import UserError
from annotator.domain.gc_pause import gc_paused
from annotator.store import agreement_queries as q

if TYPE_CHECKING:
    from annotator.services.project import Project

__all__ = ["AgreementReport", "AgreementScope", "MeasureOptions", "compute_agreement", "read_input"]


def compute_agreement(
    project: Project, scope: AgreementScope | None = None, options: MeasureOptions | None = None
) -> AgreementReport:
    """Measure agreement over ``scope`` (default: every coder, every article).

    Raises ``UserError`` for a coder name that is not in the project or fewer than two coders.
    """
    scope = scope or AgreementScope()
    # Hundreds of thousands of row tuples, holding scalars only: collections while they are read
    # made turning them into columns five times slower (gc_pause).
    with gc_paused(), project.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            # One snapshot for the three reads, so a coder saving meanwhile cannot make them disagree.
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        data = read_input(conn, scope, project.codebook.label_names)
    return measure(data, options)


def read_input(conn: Connection, scope: AgreementScope, labels: tuple[str, ...] = ()) -> AgreementInput:
    """Every row an agreement run needs, as columns (see ``AgreementInput``)."""
    chosen: list[int] | None = None
    if scope.coders:
        found = q.coder_ids(conn, scope.coders)
        unknown = [name for name in scope.coders if name not in found]
        if unknown:
            raise UserError(f"no coder called {', '.join(repr(n) for n in unknown)} in this project")
        if len(scope.coders) < 2:
            raise UserError("agreement needs at least two coders")
        chosen = [found[name] for name in scope.coders]

    set_rows = list(q.stream(conn, q.sets_statement(scope, chosen)))
    names = {cid: name for _, cid, name, *_ in set_rows}
    if chosen is None:
        coders = sorted(names.values())
        if len(coders) < 2:
            raise UserError(
                "agreement needs at least two coders with annotation sets in scope; found "
                + (f"only {coders[0]}" if coders else "none")
            )
    else:
        coders = sorted(scope.coders)
    coder_index = {cid: coders.index(name) for cid, name in names.items()}
    article_index: dict[int, int] = {}
    article_ids: list[str] = []
    titles: list[str] = []
    lengths: list[int] = []
    has: list[tuple[int, int]] = []
    for article_pk, cid, _, external_id, title, length in set_rows:
        t = article_index.get(article_pk)
        if t is None:
            t = article_index[article_pk] = len(article_ids)
            article_ids.append(external_id)
            titles.append(title or "")
            lengths.append(int(length or 0))
        has.append((t, coder_index[cid]))
    has_set = np.zeros((len(article_ids), len(coders)), dtype=bool)
    if has:
        rows, cols = zip(*has, strict=True)
        has_set[list(rows), list(cols)] = True

    # Row ids to indices without a Python call per row: set rows come in article order, so article
    # indices are positions in the sorted ids; coder ids are small, so a lookup array serves.
    article_pks = np.fromiter(article_index, dtype=np.int64, count=len(article_index))
    coder_lookup = np.zeros(max(coder_index, default=0) + 1, dtype=np.int64)
    for cid, index in coder_index.items():
        coder_lookup[cid] = index

    def article_of(pks: tuple[Any, ...]) -> npt.NDArray[np.int64]:
        return np.searchsorted(article_pks, np.array(pks, dtype=np.int64)).astype(np.int64)

    def coder_of(ids: tuple[Any, ...]) -> npt.NDArray[np.int64]:
        return coder_lookup[np.array(ids, dtype=np.int64)]

    event_rows = list(q.stream(conn, q.events_statement(scope, chosen, EVENT_COLUMNS)))
    width = 2 + len(EVENT_COLUMNS)
    columns: list[tuple[Any, ...]] = list(zip(*event_rows, strict=True)) if event_rows else [()] * width
    del event_rows
    event_columns = dict(zip(EVENT_COLUMNS, columns[2:], strict=True))

    span_rows = list(q.stream(conn, q.spans_statement(scope, chosen)))
    span_columns: list[tuple[Any, ...]] = list(zip(*span_rows, strict=True)) if span_rows else [()] * 5
    del span_rows
    label_list = list(labels)
    label_index = {name: i for i, name in enumerate(label_list)}
    for name in sorted(set(span_columns[4]) - set(label_index)):  # a label no longer in the codebook still counts
        label_index[name] = len(label_list)
        label_list.append(name)
    spans = SpanTable(
        article=article_of(span_columns[0]),
        coder=coder_of(span_columns[1]),
        start=np.array(span_columns[2], dtype=np.int64),
        end=np.array(span_columns[3], dtype=np.int64),
        label=np.array([label_index[x] for x in span_columns[4]], dtype=np.int64),
        labels=label_list,
    )
    return AgreementInput(
        coders=coders,
        article_ids=article_ids,
        titles=titles,
        lengths=np.array(lengths, dtype=np.int64),
        has_set=has_set,
        event_article=article_of(columns[0]),
        event_coder=coder_of(columns[1]),
        event_columns=event_columns,
        spans=spans,
        scope=scope.describe(),
    )
