"""Articles from saved web pages (.html, .htm): the article's own text, without the page around it.

trafilatura finds the main text of a page and leaves out navigation, cookie notices, "most read"
boxes, footers and comments; it also reads the title, date, site name and address from the page's
metadata (Open Graph, JSON-LD, <meta> tags, the canonical link). A page saved from Factiva, which
holds many articles, is split into one article per item instead (``formats.factiva``).

The page is decoded here rather than by the extractor, so the encoding it was read in is known
and reported like a text file's: the charset the page declares, else UTF-8, else a detected one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

from annotator.domain.errors import InputError
from annotator.domain.models import ArticleRecord
from annotator.domain.records import article_record
from annotator.formats.encoding import decode_bytes, with_encoding
from annotator.formats.factiva import is_factiva, read_factiva

_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def decode_page(raw: bytes, name: str) -> tuple[str, str]:
    """The page as text, and the encoding it was read in (Python's name for it)."""
    import codecs

    declared = _DECLARED.search(raw[:8192])
    if declared:
        try:
            encoding = codecs.lookup(declared.group(1).decode("ascii")).name
        except LookupError:
            encoding = ""
        if encoding:
            try:
                return raw.decode("utf-8-sig" if encoding == "utf-8" else encoding), encoding
            except UnicodeDecodeError:
                pass  # the declaration is wrong (a page re-saved in another encoding): detect instead
    decoded = decode_bytes(raw, name)
    return decoded.text, decoded.encoding


def read_html(path: Path) -> Iterator[tuple[int | None, ArticleRecord]]:
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror}", file=name) from None
    if not raw.strip():
        raise InputError("is empty", file=name)
    page, encoding = decode_page(raw, name)
    # lxml refuses text that still carries an XML declaration naming an encoding.
    page = _XML_DECLARATION.sub("", page, count=1)
    if is_factiva(page):
        for number, record in read_factiva(page, name, path.stem):
            yield number, with_encoding(record, encoding)
        return
    yield None, with_encoding(_main_article(page, name, path.stem), encoding)


def _main_article(page: str, name: str, stem: str) -> ArticleRecord:
    import trafilatura

    found = trafilatura.bare_extraction(
        page,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        # Precision over recall, and no fallback extractor: the fallbacks take whatever text a page
        # has, so a page of menus alone would become an "article" of menu entries.
        favor_precision=True,
        fast=True,
        # The date from the page's metadata and markup only, not guessed from any date in the text.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = (getattr(found, "text", None) or "").strip() if found is not None else ""
    if not text:
        raise InputError("holds no article text (a page with no body, or with navigation only)", file=name)
    meta: dict[str, object] = {"format": "html"}
    for key in ("author", "hostname", "description"):
        value = getattr(found, key, None)
        if value:
            meta[key] = value
    data = {
        "id": stem,
        "title": getattr(found, "title", None) or "",
        "text": "\n\n".join(line.strip() for line in text.split("\n") if line.strip()),
        "source": getattr(found, "sitename", None) or getattr(found, "hostname", None) or "",
        "url": getattr(found, "url", None) or "",
        "published": _date(getattr(found, "date", None)),
        "meta": meta,
    }
    return article_record(data, name)


def _date(value: object) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
