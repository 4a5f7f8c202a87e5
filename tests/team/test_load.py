"""The team load test: coder processes editing one PostgreSQL database at once, some on the same
events; no acknowledged edit may be lost, and nothing may crash.

Reduced in CI (16 processes x 40 edits); full size (16 x 1,000) with ANNOTATOR_LOAD_FULL=1. The
figures are printed (run with -s to see them); the benchmark bench_team_load reports them too.
"""

from __future__ import annotations

import os

import pytest

from tests.team import load

pytestmark = pytest.mark.postgres


def test_sixteen_coders_at_once_lose_nothing(pg_url: str) -> None:
    full = os.environ.get("ANNOTATOR_LOAD_FULL") == "1"
    report = load.run(pg_url, processes=16, edits=1000 if full else 40)
    print("\nload:", report.summary())
    assert report.crashes == []
    assert report.lost == []
    assert len(report.latencies) == 16 * report.edits
    # Windows sharing an event must have met each other: the test is not blind to conflicts.
    assert report.conflicts > 0 and report.acknowledged > 0
