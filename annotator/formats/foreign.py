"""What the readers of other annotation tools share: how each tool counts offsets, and building records.

Every tool counts span offsets its own way. JavaScript tools (doccano, Label Studio) count UTF-16
code units, so an emoji is two; Java tools (INCEpTION) too; brat, written in Python, counts code
points. Some count a CRLF line end as two characters, others see the text after the browser turned
CRLF into LF. An ``OffsetRule`` names one way; converting through it gives code points over the
text the tool saw, which ``domain.records`` then maps onto the stored (LF, NFC) text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from annotator.domain.codebook import Codebook
from annotator.domain.errors import InputError
from annotator.domain.label_map import LabelMap
from annotator.domain.models import ArticleRecord
from annotator.domain.offsets import Utf16Index
from annotator.domain.records import build_record


@dataclass(frozen=True)
class OffsetRule:
    utf16: bool  # True: UTF-16 code units; False: code points
    crlf_kept: bool  # True: CR LF counts as two; False: the tool saw LF only

    def view(self, text: str) -> str:
        """The text as the tool counted it."""
        return text if self.crlf_kept else text.replace("\r\n", "\n")

    def converter(self, view: str) -> OffsetConverter:
        return OffsetConverter(view, Utf16Index(view) if self.utf16 else None)

    def describe(self) -> str:
        units = "UTF-16 code units" if self.utf16 else "code points"
        return f"{units}, CRLF {'as two' if self.crlf_kept else 'as one'}"


ALL_RULES = tuple(OffsetRule(u, c) for u in (True, False) for c in (True, False))


@dataclass(frozen=True)
class OffsetConverter:
    view: str
    index: Utf16Index | None

    @property
    def length(self) -> int:
        return self.index.length_utf16 if self.index else len(self.view)

    def to_cp(self, offset: int) -> int:
        return self.index.to_cp(offset) if self.index else offset


def choose_rule(text: str, quoted: Sequence[tuple[int, int, str]], preferred: OffsetRule) -> OffsetRule | None:
    """The rule (``preferred`` first) under which every (start, end, quoted text) falls on its text."""
    for rule in (preferred, *(r for r in ALL_RULES if r != preferred)):
        conv = rule.converter(rule.view(text))
        if all(0 <= s < e <= conv.length and conv.view[conv.to_cp(s) : conv.to_cp(e)] == q for s, e, q in quoted):
            return rule
    return None


@dataclass(frozen=True)
class ToolSpan:
    """A span as the tool wrote it: offsets in the tool's units, the tool's label, an id if it has one."""

    start: int
    end: int
    label: str
    key: str | None = None
    where: str = ""  # "item 3", "line 12": where the span is in the file, for messages


@dataclass
class ToolSet:
    """One annotator's spans (and events, from brat) over an article."""

    coder: str
    spans: list[ToolSpan]
    kind: str = "coder"
    events: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class ToolReader:
    """Shared by the tool readers of one import: the codebook, the label mapping and the coder."""

    codebook: Codebook
    labels: LabelMap
    coder: str | None = None  # the --coder option: whose sets these are when the file does not say
    spans_read: int = 0
    spans_kept: int = 0

    def record(
        self,
        *,
        file: str,
        external_id: str,
        text: str,
        sets: Iterable[ToolSet],
        rule: OffsetRule,
        title: str = "",
        meta: dict[str, Any] | None = None,
    ) -> ArticleRecord:
        """The article with its annotation sets: labels mapped, offsets converted to code points."""
        view = rule.view(text)
        conv = rule.converter(view)
        raw_sets = [self._set(one, file, conv, rule) for one in sets]
        data = {"id": external_id, "title": title, "text": view, "meta": meta or {}, "annotations": raw_sets}
        try:
            return build_record(data, self.codebook)
        except InputError as exc:
            raise exc.located(file=file) from None

    def _set(self, one: ToolSet, file: str, conv: OffsetConverter, rule: OffsetRule) -> dict[str, Any]:
        raw_spans: list[dict[str, Any]] = []
        for n, span in enumerate(one.spans):
            self.spans_read += 1
            where = f"{file}, {span.where}" if span.where else file
            if not 0 <= span.start < span.end <= conv.length:
                raise InputError(
                    f"span {span.start}-{span.end} ({span.label}) is not a stretch of the text "
                    f"(length {conv.length} in {rule.describe()})",
                    file=file,
                    field=span.where or None,
                )
            label = self.labels.resolve(span.label, where)
            if label is None:
                continue
            self.spans_kept += 1
            key = span.key or f"s{n + 1}"
            raw_spans.append({"id": key, "start": conv.to_cp(span.start), "end": conv.to_cp(span.end), "label": label})
        kept = {str(s["id"]) for s in raw_spans}
        events = []
        for event in one.events:
            # Evidence spans whose label was not imported are left out of the event with them.
            evidence = {f: [k for k in keys if k in kept] for f, keys in event.get("evidence", {}).items()}
            events.append({**event, "evidence": {f: keys for f, keys in evidence.items() if keys}})
        return {"coder": one.coder, "kind": one.kind, "spans": raw_spans, "events": events}
