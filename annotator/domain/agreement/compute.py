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
    match_blocks,
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

# A multinomial draw over P distinct units costs about as much as drawing P·16 units by index: the
# cheaper way is taken per field.
_DRAW_COST = 16
_CHUNK = 100  # replicates drawn at a time: bounds memory to 100 × units


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


def _codes(values: Sequence[Any], key: Callable[[Any], Any]) -> FloatArray:
    """Category codes of raw values (NaN where ``key`` gives None), one ``key`` call per distinct value."""
    table: dict[Any, int] = {}
    memo: dict[Any, float] = {}
    for raw in set(values):
        norm = key(raw)
        memo[raw] = np.nan if norm is None else float(table.setdefault(norm, len(table)))
    return np.fromiter(map(memo.__getitem__, values), dtype=float, count=len(values))


def _text_key(value: Any) -> str | None:
    text = normalise_name(value or "")
    return text or None


def _multi_key(value: Any) -> str | None:
    parts = sorted({normalise_name(p) for p in (value or "").split(";")} - {""})
    return "; ".join(parts) or None


def _number(values: Sequence[Any]) -> FloatArray:
    try:
        return np.array(values, dtype=float).reshape(len(values))  # None becomes NaN
    except (TypeError, ValueError):
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
            pairs = list(zip(columns["inter1"], columns["inter2"], strict=True))
            memo = {p: acled.interaction_code(*p) for p in set(pairs)}
            out[name] = _number([memo[p] for p in pairs])
        elif name == "civilian_targeting":
            out[name] = np.array(columns[name], dtype=bool).astype(float).reshape(len(columns[name]))
        elif level is Level.NOMINAL and name not in ("inter1", "inter2"):
            out[name] = _codes(columns[name], _multi_key if name in MULTI_VALUED else _text_key)
        else:
            out[name] = _number(columns[name])
    return out


def _days(values: Sequence[Any]) -> FloatArray:
    memo = {v: np.nan if (d := _day(v)) is None else d for v in set(values)}
    return np.fromiter(map(memo.__getitem__, values), dtype=float, count=len(values))


def event_keys(columns: Mapping[str, Sequence[Any]], values: Mapping[str, FloatArray]) -> EventKeys:
    """What matching compares, from the same columns."""

    def ids(rows: Sequence[tuple[str, ...]]) -> tuple[IntArray, list[tuple[str, ...]]]:
        table: dict[tuple[str, ...], int] = {}
        for r in set(rows):
            table[r] = len(table)
        return np.fromiter(map(table.__getitem__, rows), dtype=np.int64, count=len(rows)), list(table)

    raw_places = list(
        zip(
            columns["location"],
            columns["admin3"],
            columns["admin2"],
            columns["admin1"],
            columns["country"],
            strict=True,
        )
    )
    place_memo = {r: tuple(normalise_name(v or "") for v in r) for r in set(raw_places)}
    place_rows = [place_memo[r] for r in raw_places]
    raw_actors = list(zip(columns["actor1"], columns["actor2"], strict=True))
    actor_memo = {
        r: tuple(n for n in (normalise_name(r[0] or ""), normalise_name(r[1] or "")) if n) for r in set(raw_actors)
    }
    actor_rows = [actor_memo[r] for r in raw_actors]
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


@dataclass
class Reduced:
    """A reliability matrix's pairable units, pooled: identical units (rows of values) once, with counts.

    Most fields have few distinct units (event types, precisions, countries…), so α, and each bootstrap
    replicate, is computed over tens of rows rather than tens of thousands.
    """

    stats: AlphaStats  # over the distinct units
    counts: IntArray  # how often each distinct unit occurs
    inverse: IntArray  # which distinct unit each pairable unit is
    units: int  # pairable units

    @property
    def alpha(self) -> float | None:
        if not self.units:
            return None
        value = self.stats.replicates(self.counts[None, :].astype(float))[0]
        return None if np.isnan(value) else float(value)


def reduced(matrix: FloatArray, level: Level) -> Reduced:
    """Pool the pairable units of ``matrix`` (units × coders, or units × coders × 2 for coordinates)."""
    present = ~np.isnan(matrix).any(axis=-1) if matrix.ndim == 3 else ~np.isnan(matrix)
    matrix = matrix[present.sum(axis=1) >= 2]  # the units that carry information
    patterns, inverse, counts = _distinct_rows(matrix)
    return Reduced(reduce(patterns, level), counts, inverse, len(matrix))


def alpha_interval(
    matrix: FloatArray | Reduced, level: Level, options: MeasureOptions, rng: np.random.Generator
) -> tuple[float, float] | None:
    """Percentile bootstrap interval of α, resampling pairable units (rows) with replacement.

    Each replicate draws as many units as there are: as counts over the distinct units (one multinomial
    draw) where they are few, by index where they are many.
    """
    red = matrix if isinstance(matrix, Reduced) else reduced(matrix, level)
    units = red.units
    if options.resamples <= 0 or units == 0 or red.alpha is None:
        return None
    n_patterns = len(red.counts)
    reps: list[FloatArray] = []
    for done in range(0, options.resamples, _CHUNK):
        size = min(_CHUNK, options.resamples - done)
        if n_patterns * _DRAW_COST < units:
            weights = rng.multinomial(units, red.counts / units, size=size).astype(float)
        else:
            draws = rng.integers(0, units, size=(size, units), dtype=np.int32)
            # Which distinct unit each draw is, offset per replicate, so one bincount counts the whole chunk.
            cells = red.inverse[draws] + (np.arange(size) * n_patterns)[:, None]
            weights = np.bincount(cells.ravel(), minlength=size * n_patterns).reshape(size, -1).astype(float)
        reps.append(red.stats.replicates(weights))
    return percentile_interval(np.concatenate(reps), options.confidence)


def _distinct_rows(matrix: FloatArray) -> tuple[FloatArray, IntArray, IntArray]:
    """The distinct rows of ``matrix`` (NaN equal to NaN), which row each row is, and how often each occurs."""
    flat = matrix.reshape(len(matrix), int(np.prod(matrix.shape[1:])))
    key = np.zeros(len(flat), dtype=np.int64)
    for column in flat.T:  # one small integer code per column, folded into one key per row
        filled = np.where(np.isnan(column), np.inf, column)
        values, codes = np.unique(filled, return_inverse=True)
        key = key * (len(values) + 1) + codes.ravel()
        key = np.unique(key, return_inverse=True)[1].ravel()  # renumber, so the key never overflows
    _, first, inverse, counts = np.unique(key, return_index=True, return_inverse=True, return_counts=True)
    return matrix[first], inverse.ravel(), counts


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

    # Events in article, then coder order (stable, so each coder's own order is kept); only compared articles.
    art = np.asarray(data.event_article, dtype=np.int64)
    coder = np.asarray(data.event_coder, dtype=np.int64)
    columns: Mapping[str, Sequence[Any]] = data.event_columns
    sort_key = art * max(n_coders, 1) + coder
    if len(art) and not (np.all(sort_key[1:] >= sort_key[:-1]) and compared[art].all()):
        order = np.lexsort((coder, art))
        order = order[compared[art[order]]]
        art, coder = art[order], coder[order]
        picks = order.tolist()
        columns = {name: [col[i] for i in picks] for name, col in columns.items()}
    values = field_values(columns)
    keys = event_keys(columns, values)

    starts = np.searchsorted(art, np.arange(n_articles), side="left")
    ends = np.searchsorted(art, np.arange(n_articles), side="right")
    block = art * n_coders + coder
    pairs = [_match(data, a, b, block, keys, art, options) for a, b in itertools.combinations(range(n_coders), 2)]
    groups = _groups(data, pairs, starts, ends, coder, keys, options, len(art))

    rng = np.random.default_rng(options.seed)
    fields: dict[str, FieldAgreement] = {}
    agree_by_article = np.zeros(n_articles)
    pairable_by_article = np.zeros(n_articles)
    for name, level in FIELD_LEVELS.items():
        vals = values[name]
        comparable = _comparable(vals, level)
        field_pairs = []
        for p in pairs:
            fp, red, agree, pairable = _field_pair(data, p, vals, comparable, level, art)
            field_pairs.append(fp)
            agree_by_article += agree
            pairable_by_article += pairable
        if n_coders == 2:
            # The groups are the matched pairs plus lone events, which carry nothing: the pair is the whole.
            only = field_pairs[0]
            units, alpha_value, kappa, percent = only.units, only.alpha, only.kappa, only.percent
        else:
            present = (groups >= 0)[..., None] if vals.ndim == 2 else groups >= 0
            red = reduced(np.where(present, vals[np.maximum(groups, 0)], np.nan), level)
            units, alpha_value, kappa = red.units, red.alpha, None
            percent = _percent(comparable[np.maximum(groups, 0)], groups >= 0)
        fields[name] = FieldAgreement(
            name=name,
            level=str(level),
            units=units,
            alpha=alpha_value,
            alpha_ci=alpha_interval(red, level, options, rng),
            kappa=kappa,
            percent=percent,
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
    data: AgreementInput, a: int, b: int, block: IntArray, keys: EventKeys, art: IntArray, options: MeasureOptions
) -> _PairMatch:
    """Coders a and b over the articles both coded (``block`` = article·coders + coder, sorted)."""
    n_articles, n_coders = len(data.article_ids), len(data.coders)
    both = data.has_set[:, a] & data.has_set[:, b]
    base = np.arange(n_articles) * n_coders

    def extent(c: int) -> tuple[IntArray, IntArray]:
        lo = np.searchsorted(block, base + c, side="left")
        hi = np.searchsorted(block, base + c, side="right")
        return lo.astype(np.int64), np.where(both, hi - lo, 0).astype(np.int64)

    a_start, a_count = extent(a)
    b_start, b_count = extent(b)
    left, right = match_blocks(keys, a_start, a_count, b_start, b_count, options.match)
    matched = np.bincount(art[left], minlength=n_articles).astype(np.int64)
    return _PairMatch(a, b, np.nonzero(both)[0], left, right, a_count, b_count, matched)


def _groups(
    data: AgreementInput,
    pairs: list[_PairMatch],
    starts: IntArray,
    ends: IntArray,
    coder: IntArray,
    keys: EventKeys,
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
    with_events = np.nonzero(ends > starts)[0]
    out: list[list[int]] = []
    matrices = all_article_scores(keys, starts[with_events], ends[with_events], options.match)
    for t, matrix in zip(with_events.tolist(), matrices, strict=True):
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
    if level is not Level.COORDINATE:
        return vals
    rounded = np.round(vals, 4)
    missing = np.isnan(rounded).any(axis=1)
    _, codes, _ = _distinct_rows(rounded)
    return np.where(missing, np.nan, codes.astype(float))


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
) -> tuple[FieldPair, Reduced, FloatArray, FloatArray]:
    """One field for one pair, its pooled units, and agreeing and pairable value counts per article."""
    n_articles = len(data.article_ids)
    red = reduced(np.stack((vals[p.left], vals[p.right]), axis=1), level)
    a, b = comparable[p.left], comparable[p.right]
    both = ~(np.isnan(a) | np.isnan(b))
    equal = both & (a == b)
    kappa = None if level is Level.COORDINATE else cohen_kappa(a[both], b[both])
    arts = art[p.left]
    differing = np.unique(arts[both & ~equal])
    fp = FieldPair(
        coders=(data.coders[p.a], data.coders[p.b]),
        units=int(both.sum()),
        alpha=red.alpha,
        kappa=kappa,
        percent=float(equal.sum() / both.sum()) if both.any() else None,
        disagreeing_articles=tuple(data.article_ids[t] for t in differing.tolist()),
    )
    agree = np.bincount(arts[equal], minlength=n_articles).astype(float)
    pairable = np.bincount(arts[both], minlength=n_articles).astype(float)
    return fp, red, agree, pairable


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
    # With two coders the one pair is everyone.
    overall_alpha = (
        per_pair[0][2] if len(data.coders) == 2 else character_alpha(table, observers, data.lengths, compared)
    )
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

    def listed(values: FloatArray) -> list[float | None]:
        return [None if x != x else x for x in values[ranked].tolist()]  # NaN (x != x) becomes None

    ids, titles = data.article_ids, data.titles
    return tuple(
        ArticleAgreement(ids[t], titles[t], c, d, e, f, s, u, fd, sd)
        for t, c, d, e, f, s, u, fd, sd in zip(
            ranked.tolist(),
            observers[ranked].tolist(),
            disagreement[ranked].tolist(),
            listed(events_f1),
            listed(fields_pct),
            listed(spans_f1),
            unmatched[ranked].tolist(),
            field_diff[ranked].tolist(),
            span_diff[ranked].tolist(),
            strict=True,
        )
    )
