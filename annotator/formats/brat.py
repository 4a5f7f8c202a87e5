"""brat standoff: a ``.txt`` and an ``.ann`` per annotation set, and an ``annotation.conf`` for the folder.

* Offsets are code points of the ``.txt`` (UTF-8, LF): brat and Python count the same characters.
* Every span is a T line with its label. A span that crosses a line break (or a tab) is written as a
  discontinuous span, one fragment per line, because brat cannot draw a span across lines; the T
  line's text is then the fragments joined by single spaces, as brat expects. Blank edges of each
  fragment are trimmed.
* Every event whose trigger can be found is an E line. The trigger is the event's action evidence
  span (the first span whose label is of the codebook's ``action`` kind among its evidence,
  sub_event_type and event_type first), else the first evidence span of sub_event_type or
  event_type; it gets its own T line typed with the event type. The other evidence spans are role
  arguments named by the field's ``brat_role`` (a role used twice gets brat's number suffix:
  ``Location``, ``Location2``). Events with no trigger cannot be drawn and are counted instead.
* Fields with a ``brat_attribute`` are attributes: ``Time_precision`` and ``Geo_precision`` (the
  codes) and ``Civilian_targeting`` (binary). The remaining fields go into the event's
  AnnotatorNotes, one line, under their ``brat_note`` names.
* Type names use brat's storage form: spaces become ``_``, slashes ``-``, anything else outside
  ``[A-Za-z0-9_-]`` becomes ``_`` (``Air/drone strike`` -> ``Air-drone_strike``).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field

from annotator.domain.codebook import Codebook, LabelKind
from annotator.domain.fields import EVENT_FIELD_NAMES, EVENT_FIELDS, FIELDS, ValueType
from annotator.domain.models import AnnotationSet, Event, Span

SPAN_MACRO = "SPAN"
NOTE_TYPE = "AnnotatorNotes"

# Characters that end a line for brat or for a line-based reader of the .ann file.
_BREAKS = "\n\r\t\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_BREAK_RE = re.compile(f"[{re.escape(_BREAKS)}]")
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")
_SAFE_FILE = re.compile(r"[^A-Za-z0-9._-]+")
_TRIGGER_FIELDS = ("sub_event_type", "event_type")
_ATTRIBUTE_FIELDS = tuple(f for f in EVENT_FIELDS if f.brat_attribute)
_NOTE_FIELDS = tuple(f for f in EVENT_FIELDS if f.brat_note)


def brat_name(name: str) -> str:
    """brat's storage form of a type name."""
    text = name.strip().replace(" ", "_").replace("/", "-")
    return _UNSAFE.sub("_", text) or "_"


def role_name(field_name: str) -> str:
    """The brat role of a field's evidence (brat reads a role's trailing digits as a repeat number,
    so fields ending in a digit have role names of their own: ``Actor_first``)."""
    role = FIELDS[field_name].brat_role
    assert role is not None, field_name
    return role


def trigger_labels(codebook: Codebook) -> frozenset[str]:
    """The labels whose spans are preferred as event triggers: the codebook's action labels."""
    return frozenset(codebook.labels_of_kind(LabelKind.ACTION))


def event_type_name(event: Event) -> str:
    f = event.fields
    return brat_name(f.sub_event_type or f.event_type or "Event")


# Device names Windows reserves in any folder, with any extension ("con.txt", "aux.x.ann").
_WINDOWS_DEVICES = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{d}{n}" for d in ("COM", "LPT") for n in [*"123456789", "¹", "²", "³"]]
)


def file_stem(external_id: str, coder: str | None = None) -> str:
    """A stem safe on Windows, macOS and Linux (ASCII letters, digits, '.', '_', '-'; no leading dot;
    no Windows device name); the coder's name is added when several sets of one article are written.
    Names differing only in case are told apart by ``unique_stem``."""
    base = _SAFE_FILE.sub("_", external_id).strip("._") or "article"
    if coder is not None:
        base += "__" + (_SAFE_FILE.sub("_", coder).strip("._") or "coder")
    base = base[:180].rstrip(".")
    if base.split(".")[0].upper() in _WINDOWS_DEVICES:
        base = "_" + base
    return base


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The span split at line breaks, each piece trimmed of blanks; empty pieces dropped."""
    out: list[tuple[int, int]] = []
    pos = start
    for m in _BREAK_RE.finditer(text, start, end):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, end))
    trimmed = []
    for s, e in out:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            trimmed.append((s, e))
    return trimmed


def _one_line(value: str) -> str:
    return " ".join(_BREAK_RE.sub(" ", value).split())


def annotation_conf(codebook: Codebook) -> str:
    """An annotation.conf for brat built from the codebook's labels and event types."""
    entities = [brat_name(lb.name) for lb in codebook.labels]
    roles = ", ".join(f"{role_name(f)}*:<{SPAN_MACRO}>" for f in EVENT_FIELD_NAMES)
    lines = ["# Generated by Annotator from the codebook '" + _one_line(codebook.name) + "'.", "", "[entities]"]
    lines += entities
    lines += [
        "",
        "[relations]",
        "# Spans may overlap (nested, equal or crossing).",
        "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>",
        "",
        "[events]",
        "# Any span label can fill any role; roles are named after the ACLED fields they support.",
        f"<{SPAN_MACRO}>={'|'.join(entities)}",
    ]
    for et in codebook.event_types:
        lines.append("!" + brat_name(et.name))
        for sub in et.sub_event_types:
            lines.append(f"\t{brat_name(sub.name)}\t{roles}")
    lines += ["", "[attributes]"]
    for f in _ATTRIBUTE_FIELDS:
        if f.type is ValueType.BOOL or f.choices is None:
            lines.append(f"{f.brat_attribute}\tArg:<EVENT>")
        else:
            codes = "|".join(str(v) for v in codebook.choice_values(f.choices))
            lines.append(f"{f.brat_attribute}\tArg:<EVENT>, Value:{codes}")
    lines.append("")
    return "\n".join(lines)


@dataclass
class BratStats:
    spans: int = 0
    events: int = 0
    events_without_trigger: list[str] = field(default_factory=list)
    blank_spans: int = 0


def _find_trigger(event: Event, spans: dict[str, Span], trigger_labels: Collection[str]) -> Span | None:
    order = [*_TRIGGER_FIELDS, *(f for f in EVENT_FIELD_NAMES if f not in _TRIGGER_FIELDS)]
    for name in order:
        for key in event.evidence.get(name, []):
            span = spans.get(key)
            if span is not None and span.label in trigger_labels:
                return span
    for name in _TRIGGER_FIELDS:
        for key in event.evidence.get(name, []):
            if key in spans:
                return spans[key]
    return None


def _notes(event: Event) -> str:
    values = event.fields.model_dump()
    parts = []
    for f in _NOTE_FIELDS:
        value = values.get(f.name)
        if value is None or value == "":
            continue
        if isinstance(value, float):
            # A value that rounds to zero is written without a sign: "-0.0000" would not read back the same.
            value = f"{value:.4f}"
            value = "0.0000" if value == "-0.0000" else value
        parts.append(f"{f.brat_note}={_one_line(str(value))}")
    return " | ".join(parts)


def document_ann(
    text: str, annotation_set: AnnotationSet, stats: BratStats | None = None, *, trigger_labels: Collection[str]
) -> str:
    """The .ann file of one annotation set over ``text`` (the article's stored text).

    ``trigger_labels``: the codebook's labels of the action kind (``Codebook.labels_of_kind``),
    whose spans are preferred as event triggers."""
    stats = stats if stats is not None else BratStats()
    lines: list[str] = []
    t_ids: dict[str, str] = {}
    spans = {s.key: s for s in annotation_set.spans}
    n_t = 0

    def t_line(label: str, span: Span) -> str | None:
        nonlocal n_t
        frags = fragments(text, span.start, span.end)
        if not frags:
            return None
        n_t += 1
        tid = f"T{n_t}"
        where = ";".join(f"{s} {e}" for s, e in frags)
        lines.append(f"{tid}\t{label} {where}\t{' '.join(text[s:e] for s, e in frags)}")
        return tid

    for span in annotation_set.spans:
        tid = t_line(brat_name(span.label), span)
        if tid is None:
            stats.blank_spans += 1
            continue
        t_ids[span.key] = tid
        stats.spans += 1
    triggers: dict[tuple[str, str], str] = {}
    n_e = n_a = n_note = 0
    for event in annotation_set.events:
        trigger = _find_trigger(event, spans, trigger_labels)
        etype = event_type_name(event)
        if trigger is None or trigger.key not in t_ids:
            stats.events_without_trigger.append(event.key)
            continue
        tkey = (trigger.key, etype)
        if tkey not in triggers:
            tid = t_line(etype, trigger)
            assert tid is not None
            triggers[tkey] = tid
        n_e += 1
        eid = f"E{n_e}"
        args = []
        used: dict[str, int] = {}
        for name in EVENT_FIELD_NAMES:
            for key in event.evidence.get(name, []):
                if key == trigger.key or key not in t_ids:
                    continue
                role = role_name(name)
                used[role] = used.get(role, 0) + 1
                suffix = str(used[role]) if used[role] > 1 else ""
                args.append(f"{role}{suffix}:{t_ids[key]}")
        lines.append(f"{eid}\t{etype}:{triggers[tkey]}" + "".join(" " + a for a in args))
        stats.events += 1
        attrs = []
        for f in _ATTRIBUTE_FIELDS:
            value = getattr(event.fields, f.name)
            if f.type is ValueType.BOOL:
                if value:
                    attrs.append(f"{f.brat_attribute} {eid}")
            elif value is not None:
                attrs.append(f"{f.brat_attribute} {eid} {value}")
        for attr in attrs:
            n_a += 1
            lines.append(f"A{n_a}\t{attr}")
        note = _notes(event)
        if note:
            n_note += 1
            lines.append(f"#{n_note}\t{NOTE_TYPE} {eid}\t{note}")
    return "".join(line + "\n" for line in lines)


def unique_stem(stem: str, used: set[str]) -> str:
    """``stem``, or ``stem-2``, ``stem-3``... if an earlier file took it (case-insensitively)."""
    candidate, n = stem, 1
    while candidate.lower() in used:
        n += 1
        candidate = f"{stem}-{n}"
    used.add(candidate.lower())
    return candidate
