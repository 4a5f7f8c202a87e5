"""The results of an agreement run: plain frozen data, and its JSON form.

Overall figures pool every pair of coders (micro averages); each figure also comes per pair of coders.
Every cell that a screen may click on carries the articles behind it (external ids), so the review
queue can open them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

Pair = tuple[str, str]

# Krippendorff's own guide: rely on variables with α ≥ .800, draw tentative conclusions from ≥ .667.
# Every picture of α (the HTML report, the app's heat map) colours by these two lines.
RELIABLE, TENTATIVE = 0.8, 0.667


def shown_agreement(alpha: float | None, percent: float | None) -> tuple[float | None, bool]:
    """The figure a heat-map cell shows and whether it is α: α where defined, else the share of
    agreeing values (α is undefined when no value varies, which a blank would show as no data)."""
    return (alpha, True) if alpha is not None else (percent, False)


def _r(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


@dataclass(frozen=True)
class EventPair:
    """Event matching between coders A and B over the articles both coded.

    Precision and recall take A as the reference: recall = matched / A's events, precision = matched /
    B's events; F1 is symmetric.
    """

    coders: Pair
    articles: int
    events_a: int
    events_b: int
    matched: int
    unmatched_articles: tuple[str, ...] = ()  # articles with an event only one of the two coded

    @property
    def precision(self) -> float | None:
        return self.matched / self.events_b if self.events_b else None

    @property
    def recall(self) -> float | None:
        return self.matched / self.events_a if self.events_a else None

    @property
    def f1(self) -> float | None:
        total = self.events_a + self.events_b
        return 2 * self.matched / total if total else None

    def as_json(self) -> dict[str, Any]:
        return {
            "coders": list(self.coders),
            "articles": self.articles,
            "events": [self.events_a, self.events_b],
            "matched": self.matched,
            "precision": _r(self.precision),
            "recall": _r(self.recall),
            "f1": _r(self.f1),
        }


@dataclass(frozen=True)
class FieldPair:
    """One field for one pair of coders, over their matched events: units = pairs where both gave a value."""

    coders: Pair
    units: int
    alpha: float | None
    kappa: float | None
    percent: float | None
    disagreeing_articles: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "coders": list(self.coders),
            "alpha": _r(self.alpha),
            "kappa": _r(self.kappa),
            "percent": _r(self.percent),
            "units": self.units,
        }


@dataclass(frozen=True)
class FieldAgreement:
    """One field over all chosen coders: units = event groups with values from two coders or more.

    ``kappa`` is Cohen's κ, given only when exactly two coders are compared; ``percent`` is the share
    of agreeing pairs of values within units (for two coders: of units where both agree).
    """

    name: str
    level: str
    units: int
    alpha: float | None
    alpha_ci: tuple[float, float] | None
    kappa: float | None
    percent: float | None
    pairs: tuple[FieldPair, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "alpha": _r(self.alpha),
            "alpha_ci": None if self.alpha_ci is None else [_r(self.alpha_ci[0]), _r(self.alpha_ci[1])],
            "kappa": _r(self.kappa),
            "percent": _r(self.percent),
            "units": self.units,
            "pairs": [p.as_json() for p in self.pairs],
        }


@dataclass(frozen=True)
class SpanPair:
    coders: Pair
    spans_a: int
    spans_b: int
    exact: int
    exact_f1: float | None
    overlap_f1: float | None
    alpha: float | None
    disagreeing_articles: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "coders": list(self.coders),
            "spans": [self.spans_a, self.spans_b],
            "exact": self.exact,
            "exact_f1": _r(self.exact_f1),
            "overlap_f1": _r(self.overlap_f1),
            "alpha": _r(self.alpha),
        }


@dataclass(frozen=True)
class SpanAgreement:
    """One span label: F1s pooled over pairs, character α over all chosen coders (see spans.py)."""

    label: str
    exact_f1: float | None
    overlap_f1: float | None
    alpha: float | None
    pairs: tuple[SpanPair, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "exact_f1": _r(self.exact_f1),
            "overlap_f1": _r(self.overlap_f1),
            "alpha": _r(self.alpha),
            "pairs": [p.as_json() for p in self.pairs],
        }


@dataclass(frozen=True)
class ArticleAgreement:
    """One article's agreement, averaged over the pairs of coders who both coded it.

    ``disagreement`` = 1 − the mean of the parts the article has: event F1, the share of agreeing field
    values over matched events, span exact F1. 0 = the coders agree on everything, 1 = on nothing.
    """

    article: str
    title: str
    coders: int
    disagreement: float
    events_f1: float | None
    fields_percent: float | None
    spans_f1: float | None
    unmatched_events: int
    field_disagreements: int
    span_disagreements: int

    def as_json(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "title": self.title,
            "coders": self.coders,
            "disagreement": _r(self.disagreement),
            "events_f1": _r(self.events_f1),
            "fields_percent": _r(self.fields_percent),
            "spans_f1": _r(self.spans_f1),
            "unmatched_events": self.unmatched_events,
            "field_disagreements": self.field_disagreements,
            "span_disagreements": self.span_disagreements,
        }


@dataclass(frozen=True)
class AgreementReport:
    coders: tuple[str, ...]
    articles: int  # articles coded by at least two of the chosen coders: the ones compared
    event_pairs: tuple[EventPair, ...]
    fields: dict[str, FieldAgreement]
    spans: dict[str, SpanAgreement]
    by_article: tuple[ArticleAgreement, ...]  # most disagreement first
    scope: str = ""  # the scope in words, for reports
    created: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))

    @property
    def events_f1(self) -> float | None:
        """Event F1 pooled over every pair: 2·Σ matched / Σ (A's + B's events)."""
        total = sum(p.events_a + p.events_b for p in self.event_pairs)
        return 2 * sum(p.matched for p in self.event_pairs) / total if total else None

    @property
    def pairs(self) -> tuple[Pair, ...]:
        return tuple(p.coders for p in self.event_pairs)

    def as_json(self) -> dict[str, Any]:
        """The shape ``annotator agreement --json`` prints."""
        return {
            "coders": list(self.coders),
            "articles": self.articles,
            "events": {"f1": _r(self.events_f1), "pairs": [p.as_json() for p in self.event_pairs]},
            "fields": {name: f.as_json() for name, f in self.fields.items()},
            "spans": {label: s.as_json() for label, s in self.spans.items()},
            "articles_by_disagreement": [a.as_json() for a in self.by_article],
        }
