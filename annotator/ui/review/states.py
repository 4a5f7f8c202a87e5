"""Colours and words for the six span states (after INCEpTION's curation colours)."""

from __future__ import annotations

from annotator.domain.adjudication.spans import SpanState

# Tinted into the background by the span formatter (blended with the theme's base), so one set of
# hues serves light and dark.
STATE_COLOURS: dict[str, str] = {
    SpanState.ALL_AGREE.value: "#2f9e44",  # green: settled
    SpanState.ACCEPTED.value: "#1c7ed6",  # blue: in gold by a decision
    SpanState.REJECTED.value: "#868e96",  # grey: left out
    SpanState.AGREED.value: "#f08c00",  # orange: agreed, waiting to be accepted
    SpanState.DISAGREE.value: "#e03131",  # red: coders differ
    SpanState.ONLY_SOME.value: "#9c36b5",  # purple: some coders only
}

STATE_WORDS: dict[SpanState, str] = {
    SpanState.ALL_AGREE: "all agree",
    SpanState.AGREED: "agreed, not yet accepted",
    SpanState.DISAGREE: "coders disagree",
    SpanState.ONLY_SOME: "only some coders",
    SpanState.ACCEPTED: "accepted",
    SpanState.REJECTED: "rejected",
}
