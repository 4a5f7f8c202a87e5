"""brat standoff read back: our export imported into an empty database and exported again is the same files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from annotator.domain.errors import InputError
from annotator.services.export_datasets import DatasetFormat, ExportOptions, export_dataset
from annotator.services.importing import import_paths
from annotator.services.project import open_project
from annotator.store import repository as repo

CODED = Path(__file__).parent.parent / "fixtures" / "export" / "coded.jsonl"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _records(project: Any) -> dict[str, Any]:
    with project.engine.connect() as conn:
        return {r.article.external_id: r for _, r in repo.iter_records(conn)}


def test_brat_export_imported_and_exported_again_is_identical(project: Any, fresh_db_url: Any, tmp_path: Path) -> None:
    import_paths(project, [CODED])
    first = tmp_path / "first"
    export_dataset(project, ExportOptions(DatasetFormat.BRAT, first))

    again = open_project(fresh_db_url())
    try:
        report = import_paths(again, [first])
        # gao has two coders' files: one article with both sets, not a duplicate.
        assert report.added == 3 and report.annotation_sets == 4 and not report.skipped and not report.unmapped
        second = tmp_path / "second"
        export_dataset(again, ExportOptions(DatasetFormat.BRAT, second))
        assert _files(second) == _files(first)
        before, after = _records(project), _records(again)
        for ext, record in after.items():
            sets = {(s.coder, s.kind.value) for s in record.annotations}
            if ext == "gao-2024-04-10":
                assert sets == {("amal", "coder"), ("bola", "coder")}
            else:
                assert {k for _, k in sets} == {"gold"}
            original = {s.kind.value: s for s in before[ext].annotations}
            for aset in record.annotations:
                source = next(
                    s
                    for s in before[ext].annotations
                    if s.kind == aset.kind and (s.kind.value == "gold" or s.coder == aset.coder)
                )
                assert [(s.start, s.end, s.label, s.text) for s in aset.spans] == [
                    (s.start, s.end, s.label, s.text) for s in source.spans
                ]
                assert [e.fields.sub_event_type for e in aset.events] == [
                    e.fields.sub_event_type for e in source.events
                ]
                assert [e.fields.event_date for e in aset.events] == [e.fields.event_date for e in source.events]
            assert original
    finally:
        again.close()


def _brat_doc(folder: Path, stem: str, text: bytes, ann: str) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / f"{stem}.txt").write_bytes(text)
    (folder / f"{stem}.ann").write_text(ann, encoding="utf-8", newline="")
    return folder / f"{stem}.ann"


def test_foreign_brat_counts_code_points_over_crlf_text_and_maps_labels(sqlite_project: Any, tmp_path: Path) -> None:
    # brat counts code points of the file as it is: the emoji is one, each CRLF two.
    text = "Protesters 😀 in Aleppo\r\nعناصر من الجيش in Homs\r\n"
    start_gov = text.index("الجيش")
    ann = (
        f"T1\tORG 0 10\tProtesters\n"
        f"T2\tGPE {text.index('Aleppo')} {text.index('Aleppo') + 6}\tAleppo\n"
        f"T3\tORG {start_gov} {start_gov + 5}\tالجيش\n"
        f"T4\tMISC {text.index('Homs')} {text.index('Homs') + 4}\tHoms\n"
        "R1\tNear Arg1:T2 Arg2:T4\n"
    )
    path = _brat_doc(tmp_path / "brat", "doc1", text.encode("utf-8"), ann)
    report = import_paths(sqlite_project, [path.parent], label_map="ORG=actor,GPE=location", coder="amal")
    (record,) = _records(sqlite_project).values()
    stored = record.article.text
    assert "\r" not in stored
    (aset,) = record.annotations
    assert aset.coder == "amal" and aset.kind.value == "coder"
    assert [(stored[s.start : s.end], s.label) for s in aset.spans] == [
        ("Protesters", "actor"),
        ("Aleppo", "location"),
        ("الجيش", "actor"),
    ]
    assert report.unmapped == [f"MISC: 1 span(s) not imported (first in {path}, line 4)"]
    assert "spans of 1 label not in the codebook" in report.summary()


def test_brat_line_whose_quote_is_not_the_text_names_file_and_line(sqlite_project: Any, tmp_path: Path) -> None:
    path = _brat_doc(
        tmp_path / "b", "doc", b"Protesters in Aleppo\n", "T1\tactor 0 10\tProtesters\nT2\tlocation 14 20\tHoms\n"
    )
    with pytest.raises(InputError) as caught:
        import_paths(sqlite_project, [path])
    assert str(path) in str(caught.value) and "line 2" in str(caught.value) and "'Homs'" in str(caught.value)
    assert _records(sqlite_project) == {}


def test_foreign_brat_events_keep_what_the_codebook_knows_and_report_the_rest(
    sqlite_project: Any, tmp_path: Path
) -> None:
    text = "Gunmen attacked Daraa on Monday.\n"
    ann = (
        "T1\tactor 0 6\tGunmen\n"
        "T2\tShooting 7 15\tattacked\n"
        "T3\tlocation 16 21\tDaraa\n"
        "E1\tShooting:T2 Agent:T1 Location:T3\n"
        "A1\tGeo_precision E1 2\n"
    )
    path = _brat_doc(tmp_path / "theirs", "d1", text.encode("utf-8"), ann)
    report = import_paths(sqlite_project, [path], label_map="Shooting=action")
    (record,) = _records(sqlite_project).values()
    (aset,) = record.annotations
    assert (aset.coder, aset.kind.value) == ("brat", "coder")  # not our export: no gold set made up
    assert [(s.key, s.text, s.label) for s in aset.spans] == [
        ("T1", "Gunmen", "actor"),
        ("T2", "attacked", "action"),
        ("T3", "Daraa", "location"),
    ]
    (event,) = aset.events
    assert event.fields.geo_precision == 2 and event.fields.sub_event_type == ""
    assert event.evidence == {"sub_event_type": ["T2"], "location": ["T3"]}
    assert report.unmapped == [
        f"event type Shooting: 1 event(s) imported without a type (first in {path}, line 4)",
        f"role Agent: 1 event argument(s) not imported (first in {path}, line 4)",
    ]
