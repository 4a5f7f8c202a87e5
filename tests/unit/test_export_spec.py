"""The export specification: one description of the formats and options, one validation, and the
remembered choices of File > Export… (no database, no Qt)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from annotator.domain import acled
from annotator.formats.acled_csv import DateStyle
from annotator.formats.conll import DocMarker
from annotator.services.export_spec import (
    FORMATS,
    OPTION_BY_NAME,
    OPTIONS,
    CoderColumn,
    DatasetFormat,
    ExportChoices,
    ExportOptions,
    OptionError,
    check_output,
    validate,
)

COMMON = {"format", "output", "annotations", "statuses", "date_from", "date_to", "countries"}
CODERS = ("amal", "bola")


def test_every_format_option_is_described_once_with_the_same_default() -> None:
    defaults = {f.name: f.default for f in dataclasses.fields(ExportOptions) if f.name not in COMMON}
    assert [o.name for o in OPTIONS] == list(defaults)  # one spec per ExportOptions option, in order
    for option in OPTIONS:
        assert option.default == defaults[option.name], option.name
        assert option.formats and all(f in FORMATS for f in option.formats)
        assert option.flag.startswith("--") and option.label and option.help
        if not option.is_switch:
            assert option.default in [c.value for c in option.choices]
            assert all(c.label and c.help for c in option.choices)
    assert len({o.flag for o in OPTIONS}) == len(OPTIONS)
    assert set(FORMATS) == set(DatasetFormat)


def test_format_specs_name_files_and_folders() -> None:
    day = dt.date(2024, 6, 30)
    assert FORMATS[DatasetFormat.ACLED].suggested_name(day) == "acled-export-2024-06-30.csv"
    assert FORMATS[DatasetFormat.JSONL].suggested_name(day) == "annotations-2024-06-30.jsonl"
    assert FORMATS[DatasetFormat.CONLL].suggested_name(day) == "conll-export-2024-06-30.conll"
    assert FORMATS[DatasetFormat.BRAT].suggested_name(day) == "brat-export-2024-06-30"
    assert [f for f, s in FORMATS.items() if s.writes_folder] == [DatasetFormat.BRAT]
    assert f"ACLED's {len(acled.COLUMNS)} columns" in FORMATS[DatasetFormat.ACLED].label
    assert [o.name for o in FORMATS[DatasetFormat.CONLL].options] == ["conll_marker"]
    assert FORMATS[DatasetFormat.JSONL].options == () and not FORMATS[DatasetFormat.JSONL].filters


def _refused(codebook: Any, options: ExportOptions) -> OptionError:
    with pytest.raises(OptionError) as caught:
        validate(options, codebook, CODERS)
    return caught.value


def test_validate_names_the_option_at_fault(codebook: Any, tmp_path: Path) -> None:
    out = tmp_path / "a.csv"
    acled_csv = DatasetFormat.ACLED
    cases: list[tuple[ExportOptions, str, str]] = [
        (ExportOptions(acled_csv, out, annotations="zed"), "annotations", "there is no coder named 'zed'"),
        (ExportOptions(acled_csv, out, statuses=("finished",)), "statuses", "'finished' is not a status"),
        (ExportOptions(acled_csv, out, statuses=()), "statuses", "choose at least one status"),
        (
            ExportOptions(acled_csv, out, date_from=dt.date(2024, 5, 1), date_to=dt.date(2024, 4, 1)),
            "date_from",
            "the date range is empty: 2024-05-01 is after 2024-04-01",
        ),
        (
            ExportOptions(acled_csv, out, countries=("Mali", "Narnia", "Atlantis")),
            "countries",
            "not a country of the codebook: “Narnia”, “Atlantis”",
        ),
        (ExportOptions(acled_csv, tmp_path), "output", "is a folder; give the name of the file to write"),
        (ExportOptions(acled_csv, tmp_path / "no" / "a.csv"), "output", "does not exist"),
        (ExportOptions(DatasetFormat.CONLL, out, excel=True), "excel", "--excel applies to acled, not to conll"),
        (
            ExportOptions(acled_csv, out, conll_marker=DocMarker.COMMENT),
            "conll_marker",
            "--doc-marker applies to conll, not to acled",
        ),
        (
            ExportOptions(DatasetFormat.JSONL, out, statuses=("done",)),
            "statuses",
            "filters apply to the acled, brat, conll formats, not to jsonl",
        ),
        (ExportOptions(DatasetFormat.JSONL, out, countries=("Mali",)), "countries", "not to jsonl"),
        (ExportOptions(acled_csv, out, date_style="roman"), "date_style", "--date-format: 'roman' is not one of"),  # type: ignore[arg-type]
        (ExportOptions(acled_csv, out, excel="yes"), "excel", "--excel: 'yes' is not one of yes or no"),  # type: ignore[arg-type]
        (ExportOptions("xlsx", out), "format", "'xlsx' is not a format"),  # type: ignore[arg-type]
    ]
    for options, option, message in cases:
        error = _refused(codebook, options)
        assert error.option == option, (options, str(error))
        assert message in str(error), str(error)


def test_validate_returns_the_options_in_canonical_form(codebook: Any, tmp_path: Path) -> None:
    options = ExportOptions(
        DatasetFormat.ACLED,
        tmp_path / "a.csv",
        annotations=" amal ",
        statuses=("In progress", "done", "in_progress"),
        countries=("mali", " Syrian Arab Republic", "Mali"),
        date_style="legacy",  # type: ignore[arg-type]
        coder_column="no",  # type: ignore[arg-type]
    )
    checked = validate(options, codebook, CODERS)
    assert checked.annotations == "amal"
    assert checked.statuses == ("in_progress", "done")
    assert checked.countries == ("Mali", "Syria")
    assert checked.date_style is DateStyle.LEGACY and checked.coder_column is CoderColumn.NO
    assert validate(ExportOptions(DatasetFormat.JSONL, tmp_path / "a.jsonl"), codebook, ()).annotations == "auto"


def test_check_output_notes_what_would_be_replaced(tmp_path: Path) -> None:
    acled_csv, brat = DatasetFormat.ACLED, DatasetFormat.BRAT
    assert check_output(acled_csv, tmp_path / "new.csv") == check_output(brat, tmp_path / "new")
    assert check_output(acled_csv, tmp_path / "new.csv").problem is None
    (tmp_path / "old.csv").write_text("x", encoding="utf-8")
    old = check_output(acled_csv, tmp_path / "old.csv")
    assert old.problem is None and "replaces it" in old.note
    assert "brat needs a folder" in check_output(brat, tmp_path / "old.csv").note
    assert "is a file" in (check_output(brat, tmp_path / "old.csv").problem or "")
    earlier = tmp_path / "earlier"
    earlier.mkdir()
    (earlier / "annotation.conf").write_text("", encoding="utf-8")
    assert check_output(brat, earlier).problem is None and "earlier brat export" in check_output(brat, earlier).note
    assert "other files" in (check_output(brat, tmp_path).problem or "")  # holds old.csv
    assert check_output(brat, tmp_path / "empty").problem is None


def test_choices_round_trip_through_the_settings_form(tmp_path: Path) -> None:
    values = dict(ExportChoices().values, date_style=DateStyle.LEGACY, excel=True, conll_marker=DocMarker.COMMENT)
    choices = ExportChoices(
        format=DatasetFormat.CONLL,
        folder=str(tmp_path),
        annotations="amal",
        statuses=("in_progress", "done"),
        date_from=dt.date(2024, 4, 1),
        countries=("mali", "Nigeria"),
        values=values,
    )
    stored = choices.to_settings()
    assert stored["date_from"] == "2024-04-01" and stored["date_to"] == ""
    assert stored["date_style"] == "legacy" and stored["excel"] is True
    assert ExportChoices.from_settings(stored) == choices
    import json

    assert ExportChoices.from_settings(json.loads(json.dumps(stored))) == choices


def test_choices_read_what_earlier_versions_stored() -> None:
    """The flat dict the dialog kept before the typed model: countries as typed text, coder column as a word."""
    old = {
        "format": "acled",
        "folder": "/data",
        "annotations": "auto",
        "statuses": ["done", "in_progress", "not_started"],
        "date_from": "",
        "date_to": "2024-04-30",
        "countries": "mali, Nigeria",
        "date_style": "iso",
        "inter_style": "numeric",
        "coder_column": "no",
        "excel": False,
        "neutralise_formulas": False,
        "skip_invalid": True,
        "conll_marker": "docstart",
    }
    choices = ExportChoices.from_settings(old)
    assert choices.statuses == ("not_started", "in_progress", "done")
    assert choices.date_from is None and choices.date_to == dt.date(2024, 4, 30)
    assert choices.countries == ("mali", "Nigeria")
    assert choices.value("coder_column") is CoderColumn.NO
    assert choices.value("neutralise_formulas") is False and choices.value("skip_invalid") is True


@pytest.mark.parametrize("stored", [None, "text", 3, [], ["format", "acled"], {}])
def test_unreadable_choices_are_the_defaults(stored: object) -> None:
    assert ExportChoices.from_settings(stored) == ExportChoices()


def test_each_unreadable_choice_falls_back_on_its_own() -> None:
    choices = ExportChoices.from_settings(
        {
            "format": "xlsx",
            "folder": 7,
            "annotations": ["amal"],
            "statuses": ["done", 3],
            "date_from": "2024-02-30",
            "date_to": 20240401,
            "countries": ["Mali", 4, " "],
            "date_style": "roman",
            "coder_column": True,
            "excel": "yes",
            "skip_invalid": True,
            "conll_marker": "comment",
        }
    )
    default = ExportChoices()
    assert (choices.format, choices.folder, choices.annotations) == (default.format, "", "auto")
    assert choices.statuses == default.statuses
    assert choices.date_from is None and choices.date_to is None
    assert choices.countries == ("Mali",)
    assert choices.value("date_style") is DateStyle.ISO and choices.value("coder_column") is CoderColumn.AUTO
    assert choices.value("excel") is False
    assert choices.value("skip_invalid") is True and choices.value("conll_marker") is DocMarker.COMMENT
    assert ExportChoices.from_settings({"statuses": []}).statuses == default.statuses  # none ticked: all


def test_choices_give_the_options_of_their_format_only(tmp_path: Path) -> None:
    values = dict(ExportChoices().values, excel=True, conll_marker=DocMarker.COMMENT)
    choices = ExportChoices(
        format=DatasetFormat.CONLL, statuses=("done",), countries=("Mali",), date_to=dt.date(2024, 1, 1), values=values
    )
    conll = choices.to_options(tmp_path / "a.conll")
    assert conll.conll_marker is DocMarker.COMMENT and conll.excel is False  # excel is ACLED's
    assert conll.statuses == ("done",) and conll.countries == ("Mali",) and conll.date_to == dt.date(2024, 1, 1)
    jsonl = dataclasses.replace(choices, format=DatasetFormat.JSONL).to_options(tmp_path / "a.jsonl")
    assert (jsonl.statuses, jsonl.countries, jsonl.date_to, jsonl.conll_marker) == (None, (), None, DocMarker.DOCSTART)
    every = dataclasses.replace(choices, format=DatasetFormat.ACLED, statuses=ExportChoices().statuses)
    acled_options = every.to_options(tmp_path / "a.csv")
    assert acled_options.statuses is None and acled_options.excel is True  # every status ticked: no filter
    assert OPTION_BY_NAME["excel"].applies_to(DatasetFormat.ACLED)
