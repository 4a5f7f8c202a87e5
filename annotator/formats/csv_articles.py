"""Articles from CSV: columns are found by header name (id, title, text, source, url, published, language).

The file may be in any encoding: UTF-8, or one detected from its start (``formats.encoding``) and
reported. Header names are matched without regard to case or surrounding spaces; a few common synonyms
are accepted. Unknown columns go into the article's meta. A header that names a column twice is
refused, and so is a row whose id cell is empty when the file has an id column (ids are generated from
the file's name and the row only for files without one).
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from pathlib import Path

from annotator.domain.errors import InputError, clip
from annotator.domain.input_contract import check_characters
from annotator.domain.models import ArticleRecord
from annotator.domain.records import build_article
from annotator.formats.encoding import SAMPLE_BYTES, UTF8, detect_encoding, encoding_name, with_encoding

_SYNONYMS = {
    "id": ("id", "article_id", "external_id", "doc_id"),
    "title": ("title", "headline"),
    "text": ("text", "body", "content", "article"),
    "source": ("source", "outlet", "publisher"),
    "url": ("url", "link"),
    "published": ("published", "date", "published_date", "publication_date"),
    "language": ("language", "lang"),
}


def _map_header(header: list[str], name: str) -> dict[str, int]:
    lowered = [h.strip().lower() for h in header]
    for i, h in enumerate(lowered):
        try:
            check_characters(header[i], f"column {i + 1} of the header", one_line=True)
        except InputError as exc:
            raise exc.located(file=name, line=1) from None
        if h in lowered[:i]:
            first = lowered.index(h) + 1
            raise InputError(
                f"the header names the column {clip(header[i].strip())} twice (columns {first} and {i + 1})",
                file=name,
                line=1,
            )
    found: dict[str, int] = {}
    for key, names in _SYNONYMS.items():
        for n in names:
            if n in lowered:
                found[key] = lowered.index(n)
                break
    if "text" not in found:
        raise InputError(f"has no text column (header: {', '.join(header)})", file=name, line=1)
    return found


def read_csv(path: Path) -> Iterator[tuple[int, ArticleRecord]]:
    name = str(path)
    csv.field_size_limit(sys.maxsize)
    try:
        with path.open("rb") as probe:
            encoding = detect_encoding(probe.read(SAMPLE_BYTES), name)
        handle = path.open("r", encoding="utf-8-sig" if encoding == UTF8 else encoding, newline="")
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror}", file=name) from None
    with handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, None)
            if header is None:
                raise InputError("is empty", file=name)
            columns = _map_header(header, name)
            extra = [i for i in range(len(header)) if i not in columns.values()]
            for row_no, row in enumerate(reader, start=2):
                line = reader.line_num
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) != len(header):
                    raise InputError(f"has {len(row)} cells but the header has {len(header)}", file=name, line=line)
                data: dict[str, object] = {k: row[i] for k, i in columns.items() if k == "text" or row[i].strip()}
                data["meta"] = {header[i].strip(): row[i] for i in extra if row[i] != ""}
                if "id" in columns and "id" not in data:
                    raise InputError("the id cell is empty", file=name, line=line, field=header[columns["id"]].strip())
                try:
                    article, _ = build_article(data, fallback_id=f"{path.stem}-{row_no - 1}")
                except InputError as exc:
                    raise exc.located(file=name, line=line) from None
                yield line, with_encoding(ArticleRecord(article=article), encoding)
        except UnicodeDecodeError as exc:
            raise InputError(
                f"is not {encoding_name(encoding)} text ({exc.reason})", file=name, line=reader.line_num + 1
            ) from None
        except csv.Error as exc:
            raise InputError(f"is not valid CSV: {exc}", file=name, line=reader.line_num) from None
