"""annotator selftest: one line per check, the fix named for each failure, exit 1 when one fails;
and the messages for no display and missing libraries point to it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.services import selftest
from annotator.services.project import create_project
from annotator.services.selftest import Status
from annotator.ui import display, platform_check
from annotator.ui.platform_check import qt_checks


@pytest.fixture
def plugins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A platform plugin folder of PySide6's layout, so the checks need not find (or load) Qt."""
    folder = tmp_path / "plugins" / "platforms"
    folder.mkdir(parents=True)
    for name in ("xcb", "offscreen", "wayland"):
        (folder / f"libq{name}.so").write_bytes(b"")
    monkeypatch.setattr(platform_check, "_plugin_dir", lambda: folder)
    return folder


def _by_name(checks):  # type: ignore[no-untyped-def]
    return {c.name: c for c in checks}


def test_a_writable_data_folder_passes_and_an_impossible_one_fails_with_a_fix(tmp_path: Path) -> None:
    ok = selftest.check_data_folder(tmp_path / "new" / "folder")
    assert ok.status == Status.OK and (tmp_path / "new" / "folder").is_dir()
    assert list((tmp_path / "new" / "folder").iterdir()) == []  # the test file is gone
    (tmp_path / "file").write_text("x")
    bad = selftest.check_data_folder(tmp_path / "file" / "inside")
    assert bad.status == Status.FAIL and "writable" in bad.fix and "ANNOTATOR_DB" in bad.fix
    assert bad.line().startswith("[FAIL] data folder: ") and " — fix: " in bad.line()


def test_the_database_check_never_creates_a_file_and_tells_each_state_apart(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    check = selftest.check_database(str(missing))
    assert check.status == Status.OK and "no database yet" in check.detail and not missing.exists()
    project = create_project(tmp_path / "p.db")
    project.close()
    assert selftest.check_database(str(tmp_path / "p.db")).status == Status.OK
    foreign = tmp_path / "other.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("create table budget (item text)")
    check = selftest.check_database(str(foreign))
    assert check.status == Status.FAIL and "not an Annotator database" in check.detail


def test_an_unreachable_server_fails_with_what_to_do() -> None:
    check = selftest.check_database("postgresql+psycopg://nobody@127.0.0.1:9/none")
    assert check.status == Status.FAIL and "cannot be reached" in check.detail
    assert "start the server" in check.fix


@pytest.mark.postgres
def test_a_reachable_server_passes(pg_url: str) -> None:
    assert selftest.check_database(pg_url).status == Status.OK


def test_readers_and_resources_pass_and_a_missing_reader_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    assert selftest.check_readers().status == Status.OK
    assert selftest.check_resources().status == Status.OK
    assert selftest.check_maths().status == Status.OK
    monkeypatch.setitem(selftest.READER_MODULES, "slides", "no_such_module_for_slides")
    check = selftest.check_readers()
    assert check.status == Status.FAIL and "slides" in check.detail and "reinstall" in check.fix


def test_a_missing_gazetteer_file_fails(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import annotator.assist.places as places

    monkeypatch.setattr(places, "geonames_files", lambda: [tmp_path / "cities500.json", tmp_path / "rg.csv"])
    check = selftest.check_gazetteer()
    assert check.status == Status.FAIL and "cities500.json" in check.detail


def test_without_a_display_the_window_check_warns_and_qt_is_tried_offscreen(plugins: Path) -> None:
    tried: list[str] = []

    def prober(platform: str) -> tuple[bool, str]:
        tried.append(platform)
        return True, platform

    checks = _by_name(qt_checks({}, prober=prober))
    if platform_check.sys.platform.startswith("linux"):
        assert checks["display"].status == Status.WARN and "xvfb-run" in checks["display"].fix
        assert tried == ["offscreen"]
    assert checks["Qt start"].status == Status.OK


def test_missing_xcb_libraries_fail_with_the_packages_to_install(
    monkeypatch: pytest.MonkeyPatch, plugins: Path
) -> None:
    monkeypatch.setattr(platform_check.sys, "platform", "linux")
    monkeypatch.setattr(platform_check, "missing_xcb_libraries", lambda plugin: ["libxcb-cursor.so.0", "libEGL.so.1"])
    tried: list[str] = []
    checks = _by_name(qt_checks({"DISPLAY": ":0"}, prober=lambda p: (tried.append(p) or True, p)))  # type: ignore[func-returns-value]
    libraries = checks["Qt system libraries"]
    assert libraries.status == Status.FAIL and "libxcb-cursor.so.0" in libraries.detail
    assert libraries.fix.startswith("sudo apt-get install libegl1 libxcb-cursor0")
    assert tried == []  # Qt would abort: not started


def test_qt_failing_to_start_is_a_line_with_its_first_words(monkeypatch: pytest.MonkeyPatch, plugins: Path) -> None:
    monkeypatch.setattr(platform_check, "missing_xcb_libraries", lambda plugin: [])
    checks = _by_name(
        qt_checks({"QT_QPA_PLATFORM": "offscreen"}, prober=lambda p: (False, "could not connect to display"))
    )
    assert checks["Qt start"].status == Status.FAIL and "could not connect" in checks["Qt start"].detail
    assert checks["Qt start"].fix
    (plugins / "libqoffscreen.so").unlink()
    checks = _by_name(qt_checks({"QT_QPA_PLATFORM": "offscreen"}, prober=lambda p: pytest.fail("started")))
    assert (
        checks["Qt platform plugin"].status == Status.FAIL
        and "'offscreen' is not in" in checks["Qt platform plugin"].detail
    )


def test_the_probe_really_starts_qt_in_a_child_process() -> None:
    assert platform_check.run_probe("offscreen") == (True, "offscreen")
    started, said = platform_check.run_probe("no-such-platform")
    assert not started and said


@pytest.mark.qt  # its Qt check starts Qt (in a child process)
def test_the_command_prints_one_line_per_check_and_exits_by_failures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert main(["selftest", "--no-gazetteer", "--db", str(tmp_path / "x.db")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("annotator ") and lines[-1] == "Everything needed is here."
    names = [line.split("]", 1)[1].split(":", 1)[0].strip() for line in lines[1:-1]]
    assert names == [
        "display",
        "Qt platform plugin",
        "Qt start",
        "resources",
        "article readers",
        "agreement maths",
        "data folder",
        "database",
    ]
    assert all(line.startswith(("[ok] ", "[warn] ")) for line in lines[1:-1])
    monkeypatch.setitem(selftest.READER_MODULES, "slides", "no_such_module_for_slides")
    assert main(["selftest", "--no-gazetteer", "--db", str(tmp_path / "x.db")]) == 1
    out = capsys.readouterr().out
    assert "[FAIL] article readers" in out and "— fix: reinstall" in out and out.endswith("1 check(s) failed.\n")


def test_without_pyside6_the_platform_check_fails_and_qt_is_not_started(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(platform_check, "_plugin_dir", lambda: None)
    checks = _by_name(qt_checks({"QT_QPA_PLATFORM": "offscreen"}, prober=lambda p: pytest.fail("started")))
    assert checks["Qt platform plugin"].status == Status.FAIL and "Qt start" not in checks


def test_the_no_display_and_missing_library_messages_point_to_selftest() -> None:
    assert "annotator selftest" in display.NO_DISPLAY_MESSAGE
    assert "annotator selftest" in display.missing_libraries_message(["libxcb-cursor.so.0"])
