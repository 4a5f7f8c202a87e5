"""Nexis Uni exports: many articles in one file, split into one article per item.

Nexis Uni delivers a search's results as one Word file (or PDF, or RTF) in which each item is laid
out the same way, as its documentation and its downloads show:

    Protesters gather in Aleppo                  headline
    Levant Daily                                 source
    June 3, 2024 Monday                          date (weekday, sometimes a time, after it)
    Copyright 2024 Levant Media                  optional lines: copyright, edition …
    Section: WORLD; Pg. 12                       "Key: value" lines
    Length: 523 words
    Byline: Jane Doe
    Body                                         the body starts after this line
    Hundreds of people gathered …
    Classification                               optional: "Key: value" lines after the body
    Language: ENGLISH
    Load-Date: June 4, 2024
    End of Document                              the item ends

A cover page may come first (user name, job number, the list of documents); it is skipped by
finding the headline as the line two above the first line that reads as a date. Items are read
from a list of paragraphs, so the same code splits whichever file format carried them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence

from annotator.domain.errors import InputError
from annotator.domain.models import ArticleRecord
from annotator.domain.records import article_record
from annotator.domain.text import MONTH_NAMES

END_OF_DOCUMENT = "End of Document"
_BODY = "Body"
_AFTER_BODY = ("Classification", "Notes", "Graphic", "Load-Date:")
_KEY_VALUE = re.compile(r"^([A-Z][A-Za-z-]{1,30}):\s*(.*)$")
_DATE = re.compile(rf"^({'|'.join(MONTH_NAMES)})\s+(\d{{1,2}}),\s+(\d{{4}})\b")
_MONTHS = {name: number for number, name in enumerate(MONTH_NAMES, start=1)}
_HEADER_KEYS = {"section": "section", "length": "length", "byline": "byline", "dateline": "dateline"}


def is_nexis(paragraphs: Sequence[str]) -> bool:
    """Whether the paragraphs are a Nexis Uni export (an item ends with 'End of Document')."""
    return any(p.strip() == END_OF_DOCUMENT for p in paragraphs)


def nexis_date(line: str) -> dt.date | None:
    """'June 3, 2024 Monday' → 2024-06-03; None if the line does not start with such a date."""
    match = _DATE.match(line.strip())
    if not match:
        return None
    try:
        return dt.date(int(match.group(3)), _MONTHS[match.group(1)], int(match.group(2)))
    except ValueError:
        return None


def _items(paragraphs: Sequence[str]) -> Iterator[list[str]]:
    item: list[str] = []
    for p in paragraphs:
        line = p.strip()
        if line == END_OF_DOCUMENT:
            yield item
            item = []
        elif line:
            item.append(line)
    if any(item):
        yield item  # an item with no end marker: a file cut short; read_item refuses it if damaged


def _split_item(lines: list[str], name: str, number: int) -> tuple[list[str], list[str], list[str]]:
    """Header, body and trailer lines of one item."""
    if _BODY not in lines:
        head = lines[0][:80] if lines else ""
        raise InputError(f"has no 'Body' line, so its text cannot be found ('{head}')", file=name, item=number)
    at = lines.index(_BODY)
    header, rest = lines[:at], lines[at + 1 :]
    end = next((i for i, line in enumerate(rest) if line.startswith(_AFTER_BODY)), len(rest))
    return header, rest[:end], rest[end:]


def read_item(lines: list[str], name: str, number: int, stem: str) -> ArticleRecord:
    header, body, trailer = _split_item(lines, name, number)
    dated = next((i for i, line in enumerate(header) if i >= 2 and nexis_date(line)), None)
    if dated is None:
        raise InputError(
            "has no date line under its headline and source (as in 'June 3, 2024 Monday')", file=name, item=number
        )
    if not body:
        raise InputError(f"has no text after its 'Body' line ('{header[dated - 2][:80]}')", file=name, item=number)
    meta: dict[str, object] = {"format": "nexis", "item": number}
    for line in header[dated + 1 :] + trailer:
        match = _KEY_VALUE.match(line)
        if match:
            key = match.group(1).lower()
            meta[_HEADER_KEYS.get(key, key)] = match.group(2).strip()
        elif line.lower().startswith(("copyright", "©")):
            meta["copyright"] = line
    data = {
        "id": f"{stem}-{number}",
        "title": header[dated - 2],
        "source": header[dated - 1],
        "published": nexis_date(header[dated]),
        "text": "\n\n".join(body),
        "meta": meta,
    }
    return article_record(data, name, number)


def read_nexis(paragraphs: Sequence[str], name: str, stem: str) -> Iterator[tuple[int, ArticleRecord]]:
    """(item number, article) for each item; a damaged item stops the import, named by its number."""
    for number, lines in enumerate(_items(paragraphs), start=1):
        yield number, read_item(lines, name, number, stem)
