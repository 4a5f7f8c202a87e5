"""Documents without a publication date take the one their dateline gives (domain.dateline), so that
"on Tuesday" in a PDF, a Word file or a text file resolves as it does in a saved web page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from annotator.domain.dateline import dateline_date
from annotator.formats.docx_text import read_docx
from annotator.formats.pdf_text import read_pdf
from annotator.formats.plaintext import read_text_file
from tests.fixtures.documents import column, write_docx, write_pdf


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ("NAIROBI, June 3, 2024 (Reuters) - Police fired tear gas", dt.date(2024, 6, 3)),
        ("Kidal clashes\nPublished 14 Feb. 2023, 09:10\nTwo soldiers were wounded", dt.date(2023, 2, 14)),
        ("Posted on the 1st of March 2022 by a staff reporter", dt.date(2022, 3, 1)),
        ("Sept 9, 2021 — Protesters gathered", dt.date(2021, 9, 9)),
        ("2020-05-09 | Protest in Haifa", dt.date(2020, 5, 9)),
        # Two dates: the first one written is the dateline, not the event's date further on.
        ("ADEN, 12 January 2019: fighting that began on 2 January 2019 went on", dt.date(2019, 1, 12)),
        ("31 June 2024 was no day; June 30, 2024 was", dt.date(2024, 6, 30)),
    ],
)
def test_a_full_date_at_the_head_is_the_dateline(head: str, expected: dt.date) -> None:
    assert dateline_date(head) == expected


@pytest.mark.parametrize(
    "head",
    [
        "On Tuesday, police fired tear gas at protesters.",  # no date at all
        "ALEPPO, June 3 - a year-less date could be any year",
        "Report of 03/06/2024: day first or month first?",  # numeric: ambiguous
        "x" * 700 + " 3 June 2024",  # too far down to be the article's own date
    ],
)
def test_no_dateline_without_a_full_unambiguous_date_near_the_top(head: str) -> None:
    assert dateline_date(head) is None


def test_text_pdf_and_word_files_take_the_dateline(tmp_path: Path) -> None:
    body = "BAMAKO, 5 March 2024 - Two soldiers were wounded in Kidal on Monday, officials said."
    text_file = tmp_path / "kidal.txt"
    text_file.write_text("Clashes in Kidal\n\n" + body + "\n", encoding="utf-8")
    docx = write_docx(tmp_path / "kidal.docx", [("Title", "Clashes in Kidal"), ("", body)])
    pdf = write_pdf(tmp_path / "kidal.pdf", [column([["Clashes in Kidal"], [body]])])
    for records in (read_text_file(text_file), read_docx(docx), read_pdf(pdf)):
        [(_, record)] = list(records)
        assert record.article.published == dt.date(2024, 3, 5), record.article.external_id


def test_a_date_the_file_gives_is_not_replaced_by_the_dateline(tmp_path: Path) -> None:
    from annotator.domain.records import article_record

    record = article_record({"id": "a", "text": "June 3, 2024 - text", "published": "2024-06-04"}, "a.html")
    assert record.article.published == dt.date(2024, 6, 4)
