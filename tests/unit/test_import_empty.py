"""Files that hold no article (empty, blank lines, a BOM, a CSV header alone) get one clear line, exit 1,
and change nothing: the same for .jsonl, .csv and .txt."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from annotator.cli import main
from annotator.domain.errors import InputError
from annotator.services.importing import import_paths
from annotator.store.repository import articles_t
from tests.fixtures.interchange import awkward_records, write_jsonl

BOM = b"\xef\xbb\xbf"

# (file name, content, the message after "<path>: ")
NO_ARTICLES = [
    ("empty.jsonl", b"", "is empty"),
    ("blank.jsonl", b"\n  \n\t\r\n", "is empty"),
    ("bom.jsonl", BOM, "is empty"),
    ("bom-blank.jsonl", BOM + b"\n\n", "is empty"),
    ("empty.csv", b"", "is empty"),
    ("header.csv", b"id,title,text\r\n", "has a header but no rows of articles"),
    ("header-blank.csv", BOM + b"id,title,text\n,,\n\n", "has a header but no rows of articles"),
    ("empty.txt", b"", "the article text is empty"),
]


def _count(project) -> int:  # type: ignore[no-untyped-def]
    with project.engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(articles_t)) or 0)


@pytest.mark.parametrize(("name", "content", "message"), NO_ARTICLES, ids=[n for n, _, _ in NO_ARTICLES])
def test_cli_says_which_file_holds_no_article_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert main(["import", str(path), "--db", str(tmp_path / "cli.db")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"annotator: {path}") and message in err
    assert err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.parametrize(("name", "content", "message"), NO_ARTICLES, ids=[n for n, _, _ in NO_ARTICLES])
def test_an_empty_file_among_good_ones_imports_nothing(
    project, tmp_path: Path, name: str, content: bytes, message: str
) -> None:  # type: ignore[no-untyped-def]
    before = write_jsonl(tmp_path / "before.jsonl", awkward_records()[:1])
    assert import_paths(project, [before]).added == 1
    good = write_jsonl(tmp_path / "good.jsonl", awkward_records()[1:])
    empty = tmp_path / name
    empty.write_bytes(content)
    with pytest.raises(InputError, match=message) as caught:
        import_paths(project, [good, empty])
    assert caught.value.file == str(empty)
    assert _count(project) == 1  # the good file's articles were rolled back with the rest
