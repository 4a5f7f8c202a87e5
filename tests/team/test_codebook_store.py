"""The codebook belongs to the project: stored, versioned with a diff, never orphaning coded values."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.cli import main
from annotator.domain.errors import UserError
from annotator.services import annotate as an
from annotator.services.codebooks import current_version, export_codebook, history, refresh, set_codebook
from annotator.services.project import open_project
from tests.fixtures.codebooks import default_text, renamed_text
from tests.unit.test_annotate import add_article

WEAPON = '\n[[labels]]\nname = "weapon"\ncolour = "#7c3aed"\nkey = "w"\ndescription = "Arms used."\nfills = []\n'


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _with_weapon(text: str) -> str:
    # Labels come before the event types in the shipped file: insert after the last label.
    head, tail = text.split("\n[[event_types]]", 1)
    return head + WEAPON + "\n[[event_types]]" + tail


def test_a_new_project_stores_its_codebook_and_keeps_it(db_url: str, tmp_path: Path) -> None:
    project = open_project(db_url)
    try:
        assert project.codebook_version == 1
        ref = an.SetRef(add_article(project), "alice")
        an.apply(project, an.AddSpan(ref, 0, 10, "actor"))
    finally:
        project.close()
    other = _write(tmp_path, "renamed.toml", renamed_text())
    with pytest.raises(UserError, match="keeps its own codebook"):
        open_project(db_url, codebook=other)
    same = _write(tmp_path, "same.toml", default_text())
    open_project(db_url, codebook=same).close()  # the same codebook from a file is fine


def test_set_versions_diffs_and_refuses_orphans(db_url: str, tmp_path: Path) -> None:
    project = open_project(db_url)
    try:
        ref = an.SetRef(add_article(project), "alice")
        an.apply(project, an.AddSpan(ref, 0, 10, "actor"))
        an.apply(project, an.CreateEvent(ref, values=(("sub_event_type", "Looting/property destruction"),)))
        engine = project.engine
        bigger = _write(tmp_path, "weapon.toml", _with_weapon(default_text()))
        preview = set_codebook(engine, bigger, dry_run=True)
        assert preview.version is None and preview.changes == ["+ label 'weapon'"]
        assert current_version(engine) == 1
        changed = set_codebook(engine, bigger)
        assert (changed.version, changed.changes) == (2, ["+ label 'weapon'"])
        assert set_codebook(engine, bigger).version is None  # the same again: nothing stored

        renamed = _write(tmp_path, "renamed.toml", renamed_text(_with_weapon(default_text())))
        with pytest.raises(UserError, match="would orphan coded values") as err:
            set_codebook(engine, renamed)
        assert "label 'actor' is removed but tags 1 span(s): article a1 (alice, s1)" in str(err.value)
        no_looting = default_text().replace('name = "Looting/property destruction"', 'name = "Looting"')
        with pytest.raises(UserError) as err:
            set_codebook(engine, _write(tmp_path, "nolooting.toml", _with_weapon(no_looting)))
        assert (
            "sub-event type 'Looting/property destruction' is removed but is in 1 event(s): article a1 (alice, e1)"
            in str(err.value)
        )
        assert current_version(engine) == 2 and [v for v, *_ in history(engine)] == [1, 2]
        out = tmp_path / "out.toml"
        assert export_codebook(engine, out) == 2 and out.read_bytes() == bigger.read_bytes()
        assert export_codebook(engine, out, version=1) == 1 and out.read_text(encoding="utf-8") == default_text()
    finally:
        project.close()
    reopened = open_project(db_url)
    try:
        assert reopened.codebook_version == 2 and "weapon" in reopened.codebook.label_names
        assert not refresh(reopened)
        # Another window stores version 3: this one picks it up when told.
        vehicle = WEAPON.replace("weapon", "vehicle").replace('"w"', '"v"')
        set_codebook(
            reopened.engine, _write(tmp_path, "v3.toml", _with_weapon(default_text()).replace(WEAPON, WEAPON + vehicle))
        )
        assert refresh(reopened) and reopened.codebook_version == 3 and "vehicle" in reopened.codebook.label_names
        an.apply(reopened, an.AddSpan(an.SetRef(1, "alice"), 11, 15, "weapon"))
    finally:
        reopened.close()


def test_codebook_commands(sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from annotator.services.project import open_project

    bigger = _write(tmp_path, "weapon.toml", _with_weapon(default_text()))
    assert main(["codebook", "show", "--db", sqlite_url]) == 1  # no project there yet
    assert "no such file" in capsys.readouterr().err
    open_project(sqlite_url, create=True).close()
    assert main(["codebook", "show", "--db", sqlite_url]) == 0
    assert "(version 1)" in capsys.readouterr().out
    assert main(["codebook", "set", str(bigger), "--db", sqlite_url]) == 0
    assert capsys.readouterr().out.splitlines() == ["+ label 'weapon'", "Stored as version 2."]
    out = tmp_path / "exported.toml"
    assert main(["codebook", "export", "-o", str(out), "--db", sqlite_url]) == 0
    assert out.read_bytes() == bigger.read_bytes()
    broken = _write(tmp_path, "broken.toml", "name = \n")
    assert main(["codebook", "set", str(broken), "--db", sqlite_url]) == 1
    assert "broken.toml" in capsys.readouterr().err
