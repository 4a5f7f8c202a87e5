"""Plain-text articles: one article per .txt file; the first non-blank line is the title."""

from __future__ import annotations

from pathlib import Path

from annotator.domain.errors import InputError
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
    title = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    try:
        article, _ = build_article({"id": path.stem, "title": title, "text": text})
    except InputError as exc:
        raise exc.located(file=name) from None
    return ArticleRecord(article=article)
