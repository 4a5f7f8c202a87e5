"""File > Export…: options, a worker thread with progress and Cancel, clear outcomes, remembered choices."""

from __future__ import annotations

import csv
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QByteArray, QDate, Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox
from sqlalchemy import text

from annotator.domain import acled
from annotator.services import export_datasets
from annotator.services.export_datasets import DatasetFormat, InvalidEventsError
from annotator.services.export_spec import FORMATS, OPTIONS, ExportChoices
from annotator.services.progress import Cancelled
from annotator.ui.common.settings import Settings
from annotator.ui.common.tasks import ThreadProgress
from annotator.ui.export import dialog as ed
from annotator.ui.export.dialog import CANCELLED_TEXT, ExportDialog
from tests.ui.conftest import make_window

CODED = Path(__file__).parent.parent / "fixtures" / "export" / "coded.jsonl"
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def coded(tmp_path: Path) -> dict[str, object]:
    """A SQLite database with the coded export fixture (3 gold events, 6 in all) and a settings file."""
    from annotator.services.importing import import_paths
    from annotator.services.project import open_project

    url = f"sqlite:///{tmp_path / 'coded.db'}"
    project = open_project(url)
    try:
        import_paths(project, [CODED])
    finally:
        project.close()
    return {"url": url, "settings": str(tmp_path / "settings.ini")}


@pytest.fixture
def project(coded: dict[str, object]) -> Iterator[Any]:
    from annotator.services.project import open_project

    p = open_project(str(coded["url"]))
    yield p
    p.close()


@pytest.fixture
def settings(coded: dict[str, object]) -> Settings:
    return Settings(str(coded["settings"]))


@pytest.fixture
def outdir(tmp_path: Path) -> Path:
    """A folder for the exports alone (the database and settings sit in tmp_path), so 'nothing left behind' is
    'the folder is still empty'."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def dialog(qtbot, project, settings) -> ExportDialog:  # type: ignore[no-untyped-def]
    dlg = ExportDialog(project, settings)
    qtbot.addWidget(dlg)
    dlg.show()
    # The coder list is read on the database worker: wait for the fixture's coders.
    qtbot.waitUntil(lambda: dlg.annotations.findData("amal") >= 0, timeout=5000)
    return dlg


def active(qtbot, dlg: ExportDialog) -> ExportDialog:  # type: ignore[no-untyped-def]
    """The dialog as the active window, so that where the focus goes can be checked."""
    dlg.activateWindow()
    qtbot.waitUntil(dlg.isActiveWindow, timeout=2000)
    return dlg


def wait_done(qtbot, dlg: ExportDialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not dlg.running and (dlg.result_ is not None or dlg.error is not None), timeout=15000)


def rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.reader(handle))


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".part", ".old")))


def held_export(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Make the dialog's export wait on the returned gate before it starts, so the test sees it running."""
    gate = threading.Event()
    real = export_datasets.export_dataset

    def held(project, options, progress):  # type: ignore[no-untyped-def]
        gate.wait(10)
        return real(project, options, progress)

    monkeypatch.setattr(export_datasets, "export_dataset", held)
    return gate


def test_acled_export_from_the_file_menu(qtbot, coded, outdir, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, coded)
    try:
        qtbot.keyClick(window, Qt.Key.Key_E, CTRL)
        qtbot.waitUntil(lambda: window.findChild(ExportDialog) is not None, timeout=2000)
        dlg = window.findChild(ExportDialog)
        qtbot.waitUntil(dlg.isVisible, timeout=2000)
        assert dlg.isModal()
        # (The File menu now starts with the project commands: New, Open, Connect, Recent, Import.)
        assert {"Coder name…", "Export…"} <= {a.text() for a in window.menuBar().actions()[0].menu().actions()}
        # Defaults: ACLED, a dated name in a real folder, formulas neutralised, nothing skipped.
        assert dlg.current_format() is DatasetFormat.ACLED
        assert Path(dlg.path.text()).name.startswith("acled-export-") and dlg.path.text().endswith(".csv")
        assert dlg.check("neutralise_formulas").isChecked() and not dlg.check("skip_invalid").isChecked()
        assert dlg.annotations.findData("amal") >= 0  # a coder of the fixture is offered by name
        out = outdir / "acled.csv"
        dlg.path.setText(str(out))
        ed._select(dlg.annotations, "gold")
        qtbot.mouseClick(dlg.export_button, Qt.MouseButton.LeftButton)
        wait_done(qtbot, dlg)
        assert dlg.error is None, dlg.message.text()
        table = rows(out)
        assert len(table[0]) == 31 and table[0][0] == "event_id_cnty" and table[0][-1] == "timestamp"
        assert tuple(table[0]) == acled.COLUMNS
        assert len(table) == 1 + 3
        assert [r[0] for r in table[1:]] == ["NGA1", "NGA2", "SYR1"]  # the gold events, in creation order
        assert f"Wrote 3 event row(s) to {out}." in dlg.message.text()
        assert dlg.message.objectName() == "saved"
        assert dlg.open_button.isVisible() and not dlg.problems.isVisible()
        assert sorted(p.name for p in outdir.iterdir()) == ["acled.csv"]  # and no temporary file beside it
        opened: list[Path] = []
        monkeypatch.setattr(ed, "open_folder", lambda p: opened.append(p) or True)
        qtbot.mouseClick(dlg.open_button, Qt.MouseButton.LeftButton)
        assert opened == [outdir]
        dlg.reject()
        assert not dlg.isVisible()
    finally:
        window.close()


def test_default_choices_add_the_coder_column_with_every_coder(qtbot, project, settings, outdir, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    gate = held_export(monkeypatch)
    dlg = dialog(qtbot, project, settings)
    out = outdir / "all.csv"
    dlg.path.setText(str(out))
    ed._select(dlg.annotations, "all")
    dlg.check("excel").setChecked(True)
    dlg.start_export()
    # Held at the gate, so this is the running state, whatever the outcome will be.
    assert dlg.running and dlg.result_ is None and dlg.error is None
    assert not dlg.export_button.isEnabled() and dlg.close_button.text() == "Cancel"
    assert not out.exists()
    gate.set()
    wait_done(qtbot, dlg)
    assert dlg.error is None, dlg.message.text()
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    table = rows(out)
    assert table[0][-1] == "coder" and len(table) == 1 + 6
    assert len(table[0]) == len(acled.COLUMNS) + 1
    assert [(r[0], r[-1]) for r in table[1:]] == [
        ("NGA1", "gold"),
        ("NGA2", "gold"),
        ("NGA3", "amal"),
        ("MLI1", "amal"),
        ("MLI2", "bola"),
        ("SYR1", "gold"),
    ]
    assert "(with a coder column)" in dlg.message.text()
    assert dlg.export_button.isEnabled() and dlg.close_button.text() == "Close"


def test_cancel_with_esc_writes_nothing(qtbot, project, settings, outdir, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    gate = held_export(monkeypatch)  # the export starts only once the test has pressed Esc
    dlg = dialog(qtbot, project, settings)
    out = outdir / "cancelled.csv"
    dlg.path.setText(str(out))
    dlg.start_export()
    assert dlg.running
    assert dlg.close_button.text() == "Cancel" and not dlg.export_button.isEnabled()
    assert not dlg.format.isEnabled() and not dlg.filters.isEnabled()
    assert dlg.progress.isVisible()
    qtbot.keyClick(dlg, Qt.Key.Key_Escape)
    assert dlg.isVisible()  # Esc cancels the export; it does not close the dialog under it
    assert dlg.close_button.text() == "Cancelling…" and not dlg.close_button.isEnabled()
    gate.set()
    wait_done(qtbot, dlg)
    assert isinstance(dlg.error, Cancelled) and dlg.result_ is None
    assert dlg.message.text() == CANCELLED_TEXT
    assert not out.exists() and list(outdir.iterdir()) == []
    assert not dlg.open_button.isVisible()
    assert dlg.close_button.text() == "Close" and dlg.close_button.isEnabled() and dlg.export_button.isEnabled()
    assert not dlg.progress.isVisible()


def test_cancel_during_progress(qtbot, project, settings, outdir, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Cancel while the export runs: ACLED stops at its first advance, brat and CoNLL at the next article."""
    calls: list[str] = []
    start, advance = ThreadProgress.start, ThreadProgress.advance

    def cancel_on_start(self: ThreadProgress, total: int | None, what: str) -> None:
        calls.append(what)
        start(self, total, what)
        if what != "Exporting ACLED CSV":
            self.cancel()  # as if Cancel were clicked as the first article was read

    def cancel_on_advance(self: ThreadProgress, done: int) -> None:
        calls.append(f"advance {done}")
        advance(self, done)
        self.cancel()  # as if Cancel were clicked while the first chunk was written

    monkeypatch.setattr(ThreadProgress, "start", cancel_on_start)
    monkeypatch.setattr(ThreadProgress, "advance", cancel_on_advance)
    dlg = dialog(qtbot, project, settings)
    for fmt, name in ((DatasetFormat.ACLED, "c.csv"), (DatasetFormat.CONLL, "c.conll"), (DatasetFormat.BRAT, "b")):
        ed._select(dlg.format, fmt.value)
        dlg.path.setText(str(outdir / name))
        dlg.start_export()
        wait_done(qtbot, dlg)
        assert isinstance(dlg.error, Cancelled), fmt
        assert dlg.message.text() == CANCELLED_TEXT
        assert list(outdir.iterdir()) == [], fmt  # neither the file nor a temporary one
    assert calls[:2] == ["Exporting ACLED CSV", "advance 5"]
    assert calls[2:] == ["Exporting CoNLL", "Exporting brat standoff"]  # each stopped before its first advance


def test_invalid_event_lists_the_problem_and_writes_nothing(qtbot, project, settings, outdir) -> None:  # type: ignore[no-untyped-def]
    with project.engine.begin() as conn:
        conn.execute(text("UPDATE events SET actor1 = '' WHERE event_id_cnty = 'SYR1'"))
    dlg = dialog(qtbot, project, settings)
    out = outdir / "acled.csv"
    dlg.path.setText(str(out))
    dlg.start_export()
    wait_done(qtbot, dlg)
    assert isinstance(dlg.error, InvalidEventsError)
    assert not out.exists() and list(outdir.iterdir()) == []
    message = dlg.message.text()
    assert message.startswith("1 event(s) break the codebook (actor1 1), so nothing was written.")
    assert "Skip invalid events" in message and "Traceback" not in message
    assert dlg.message.objectName() == "fieldError"
    assert dlg.problems.isVisible() and dlg.problems.topLevelItemCount() == 1
    item = dlg.problems.topLevelItem(0)
    assert [item.text(c) for c in range(5)] == ["aleppo-2024-05-05", "E1 (SYR1)", "gold", "actor1", "no actor1"]
    assert not dlg.open_button.isVisible()
    # One click writes the valid rows and still lists what was left out.
    assert dlg.skip_button.isVisible()
    qtbot.mouseClick(dlg.skip_button, Qt.MouseButton.LeftButton)
    wait_done(qtbot, dlg)
    assert dlg.error is None and dlg.check("skip_invalid").isChecked()
    assert len(rows(out)) == 1 + 4
    assert "SYR1" not in [r[0] for r in rows(out)[1:]]  # the valid rows only
    assert "Skipped 1 invalid event(s) (actor1 1)." in dlg.message.text()
    assert "  - " not in dlg.message.text()  # the problems are in the list, not in the sentence
    assert dlg.problems.isVisible() and dlg.problems.topLevelItem(0).text(3) == "actor1"
    assert not dlg.skip_button.isVisible()


def test_choices_are_remembered(qtbot, project, settings, coded, outdir) -> None:  # type: ignore[no-untyped-def]
    dlg = dialog(qtbot, project, settings)
    ed._select(dlg.format, "conll")
    dlg.path.setText(str(outdir / "ner.conll"))
    ed._select(dlg.annotations, "amal")
    dlg.status_boxes["not_started"].setChecked(False)
    dlg.from_on.setChecked(True)
    dlg.date_from.setDate(QDate(2024, 4, 1))
    dlg.countries.setText("mali, Nigeria,")
    ed._select(dlg.combo("date_style"), "legacy")
    ed._select(dlg.combo("inter_style"), "numeric")
    ed._select(dlg.combo("coder_column"), "no")
    dlg.check("excel").setChecked(True)
    dlg.check("neutralise_formulas").setChecked(False)
    dlg.check("skip_invalid").setChecked(True)
    ed._select(dlg.combo("conll_marker"), "comment")
    dlg.start_export()
    wait_done(qtbot, dlg)
    assert dlg.error is None, dlg.message.text()
    assert (outdir / "ner.conll").read_text(encoding="utf-8").startswith("# doc_id = ")
    dlg.close()

    again = dialog(qtbot, project, Settings(str(coded["settings"])))  # a fresh read of the same file
    assert again.current_format() is DatasetFormat.CONLL
    assert again.annotations.currentData() == "amal"
    assert {s for s, box in again.status_boxes.items() if box.isChecked()} == {"in_progress", "done"}
    assert again.from_on.isChecked() and again.date_from.isEnabled()
    assert again.date_from.date() == QDate(2024, 4, 1)
    assert not again.to_on.isChecked() and not again.date_to.isEnabled()
    assert again.countries.text() == "mali, Nigeria"
    assert again.combo("date_style").currentData() == "legacy" and again.combo("inter_style").currentData() == "numeric"
    assert again.combo("coder_column").currentData() == "no"
    assert (
        again.check("excel").isChecked()
        and not again.check("neutralise_formulas").isChecked()
        and again.check("skip_invalid").isChecked()
    )
    assert again.combo("conll_marker").currentData() == "comment"
    # The folder is remembered; the name is a new dated one, not last time's file to overwrite.
    path = Path(again.path.text())
    assert path.parent == outdir and path.name.startswith("conll-export-") and path.suffix == ".conll"
    assert [f for f, page in again.pages.items() if page.isVisible()] == [DatasetFormat.CONLL]
    # What is stored is the typed model's settings form, and reads back as the same choices.
    assert ed.load_choices(Settings(str(coded["settings"]))) == again.choices()


def test_mistakes_are_said_in_the_dialog(qtbot, project, settings, outdir) -> None:  # type: ignore[no-untyped-def]
    """Each mistake: the message names it, the focus goes to the option to fix, and no export starts."""
    dlg = active(qtbot, dialog(qtbot, project, settings))

    def refused(message: str, widget: object) -> None:
        dlg.start_export()
        assert dlg.message.text() == message
        assert dlg.message.objectName() == "fieldError" and dlg.message.isVisible()
        assert QApplication.focusWidget() is widget, message
        assert not dlg.running and dlg.result_ is None and dlg.error is None  # nothing was started
        assert not dlg.progress.isVisible()
        assert list(outdir.iterdir()) == []

    dlg.path.setText(str(outdir / "x.csv"))
    dlg.countries.setText("Nigeria, Narnia, Atlantis")
    refused("Not a country of the codebook: “Narnia”, “Atlantis”.", dlg.countries)
    dlg.countries.setText("Nigeria, Narnia")
    refused("Not a country of the codebook: “Narnia”.", dlg.countries)
    dlg.countries.setText("")
    for box in dlg.status_boxes.values():
        box.setChecked(False)
    refused("Choose at least one status to export.", dlg.status_boxes["not_started"])
    dlg.status_boxes["done"].setChecked(True)
    dlg.from_on.setChecked(True)
    dlg.to_on.setChecked(True)
    dlg.date_from.setDate(QDate(2024, 5, 1))
    dlg.date_to.setDate(QDate(2024, 4, 1))
    refused("The date range is empty: 2024-05-01 is after 2024-04-01.", dlg.date_from)
    dlg.to_on.setChecked(False)
    dlg.path.setText("")
    refused("Choose where to save the export.", dlg.path)
    dlg.path.setText("relative.csv")
    refused("Give the full path of where to save the export (or use Browse…).", dlg.path)
    # A folder where a file is wanted: noted under the path as it is typed, and refused on Export.
    dlg.path.setText(str(outdir))
    assert dlg.path_note.isVisible() and "folder" in dlg.path_note.text()
    refused(f"{outdir} is a folder; give the name of the file to write.", dlg.path)
    dlg.path.setText(str(outdir / "missing" / "x.csv"))
    assert "does not exist" in dlg.path_note.text()
    refused(f"{outdir / 'missing' / 'x.csv'}: the folder {outdir / 'missing'} does not exist.", dlg.path)
    # brat writes a folder, and will not replace one holding other files.
    ed._select(dlg.format, "brat")
    busy = outdir / "busy"
    busy.mkdir()
    (busy / "keep.txt").write_text("mine", encoding="utf-8")
    dlg.path.setText(str(busy))
    assert "other files" in dlg.path_note.text()
    dlg.start_export()
    assert "is a folder with other files in it" in dlg.message.text()
    assert QApplication.focusWidget() is dlg.path and not dlg.running
    assert [p.name for p in busy.iterdir()] == ["keep.txt"]
    busy.joinpath("keep.txt").unlink()
    busy.rmdir()
    # Somewhere that exists: the note says it is replaced (a warning, not a refusal).
    ed._select(dlg.format, "acled")
    existing = outdir / "old.csv"
    existing.write_text("old", encoding="utf-8")
    dlg.path.setText(str(existing))
    assert "replaces" in dlg.path_note.text()


def test_a_failed_export_is_said_in_the_dialog_and_leaves_nothing(qtbot, project, settings, outdir) -> None:  # type: ignore[no-untyped-def]
    """A mistake only the export finds (here: the coder's sets went away after the dialog opened)."""
    dlg = dialog(qtbot, project, settings)
    ed._select(dlg.annotations, "bola")
    with project.engine.begin() as conn:
        conn.execute(text("DELETE FROM annotation_sets WHERE coder_id = (SELECT id FROM coders WHERE name = 'bola')"))
    dlg.path.setText(str(outdir / "x.csv"))
    dlg.start_export()
    wait_done(qtbot, dlg)
    assert dlg.result_ is None and dlg.error is not None
    assert dlg.message.text().startswith("There is no coder named 'bola' with annotation sets of their own")
    assert dlg.message.objectName() == "fieldError" and "Traceback" not in dlg.message.text()
    assert not dlg.open_button.isVisible()
    assert list(outdir.iterdir()) == []


def test_unexpected_failure_is_one_sentence(qtbot, project, settings, outdir, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def broken(project, options, progress):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(export_datasets, "export_dataset", broken)
    dlg = dialog(qtbot, project, settings)
    dlg.path.setText(str(outdir / "x.csv"))
    dlg.start_export()
    wait_done(qtbot, dlg)
    assert isinstance(dlg.error, RuntimeError) and dlg.result_ is None
    assert dlg.message.text() == "The export failed: disk on fire. Nothing was written."
    assert dlg.message.objectName() == "fieldError"
    assert not dlg.open_button.isVisible() and not dlg.problems.isVisible()
    assert list(outdir.iterdir()) == []


def test_formats_switch_options_and_names(qtbot, project, settings, outdir) -> None:  # type: ignore[no-untyped-def]
    dlg = dialog(qtbot, project, settings)
    dlg.path.setText(str(outdir / "mine.csv"))
    dlg._suggested = False
    ed._select(dlg.format, "jsonl")
    assert dlg.path.text() == str(outdir / "mine.jsonl")
    assert not dlg.countries.isEnabled() and not dlg.status_boxes["done"].isEnabled()
    assert dlg.filters_note.isVisible()
    assert [f for f, page in dlg.pages.items() if page.isVisible()] == [DatasetFormat.JSONL]
    dlg.start_export()
    wait_done(qtbot, dlg)
    assert dlg.error is None, dlg.message.text()
    assert "Wrote 4 article(s)" in dlg.message.text()
    records = [json.loads(line) for line in (outdir / "mine.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["kano-2024-03-02", "gao-2024-04-10", "aleppo-2024-05-05", "unannotated"]
    assert sum(len(r["annotations"]) for r in records) == 5  # JSONL's Auto is All: gold and every coder
    ed._select(dlg.format, "brat")
    assert dlg.path.text() == str(outdir / "mine")
    assert dlg.path_label.text() == "&Save to folder:"
    assert dlg.countries.isEnabled() and not dlg.filters_note.isVisible()
    dlg.start_export()
    wait_done(qtbot, dlg)
    assert dlg.error is None and (outdir / "mine" / "annotation.conf").is_file()
    assert "brat document(s)" in dlg.message.text()
    # Auto: the gold set of kano and aleppo, both coders' sets of gao.
    assert sorted(p.name for p in (outdir / "mine").glob("*.ann")) == [
        "aleppo-2024-05-05.ann",
        "gao-2024-04-10__amal.ann",
        "gao-2024-04-10__bola.ann",
        "kano-2024-03-02.ann",
    ]
    assert sorted(p.name for p in outdir.iterdir()) == ["mine", "mine.jsonl"]  # no temporary folder left
    dlg.path.setText(str(outdir / "mine"))
    assert "earlier brat export" in dlg.path_note.text()
    # A suggested name follows the format.
    dlg.path.setText(str(outdir / FORMATS[DatasetFormat.BRAT].suggested_name()))
    dlg._suggested = True
    ed._select(dlg.format, "acled")
    assert Path(dlg.path.text()).name == FORMATS[DatasetFormat.ACLED].suggested_name()


def test_progress_is_shown_while_the_export_runs(qtbot, project, settings, outdir, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    gate = threading.Event()
    real = export_datasets.export_dataset
    worker_threads: list[str] = []

    def slow(project, options, progress):  # type: ignore[no-untyped-def]
        worker_threads.append(threading.current_thread().name)
        progress.start(12_000, "Exporting ACLED CSV")
        progress.advance(4_200)
        gate.wait(10)
        return real(project, options, progress)

    monkeypatch.setattr(export_datasets, "export_dataset", slow)
    dlg = dialog(qtbot, project, settings)
    dlg.path.setText(str(outdir / "slow.csv"))
    dlg.start_export()
    qtbot.waitUntil(lambda: dlg.progress.value() == 4_200, timeout=5000)
    assert dlg.progress.maximum() == 12_000
    assert dlg.progress.format() == "Exporting ACLED CSV… 4,200 of 12,000"
    assert dlg.running and worker_threads == ["annotator-export"]  # not the GUI thread
    gate.set()
    wait_done(qtbot, dlg)
    assert dlg.error is None and (outdir / "slow.csv").is_file()
    assert len(rows(outdir / "slow.csv")) == 1 + 5  # the export ran in full once released
    assert not dlg.progress.isVisible()


def test_countries_complete_the_last_name(qtbot, project, settings) -> None:  # type: ignore[no-untyped-def]
    dlg = dialog(qtbot, project, settings)
    dlg.activateWindow()
    qtbot.waitUntil(dlg.isActiveWindow, timeout=2000)
    dlg.countries.setFocus()
    completer = dlg.countries.completer()
    qtbot.keyClicks(dlg.countries, "Nigeria, sy")
    qtbot.waitUntil(completer.popup().isVisible, timeout=2000)
    qtbot.keyClick(completer.popup(), Qt.Key.Key_Down)
    qtbot.keyClick(completer.popup(), Qt.Key.Key_Return)
    assert dlg.countries.text() == "Nigeria, Syria, "
    qtbot.keyClicks(dlg.countries, "mal")
    qtbot.waitUntil(completer.popup().isVisible, timeout=2000)
    qtbot.keyClick(completer.popup(), Qt.Key.Key_Down)
    qtbot.keyClick(completer.popup(), Qt.Key.Key_Return)
    assert dlg.countries.text() == "Nigeria, Syria, Malawi, "
    assert dlg.export_options().countries == ("Nigeria", "Syria", "Malawi")


def test_the_pages_are_built_from_the_export_spec(qtbot, project, settings) -> None:  # type: ignore[no-untyped-def]
    dlg = dialog(qtbot, project, settings)
    assert [dlg.format.itemText(i) for i in range(dlg.format.count())] == [s.label for s in FORMATS.values()]
    assert f"ACLED's {len(acled.COLUMNS)} columns" in dlg.format.itemText(0)
    for option in OPTIONS:
        widget = dlg.option_widgets[option.name]
        page = dlg.pages[option.formats[0]]
        assert page.isAncestorOf(widget), option.name
        if option.is_switch:
            assert isinstance(widget, QCheckBox) and widget.text() == option.label
        else:
            assert isinstance(widget, QComboBox)
            assert [widget.itemData(i) for i in range(widget.count())] == [c.value for c in option.choices]
            assert [widget.itemText(i) for i in range(widget.count())] == [c.label for c in option.choices]
    assert set(dlg.option_widgets) == {o.name for o in OPTIONS}
    never = dlg.combo("coder_column").itemText(dlg.combo("coder_column").findData("no"))
    assert f"exactly ACLED's {len(acled.COLUMNS)} columns" in never


def test_one_coders_work_exports_the_31_columns_the_dialog_names(qtbot, tmp_path, outdir) -> None:  # type: ignore[no-untyped-def]
    """Issue 9, finding 10: a one-coder project gets ACLED's columns only, as the format list says."""
    from annotator.services.importing import import_paths
    from annotator.services.project import open_project

    one_coder = tmp_path / "one-coder.jsonl"
    with CODED.open(encoding="utf-8") as source, one_coder.open("w", encoding="utf-8") as out:
        for line in source:
            record = json.loads(line)
            record["annotations"] = [a for a in record.get("annotations", []) if a["coder"] == "amal"]
            out.write(json.dumps(record) + "\n")
    project = open_project(f"sqlite:///{tmp_path / 'one.db'}")
    try:
        import_paths(project, [one_coder])
        dlg = dialog(qtbot, project, Settings(str(tmp_path / "one.ini")))
        assert dlg.annotations.currentData() == "auto" and dlg.combo("coder_column").currentData() == "auto"
        out = outdir / "one.csv"
        dlg.path.setText(str(out))
        dlg.start_export()
        wait_done(qtbot, dlg)
        assert dlg.error is None, dlg.message.text()
        table = rows(out)
        assert len(table[0]) == 31 and tuple(table[0]) == acled.COLUMNS
        country = acled.COLUMNS.index("country")
        assert [r[country] for r in table[1:]] == ["Nigeria", "Mali"]  # amal's two events
        assert all(len(r) == 31 for r in table)
        assert f"ACLED's {len(table[0])} columns" in dlg.format.itemText(dlg.format.findData("acled"))
        assert "coder column" not in dlg.message.text()
        dlg.close()
    finally:
        project.close()


def test_unreadable_remembered_choices_give_the_defaults(qtbot, project, settings, coded) -> None:  # type: ignore[no-untyped-def]
    settings.set(ed.SETTINGS_KEY, QByteArray(b"\xff{not json"))
    dlg = dialog(qtbot, project, settings)
    assert dlg.choices() == replace_folder(ExportChoices(), dlg)
    # Wrong types and unknown values are dropped one by one; the readable ones are kept.
    stored = {
        "format": "xlsx",
        "annotations": "amal",
        "statuses": "done",
        "date_from": "2024-02-30",
        "date_to": "2024-04-01",
        "countries": "Mali, Niger",
        "date_style": "roman",
        "coder_column": True,
        "excel": "yes",
        "skip_invalid": True,
        "conll_marker": "comment",
        "unknown": 1,
    }
    settings.set(ed.SETTINGS_KEY, QByteArray(json.dumps(stored).encode("utf-8")))
    again = dialog(qtbot, project, settings)
    assert again.current_format() is DatasetFormat.ACLED
    assert again.annotations.currentData() == "amal"
    assert all(box.isChecked() for box in again.status_boxes.values())
    assert not again.from_on.isChecked() and again.to_on.isChecked() and again.date_to.date() == QDate(2024, 4, 1)
    assert again.countries.text() == "Mali, Niger"
    assert again.combo("date_style").currentData() == "iso" and again.combo("coder_column").currentData() == "auto"
    assert not again.check("excel").isChecked() and again.check("skip_invalid").isChecked()
    assert again.combo("conll_marker").currentData() == "comment"


def replace_folder(choices: ExportChoices, dlg: ExportDialog) -> ExportChoices:
    """``choices`` with the folder the dialog shows (the default folder is the machine's)."""
    from dataclasses import replace

    return replace(choices, folder=str(Path(dlg.path.text()).parent))
