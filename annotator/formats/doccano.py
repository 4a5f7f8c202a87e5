"""doccano's JSONL export of a sequence-labelling project: one article per line.

doccano writes each example as ``{"id": 7, "text": "...", "label": [[start, end, "ORG"], ...]}``
(older releases) or with ``"entities": [{"id": 1, "label": "ORG", "start_offset": 0,
"end_offset": 5}, ...]`` (newer ones, with ``"relations"`` beside them). Its annotation view runs in
the browser and counts offsets the JavaScript way: UTF-16 code units (an emoji is two), over the
text with each CRLF seen as one line end. (doccano's "count grapheme clusters as one character"
project setting counts otherwise; such exports are not read here.) The file does not say who
annotated; the sets go to ``--coder`` (default ``doccano``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotator.domain.errors import InputError
from annotator.domain.input_contract import parse_json
from annotator.domain.models import ArticleRecord
from annotator.formats.foreign import OffsetRule, ToolReader, ToolSet, ToolSpan

RULE = OffsetRule(utf16=True, crlf_kept=False)
DEFAULT_CODER = "doccano"
_SPAN_KEYS = ("label", "entities")


def is_doccano(path: Path) -> bool:
    """Whether the first record of a .jsonl file is a doccano example (its spans under label/entities)."""
    try:
        with path.open("r", encoding="utf-8-sig") as handle:
            for line in handle:
                if line.strip():
                    data = json.loads(line)
                    return isinstance(data, dict) and "annotations" not in data and any(k in data for k in _SPAN_KEYS)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return False  # the interchange reader reports what is wrong, with the line
    return False


def read_doccano(path: Path, tools: ToolReader) -> Iterator[tuple[int, ArticleRecord]]:
    name = str(path)
    try:
        handle = path.open("r", encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror}", file=name) from None
    coder = tools.coder or DEFAULT_CODER
    with handle:
        line_no = 0
        while True:
            try:
                line = handle.readline()
            except UnicodeDecodeError as exc:
                raise InputError(f"is not UTF-8 text ({exc.reason})", file=name, line=line_no + 1) from None
            if not line:
                break
            line_no += 1
            if not line.strip():
                continue
            try:
                # The input contract's parser: bounded lines and nesting, duplicate keys refused.
                data = parse_json(line)
                yield line_no, _record(data, name, line_no, path.stem, coder, tools)
            except InputError as exc:
                raise exc.located(file=name, line=line_no) from None


def _record(data: Any, name: str, line_no: int, stem: str, coder: str, tools: ToolReader) -> ArticleRecord:
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise InputError("a doccano example needs its text", field="text")
    spans = [*_spans(data.get("label"), "label", line_no), *_spans(data.get("entities"), "entities", line_no)]
    ext = data.get("id")
    external_id = str(ext) if isinstance(ext, str | int) and not isinstance(ext, bool) else f"{stem}-{line_no}"
    return tools.record(file=name, external_id=external_id, text=data["text"], sets=[ToolSet(coder, spans)], rule=RULE)


def _spans(raw: Any, key: str, line_no: int) -> list[ToolSpan]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise InputError("must be a list", field=key)
    out = []
    for i, item in enumerate(raw):
        where = f"line {line_no}, {key}[{i}]"
        if isinstance(item, list) and len(item) >= 3:
            start, end, label = item[0], item[1], item[2]
            span_id = None
        elif isinstance(item, dict):
            start, end, label = item.get("start_offset"), item.get("end_offset"), item.get("label")
            span_id = item.get("id")
        else:
            if key == "label" and isinstance(item, str):
                continue  # a text-classification label: the whole example's category, not a span
            raise InputError(
                "must be [start, end, label] or an object with start_offset, end_offset and label", field=f"{key}[{i}]"
            )
        if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool) or isinstance(end, bool):
            raise InputError(f"offsets must be whole numbers, got {start!r}-{end!r}", field=f"{key}[{i}]")
        out.append(ToolSpan(start, end, str(label), key=None if span_id is None else f"d{span_id}", where=where))
    return out
