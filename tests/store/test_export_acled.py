"""ACLED CSV export against the coded fixture, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text, update

from annotator.domain import acled
from annotator.domain.errors import UserError
from annotator.formats.acled_csv import DateStyle, InterStyle
from annotator.services.export_datasets import (
    DatasetFormat,
    ExportOptions,
    InvalidEventsError,
    export_dataset,
)
from annotator.services.importing import import_paths
from annotator.services.progress import Cancelled
from annotator.store.repository import events_t

FIXTURES = Path(__file__).parent.parent / "fixtures" / "export"
CODED = FIXTURES / "coded.jsonl"
EXPECTED = FIXTURES / "expected_acled.csv"


@pytest.fixture
def coded(project):  # type: ignore[no-untyped-def]
    import_paths(project, [CODED])
    return project


@pytest.fixture
def outdir(tmp_path: Path) -> Path:
    """A folder of its own for the export (the SQLite database sits in tmp_path)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def _export(project: Any, out: Path, **kw: Any) -> Any:
    return export_dataset(project, ExportOptions(DatasetFormat.ACLED, out, **kw))


def _rows(path: Path, encoding: str = "utf-8") -> list[list[str]]:
    with path.open(newline="", encoding=encoding) as handle:
        return list(csv.reader(handle))


def _set_event(project: Any, event_id: str, **values: Any) -> None:
    with project.engine.begin() as conn:
        conn.execute(update(events_t).where(events_t.c.event_id_cnty == event_id).values(**values))


def test_fixture_exports_the_expected_csv_in_full(coded: Any, tmp_path: Path) -> None:
    out = tmp_path / "acled.csv"
    before = int(time.time())
    result = _export(coded, out)
    after = int(time.time())
    assert result.rows == 5 and result.coder_column and not result.skipped
    actual = out.read_bytes().decode("utf-8")
    rows = _rows(out)
    stamps = {r[30] for r in rows[1:]}
    assert len(stamps) == 1
    stamp = stamps.pop()
    assert before <= int(stamp) <= after
    expected = EXPECTED.read_bytes().decode("utf-8").replace(",TIMESTAMP,", f",{stamp},")
    assert actual == expected


def test_header_is_acleds_31_columns_in_order(coded: Any, tmp_path: Path) -> None:
    out = tmp_path / "gold.csv"
    result = _export(coded, out, annotations="gold")
    header = _rows(out)[0]
    assert tuple(header) == acled.COLUMNS and len(header) == 31
    assert not result.coder_column and result.rows == 3


def test_reads_back_through_csv_and_pandas_with_the_same_values(coded: Any, tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    out = tmp_path / "acled.csv"
    _export(coded, out)
    rows = _rows(out)
    frame = pd.read_csv(out, dtype=str, keep_default_na=False, encoding="utf-8")
    assert list(frame.columns) == rows[0]
    assert frame.values.tolist() == rows[1:]
    notes = dict(zip(frame["event_id_cnty"], frame["notes"], strict=True))
    assert notes["SYR1"].endswith('killing 7 civilians, "mostly vendors".')
    assert notes["NGA2"].startswith("'=HYPERLINK(")
    # numbers as numbers
    typed = pd.read_csv(out, encoding="utf-8", keep_default_na=False)
    assert typed["iso"].tolist() == [566, 566, 466, 466, 760]
    assert typed["latitude"].tolist() == [12.0, 12.1, 16.2717, 16.2717, 36.2021]
    assert typed["fatalities"].tolist() == [0, 0, 12, 0, 7]


def test_event_ids_are_stable_from_one_export_to_the_next(coded: Any, tmp_path: Path) -> None:
    first, second = tmp_path / "1.csv", tmp_path / "2.csv"
    _export(coded, first, annotations="all")
    _set_event(coded, "MLI1", notes="Edited after the first export.")
    _export(coded, second, annotations="all")
    ids1 = [r[0] for r in _rows(first)[1:]]
    ids2 = [r[0] for r in _rows(second)[1:]]
    assert ids1 == ids2 == ["NGA1", "NGA2", "NGA3", "MLI1", "MLI2", "SYR1"]


def test_missing_event_ids_are_assigned_before_writing(coded: Any, tmp_path: Path) -> None:
    _set_event(coded, "SYR1", event_id_cnty=None)
    out = tmp_path / "a.csv"
    result = _export(coded, out, annotations="gold")
    assert result.event_ids_assigned == 1
    assert [r[0] for r in _rows(out)[1:]] == ["NGA1", "NGA2", "SYR2"]
    _export(coded, out, annotations="gold")
    assert [r[0] for r in _rows(out)[1:]] == ["NGA1", "NGA2", "SYR2"]


def test_legacy_dates_and_numeric_inter(coded: Any, tmp_path: Path) -> None:
    out = tmp_path / "legacy.csv"
    _export(coded, out, annotations="all", date_style=DateStyle.LEGACY, inter_style=InterStyle.NUMERIC)
    rows = {r[0]: dict(zip(_rows(out)[0], r, strict=True)) for r in _rows(out)[1:]}
    assert rows["NGA1"]["event_date"] == "02 March 2024"
    assert (rows["NGA1"]["inter1"], rows["NGA1"]["inter2"], rows["NGA1"]["interaction"]) == ("6", "0", "60")
    assert (rows["SYR1"]["inter1"], rows["SYR1"]["inter2"], rows["SYR1"]["interaction"]) == ("8", "7", "78")
    assert rows["MLI1"]["interaction"] == "12"
    assert rows["SYR1"]["event_date"] == "05 May 2024"


def test_annotation_choices(coded: Any, tmp_path: Path) -> None:
    out = tmp_path / "a.csv"
    result = _export(coded, out, annotations="amal")
    assert not result.coder_column
    assert [r[0] for r in _rows(out)[1:]] == ["NGA3", "MLI1"]
    _export(coded, out, annotations="all")
    rows = _rows(out)
    assert rows[0][-1] == "coder"
    assert [(r[0], r[-1]) for r in rows[1:]] == [
        ("NGA1", "gold"),
        ("NGA2", "gold"),
        ("NGA3", "amal"),
        ("MLI1", "amal"),
        ("MLI2", "bola"),
        ("SYR1", "gold"),
    ]
    with pytest.raises(UserError, match="no coder named 'nobody'"):
        _export(coded, out, annotations="nobody")


def test_filters_by_status_date_and_country(coded: Any, tmp_path: Path) -> None:
    import datetime as dt

    out = tmp_path / "a.csv"
    _export(coded, out, annotations="all", statuses=("in progress",))
    assert [r[0] for r in _rows(out)[1:]] == ["MLI2"]
    _export(coded, out, annotations="all", date_from=dt.date(2024, 3, 2), date_to=dt.date(2024, 4, 10))
    assert [r[0] for r in _rows(out)[1:]] == ["NGA1", "NGA3", "MLI1"]
    _export(coded, out, countries=("Syrian Arab Republic", "Mali"))
    assert [r[0] for r in _rows(out)[1:]] == ["MLI1", "MLI2", "SYR1"]
    with pytest.raises(UserError, match="not a country"):
        _export(coded, out, countries=("Atlantis",))
    with pytest.raises(UserError, match="not a status"):
        _export(coded, out, statuses=("finished",))


def test_excel_writes_a_bom_and_raw_keeps_formulas(coded: Any, tmp_path: Path) -> None:
    out = tmp_path / "excel.csv"
    _export(coded, out, excel=True, neutralise_formulas=False)
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfevent_id_cnty,")
    notes = {r[0]: r[27] for r in _rows(out, "utf-8-sig")[1:]}
    assert notes["NGA2"].startswith("=HYPERLINK(")
    assert notes["MLI1"].startswith("+ On 10 April")
    plain = tmp_path / "plain.csv"
    _export(coded, plain)
    assert plain.read_bytes().startswith(b"event_id_cnty,")


def test_an_invalid_event_stops_the_export_and_leaves_no_file(coded: Any, outdir: Path) -> None:
    _set_event(coded, "MLI1", sub_event_type="Attack")  # Attack belongs to Violence against civilians
    out = outdir / "acled.csv"
    with pytest.raises(InvalidEventsError) as caught:
        _export(coded, out)
    message = str(caught.value)
    assert (
        "article 'gao-2024-04-10', event 'E1' (coder 'amal', MLI1): sub_event_type: 'Attack' is not a "
        "sub-event type of 'Battles'" in message
    )
    assert "--skip-invalid" in message
    assert caught.value.total_events == 1
    assert list(outdir.iterdir()) == []


def test_an_invalid_event_leaves_an_older_export_untouched(coded: Any, outdir: Path) -> None:
    out = outdir / "acled.csv"
    _export(coded, out)
    before = out.read_bytes()
    _set_event(coded, "NGA1", event_date=None)
    with pytest.raises(InvalidEventsError, match="event_date: no event date"):
        _export(coded, out)
    assert out.read_bytes() == before
    assert [p.name for p in outdir.iterdir()] == ["acled.csv"]


def test_problems_name_the_coder_when_one_coders_sets_are_exported(coded: Any, outdir: Path) -> None:
    from annotator.services.export_datasets import coder_choices

    assert coder_choices(coded) == ["amal", "bola"]
    _set_event(coded, "NGA3", country="")
    with pytest.raises(InvalidEventsError) as caught:
        _export(coded, outdir / "a.csv", annotations="amal")
    assert "article 'kano-2024-03-02', event 'E1' (coder 'amal', NGA3): country: no country" in str(caught.value)


def test_every_rule_is_reported_with_its_field(coded: Any, tmp_path: Path) -> None:
    _set_event(coded, "NGA1", event_date=None, country="", actor1="", time_precision=None)
    _set_event(coded, "MLI1", actor2="", inter2=None)  # a one-sided battle
    _set_event(coded, "SYR1", geo_precision=None, sub_event_type="")
    with pytest.raises(InvalidEventsError) as caught:
        _export(coded, tmp_path / "a.csv")
    found = {(p.article, p.event_id, p.field) for p in caught.value.problems}
    assert found == {
        ("kano-2024-03-02", "NGA1", "event_date"),
        ("kano-2024-03-02", "NGA1", "country"),
        ("kano-2024-03-02", "NGA1", "actor1"),
        ("kano-2024-03-02", "NGA1", "time_precision"),
        ("gao-2024-04-10", "MLI1", "actor2"),
        ("aleppo-2024-05-05", "SYR1", "geo_precision"),
        ("aleppo-2024-05-05", "SYR1", "sub_event_type"),
    }
    assert caught.value.total_events == 3
    battle = next(p for p in caught.value.problems if p.field == "actor2")
    assert "a Battles event needs actor2" in battle.reason


def test_skip_invalid_writes_the_valid_rows_and_says_why(coded: Any, tmp_path: Path) -> None:
    _set_event(coded, "MLI1", actor2="", inter2=None)
    _set_event(coded, "NGA2", event_date=None)
    out = tmp_path / "a.csv"
    result = _export(coded, out, skip_invalid=True)
    assert [r[0] for r in _rows(out)[1:]] == ["NGA1", "MLI2", "SYR1"]
    assert result.rows == 3 and result.skipped == 2
    assert result.skipped_by_field == {"actor2": 1, "event_date": 1}
    summary = result.summary()
    assert "Skipped 2 invalid event(s) (actor2 1, event_date 1)" in summary
    assert "article 'gao-2024-04-10', event 'E1'" in summary


def test_cancelling_leaves_no_file(coded: Any, outdir: Path) -> None:
    class CancelAtOnce:
        def start(self, total: int | None, what: str) -> None:
            self.total = total

        def advance(self, done: int) -> None:
            pass

        def cancelled(self) -> bool:
            return True

    progress = CancelAtOnce()
    with pytest.raises(Cancelled):
        export_dataset(coded, ExportOptions(DatasetFormat.ACLED, outdir / "a.csv"), progress)
    assert progress.total == 5
    assert list(outdir.iterdir()) == []


def test_multi_valued_cells_are_joined_with_semicolon_space(coded: Any, tmp_path: Path) -> None:
    _set_event(coded, "MLI1", source="Studio Tamani ;RFI;;  Reuters", tags="crowd size=no report")
    out = tmp_path / "a.csv"
    _export(coded, out)
    row = next(r for r in _rows(out) if r[0] == "MLI1")
    assert row[25] == "Studio Tamani; RFI; Reuters"


def test_streams_in_chunks_larger_than_one(coded: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import annotator.services.export_datasets as service

    monkeypatch.setattr(service, "_CHUNK", 2)
    out = tmp_path / "a.csv"
    result = _export(coded, out, annotations="all")
    assert result.rows == 6
    with coded.engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM events")) == 6


def test_output_folder_must_exist_and_not_be_the_target(coded: Any, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="does not exist"):
        _export(coded, tmp_path / "missing" / "a.csv")
    with pytest.raises(UserError, match="is a folder"):
        _export(coded, tmp_path)


# ---------------------------------------------------------------- the coder column (issue 9, finding 10)


def _coded_records(keep: Any) -> list[dict[str, Any]]:
    """The coded fixture with only the annotation sets ``keep(set)`` accepts."""
    import json

    records = [json.loads(line) for line in CODED.read_text(encoding="utf-8").splitlines()]
    for record in records:
        record["annotations"] = [a for a in record.get("annotations", []) if keep(a)]
    return records


def _import(project: Any, tmp_path: Path, records: list[dict[str, Any]]) -> Any:
    from tests.fixtures.interchange import write_jsonl

    import_paths(project, [write_jsonl(tmp_path / "in.jsonl", records)])
    return project


def _read_both(path: Path) -> tuple[list[str], list[list[str]]]:
    """The header and rows as the csv module reads them, checked against pandas."""
    pd = pytest.importorskip("pandas")
    table = _rows(path)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    assert list(frame.columns) == table[0]
    assert frame.values.tolist() == table[1:]
    return table[0], table[1:]


def test_one_coders_work_has_exactly_acleds_31_columns(project: Any, tmp_path: Path) -> None:
    one = _import(project, tmp_path, _coded_records(lambda a: a["coder"] == "amal"))
    for choice in ("auto", "all", "amal"):
        out = tmp_path / f"{choice}.csv"
        result = _export(one, out, annotations=choice)
        header, rows = _read_both(out)
        assert len(header) == 31 and tuple(header) == acled.COLUMNS, choice
        assert len(rows) == 2 and all(len(r) == 31 for r in rows)
        assert not result.coder_column and "coder column" not in result.summary()
    # Asked for, the column comes anyway.
    _export(one, tmp_path / "yes.csv", coder_column="yes")
    header, rows = _read_both(tmp_path / "yes.csv")
    assert header[-1] == "coder" and len(header) == 32 and {r[-1] for r in rows} == {"amal"}


def test_a_coder_set_without_events_adds_no_column(project: Any, tmp_path: Path) -> None:
    """bola opened an article and coded nothing: every row still comes from amal."""
    records = _coded_records(lambda a: a["coder"] == "amal")
    records[-1]["annotations"] = [{"coder": "bola", "kind": "coder", "status": "in_progress", "spans": []}]
    one = _import(project, tmp_path, records)
    _export(one, tmp_path / "a.csv", annotations="all")
    header, _ = _read_both(tmp_path / "a.csv")
    assert len(header) == 31


def test_rows_from_several_coders_get_the_coder_column(project: Any, tmp_path: Path) -> None:
    # Gold on some articles and one coder on another: rows from two owners.
    mixed = _import(project, tmp_path, _coded_records(lambda a: a["kind"] == "gold" or a["coder"] == "bola"))
    result = _export(mixed, tmp_path / "auto.csv")
    header, rows = _read_both(tmp_path / "auto.csv")
    assert result.coder_column and header[-1] == "coder" and len(header) == 32
    assert [r[-1] for r in rows] == ["gold", "gold", "bola", "gold"]
    # Gold alone, or the one coder alone: one owner, no column.
    for choice in ("gold", "bola"):
        _export(mixed, tmp_path / f"{choice}.csv", annotations=choice)
        assert len(_read_both(tmp_path / f"{choice}.csv")[0]) == 31, choice
    # Never, when asked.
    _export(mixed, tmp_path / "no.csv", coder_column="no")
    assert len(_read_both(tmp_path / "no.csv")[0]) == 31


def test_date_and_country_filters_do_not_change_the_header(coded: Any, tmp_path: Path) -> None:
    """Slices of one project share a header, even a slice whose rows all come from one coder."""
    import datetime as dt

    out = tmp_path / "march.csv"
    _export(coded, out, annotations="all", date_from=dt.date(2024, 3, 1), date_to=dt.date(2024, 3, 31))
    header, rows = _read_both(out)
    assert header[-1] == "coder" and {r[-1] for r in rows} == {"gold", "amal"}
    _export(coded, out, annotations="all", countries=("Syria",))
    header, rows = _read_both(out)
    assert header[-1] == "coder" and [r[-1] for r in rows] == ["gold"]
