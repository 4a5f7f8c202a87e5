"""Moments as the project stores them: in UTC, to the second.

Apart from ``provenance`` (pydantic models) so that the store's plain rows (notes, provenance) can
use them without loading the models.
"""

from __future__ import annotations

import datetime as dt


def utc_second(moment: dt.datetime) -> dt.datetime:
    """A moment as stored: UTC, whole seconds (a naive value read back from SQLite is taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).replace(microsecond=0)


def now_utc() -> dt.datetime:
    return utc_second(dt.datetime.now(dt.UTC))
