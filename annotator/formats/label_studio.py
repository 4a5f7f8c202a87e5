"""Label Studio's JSON export: a list of tasks, each with its text and every annotator's regions.

A task looks like ``{"id": 4, "data": {"text": "..."}, "annotations": [{"completed_by": {"email":
...} or 7, "was_cancelled": false, "result": [{"type": "labels", "value": {"start": 12, "end": 22,
"text": "annotation", "labels": ["ORG"]}}]}]}``. Each annotation is one annotator's set (a region
with two labels is two spans); cancelled annotations and results that are not text labels
(choices, relations, text areas) are skipped. Label Studio counts in the browser, in UTF-16 code
units; each region also quotes its text, so the counting rule is checked against the quotes and,
where they disagree (an export whose CRLF line ends were counted as one), the rule under which
every quote falls on its text is used. The article's text is ``data.text``, or the one text value of
``data``; its id is the task's id.

The whole file is one JSON array, so it is read at once (Label Studio writes it that way).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotator.domain.errors import InputError
from annotator.domain.models import ArticleRecord
from annotator.formats.foreign import OffsetRule, ToolReader, ToolSet, ToolSpan, choose_rule

RULE = OffsetRule(utf16=True, crlf_kept=True)
DEFAULT_CODER = "label-studio"


def read_label_studio(path: Path, tools: ToolReader) -> Iterator[tuple[int, ArticleRecord]]:
    name = str(path)
    try:
        tasks = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror}", file=name) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"is not UTF-8 text ({exc.reason})", file=name) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"is not valid JSON: {exc.msg}", file=name, line=exc.lineno) from None
    if not isinstance(tasks, list):
        raise InputError("is not a Label Studio export (a JSON list of tasks)", file=name)
    for number, task in enumerate(tasks, start=1):
        try:
            yield number, _record(task, number, name, tools)
        except InputError as exc:
            raise InputError(exc.reason, file=name, item=number, field=exc.field) from None


def _text(data: Any) -> tuple[str, str]:
    if not isinstance(data, dict):
        raise InputError("has no data object with the text", field="data")
    if isinstance(data.get("text"), str):
        return data["text"], "text"
    texts = [(v, k) for k, v in data.items() if isinstance(v, str) and not v.startswith(("http://", "https://", "/"))]
    if len(texts) != 1:
        raise InputError("data has no 'text' and not exactly one other text value", field="data")
    return texts[0]


def _coder(annotation: dict[str, Any], tools: ToolReader) -> str:
    if tools.coder:
        return tools.coder
    who = annotation.get("completed_by")
    if isinstance(who, dict):
        who = who.get("email") or who.get("username") or who.get("id")
    if isinstance(who, str) and who.strip():
        return who.strip()
    if isinstance(who, int):
        return f"{DEFAULT_CODER}-user-{who}"
    return DEFAULT_CODER


def _record(task: Any, number: int, name: str, tools: ToolReader) -> ArticleRecord:
    if not isinstance(task, dict):
        raise InputError("is not a task object")
    text, _ = _text(task.get("data"))
    sets: list[ToolSet] = []
    quotes: list[tuple[int, int, str]] = []
    annotations = task.get("annotations") or []
    if not isinstance(annotations, list):
        raise InputError("must be a list", field="annotations")
    for a, annotation in enumerate(annotations):
        if not isinstance(annotation, dict) or annotation.get("was_cancelled"):
            continue
        spans: list[ToolSpan] = []
        for r, result in enumerate(annotation.get("result") or []):
            if not isinstance(result, dict) or result.get("type") != "labels":
                continue
            where = f"annotations[{a}].result[{r}]"
            value = result.get("value") or {}
            start, end = value.get("start"), value.get("end")
            if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool):
                raise InputError(f"start and end must be whole numbers, got {start!r}-{end!r}", field=where)
            if isinstance(value.get("text"), str):
                quotes.append((start, end, value["text"]))
            for label in value.get("labels") or []:
                spans.append(ToolSpan(start, end, str(label), where=f"item {number}, {where}"))
        sets.append(ToolSet(_coder(annotation, tools), spans))
    rule = choose_rule(text, quotes, RULE)
    if rule is None:
        conv = RULE.converter(RULE.view(text))
        s, e, q = next(
            (s, e, q)
            for s, e, q in quotes
            if not (0 <= s < e <= conv.length and conv.view[conv.to_cp(s) : conv.to_cp(e)] == q)
        )
        raise InputError(f"the region {s}-{e} quotes {q!r}, which is not at those offsets however they are counted")
    merged = _merge_same_coder(sets)
    data = task.get("data") or {}
    title = data["title"] if isinstance(data.get("title"), str) else ""
    ext = task.get("id")
    external_id = (
        str(ext) if isinstance(ext, str | int) and not isinstance(ext, bool) else f"{Path(name).stem}-{number}"
    )
    return tools.record(file=name, external_id=external_id, text=text, sets=merged, rule=rule, title=title)


def _merge_same_coder(sets: list[ToolSet]) -> list[ToolSet]:
    """One set per coder (``--coder`` puts every annotation of a task under one name)."""
    by_coder: dict[str, ToolSet] = {}
    for one in sets:
        if one.coder in by_coder:
            by_coder[one.coder].spans.extend(one.spans)
        else:
            by_coder[one.coder] = ToolSet(one.coder, list(one.spans))
    return list(by_coder.values())
