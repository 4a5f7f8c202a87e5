"""The evaluation script reads ACLED exports' event dates in every layout seen, so that regime
years and relative dates are scored against the event's own date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.benchmarks.eval_assists import read_events


@pytest.mark.parametrize(
    "cell, year, day",
    [
        ("2019-12-31", "2019", dt.date(2019, 12, 31)),
        ("31 December 2019", "2019", dt.date(2019, 12, 31)),
        ("31-Dec-19", "2019", dt.date(2019, 12, 31)),
        ("31-December-2019", "2019", dt.date(2019, 12, 31)),
        ("31-12-19", "2019", dt.date(2019, 12, 31)),  # an export resaved by a spreadsheet
        ("05-12-19", "2019", dt.date(2019, 12, 5)),  # day first, as ACLED writes it
        ("12/31/2019", "2019", dt.date(2019, 12, 31)),  # only month first fits
        ("05/12/2019", "", dt.date(2019, 12, 5)),
        ("sometime", "2019", None),
    ],
)  # fmt: skip
def test_event_dates_in_each_layout(tmp_path: Path, cell: str, year: str, day: dt.date | None) -> None:
    path = tmp_path / "events.csv"
    path.write_text(
        "event_id_cnty,event_date,year,actor1,country,latitude,longitude,notes\n"
        f'X1,{cell},{year},Protesters (Kenya),Kenya,-1.28,36.82,"Traders protested in Nairobi."\n',
        encoding="utf-8",
    )
    assert read_events(path)[0].event_date == day
