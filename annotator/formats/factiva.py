"""Factiva exports saved as HTML: many articles in one page, split into one article per item.

Factiva's "Article format" page puts each article in a ``div`` of class ``article``: the headline
in ``div#hd`` (a ``span.enHeadline``), then one ``div`` per header field in a fixed order — an
optional byline ("By Jane Doe"), the length ("412 words"), the date ("3 June 2024"), an optional
time, the source ("Reuters News"), the source code, the language, the copyright — then the text as
``p.articleParagraph`` elements, and last the document number ("Document LBA0000020240603ek630012d"),
which becomes the article's id. The date is found as the field after the length, whatever else
the header holds, and the source as the first field after the date that is not a time.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from annotator.domain.errors import InputError
from annotator.domain.models import ArticleRecord
from annotator.domain.records import article_record

_WORDS = re.compile(r"^[\d,.]+\s+words?$", re.IGNORECASE)
_TIME = re.compile(r"^\d{1,2}:\d{2}(\s*(AM|PM|GMT|UTC))?$", re.IGNORECASE)
_DOCUMENT = re.compile(r"^Document\s+(\S+)$")
_DATE_FORMATS = ("%d %B %Y", "%d %b %Y", "%B %d, %Y")


def is_factiva(page: str) -> bool:
    return "articleParagraph" in page and 'class="article' in page


def _text(element: Any) -> str:
    return " ".join(element.text_content().split())


def _date(value: str) -> dt.date | None:
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def _classes(element: Any) -> set[str]:
    return set((element.get("class") or "").split())


def read_item(item: Any, name: str, number: int, stem: str) -> ArticleRecord:
    headline_box = item.find(".//div[@id='hd']")
    headline = _text(headline_box) if headline_box is not None else ""
    paragraphs = [_text(p) for p in item.iter("p") if "articleParagraph" in _classes(p)]
    fields = [_text(d) for d in item.findall("div") if d is not headline_box and _text(d)]
    words = next((i for i, f in enumerate(fields) if _WORDS.match(f)), None)
    published = _date(fields[words + 1]) if words is not None and words + 1 < len(fields) else None
    where = f"('{headline[:80]}')" if headline else "(no headline)"
    if published is None or words is None:
        raise InputError(f"has no date after its length line {where}", file=name, item=number)
    if not any(paragraphs):
        raise InputError(f"has no text paragraphs {where}", file=name, item=number)
    after = [f for f in fields[words + 2 :] if not _TIME.match(f)]
    document = next((m.group(1) for f in fields if (m := _DOCUMENT.match(f))), None)
    meta: dict[str, object] = {"format": "factiva", "item": number, "length": fields[words]}
    byline = next((f for f in fields[:words] if f.lower().startswith("by ")), None)
    if byline:
        meta["byline"] = byline[3:].strip()
    if len(after) > 1:
        meta["source_code"] = after[1]
    data = {
        "id": document or f"{stem}-{number}",
        "title": headline,
        "source": after[0] if after else "",
        "published": published,
        "text": "\n\n".join(p for p in paragraphs if p),
        "meta": meta,
    }
    return article_record(data, name, number)


def read_factiva(page: str, name: str, stem: str) -> Iterator[tuple[int, ArticleRecord]]:
    import lxml.html

    tree = lxml.html.document_fromstring(page)
    items = [d for d in tree.iter("div") if "article" in _classes(d)]
    if not items:
        raise InputError("looks like a Factiva export but holds no article items", file=name)
    for number, item in enumerate(items, start=1):
        yield number, read_item(item, name, number, stem)
