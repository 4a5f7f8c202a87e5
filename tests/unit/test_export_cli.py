"""``annotator export`` for the dataset formats: options, messages and exit codes."""

from __future__ import annotations

import argparse
import csv
import sqlite3
from pathlib import Path

import pytest

from annotator.cli import main

CODED = Path(__file__).parent.parent / "fixtures" / "export" / "coded.jsonl"


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "cli.db")
    assert main(["import", str(CODED), "--db", path]) == 0
    capsys.readouterr()
    return path


def _rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.reader(handle))


def test_acled_with_options(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "acled.csv"
    code = main(
        [
            "export",
            "--format",
            "acled",
            "--output",
            str(out),
            "--db",
            db,
            "--date-format",
            "legacy",
            "--inter",
            "numeric",
            "--excel",
            "--annotations",
            "gold",
            "--country",
            "Nigeria,Syria",
        ]
    )
    assert code == 0
    assert f"Wrote 3 event row(s) to {out}." in capsys.readouterr().out
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = _rows(out)
    assert len(rows[0]) == 31
    assert [(r[0], r[1], r[13]) for r in rows[1:]] == [
        ("NGA1", "02 March 2024", "60"),
        ("NGA2", "01 March 2024", "37"),
        ("SYR1", "05 May 2024", "78"),
    ]


def test_default_acled_adds_coder_column_and_neutralises(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "acled.csv"
    assert main(["export", "--format", "acled", "-o", str(out), "--db", db]) == 0
    assert "(with a coder column)" in capsys.readouterr().out
    rows = _rows(out)
    assert rows[0][-1] == "coder"
    assert rows[2][27].startswith("'=HYPERLINK")
    assert main(["export", "--format", "acled", "-o", str(out), "--db", db, "--raw", "--coder-column", "no"]) == 0
    rows = _rows(out)
    assert len(rows[0]) == 31 and rows[2][27].startswith("=HYPERLINK")


def test_invalid_event_exits_1_naming_article_event_field(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with sqlite3.connect(db) as con:
        con.execute("UPDATE events SET actor1 = '' WHERE event_id_cnty = 'SYR1'")
    out = tmp_path / "acled.csv"
    assert main(["export", "--format", "acled", "-o", str(out), "--db", db]) == 1
    err = capsys.readouterr().err
    assert "article 'aleppo-2024-05-05', event 'E1' (gold, SYR1): actor1: no actor1" in err
    assert "Traceback" not in err
    assert not out.exists()
    assert main(["export", "--format", "acled", "-o", str(out), "--db", db, "--skip-invalid"]) == 0
    assert "Skipped 1 invalid event(s) (actor1 1)" in capsys.readouterr().out
    assert len(_rows(out)) == 5


def test_brat_and_conll(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "brat"
    assert main(["export", "--format", "brat", "-o", str(folder), "--db", db, "--status", "done"]) == 0
    assert "Wrote 3 brat document(s) from 3 article(s) with 4 event(s)" in capsys.readouterr().out
    assert (folder / "annotation.conf").is_file()
    conll = tmp_path / "ner.conll"
    assert (
        main(
            [
                "export",
                "--format",
                "conll",
                "-o",
                str(conll),
                "--db",
                db,
                "--doc-marker",
                "comment",
                "--from",
                "2024-04-01",
                "--to",
                "2024-04-30",
            ]
        )
        == 0
    )
    assert "Wrote 2 CoNLL document(s) from 1 article(s)" in capsys.readouterr().out
    assert conll.read_text(encoding="utf-8").startswith("# doc_id = gao-2024-04-10\n# coder = amal\n")


def test_jsonl_keeps_its_behaviour(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.jsonl"
    assert main(["export", "--format", "jsonl", "-o", str(out), "--db", db]) == 0
    assert f"Wrote 4 article(s) with 5 annotation set(s) to {out}." in capsys.readouterr().out
    assert main(["export", "--format", "jsonl", "-o", str(out), "--db", db, "--status", "done"]) == 1
    assert "not to jsonl" in capsys.readouterr().err


def test_bad_options_are_user_errors(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "a.csv"
    assert main(["export", "--format", "acled", "-o", str(out), "--db", db, "--annotations", "zed"]) == 1
    assert "no coder named 'zed'" in capsys.readouterr().err
    assert (
        main(["export", "--format", "acled", "-o", str(out), "--db", db, "--from", "2024-05-01", "--to", "2024-04-01"])
        == 1
    )
    assert "the date range is empty" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["export", "--format", "acled", "-o", str(out), "--db", db, "--from", "March"])
    assert exc.value.code == 2
    assert "'March' is not a date" in capsys.readouterr().err


def test_the_arguments_come_from_the_export_spec() -> None:
    from annotator.cli import build_parser
    from annotator.services.export_spec import FORMATS, OPTIONS

    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    export = sub.choices["export"]
    actions = {a.dest: a for a in export._actions}
    assert list(actions["format"].choices) == [f.value for f in FORMATS]
    for option in OPTIONS:
        action = actions[option.name]
        assert option.flag in action.option_strings
        if option.is_switch:
            assert action.default is option.default and action.const is (not option.default)
        else:
            assert list(action.choices) == [c.value for c in option.choices]
            assert action.default == option.default
    defaults = export.parse_args(["--format", "acled", "-o", "x.csv"])
    assert defaults.annotations == "auto" and defaults.status is None


def test_an_option_of_another_format_is_refused(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "ner.conll"
    assert main(["export", "--format", "conll", "-o", str(out), "--db", db, "--excel"]) == 1
    assert "--excel applies to acled, not to conll" in capsys.readouterr().err
    assert main(["export", "--format", "acled", "-o", str(out), "--db", db, "--doc-marker", "comment"]) == 1
    assert "--doc-marker applies to conll, not to acled" in capsys.readouterr().err
    assert main(["export", "--format", "acled", "-o", str(out), "--db", db, "--status", ","]) == 1
    assert "choose at least one status" in capsys.readouterr().err
    assert not out.exists() and [p for p in tmp_path.iterdir() if not p.name.startswith("cli.db")] == []


def test_one_coders_work_is_31_columns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    one = tmp_path / "one.jsonl"
    with CODED.open(encoding="utf-8") as source, one.open("w", encoding="utf-8") as sink:
        for line in source:
            record = json.loads(line)
            record["annotations"] = [a for a in record.get("annotations", []) if a["coder"] == "bola"]
            sink.write(json.dumps(record) + "\n")
    db = str(tmp_path / "one.db")
    assert main(["import", str(one), "--db", db]) == 0
    out = tmp_path / "one.csv"
    assert main(["export", "--format", "acled", "-o", str(out), "--db", db]) == 0
    assert "coder column" not in capsys.readouterr().out
    rows = _rows(out)
    assert len(rows) == 2 and all(len(r) == 31 for r in rows)
