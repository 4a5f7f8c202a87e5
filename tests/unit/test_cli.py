"""The command line: exit codes, messages a person understands, no tracebacks for user mistakes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.cli import main
from tests.fixtures.interchange import awkward_records, write_jsonl


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "cli.db")


def test_import_then_export_then_list(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", awkward_records())
    assert main(["import", str(source), "--db", db]) == 0
    assert "Imported 4 articles from 1 file with 5 annotation sets." in capsys.readouterr().out
    out = tmp_path / "out.jsonl"
    assert main(["export", "--format", "jsonl", "--output", str(out), "--db", db]) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 4
    assert main(["articles", "--db", db]) == 0
    listing = capsys.readouterr().out
    assert "crlf-1" in listing and "in_progress" in listing and "emoji-1" in listing
    assert main(["articles", "--db", db, "--status", "done"]) == 0
    done = capsys.readouterr().out
    assert "crlf-1" in done and "emoji-1" in done and "ar-1" not in done


def test_reimport_reports_skips_on_stderr(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", awkward_records())
    main(["import", str(source), "--db", db])
    capsys.readouterr()
    assert main(["import", str(source), "--db", db]) == 0
    captured = capsys.readouterr()
    assert "skipped 4 duplicates (already in the project)" in captured.out
    assert f"skipped {source}:1 (crlf-1): an article with this id is already in the database" in captured.err


def test_broken_line_3_exits_non_zero_naming_file_and_line(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [json.dumps(r) for r in awkward_records()]
    lines[2] = "{not json"
    broken = tmp_path / "broken.jsonl"
    broken.write_text("\n".join(lines), encoding="utf-8")
    assert main(["import", str(broken), "--db", db]) == 1
    err = capsys.readouterr().err
    assert f"{broken}, line 3: is not valid JSON" in err
    assert "Traceback" not in err
    assert main(["articles", "--db", db]) == 0
    assert "No articles." in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["import", "/no/such/file.jsonl"], "no such file or folder"),
        (["export", "--format", "jsonl", "--output", "/no/such/dir/out.jsonl"], "does not exist"),
        (["export", "--format", "jsonl", "--output", "OUT", "--annotations", "zed"], "no coder named 'zed'"),
        (["import", "--codebook", "/no/book.toml", "IN"], "cannot be read"),
    ],
)
def test_user_mistakes_get_one_line_and_exit_1(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", awkward_records()[:1])
    args = [str(tmp_path / "o.jsonl") if a == "OUT" else str(source) if a == "IN" else a for a in args]
    assert main(["import", str(source), "--db", db]) == 0  # a project to export from
    capsys.readouterr()
    assert main([*args, "--db", db]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_unknown_file_type_is_refused(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "slides.pptx"
    doc.write_bytes(b"PK")
    assert main(["import", str(doc), "--db", db]) == 1
    assert "cannot import '.pptx'" in capsys.readouterr().err


def test_db_check_and_backup(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from annotator.store.schema import head_revision

    head = head_revision()
    # Only import, demo and New project create a database (issue 14): upgrade refuses a missing file.
    assert main(["db", "upgrade", "--db", db]) == 1
    assert "no such file" in capsys.readouterr().err and not Path(db).exists()
    assert main(["import", str(write_jsonl(tmp_path / "in.jsonl", awkward_records())), "--db", db]) == 0
    capsys.readouterr()
    assert main(["db", "upgrade", "--db", db]) == 0
    assert f"Nothing to do: schema {head} is current" in capsys.readouterr().out
    assert main(["db", "check", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "Integrity: ok" in out and f"schema {head} is current" in out
    assert main(["db", "backup", "--db", db]) == 0
    backup = Path(capsys.readouterr().out.strip().split("Backup written to ")[1])
    assert backup.exists() and backup.parent.name == "backups"


def test_demo_loads_samples_once(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--no-window", "--db", db]) == 0
    assert "Imported 7 articles" in capsys.readouterr().out
    assert main(["demo", "--no-window", "--db", db]) == 0
    assert "Imported 0 articles" in capsys.readouterr().out


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["export", "--format", "xml", "--output", "x"])
    assert exc.value.code == 2


def test_app_without_display_explains_instead_of_aborting(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "annotator", "--db", str(tmp_path / "x.db")],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert "no display was found" in done.stderr
    assert "QT_QPA_PLATFORM=offscreen" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_command_table_names_what_each_module_registers() -> None:
    """main() registers only the given command's module, found through COMMANDS: a command missing
    from the table, or listed under the wrong module, would not be found."""
    import argparse
    import importlib

    from annotator.cli import COMMANDS, build_parser

    def registered(parser: argparse.ArgumentParser) -> set[str]:
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        return set(sub.choices)

    for module, commands in COMMANDS.items():
        parser = argparse.ArgumentParser()
        importlib.import_module(f"annotator.cli.{module}").register(parser.add_subparsers())
        assert registered(parser) == set(commands), module
    everything = registered(build_parser())
    assert everything == {c for commands in COMMANDS.values() for c in commands}
    assert registered(build_parser("unassign")) == {"assign", "unassign"}


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["suggest", "--all"], "suggest"),
        (["--db", "suggest", "export", "-o", "x"], "export"),  # a database file named 'suggest'
        (["--codebook=b.toml", "team", "list"], "team"),
        (["--version"], None),
        (["nosuch"], None),  # the full parser reports it, listing every command
    ],
)
def test_the_command_is_found_past_the_global_options(argv: list[str], command: str | None) -> None:
    from annotator.cli import _command_in

    assert _command_in(argv) == command


def test_output_cut_short_by_its_reader_is_no_error(db: str, tmp_path: Path) -> None:
    """'annotator articles | head' ended in a BrokenPipeError traceback once head had its lines."""
    import subprocess
    import sys

    many = [
        {"id": f"a{i}", "title": f"Protest {i}", "text": f"Article number {i} about a protest."} for i in range(3000)
    ]
    source = write_jsonl(tmp_path / "many.jsonl", many)
    assert main(["import", str(source), "--db", db]) == 0
    command = [sys.executable, "-c", "import sys; from annotator.cli import main; sys.exit(main())", "articles"]
    listing = subprocess.Popen([*command, "--db", db], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert listing.stdout is not None and listing.stderr is not None
    first = listing.stdout.readline()
    listing.stdout.close()  # the reader goes away, as head does after its lines
    err = listing.stderr.read().decode()
    assert listing.wait(timeout=120) == 0
    assert first.startswith(b"ID") and "Traceback" not in err and "BrokenPipe" not in err, err
