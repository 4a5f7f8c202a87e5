"""Articles from Word files (.docx, python-docx): one article per file, or one per item of a Nexis Uni export.

A Word file's paragraphs become the article's paragraphs (blank ones dropped). The title is the
document's Title property, else its first paragraph styled Title or Heading 1, else its first
paragraph. The author goes to the article's meta; Word's creation date does not stand for the
publication date (it is when the file was made), so it is not used.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotator.domain.errors import InputError
from annotator.domain.models import ArticleRecord
from annotator.domain.records import article_record
from annotator.formats.nexis import is_nexis, read_nexis

_TITLE_STYLES = ("Title", "Heading 1")


def _open(path: Path) -> Any:
    import docx
    from docx.opc.exceptions import OpcError

    name = str(path)
    try:
        return docx.Document(str(path))
    except OpcError:
        raise InputError("is not a Word document (.docx): it is not a zip archive of one", file=name) from None
    except (KeyError, zipfile.BadZipFile, ValueError) as exc:
        # A zip of something else (a renamed .zip, an .odt, a .xlsx) lacks the parts of a document.
        raise InputError(f"is not a Word document (.docx): {str(exc).strip(chr(34))}", file=name) from None
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror or exc}", file=name) from None


def read_docx(path: Path) -> Iterator[tuple[int | None, ArticleRecord]]:
    name = str(path)
    document = _open(path)
    paragraphs = [(p.text, p.style.name if p.style is not None else "") for p in document.paragraphs]
    texts = [text for text, _ in paragraphs]
    if is_nexis(texts):
        yield from read_nexis(texts, name, path.stem)
        return
    kept = [(text.strip(), style) for text, style in paragraphs if text.strip()]
    if not kept:
        raise InputError("holds no text", file=name)
    properties = document.core_properties
    title = (properties.title or "").strip() or next(
        (text for text, style in kept if style in _TITLE_STYLES), kept[0][0]
    )
    meta: dict[str, object] = {"format": "docx"}
    # python-docx's blank template names itself as the author: that is no one's name.
    if (properties.author or "").strip() and properties.author != "python-docx":
        meta["author"] = properties.author.strip()
    data = {"id": path.stem, "title": title, "text": "\n\n".join(text for text, _ in kept), "meta": meta}
    yield None, article_record(data, name)
