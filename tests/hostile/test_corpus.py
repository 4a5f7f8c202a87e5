"""The corpus of hostile files (tests/hostile/corpus, written by make_corpus.py): each file is refused
with its one-line error naming the file, line and field, exit code 1, no traceback, and the database
left as it was, on SQLite and on PostgreSQL (issue 14)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.services.importing import import_paths
from annotator.services.project import open_project
from tests.hostile.common import fingerprint, message_problems
from tests.hostile.make_corpus import CORPUS, MANIFEST, all_cases, good


def test_the_corpus_on_disk_is_what_the_generator_writes() -> None:
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    cases = all_cases()
    assert sorted(manifest) == sorted(c.name for c in cases)
    for case in cases:
        assert (CORPUS / case.name).read_bytes() == case.content, case.name


def test_every_hostile_file_is_refused_with_its_line_and_field(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed = tmp_path / "seed.jsonl"
    seed.write_text(json.dumps(good("seed", event_id="KEN9001")) + "\n", encoding="utf-8")
    project = open_project(db_url)
    try:
        assert import_paths(project, [seed]).added == 1
        before = fingerprint(project.engine)
        manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
        failures = []
        for name, expected in sorted(manifest.items()):
            path = CORPUS / name
            code = main(["import", str(path), "--db", db_url])
            err = capsys.readouterr().err
            problems = message_problems(err, str(path), expected["line"], expected["field"], expected["reason"])
            if code != 1:
                problems.append(f"exit {code}")
            if fingerprint(project.engine) != before:
                problems.append("the database changed")
            if problems:
                failures.append(f"{name}: {', '.join(problems)}: {err.strip()[:300]}")
        assert not failures, "\n".join(failures)
        assert len(manifest) >= 100
    finally:
        project.close()


def test_an_event_id_the_database_holds_is_refused_for_a_new_article(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = tmp_path / "first.jsonl"
    first.write_text(json.dumps(good("one", event_id="KEN9001")) + "\n", encoding="utf-8")
    second = tmp_path / "second.jsonl"
    second.write_text(json.dumps(good("two", event_id="KEN9001")) + "\n", encoding="utf-8")
    assert main(["import", str(first), "--db", db_url]) == 0
    capsys.readouterr()
    assert main(["import", str(second), "--db", db_url]) == 1
    err = capsys.readouterr().err
    field = "annotations[0].events[0].fields.event_id_cnty"
    assert not message_problems(err, str(second), 1, field, "KEN9001 is already held by another event")
