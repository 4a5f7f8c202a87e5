"""The document readers on files made for the project: saved web pages, PDFs, Word files, text in
other encodings, Nexis Uni and Factiva exports; and broken ones of each, refused with the file named."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest

from annotator.domain.errors import InputError
from annotator.domain.reflow import join_lines, reflow_paragraphs
from annotator.formats.csv_articles import read_csv
from annotator.formats.docx_text import read_docx
from annotator.formats.encoding import decode_bytes
from annotator.formats.html_page import read_html
from annotator.formats.pdf_text import read_pdf
from annotator.formats.plaintext import read_text_file
from tests.fixtures.documents import (
    NEXIS_COVER,
    column,
    factiva_item,
    factiva_page,
    make_pdf,
    nexis_item,
    write_docx,
    write_pdf,
)

NEWS_PAGE = """<!DOCTYPE html><html><head><meta charset="{charset}">
<title>Protest in Aleppo | Levant Daily</title>
<meta property="og:title" content="Protesters gather in Aleppo over bread prices">
<meta property="og:site_name" content="Levant Daily">
<meta property="og:url" content="https://levant.example/news/aleppo-protest">
<meta property="article:published_time" content="2024-06-03T10:00:00Z">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies.</div>
<article><h1>Protesters gather in Aleppo over bread prices</h1>
<p>{first}</p>
<p>Security forces dispersed the crowd after two hours; no injuries were reported by local medics.</p>
<p>The protest was the third this month in the city, according to the Syrian Observatory for Human Rights.</p>
</article>
<aside><h3>Most read</h3><ul><li><a href="/a">Football results from the weekend</a></li><li><a href="/b">Weather</a></li></ul></aside>
<footer>© 2024 Levant Daily. All rights reserved. Contact us | Privacy policy</footer>
</body></html>"""
FIRST = "Hundreds of people gathered in central Aleppo on Monday to protest against the rising price of bread."


def _one(records: object) -> object:
    found = list(records)  # type: ignore[call-overload]
    assert len(found) == 1
    return found[0][1]


# ---- HTML


def test_a_saved_page_gives_its_article_without_the_page_around_it(tmp_path: Path) -> None:
    path = tmp_path / "aleppo.html"
    path.write_text(NEWS_PAGE.format(charset="utf-8", first=FIRST), encoding="utf-8")
    article = _one(read_html(path)).article  # type: ignore[attr-defined]
    assert FIRST in article.text and "no injuries were reported" in article.text
    for boilerplate in ("cookies", "Football results", "All rights reserved", "Home", "Most read"):
        assert boilerplate not in article.text
    assert article.title == "Protesters gather in Aleppo over bread prices"
    assert article.source == "Levant Daily"
    assert article.url == "https://levant.example/news/aleppo-protest"
    assert article.published == dt.date(2024, 6, 3)
    assert "\n\n" in article.text  # the page's paragraphs stay paragraphs
    assert "encoding" not in article.meta


def test_a_page_in_a_declared_legacy_encoding_is_read_and_reported(tmp_path: Path) -> None:
    first = "تجمع مئات الأشخاص في وسط حلب يوم الاثنين احتجاجا على ارتفاع سعر الخبز، بحسب شهود عيان في المدينة."
    path = tmp_path / "halab.htm"
    path.write_bytes(NEWS_PAGE.format(charset="windows-1256", first=first).encode("cp1256"))
    article = _one(read_html(path)).article  # type: ignore[attr-defined]
    assert first in article.text
    assert article.meta["encoding"] == "cp1256"


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><title>Nothing here</title></head></html>",
        "<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a></nav></body></html>",
        "",
    ],
    ids=["no-body", "navigation-only", "empty"],
)
def test_a_page_without_article_text_is_refused_with_its_name(tmp_path: Path, page: str) -> None:
    path = tmp_path / "blank.html"
    path.write_text(page, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        list(read_html(path))
    assert caught.value.file == str(path)
    assert "empty" in str(caught.value) or "no article text" in str(caught.value)


# ---- PDF

WRAPPED = [
    "Hundreds of people gathered in central Aleppo on",
    "Monday to protest against the rising price of bread,",
    "according to local demonstra-",
    "tors and well-",
    "known witnesses near Al-",
    "Qaeda's former offices.",
]


def test_a_pdf_is_read_in_reading_order_with_lines_joined_and_hyphens_repaired(tmp_path: Path) -> None:
    headline = column([["Protest in Aleppo: a headline across both columns"]], top=800)
    left = column([WRAPPED, ["Security forces dispersed the crowd after two", "hours."]], x=50)
    right = column([["The right column comes second in reading", "order, after the whole left column."]], x=320)
    left, right = headline + left, right
    page_two = column([["A well-known analyst said the protests would", "go on."], ["2"]])
    path = write_pdf(
        tmp_path / "aleppo.pdf", [left + right, page_two], {"Title": "Protest in Aleppo", "Author": "Jane Doe"}
    )
    article = _one(read_pdf(path)).article  # type: ignore[attr-defined]
    assert article.text.split("\n\n") == [
        "Protest in Aleppo: a headline across both columns",
        "Hundreds of people gathered in central Aleppo on Monday to protest against the rising price of bread, "
        "according to local demonstrators and well-known witnesses near Al-Qaeda's former offices.",
        "Security forces dispersed the crowd after two hours.",
        "The right column comes second in reading order, after the whole left column.",
        "A well-known analyst said the protests would go on.",
    ]  # the page number "2" is dropped
    assert article.title == "Protest in Aleppo"
    assert article.meta["author"] == "Jane Doe"


def test_a_paragraph_cut_by_a_page_break_is_joined_again(tmp_path: Path) -> None:
    one = column([["Police said the march began at noon and"]])
    two = column([["ended peacefully at three."], ["A second paragraph."]])
    article = _one(read_pdf(write_pdf(tmp_path / "two.pdf", [one, two]))).article  # type: ignore[attr-defined]
    assert article.text == "Police said the march began at noon and ended peacefully at three.\n\nA second paragraph."
    assert article.title.startswith("Police said")  # no Title in the PDF: its first paragraph


def test_pdf_lines_lose_tabs_and_ligatures() -> None:
    """A PDF's text layer may set word spaces as tabs (Qt's PDF writer does; the article showed its
    words in wide columns) and keep ligatures as one character; tests/ui/test_import_gui.py reads
    a PDF that Qt wrote."""
    from annotator.formats.pdf_text import line_text

    assert line_text(" The\tﬁghting  ended at the ﬂat, \ufb00ect\t") == "The fighting ended at the flat, ffect"


@pytest.mark.parametrize(
    ("cut", "message"),
    [(0.5, "is incomplete"), (0.97, "is incomplete"), (0.0, "is not a PDF")],
    ids=["half", "end-missing", "not-a-pdf"],
)
def test_a_truncated_or_false_pdf_is_refused(tmp_path: Path, cut: float, message: str) -> None:
    whole = make_pdf([column([WRAPPED])])
    path = tmp_path / "broken.pdf"
    path.write_bytes(whole[: int(len(whole) * cut)] if cut else b"<html>saved as pdf by mistake</html>")
    with pytest.raises(InputError, match=message) as caught:
        list(read_pdf(path))
    assert caught.value.file == str(path)


def test_a_pdf_without_text_says_it_needs_ocr(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "scan.pdf", [[]])
    with pytest.raises(InputError, match="OCR"):
        list(read_pdf(path))


# ---- DOCX


def test_a_word_file_gives_its_paragraphs_and_title(tmp_path: Path) -> None:
    path = write_docx(
        tmp_path / "report.docx",
        [("Heading 1", "Clashes near Idlib"), ("", "Two people were killed on Friday."), ("", ""), ("", "More later.")],
        author="Field Office",
    )
    article = _one(read_docx(path)).article  # type: ignore[attr-defined]
    assert article.title == "Clashes near Idlib"
    assert article.text == "Clashes near Idlib\n\nTwo people were killed on Friday.\n\nMore later."
    assert article.meta["author"] == "Field Office"


def test_a_zip_of_something_else_is_not_taken_for_a_word_file(tmp_path: Path) -> None:
    path = tmp_path / "photos.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("holiday.jpg", b"\xff\xd8\xff not really a photo")
    with pytest.raises(InputError, match="is not a Word document") as caught:
        list(read_docx(path))
    assert caught.value.file == str(path)
    truncated = tmp_path / "cut.docx"
    whole = write_docx(tmp_path / "whole.docx", [("", "Text")]).read_bytes()
    truncated.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(InputError, match="is not a Word document"):
        list(read_docx(truncated))


# ---- encodings


@pytest.mark.parametrize(
    ("text", "encoding", "expected"),
    [
        (
            "Les manifestants se sont rassemblés à Bamako, où la police a dispersé la foule près du marché.",
            "cp1252",
            "cp1252",
        ),
        (
            "Демонстранты собрались в центре города в понедельник, сообщила полиция. Задержаны десять человек.",
            "koi8-r",
            "koi8_r",
        ),
        ("Protest in Aleppo — ‘bread’ prices rose again.", "utf-16", "utf_16"),
    ],
    ids=["latin", "cyrillic", "utf16-bom"],
)
def test_a_text_file_in_any_encoding_is_read_and_its_encoding_reported(
    tmp_path: Path, text: str, encoding: str, expected: str
) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(f"Headline\n\n{text} {text}\n\n{text}\n".encode(encoding))  # detection needs a few lines
    article = _one(read_text_file(path)).article  # type: ignore[attr-defined]
    assert text in article.text
    assert article.meta["encoding"].replace("-", "_") in (expected, encoding.replace("-", "_"))


def test_utf8_is_not_reported_and_binary_is_refused(tmp_path: Path) -> None:
    assert decode_bytes("Aleppo — حلب".encode(), "x").encoding == "utf-8"
    path = tmp_path / "a.txt"
    path.write_text("Title\n\nAleppo — حلب\n", encoding="utf-8")
    assert "encoding" not in _one(read_text_file(path)).article.meta  # type: ignore[attr-defined]
    binary = tmp_path / "image.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(InputError) as caught:
        list(read_text_file(binary))
    assert caught.value.file == str(binary)


def test_a_csv_from_a_windows_spreadsheet_is_read_in_its_encoding(tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    rows = (
        "id,title,text\r\n1,Bamako,Les manifestants se sont rassemblés près du marché où la police était présente.\r\n"
    )
    path.write_bytes(rows.encode("cp1252"))
    ((line, record),) = list(read_csv(path))
    assert "rassemblés près du marché" in record.article.text and line == 2
    assert record.article.meta["encoding"] == "cp1252"


# ---- Nexis Uni


def _nexis_paragraphs(*, damaged: bool = False) -> list[str]:
    first = nexis_item(
        "Protesters gather in Aleppo over bread prices",
        "Levant Daily (Beirut)",
        "June 3, 2024 Monday",
        ["Hundreds of people gathered on Monday.", "Police dispersed them."],
        byline="Jane Doe",
    )
    second = nexis_item(
        "Clashes near Idlib",
        "The Northern Post",
        "June 5, 2024 Wednesday 8:30 AM GMT",
        ["Two people were killed in clashes on Wednesday."],
        with_body_line=not damaged,
    )
    return NEXIS_COVER + first + second


def test_a_nexis_word_export_is_split_into_its_items(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "Files (2).docx", [("", p) for p in _nexis_paragraphs()])
    records = list(read_docx(path))
    assert [n for n, _ in records] == [1, 2]
    first, second = (r.article for _, r in records)
    assert (first.title, first.source, first.published) == (
        "Protesters gather in Aleppo over bread prices",
        "Levant Daily (Beirut)",
        dt.date(2024, 6, 3),
    )
    assert first.text == "Hundreds of people gathered on Monday.\n\nPolice dispersed them."
    assert first.meta["byline"] == "Jane Doe" and first.meta["load-date"] == "June 4, 2024"
    assert (second.title, second.published) == ("Clashes near Idlib", dt.date(2024, 6, 5))
    assert "Classification" not in second.text and "Language" not in second.text
    assert first.external_id != second.external_id


def test_a_nexis_text_export_is_split_the_same_way(tmp_path: Path) -> None:
    path = tmp_path / "nexis.txt"
    path.write_text("\n\n".join(_nexis_paragraphs()), encoding="utf-8")
    assert [r.article.title for _, r in read_text_file(path)] == [
        "Protesters gather in Aleppo over bread prices",
        "Clashes near Idlib",
    ]


def test_a_damaged_nexis_item_is_named_by_its_number(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "nexis.docx", [("", p) for p in _nexis_paragraphs(damaged=True)])
    with pytest.raises(InputError, match="'Body'") as caught:
        list(read_docx(path))
    assert (caught.value.file, caught.value.item) == (str(path), 2)
    assert str(caught.value).startswith(f"{path}, item 2: ")


# ---- Factiva


def test_a_factiva_page_is_split_into_its_articles(tmp_path: Path) -> None:
    page = factiva_page(
        [
            factiva_item(
                "Protesters gather in Aleppo",
                "3 June 2024",
                "Reuters News",
                ["Hundreds gathered on Monday.", "Police dispersed them."],
                byline="Jane Doe",
                document="LBA0000020240603ek630012d",
                time="10:41",
            ),
            factiva_item("Clashes near Idlib", "5 June 2024", "Agence France Presse", ["Two people were killed."]),
        ]
    )
    path = tmp_path / "Factiva.html"
    path.write_text(page, encoding="utf-8")
    records = list(read_html(path))
    assert [n for n, _ in records] == [1, 2]
    first, second = (r.article for _, r in records)
    assert first.external_id == "LBA0000020240603ek630012d"
    assert (first.title, first.source, first.published) == (
        "Protesters gather in Aleppo",
        "Reuters News",
        dt.date(2024, 6, 3),
    )
    assert first.text == "Hundreds gathered on Monday.\n\nPolice dispersed them."
    assert first.meta["byline"] == "Jane Doe"
    assert (second.source, second.external_id) == ("Agence France Presse", "Factiva-2")


def test_a_damaged_factiva_item_is_named_by_its_number(tmp_path: Path) -> None:
    good = factiva_item("Fine", "3 June 2024", "Reuters News", ["Text."])
    no_date = factiva_item("Broken", "sometime", "Reuters News", ["Text."])
    path = tmp_path / "f.html"
    path.write_text(factiva_page([good, no_date]), encoding="utf-8")
    with pytest.raises(InputError, match="no date") as caught:
        list(read_html(path))
    assert (caught.value.file, caught.value.item) == (str(path), 2)


# ---- reflow


def test_joining_lines_mends_split_words_and_keeps_real_hyphens() -> None:
    assert join_lines(["demonstra-", "tors"]) == "demonstrators"
    assert join_lines(["Al-", "Qaeda"]) == "Al-Qaeda"
    assert join_lines(["a 15-", "year-old"]) == "a 15-year-old"
    assert join_lines(["well-", "known"], {"well-known"}) == "well-known"
    assert join_lines(["soft\u00ad", "hyphen"]) == "softhyphen"
    assert join_lines(["a dash —", "then more"]) == "a dash — then more"
    assert reflow_paragraphs("one\ntwo\n\nthree\r\nfour") == "one two\n\nthree four"
