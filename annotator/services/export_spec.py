"""What the dataset exports offer, said once: formats, their options, defaults, help and validation.

The command line (``annotator export``) builds its arguments from this module and File > Export… its
widgets; both check what the user asked for with ``validate``, which names the option at fault so
the dialog can point at the widget to fix. ``export_dataset`` validates again, so nothing
reaches a writer unchecked.

Adding a format is a ``FormatSpec`` in ``FORMATS`` (with an ``OptionSpec`` and an ``ExportOptions``
field for each option of its own) plus its writer in ``annotator.services.export_datasets``.

``ExportChoices`` is what File > Export… remembers between sessions, with a conversion to and from
the settings file that falls back to the default for any value it cannot read.

Qt-free and database-free, so it is cheap to import.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from annotator.domain import acled
from annotator.domain.codebook import Codebook
from annotator.domain.errors import UserError
from annotator.domain.models import SetStatus
from annotator.formats.acled_csv import DateStyle, InterStyle
from annotator.formats.conll import DocMarker


class DatasetFormat(StrEnum):
    ACLED = "acled"
    BRAT = "brat"
    CONLL = "conll"
    JSONL = "jsonl"


class CoderColumn(StrEnum):
    AUTO = "auto"  # see CODER_COLUMN_RULE
    YES = "yes"
    NO = "no"


ACLED_COLUMNS = len(acled.COLUMNS)
# When CoderColumn.AUTO adds the column (export_queries.set_owners counts the owners).
CODER_COLUMN_RULE = "when the chosen annotation sets hold events of more than one coder (gold counts as one)"


@dataclass(frozen=True)
class Choice:
    """One value of an option: as stored and typed on the command line, as shown in the dialog, and its help."""

    value: str
    label: str
    help: str = ""


@dataclass(frozen=True)
class OptionSpec:
    """An option of some formats: an ``ExportOptions`` field of the same name.

    With ``choices`` it is a drop-down in the dialog and ``flag VALUE`` on the command line; without,
    a check box, and ``flag`` on the command line turns it away from its default.
    """

    name: str
    formats: tuple[DatasetFormat, ...]
    flag: str
    label: str  # the dialog's label; & marks the shortcut key
    help: str  # the command line's help
    default: StrEnum | bool
    choices: tuple[Choice, ...] = ()
    hint: str = ""  # the dialog's muted line under a check box

    @property
    def is_switch(self) -> bool:
        return not self.choices

    def applies_to(self, fmt: DatasetFormat) -> bool:
        return fmt in self.formats

    def read(self, raw: object) -> StrEnum | bool | None:
        """``raw`` as this option's value, or None when it is not one (a stored or typed value)."""
        if isinstance(self.default, bool):
            return raw if isinstance(raw, bool) else None
        if isinstance(raw, str) and raw in {c.value for c in self.choices}:
            return type(self.default)(raw)
        return None


@dataclass(frozen=True)
class FormatSpec:
    format: DatasetFormat
    name: str  # "ACLED CSV"
    summary: str  # what a row or document is, after the name in the format list
    note: str  # more about what is written, on the dialog's page for the format
    stem: str  # suggested file name: <stem>-<date><suffix>
    suffix: str  # "" for a format that writes a folder
    file_filter: str  # for the file chooser
    filters: bool = True  # the status, date and country filters apply
    auto_means: str = "auto"  # what annotations=auto selects
    folder_marker: str = ""  # a file that marks a folder as an earlier export of this format

    @property
    def label(self) -> str:
        return f"{self.name}: {self.summary}"

    @property
    def writes_folder(self) -> bool:
        return not self.suffix

    @property
    def options(self) -> tuple[OptionSpec, ...]:
        return tuple(o for o in OPTIONS if o.applies_to(self.format))

    def suggested_name(self, today: dt.date | None = None) -> str:
        return f"{self.stem}-{(today or dt.date.today()).isoformat()}{self.suffix}"


# In the order the dialog lists them.
FORMATS: dict[DatasetFormat, FormatSpec] = {
    spec.format: spec
    for spec in (
        FormatSpec(
            DatasetFormat.ACLED,
            "ACLED CSV",
            f"one row per event, ACLED's {ACLED_COLUMNS} columns",
            "",
            "acled-export",
            ".csv",
            "CSV files (*.csv)",
        ),
        FormatSpec(
            DatasetFormat.JSONL,
            "JSONL",
            "everything, for re-import",
            "Every article with its text, spans and events, in the interchange format that 'annotator import' "
            "reads back.",
            "annotations",
            ".jsonl",
            "JSON Lines (*.jsonl)",
            filters=False,
            auto_means="all",
        ),
        FormatSpec(
            DatasetFormat.BRAT,
            "brat standoff",
            "a folder of .txt and .ann files",
            "A folder with one .txt and one .ann file per annotation set, and an annotation.conf. "
            "Exporting again to the same folder replaces it.",
            "brat-export",
            "",
            "",
            folder_marker="annotation.conf",
        ),
        FormatSpec(
            DatasetFormat.CONLL,
            "CoNLL",
            "BIO-tagged tokens for NER",
            "Overlapping spans cannot all be tagged; the summary says how many were left out.",
            "conll-export",
            ".conll",
            "CoNLL files (*.conll *.txt)",
        ),
    )
}

OPTIONS: tuple[OptionSpec, ...] = (
    OptionSpec(
        "date_style",
        (DatasetFormat.ACLED,),
        "--date-format",
        "&Dates:",
        "how event_date is written",
        DateStyle.ISO,
        (
            Choice(DateStyle.ISO, "ISO: 2024-06-30", "2024-06-30 (default)"),
            Choice(DateStyle.LEGACY, "Legacy: 30 June 2024", "30 June 2024"),
        ),
    ),
    OptionSpec(
        "inter_style",
        (DatasetFormat.ACLED,),
        "--inter",
        "Actor t&ypes:",
        "how inter1, inter2 and interaction are written",
        InterStyle.TEXT,
        (
            Choice(
                InterStyle.TEXT,
                "Text: State forces, State forces-Civilians",
                "as text, like current ACLED files (default)",
            ),
            Choice(InterStyle.NUMERIC, "Numeric codes: 1, 17", "as codes: 1, 17"),
        ),
    ),
    OptionSpec(
        "coder_column",
        (DatasetFormat.ACLED,),
        "--coder-column",
        "Coder co&lumn:",
        "a 'coder' column after timestamp",
        CoderColumn.AUTO,
        (
            Choice(
                CoderColumn.AUTO,
                "Automatic: when rows come from more than one coder",
                f"{CODER_COLUMN_RULE} (default)",
            ),
            Choice(CoderColumn.YES, "Always", "always"),
            Choice(CoderColumn.NO, f"Never (exactly ACLED's {ACLED_COLUMNS} columns)", "never"),
        ),
    ),
    OptionSpec(
        "excel",
        (DatasetFormat.ACLED,),
        "--excel",
        "For E&xcel: UTF-8 with a byte-order mark",
        "UTF-8 with a byte-order mark, so Excel reads it right",
        False,
    ),
    OptionSpec(
        "neutralise_formulas",
        (DatasetFormat.ACLED,),
        "--raw",
        "&Neutralise formulas",
        "do not neutralise cells a spreadsheet would run as a formula (=, +, -, @, tab...)",
        True,
        hint="Cells starting with = + - @ get a leading ' so spreadsheets show them as text.",
    ),
    OptionSpec(
        "skip_invalid",
        (DatasetFormat.ACLED,),
        "--skip-invalid",
        "S&kip invalid events",
        "write the valid rows and report the events that break the codebook (default: stop and write nothing)",
        False,
        hint="Write the valid rows and list the rest; otherwise an invalid event stops the export.",
    ),
    OptionSpec(
        "conll_marker",
        (DatasetFormat.CONLL,),
        "--doc-marker",
        "Document ma&rker:",
        "how each document starts",
        DocMarker.DOCSTART,
        (
            Choice(DocMarker.DOCSTART, "-DOCSTART- -X- O O lines", "a '-DOCSTART- -X- O O' line (default)"),
            Choice(DocMarker.COMMENT, "# doc_id = … comments", "'# doc_id = ...' and '# coder = ...' comments"),
        ),
    ),
)
OPTION_BY_NAME = {o.name: o for o in OPTIONS}

GOLD, ALL, AUTO = "gold", "all", "auto"
ANNOTATION_CHOICES = (
    Choice(
        AUTO, "Auto: gold where an article has it, else every coder", "gold where an article has it, else every coder's"
    ),
    Choice(GOLD, "Gold only", "the gold sets only"),
    Choice(ALL, "All: gold and every coder", "gold and every coder's"),
)
STATUS_CHOICES = (
    Choice(SetStatus.NOT_STARTED, "Not started"),
    Choice(SetStatus.IN_PROGRESS, "In progress"),
    Choice(SetStatus.DONE, "Done"),
)
FILTER_FORMATS = tuple(f for f, spec in FORMATS.items() if spec.filters)


@dataclass(frozen=True)
class ExportOptions:
    """Everything an export can be asked to do, as ``validate`` checks it.

    ``annotations``: ``auto`` (an article's gold set where it has one, otherwise every coder's set;
    for JSONL, every set), ``gold``, ``all`` (gold and every coder), or a coder's name.
    ``statuses``: annotation-set statuses to keep; None keeps all. ``date_from``/``date_to``
    (inclusive) and ``countries`` filter events; for brat and CoNLL they keep the annotation sets that
    have at least one matching event. The fields after ``countries`` are the ``OPTIONS``.
    """

    format: DatasetFormat
    output: Path
    annotations: str = AUTO
    statuses: tuple[str, ...] | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    countries: tuple[str, ...] = ()
    # ACLED CSV
    date_style: DateStyle = DateStyle.ISO
    inter_style: InterStyle = InterStyle.TEXT
    coder_column: CoderColumn = CoderColumn.AUTO
    excel: bool = False  # UTF-8 with a byte-order mark, which Excel needs to read UTF-8
    neutralise_formulas: bool = True
    skip_invalid: bool = False
    # CoNLL
    conll_marker: DocMarker = DocMarker.DOCSTART

    @property
    def spec(self) -> FormatSpec:
        return FORMATS[DatasetFormat(self.format)]


# ---------------------------------------------------------------------------- validation


class OptionError(UserError):
    """An option the export cannot take; ``option`` is the ``ExportOptions`` field at fault."""

    def __init__(self, option: str, message: str) -> None:
        super().__init__(message)
        self.option = option


@dataclass(frozen=True)
class OutputCheck:
    """What the output path would do: ``problem`` stops the export; ``note`` is a short line for the dialog."""

    problem: str | None = None
    note: str = ""


def check_output(fmt: DatasetFormat, path: Path) -> OutputCheck:
    """Whether ``path`` can take an export of ``fmt``, and what writing there replaces (filesystem only)."""
    spec = FORMATS[fmt]
    path = path.expanduser()
    if spec.writes_folder:
        if path.is_dir():
            if spec.folder_marker and (path / spec.folder_marker).exists():
                return OutputCheck(note=f"An earlier {fmt.value} export: exporting replaces this folder.")
            if any(path.iterdir()):
                return OutputCheck(
                    f"{path} is a folder with other files in it; {fmt.value} export replaces the whole folder, "
                    f"so choose a new or empty folder (or an earlier {fmt.value} export)",
                    f"This folder holds other files; choose a new or empty folder for {fmt.value}.",
                )
            return OutputCheck()
        if path.exists():
            return OutputCheck(
                f"{path} is a file; {fmt.value} export writes a folder", f"This is a file; {fmt.value} needs a folder."
            )
    else:
        if path.is_dir():
            return OutputCheck(
                f"{path} is a folder; give the name of the file to write",
                "This is a folder; add the name of the file to write.",
            )
        if path.is_file():
            return OutputCheck(note="A file with this name exists: exporting replaces it.")
    parent = path.parent
    if not parent.is_dir():
        return OutputCheck(f"{path}: the folder {parent} does not exist", f"The folder {parent} does not exist.")
    return OutputCheck()


def validate(options: ExportOptions, codebook: Codebook, coders: Collection[str]) -> ExportOptions:
    """``options`` checked, with statuses and countries in their canonical spelling.

    ``coders``: the names ``annotations`` may take besides auto, gold and all. Raises ``OptionError``
    for the first option at fault.
    """
    try:
        fmt = DatasetFormat(options.format)
    except ValueError:
        names = ", ".join(FORMATS)
        raise OptionError("format", f"'{options.format}' is not a format ({names})") from None
    spec = FORMATS[fmt]
    _check_applies(options, spec)
    values: dict[str, Any] = {"format": fmt}
    for option in OPTIONS:
        raw = getattr(options, option.name)
        value = option.read(raw)
        if value is None:
            allowed = ", ".join(c.value for c in option.choices) or "yes or no"
            raise OptionError(option.name, f"{option.flag}: '{raw}' is not one of {allowed}")
        values[option.name] = value
    problem = check_output(fmt, Path(options.output)).problem
    if problem:
        raise OptionError("output", problem)
    values["annotations"] = _annotations(options.annotations, coders)
    if options.statuses is not None:
        values["statuses"] = _statuses(options.statuses)
    if options.date_from and options.date_to and options.date_from > options.date_to:
        raise OptionError("date_from", f"the date range is empty: {options.date_from} is after {options.date_to}")
    values["countries"] = _countries(options.countries, codebook)
    return replace(options, **values)


def _check_applies(options: ExportOptions, spec: FormatSpec) -> None:
    if not spec.filters:
        given = [
            name
            for name, value in (
                ("statuses", options.statuses is not None),
                ("date_from", options.date_from),
                ("date_to", options.date_to),
                ("countries", options.countries),
            )
            if value
        ]
        if given:
            where = ", ".join(f.value for f in FILTER_FORMATS)
            raise OptionError(
                given[0], f"the status, date and country filters apply to the {where} formats, not to {spec.format}"
            )
    for option in OPTIONS:
        if not option.applies_to(spec.format) and getattr(options, option.name) != option.default:
            where = ", ".join(f.value for f in option.formats)
            raise OptionError(option.name, f"{option.flag} applies to {where}, not to {spec.format}")


def _annotations(raw: str, coders: Collection[str]) -> str:
    choice = (raw or AUTO).strip() or AUTO
    if choice in (AUTO, GOLD, ALL) or choice in coders:
        return choice
    names = sorted(coders)
    known = f": {', '.join(names[:10])}{', ...' if len(names) > 10 else ''}" if names else ""
    raise OptionError(
        "annotations",
        f"there is no coder named '{choice}' with annotation sets of their own "
        f"(use auto, gold, all or a coder's name{known})",
    )


def _statuses(raw: Iterable[str]) -> tuple[str, ...]:
    found: list[str] = []
    for value in raw:
        try:
            status = SetStatus.parse(value).value
        except ValueError:
            names = ", ".join(c.value for c in STATUS_CHOICES)
            raise OptionError("statuses", f"'{value}' is not a status ({names})") from None
        if status not in found:
            found.append(status)
    if not found:
        raise OptionError("statuses", "choose at least one status to export")
    return tuple(found)


def _countries(raw: Iterable[str], codebook: Codebook) -> tuple[str, ...]:
    canonical = {name.casefold(): c.name for name, c in codebook.country_by_name.items()}
    found: list[str] = []
    unknown: list[str] = []
    for value in raw:
        name = value.strip()
        if not name:
            continue
        country = canonical.get(name.casefold())
        if country is None:
            unknown.append(name)
        elif country not in found:
            found.append(country)
    if unknown:
        raise OptionError("countries", "not a country of the codebook: " + ", ".join(f"“{n}”" for n in unknown))
    return tuple(found)


# ---------------------------------------------------------------------------- remembered choices


def _all_statuses() -> tuple[str, ...]:
    return tuple(c.value for c in STATUS_CHOICES)


def _default_values() -> dict[str, StrEnum | bool]:
    return {o.name: o.default for o in OPTIONS}


@dataclass(frozen=True)
class ExportChoices:
    """What File > Export… shows and remembers: the options of every format, and a folder instead of a path.

    ``statuses`` are the ticked ones (all by default). ``countries`` are the names as typed, so they
    come back as the user wrote them. ``values`` holds every ``OPTIONS`` value by name, for all formats,
    so switching format keeps each format's own choices.
    """

    format: DatasetFormat = DatasetFormat.ACLED
    folder: str = ""
    annotations: str = AUTO
    statuses: tuple[str, ...] = field(default_factory=_all_statuses)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    countries: tuple[str, ...] = ()
    values: Mapping[str, StrEnum | bool] = field(default_factory=_default_values)

    def value(self, name: str) -> StrEnum | bool:
        return self.values.get(name, OPTION_BY_NAME[name].default)

    def to_options(self, output: Path) -> ExportOptions:
        """The options for an export to ``output``; options of other formats stay at their defaults."""
        spec = FORMATS[self.format]
        common: dict[str, Any] = {"annotations": self.annotations}
        if spec.filters:
            every = set(self.statuses) == set(_all_statuses())
            common.update(
                statuses=None if every else self.statuses,
                date_from=self.date_from,
                date_to=self.date_to,
                countries=self.countries,
            )
        common.update({o.name: self.value(o.name) for o in spec.options})
        return ExportOptions(self.format, output, **common)

    def to_settings(self) -> dict[str, Any]:
        """A JSON-ready dict (flat, one key per choice, as earlier versions stored it)."""
        out: dict[str, Any] = {
            "format": self.format.value,
            "folder": self.folder,
            "annotations": self.annotations,
            "statuses": list(self.statuses),
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
            "countries": list(self.countries),
        }
        for option in OPTIONS:
            value = self.value(option.name)
            out[option.name] = value if isinstance(value, bool) else str(value)
        return out

    @classmethod
    def from_settings(cls, raw: object) -> ExportChoices:
        """Choices from what ``to_settings`` wrote (or an older version did); a default for anything unreadable."""
        if not isinstance(raw, dict):
            return cls()
        defaults = cls()
        found: dict[str, Any] = {}
        fmt = raw.get("format")
        if isinstance(fmt, str) and fmt in FORMATS:
            found["format"] = DatasetFormat(fmt)
        for key in ("folder", "annotations"):
            if isinstance(raw.get(key), str):
                found[key] = raw[key]
        statuses = raw.get("statuses")
        if isinstance(statuses, list) and all(isinstance(s, str) for s in statuses):
            known = _all_statuses()
            found["statuses"] = tuple(s for s in known if s in statuses) or known
        for key in ("date_from", "date_to"):
            found[key] = _read_date(raw.get(key))
        countries = raw.get("countries")
        if isinstance(countries, str):  # earlier versions kept the text as typed: "Mali, Nigeria"
            countries = countries.split(",")
        if isinstance(countries, list):
            found["countries"] = tuple(c.strip() for c in countries if isinstance(c, str) and c.strip())
        values = dict(defaults.values)
        for option in OPTIONS:
            value = option.read(raw.get(option.name))
            if value is not None:
                values[option.name] = value
        found["values"] = values
        return replace(defaults, **found)


def _read_date(raw: object) -> dt.date | None:
    if not isinstance(raw, str) or not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        return None
