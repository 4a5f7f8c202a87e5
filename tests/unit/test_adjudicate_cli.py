"""annotator adjudicate --auto: each strategy from the command line, then the gold set as ACLED CSV."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from annotator.cli import main
from tests.fixtures import adjudication as fx


def _db(tmp_path: Path) -> str:
    source = tmp_path / "three.jsonl"
    source.write_text(fx.jsonl(), encoding="utf-8")
    db = str(tmp_path / "a.db")
    assert main(["import", str(source), "--db", db]) == 0
    return db


def _gold_rows(db: str, tmp_path: Path) -> list[dict[str, str]]:
    out = tmp_path / "gold.csv"
    assert main(["export", "--format", "acled", "-o", str(out), "--annotations", "gold", "--db", db,
                 "--skip-invalid"]) == 0  # fmt: skip
    with out.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize(
    ("args", "summary", "events"),
    [
        ([], "1 gold set(s) changed; 1 span(s), 1 new event(s), 10 field(s)", {"Nairobi": ""}),
        (["--strategy", "present"], "3 span(s), 2 new event(s), 23 field(s)", {"Nairobi": "", "Kisumu": "Attack"}),
        (
            ["--strategy", "majority", "--min-votes", "2"],
            "4 span(s), 2 new event(s), 23 field(s)",
            {"Nairobi": "Protest with intervention", "Kisumu": "Attack"},
        ),
    ],
)
def test_each_strategy_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], summary: str, events: dict[str, str]
) -> None:
    db = _db(tmp_path)
    capsys.readouterr()
    assert main(["adjudicate", "--auto", *args, "--as", "rita", "--db", db]) == 0
    out = capsys.readouterr().out
    assert summary in out and "as rita" in out
    rows = _gold_rows(db, tmp_path)
    assert {r["location"]: r["sub_event_type"] for r in rows if r["sub_event_type"]} == {
        k: v for k, v in events.items() if v
    }
    assert main(["adjudicate", "--auto", *args, "--as", "rita", "--db", db]) == 0
    assert "0 gold set(s) changed" in capsys.readouterr().out  # a second run changes nothing


def test_mistakes_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = _db(tmp_path)
    assert main(["adjudicate", "--auto", "--strategy", "majority", "--min-votes", "0", "--db", db]) == 1
    assert "--min-votes must be at least 1" in capsys.readouterr().err
    assert main(["adjudicate", "--auto", "--batch", "week 9", "--db", db]) == 1
    assert "no article is assigned in batch 'week 9'" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_code:
        main(["adjudicate", "--strategy", "all", "--db", db])
    assert exit_code.value.code == 2
