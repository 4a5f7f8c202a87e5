"""File > Import… and files dropped on the window (issue 9, "GUI import"): the CLI's formats,
progress and messages; an error or Cancel changes nothing; the list says what was added."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from sqlalchemy import func, select

from annotator.store.repository import articles_t
from annotator.ui.project.importing import CANCELLED, Importer
from tests.ui.dialogs import shown_box


def _count(window) -> int:  # type: ignore[no-untyped-def]
    with window.project.engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(articles_t)))


def _jsonl(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def _outcome_box() -> QMessageBox:
    return shown_box("importOutcome")


def test_import_adds_articles_skips_duplicates_and_refreshes_the_list(qtbot, window, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    w = window
    folder = tmp_path / "corpus"
    folder.mkdir()
    _jsonl(
        folder / "wire.jsonl",
        [
            {"id": "w1", "title": "Strike in Lagos", "text": "Dock workers in Lagos walked out on Monday."},
            {"id": "w2", "title": "Curfew in Goma", "text": "The army declared a curfew in Goma."},
            {"id": "plain", "title": "Again", "text": "An article whose id is already in the project."},
        ],
    )
    (folder / "note.txt").write_text("Farmers blocked the road to Kisumu for a second day.", encoding="utf-8")
    (folder / "feed.csv").write_text("id,title,text\nc1,Sit-in,Students held a sit-in in Dakar.\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(folder / "wire.jsonl")], ""))
    w.file_menu.import_action.trigger()  # File > Import…: one file
    assert w.importer.report is not None and w.importer.report.added == 2
    assert w.importer.outcome == ("Imported 2 articles from 1 file; skipped 1 duplicate (already in the project).")
    box = _outcome_box()
    assert box.text() == w.importer.outcome and "plain" in box.detailedText()
    assert w.statusBar().currentMessage() == w.importer.outcome
    assert w.coding.articles.model.rowCount() == 5 and w.coding.articles.count.text() == "5 articles"
    assert w.status.progress_label.text() == "Done 0 / 5"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    w.file_menu.import_folder_action.trigger()  # File > Import folder…: the rest of the folder, duplicates skipped
    assert w.importer.report.added == 2 and len(w.importer.report.skipped) == 3
    assert _count(w) == 7 and w.coding.articles.model.rowCount() == 7


def test_a_broken_file_changes_nothing_and_names_file_line_and_field(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    w = window
    good = _jsonl(tmp_path / "good.jsonl", [{"id": "g1", "text": "A good article about a march."}])
    bad = _jsonl(
        tmp_path / "bad.jsonl",
        [
            {"id": "b1", "text": "Fine."},
            {"id": "b2", "text": "Also fine."},
            {"id": "b3", "text": "Wrong date.", "published": "2024-13-45"},
        ],
    )
    w.importer.start([good, bad])
    assert _count(w) == 3  # the good file's article is rolled back with the rest
    assert w.importer.outcome == (
        f"Nothing was imported. {bad}, line 3, field 'published': '2024-13-45' is not a date (use YYYY-MM-DD)."
    )
    assert "Traceback" not in w.importer.outcome and _outcome_box().icon() == QMessageBox.Icon.Warning
    w.importer.start([tmp_path / "report.pdf"])  # a file the import cannot read: the CLI's message
    assert "no such file" in w.importer.outcome and _count(w) == 3


def test_cancel_rolls_the_import_back(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from annotator.ui.common.tasks import TaskRunner

    w = window
    big = _jsonl(
        tmp_path / "big.jsonl",
        [{"id": f"n{i}", "text": f"Article number {i} about a protest in town {i}."} for i in range(30_000)],
    )
    tasks = TaskRunner(parent=w)  # a real worker thread, so Cancel can be pressed while it runs
    importer = Importer(w, tasks)
    importer.start([big])
    assert importer.running
    importer.cancel()  # as the progress dialog's Cancel button does
    qtbot.waitUntil(lambda: not importer.running and importer.outcome != "", timeout=30_000)
    assert importer.outcome == CANCELLED and _count(w) == 3
    tasks.close()


def _drop(target, paths: list[Path]) -> tuple[bool, bool]:  # type: ignore[no-untyped-def]
    """Drag ``paths`` over the middle of ``target`` and drop them (Qt passes what a widget ignores up
    to its parents, as in a real drag)."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    where = QPoint(target.width() // 2, target.height() // 2)
    enter = QDragEnterEvent(
        where, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(target, enter)
    if not enter.isAccepted():
        return False, False
    drop = QDropEvent(
        where.toPointF(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(target, drop)
    return True, drop.isAccepted()


def test_files_and_folders_dropped_on_the_window_are_imported(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    w = window
    folder = tmp_path / "drop"
    folder.mkdir()
    _jsonl(folder / "a.jsonl", [{"id": "d1", "text": "Traders closed the market in Bamako."}])
    (folder / "b.txt").write_text("Nurses marched in Harare over unpaid wages.", encoding="utf-8")
    (tmp_path / "picture.png").write_bytes(b"\x89PNG\r\n")
    assert _drop(w, [tmp_path / "picture.png"]) == (False, False)  # nothing importable: refused
    assert _drop(w, [folder]) == (True, True)
    qtbot.waitUntil(lambda: w.importer.report is not None, timeout=5000)
    assert w.importer.report.added == 2 and _count(w) == 5
    assert w.coding.articles.model.rowCount() == 5
    # A file dropped on the article's text (read-only: it takes no drops) reaches the window too.
    (tmp_path / "c.txt").write_text("Miners struck at Kolwezi.", encoding="utf-8")
    w.importer.report = None
    assert _drop(w.coding.view.viewport(), [tmp_path / "c.txt"]) == (True, True)
    qtbot.waitUntil(lambda: w.importer.report is not None, timeout=5000)
    assert w.importer.report.added == 1 and _count(w) == 6


def test_the_import_dialog_and_drops_take_every_format_the_import_reads(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import re

    from annotator.services.importing import SUFFIXES
    from annotator.ui.project.importing import FILE_FILTER
    from tests.fixtures.documents import column, write_docx, write_pdf

    first = FILE_FILTER.split(";;")[0]
    assert set(re.findall(r"\*(\.\w+)", first)) == set(SUFFIXES)
    w = window
    pdf = write_pdf(tmp_path / "report.pdf", [column([["Farmers blocked the road to Mopti."]])])
    docx = write_docx(tmp_path / "note.docx", [("", "Two soldiers were wounded in Kidal.")])
    assert _drop(w, [pdf, docx]) == (True, True)
    qtbot.waitUntil(lambda: w.importer.report is not None, timeout=10_000)
    assert w.importer.report.added == 2 and _count(w) == 5


def test_label_mapping_asked_once_is_used_by_the_next_imports(qtbot, window, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QInputDialog

    from annotator.store import repository as repo

    w = window
    tools = Path(__file__).parent.parent / "fixtures" / "tools"
    # A target that is not a codebook label is refused and nothing is remembered.
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("ORG=person", True))
    w.file_menu.label_map_action.trigger()
    assert "'person' (for ORG) is not a span label" in w.importer.outcome and w.importer.label_map() == ""
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("ORG=actor, GPE=location", True))
    w.file_menu.label_map_action.trigger()
    assert w.importer.label_map() == "ORG=actor, GPE=location"
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(tools / "doccano.jsonl")], ""))
    w.file_menu.import_action.trigger()
    report = w.importer.report
    assert report is not None and report.added == 2
    assert [line.split(":")[0] for line in report.unmapped] == ["EVENT", "MISC"]
    assert "spans of 2 labels not in the codebook were left out" in w.importer.outcome
    (box,) = [
        b
        for b in QApplication.topLevelWidgets()
        if b.objectName() == "importOutcome" and isinstance(b, QMessageBox) and b.text() == w.importer.outcome
    ]
    assert "not in the codebook: EVENT: 1 span(s)" in box.detailedText()
    with w.project.engine.connect() as conn:
        record = next(r for _, r in repo.iter_records(conn) if r.article.external_id == "2")
    text = record.article.text
    assert [(text[s.start : s.end], s.label) for s in record.annotations[0].spans] == [
        ("Troops", "actor"),
        ("Idlib", "location"),
    ]


def test_sets_merged_into_articles_already_here_are_reported_and_shown(qtbot, window, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Importing a coder's sets for articles the project has: "Imported 0 articles …; 1 duplicate
    skipped" alone read as if nothing happened, and the list went on showing them not started."""
    from tests.ui.conftest import PLAIN_TEXT

    w = window
    coded = {"coder": "tester", "kind": "coder", "status": "done"}
    coded["spans"] = [{"id": "T1", "start": 0, "end": 6, "label": "actor"}]
    path = _jsonl(tmp_path / "mine.jsonl", [{"id": "plain", "text": PLAIN_TEXT, "annotations": [coded]}])
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(path)], ""))
    w.file_menu.import_action.trigger()
    assert w.importer.outcome == (
        "Imported 0 articles from 1 file; skipped 1 duplicate (already in the project);"
        " added 1 annotation set to articles already here."
    )
    box = _outcome_box()
    assert "added: article plain, tester's set" in box.detailedText()
    box.close()
    assert w.status.progress_label.text() == "Done 1 / 3"  # the list and the count were refreshed
    coded["spans"] = [{"id": "T1", "start": 0, "end": 6, "label": "location"}]
    _jsonl(path, [{"id": "plain", "text": PLAIN_TEXT, "annotations": [coded]}])
    w.file_menu.import_action.trigger()
    assert w.importer.outcome.endswith("; left 1 differing annotation set unchanged (conflicts; see details).")
    assert "conflict: article plain, tester's set: marked done here" in _outcome_box().detailedText()


def test_the_outcome_box_takes_the_keys_and_enter_or_escape_closes_it(qtbot, window, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Enter after an import went into the article behind the box (and accepted a suggestion)."""
    w = window
    w.coding.view.setFocus()
    for n, key in enumerate((Qt.Key.Key_Return, Qt.Key.Key_Escape)):
        path = _jsonl(tmp_path / f"more{n}.jsonl", [{"id": f"k{n}", "text": f"Article {n} about Goma."}])
        monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, p=path, **k: ([str(p)], ""))
        w.file_menu.import_action.trigger()
        box = _outcome_box()
        qtbot.waitUntil(lambda b=box: QApplication.activeWindow() is b, timeout=2000)
        focus = QApplication.focusWidget()
        assert focus is not None and focus.window() is box
        qtbot.keyClick(focus, key)
        qtbot.waitUntil(lambda b=box: not b.isVisible(), timeout=2000)
        qtbot.waitUntil(lambda: QApplication.activeWindow() is w, timeout=2000)  # the keys go back
    assert _count(w) == 5


def test_a_pdf_that_qt_wrote_imports_as_plain_words(qtbot, window, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Qt's PDF writer sets word spaces as tabs and keeps "fi" as a ligature: the article showed
    its words in wide columns and "ﬁghting" matched no search."""
    from PySide6.QtGui import QPageSize, QPdfWriter, QTextDocument

    path = tmp_path / "clashes.pdf"
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setTitle("Clashes in Tripoli")
    document = QTextDocument()
    document.setHtml("<p>Armed groups clashed in Tripoli; the fighting stopped at dawn.</p>")
    document.print_(writer)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(path)], ""))
    window.file_menu.import_action.trigger()
    assert window.importer.report is not None and window.importer.report.added == 1
    with window.project.engine.connect() as conn:
        text = conn.scalar(select(articles_t.c.text).where(articles_t.c.external_id == "clashes"))
    assert text == "Armed groups clashed in Tripoli; the fighting stopped at dawn."
