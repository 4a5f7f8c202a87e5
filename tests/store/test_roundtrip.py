"""import -> export -> import into an empty database -> export gives identical files (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from annotator.domain.errors import InputError
from annotator.resources import samples_dir
from annotator.services.export_datasets import DatasetFormat, ExportOptions, export_dataset
from annotator.services.importing import import_paths
from annotator.services.project import open_project
from annotator.store.repository import articles_t, events_t, evidence_t, sets_t, spans_t
from tests.fixtures.interchange import awkward_records, write_jsonl


def export_jsonl(project, out: Path, annotations: str = "all") -> None:  # type: ignore[no-untyped-def]
    export_dataset(project, ExportOptions(DatasetFormat.JSONL, out, annotations=annotations))


def _counts(project) -> dict[str, int]:
    with project.engine.connect() as conn:
        return {
            t.name: conn.scalar(select(func.count()).select_from(t))
            for t in (articles_t, sets_t, spans_t, events_t, evidence_t)
        }


def test_round_trip_is_byte_identical(project, fresh_db_url, tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", awkward_records())
    report = import_paths(project, [source, samples_dir()])
    assert report.added == 4 + 7
    first = tmp_path / "first.jsonl"
    export_jsonl(project, first)
    previous = first
    # Into an empty database of the same backend and out again, twice over.
    for round_no in (2, 3):
        again = open_project(fresh_db_url())
        try:
            assert import_paths(again, [previous]).added == 11
            out = tmp_path / f"round{round_no}.jsonl"
            export_jsonl(again, out)
        finally:
            again.close()
        assert out.read_bytes() == first.read_bytes()
        previous = out


def test_export_keeps_spans_text_events_and_evidence(project, tmp_path: Path) -> None:
    import_paths(project, [write_jsonl(tmp_path / "in.jsonl", awkward_records())])
    out = tmp_path / "out.jsonl"
    export_jsonl(project, out)
    records = {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    crlf = records["crlf-1"]
    assert crlf["text"].startswith("Résumé of the day:\nProtesters")
    for record in records.values():
        for s in (sp for ann in record["annotations"] for sp in ann["spans"]):
            assert record["text"][s["start"] : s["end"]] == s["text"]
    amal = next(a for a in crlf["annotations"] if a["coder"] == "amal")
    event = amal["events"][0]
    assert event["evidence"] == {"event_date": ["T3"], "actor1": ["T1"], "location": ["T2"]}
    assert event["fields"]["disorder_type"] == "Demonstrations"
    assert event["fields"]["interaction"] == 60
    assert event["fields"]["iso"] == 760 and event["fields"]["region"] == "Middle East"
    assert event["fields"]["year"] == 2024
    gold = next(a for a in crlf["annotations"] if a["kind"] == "gold")
    assert gold["events"][0]["fields"]["event_id_cnty"] == "SYR77"
    emoji = records["emoji-1"]["annotations"][0]["events"][0]
    assert emoji["evidence"]["actor2"] == ["k3", "k4"]
    assert emoji["fields"]["civilian_targeting"] is True


def test_export_filters_gold_and_one_coder(project, tmp_path: Path) -> None:
    import_paths(project, [write_jsonl(tmp_path / "in.jsonl", awkward_records())])
    gold, bilal = tmp_path / "gold.jsonl", tmp_path / "bilal.jsonl"
    export_jsonl(project, gold, annotations="gold")
    export_jsonl(project, bilal, annotations="bilal")
    gold_sets = [a for line in gold.read_text().splitlines() for a in json.loads(line)["annotations"]]
    assert [(a["coder"], a["kind"]) for a in gold_sets] == [("lead", "gold")]
    bilal_sets = [a for line in bilal.read_text().splitlines() for a in json.loads(line)["annotations"]]
    assert {a["coder"] for a in bilal_sets} == {"bilal"} and len(bilal_sets) == 2


def test_broken_line_3_changes_nothing(project, tmp_path: Path) -> None:
    import_paths(project, [samples_dir()])
    before = _counts(project)
    lines = [json.dumps(r, ensure_ascii=False) for r in awkward_records()]
    lines[2] = lines[2][:-5]  # truncated JSON on line 3
    broken = tmp_path / "broken.jsonl"
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        import_paths(project, [broken])
    assert err.value.line == 3 and err.value.file == str(broken)
    assert f"{broken}, line 3" in str(err.value)
    assert _counts(project) == before


def test_a_bad_field_on_a_later_file_rolls_back_the_earlier_files(project, tmp_path: Path) -> None:
    good = write_jsonl(tmp_path / "a.jsonl", awkward_records()[:2])
    bad_records = awkward_records()[2:]
    bad_records[0]["annotations"][0]["events"][0]["fields"]["fatalities"] = -1
    bad = write_jsonl(tmp_path / "b.jsonl", bad_records)
    with pytest.raises(InputError) as err:
        import_paths(project, [good, bad])
    assert err.value.line == 1 and err.value.field == "annotations[0].events[0].fields.fatalities"
    assert _counts(project)["articles"] == 0


def test_reimport_adds_no_duplicates_and_says_why(project, tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", awkward_records())
    import_paths(project, [source])
    renamed = [dict(r, id=f"copy-{r['id']}") for r in awkward_records()[:1]]
    again = import_paths(project, [source, write_jsonl(tmp_path / "copy.jsonl", renamed)])
    assert again.added == 0
    reasons = [s.reason for s in again.skipped]
    assert reasons.count("an article with this id is already in the database") == 4
    assert reasons.count("an article with the same text is already in the database") == 1
    assert _counts(project)["articles"] == 4


def test_event_ids_are_assigned_once_and_never_reused(project, tmp_path: Path) -> None:
    import_paths(project, [write_jsonl(tmp_path / "in.jsonl", awkward_records())])
    with project.engine.connect() as conn:
        ids = sorted(conn.scalars(select(events_t.c.event_id_cnty)).all())
    # SYR77 was given, so new Syrian events continue after it; Ukraine starts at 1.
    assert ids == ["SYR77", "SYR78", "SYR79", "UKR1"]
    out1, out2 = tmp_path / "1.jsonl", tmp_path / "2.jsonl"
    export_jsonl(project, out1)
    export_jsonl(project, out2)
    assert out1.read_bytes() == out2.read_bytes()


def test_txt_and_csv_import_in_one_call(project, tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "story one.txt").write_text("Headline here\r\n\r\nBody text with café.\r\n", encoding="utf-8")
    (folder / "batch.csv").write_text(
        'ID,Headline,Body,Date,Outlet\nc1,First,"Text, with comma",2024-01-02,Wire\nc2,Second,Other text,,\n',
        encoding="utf-8",
    )
    # Ids are generated (file name and row) only for a file without an id column (issue 14: an
    # empty id cell is refused).
    (folder / "batch.csv").with_name("no ids.csv").write_text("Headline,Body\nThird,Third text\n", encoding="utf-8")
    report = import_paths(project, [folder])
    assert report.added == 4 and report.files == 3
    with project.engine.connect() as conn:
        rows = {r.external_id: r for r in conn.execute(select(articles_t))}
    assert rows["story one"].title == "Headline here"
    assert rows["story one"].text == "Headline here\n\nBody text with café.\n"
    assert rows["c1"].source == "Wire" and str(rows["c1"].published) == "2024-01-02"
    assert rows["c2"].title == "Second" and rows["no ids-1"].title == "Third"
