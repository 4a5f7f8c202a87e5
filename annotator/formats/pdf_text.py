"""Articles from PDF files: one article per file, its text in reading order, as paragraphs.

pdfminer.six's layout analysis groups characters into lines and lines into text boxes; the boxes
are then put in the order a reader takes them (``reading_order``: a column to its end before the
next column, a headline across both columns before either). A PDF has no paragraphs,
only positioned lines, so they are rebuilt: a box is a paragraph, split again where a line ends a
sentence well short of the box's right edge (paragraphs set without a gap between them), and its
lines are joined with hyphenated words mended (``domain.reflow``). A paragraph cut by a page break
is joined again. Page numbers standing alone are dropped.

The title and author come from the document information where the PDF has them (the title falls
back to the first paragraph); its creation date is kept in the article's meta.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from annotator.domain.errors import InputError
from annotator.domain.models import ArticleRecord
from annotator.domain.records import article_record
from annotator.domain.reflow import hyphenated_words, join_lines

_PAGE_NUMBER = re.compile(r"^(page\s+)?\d{1,4}(\s+(of|/)\s+\d{1,4})?$", re.IGNORECASE)
_SENTENCE_END = tuple(".!?:\"'”’»)")
_SHORT_LINE = 0.85  # a line ending a sentence before this share of the box's width ends its paragraph
_PDF_DATE = re.compile(r"^D:(\d{4})(\d{2})?(\d{2})?")


# Some PDF writers set the space between words as a tab (Qt's does), and a text layer keeps the
# typographic ligatures as single characters ("ﬁghting"): neither search, the gazetteer nor a
# coder's typing would match such text, and tabs show as wide columns in the article view.
_LIGATURES = str.maketrans(
    {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"}
)
_WORD_GAP = re.compile(r"[ \t]+")


def line_text(raw: str) -> str:
    """One line of a PDF's text layer as plain words: single spaces, ligatures spelt out."""
    return _WORD_GAP.sub(" ", raw.strip()).translate(_LIGATURES)


def _lines_of(box: Any) -> list[tuple[str, float]]:
    from pdfminer.layout import LTTextLine

    return [(line_text(line.get_text()), line.x1) for line in box if isinstance(line, LTTextLine)]


def _box_paragraphs(box: Any) -> list[list[str]]:
    """The paragraphs of one text box, each as its wrapped lines."""
    lines = [(text, right) for text, right in _lines_of(box) if text]
    if not lines:
        return []
    width = box.x1 - box.x0
    paragraphs: list[list[str]] = [[]]
    for text, right in lines:
        paragraphs[-1].append(text)
        if text.endswith(_SENTENCE_END) and right - box.x0 < _SHORT_LINE * width:
            paragraphs.append([])
    return [p for p in paragraphs if p]


def _gaps(spans: list[tuple[float, float]]) -> list[float]:
    """Positions between runs of overlapping intervals: where a cut crosses no box."""
    cuts: list[float] = []
    ordered = sorted(spans)
    reach = ordered[0][1]
    for low, high in ordered[1:]:
        if low > reach:
            cuts.append((reach + low) / 2)
        reach = max(reach, high)
    return cuts


def reading_order(boxes: list[Any]) -> list[Any]:
    """Text boxes in the order they are read: a recursive cut of the page, first into columns
    (left to right, where a vertical line crosses no box), else into bands (top to bottom, where a
    horizontal line crosses none); boxes of a band that cannot be cut go top to bottom."""
    if len(boxes) <= 1:
        return boxes
    columns = _gaps([(b.x0, b.x1) for b in boxes])
    if columns:
        edges = [float("-inf"), *columns, float("inf")]
        parts = [[b for b in boxes if lo < b.x0 < hi] for lo, hi in itertools.pairwise(edges)]
        return [b for part in parts for b in reading_order(part)]
    bands = _gaps([(-b.y1, -b.y0) for b in boxes])  # measured downwards from the top
    if bands:
        edges = [float("-inf"), *bands, float("inf")]
        parts = [[b for b in boxes if lo < -b.y1 < hi] for lo, hi in itertools.pairwise(edges)]
        return [b for part in parts for b in reading_order(part)]
    return sorted(boxes, key=lambda b: (-b.y1, b.x0))


def _page_paragraphs(page: Any) -> list[list[str]]:
    from pdfminer.layout import LTTextBox

    found: list[list[str]] = []
    for box in reading_order([e for e in page if isinstance(e, LTTextBox)]):
        for paragraph in _box_paragraphs(box):
            if len(paragraph) == 1 and _PAGE_NUMBER.match(paragraph[0]):
                continue
            found.append(paragraph)
    return found


def _continues(previous: list[str], following: list[str]) -> bool:
    """Whether a paragraph broken by the page break goes on at the top of the next page."""
    last, first = previous[-1], following[0]
    return not last.endswith(_SENTENCE_END) and first[:1].islower()


def _info_text(value: Any) -> str:
    from pdfminer.utils import decode_text

    if isinstance(value, bytes):
        return decode_text(value).strip()
    return value.strip() if isinstance(value, str) else ""


def _info_date(value: str) -> dt.date | None:
    match = _PDF_DATE.match(value)
    if not match:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2) or 1), int(match.group(3) or 1))
    except ValueError:
        return None


def _document_info(document: Any) -> dict[str, str]:
    from pdfminer.pdftypes import resolve1

    info: dict[str, str] = {}
    for entry in document.info or []:
        for key, value in (resolve1(entry) or {}).items():
            text = _info_text(resolve1(value))
            if text:
                info[str(key)] = text
    return info


def _meta(info: dict[str, str]) -> dict[str, str]:
    # The PDF's creation date is when the file was made (often a "print to PDF" of the page), not
    # when the article was published, so it is kept for reference and not used as the date.
    meta = {"format": "pdf"}
    if info.get("Author"):
        meta["author"] = info["Author"]
    created = _info_date(info.get("CreationDate", ""))
    if created:
        meta["pdf_created"] = created.isoformat()
    return meta


def _read(handle: BinaryIO, name: str) -> tuple[dict[str, str], list[list[str]]]:
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    document = PDFDocument(PDFParser(handle))
    if not document.is_extractable:
        raise InputError("does not allow its text to be copied (the PDF's permissions)", file=name)
    resources = PDFResourceManager()
    device = PDFPageAggregator(resources, laparams=LAParams())
    interpreter = PDFPageInterpreter(resources, device)
    paragraphs: list[list[str]] = []
    for page in PDFPage.create_pages(document):
        interpreter.process_page(page)
        on_page = _page_paragraphs(device.get_result())
        if paragraphs and on_page and _continues(paragraphs[-1], on_page[0]):
            paragraphs[-1].extend(on_page.pop(0))
        paragraphs.extend(on_page)
    return _document_info(document), paragraphs


def _check_whole(handle: BinaryIO, name: str) -> None:
    """Refuse a file that is not a PDF, or one cut short: pdfminer would read what is left of a
    truncated file without complaint, and the article would be imported with its end missing."""
    if not handle.read(1024).lstrip(b"\x00\t\n\r ").startswith(b"%PDF-"):
        raise InputError("is not a PDF (it does not start as a PDF does)", file=name)
    handle.seek(0, 2)
    size = handle.tell()
    handle.seek(max(0, size - 2048))
    if b"%%EOF" not in handle.read():
        raise InputError("is incomplete: the PDF ends before its end marker (a download cut short?)", file=name)
    handle.seek(0)


def read_pdf(path: Path) -> Iterator[tuple[None, ArticleRecord]]:
    """The one article of a PDF file."""
    from pdfminer.pdfexceptions import PDFException
    from pdfminer.psexceptions import PSException

    name = str(path)
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror}", file=name) from None
    with handle:
        _check_whole(handle, name)
        try:
            info, paragraphs = _read(handle, name)
        except (PDFException, PSException, ValueError, KeyError, TypeError, AssertionError) as exc:
            # pdfminer reports a damaged file (a truncated download, another file renamed .pdf)
            # with whichever of these its parser met first.
            raise InputError(
                f"is not a readable PDF (damaged or incomplete: {exc or type(exc).__name__})", file=name
            ) from None
    raw_text = "\n".join(line for p in paragraphs for line in p)
    known = hyphenated_words(raw_text)
    text = "\n\n".join(join_lines(p, known) for p in paragraphs)
    if not text.strip():
        raise InputError("holds no text (a scanned PDF needs OCR before it can be imported)", file=name)
    data: dict[str, object] = {
        "id": path.stem,
        "title": info.get("Title") or text.split("\n", 1)[0][:300],
        "text": text,
        "meta": _meta(info),
    }
    yield None, article_record(data, name)
