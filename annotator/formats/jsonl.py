"""JSONL interchange format v1: one article per line with its annotation sets.

See README "JSONL interchange format". Reading names the file, line and field of any problem;
writing is deterministic, so exporting what was imported from an export gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from annotator.domain import acled
from annotator.domain.codebook import Codebook
from annotator.domain.errors import InputError
from annotator.domain.fields import DERIVED_NAMES, EVENT_FIELD_NAMES
from annotator.domain.input_contract import MAX_LINE_CHARS, parse_json
from annotator.domain.models import ArticleRecord, Event, Span
from annotator.domain.records import build_record

FORMAT_VERSION = 1

# A pack (services.packs) starts with one line {"annotator_pack": {...}} naming its project and coder;
# readers of articles skip it.
PACK_HEADER = "annotator_pack"


def read_header(path: Path) -> dict[str, Any] | None:
    """The pack header on the file's first line, or None if the file does not start with one."""
    try:
        with path.open("r", encoding="utf-8-sig", newline="") as handle:
            first = handle.readline(1_000_000)
    except (OSError, UnicodeDecodeError):
        return None  # read_jsonl reports it, with the line
    try:
        data = parse_json(first)
    except InputError:
        return None  # read_jsonl reports it, with the line
    if isinstance(data, dict) and set(data) == {PACK_HEADER} and isinstance(data[PACK_HEADER], dict):
        return data[PACK_HEADER]
    return None


def read_jsonl(path: Path, codebook: Codebook) -> Iterator[tuple[int, ArticleRecord]]:
    """Yield (line number, record) for each non-blank line of ``path``."""
    name = str(path)
    try:
        # Bytes, decoded a line at a time: a decoding error then names its own line (a text-mode
        # reader decodes ahead in blocks, and would blame the line it happened to be reading).
        handle = path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror}", file=name) from None
    with handle:
        line_no = 0
        while True:
            # Bounded: a file without line breaks is not read into memory whole.
            raw = handle.readline(MAX_LINE_CHARS + 1)
            if not raw:
                break
            line_no += 1
            if len(raw) > MAX_LINE_CHARS:
                raise InputError(f"the line is longer than {MAX_LINE_CHARS:,} bytes", file=name, line=line_no)
            try:
                line = raw.decode("utf-8-sig" if line_no == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                raise InputError(f"is not UTF-8 text ({exc.reason})", file=name, line=line_no) from None
            if not line.strip():
                continue
            try:
                data = parse_json(line)
            except InputError as exc:
                raise exc.located(file=name, line=line_no) from None
            if line_no == 1 and isinstance(data, dict) and PACK_HEADER in data:
                continue
            try:
                yield line_no, build_record(data, codebook)
            except InputError as exc:
                raise exc.located(file=name, line=line_no) from None


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def event_to_json(event: Event, codebook: Codebook) -> dict[str, Any]:
    f = event.fields
    values = f.model_dump()
    fields: dict[str, Any] = {}
    derived = codebook.derive(f.event_date, f.sub_event_type, f.inter1, f.inter2, f.country)
    for column in acled.COLUMNS:
        value = derived.get(column) if column in DERIVED_NAMES else values.get(column)
        if value is None or value == "" or value is False:
            continue
        fields[column] = _jsonable(value)
    evidence = {name: keys for name in EVENT_FIELD_NAMES if (keys := event.evidence.get(name))}
    out: dict[str, Any] = {"id": event.key, "fields": fields, "evidence": evidence}
    if event.provenance is not None:  # gold events only
        out["provenance"] = event.provenance.to_json()
    return out


def span_to_json(span: Span) -> dict[str, Any]:
    out: dict[str, Any] = {"id": span.key, "start": span.start, "end": span.end, "label": span.label, "text": span.text}
    if span.provenance is not None:  # gold spans only
        out["provenance"] = span.provenance.to_json()
    return out


def record_to_json(record: ArticleRecord, codebook: Codebook) -> dict[str, Any]:
    a = record.article
    return {
        "id": a.external_id,
        "title": a.title,
        "text": a.text,
        "source": a.source,
        "url": a.url,
        "published": a.published.isoformat() if a.published else None,
        "language": a.language,
        "meta": a.meta,
        "annotations": [
            {
                "coder": s.coder,
                "kind": s.kind.value,
                "status": s.status.value,
                "spans": [span_to_json(sp) for sp in s.spans],
                "events": [event_to_json(e, codebook) for e in s.events],
            }
            for s in record.annotations
        ],
    }


def write_record(handle: IO[str], record: ArticleRecord, codebook: Codebook) -> None:
    handle.write(json.dumps(record_to_json(record, codebook), ensure_ascii=False, sort_keys=False))
    handle.write("\n")
