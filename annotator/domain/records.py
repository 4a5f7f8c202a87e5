"""Turning raw article records (parsed JSON or CSV cells) into validated, normalised domain records.

Every reader goes through here, so every way in gets the same rules: text to LF and NFC, span
offsets moved from the raw text to the normalised one, quoted span text checked against its slice,
event fields checked against the codebook. Errors name the field (the reader adds file and line).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from annotator.domain import acled
from annotator.domain.codebook import Codebook
from annotator.domain.errors import InputError
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
        raise InputError(f"expected a date like 2024-06-30, got {value!r}", field=field)
    text = value.strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    for fmt in _LEGACY_DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise InputError(f"'{value}' is not a date (use YYYY-MM-DD)", field=field)


def _text(value: object, field: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise InputError(f"expected text, got {type(value).__name__}", field=field)


def build_article(data: Mapping[str, Any], *, fallback_id: str | None = None) -> tuple[Article, Any]:
    """The Article from a raw mapping (text normalised), and the offset map for its spans."""
    raw_text = data.get("text")
    if not isinstance(raw_text, str):
        raise InputError("every article needs its text as a string", field="text")
    if not raw_text.strip():
        raise InputError("the article text is empty", field="text")
    ext = data.get("id", fallback_id)
    if ext is None or (isinstance(ext, str) and not ext.strip()):
        raise InputError("every article needs an id", field="id")
    if isinstance(ext, bool) or not isinstance(ext, str | int):
        raise InputError(f"an article id must be text or a number, got {ext!r}", field="id")
    meta = data.get("meta") or {}
    if not isinstance(meta, dict):
        raise InputError("meta must be an object", field="meta")
    offsets = normalise_with_map(raw_text)
    try:
        article = Article(
            external_id=str(ext).strip(),
            title=normalise_text(_text(data.get("title"), "title")).strip(),
            text=offsets.normalised,
            source=_text(data.get("source"), "source").strip(),
            url=_text(data.get("url"), "url").strip(),
            published=parse_date(data.get("published"), "published"),
            language=_text(data.get("language"), "language").strip(),
            meta=meta,
        )
    except ValidationError as exc:
        raise _from_validation(exc) from None
    return article, offsets


def build_record(data: Mapping[str, Any], codebook: Codebook) -> ArticleRecord:
    if not isinstance(data, Mapping):
        raise InputError("each record must be a JSON object")
    unknown = [k for k in data if k not in ARTICLE_KEYS]
    if unknown:
        raise InputError(f"unknown key (allowed: {', '.join(ARTICLE_KEYS)})", field=unknown[0])
    article, offsets = build_article(data)
    raw_sets = data.get("annotations") or []
    if not isinstance(raw_sets, list):
        raise InputError("annotations must be a list", field="annotations")
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
    coder = raw.get("coder")
    if not isinstance(coder, str) or not coder.strip():
        raise InputError("needs the coder's name", field=f"{where}.coder")
    try:
        kind = SetKind(raw.get("kind") or "coder")
    except ValueError:
        raise InputError(f"'{raw.get('kind')}' is not 'coder' or 'gold'", field=f"{where}.kind") from None
    try:
        status = SetStatus.parse(str(raw.get("status") or "in_progress"))
    except ValueError:
        raise InputError(
            f"'{raw.get('status')}' is not one of not_started, in_progress, done", field=f"{where}.status"
        ) from None
    spans = [
        _build_span(s, f"{where}.spans[{j}]", offsets, text, codebook, j)
        for j, s in enumerate(_list(raw.get("spans"), f"{where}.spans"))
    ]
    events = [
        _build_event(e, f"{where}.events[{j}]", codebook, j)
        for j, e in enumerate(_list(raw.get("events"), f"{where}.events"))
    ]
    if kind is not SetKind.GOLD:
        for j, item in enumerate(spans):
            if item.provenance is not None:
                raise InputError("only a gold set's spans have a provenance", field=f"{where}.spans[{j}].provenance")
        for j, event in enumerate(events):
            if event.provenance is not None:
                raise InputError("only a gold set's events have a provenance", field=f"{where}.events[{j}].provenance")
    try:
        return AnnotationSet(coder=coder.strip(), kind=kind, status=status, spans=spans, events=events)
    except ValidationError as exc:
        raise _from_validation(exc, prefix=where) from None


def _list(value: Any, field: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError("must be a list", field=field)
    return value


def _build_span(raw: Any, where: str, offsets: Any, text: str, codebook: Codebook, index: int) -> Span:
    if not isinstance(raw, Mapping):
        raise InputError("must be an object", field=where)
    start, end = raw.get("start"), raw.get("end")
    for name, value in (("start", start), ("end", end)):
        if not isinstance(value, int) or isinstance(value, bool):
            raise InputError(f"must be a whole number of characters, got {value!r}", field=f"{where}.{name}")
    assert isinstance(start, int) and isinstance(end, int)
    if not 0 <= start < end <= len(offsets.raw):
        raise InputError(
            f"offsets {start}-{end} are not a stretch of the text (length {len(offsets.raw)})", field=where
        )
    new_start, new_end = offsets.map(start), offsets.map(end)
    label = raw.get("label")
    if label not in codebook.label_by_name:
        raise InputError(
            f"'{label}' is not a span label of the codebook ({', '.join(codebook.label_names)})", field=f"{where}.label"
        )
    quoted = raw.get("text")
    piece = text[new_start:new_end]
    if quoted is not None and (
        not isinstance(quoted, str) or (quoted != offsets.raw[start:end] and normalise_text(quoted) != piece)
    ):
        raise InputError(
            f"text {quoted!r} does not match the article at {start}-{end} ({piece!r})", field=f"{where}.text"
        )
    given = raw.get("id")
    key = f"s{index + 1}" if given is None or given == "" else str(given)
    provenance = _provenance(raw.get("provenance"), Provenance, f"{where}.provenance")
    return Span(key=key, start=new_start, end=new_end, label=str(label), text=piece, provenance=provenance)


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
    given = raw.get("id")
    key = f"e{index + 1}" if given is None or given == "" else str(given)
    raw_fields = raw.get("fields") or {}
    if not isinstance(raw_fields, Mapping):
        raise InputError("must be an object of ACLED columns", field=f"{where}.fields")
    fields = parse_event_fields(raw_fields, codebook, where=f"{where}.fields")
    evidence_raw = raw.get("evidence") or {}
    if not isinstance(evidence_raw, Mapping):
        raise InputError("must map field names to lists of span ids", field=f"{where}.evidence")
    evidence: dict[str, list[str]] = {}
    for name, keys in evidence_raw.items():
        if name not in EVENT_FIELD_NAMES:
            raise InputError("is not an event field", field=f"{where}.evidence.{name}")
        if not isinstance(keys, list) or not all(isinstance(k, str | int) for k in keys):
            raise InputError("must be a list of span ids", field=f"{where}.evidence.{name}")
        evidence[name] = [str(k) for k in keys]
    provenance = _provenance(raw.get("provenance"), EventProvenance, f"{where}.provenance")
    return Event(key=key, fields=fields, evidence=evidence, provenance=provenance)


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
        raise InputError(f"'{sub}' is not a sub-event type of '{event_type}'", field=f"{where}.sub_event_type")
    try:
        return EventFields(**values)
    except ValidationError as exc:
        raise _from_validation(exc, prefix=where) from None


def _event_value(name: str, value: Any, codebook: Codebook, field: str) -> Any:
    definition = FIELDS[name]
    kind, choices = definition.type, definition.choices
    if choices is Choices.ACTOR_TYPES:
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
        raise InputError(f"'{value}' is not '{acled.CIVILIAN_TARGETING}' or blank", field=field)
    if kind is ValueType.INT:
        return _number(value, field, int)
    if kind is ValueType.FLOAT:
        return _number(value, field, float)
    text = normalise_text(_text(value, field)).strip()
    if choices is Choices.EVENT_TYPES and text and text not in codebook.event_type_by_name:
        raise InputError(f"'{text}' is not an event type of the codebook", field=field)
    if choices is Choices.SUB_EVENT_TYPES and text and text not in codebook.sub_event_index:
        raise InputError(f"'{text}' is not a sub-event type of the codebook", field=field)
    if choices is Choices.COUNTRIES and text:
        country = codebook.country_by_name.get(text)
        if country is None:
            raise InputError(f"'{text}' is not a country of the codebook", field=field)
        return country.name
    return text


def _number(value: Any, field: str, kind: type) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise InputError(f"expected a number, got {value!r}", field=field)
    try:
        number = kind(value) if not isinstance(value, str) else kind(value.strip())
    except (TypeError, ValueError):
        raise InputError(f"'{value}' is not a {'whole ' if kind is int else ''}number", field=field) from None
    if kind is int and isinstance(value, float) and not value.is_integer():
        raise InputError(f"'{value}' is not a whole number", field=field)
    return number


def _from_validation(exc: ValidationError, prefix: str = "") -> InputError:
    err = exc.errors()[0]
    loc = ".".join(str(p) for p in err["loc"])
    field = ".".join(p for p in (prefix, loc) if p)
    return InputError(err["msg"].removeprefix("Value error, "), field=field or None)
