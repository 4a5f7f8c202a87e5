"""Annotations from doccano, Label Studio and INCEpTION, in files laid out the way each tool writes them.

The files in tests/fixtures/tools were written for the project from each tool's documented export
layout, with emoji (two UTF-16 units each), Arabic and CRLF line ends: doccano and Label Studio count
UTF-16 code units (doccano over the text with CRLF seen as one), INCEpTION counts UTF-16 units with
CRLF as two. Every span must land on the same characters of the stored (LF, NFC) text.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator.domain.errors import InputError, UserError
from annotator.services.importing import import_paths
from annotator.store import repository as repo

TOOLS = Path(__file__).parent.parent / "fixtures" / "tools"
MAP = "ORG=actor,GPE=location,LOC=location,EVENT=action,DATE=date"


def _records(project: Any) -> dict[str, Any]:
    with project.engine.connect() as conn:
        return {r.article.external_id: r for _, r in repo.iter_records(conn)}


def _spans(record: Any, coder: str) -> list[tuple[str, str]]:
    text = record.article.text
    (aset,) = [s for s in record.annotations if s.coder == coder]
    return [(text[s.start : s.end], s.label) for s in aset.spans]


def test_doccano_utf16_offsets_land_on_the_same_characters(sqlite_project: Any) -> None:
    report = import_paths(sqlite_project, [TOOLS / "doccano.jsonl"], label_map=MAP)
    records = _records(sqlite_project)
    assert set(records) == {"1", "2"} and report.annotation_sets == 2
    first = records["1"]
    assert "\r" not in first.article.text
    assert _spans(first, "doccano") == [
        ("Protesters", "actor"),
        ("😀 gathered", "action"),
        ("Aleppo", "location"),
        ("قوات الجيش", "actor"),
        ("Homs 🙂", "location"),
    ]
    assert _spans(records["2"], "doccano") == [("Troops", "actor"), ("Idlib", "location")]
    # The emoji-only span's label is in no mapping: reported with where it was, not dropped silently.
    assert report.unmapped == [f"MISC: 1 span(s) not imported (first in {TOOLS / 'doccano.jsonl'}, line 1, label[5])"]


def test_label_studio_sets_per_annotator_and_crlf_counting_found_from_the_quotes(sqlite_project: Any) -> None:
    report = import_paths(sqlite_project, [TOOLS / "label_studio.json"], label_map=MAP + ",MISC=actor")
    records = _records(sqlite_project)
    task = records["11"]
    assert task.article.title == "Aleppo protest"
    # The cancelled annotation (user 3) is not a set; choices are not spans.
    assert {s.coder for s in task.annotations} == {"label-studio-user-1", "bola@example.org"}
    assert _spans(task, "label-studio-user-1") == [
        ("Protesters", "actor"),
        ("😀 gathered", "action"),
        ("Aleppo", "location"),
        ("قوات الجيش", "actor"),
        ("Homs 🙂", "location"),
        ("🙂", "actor"),
    ]
    assert _spans(task, "bola@example.org") == [("Aleppo", "location")]
    # Task 12 was counted with CRLF as one: the quotes show it, and the spans still land right.
    assert _spans(records["12"], "label-studio-user-1") == [
        ("Gunmen", "actor"),
        ("Daraa", "location"),
        ("Monday", "date"),
    ]
    assert not report.unmapped


def test_label_studio_region_whose_quote_is_nowhere_names_the_item(sqlite_project: Any, tmp_path: Path) -> None:
    tasks = json.loads((TOOLS / "label_studio.json").read_text(encoding="utf-8"))
    tasks[1]["annotations"][0]["result"][1]["value"]["start"] += 3
    bad = tmp_path / "export.json"
    bad.write_text(json.dumps(tasks), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        import_paths(sqlite_project, [bad], label_map=MAP + ",MISC=actor")
    message = str(caught.value)
    assert str(bad) in message and "item 2" in message and "'Daraa'" in message
    assert _records(sqlite_project) == {}  # task 1 was fine, but nothing of the file is imported


def test_inception_tsv_rebuilds_the_text_and_multi_token_and_stacked_spans(sqlite_project: Any) -> None:
    report = import_paths(sqlite_project, [TOOLS / "inception.tsv"], label_map=MAP + ",PER=actor,Action=action")
    (record,) = _records(sqlite_project).values()
    text = record.article.text
    assert text == "Protesters 😀 gathered in Aleppo.\n\nقوات الجيش fired in Homs\ncity [centre] today."
    assert record.article.external_id == "inception"
    assert sorted(_spans(record, "inception")) == sorted(
        [
            ("Protesters", "actor"),
            ("😀", "action"),
            ("Aleppo", "location"),
            ("قوات الجيش", "actor"),  # ORG[3] over two tokens
            ("الجيش", "actor"),  # PER[4] stacked on the second token
            ("fired", "action"),
            ("Homs\ncity", "location"),  # LOC[5] across the sentence's line break
        ]
    )
    assert not report.unmapped


def test_inception_project_export_layout_names_article_and_coder(sqlite_project: Any, tmp_path: Path) -> None:
    folder = tmp_path / "annotation" / "aleppo.txt"
    folder.mkdir(parents=True)
    (folder / "amal.tsv").write_bytes((TOOLS / "inception.tsv").read_bytes())
    import_paths(sqlite_project, [folder / "amal.tsv"], label_map=MAP + ",PER=actor,Action=action")
    (record,) = _records(sqlite_project).values()
    assert record.article.external_id == "aleppo" and [s.coder for s in record.annotations] == ["amal"]


def test_tsv_token_not_at_its_offsets_names_the_line(sqlite_project: Any, tmp_path: Path) -> None:
    lines = (TOOLS / "inception.tsv").read_text(encoding="utf-8").split("\n")
    # Offsets counted in code points (one for the emoji) instead of UTF-16 units: off by one after it.
    lines[9] = lines[9].replace("14-22", "13-21")
    bad = tmp_path / "bad.tsv"
    bad.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        import_paths(sqlite_project, [bad])
    assert f"{bad}, line 10" in str(caught.value) and "'gathered'" in str(caught.value)
    assert _records(sqlite_project) == {}


def test_map_option_names_a_bad_target_before_anything_is_read(sqlite_project: Any) -> None:
    with pytest.raises(UserError, match="'person' \\(for PER\\) is not a span label of the codebook"):
        import_paths(sqlite_project, [TOOLS / "doccano.jsonl"], label_map="PER=person")
    with pytest.raises(UserError, match="'ORG' is not LABEL=codebook_label"):
        import_paths(sqlite_project, [TOOLS / "doccano.jsonl"], label_map="ORG")


def test_coder_option_names_whose_sets_they_are(sqlite_project: Any) -> None:
    import_paths(sqlite_project, [TOOLS / "doccano.jsonl"], label_map=MAP, coder="amal")
    assert {s.coder for r in _records(sqlite_project).values() for s in r.annotations} == {"amal"}


def test_cli_map_and_coder_options_and_unmapped_report(tmp_path: Path, capsys: Any) -> None:
    from annotator.cli import main

    db = f"sqlite:///{tmp_path / 'cli.db'}"
    assert (
        main(
            [
                "import",
                str(TOOLS / "doccano.jsonl"),
                "--map",
                "ORG=actor",
                "--map",
                "GPE=location",
                "--coder",
                "amal",
                "--db",
                db,
            ]
        )
        == 0
    )
    out, err = capsys.readouterr()
    assert "Imported 2 articles from 1 file with 2 annotation sets" in out
    assert "spans of 2 labels not in the codebook were left out" in out
    assert "not in the codebook: EVENT: 1 span(s) not imported" in err and "not in the codebook: MISC" in err
