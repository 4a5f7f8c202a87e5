"""Crash harness: SIGKILL at random moments while coding, importing and exporting (issue 14).

* Coding: a forked process makes edits through the services layer (``annotate.apply``: spans added,
  an event's fatalities set) and reports each one after ``apply`` returned; it is killed at a random
  moment. Every reported edit must be in the database afterwards, and SQLite's integrity check must
  pass. 20 kills per backend in CI, 200 with ANNOTATOR_FUZZ_FULL=1.
* Import: a process importing a file of articles is killed: the database is then unchanged, or the
  import is complete. 5 kills in CI, 15 in full.
* Export: a process exporting over an existing file is killed: the target is then the old file or
  the complete new one, and the next export removes any temporary file left behind. 5 kills in CI,
  40 in full.

Processes are forked from the test (Annotator already imported) so that each kill costs little.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import signal
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from annotator.services import annotate as an
from annotator.services.export_datasets import export_dataset
from annotator.services.export_spec import DatasetFormat, ExportOptions
from annotator.services.importing import import_paths
from annotator.services.project import open_project
from annotator.store.repository import article_ids, articles_t, coders_t, events_t, sets_t, spans_t
from tests.hostile.common import fingerprint
from tests.hostile.make_corpus import good

FULL = os.environ.get("ANNOTATOR_FUZZ_FULL") == "1"
EDIT_KILLS = 200 if FULL else 20
IMPORT_KILLS = 15 if FULL else 5
EXPORT_KILLS = 40 if FULL else 5

pytestmark = pytest.mark.skipif(os.name != "posix", reason="needs fork and SIGKILL")

TEXT = " ".join(["Protesters marched in Nairobi on Tuesday and police watched."] * 40)


def _forked(target: Callable[..., None], *args: Any) -> tuple[multiprocessing.Process, int]:
    """Start ``target(write_fd, *args)`` in a forked process; return it and the pipe's read end."""
    read_fd, write_fd = os.pipe()
    proc = multiprocessing.get_context("fork").Process(target=target, args=(write_fd, *args), daemon=True)
    proc.start()
    os.close(write_fd)
    return proc, read_fd


def _say(fd: int, line: str) -> None:
    os.write(fd, (line + "\n").encode())  # unbuffered: what is said is said before the next step


def _read_all(fd: int) -> list[str]:
    chunks = []
    while chunk := os.read(fd, 65536):
        chunks.append(chunk)
    os.close(fd)
    return b"".join(chunks).decode().splitlines()


def _wait_for(fd: int, word: str, timeout: float = 60) -> list[str]:
    """Lines read until one equals ``word`` (the child is ready)."""
    lines, buffer, deadline = [], b"", time.monotonic() + timeout
    while time.monotonic() < deadline:
        chunk = os.read(fd, 4096)
        if not chunk:
            break
        buffer += chunk
        *done, buffer_str = buffer.decode().split("\n")
        buffer = buffer_str.encode()
        lines += done
        if word in done:
            return lines
    raise AssertionError(f"the child never said {word!r}: {lines}")


def _kill(proc: multiprocessing.Process) -> None:
    if proc.pid is not None and proc.is_alive():
        os.kill(proc.pid, signal.SIGKILL)
    proc.join(30)


# ---------------------------------------------------------------------------- coding


def _code(fd: int, url: str, article_id: int, coder: str) -> None:
    """Edits until killed, each reported once apply() has returned."""
    project = open_project(url, create=False)
    ref = an.SetRef(article_id, coder)
    an.apply(project, an.CreateEvent(ref, key="ev"))
    _say(fd, "ready")
    for i in range(len(TEXT) - 1):
        an.apply(project, an.AddSpan(ref, i, i + 1, "actor", key=f"k{i}"))
        _say(fd, f"span k{i}")
        an.apply(project, an.SetEventField.one(ref, "ev", "fatalities", i))
        _say(fd, f"fatalities {i}")
    _say(fd, "finished")


@dataclass
class EditTally:
    kills: int = 0
    acknowledged: int = 0
    lost: list[str] = field(default_factory=list)
    integrity_failures: list[str] = field(default_factory=list)


def _check_edits(url: str, article_id: int, coder: str, acks: list[str], tally: EditTally) -> None:
    spans = {line.split()[1] for line in acks if line.startswith("span ")}
    fatalities = [int(line.split()[1]) for line in acks if line.startswith("fatalities ")]
    tally.acknowledged += len(spans) + len(fatalities) + 1  # the event made before "ready"
    project = open_project(url, create=False)
    try:
        with project.engine.connect() as conn:
            coder_id = conn.scalar(select(coders_t.c.id).where(coders_t.c.name == coder))
            set_id = conn.scalar(
                select(sets_t.c.id).where(sets_t.c.article_id == article_id, sets_t.c.coder_id == coder_id)
            )
            stored = set(conn.scalars(select(spans_t.c.key).where(spans_t.c.set_id == set_id)))
            event = conn.execute(
                select(events_t.c.fatalities).where(events_t.c.set_id == set_id, events_t.c.key == "ev")
            ).first()
    finally:
        project.close()
    if event is None:
        tally.lost.append(f"{coder}: event ev")  # made and acknowledged before "ready"
    value = event.fatalities if event is not None else None
    tally.lost += [f"{coder}: span {k}" for k in sorted(spans - stored)]
    if fatalities and (value is None or value < fatalities[-1]):
        tally.lost.append(f"{coder}: fatalities {fatalities[-1]} acknowledged, {value} stored")
    path = url.removeprefix("sqlite:///") if url.startswith("sqlite") else None
    if path:
        conn2 = sqlite3.connect(path)
        try:
            result = conn2.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            conn2.close()
        if result != "ok":
            tally.integrity_failures.append(f"after kill {tally.kills}: {result}")


def _articles(url: str, tmp: Path, n: int) -> list[int]:
    src = tmp / "articles.jsonl"
    src.write_text(
        "".join(json.dumps({"id": f"crash-{i}", "text": f"{TEXT} {i}"}) + "\n" for i in range(n)), encoding="utf-8"
    )
    project = open_project(url)
    try:
        import_paths(project, [src])
        with project.engine.connect() as conn:
            ids = article_ids(conn, [f"crash-{i}" for i in range(n)])
    finally:
        project.close()  # nothing of the parent's is open when it forks
    return [ids[f"crash-{i}"] for i in range(n)]


def test_no_acknowledged_edit_is_lost_when_killed(db_url: str, tmp_path: Path) -> None:
    rng = random.Random(14)
    articles = _articles(db_url, tmp_path, 5)
    tally = EditTally()
    for kill in range(EDIT_KILLS):
        coder, article = f"crash{kill}", articles[kill % len(articles)]
        proc, fd = _forked(_code, db_url, article, coder)
        acks = _wait_for(fd, "ready")
        time.sleep(rng.uniform(0.0, 0.5))
        _kill(proc)
        acks += _read_all(fd)
        tally.kills += 1
        assert "finished" not in acks
        _check_edits(db_url, article, coder, acks, tally)
    print(
        f"\ncrash/edits on {db_url.split(':')[0]}: {tally.kills} kills, {tally.acknowledged} edits acknowledged, "
        f"{len(tally.lost)} lost, {len(tally.integrity_failures)} integrity failures"
    )
    assert not tally.lost, tally.lost[:20]
    assert not tally.integrity_failures, tally.integrity_failures
    assert tally.acknowledged > EDIT_KILLS  # the kills landed in the middle of coding


# ---------------------------------------------------------------------------- import


def _import(fd: int, url: str, path: str) -> None:
    project = open_project(url, create=False)
    _say(fd, "ready")
    import_paths(project, [path])
    _say(fd, "imported")


def test_a_killed_import_changes_nothing_or_completes(db_url: str, tmp_path: Path) -> None:
    rng = random.Random(15)
    _articles(db_url, tmp_path, 1)
    n = 1500
    changed = complete = 0
    for kill in range(IMPORT_KILLS):
        src = tmp_path / f"import-{kill}.jsonl"
        src.write_text("".join(json.dumps(good(f"imp{kill}-{i}")) + "\n" for i in range(n)), encoding="utf-8")
        project = open_project(db_url, create=False)
        before = fingerprint(project.engine)
        with project.engine.connect() as conn:
            count = conn.scalar(select(func.count()).select_from(articles_t))
        project.close()
        proc, fd = _forked(_import, db_url, str(src))
        _wait_for(fd, "ready")
        time.sleep(rng.uniform(0.0, 0.7))  # an import of 1,500 articles takes about 0.5-1 s here
        _kill(proc)
        said = _read_all(fd)
        project = open_project(db_url, create=False)
        try:
            with project.engine.connect() as conn:
                after = conn.scalar(select(func.count()).select_from(articles_t))
            if after == count + n:
                complete += 1
            elif fingerprint(project.engine) != before:
                changed += 1
            else:
                assert "imported" not in said  # reported done, yet nothing there
        finally:
            project.close()
    print(
        f"\ncrash/import on {db_url.split(':')[0]}: {IMPORT_KILLS} kills, {complete} completed, {changed} half-changed"
    )
    assert changed == 0


# ---------------------------------------------------------------------------- export


def _options(fmt: str, target: str | Path) -> ExportOptions:
    return ExportOptions(DatasetFormat(fmt), Path(target))


def _export(fd: int, url: str, fmt: str, target: str) -> None:
    project = open_project(url, create=False)
    _say(fd, "ready")
    export_dataset(project, _options(fmt, target))
    _say(fd, "exported")


def _tree(path: Path) -> Any:
    if path.is_dir():
        return {p.name: p.read_bytes() for p in sorted(path.iterdir())}
    return path.read_bytes()


def test_a_killed_export_leaves_the_old_file_or_the_new_one(db_url: str, tmp_path: Path) -> None:
    rng = random.Random(16)
    src = tmp_path / "corpus.jsonl"
    src.write_text("".join(json.dumps(good(f"exp-{i}")) + "\n" for i in range(1500)), encoding="utf-8")
    project = open_project(db_url)
    import_paths(project, [src])
    out = tmp_path / "out"
    out.mkdir()
    reference = {}
    for fmt, name in (("jsonl", "c.jsonl"), ("brat", "brat")):
        export_dataset(project, _options(fmt, tmp_path / f"ref-{name}"))
        reference[fmt] = _tree(tmp_path / f"ref-{name}")
    project.close()
    half_written = leftovers = cut_short = 0
    for kill in range(EXPORT_KILLS):
        fmt, name = (("jsonl", "c.jsonl"), ("brat", "brat"))[kill % 2]
        target = out / name
        if not target.exists():
            if fmt == "brat":
                target.mkdir()
                (target / "annotation.conf").write_text("# an earlier export\n", encoding="utf-8")
            else:
                target.write_text("old\n", encoding="utf-8")
        old = _tree(target)
        proc, fd = _forked(_export, db_url, fmt, str(target))
        _wait_for(fd, "ready")
        time.sleep(rng.uniform(0.0, 1.0))
        _kill(proc)
        _read_all(fd)
        now = _tree(target) if target.exists() else None
        if now not in (old, reference[fmt]):
            half_written += 1
        if any(p.name.endswith((".part", ".part2", ".old")) for p in out.iterdir()):
            cut_short += 1  # killed in the middle: its temporary file is there
    # The next export to each target sweeps what the killed ones left.
    project = open_project(db_url, create=False)
    for fmt, name in (("jsonl", "c.jsonl"), ("brat", "brat")):
        export_dataset(project, _options(fmt, out / name))
        assert _tree(out / name) == reference[fmt]
    project.close()
    leftovers = len([p for p in out.iterdir() if p.name not in ("c.jsonl", "brat")])
    print(
        f"\ncrash/export on {db_url.split(':')[0]}: {EXPORT_KILLS} kills ({cut_short} left a temporary file), "
        f"{half_written} half-written targets, "
        f"{leftovers} temporary files left after the next export"
    )
    assert half_written == 0 and leftovers == 0
