"""Plain-text articles: one article per .txt file; the first non-blank line is the title.

The file may be in any encoding: UTF-8 is read as such, anything else is detected
(``formats.encoding``) and the encoding is kept in the article's meta so the import can report it.
A Nexis Uni export saved as text is split into its items.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from annotator.domain.errors import InputError
from annotator.domain.input_contract import bad_character, describe_character
from annotator.domain.models import ArticleRecord
from annotator.domain.records import article_record
from annotator.formats.encoding import UTF8, decode_bytes, with_encoding
from annotator.formats.nexis import is_nexis, read_nexis


def read_text_file(path: Path) -> Iterator[tuple[int | None, ArticleRecord]]:
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror}", file=name) from None
    decoded = decode_bytes(raw, name) if raw else None
    text = decoded.text if decoded else ""
    encoding = decoded.encoding if decoded else UTF8
    bad = bad_character(text)
    if bad is not None:  # named by its line here: a NUL usually means a binary file named .txt
        line = text.count("\n", 0, bad) + 1
        raise InputError(f"holds {describe_character(text[bad])}; is it a text file?", file=name, line=line)
    lines = text.splitlines()
    if is_nexis(lines):
        for number, record in read_nexis(lines, name, path.stem):
            yield number, with_encoding(record, encoding)
        return
    title = next((ln.strip() for ln in lines if ln.strip()), "")
    yield None, with_encoding(article_record({"id": path.stem, "title": title, "text": text}, name), encoding)
