"""Large ACLED exports read their upper half in a second process: same file as one pass, same errors."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from annotator.services import export_datasets
from annotator.services.export_datasets import DatasetFormat, ExportOptions, InvalidEventsError, export_dataset
from annotator.services.importing import import_paths
from annotator.services.progress import Cancelled
from annotator.store.repository import events_t

CODED = Path(__file__).parent.parent / "fixtures" / "export" / "coded.jsonl"
COPIES = 12


@pytest.fixture
def many(project, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The coded fixture twelve times over (72 events), each copy its own article."""
    records = [json.loads(line) for line in CODED.read_text(encoding="utf-8").splitlines()]
    source = tmp_path / "many.jsonl"
    with source.open("w", encoding="utf-8") as handle:
        for i in range(COPIES):
            for r in records:
                handle.write(json.dumps({**r, "id": f"{r['id']}-{i}", "text": f"{r['text']}\n(copy {i})"}) + "\n")
    import_paths(project, [source])
    return project


def _rows_without_timestamp(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    stamp = rows[0].index("timestamp")
    return [r[:stamp] + r[stamp + 1 :] for r in rows]


def _export(project: Any, out: Path, **kw: Any) -> Any:
    return export_dataset(project, ExportOptions(DatasetFormat.ACLED, out, annotations="all", **kw))


def test_two_part_export_equals_one_pass(many: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    single = _export(many, tmp_path / "single.csv")
    monkeypatch.setattr(export_datasets, "PARALLEL_MIN_EVENTS", 1)
    calls: list[int | None] = []
    real_split = export_datasets._split_point
    monkeypatch.setattr(export_datasets, "_split_point", lambda *a: calls.append(real_split(*a)) or calls[-1])
    double = _export(many, tmp_path / "double.csv")
    assert calls and calls[0] is not None  # the second process really ran
    assert single.rows == double.rows == 6 * COPIES
    assert _rows_without_timestamp(tmp_path / "single.csv") == _rows_without_timestamp(tmp_path / "double.csv")
    assert not list(tmp_path.glob(".double.csv*"))


def test_invalid_events_in_the_second_half_are_named(
    many: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with many.engine.begin() as conn:
        last = conn.scalar(select(events_t.c.id).order_by(events_t.c.id.desc()).limit(1))
        conn.execute(update(events_t).where(events_t.c.id == last).values(actor1=""))
    monkeypatch.setattr(export_datasets, "PARALLEL_MIN_EVENTS", 1)
    out = tmp_path / "bad.csv"
    with pytest.raises(InvalidEventsError) as err:
        _export(many, out)
    assert err.value.total_events == 1 and err.value.by_field == {"actor1": 1}
    problem = err.value.problems[0]
    assert problem.article.endswith(f"-{COPIES - 1}") and problem.field == "actor1"
    assert not out.exists() and not list(tmp_path.glob(".bad.csv*"))
    skipped = _export(many, out, skip_invalid=True)
    assert skipped.rows == 6 * COPIES - 1 and skipped.skipped == 1


class _CancelAfterStart:
    def __init__(self) -> None:
        self.advances = 0

    def start(self, total: int | None, what: str) -> None:
        pass

    def advance(self, done: int) -> None:
        self.advances += 1

    def cancelled(self) -> bool:
        return self.advances >= 1


def test_cancel_stops_both_parts_and_leaves_nothing(many: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export_datasets, "PARALLEL_MIN_EVENTS", 1)
    monkeypatch.setattr(export_datasets, "_CHUNK", 10)
    out = tmp_path / "cancelled.csv"
    with pytest.raises(Cancelled):
        export_dataset(many, ExportOptions(DatasetFormat.ACLED, out, annotations="all"), _CancelAfterStart())
    assert not out.exists() and not list(tmp_path.glob(".cancelled.csv*"))
