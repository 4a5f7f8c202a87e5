"""Turning raw article records (parsed JSON or CSV cells) into validated, normalised domain records.

Every reader goes through here, so every way in gets the same rules: each value checked by the
input contract (``domain.input_contract``: type, range, length, characters, unknown keys), text to
LF and NFC, span offsets moved from the raw text to the normalised one, quoted span text checked
against its slice, event fields checked against the codebook. Errors name the field (the reader adds
file and line).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from annotator.domain import acled
from annotator.domain import input_contract as contract
from annotator.domain.codebook import Codebook
from annotator.domain.dateline import dateline_date
from annotator.domain.errors import InputError, clip
from annotator.domain.fields import DERIVED_NAMES, EVENT_FIELD_NAMES, FIELDS, Choices, ValueType
from annotator.domain.models import (
    AnnotationSet,
    Article,
    ArticleRecord,
    Event,
    EventFields,
    SetKind,
    SetStatus,
    Span,
)
from annotator.domain.provenance import EventProvenance, Provenance
from annotator.domain.text import normalise_text, normalise_with_map

ARTICLE_KEYS = ("id", "title", "text", "source", "url", "published", "language", "meta", "annotations")
SET_KEYS = ("coder", "kind", "status", "spans", "events")
SPAN_KEYS = ("id", "start", "end", "label", "text", "provenance")
EVENT_KEYS = ("id", "fields", "evidence", "provenance")
# The schema's limits, read from the models (a test holds them equal to the tables').
_ID_LIMIT = contract.max_length(Article, "external_id")
_LANGUAGE_LIMIT = contract.max_length(Article, "language")
_CODER_LIMIT = contract.max_length(AnnotationSet, "coder")
_SPAN_ID_LIMIT = contract.max_length(Span, "key")
_LABEL_LIMIT = contract.max_length(Span, "label")
_EVENT_ID_LIMIT = contract.max_length(Event, "key")
_EVENT_ID_CNTY_LIMIT = contract.max_length(EventFields, "event_id_cnty")
_LEGACY_DATE_FORMATS = ("%d %B %Y", "%d-%B-%Y", "%d-%b-%y", "%d %b %Y")
_TRUE_FLAGS = {"civilian targeting", "civilians targeted", "true", "yes", "1"}
_FALSE_FLAGS = {"", "false", "no", "0", "na"}


def parse_date(value: object, field: str) -> dt.date | None:
    """ISO dates, plus the legacy ACLED export forms ('28 December 2022', '7-Feb-25')."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise InputError(f"expected a date like 2024-06-30, got {contract.describe_value(value)}", field=field)
    text = value.strip()
    if len(text) > 40:
        raise InputError(f"{clip(value)} is not a date (use YYYY-MM-DD)", field=field)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    for fmt in _LEGACY_DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise InputError(f"{clip(value)} is not a date (use YYYY-MM-DD)", field=field)


def _text(value: object, field: str, *, limit: int | None = None, one_line: bool = False) -> str:
    return contract.check_text(value, field, limit=limit, one_line=one_line)


def article_record(data: Mapping[str, Any], file: str, item: int | None = None) -> ArticleRecord:
    """An article without annotations, as the document readers make them (HTML, PDF, DOCX, one
    item of a Nexis or Factiva export): an error names the file and, in an export, the item."""
    if not data.get("published") and isinstance(data.get("text"), str):
        # No date from the file itself: the one its dateline gives, if any (domain.dateline).
        data = {**data, "published": dateline_date(data["text"])}
    try:
        article, _ = build_article(data)
    except InputError as exc:
        raise exc.located(file=file, item=item) from None
    return ArticleRecord(article=article)


def build_article(data: Mapping[str, Any], *, fallback_id: str | None = None) -> tuple[Article, Any]:
    """The Article from a raw mapping (text normalised), and the offset map for its spans."""
    raw_text = data.get("text")
    if not isinstance(raw_text, str):
        raise InputError("every article needs its text as a string", field="text")
    contract.check_characters(raw_text, "text")
    if not raw_text.strip():
        raise InputError("the article text is empty", field="text")
    ext = data.get("id", fallback_id)
    if ext is None or (isinstance(ext, str) and not ext.strip()):
        raise InputError("every article needs an id", field="id")
    external_id = contract.check_id(ext, "id", limit=_ID_LIMIT)
    meta = contract.check_json_value(contract.check_object(data.get("meta"), "meta"), "meta")
    offsets = normalise_with_map(raw_text)
    try:
        article = Article(
            external_id=external_id,
            title=normalise_text(_text(data.get("title"), "title")).strip(),
            text=offsets.normalised,
            source=_text(data.get("source"), "source").strip(),
            url=_text(data.get("url"), "url").strip(),
            published=parse_date(data.get("published"), "published"),
            language=_text(data.get("language"), "language", limit=_LANGUAGE_LIMIT, one_line=True).strip(),
            meta=meta,
        )
    except ValidationError as exc:
        raise _from_validation(exc) from None
    return article, offsets


def build_record(data: Mapping[str, Any], codebook: Codebook) -> ArticleRecord:
    if not isinstance(data, Mapping):
        raise InputError("each record must be a JSON object")
    contract.check_keys(data, ARTICLE_KEYS, None)
    article, offsets = build_article(data)
    raw_sets = contract.check_list(data.get("annotations"), "annotations")
    sets = [_build_set(raw, i, offsets, article.text, codebook) for i, raw in enumerate(raw_sets)]
    gold = [s for s in sets if s.kind == SetKind.GOLD]
    if len(gold) > 1:
        raise InputError("an article can have only one gold annotation set", field="annotations")
    seen: set[tuple[str, str]] = set()
    for s in sets:
        if (s.coder, s.kind) in seen:
            raise InputError(f"coder '{s.coder}' has two {s.kind} sets", field="annotations")
        seen.add((s.coder, s.kind))
    return ArticleRecord(article=article, annotations=sets)


def _build_set(raw: Any, index: int, offsets: Any, text: str, codebook: Codebook) -> AnnotationSet:
    where = f"annotations[{index}]"
    if not isinstance(raw, Mapping):
        raise InputError("must be an object", field=where)
    contract.check_keys(raw, SET_KEYS, where)
    coder = raw.get("coder")
    if not isinstance(coder, str) or not coder.strip():
        raise InputError("needs the coder's name", field=f"{where}.coder")
    coder = contract.check_text(coder.strip(), f"{where}.coder", limit=_CODER_LIMIT, one_line=True)
    kind = contract.check_choice(raw.get("kind"), f"{where}.kind", SetKind, SetKind.CODER, "'coder' or 'gold'")
    status = contract.check_choice(
        raw.get("status"), f"{where}.status", SetStatus.parse, SetStatus.IN_PROGRESS, "not_started, in_progress, done"
    )
    spans = [
        _build_span(s, f"{where}.spans[{j}]", offsets, text, codebook, j)
        for j, s in enumerate(contract.check_list(raw.get("spans"), f"{where}.spans"))
    ]
    events = [
        _build_event(e, f"{where}.events[{j}]", codebook, j)
        for j, e in enumerate(contract.check_list(raw.get("events"), f"{where}.events"))
    ]
    if kind is not SetKind.GOLD:
        for j, item in enumerate(spans):
            if item.provenance is not None:
                raise InputError("only a gold set's spans have a provenance", field=f"{where}.spans[{j}].provenance")
        for j, event in enumerate(events):
            if event.provenance is not None:
                raise InputError("only a gold set's events have a provenance", field=f"{where}.events[{j}].provenance")
    try:
        return AnnotationSet(coder=coder, kind=kind, status=status, spans=spans, events=events)
    except ValidationError as exc:
        raise _from_validation(exc, prefix=where) from None


def _build_span(raw: Any, where: str, offsets: Any, text: str, codebook: Codebook, index: int) -> Span:
    if not isinstance(raw, Mapping):
        raise InputError("must be an object", field=where)
    contract.check_keys(raw, SPAN_KEYS, where)
    start = contract.check_int(raw.get("start"), f"{where}.start", low=0)
    end = contract.check_int(raw.get("end"), f"{where}.end", low=0)
    if not 0 <= start < end <= len(offsets.raw):
        raise InputError(
            f"offsets {start}-{end} are not a stretch of the text (length {len(offsets.raw)})", field=where
        )
    new_start, new_end = offsets.map(start), offsets.map(end)
    label = raw.get("label")
    if not isinstance(label, str) or label not in codebook.label_by_name:
        shown = clip(label) if isinstance(label, str) else contract.describe_value(label)
        raise InputError(
            f"{shown} is not a span label of the codebook ({', '.join(codebook.label_names)})", field=f"{where}.label"
        )
    quoted = raw.get("text")
    piece = text[new_start:new_end]
    if quoted is not None and (
        not isinstance(quoted, str) or (quoted != offsets.raw[start:end] and normalise_text(quoted) != piece)
    ):
        shown = clip(quoted) if isinstance(quoted, str) else contract.describe_value(quoted)
        raise InputError(
            f"text {shown} does not match the article at {start}-{end} ({clip(piece)})", field=f"{where}.text"
        )
    key = _key(raw, where, f"s{index + 1}", _SPAN_ID_LIMIT)
    provenance = _provenance(raw.get("provenance"), Provenance, f"{where}.provenance")
    return Span(key=key, start=new_start, end=new_end, label=label, text=piece, provenance=provenance)


def _key(raw: Mapping[str, Any], where: str, default: str, limit: int | None) -> str:
    """A span's or event's id: missing, null or "" means the next default one."""
    given = raw.get("id")
    if given is None or given == "":
        return default
    return contract.check_id(given, f"{where}.id", limit=limit)


def _provenance(raw: Any, model: type[Provenance], field: str) -> Any:
    """A span's or event's provenance (domain.provenance), or None when not given."""
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        raise InputError("must be an object with origin, coders, by and at", field=field)
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise _from_validation(exc, prefix=field) from None


def _build_event(raw: Any, where: str, codebook: Codebook, index: int) -> Event:
    if not isinstance(raw, Mapping):
        raise InputError("must be an object", field=where)
    contract.check_keys(raw, EVENT_KEYS, where)
    key = _key(raw, where, f"e{index + 1}", _EVENT_ID_LIMIT)
    raw_fields = contract.check_object(raw.get("fields"), f"{where}.fields", "an object of ACLED columns")
    fields = parse_event_fields(raw_fields, codebook, where=f"{where}.fields")
    evidence_raw = contract.check_object(
        raw.get("evidence"), f"{where}.evidence", "an object of field names and lists of span ids"
    )
    evidence: dict[str, list[str]] = {}
    for name, keys in evidence_raw.items():
        field = f"{where}.evidence.{name}"
        if name not in EVENT_FIELD_NAMES:
            raise InputError("is not an event field", field=field)
        if not isinstance(keys, list):
            raise InputError(f"must be a list of span ids, got {contract.describe_value(keys)}", field=field)
        evidence[name] = [contract.check_id(k, f"{field}[{i}]", limit=_SPAN_ID_LIMIT) for i, k in enumerate(keys)]
    provenance = _provenance(raw.get("provenance"), EventProvenance, f"{where}.provenance")
    try:
        return Event(key=key, fields=fields, evidence=evidence, provenance=provenance)
    except ValidationError as exc:
        raise _from_validation(exc, prefix=where) from None


def parse_event_fields(raw: Mapping[str, Any], codebook: Codebook, *, where: str = "fields") -> EventFields:
    """Coded fields from ACLED column names; derived columns are ignored (they are recomputed)."""
    values: dict[str, Any] = {}
    for name, value in raw.items():
        field = f"{where}.{name}"
        if name in DERIVED_NAMES:
            continue
        if name not in EVENT_FIELD_NAMES:
            raise InputError("is not an ACLED column", field=field)
        values[name] = _event_value(name, value, codebook, field)
    event_type, sub = values.get("event_type", ""), values.get("sub_event_type", "")
    if sub and not event_type:
        values["event_type"] = codebook.event_type_of(sub) or ""
    elif sub and codebook.event_type_of(sub) != event_type:
        raise InputError(f"{clip(sub)} is not a sub-event type of {clip(event_type)}", field=f"{where}.sub_event_type")
    try:
        return EventFields(**values)
    except ValidationError as exc:
        raise _from_validation(exc, prefix=where) from None


def _event_value(name: str, value: Any, codebook: Codebook, field: str) -> Any:
    definition = FIELDS[name]
    kind, choices = definition.type, definition.choices
    if choices is Choices.ACTOR_TYPES:
        if isinstance(value, str):
            # Checked before the codebook reads it: its message quotes the value, and a long
            # string of digits would reach int().
            contract.check_length(contract.check_characters(value, field, one_line=True), field, 100)
        elif value is not None:
            value = contract.check_number(value, field, whole=True)
        try:
            return codebook.actor_type_code(value)
        except ValueError as exc:
            raise InputError(str(exc), field=field) from None
    if kind is ValueType.DATE:
        return parse_date(value, field)
    if kind is ValueType.BOOL:
        if isinstance(value, bool):
            return value
        flag = _text(value, field).strip().lower()
        if flag in _TRUE_FLAGS:
            return True
        if flag in _FALSE_FLAGS:
            return False
        raise InputError(f"{clip(str(value))} is not '{acled.CIVILIAN_TARGETING}' or blank", field=field)
    if kind is ValueType.INT:
        return contract.check_number(value, field, whole=True)
    if kind is ValueType.FLOAT:
        return contract.check_number(value, field, whole=False)
    limit = _EVENT_ID_CNTY_LIMIT if name == "event_id_cnty" else None
    text = normalise_text(_text(value, field, limit=limit, one_line=name == "event_id_cnty")).strip()
    if choices is Choices.EVENT_TYPES and text and text not in codebook.event_type_by_name:
        raise InputError(f"{clip(text)} is not an event type of the codebook", field=field)
    if choices is Choices.SUB_EVENT_TYPES and text and text not in codebook.sub_event_index:
        raise InputError(f"{clip(text)} is not a sub-event type of the codebook", field=field)
    if choices is Choices.COUNTRIES and text:
        country = codebook.country_by_name.get(text)
        if country is None:
            raise InputError(f"{clip(text)} is not a country of the codebook", field=field)
        return country.name
    return text


def _from_validation(exc: ValidationError, prefix: str = "") -> InputError:
    err = exc.errors()[0]
    loc = ".".join(str(p) for p in err["loc"])
    field = ".".join(p for p in (prefix, loc) if p)
    message = err["msg"].removeprefix("Value error, ")
    if len(message) > 200:  # pydantic quotes values in some messages: keep the line short
        message = message[:200] + "…"
    return InputError(message, field=field or None)
