"""brat standoff and CoNLL exports of the coded fixture.

The brat folder is read back by an independent reader, the ``bratly`` package (with ``bratly-io-fs``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from annotator.domain.errors import UserError
from annotator.services.export_datasets import DatasetFormat, ExportOptions, export_dataset
from annotator.services.importing import import_paths
from annotator.services.progress import Cancelled

CODED = Path(__file__).parent.parent / "fixtures" / "export" / "coded.jsonl"


@pytest.fixture
def coded(project):  # type: ignore[no-untyped-def]
    import_paths(project, [CODED])
    return project


def _brat(project: Any, out: Path, **kw: Any) -> Any:
    return export_dataset(project, ExportOptions(DatasetFormat.BRAT, out, **kw))


def _lines(ann: Path, kind: str) -> list[str]:
    return [line for line in ann.read_text(encoding="utf-8").splitlines() if line.startswith(kind)]


def _bratly() -> Any:
    try:
        import bratly
        import bratly.io
    except ImportError:
        reason = "the brat reader is not installed: pip install 'bratly==0.1.4' 'bratly-io-fs==0.1.4'"
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (CI must run this test)")
        pytest.skip(reason)
    return bratly


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # bratly uses pydantic v1-style config
def test_brat_folder_reads_back_with_an_independent_reader(coded: Any, tmp_path: Path) -> None:
    bratly = _bratly()
    read_document_collection_from_folder = bratly.io.read_document_collection_from_folder

    out = tmp_path / "brat"
    result = _brat(coded, out)
    assert result.rows == 4 and result.articles == 3 and result.events == 5
    assert not result.events_without_trigger
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "aleppo-2024-05-05.ann",
        "aleppo-2024-05-05.txt",
        "annotation.conf",
        "gao-2024-04-10__amal.ann",
        "gao-2024-04-10__amal.txt",
        "gao-2024-04-10__bola.ann",
        "gao-2024-04-10__bola.txt",
        "kano-2024-03-02.ann",
        "kano-2024-03-02.txt",
    ]
    collection = read_document_collection_from_folder(
        str(out), no_duplicates_ann=False, sort_ann=False, renumerotize_ann=False, grammar_check_ann=True
    )
    assert collection is not None and len(collection.documents) == 4
    checked = 0
    for doc in collection.documents:
        txt = Path(doc.fullpath)
        text = txt.read_text(encoding="utf-8")
        assert doc.check_ann_compatibility_with_txt()
        ann = txt.with_suffix(".ann")
        (annotations,) = doc.annotation_collections
        entities = annotations.get_annotations(descendant_type=bratly.EntityAnnotation)
        events = annotations.get_annotations(descendant_type=bratly.EventAnnotation)
        assert len(entities) == len(_lines(ann, "T"))  # the reader dropped nothing
        assert len(events) == len(_lines(ann, "E"))
        for ent in entities:
            assert ent.content == " ".join(text[f.start : f.end] for f in ent.fragments), ent
            checked += 1
        for event in events:
            assert event.event_trigger.label == event.label
    assert checked == 25


def test_brat_offsets_are_code_points_even_with_emoji_and_arabic(coded: Any, tmp_path: Path) -> None:
    out = tmp_path / "brat"
    _brat(coded, out)
    text = (out / "aleppo-2024-05-05.txt").read_text(encoding="utf-8")
    assert "🇸🇾" in text and "😢" in text
    lines = {line.split("\t")[2]: line.split("\t")[1] for line in _lines(out / "aleppo-2024-05-05.ann", "T")}
    _, where = lines["سبعة مدنيين"].split(" ", 1)
    start, end = map(int, where.split())
    assert text[start:end] == "سبعة مدنيين"
    # A span across a line break becomes two fragments, its text joined by one space.
    assert lines["استهدفت السوق"].startswith("action ") and ";" in lines["استهدفت السوق"]


def test_brat_events_attributes_and_notes(coded: Any, tmp_path: Path) -> None:
    out = tmp_path / "brat"
    _brat(coded, out)
    ann = out / "aleppo-2024-05-05.ann"
    (event,) = _lines(ann, "E")
    kind_trigger, *args = event.split("\t")[1].split(" ")
    assert kind_trigger.startswith("Air-drone_strike:T")
    roles = {a.split(":")[0] for a in args}
    assert roles == {"Sub_event_type", "Actor_first", "Location", "Fatalities"}
    assert {line.split("\t")[1] for line in _lines(ann, "A")} == {
        "Civilian_targeting E1",
        "Time_precision E1 1",
        "Geo_precision E1 1",
    }
    (note,) = _lines(ann, "#")
    assert note.startswith("#1\tAnnotatorNotes E1\tevent_id_cnty=SYR1 | event_date=2024-05-05")
    assert "latitude=36.2021" in note and "\n" not in note
    conf = (out / "annotation.conf").read_text(encoding="utf-8")
    for section in ("[entities]", "[relations]", "[events]", "[attributes]"):
        assert section in conf
    assert "\tAir-drone_strike\t" in conf and "\tShelling-artillery-missile_attack\t" in conf
    assert "Time_precision\tArg:<EVENT>, Value:1|2|3" in conf


def test_brat_gold_only_and_one_coder(coded: Any, tmp_path: Path) -> None:
    gold = _brat(coded, tmp_path / "gold", annotations="gold")
    assert gold.rows == 2
    amal = _brat(coded, tmp_path / "amal", annotations="amal")
    assert sorted(p.name for p in (tmp_path / "amal").glob("*.txt")) == ["gao-2024-04-10.txt", "kano-2024-03-02.txt"]
    assert amal.rows == 2


def test_brat_replaces_an_earlier_export_but_never_another_folder(coded: Any, tmp_path: Path) -> None:
    out = tmp_path / "brat"
    _brat(coded, out)
    (out / "stale.txt").write_text("old", encoding="utf-8")
    _brat(coded, out, annotations="gold")
    assert not (out / "stale.txt").exists()
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "thesis.odt").write_text("keep me", encoding="utf-8")
    with pytest.raises(UserError, match="other files in it"):
        _brat(coded, precious)
    assert (precious / "thesis.odt").read_text(encoding="utf-8") == "keep me"


def test_brat_cancel_leaves_nothing(coded: Any, tmp_path: Path) -> None:
    class Stop:
        def start(self, total: int | None, what: str) -> None:
            pass

        def advance(self, done: int) -> None:
            pass

        def cancelled(self) -> bool:
            return True

    out = tmp_path / "exports"
    out.mkdir()
    with pytest.raises(Cancelled):
        export_dataset(coded, ExportOptions(DatasetFormat.BRAT, out / "brat"), Stop())
    assert list(out.iterdir()) == []


def test_conll_export(coded: Any, tmp_path: Path) -> None:
    out = tmp_path / "train.conll"
    result = export_dataset(coded, ExportOptions(DatasetFormat.CONLL, out))
    assert result.rows == 4 and result.dropped_spans == 1  # "Kano" inside "near Kano"
    text = out.read_text(encoding="utf-8")
    docs = text.split("-DOCSTART- -X- O O\n\n")
    assert docs[0] == "" and len(docs) == 5
    for doc in docs[1:]:
        assert doc.endswith("\n\n") and "\n\n\n" not in doc
        for line in doc.splitlines():
            if line:
                _, tag = line.split(" ")
                assert tag == "O" or tag[:2] in ("B-", "I-")
    kano = docs[1].splitlines()
    assert "teachers B-actor" in kano and "2 B-date" in kano and "March I-date" in kano
    assert "near B-location" in kano and "Kano I-location" in kano
    aleppo = next(d for d in docs if "حلب" in d).splitlines()
    assert "حلب B-location" in aleppo and "سبعة B-fatalities" in aleppo and "مدنيين I-fatalities" in aleppo
    assert "استهدفت B-action" in aleppo and "السوق I-action" in aleppo


def test_conll_comment_markers_name_the_article(coded: Any, tmp_path: Path) -> None:
    from annotator.formats.conll import DocMarker

    out = tmp_path / "train.conll"
    export_dataset(coded, ExportOptions(DatasetFormat.CONLL, out, annotations="all", conll_marker=DocMarker.COMMENT))
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [line for line in lines if line.startswith("# doc_id")] == [
        "# doc_id = kano-2024-03-02",
        "# doc_id = kano-2024-03-02",
        "# doc_id = gao-2024-04-10",
        "# doc_id = gao-2024-04-10",
        "# doc_id = aleppo-2024-05-05",
    ]
    assert "# coder = gold" in lines and "# coder = bola" in lines


def test_filters_apply_to_brat_and_conll(coded: Any, tmp_path: Path) -> None:
    result = _brat(coded, tmp_path / "mali", countries=("Mali",))
    assert result.rows == 2 and result.articles == 1
    conll = export_dataset(coded, ExportOptions(DatasetFormat.CONLL, tmp_path / "x.conll", statuses=("done",)))
    assert conll.rows == 3
