"""The new readers follow the import contract: one transaction, the file and item named on error,
nothing imported from any file when one is broken, duplicates reported, encodings reported."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from annotator.cli import main
from annotator.domain.errors import InputError, UserError
from annotator.services.importing import SUFFIXES, import_paths
from annotator.store.repository import articles_t
from tests.fixtures.documents import column, factiva_item, factiva_page, make_pdf, nexis_item, write_docx, write_pdf


def _count(project) -> int:  # type: ignore[no-untyped-def]
    with project.engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(articles_t)) or 0)


def _corpus(folder: Path) -> Path:
    """One file of each new kind: 7 articles in 6 files."""
    folder.mkdir()
    (folder / "page.html").write_text(
        "<html><head><title>Strike in Lagos</title><meta property='og:site_name' content='Lagos Wire'></head>"
        "<body><nav><a href='/'>Home</a></nav><article><h1>Strike in Lagos</h1>"
        "<p>Dock workers in Lagos went on strike on Tuesday over unpaid wages, their union said in a statement.</p>"
        "<p>The port authority said talks would resume on Thursday with the workers' representatives.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    write_pdf(folder / "report.pdf", [column([["Farmers blocked the road to Mopti for", "three hours on Sunday."]])])
    write_docx(folder / "note.docx", [("Title", "Clashes in Kidal"), ("", "Two soldiers were wounded in Kidal.")])
    write_docx(
        folder / "nexis.docx",
        [
            ("", p)
            for p in nexis_item("Teachers march", "Nakuru Times", "June 3, 2024 Monday", ["Teachers marched."])
            + nexis_item("Nurses strike", "Harare Post", "June 4, 2024 Tuesday", ["Nurses struck."])
        ],
    )
    (folder / "latin.txt").write_bytes(
        (
            "Manifestation à Bamako\n\n"
            + "Les manifestants se sont rassemblés près du marché où la police était présente. " * 3
        ).encode("cp1252")
    )
    page = factiva_page([factiva_item("Miners strike", "5 June 2024", "Reuters News", ["Miners struck at Kolwezi."])])
    (folder / "factiva.htm").write_text(page, encoding="utf-8")
    return folder


def test_a_folder_of_every_new_kind_imports_in_one_go_and_again_reports_duplicates(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = _corpus(tmp_path / "corpus")
    report = import_paths(project, [folder])
    assert (report.files, report.added, len(report.skipped)) == (6, 7, 0)
    assert report.encodings == {str(folder / "latin.txt"): "cp1252"}
    assert "read as cp1252" in report.summary()
    again = import_paths(project, [folder])
    assert (again.added, len(again.skipped)) == (0, 7)
    nexis_skips = sorted((s.line, s.external_id) for s in again.skipped if s.file.endswith("nexis.docx"))
    assert nexis_skips == [(1, "nexis-1"), (2, "nexis-2")]  # the position of a duplicate is its item
    assert _count(project) == 7


def _truncated_pdf(path: Path) -> Path:
    whole = make_pdf([column([["Some text of a report."]])])
    path.write_bytes(whole[: len(whole) // 2])
    return path


def _zip_docx(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    return path


def _damaged_nexis(path: Path) -> Path:
    good = nexis_item("Teachers march", "Nakuru Times", "June 3, 2024 Monday", ["Teachers marched."])
    bad = nexis_item("Nurses strike", "Harare Post", "June 4, 2024 Tuesday", ["Nurses struck."], with_body_line=False)
    return write_docx(path, [("", p) for p in good + bad])


def _no_body(path: Path) -> Path:
    path.write_text("<html><head><title>Empty</title></head></html>", encoding="utf-8")
    return path


BROKEN = [
    ("cut.pdf", _truncated_pdf, None, "is incomplete"),
    ("odt.docx", _zip_docx, None, "is not a Word document"),
    ("nexis.docx", _damaged_nexis, 2, "has no 'Body' line"),
    ("blank.html", _no_body, None, "no article text"),
]


@pytest.mark.parametrize(("name", "make", "item", "message"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_document_among_good_ones_imports_nothing_and_is_named(
    project, tmp_path: Path, name: str, make, item: int | None, message: str
) -> None:  # type: ignore[no-untyped-def]
    folder = _corpus(tmp_path / "corpus")
    broken = make(tmp_path / name)
    with pytest.raises(InputError, match=message) as caught:
        import_paths(project, [folder, broken])
    assert caught.value.file == str(broken) and caught.value.item == item
    assert _count(project) == 0


def test_the_cli_names_the_broken_item_and_reports_encodings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = _damaged_nexis(tmp_path / "nexis.docx")
    db = str(tmp_path / "cli.db")
    assert main(["import", str(broken), "--db", db]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"annotator: {broken}, item 2: has no 'Body' line") and "Traceback" not in err
    folder = _corpus(tmp_path / "corpus")
    assert main(["import", str(folder), "--db", db]) == 0
    out = capsys.readouterr()
    assert f"read {folder / 'latin.txt'} as cp1252 (detected" in out.err
    assert out.out.startswith("Imported 7 articles from 6 files")


def test_every_reader_suffix_is_accepted_and_others_are_refused(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert {".html", ".htm", ".pdf", ".docx", ".txt", ".csv", ".jsonl", ".ann", ".json", ".tsv"} == set(SUFFIXES)
    other = tmp_path / "slides.pptx"
    other.write_bytes(b"PK")
    with pytest.raises(UserError, match=r"cannot import '\.pptx'"):
        import_paths(project, [other])
