"""Span agreement per label: exact-match F1, overlap F1, and α over the character continuum.

For one pair of coders and one label, over the articles both coded:

- **exact F1** = 2·|A ∩ B| / (|A| + |B|), a span counting as found by both when both coders marked the
  same start, end and label;
- **overlap F1** is the harmonic mean of overlap precision (share of B's spans that overlap at least
  one of A's spans of the label by one character or more) and overlap recall (the same for A's spans),
  the "lenient" match of named-entity evaluation; it forgives boundary differences;
- **character α** (not Krippendorff's unitizing α_u): every code point of every compared article is a
  unit, and each coder's value there is 1 if it lies inside one of that coder's spans of the label,
  else 0; nominal α over these units. Overlapping spans of one coder and label count once (their union).
  Unlike exact F1 it credits partial overlap, and unlike both F1s it corrects for chance (a label that
  covers much of the text agrees often by chance). Unlike α_u it does not weigh how far apart two
  units' boundaries lie: a boundary one character off costs one character. It runs over any number of
  coders (each article's coders with a set are its observers).

Everything works on whole columns (numpy), not per article, so 300,000 spans take a fraction of a second.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass
class SpanTable:
    """All spans in scope, one entry per span: article and coder indices, offsets, label index."""

    article: IntArray
    coder: IntArray
    start: IntArray
    end: IntArray
    label: IntArray
    labels: list[str]

    def __len__(self) -> int:
        return len(self.start)

    def subset(self, keep: npt.NDArray[np.bool_]) -> SpanTable:
        return SpanTable(
            self.article[keep], self.coder[keep], self.start[keep], self.end[keep], self.label[keep], self.labels
        )


@dataclass
class PairSpanCounts:
    """One pair of coders' span counts: per label (arrays over labels) and per article and label."""

    a: IntArray  # A's spans per label
    b: IntArray
    exact: IntArray  # spans both marked exactly
    hits_a: IntArray  # A's spans overlapping some B span of the label
    hits_b: IntArray
    # per (article, label) differences: A's + B's spans minus twice the exact matches (0 = full agreement)
    differing: dict[int, IntArray]  # label -> article indices where the pair's spans of the label differ
    article_a: IntArray  # per article: A's spans, B's spans, exact matches (all labels)
    article_b: IntArray
    article_exact: IntArray

    def exact_f1(self, label: int) -> float | None:
        total = self.a[label] + self.b[label]
        return float(2 * self.exact[label] / total) if total else None

    def overlap_f1(self, label: int) -> float | None:
        return overlap_f1(int(self.hits_a[label]), int(self.a[label]), int(self.hits_b[label]), int(self.b[label]))


def overlap_f1(hits_a: int, spans_a: int, hits_b: int, spans_b: int) -> float | None:
    """Harmonic mean of overlap precision hits_b / spans_b and overlap recall hits_a / spans_a."""
    if not spans_a and not spans_b:
        return None
    precision = hits_b / spans_b if spans_b else 0.0
    recall = hits_a / spans_a if spans_a else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _order(columns: Sequence[IntArray], sizes: Sequence[int]) -> IntArray:
    """Indices sorting rows by ``columns`` (first column first); ``sizes`` bound each column's values.

    Folding the columns into one int64 key and sorting that is several times faster than a lexsort;
    the lexsort is kept for the (unlikely) sizes whose product would not fit.
    """
    if math.prod(max(int(x), 1) for x in sizes) < 2**62:
        return np.argsort(_fold(columns, sizes), kind="stable")
    return np.lexsort(tuple(reversed(columns)))


def _fold(columns: Sequence[IntArray], sizes: Sequence[int]) -> IntArray:
    key = np.zeros(len(columns[0]), dtype=np.int64)
    for column, size in zip(columns, sizes, strict=True):
        key = key * max(int(size), 1) + column
    return key


def _distinct(rows: IntArray, sizes: Sequence[int]) -> IntArray:
    """Rows (article, label, start, end) sorted, each once."""
    if not len(rows):
        return rows
    rows = rows[_order(tuple(rows.T), sizes)]
    keep = np.ones(len(rows), dtype=bool)
    keep[1:] = (rows[1:] != rows[:-1]).any(axis=1)
    return rows[keep]


def _unique_rows(table: SpanTable, coder: int, articles: npt.NDArray[np.bool_], sizes: Sequence[int]) -> IntArray:
    """One coder's distinct spans in the given articles as rows (article, label, start, end)."""
    keep = (table.coder == coder) & articles[table.article]
    rows = np.column_stack((table.article[keep], table.label[keep], table.start[keep], table.end[keep]))
    return _distinct(rows.astype(np.int64).reshape(-1, 4), sizes)


def _exact(rows_a: IntArray, rows_b: IntArray, sizes: Sequence[int]) -> npt.NDArray[np.bool_]:
    """For each of A's distinct spans: did B mark the very same one?"""
    found = np.zeros(len(rows_a), dtype=bool)
    if not len(rows_a) or not len(rows_b):
        return found
    both = np.concatenate((rows_a, rows_b))
    origin = np.concatenate((np.arange(len(rows_a)), np.full(len(rows_b), -1)))
    order = _order((*tuple(both.T), origin + 1), (*sizes, len(rows_a) + 1))
    both, origin = both[order], origin[order]
    # Each side holds a span once, so equal neighbours are one of B's (origin −1, sorted first) and one of A's.
    same = (both[1:] == both[:-1]).all(axis=1)
    found[origin[1:][same]] = True
    return found


def _overlap_hits(mine: IntArray, theirs: IntArray, n_labels: int) -> npt.NDArray[np.bool_]:
    """For each of my spans: does one of theirs with the same article and label share a character?"""
    if not len(mine) or not len(theirs):
        return np.zeros(len(mine), dtype=bool)
    big = int(max(mine[:, 3].max(), theirs[:, 3].max())) + 1
    key_theirs = theirs[:, 0] * n_labels + theirs[:, 1]
    order = _order((key_theirs, theirs[:, 2]), (int(key_theirs.max()) + 1, big))
    k_sorted = key_theirs[order]
    starts = k_sorted * big + theirs[order, 2]
    # Running maximum end within each (article, label) group: groups ascend, so an offset of key·big keeps
    # every earlier group's values below the current group's.
    reach = np.maximum.accumulate(k_sorted * big + theirs[order, 3])
    key_mine = mine[:, 0] * n_labels + mine[:, 1]
    # The last of their spans (same group) that starts before my end...
    last = np.searchsorted(starts, key_mine * big + mine[:, 3], side="left") - 1
    valid = last >= 0
    hit = np.zeros(len(mine), dtype=bool)
    # ...and whether any of their spans up to it ends after my start.
    hit[valid] = reach[last[valid]] > key_mine[valid] * big + mine[valid, 2]
    return hit


def pair_counts(table: SpanTable, a: int, b: int, both: npt.NDArray[np.bool_], n_articles: int) -> PairSpanCounts:
    """Span counts of coders ``a`` and ``b`` over the articles flagged in ``both``."""
    n_labels = len(table.labels)
    big = int(table.end.max(initial=0)) + 1
    sizes = (n_articles, n_labels, big, big)
    rows_a = _unique_rows(table, a, both, sizes)
    rows_b = _unique_rows(table, b, both, sizes)
    exact_mask = _exact(rows_a, rows_b, sizes)
    hits_a = _overlap_hits(rows_a, rows_b, n_labels)
    hits_b = _overlap_hits(rows_b, rows_a, n_labels)

    def per_label(rows: IntArray, mask: npt.NDArray[np.bool_] | None = None) -> IntArray:
        labels = rows[:, 1] if mask is None else rows[mask, 1]
        return np.bincount(labels, minlength=n_labels).astype(np.int64)

    def per_article(rows: IntArray, mask: npt.NDArray[np.bool_] | None = None) -> IntArray:
        arts = rows[:, 0] if mask is None else rows[mask, 0]
        return np.bincount(arts, minlength=n_articles).astype(np.int64)

    cell = n_articles * n_labels
    diff = (
        np.bincount(rows_a[:, 0] * n_labels + rows_a[:, 1], minlength=cell)
        + np.bincount(rows_b[:, 0] * n_labels + rows_b[:, 1], minlength=cell)
        - 2 * np.bincount(rows_a[exact_mask, 0] * n_labels + rows_a[exact_mask, 1], minlength=cell)
    ).reshape(n_articles, n_labels)
    differing = {lab: np.nonzero(diff[:, lab])[0] for lab in range(n_labels)}
    return PairSpanCounts(
        a=per_label(rows_a),
        b=per_label(rows_b),
        exact=per_label(rows_a, exact_mask),
        hits_a=per_label(rows_a, hits_a),
        hits_b=per_label(rows_b, hits_b),
        differing=differing,
        article_a=per_article(rows_a),
        article_b=per_article(rows_b),
        article_exact=per_article(rows_a, exact_mask),
    )


def _merged(table: SpanTable) -> SpanTable:
    """Each coder's spans of one label in one article merged where they overlap or touch."""
    if not len(table):
        return table
    big = int(table.end.max()) + 1
    sizes = (int(table.coder.max()) + 1, int(table.article.max()) + 1, len(table.labels), big)
    order = _order((table.coder, table.article, table.label, table.start), sizes)
    t = SpanTable(
        table.article[order], table.coder[order], table.start[order], table.end[order], table.label[order], table.labels
    )
    new_group = np.ones(len(t), dtype=bool)
    new_group[1:] = (t.coder[1:] != t.coder[:-1]) | (t.article[1:] != t.article[:-1]) | (t.label[1:] != t.label[:-1])
    group = np.cumsum(new_group) - 1
    reach = np.maximum.accumulate(group * big + t.end) - group * big
    starts_new = new_group.copy()
    starts_new[1:] |= t.start[1:] > reach[:-1]
    first = np.nonzero(starts_new)[0]
    last = np.append(first[1:] - 1, len(t) - 1)
    return SpanTable(t.article[first], t.coder[first], t.start[first], reach[last], t.label[first], t.labels)


def character_alpha(
    table: SpanTable, observers: IntArray, lengths: IntArray, compared: npt.NDArray[np.bool_]
) -> list[float | None]:
    """Character α per label (see the module note).

    ``observers[t]`` is the number of coders with a set for article t, ``lengths[t]`` its length in code
    points; only articles flagged in ``compared`` (two observers or more) count, and ``table`` must hold
    only those observers' spans.
    """
    n_labels = len(table.labels)
    n_total = float((observers[compared] * lengths[compared]).sum())
    merged = _merged(table.subset(compared[table.article]))
    if not len(merged):
        return [None] * n_labels
    key = merged.article * n_labels + merged.label
    pos = np.concatenate((merged.start, merged.end))
    delta = np.concatenate((np.ones(len(merged), dtype=np.int64), -np.ones(len(merged), dtype=np.int64)))
    keys = np.concatenate((key, key))
    order = _order((keys, pos), (int(keys.max()) + 1, int(pos.max()) + 1))
    pos, delta, keys = pos[order], delta[order], keys[order]
    cover = np.cumsum(delta)  # each group's deltas sum to 0, so one running sum serves every group
    same = keys[1:] == keys[:-1]
    length = np.where(same, pos[1:] - pos[:-1], 0).astype(float)
    k = cover[:-1].astype(float)
    m = observers[keys[:-1] // n_labels].astype(float)
    label = keys[:-1] % n_labels
    with np.errstate(divide="ignore", invalid="ignore"):
        disagree = np.where(m > 1, length * 2 * k * (m - k) / (m - 1), 0.0)
    observed = np.bincount(label, weights=disagree, minlength=n_labels)
    ones = np.bincount(label, weights=length * k, minlength=n_labels)
    out: list[float | None] = []
    for lab in range(n_labels):
        zeros = n_total - ones[lab]
        expected = 2 * zeros * ones[lab]
        out.append(None if expected <= 0 else float(1 - (n_total - 1) * observed[lab] / expected))
    return out
