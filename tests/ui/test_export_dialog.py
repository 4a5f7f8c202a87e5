"""File > Export…: options, a worker thread with progress and Cancel, clear outcomes, remembered choices."""

from __future__ import annotations

import csv
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from annotator.services import export_datasets
from annotator.services.export_datasets import DatasetFormat, InvalidEventsError
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


def dialog(qtbot, project, settings) -> ExportDialog:  # type: ignore[no-untyped-def]
    dlg = ExportDialog(project, settings)
    qtbot.addWidget(dlg)
    dlg.show()
    # The coder list is read on the database worker: wait for the fixture's coders.
    qtbot.waitUntil(lambda: dlg.annotations.findData("amal") >= 0, timeout=5000)
    return dlg


def wait_done(qtbot, dlg: ExportDialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not dlg.running and (dlg.result_ is not None or dlg.error is not None), timeout=15000)


def rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.reader(handle))


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".part", ".old")))


def test_acled_export_from_the_file_menu(qtbot, coded, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, coded)
    try:
        qtbot.keyClick(window, Qt.Key.Key_E, CTRL)
        qtbot.waitUntil(lambda: window.findChild(ExportDialog) is not None, timeout=2000)
        dlg = window.findChild(ExportDialog)
        qtbot.waitUntil(dlg.isVisible, timeout=2000)
        assert dlg.isModal()
        assert [a.text() for a in window.menuBar().actions()[0].menu().actions()][:2] == ["Coder name…", "Export…"]
        # Defaults: ACLED, a dated name in a real folder, formulas neutralised, nothing skipped.
        assert dlg.current_format() is DatasetFormat.ACLED
        assert Path(dlg.path.text()).name.startswith("acled-export-") and dlg.path.text().endswith(".csv")
        assert dlg.neutralise.isChecked() and not dlg.skip_invalid.isChecked()
        assert dlg.annotations.findData("amal") >= 0  # a coder of the fixture is offered by name
        out = tmp_path / "acled.csv"
        dlg.path.setText(str(out))
        ed._select(dlg.annotations, "gold")
        qtbot.mouseClick(dlg.export_button, Qt.MouseButton.LeftButton)
        wait_done(qtbot, dlg)
        assert dlg.error is None
        table = rows(out)
        assert len(table[0]) == 31 and table[0][0] == "event_id_cnty" and table[0][-1] == "timestamp"
        assert len(table) == 1 + 3
        assert f"Wrote 3 event row(s) to {out}." in dlg.message.text()
        assert dlg.message.objectName() == "saved"
        assert dlg.open_button.isVisible() and not dlg.problems.isVisible()
        assert leftovers(tmp_path) == []
        opened: list[Path] = []
        monkeypatch.setattr(ed, "open_folder", lambda p: opened.append(p) or True)
        qtbot.mouseClick(dlg.open_button, Qt.MouseButton.LeftButton)
        assert opened == [tmp_path]
        dlg.reject()
        assert not dlg.isVisible()
    finally:
        window.close()


def test_default_choices_add_the_coder_column_with_every_coder(qtbot, project, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dlg = dialog(qtbot, project, settings)
    out = tmp_path / "all.csv"
    dlg.path.setText(str(out))
    ed._select(dlg.annotations, "all")
    dlg.excel.setChecked(True)
    dlg.start_export()
    assert dlg.running or dlg.result_ is not None
    assert not dlg.export_button.isEnabled() or dlg.result_ is not None
    wait_done(qtbot, dlg)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    table = rows(out)
    assert table[0][-1] == "coder" and len(table) == 1 + 6
    assert "(with a coder column)" in dlg.message.text()
    assert dlg.export_button.isEnabled() and dlg.close_button.text() == "Close"


def test_cancel_with_esc_writes_nothing(qtbot, project, settings, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    gate = threading.Event()
    real = export_datasets.export_dataset

    def held(project, options, progress):  # type: ignore[no-untyped-def]
        gate.wait(10)  # the export starts only once the test has pressed Esc
        return real(project, options, progress)

    monkeypatch.setattr(export_datasets, "export_dataset", held)
    dlg = dialog(qtbot, project, settings)
    out = tmp_path / "cancelled.csv"
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
    assert isinstance(dlg.error, Cancelled)
    assert dlg.message.text() == CANCELLED_TEXT
    assert not out.exists() and leftovers(tmp_path) == []
    assert dlg.close_button.text() == "Close" and dlg.close_button.isEnabled() and dlg.export_button.isEnabled()
    assert not dlg.progress.isVisible()


def test_cancel_during_progress(qtbot, project, settings, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
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
        dlg.path.setText(str(tmp_path / name))
        dlg.start_export()
        wait_done(qtbot, dlg)
        assert isinstance(dlg.error, Cancelled), fmt
        assert dlg.message.text() == CANCELLED_TEXT
        assert not (tmp_path / name).exists()
    assert calls[:2] == ["Exporting ACLED CSV", "advance 5"]
    assert leftovers(tmp_path) == []


def test_invalid_event_lists_the_problem_and_writes_nothing(qtbot, project, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with project.engine.begin() as conn:
        conn.execute(text("UPDATE events SET actor1 = '' WHERE event_id_cnty = 'SYR1'"))
    dlg = dialog(qtbot, project, settings)
    out = tmp_path / "acled.csv"
    dlg.path.setText(str(out))
    dlg.start_export()
    wait_done(qtbot, dlg)
    assert isinstance(dlg.error, InvalidEventsError)
    assert not out.exists() and leftovers(tmp_path) == []
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
    assert dlg.error is None and dlg.skip_invalid.isChecked()
    assert len(rows(out)) == 1 + 4
    assert "Skipped 1 invalid event(s) (actor1 1)." in dlg.message.text()
    assert "  - " not in dlg.message.text()  # the problems are in the list, not in the sentence
    assert dlg.problems.isVisible() and dlg.problems.topLevelItem(0).text(3) == "actor1"
    assert not dlg.skip_button.isVisible()


def test_choices_are_remembered(qtbot, project, settings, coded, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dlg = dialog(qtbot, project, settings)
    ed._select(dlg.format, "conll")
    dlg.path.setText(str(tmp_path / "ner.conll"))
    ed._select(dlg.annotations, "amal")
    dlg.status_boxes["not_started"].setChecked(False)
    dlg.from_on.setChecked(True)
    dlg.date_from.setDate(QDate(2024, 4, 1))
    dlg.countries.setText("mali, Nigeria,")
    ed._select(dlg.date_style, "legacy")
    ed._select(dlg.inter_style, "numeric")
    ed._select(dlg.coder_column, "no")
    dlg.excel.setChecked(True)
    dlg.neutralise.setChecked(False)
    dlg.skip_invalid.setChecked(True)
    ed._select(dlg.conll_marker, "comment")
    dlg.start_export()
    wait_done(qtbot, dlg)
    assert dlg.error is None, dlg.message.text()
    assert (tmp_path / "ner.conll").read_text(encoding="utf-8").startswith("# doc_id = ")
    dlg.close()

    again = dialog(qtbot, project, Settings(str(coded["settings"])))  # a fresh read of the same file
    assert again.current_format() is DatasetFormat.CONLL
    assert again.annotations.currentData() == "amal"
    assert {s for s, box in again.status_boxes.items() if box.isChecked()} == {"in_progress", "done"}
    assert again.from_on.isChecked() and again.date_from.isEnabled()
    assert again.date_from.date() == QDate(2024, 4, 1)
    assert not again.to_on.isChecked() and not again.date_to.isEnabled()
    assert again.countries.text() == "mali, Nigeria"
    assert again.date_style.currentData() == "legacy" and again.inter_style.currentData() == "numeric"
    assert again.coder_column.currentData() == "no"
    assert again.excel.isChecked() and not again.neutralise.isChecked() and again.skip_invalid.isChecked()
    assert again.conll_marker.currentData() == "comment"
    # The folder is remembered; the name is a new dated one, not last time's file to overwrite.
    path = Path(again.path.text())
    assert path.parent == tmp_path and path.name.startswith("conll-export-") and path.suffix == ".conll"
    assert [f for f, page in again.pages.items() if page.isVisible()] == [DatasetFormat.CONLL]


def test_mistakes_are_said_in_the_dialog(qtbot, project, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dlg = dialog(qtbot, project, settings)
    dlg.path.setText(str(tmp_path / "x.csv"))
    dlg.countries.setText("Nigeria, Narnia")
    dlg.start_export()
    assert not dlg.running and dlg.result_ is None
    assert dlg.message.text() == "Not a country of the codebook: “Narnia”."
    assert QApplication.focusWidget() is dlg.countries or not dlg.isActiveWindow()
    dlg.countries.setText("")
    for box in dlg.status_boxes.values():
        box.setChecked(False)
    dlg.start_export()
    assert dlg.message.text() == "Tick at least one status to export."
    dlg.status_boxes["done"].setChecked(True)
    dlg.from_on.setChecked(True)
    dlg.to_on.setChecked(True)
    dlg.date_from.setDate(QDate(2024, 5, 1))
    dlg.date_to.setDate(QDate(2024, 4, 1))
    dlg.start_export()
    assert dlg.message.text() == "The date range is empty: 2024-05-01 is after 2024-04-01."
    dlg.to_on.setChecked(False)
    dlg.path.setText("")
    dlg.start_export()
    assert dlg.message.text() == "Choose where to save the export."
    dlg.path.setText("relative.csv")
    dlg.start_export()
    assert "full path" in dlg.message.text()
    assert not (tmp_path / "x.csv").exists()
    # A folder where a file is wanted: noted under the path, then said by the export itself.
    dlg.path.setText(str(tmp_path))
    assert dlg.path_note.isVisible() and "folder" in dlg.path_note.text()
    dlg.start_export()
    wait_done(qtbot, dlg)
    assert dlg.message.text() == f"{tmp_path} is a folder; give the name of the file to write"
    assert dlg.message.objectName() == "fieldError"
    # Somewhere that exists: the note says it is replaced.
    existing = tmp_path / "old.csv"
    existing.write_text("old", encoding="utf-8")
    dlg.path.setText(str(existing))
    assert "replaces" in dlg.path_note.text()
    dlg.path.setText(str(tmp_path / "missing" / "x.csv"))
    assert "does not exist" in dlg.path_note.text()


def test_unexpected_failure_is_one_sentence(qtbot, project, settings, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def broken(project, options, progress):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(export_datasets, "export_dataset", broken)
    dlg = dialog(qtbot, project, settings)
    dlg.path.setText(str(tmp_path / "x.csv"))
    dlg.start_export()
    wait_done(qtbot, dlg)
    assert dlg.message.text() == "The export failed: disk on fire. Nothing was written."


def test_formats_switch_options_and_names(qtbot, project, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dlg = dialog(qtbot, project, settings)
    dlg.path.setText(str(tmp_path / "mine.csv"))
    dlg._suggested = False
    ed._select(dlg.format, "jsonl")
    assert dlg.path.text() == str(tmp_path / "mine.jsonl")
    assert not dlg.countries.isEnabled() and not dlg.status_boxes["done"].isEnabled()
    assert dlg.filters_note.isVisible()
    assert [f for f, page in dlg.pages.items() if page.isVisible()] == [DatasetFormat.JSONL]
    dlg.start_export()
    wait_done(qtbot, dlg)
    assert dlg.error is None
    assert "Wrote 4 article(s)" in dlg.message.text()
    ed._select(dlg.format, "brat")
    assert dlg.path.text() == str(tmp_path / "mine")
    assert dlg.path_label.text() == "&Save to folder:"
    assert dlg.countries.isEnabled() and not dlg.filters_note.isVisible()
    dlg.start_export()
    wait_done(qtbot, dlg)
    assert dlg.error is None and (tmp_path / "mine" / "annotation.conf").is_file()
    assert "brat document(s)" in dlg.message.text()
    dlg.path.setText(str(tmp_path / "mine"))
    assert "earlier brat export" in dlg.path_note.text()
    # A suggested name follows the format.
    dlg.path.setText(str(tmp_path / ed.suggested_name(DatasetFormat.BRAT)))
    dlg._suggested = True
    ed._select(dlg.format, "acled")
    assert Path(dlg.path.text()).name == ed.suggested_name(DatasetFormat.ACLED)


def test_progress_is_shown_while_the_export_runs(qtbot, project, settings, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
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
    dlg.path.setText(str(tmp_path / "slow.csv"))
    dlg.start_export()
    qtbot.waitUntil(lambda: dlg.progress.value() == 4_200, timeout=5000)
    assert dlg.progress.maximum() == 12_000
    assert dlg.progress.format() == "Exporting ACLED CSV… 4,200 of 12,000"
    assert dlg.running and worker_threads == ["annotator-export"]  # not the GUI thread
    gate.set()
    wait_done(qtbot, dlg)
    assert dlg.error is None and (tmp_path / "slow.csv").is_file()
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
