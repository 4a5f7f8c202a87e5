"""Plain-text articles: one article per .txt file; the first non-blank line is the title."""

from __future__ import annotations

from pathlib import Path

from annotator.domain.errors import InputError
from annotator.domain.input_contract import bad_character, describe_character
from annotator.domain.models import ArticleRecord
from annotator.domain.records import build_article


def read_text_file(path: Path) -> ArticleRecord:
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror}", file=name) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError("is not UTF-8 text", file=name, line=line) from None
    bad = bad_character(text)
    if bad is not None:  # named by its line here: a NUL usually means a binary file named .txt
        line = text.count("\n", 0, bad) + 1
        raise InputError(f"holds {describe_character(text[bad])}; is it a text file?", file=name, line=line)
    title = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    try:
        article, _ = build_article({"id": path.stem, "title": title, "text": text})
    except InputError as exc:
        raise exc.located(file=name) from None
    return ArticleRecord(article=article)
