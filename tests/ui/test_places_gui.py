"""File > Add places to the gazetteer… (issue #13, point 2, from the window): a GeoNames extract or a
CSV of places is loaded with progress, its outcome said; a malformed line is named and nothing is
added; Cancel adds nothing; the engine is told the project's places changed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from annotator.services.gazetteer import count_places
from annotator.services.project_learning import learning_stamp
from annotator.ui.project.places import CANCELLED, WHEN_USED, PlacesAdder
from tests.ui.dialogs import shown_box
from tests.unit.test_project_gazetteer import EXTRACT, geonames_line


def _outcome_box() -> QMessageBox:
    return shown_box("placesOutcome")


def test_file_menu_adds_the_villages_of_a_geonames_extract(qtbot, window, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    w = window
    extract = tmp_path / "BJ.txt"
    extract.write_text(EXTRACT, encoding="utf-8")
    before = learning_stamp(w.project)
    action = w.file_menu.places_action
    assert action.isEnabled() and action.text() == "Add places to the gazetteer…"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(extract), ""))
    relearnt: list[int] = []
    monkeypatch.setattr(w.coding, "places_added", relearnt.append)  # (connected below, as the window does)
    w.places.added.disconnect()
    w.places.added.connect(w.coding.places_added)
    action.trigger()
    assert w.places.report is not None and (w.places.report.added, w.places.report.skipped) == (2, 1)
    assert w.places.outcome == (
        f"Added 2 places from BJ.txt (left out: 1 feature that is not a populated place, such as a river or a "
        f"hill). {WHEN_USED}"
    )
    assert _outcome_box().text() == w.places.outcome and _outcome_box().icon() == QMessageBox.Icon.Information
    assert w.statusBar().currentMessage() == w.places.outcome
    assert count_places(w.project) == 2
    # The engine's fingerprint of what it learns changed: it reads the new places.
    assert learning_stamp(w.project) != before
    assert relearnt == [2]
    # The folder is remembered for the next file.
    assert w.settings.text("places/folder") == str(tmp_path)


def test_a_malformed_line_is_named_and_nothing_is_added(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    w = window
    bad = tmp_path / "BJ.txt"
    bad.write_text(EXTRACT + geonames_line(9_900_009, "Nowhere", "", 112.0, 3.1, "P", "PPL", "BJ", "07") + "\n")
    w.places.start(bad)
    assert w.places.outcome.startswith("No places were added. BJ.txt, line 4")
    assert "latitude" in w.places.outcome and "Traceback" not in w.places.outcome
    assert _outcome_box().icon() == QMessageBox.Icon.Warning
    assert count_places(w.project) == 0
    w.places.start(tmp_path / "missing.zip")
    assert w.places.outcome == f"No places were added. {tmp_path / 'missing.zip'}: no such file."


def test_cancel_adds_nothing(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from annotator.ui.common.tasks import TaskRunner

    w = window
    big = tmp_path / "BJ.txt"
    lines = [
        geonames_line(9_000_000 + i, f"Village {i}", "", 11.0 + i * 1e-5, 2.5, "P", "PPL", "BJ", "07")
        for i in range(60_000)
    ]
    big.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tasks = TaskRunner(parent=w)  # a real worker thread, so Cancel can be pressed while it runs
    adder = PlacesAdder(w, tasks)
    adder.start(big)
    assert adder.running
    adder.cancel()  # as the progress dialog's Cancel button does
    qtbot.waitUntil(lambda: not adder.running and adder.outcome != "", timeout=60_000)
    assert adder.outcome == CANCELLED and count_places(w.project) == 0
    tasks.close()


def test_without_a_project_it_says_what_to_do(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    w = window
    adder = PlacesAdder(w, w.tasks)
    monkey_project = w.project
    w.project = None
    try:
        adder.start(Path(tmp_path / "BJ.txt"))
    finally:
        w.project = monkey_project
    assert adder.outcome == "Open or create a project first: places are added to the open project."
