"""From every chosen coder's events and spans to an ``AgreementReport``.

The input is column-shaped (one list or array per stored column) so that tens of thousands of articles
are measured with a handful of array operations rather than one Python object per row; only the
event assignment runs per article (a few microseconds each).

Which articles count: those with annotation sets from at least two of the chosen coders. A coder
without a set for an article did not code it; a coder with an empty set coded it and found nothing.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from annotator.domain import acled
from annotator.domain.agreement.alpha import AlphaStats, Level, percentile_interval, reduce
from annotator.domain.agreement.kappa import cohen_kappa
from annotator.domain.agreement.levels import FIELD_LEVELS, MULTI_VALUED
from annotator.domain.agreement.matching import (
    EventKeys,
    MatchSettings,
    all_article_scores,
    group_events,
    match_pair,
    normalise_name,
)
from annotator.domain.agreement.report import (
    AgreementReport,
    ArticleAgreement,
    EventPair,
    FieldAgreement,
    FieldPair,
    SpanAgreement,
    SpanPair,
)
from annotator.domain.agreement.spans import SpanTable, character_alpha, overlap_f1, pair_counts

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

# Patterns (distinct units) up to this many are resampled with one multinomial draw per replicate;
# beyond it, units are drawn by index in chunks.
_MULTINOMIAL_PATTERNS = 2000
_CHUNK = 100


@dataclass(frozen=True)
class MeasureOptions:
    match: MatchSettings = field(default_factory=MatchSettings)
    resamples: int = 1000  # bootstrap replicates for α's interval (0 = no interval)
    seed: int = 20110101  # fixed, so the same data always gives the same interval
    confidence: float = 0.95


@dataclass
class AgreementInput:
    """Everything measured, as columns.

    Articles are indexed 0..A−1 and coders 0..C−1 (``coders`` in the order they are to be listed).
    ``has_set[t, c]`` says whether coder c has an annotation set for article t. ``event_columns`` holds
    one sequence per name in ``levels.EVENT_COLUMNS`` as the store returns them (dates as ``date`` or
    ISO text, booleans as bool or 0/1, empty text as ``""``, empty numbers as ``None``).
    """

    coders: list[str]
    article_ids: list[str]
    titles: list[str]
    lengths: IntArray
    has_set: BoolArray
    event_article: IntArray
    event_coder: IntArray
    event_columns: Mapping[str, Sequence[Any]]
    spans: SpanTable
    scope: str = ""


# ---------------------------------------------------------------- values


def _codes(values: Sequence[Any], key: Callable[[Any], Any]) -> tuple[FloatArray, dict[Any, int]]:
    """Category codes of raw values (NaN where ``key`` gives None), one ``key`` call per distinct value."""
    memo: dict[Any, float] = {}
    table: dict[Any, int] = {}
    out = np.empty(len(values))
    for i, raw in enumerate(values):
        code = memo.get(raw)
        if code is None:
            norm = key(raw)
            code = np.nan if norm is None else float(table.setdefault(norm, len(table)))
            memo[raw] = code
        out[i] = code
    return out, table


def _text_key(value: Any) -> str | None:
    text = normalise_name(value or "")
    return text or None


def _multi_key(value: Any) -> str | None:
    parts = sorted({normalise_name(p) for p in (value or "").split(";")} - {""})
    return "; ".join(parts) or None


def _number(values: Sequence[Any]) -> FloatArray:
    return np.array([np.nan if v is None or v == "" else float(v) for v in values], dtype=float)


def _day(value: Any) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    return float(value.toordinal())


def field_values(columns: Mapping[str, Sequence[Any]]) -> dict[str, FloatArray]:
    """Per measured field, each event's value as a number (category code, day number…), NaN = missing.

    ``coordinates`` is events × 2 (latitude, longitude).
    """
    out: dict[str, FloatArray] = {}
    for name, level in FIELD_LEVELS.items():
        if name == "event_date":
            out[name] = _days(columns[name])
        elif name == "coordinates":
            lat, lon = _number(columns["latitude"]), _number(columns["longitude"])
            missing = np.isnan(lat) | np.isnan(lon)
            out[name] = np.column_stack((np.where(missing, np.nan, lat), np.where(missing, np.nan, lon)))
        elif name == "interaction":
            pairs = zip(columns["inter1"], columns["inter2"], strict=True)
            codes = [acled.interaction_code(a, b) for a, b in pairs]
            out[name] = _number(codes)
        elif name == "civilian_targeting":
            out[name] = np.array([1.0 if v else 0.0 for v in columns[name]])
        elif level is Level.NOMINAL and name not in ("inter1", "inter2"):
            out[name] = _codes(columns[name], _multi_key if name in MULTI_VALUED else _text_key)[0]
        else:
            out[name] = _number(columns[name])
    return out


def _days(values: Sequence[Any]) -> FloatArray:
    memo: dict[Any, float] = {}
    out = np.empty(len(values))
    for i, v in enumerate(values):
        d = memo.get(v)
        if d is None:
            day = _day(v)
            d = np.nan if day is None else day
            memo[v] = d
        out[i] = d
    return out


def event_keys(columns: Mapping[str, Sequence[Any]], values: Mapping[str, FloatArray]) -> EventKeys:
    """What matching compares, from the same columns."""

    def ids(rows: Sequence[tuple[str, ...]]) -> tuple[IntArray, list[tuple[str, ...]]]:
        table: dict[tuple[str, ...], int] = {}
        out = np.fromiter((table.setdefault(r, len(table)) for r in rows), dtype=np.int64, count=len(rows))
        return out, list(table)

    place_rows = [
        tuple(normalise_name(v or "") for v in row)
        for row in zip(
            columns["location"],
            columns["admin3"],
            columns["admin2"],
            columns["admin1"],
            columns["country"],
            strict=True,
        )
    ]
    actor_rows = [
        tuple(n for n in (normalise_name(a or ""), normalise_name(b or "")) if n)
        for a, b in zip(columns["actor1"], columns["actor2"], strict=True)
    ]
    places, place_names = ids(place_rows)
    actors, actor_names = ids(actor_rows)

    def code(name: str) -> IntArray:
        v = values[name]
        return np.where(np.isnan(v), -1, v).astype(np.int64)

    coords = values["coordinates"]
    return EventKeys(
        day=values["event_date"],
        lat=coords[:, 0].copy(),
        lon=coords[:, 1].copy(),
        event_type=code("event_type"),
        sub_event_type=code("sub_event_type"),
        places=places,
        actors=actors,
        place_names=place_names,  # type: ignore[arg-type]
        actor_names=actor_names,
    )


# ---------------------------------------------------------------- bootstrap


def alpha_interval(
    matrix: FloatArray, level: Level, options: MeasureOptions, rng: np.random.Generator
) -> tuple[float, float] | None:
    """Percentile bootstrap interval of α, resampling units (rows) with replacement.

    Identical units are pooled first (a unit is its row of values), so a field with few distinct units,
    as most categorical fields have, costs one multinomial draw per replicate.
    """
    if options.resamples <= 0 or len(matrix) == 0:
        return None
    flat = matrix.reshape(len(matrix), -1)
    sentinel = np.where(np.isnan(flat), np.inf, flat)
    patterns, inverse, counts = np.unique(sentinel, axis=0, return_inverse=True, return_counts=True)
    inverse = inverse.ravel()
    patterns = np.where(np.isinf(patterns), np.nan, patterns).reshape((-1, *matrix.shape[1:]))
    stats: AlphaStats = reduce(patterns, level)
    if stats.units == 0:
        return None
    units = len(matrix)
    reps: list[FloatArray] = []
    for done in range(0, options.resamples, _CHUNK):
        size = min(_CHUNK, options.resamples - done)
        if len(patterns) <= _MULTINOMIAL_PATTERNS:
            weights = rng.multinomial(units, counts / units, size=size).astype(float)
        else:
            draws = rng.integers(0, units, size=(size, units))
            weights = np.stack([np.bincount(inverse[d], minlength=len(patterns)) for d in draws]).astype(float)
        reps.append(stats.replicates(weights))
    return percentile_interval(np.concatenate(reps), options.confidence)


# ---------------------------------------------------------------- the run


@dataclass
class _PairMatch:
    a: int
    b: int
    articles: IntArray  # articles both coded
    left: IntArray  # matched events of A (global event indices)
    right: IntArray
    events_a: IntArray  # per article
    events_b: IntArray
    matched: IntArray


def measure(data: AgreementInput, options: MeasureOptions | None = None) -> AgreementReport:
    options = options or MeasureOptions()
    n_articles = len(data.article_ids)
    n_coders = len(data.coders)
    observers = data.has_set.sum(axis=1).astype(np.int64)
    compared = observers >= 2

    # Events in article, then coder order (stable, so each coder's own order is kept).
    order = np.lexsort((data.event_coder, data.event_article))
    art = np.asarray(data.event_article, dtype=np.int64)[order]
    coder = np.asarray(data.event_coder, dtype=np.int64)[order]
    columns = {name: [col[i] for i in order.tolist()] for name, col in data.event_columns.items()}
    in_compared = compared[art] if len(art) else np.zeros(0, dtype=bool)
    art, coder = art[in_compared], coder[in_compared]
    columns = {name: list(itertools.compress(col, in_compared.tolist())) for name, col in columns.items()}
    values = field_values(columns)
    keys = event_keys(columns, values)

    starts = np.searchsorted(art, np.arange(n_articles), side="left")
    ends = np.searchsorted(art, np.arange(n_articles), side="right")
    with_events = np.nonzero((ends > starts) & compared)[0]
    scores = dict(
        zip(
            with_events.tolist(),
            all_article_scores(keys, starts[with_events], ends[with_events], options.match),
            strict=True,
        )
    )

    pairs = [
        _match(data, a, b, starts, ends, coder, scores, options) for a, b in itertools.combinations(range(n_coders), 2)
    ]
    groups = _groups(data, pairs, starts, ends, coder, scores, options, len(art))

    rng = np.random.default_rng(options.seed)
    fields: dict[str, FieldAgreement] = {}
    agree_by_article = np.zeros(n_articles)
    pairable_by_article = np.zeros(n_articles)
    for name, level in FIELD_LEVELS.items():
        vals = values[name]
        comparable = _comparable(vals, level)
        matrix = np.where(
            (groups >= 0)[..., None] if vals.ndim == 2 else groups >= 0, vals[np.maximum(groups, 0)], np.nan
        )
        field_pairs = []
        for p in pairs:
            fp, agree, pairable = _field_pair(data, p, vals, comparable, level, art)
            field_pairs.append(fp)
            agree_by_article += agree
            pairable_by_article += pairable
        stats = reduce(matrix, level)
        kappa = field_pairs[0].kappa if n_coders == 2 else None
        fields[name] = FieldAgreement(
            name=name,
            level=str(level),
            units=stats.units,
            alpha=stats.alpha(),
            alpha_ci=alpha_interval(matrix, level, options, rng),
            kappa=kappa,
            percent=_percent(comparable[np.maximum(groups, 0)], groups >= 0),
            pairs=tuple(field_pairs),
        )

    spans, span_stats = _spans(data, pairs, observers, compared)
    event_pairs = tuple(
        EventPair(
            coders=(data.coders[p.a], data.coders[p.b]),
            articles=len(p.articles),
            events_a=int(p.events_a.sum()),
            events_b=int(p.events_b.sum()),
            matched=int(p.matched.sum()),
            unmatched_articles=tuple(
                data.article_ids[t] for t in np.nonzero(p.events_a + p.events_b - 2 * p.matched)[0].tolist()
            ),
        )
        for p in pairs
    )
    by_article = _rank(data, pairs, agree_by_article, pairable_by_article, span_stats, observers, compared)
    return AgreementReport(
        coders=tuple(data.coders),
        articles=int(compared.sum()),
        event_pairs=event_pairs,
        fields=fields,
        spans=spans,
        by_article=by_article,
        scope=data.scope,
    )


def _match(
    data: AgreementInput,
    a: int,
    b: int,
    starts: IntArray,
    ends: IntArray,
    coder: IntArray,
    scores: dict[int, FloatArray],
    options: MeasureOptions,
) -> _PairMatch:
    n_articles = len(data.article_ids)
    both = np.nonzero(data.has_set[:, a] & data.has_set[:, b])[0]
    events_a = np.zeros(n_articles, dtype=np.int64)
    events_b = np.zeros(n_articles, dtype=np.int64)
    matched = np.zeros(n_articles, dtype=np.int64)
    left: list[int] = []
    right: list[int] = []
    threshold = options.match.threshold
    for t in both.tolist():
        s, e = int(starts[t]), int(ends[t])
        if s == e:
            continue
        local = coder[s:e]
        na, nb = int(np.count_nonzero(local == a)), int(np.count_nonzero(local == b))
        events_a[t], events_b[t] = na, nb
        if na and nb:
            found = match_pair(scores[t], local, a, b, threshold)
            matched[t] = len(found)
            left.extend(s + i for i, _ in found)
            right.extend(s + j for _, j in found)
    return _PairMatch(
        a, b, both, np.array(left, dtype=np.int64), np.array(right, dtype=np.int64), events_a, events_b, matched
    )


def _groups(
    data: AgreementInput,
    pairs: list[_PairMatch],
    starts: IntArray,
    ends: IntArray,
    coder: IntArray,
    scores: dict[int, FloatArray],
    options: MeasureOptions,
    n_events: int,
) -> IntArray:
    """Units for field α: rows of event indices, one column per coder, −1 where a coder has none."""
    n_coders = len(data.coders)
    if n_coders == 2:
        p = pairs[0]
        single = np.ones(n_events, dtype=bool)
        single[p.left] = False
        single[p.right] = False
        lone = np.nonzero(single)[0]
        rows = np.full((len(p.left) + len(lone), 2), -1, dtype=np.int64)
        rows[: len(p.left), 0] = p.left
        rows[: len(p.left), 1] = p.right
        rows[len(p.left) :, 0] = np.where(coder[lone] == 0, lone, -1)
        rows[len(p.left) :, 1] = np.where(coder[lone] == 1, lone, -1)
        return rows
    out: list[list[int]] = []
    for t, matrix in scores.items():
        s = int(starts[t])
        local = coder[s : int(ends[t])]
        for g in group_events(matrix, local, range(n_coders), options.match.threshold):
            row = [-1] * n_coders
            for c, pos in g.items():
                row[c] = s + pos
            out.append(row)
    return np.array(out, dtype=np.int64).reshape(-1, n_coders)


def _comparable(vals: FloatArray, level: Level) -> FloatArray:
    """Values as compared for κ and percent agreement: coordinates as one code per point (to ~11 m)."""
    if level is not Level.COORDINATES:
        return vals
    rounded = np.round(vals, 4)
    missing = np.isnan(rounded).any(axis=1)
    _, codes = np.unique(np.where(missing[:, None], 0.0, rounded), axis=0, return_inverse=True)
    return np.where(missing, np.nan, codes.ravel().astype(float))


def _percent(values: FloatArray, present: BoolArray) -> float | None:
    """Share of equal pairs among all pairs of values within units (units × coders)."""
    ok = present & ~np.isnan(values)
    agree = 0
    total = 0
    for c1, c2 in itertools.combinations(range(values.shape[1]), 2):
        both = ok[:, c1] & ok[:, c2]
        total += int(both.sum())
        agree += int((values[both, c1] == values[both, c2]).sum())
    return agree / total if total else None


def _field_pair(
    data: AgreementInput, p: _PairMatch, vals: FloatArray, comparable: FloatArray, level: Level, art: IntArray
) -> tuple[FieldPair, FloatArray, FloatArray]:
    """One field for one pair, plus agreeing and pairable value counts per article."""
    n_articles = len(data.article_ids)
    matrix = np.stack((vals[p.left], vals[p.right]), axis=1)
    a, b = comparable[p.left], comparable[p.right]
    both = ~(np.isnan(a) | np.isnan(b))
    equal = both & (a == b)
    kappa = None if level is Level.COORDINATES else cohen_kappa(a[both], b[both])
    arts = art[p.left]
    differing = np.unique(arts[both & ~equal])
    fp = FieldPair(
        coders=(data.coders[p.a], data.coders[p.b]),
        units=int(both.sum()),
        alpha=reduce(matrix, level).alpha() if len(matrix) else None,
        kappa=kappa,
        percent=float(equal.sum() / both.sum()) if both.any() else None,
        disagreeing_articles=tuple(data.article_ids[t] for t in differing.tolist()),
    )
    agree = np.bincount(arts[equal], minlength=n_articles).astype(float)
    pairable = np.bincount(arts[both], minlength=n_articles).astype(float)
    return fp, agree, pairable


def _spans(
    data: AgreementInput, pairs: list[_PairMatch], observers: IntArray, compared: BoolArray
) -> tuple[dict[str, SpanAgreement], list[tuple[_PairMatch, Any]]]:
    table = data.spans
    labels = table.labels
    n_articles = len(data.article_ids)
    per_pair = []
    for p in pairs:
        both = np.zeros(n_articles, dtype=bool)
        both[p.articles] = True
        counts = pair_counts(table, p.a, p.b, both, n_articles)
        mine = table.subset(((table.coder == p.a) | (table.coder == p.b)) & both[table.article])
        alphas = character_alpha(mine, np.where(both, 2, 0).astype(np.int64), data.lengths, both)
        per_pair.append((p, counts, alphas))
    overall_alpha = character_alpha(table, observers, data.lengths, compared)
    out: dict[str, SpanAgreement] = {}
    for lab, name in enumerate(labels):
        span_pairs = []
        sums = np.zeros(5)
        for p, counts, alphas in per_pair:
            span_pairs.append(
                SpanPair(
                    coders=(data.coders[p.a], data.coders[p.b]),
                    spans_a=int(counts.a[lab]),
                    spans_b=int(counts.b[lab]),
                    exact=int(counts.exact[lab]),
                    exact_f1=counts.exact_f1(lab),
                    overlap_f1=counts.overlap_f1(lab),
                    alpha=alphas[lab],
                    disagreeing_articles=tuple(data.article_ids[t] for t in counts.differing[lab].tolist()),
                )
            )
            sums += (counts.a[lab], counts.b[lab], counts.exact[lab], counts.hits_a[lab], counts.hits_b[lab])
        total = sums[0] + sums[1]
        out[name] = SpanAgreement(
            label=name,
            exact_f1=float(2 * sums[2] / total) if total else None,
            overlap_f1=overlap_f1(int(sums[3]), int(sums[0]), int(sums[4]), int(sums[1])),
            alpha=overall_alpha[lab],
            pairs=tuple(span_pairs),
        )
    return out, [(p, counts) for p, counts, _ in per_pair]


def _rank(
    data: AgreementInput,
    pairs: list[_PairMatch],
    agree: FloatArray,
    pairable: FloatArray,
    span_stats: list[tuple[_PairMatch, Any]],
    observers: IntArray,
    compared: BoolArray,
) -> tuple[ArticleAgreement, ...]:
    """Per-article agreement, most disagreement first (see ``ArticleAgreement``)."""
    n_articles = len(data.article_ids)
    ev_sum = np.zeros(n_articles)
    ev_n = np.zeros(n_articles)
    sp_sum = np.zeros(n_articles)
    sp_n = np.zeros(n_articles)
    unmatched = np.zeros(n_articles, dtype=np.int64)
    span_diff = np.zeros(n_articles, dtype=np.int64)
    for p, counts in span_stats:
        both = np.zeros(n_articles, dtype=bool)
        both[p.articles] = True
        ev_total = p.events_a + p.events_b
        has = both & (ev_total > 0)
        ev_sum[has] += 2 * p.matched[has] / ev_total[has]
        ev_n[has] += 1
        unmatched += np.where(both, ev_total - 2 * p.matched, 0)
        sp_total = counts.article_a + counts.article_b
        has = both & (sp_total > 0)
        sp_sum[has] += 2 * counts.article_exact[has] / sp_total[has]
        sp_n[has] += 1
        span_diff += np.where(both, sp_total - 2 * counts.article_exact, 0)
    parts = []
    with np.errstate(divide="ignore", invalid="ignore"):
        events_f1 = np.where(ev_n > 0, ev_sum / ev_n, np.nan)
        fields_pct = np.where(pairable > 0, agree / pairable, np.nan)
        spans_f1 = np.where(sp_n > 0, sp_sum / sp_n, np.nan)
        parts = np.stack((events_f1, fields_pct, spans_f1), axis=1)
        counted = (~np.isnan(parts)).sum(axis=1)
        mean = np.where(counted > 0, np.nansum(parts, axis=1) / np.maximum(counted, 1), 1.0)
    disagreement = 1.0 - mean
    field_diff = (pairable - agree).astype(np.int64)
    idx = np.nonzero(compared)[0]
    total_diff = unmatched + field_diff + span_diff
    ranked = idx[np.lexsort((idx, -total_diff[idx], -disagreement[idx]))]

    def opt(x: float) -> float | None:
        return None if np.isnan(x) else float(x)

    return tuple(
        ArticleAgreement(
            article=data.article_ids[t],
            title=data.titles[t],
            coders=int(observers[t]),
            disagreement=float(disagreement[t]),
            events_f1=opt(events_f1[t]),
            fields_percent=opt(fields_pct[t]),
            spans_f1=opt(spans_f1[t]),
            unmatched_events=int(unmatched[t]),
            field_disagreements=int(field_diff[t]),
            span_disagreements=int(span_diff[t]),
        )
        for t in ranked.tolist()
    )
