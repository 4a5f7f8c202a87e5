"""INCEpTION's (and WebAnno's) WebAnno TSV 3 export: one document per file, one token per line.

The layout, as INCEpTION's user guide describes it::

    #FORMAT=WebAnno TSV 3.3
    #T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|identifier|value


    #Text=Protesters marched in Aleppo.
    1-1	0-10	Protesters	_	ACTOR[1]
    1-2	11-18	marched	_	_
    1-4	22-28	Aleppo	_	LOC

Header lines name the layers: ``#T_SP`` span layers, ``#T_CH`` chains, ``#T_RL`` relations, each
with its features, one column per feature, in header order after the token. A sentence starts with
its text on ``#Text=`` lines (one per line of a sentence that spans lines, Java-escaped: ``\\r``
for a carriage return). A token line gives the token's offsets in the document: Java counts UTF-16
code units, and a CRLF is two. A cell holds ``_`` (nothing), a value, ``*`` (an annotation without
a value), ``VALUE[3]`` (annotation 3, spread over several tokens) or several such joined by ``|``
(stacked annotations); ``\\`` escapes the characters that mean something in a cell.

Spans come from the span layers: the label is the ``value`` feature where the layer has one (named
entities), else its first feature other than ``identifier``, else the layer's own name. The file
does not hold the text between sentences; it is rebuilt from the offsets (one character: a space,
more: line breaks), so every span keeps its characters. Every token is checked against the rebuilt
text. In a project export (``annotation/DOCUMENT/USER.tsv``) the user is the coder and
``curation/DOCUMENT/…`` is the gold set; a file exported alone is coded by ``--coder`` (default
``inception``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from annotator.domain.errors import InputError
from annotator.domain.models import ArticleRecord
from annotator.formats.foreign import OffsetRule, ToolReader, ToolSet, ToolSpan

RULE = OffsetRule(utf16=True, crlf_kept=True)
DEFAULT_CODER = "inception"
_FORMAT = "#FORMAT=WebAnno TSV 3"
_JAVA_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|.)")
_JAVA_SIMPLE = {"r": "\r", "n": "\n", "t": "\t", "b": "\b", "f": "\f", "\\": "\\", '"': '"', "'": "'"}
_CELL_ESCAPE = re.compile(r"\\(.)")
_UNESCAPED_BAR = re.compile(r"(?<!\\)\|")
_ENTRY = re.compile(r"^(.*?)(?:\[(\d+)\])?$", re.S)


@dataclass(frozen=True)
class _Layer:
    name: str
    first_column: int
    columns: int
    label_column: int | None  # None: the layer has no features; its name is the label


def unescape_text(value: str) -> str:
    """A ``#Text=`` line's Java escapes undone (``\\uXXXX`` pairs make one astral character)."""

    def one(m: re.Match[str]) -> str:
        code = m.group(1)
        if code.startswith("u") and len(code) == 5:
            return chr(int(code[1:], 16))
        return _JAVA_SIMPLE.get(code, code)

    text = _JAVA_ESCAPE.sub(one, value)
    # \\uD83D\\uDE00 became two surrogates: join them into the character they stand for.
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le")


def _unescape_cell(value: str) -> str:
    return _CELL_ESCAPE.sub(lambda m: m.group(1), value)


def owner(path: Path, coder: str | None) -> tuple[str, str, str]:
    """(article id, coder, set kind) from where INCEpTION's project export puts the file."""
    folder = path.parent.parent.name
    if folder == "annotation":
        return Path(path.parent.name).stem, coder or path.stem, "coder"
    if folder == "curation":
        return Path(path.parent.name).stem, coder or "curation", "gold" if coder is None else "coder"
    return path.stem, coder or DEFAULT_CODER, "coder"


def _layers(header: list[str], name: str) -> list[_Layer]:
    layers: list[_Layer] = []
    column = 3
    for line in header:
        kind, _, spec = line.partition("=")
        layer, *features = spec.split("|")
        count = max(1, len(features))
        label: int | None = None
        if kind == "#T_SP":
            if "value" in features:
                label = features.index("value")
            else:
                label = next((i for i, f in enumerate(features) if f != "identifier"), None)
            layers.append(_Layer(layer.rsplit(".", 1)[-1], column, count, label))
        elif kind not in ("#T_CH", "#T_RL"):
            raise InputError(f"'{kind}' is not a WebAnno TSV layer line (#T_SP, #T_CH, #T_RL)", file=name)
        column += count
    return layers


def read_webanno_tsv(path: Path, tools: ToolReader) -> Iterator[tuple[int | None, ArticleRecord]]:
    name = str(path)
    try:
        lines = path.read_text(encoding="utf-8-sig").split("\n")
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror}", file=name) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"is not UTF-8 text ({exc.reason})", file=name) from None
    if not lines or not lines[0].startswith(_FORMAT):
        raise InputError(f"is not a WebAnno TSV 3 file (its first line is not '{_FORMAT}.x')", file=name)
    header = [ln.rstrip("\r") for ln in lines[1:] if ln.startswith(("#T_SP=", "#T_CH=", "#T_RL="))]
    layers = _layers(header, name)

    pieces: list[str] = []  # the rebuilt text
    units = 0  # its length in UTF-16 code units
    sentence: list[str] = []
    tokens: list[tuple[int, int, int, str]] = []  # line, begin, end, token
    open_spans: dict[tuple[str, str], ToolSpan] = {}
    spans: list[ToolSpan] = []
    placed = True

    def place(number: int, begin: int) -> None:
        nonlocal units, placed
        gap = begin - units
        if gap < 0:
            raise InputError(f"the sentence starts at {begin}, inside the one before it", file=name, line=number)
        pieces.append(" " if gap == 1 else "\n" * gap)
        text = "\n".join(sentence)
        pieces.append(text)
        units += gap + len(text.encode("utf-16-le")) // 2
        placed = True

    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r")
        if line.startswith("#Text="):
            if placed:
                sentence = []
                placed = False
            sentence.append(unescape_text(line[len("#Text=") :]))
            continue
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        try:
            begin_s, end_s = cols[1].split("-")
            begin, end = int(begin_s), int(end_s)
            token = _unescape_cell(cols[2])
        except (IndexError, ValueError):
            raise InputError(
                f"is not a token line (ID, BEGIN-END, TOKEN, …): {line[:60]!r}", file=name, line=number
            ) from None
        if not placed:
            place(number, begin)
        tokens.append((number, begin, end, token))
        for layer in layers:
            _cells(layer, cols, number, begin, end, open_spans, spans)
    text = "".join(pieces)
    if not text.strip():
        raise InputError("holds no sentences (#Text= lines)", file=name)
    conv = RULE.converter(text)
    for number, begin, end, token in tokens:
        found = conv.view[conv.to_cp(begin) : conv.to_cp(end)] if end <= conv.length else ""
        if found != token:
            raise InputError(
                f"the token {token!r} is not at {begin}-{end} of the sentence text ({found!r})", file=name, line=number
            )
    spans.extend(open_spans.values())
    spans.sort(key=lambda s: (s.start, s.end, s.label))
    article, coder, kind = owner(path, tools.coder)
    yield None, tools.record(file=name, external_id=article, text=text, sets=[ToolSet(coder, spans, kind)], rule=RULE)


def _cells(
    layer: _Layer,
    cols: list[str],
    number: int,
    begin: int,
    end: int,
    open_spans: dict[tuple[str, str], ToolSpan],
    spans: list[ToolSpan],
) -> None:
    """The annotations of ``layer`` on one token line: single-token ones are finished, numbered ones grow."""
    layer_cols = cols[layer.first_column : layer.first_column + layer.columns]
    label_col = (
        layer_cols[layer.label_column]
        if layer.label_column is not None and layer.label_column < len(layer_cols)
        else None
    )
    source = (
        label_col if label_col not in (None, "", "_") else next((c for c in layer_cols if c not in ("", "_")), None)
    )
    if source is None:
        return
    for entry in _UNESCAPED_BAR.split(source):
        match = _ENTRY.match(entry)
        assert match is not None  # the pattern matches any text
        value, ident = match.group(1), match.group(2)
        label = _unescape_cell(value) if source is label_col and value not in ("", "*", "_") else layer.name
        where = f"line {number}"
        if ident is None:
            spans.append(ToolSpan(begin, end, label, where=where))
            continue
        key = (layer.name, ident)
        earlier = open_spans.get(key)
        if earlier is None:
            open_spans[key] = ToolSpan(begin, end, label, where=where)
        else:
            open_spans[key] = ToolSpan(earlier.start, max(earlier.end, end), earlier.label, where=earlier.where)
