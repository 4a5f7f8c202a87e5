"""ACLED-style CSV rows: the 31 columns of ACLED's current layout, built fast from raw event rows.

The store streams plain tuples whose columns are ``SOURCE_FIELDS`` (the coded fields, in ACLED
order) followed by the event's row id and the coder label (NULL unless asked for). ``AcledRowBuilder`` turns a chunk
of them into output rows and finds the events that break the codebook, in one pass:

* derived columns (year, disorder_type, interaction, iso, region) come from look-up tables built once
  from the codebook, never from per-row objects;
* a quick test on every row decides validity; only rows that fail it get the full diagnosis, which
  names each broken field;
* text columns are neutralised against spreadsheet formulas unless told otherwise (codebook strings
  once, free-text columns per row with a first-character test).

Conventions (documented for analysts): dates ISO ``2024-06-30`` or legacy ``30 June 2024``; actor types
and interaction as text (``State forces``, ``State forces-Civilians``, ``Protesters only``) or as codes
(inter2 ``0`` when there is no actor2, as in ACLED's numeric files); latitude and longitude with four
decimals; multi-valued cells joined by ``"; "``; ``civilian_targeting`` is ``Civilian targeting`` or
blank; an event whose fatalities were left empty is written as 0 (ACLED: nothing reported means 0);
``timestamp`` is the export time in Unix seconds, the same on every row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from annotator.domain import acled
from annotator.domain.codebook import Codebook
from annotator.domain.fields import EVENT_FIELD_NAMES, join_multi, split_multi
from annotator.domain.text import MONTH_NAMES
from annotator.formats.csv_safety import SUSPECT_FIRST, neutralise

SOURCE_FIELDS: tuple[str, ...] = EVENT_FIELD_NAMES
# What the query adds after the coded fields.
EXTRA_FIELDS: tuple[str, ...] = ("event_pk", "coder")
CODER_COLUMN = "coder"
GOLD_LABEL = "gold"


_I = {name: i for i, name in enumerate((*SOURCE_FIELDS, *EXTRA_FIELDS))}


class DateStyle(StrEnum):
    ISO = "iso"  # 2024-06-30
    LEGACY = "legacy"  # 30 June 2024, as ACLED's older export tool wrote it


class InterStyle(StrEnum):
    TEXT = "text"  # State forces / State forces-Civilians
    NUMERIC = "numeric"  # 1 / 17


@dataclass(frozen=True)
class AcledCsvOptions:
    date_style: DateStyle = DateStyle.ISO
    inter_style: InterStyle = InterStyle.TEXT
    neutralise_formulas: bool = True
    coder_column: bool = False
    timestamp: int = 0


@dataclass(frozen=True)
class Problem:
    """One way an event breaks the codebook, located well enough for a coder to find and fix it."""

    article: str
    event: str
    coder: str
    event_id: str
    field: str
    reason: str

    def message(self) -> str:
        who = f"coder '{self.coder}'" if self.coder and self.coder != GOLD_LABEL else "gold"
        ident = f", {self.event_id}" if self.event_id else ""
        return f"article '{self.article}', event '{self.event}' ({who}{ident}): {self.field}: {self.reason}"


Invalid = tuple[Sequence[Any], list[tuple[str, str]]]  # (raw row, [(field, reason)])

LINE_END = "\r\n"  # RFC 4180, and what csv.writer's excel dialect writes
_CACHE_LIMIT = 100_000  # distinct values remembered per kind of cell


def header(options: AcledCsvOptions) -> tuple[str, ...]:
    return (*acled.COLUMNS, CODER_COLUMN) if options.coder_column else acled.COLUMNS


def header_line(options: AcledCsvOptions) -> str:
    return ",".join(csv_escape(c) for c in header(options)) + LINE_END


def csv_escape(value: str) -> str:
    """One CSV cell as csv.writer's default (excel, QUOTE_MINIMAL) dialect writes it: RFC 4180 quoting."""
    if '"' in value:
        return '"' + value.replace('"', '""') + '"'
    if "," in value or "\n" in value or "\r" in value:
        return '"' + value + '"'
    return value


def format_date(value: dt.date, style: DateStyle) -> str:
    if style is DateStyle.LEGACY:
        # Month names spelled out here: strftime's %B follows the locale, which Qt changes.
        return f"{value.day:02d} {MONTH_NAMES[value.month - 1]} {value.year}"
    return value.isoformat()


def format_coordinate(value: float | None) -> str:
    if value is None:
        return ""
    text = f"{value:.4f}"
    return "0.0000" if text == "-0.0000" else text


def normalise_multi(value: str) -> str:
    """``a;b`` and ``a ;  b`` become ``a; b``; a value without ``;`` is returned as it is."""
    return join_multi(split_multi(value)) if ";" in value else value


class AcledRowBuilder:
    """Turns chunks of raw event tuples into ACLED CSV lines and finds the invalid events.

    Lines are serialised here rather than by csv.writer: look-up tables hold whole pre-escaped runs of
    cells (``date,year``, ``disorder_type,event_type,sub_event_type``, ``iso,region,country``...), and
    free-text cells are escaped only when one of them holds a quote, comma or line break. The output is
    byte for byte what csv.writer would write for the same cells (a test checks it).
    """

    def __init__(self, codebook: Codebook, options: AcledCsvOptions) -> None:
        self.codebook = codebook
        self.options = options
        safe: Callable[[str], str] = neutralise if options.neutralise_formulas else _same

        def cell(value: str) -> str:
            return csv_escape(safe(value))

        # sub-event type -> (its event type, "disorder_type,event_type,sub_event_type")
        self._sub: dict[str, tuple[str, str]] = {}
        for et in codebook.event_types:
            for sub in et.sub_event_types:
                self._sub[sub.name] = (et.name, f"{cell(sub.disorder_type)},{cell(et.name)},{cell(sub.name)}")
        self._one_sided = {et.name: et.one_sided_allowed for et in codebook.event_types}
        # country name -> "iso,region,country"
        self._country = {c.name: f"{c.iso},{cell(c.region)},{cell(c.name)}" for c in codebook.countries}
        self._time_codes = frozenset(p.code for p in codebook.time_precision)
        self._geo_codes = frozenset(p.code for p in codebook.geo_precision)
        self._time_text = {code: str(code) for code in self._time_codes}
        self._geo_text = {code: str(code) for code in self._geo_codes}
        labels = codebook.actor_type_labels
        self._inter_codes = frozenset(labels)
        numeric = options.inter_style is InterStyle.NUMERIC
        self._inter1 = {code: (str(code) if numeric else cell(label)) for code, label in labels.items()}
        # (inter1, inter2, civilian_targeting) -> "inter2,interaction,civilian_targeting"
        civilian = cell(acled.CIVILIAN_TARGETING)
        self._tail: dict[tuple[int, int | None, int], str] = {}
        for a in labels:
            for b in (*labels, None):
                code = acled.interaction_code(a, b)
                assert code is not None
                inter2 = ("0" if numeric else "") if b is None else self._inter1[b]
                interaction = str(code) if numeric else cell(codebook.interaction_text(code))
                for flag in (0, 1):
                    self._tail[(a, b, flag)] = f"{inter2},{interaction},{civilian if flag else ''}"
        self._fatalities = {n: str(n) for n in range(1000)}
        self._dates: dict[Any, str] = {}
        self._coords: dict[float | None, str] = {None: ""}
        self._plain_cells: dict[str, str] = {"": ""}
        self._multi_cells: dict[str, str] = {"": ""}
        self._coders: dict[str, str] = {}
        self._stamp = str(options.timestamp)
        self.header = header(options)

    # ------------------------------------------------------------ per chunk

    def build(self, rows: Sequence[Sequence[Any]]) -> tuple[list[str], list[Invalid]]:
        """CSV lines (with line ends) for the valid events, and the invalid events with their problems."""
        out: list[str] = []
        bad: list[Invalid] = []
        append = out.append
        sub_info, one_sided, country_info = self._sub, self._one_sided, self._country
        time_codes, geo_codes, inter_codes = self._time_codes, self._geo_codes, self._inter_codes
        time_text, geo_text, inter1_text, tail = self._time_text, self._geo_text, self._inter1, self._tail
        dates, coords, fat_text = self._dates, self._coords, self._fatalities
        plain, multi, cell = self._plain_cells, self._multi_cells, self._text_cell
        suspect = SUSPECT_FIRST if self.options.neutralise_formulas else frozenset()
        safe, esc, join = neutralise, csv_escape, ",".join
        stamp = self._stamp
        end = LINE_END
        with_coder = self.options.coder_column
        for row in rows:
            (
                eid,
                date,
                tp,
                et,
                sub,
                a1,
                as1,
                i1,
                a2,
                as2,
                i2,
                civ,
                country,
                ad1,
                ad2,
                ad3,
                loc,
                lat,
                lon,
                gp,
                src,
                scale,
                notes,
                fat,
                tags,
                _,
                coder,
            ) = row
            info = sub_info.get(sub)
            place = country_info.get(country)
            if (
                info is None
                or info[0] != et
                or date is None
                or tp not in time_codes
                or place is None
                or not a1
                or i1 not in inter_codes
                or gp not in geo_codes
                or (not a2 and (i2 is not None or not one_sided[et]))
                or (a2 and i2 not in inter_codes)
                or (lat is not None and not -90 <= lat <= 90)
                or (lon is not None and not -180 <= lon <= 180)
            ):
                problems = self.diagnose(row)
                if problems:
                    bad.append((row, problems))
                    continue
                assert info is not None and place is not None
            when = dates.get(date)
            if when is None:
                when = dates[date] = self._date_cells(date)
            # Short text cells repeat (actors, places, sources): each distinct value is cleaned once
            # (multi-value separators, formula prefix, CSV quoting) and looked up after that.
            # Text columns are NOT NULL in the schema; only the id may be missing.
            a1_c = plain.get(a1)
            a1 = cell(a1, False) if a1_c is None else a1_c
            as1_c = multi.get(as1)
            as1 = cell(as1, True) if as1_c is None else as1_c
            a2_c = plain.get(a2)
            a2 = cell(a2, False) if a2_c is None else a2_c
            as2_c = multi.get(as2)
            as2 = cell(as2, True) if as2_c is None else as2_c
            ad1_c = plain.get(ad1)
            ad1 = cell(ad1, False) if ad1_c is None else ad1_c
            ad2_c = plain.get(ad2)
            ad2 = cell(ad2, False) if ad2_c is None else ad2_c
            ad3_c = plain.get(ad3)
            ad3 = cell(ad3, False) if ad3_c is None else ad3_c
            loc_c = plain.get(loc)
            loc = cell(loc, False) if loc_c is None else loc_c
            src_c = multi.get(src)
            src = cell(src, True) if src_c is None else src_c
            scale_c = plain.get(scale)
            scale = cell(scale, False) if scale_c is None else scale_c
            tags_c = multi.get(tags)
            tags = cell(tags, True) if tags_c is None else tags_c
            if eid is None:
                eid = ""
            elif not eid.isalnum():
                eid = esc(safe(eid)) if eid[0] in suspect else esc(eid)
            if notes and notes[0] in suspect:
                notes = safe(notes)
            if '"' in notes:
                notes = '"' + notes.replace('"', '""') + '"'
            elif "," in notes or "\n" in notes or "\r" in notes:
                notes = '"' + notes + '"'
            lat_text = coords.get(lat)
            if lat_text is None:
                lat_text = self._coordinate_cell(lat)
            lon_text = coords.get(lon)
            if lon_text is None:
                lon_text = self._coordinate_cell(lon)
            line = join(
                (
                    eid,
                    when,
                    time_text[tp],
                    info[1],
                    a1,
                    as1,
                    inter1_text[i1],
                    a2,
                    as2,
                    tail[(i1, i2, civ)],
                    place,
                    ad1,
                    ad2,
                    ad3,
                    loc,
                    lat_text,
                    lon_text,
                    geo_text[gp],
                    src,
                    scale,
                    notes,
                    fat_text.get(fat) or ("0" if fat is None else str(fat)),
                    tags,
                    stamp,
                )
            )
            if with_coder:
                coder = coder or ""
                line += "," + (self._coders.get(coder) or self._coder_cell(coder))
            append(line + end)
        return out, bad

    def _date_cells(self, value: Any) -> str:
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
        return f"{csv_escape(format_date(day, self.options.date_style))},{day.year}"

    def _coordinate_cell(self, value: float) -> str:
        text = format_coordinate(value)
        if len(self._coords) < 200_000:
            self._coords[value] = text
        return text

    def _text_cell(self, value: str, multi_valued: bool) -> str:
        """A short free-text cell, cleaned and escaped; remembered while the cache is small."""
        text = normalise_multi(value) if multi_valued else value
        if self.options.neutralise_formulas:
            text = neutralise(text)
        text = csv_escape(text)
        cache = self._multi_cells if multi_valued else self._plain_cells
        if len(cache) < _CACHE_LIMIT:
            cache[value] = text
        return text

    def _coder_cell(self, value: str) -> str:
        text = csv_escape(neutralise(value) if self.options.neutralise_formulas else value)
        self._coders[value] = text
        return text

    # ------------------------------------------------------------ validation

    def diagnose(self, row: Sequence[Any]) -> list[tuple[str, str]]:
        """Every way this raw event row breaks the codebook, as (field, reason)."""
        cb = self.codebook

        def get(name: str) -> Any:
            return row[_I[name]]

        problems: list[tuple[str, str]] = []
        et, sub = get("event_type") or "", get("sub_event_type") or ""
        if not et:
            problems.append(("event_type", "no event type"))
        elif et not in cb.event_type_by_name:
            problems.append(("event_type", f"'{et}' is not an event type of the codebook"))
        if not sub:
            problems.append(("sub_event_type", "no sub-event type"))
        elif sub not in cb.sub_event_index:
            problems.append(("sub_event_type", f"'{sub}' is not a sub-event type of the codebook"))
        elif et and et in cb.event_type_by_name and cb.event_type_of(sub) != et:
            problems.append(
                (
                    "sub_event_type",
                    f"'{sub}' is not a sub-event type of '{et}' (it belongs to '{cb.event_type_of(sub)}')",
                )
            )
        if get("event_date") is None:
            problems.append(("event_date", "no event date"))
        _precision(problems, "time_precision", get("time_precision"), self._time_codes)
        country = get("country") or ""
        if not country:
            problems.append(("country", "no country"))
        elif country not in self._country:
            problems.append(("country", f"'{country}' is not a country of the codebook"))
        if not get("actor1"):
            problems.append(("actor1", "no actor1"))
        else:
            self._actor_type(problems, "inter1", "actor1", get("inter1"))
        a2, i2 = get("actor2"), get("inter2")
        if not a2:
            if et in self._one_sided and not self._one_sided[et]:
                allowed = ", ".join(n for n, ok in self._one_sided.items() if ok)
                problems.append(
                    ("actor2", f"a {et} event needs actor2 (one-sided events are allowed only for {allowed})")
                )
            if i2 is not None:
                problems.append(("inter2", "inter2 is set but there is no actor2"))
        else:
            self._actor_type(problems, "inter2", "actor2", i2)
        _precision(problems, "geo_precision", get("geo_precision"), self._geo_codes)
        for name, limit in (("latitude", 90), ("longitude", 180)):
            value = get(name)
            if value is not None and not -limit <= value <= limit:
                problems.append((name, f"{value} is outside -{limit} to {limit}"))
        return problems

    def _actor_type(self, problems: list[tuple[str, str]], field: str, actor: str, value: Any) -> None:
        if value is None:
            problems.append((field, f"{actor} has no actor type ({field})"))
        elif value not in self._inter_codes:
            problems.append((field, f"{value} is not an actor type of the codebook"))


def _precision(problems: list[tuple[str, str]], field: str, value: Any, codes: frozenset[int]) -> None:
    allowed = ", ".join(str(c) for c in sorted(codes))
    if value is None:
        problems.append((field, f"no {field.replace('_', ' ')} (one of {allowed})"))
    elif value not in codes:
        problems.append((field, f"{value} is not one of {allowed}"))


def _same(value: str) -> str:
    return value
