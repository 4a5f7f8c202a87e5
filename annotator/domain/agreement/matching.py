"""Which event of one coder is which event of another: similarity, optimal assignment, grouping.

Coders of one article each record its events in their own order and with their own small differences,
so events are matched before their fields are compared.

**Similarity** of two events of one article is a weighted mean of five parts, each in [0, 1]:

- date (weight 0.30): 1 − days apart / 7, at least 0 (a day apart: 0.86);
- place (0.30): when both events have coordinates, 1 − km apart (haversine) / 50, at least 0; otherwise
  the names at the most specific level both coders gave: fuzzy ratio of location or admin3 (× 1),
  admin2 (× 0.9) or admin1 (× 0.75); country alone: 0.5 if the same, 0 if not;
- event type (0.10) and sub-event type (0.10): 1 if equal, 0 if not;
- actors (0.20): actor1 and actor2 of each event, paired the best way (a coder may swap them), mean
  fuzzy ratio (rapidfuzz ``token_sort_ratio``) over the larger number of actors, so an actor that only
  one coder named counts 0.

A part that either coder left empty counts 0.5: no evidence either way. Two events with nothing filled
in score 0.5; two that differ in everything score 0.

**Assignment.** Within an article, the events of coder A and coder B are paired by the assignment that
maximises the total similarity (``scipy.optimize.linear_sum_assignment``), among pairs scoring at least
the threshold (0.42): an event of one coder whose best partner scores less stays unmatched, as does
every event beyond the other coder's count. The threshold lies between two cases: two events that
differ in date and place but agree on types and actors (0.40) are two events and stay apart; two that
were given nothing but a type, and differ in it (0.45), pair: in one article they are most likely
one event coded two ways, which is what field agreement should then see.

**Three or more coders.** Pairs of coders are matched as above for precision, recall and F1. For
field agreement the events are put in *groups* (the units of α): coders are taken in name order; the
first coder's events each start a group; each further coder's events are assigned, by the same
optimal assignment, to the existing groups, scoring a group by the event's mean similarity to the
events already in it; an event left over starts a new group. A group holds at most one event per
coder. With two coders the groups are exactly the matched pairs plus the unmatched events.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz
from rapidfuzz.utils import default_process
from scipy.optimize import linear_sum_assignment

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

NEUTRAL = 0.5
EARTH_RADIUS_KM = 6371.0088
# Fuzzy name comparison at each place level, most specific first, and how much a match there counts.
PLACE_LEVEL_FACTORS: tuple[float, ...] = (1.0, 1.0, 0.9, 0.75)  # location, admin3, admin2, admin1
COUNTRY_FACTOR = 0.5


@dataclass(frozen=True)
class MatchSettings:
    threshold: float = 0.42
    days: float = 7.0  # dates this many days apart no longer count as close
    km: float = 50.0  # places this far apart no longer count as close
    w_date: float = 0.30
    w_place: float = 0.30
    w_event_type: float = 0.10
    w_sub_event_type: float = 0.10
    w_actors: float = 0.20

    def __post_init__(self) -> None:
        if not 0.0 <= self.threshold <= 1.0:
            raise ValueError(f"the match threshold must be between 0 and 1, not {self.threshold}")


@dataclass
class EventKeys:
    """What matching looks at, one entry per event (all events of the scope, in article order).

    ``places`` and ``actors`` are small integer ids of distinct normalised tuples (see ``place_names``
    and ``actor_names``), so fuzzy comparisons run once per distinct pair of values, not per pair of events.
    """

    day: FloatArray
    lat: FloatArray
    lon: FloatArray
    event_type: IntArray  # -1 = not given
    sub_event_type: IntArray
    places: IntArray
    actors: IntArray
    place_names: list[tuple[str, str, str, str, str]]  # location, admin3, admin2, admin1, country
    actor_names: list[tuple[str, ...]]
    _place_memo: dict[tuple[int, int], float] = field(default_factory=dict, repr=False)
    _actor_memo: dict[tuple[int, int], float] = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return len(self.day)


def normalise_name(value: str) -> str:
    """Whitespace collapsed and case folded: how two coders' names are compared."""
    return " ".join(value.split()).casefold()


def haversine_km(lat1: FloatArray, lon1: FloatArray, lat2: FloatArray, lon2: FloatArray) -> FloatArray:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(lon2 - lon1)
    h = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0))))


def _ratio(a: str, b: str) -> float:
    return fuzz.token_sort_ratio(a, b, processor=default_process) / 100.0


def place_name_similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """Names at the most specific level both gave (location, admin3, admin2, admin1, then country)."""
    for level, factor in enumerate(PLACE_LEVEL_FACTORS):
        if a[level] and b[level]:
            return factor * _ratio(a[level], b[level])
    if a[4] and b[4]:
        return COUNTRY_FACTOR if a[4] == b[4] else 0.0
    return NEUTRAL


def actor_similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """Best pairing of the two events' actors, mean fuzzy ratio over the larger count; 0.5 if either has none."""
    if not a or not b:
        return NEUTRAL
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    best = 0.0
    for start in range(len(large)):
        order = list(large[start:]) + list(large[:start])
        best = max(best, sum(_ratio(x, y) for x, y in zip(small, order, strict=False)))
    return best / len(large)


def _memoised(
    ids_a: IntArray, ids_b: IntArray, memo: dict[tuple[int, int], float], compare: Callable[[int, int], float]
) -> FloatArray:
    """``compare`` of each pair of ids, computed once per distinct (unordered) pair and remembered."""
    if not len(ids_a):
        return np.zeros(0)
    low, high = np.minimum(ids_a, ids_b), np.maximum(ids_a, ids_b)
    keys, inverse = np.unique(low * (int(high.max()) + 1) + high, return_inverse=True)
    stride = int(high.max()) + 1
    values = np.empty(len(keys))
    for k, key in enumerate(keys.tolist()):
        pair = (key // stride, key % stride)
        value = memo.get(pair)
        if value is None:
            value = memo[pair] = compare(*pair)
        values[k] = value
    return np.asarray(values[inverse.ravel()])


def similarities(keys: EventKeys, left: IntArray, right: IntArray, settings: MatchSettings) -> FloatArray:
    """Similarity of events ``left[k]`` and ``right[k]`` for every k (see the module's table)."""
    s = settings
    days = np.abs(keys.day[left] - keys.day[right])
    date = np.where(np.isnan(days), NEUTRAL, np.clip(1.0 - days / s.days, 0.0, 1.0))

    has_coords = ~(np.isnan(keys.lat[left]) | np.isnan(keys.lat[right]))
    place = np.empty(len(left))
    km = haversine_km(
        keys.lat[left[has_coords]], keys.lon[left[has_coords]], keys.lat[right[has_coords]], keys.lon[right[has_coords]]
    )
    place[has_coords] = np.clip(1.0 - km / s.km, 0.0, 1.0)
    names = keys.place_names
    by_name = ~has_coords
    place[by_name] = _memoised(
        keys.places[left[by_name]],
        keys.places[right[by_name]],
        keys._place_memo,
        lambda x, y: place_name_similarity(names[x], names[y]),
    )

    def same(codes: IntArray) -> FloatArray:
        a, b = codes[left], codes[right]
        return np.where((a < 0) | (b < 0), NEUTRAL, (a == b).astype(float))

    actors = keys.actor_names
    actor = _memoised(
        keys.actors[left], keys.actors[right], keys._actor_memo, lambda x, y: actor_similarity(actors[x], actors[y])
    )
    total = s.w_date + s.w_place + s.w_event_type + s.w_sub_event_type + s.w_actors
    score = (
        s.w_date * date
        + s.w_place * place
        + s.w_event_type * same(keys.event_type)
        + s.w_sub_event_type * same(keys.sub_event_type)
        + s.w_actors * actor
    ) / total
    return np.asarray(score)


def assign(scores: FloatArray, threshold: float) -> list[tuple[int, int]]:
    """Row-column pairs of the best one-to-one assignment among cells scoring at least ``threshold``."""
    if scores.size == 0:
        return []
    if scores.shape == (1, 1):
        return [(0, 0)] if scores[0, 0] >= threshold else []
    usable = np.where(scores >= threshold, scores, 0.0)
    rows, cols = linear_sum_assignment(usable, maximize=True)
    return [(int(r), int(c)) for r, c in zip(rows, cols, strict=True) if scores[r, c] >= threshold]


def all_article_scores(keys: EventKeys, starts: IntArray, ends: IntArray, settings: MatchSettings) -> list[FloatArray]:
    """Symmetric similarity matrix over each article's events (events of article t are ``starts[t]:ends[t]``).

    One vectorised similarity call for every within-article pair, then split per article.
    """
    sizes = ends - starts
    tri = [np.triu_indices(int(k), 1) for k in range(int(sizes.max(initial=0)) + 1)]
    lefts = [starts[t] + tri[int(sizes[t])][0] for t in range(len(starts))]
    rights = [starts[t] + tri[int(sizes[t])][1] for t in range(len(starts))]
    left = np.concatenate(lefts) if lefts else np.zeros(0, dtype=np.int64)
    right = np.concatenate(rights) if rights else np.zeros(0, dtype=np.int64)
    values = similarities(keys, left, right, settings) if len(left) else np.zeros(0)
    out: list[FloatArray] = []
    pos = 0
    for t in range(len(starts)):
        k = int(sizes[t])
        i, j = tri[k]
        matrix = np.zeros((k, k))
        matrix[i, j] = values[pos : pos + len(i)]
        matrix[j, i] = values[pos : pos + len(i)]
        pos += len(i)
        out.append(matrix)
    return out


def group_events(scores: FloatArray, coders: IntArray, order: Sequence[int], threshold: float) -> list[dict[int, int]]:
    """Groups of one article's events, at most one per coder: coder index → position in the article's list.

    Coders are taken in ``order``; see the module's note on three or more coders.
    """
    groups: list[dict[int, int]] = []
    for coder in order:
        mine = np.nonzero(coders == coder)[0]
        if not len(mine):
            continue
        if groups:
            table = np.array([[np.mean([scores[e, m] for m in g.values()]) for g in groups] for e in mine])
            pairs = assign(table, threshold)
        else:
            pairs = []
        placed = set()
        for r, g in pairs:
            groups[g][coder] = int(mine[r])
            placed.add(r)
        for r, e in enumerate(mine):
            if r not in placed:
                groups.append({coder: int(e)})
    return groups


# Above this many candidate assignments per article, one linear_sum_assignment per article; below, all
# articles of one shape are solved together by trying every assignment (exact, and vectorised).
_MAX_PERMUTATIONS = 120


def match_blocks(
    keys: EventKeys,
    a_start: IntArray,
    a_count: IntArray,
    b_start: IntArray,
    b_count: IntArray,
    settings: MatchSettings,
) -> tuple[IntArray, IntArray]:
    """Optimal assignment in many articles at once; returns the matched (A event, B event) indices.

    In article t, coder A's events are ``a_start[t] + 0..a_count[t]`` and B's likewise. Articles of the
    same shape (A's count, B's count) are scored in one vectorised call; small shapes are then solved
    by comparing every one-to-one assignment, which gives the same optimum as the Hungarian method
    without a Python call per article.
    """
    lefts: list[IntArray] = []
    rights: list[IntArray] = []
    both = np.nonzero((a_count > 0) & (b_count > 0))[0]
    shapes = a_count[both] * (int(b_count.max(initial=0)) + 1) + b_count[both]
    for shape in np.unique(shapes).tolist():
        ts = both[shapes == shape]
        r, c = int(a_count[ts[0]]), int(b_count[ts[0]])
        i, j = np.indices((r, c)).reshape(2, -1)
        left = a_start[ts][:, None] + i[None, :]
        right = b_start[ts][:, None] + j[None, :]
        sim = similarities(keys, left.ravel(), right.ravel(), settings).reshape(len(ts), r, c)
        rows, cols = _assign_many(sim, settings.threshold)
        k = np.arange(len(ts))[:, None]
        keep = sim[k, rows, cols] >= settings.threshold
        lefts.append(left.reshape(len(ts), r, c)[k, rows, cols][keep])
        rights.append(right.reshape(len(ts), r, c)[k, rows, cols][keep])
    if not lefts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    return np.concatenate(lefts).astype(np.int64), np.concatenate(rights).astype(np.int64)


def _assign_many(sim: FloatArray, threshold: float) -> tuple[IntArray, IntArray]:
    """Best assignment for each of K matrices of one shape (K × r × c): row and column indices, K × min(r, c)."""
    n, r, c = sim.shape
    usable = np.where(sim >= threshold, sim, 0.0)
    small, large = min(r, c), max(r, c)
    count = math.perm(large, small)
    if count <= _MAX_PERMUTATIONS:
        flipped = r > c
        u = usable.transpose(0, 2, 1) if flipped else usable
        perms = np.array(list(itertools.permutations(range(large), small)), dtype=np.int64)  # P × small
        rows = np.arange(small)
        totals = u[:, rows[None, :], perms].sum(axis=2)  # K × P
        best = perms[np.argmax(totals, axis=1)]  # K × small
        fixed = np.broadcast_to(rows, best.shape)
        return (best, fixed) if flipped else (fixed, best)
    out_rows = np.empty((n, small), dtype=np.int64)
    out_cols = np.empty((n, small), dtype=np.int64)
    for k in range(n):
        out_rows[k], out_cols[k] = linear_sum_assignment(usable[k], maximize=True)
    return out_rows, out_cols
