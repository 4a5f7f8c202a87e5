"""Project > Assign…: the options of ``annotator assign``, a preview of the counts per coder, one
clear line for a mistake, one transaction to commit, and Undo (issue 12, point 2)."""

from __future__ import annotations

from sqlalchemy import select

from annotator.domain.models import Role
from annotator.services.project import open_project
from annotator.services.team import add_member
from annotator.store.repository import assignments_t, coders_t
from annotator.ui.team.assign_dialog import NO_CODERS, AssignDialog
from tests.ui.conftest import add_article, make_window


def _team(ui_db, extra_articles: int = 0) -> None:  # type: ignore[no-untyped-def]
    project = open_project(str(ui_db["url"]))
    try:
        add_member(project, "boss", Role.LEAD)
        add_member(project, "rev", Role.REVIEWER)
        for name in ("amal", "bilal", "chen"):
            add_member(project, name, Role.CODER)
        for i in range(extra_articles):
            add_article(project, f"x{i:02}", f"Extra article number {i}.")
    finally:
        project.close()


def _stored(url: str) -> list[tuple[str, int, str]]:
    """(coder, article id, batch) of every assignment, read apart from the app."""
    project = open_project(url)
    try:
        with project.engine.connect() as conn:
            return sorted(
                (r.name, r.article_id, r.batch)
                for r in conn.execute(
                    select(coders_t.c.name, assignments_t.c.article_id, assignments_t.c.batch).join(
                        coders_t, coders_t.c.id == assignments_t.c.coder_id
                    )
                )
            )
    finally:
        project.close()


def _open_dialog(w) -> AssignDialog:  # type: ignore[no-untyped-def]
    assert w.team.assign_action.isEnabled()
    w.team.assign_action.trigger()
    dialog = w.team.dialog
    assert isinstance(dialog, AssignDialog) and dialog.isVisible()
    return dialog


def _preview(dialog: AssignDialog) -> dict[str, int]:
    dialog.refresh_preview()  # (what the 150 ms timer does after a change)
    table = dialog.preview
    return {table.item(r, 0).text(): int(table.item(r, 1).text().replace(",", "")) for r in range(table.rowCount())}


def test_the_preview_shows_counts_per_coder_and_commit_writes_them_once(qtbot, ui_db) -> None:  # type: ignore[no-untyped-def]
    _team(ui_db, extra_articles=7)  # 10 articles
    w = make_window(qtbot, ui_db, "boss")
    try:
        dialog = _open_dialog(w)
        # The coders are ticked; the reviewer and the lead are listed but not ticked.
        assert dialog.chosen_coders() == ["amal", "bilal", "chen"]
        assert dialog.coders.count() == 5
        assert _preview(dialog) == {"amal": 7, "bilal": 7, "chen": 6}  # 10 articles x 2, equal shares ±1
        assert "20 assignment(s) on 10 article(s)" in dialog.summary.text()
        dialog.limit.setValue(4)
        dialog.batch.setText("week 1")
        dialog.per_article.setValue(3)
        assert _preview(dialog) == {"amal": 4, "bilal": 4, "chen": 4}
        assert dialog.assign_button.isEnabled() and not dialog.error.isVisible()
        assert not dialog.undo_button.isVisible()  # nothing to undo yet
        assert _stored(str(ui_db["url"])) == []  # a preview writes nothing
        dialog.assign_button.click()
        stored = _stored(str(ui_db["url"]))
        assert len(stored) == 12 and {b for _c, _a, b in stored} == {"week 1"}
        assert len({a for _c, a, _b in stored}) == 4
        assert "Assigned 12 assignment(s) on 4 article(s) in batch 'week 1'" in dialog.summary.text()
        assert not dialog.assign_button.isEnabled() and dialog.undo_button.isVisible()
        # The lead's queue bar now offers the coders' queues and the batch.
        bar = w.team.queue
        assert bar.coder.findData("amal") > 0 and bar.batch.findData("week 1") > 0
        # The same options again: nothing is assigned twice.
        dialog.seed.setValue(1)
        assert _preview(dialog) == {"amal": 0, "bilal": 0, "chen": 0}
        assert "already have 3 coder(s)" in dialog.summary.text() and not dialog.assign_button.isEnabled()
    finally:
        w.close()


def test_mistakes_show_as_one_line_and_nothing_can_be_assigned(qtbot, ui_db) -> None:  # type: ignore[no-untyped-def]
    _team(ui_db)
    w = make_window(qtbot, ui_db, "boss")
    try:
        dialog = _open_dialog(w)
        dialog.per_article.setValue(4)
        assert _preview(dialog) == {}
        assert dialog.error.isVisible() and not dialog.assign_button.isEnabled()
        line = dialog.error.text()
        assert line == "Cannot give each article 4 distinct coders: only 3 coder(s) named" and "\n" not in line
        dialog.set_coders([])
        _preview(dialog)
        assert dialog.error.text() == NO_CODERS
        dialog.set_coders(["amal", "rev"])
        dialog.per_article.setValue(2)
        assert _preview(dialog) == {"amal": 3, "rev": 3} and not dialog.error.isVisible()
        dialog.status.setCurrentIndex(dialog.status.findData("done"))  # no article is done
        assert _preview(dialog) == {"amal": 0, "rev": 0}
        assert dialog.summary.text() == "Nothing to assign: no article matches these options"
        assert not dialog.assign_button.isEnabled()
        dialog.reject()
        assert _stored(str(ui_db["url"])) == []
    finally:
        w.close()


def test_undo_takes_the_assignments_back_in_the_dialog_and_from_the_menu(qtbot, ui_db) -> None:  # type: ignore[no-untyped-def]
    _team(ui_db)
    url = str(ui_db["url"])
    w = make_window(qtbot, ui_db, "boss")
    try:
        dialog = _open_dialog(w)
        dialog.batch.setText("b1")
        _preview(dialog)
        dialog.assign_button.click()
        assert len(_stored(url)) == 6
        dialog.undo_button.click()
        assert _stored(url) == []
        assert dialog.summary.text().splitlines() == [
            "Took back 6 assignment(s).",
            "6 assignment(s) on 3 article(s) in batch 'b1'",  # the preview of what Assign would do again
        ]
        assert not dialog.undo_button.isVisible() and dialog.assign_button.isEnabled()  # ready to assign again
        dialog.assign_button.click()
        assert len(_stored(url)) == 6
        dialog.accept()
        # Closed: Project > Undo the last assignment still takes them back.
        assert w.team.undo_assign_action.isEnabled()
        w.team.undo_assign_action.trigger()
        assert _stored(url) == [] and not w.team.undo_assign_action.isEnabled()
        assert "Took back 6 assignment(s)" in w.statusBar().currentMessage()
    finally:
        w.close()


def test_only_a_lead_may_assign(qtbot, ui_db) -> None:  # type: ignore[no-untyped-def]
    _team(ui_db)
    w = make_window(qtbot, ui_db, "amal")
    try:
        assert not w.team.assign_action.isEnabled()
        assert "Only leads assign" in w.team.assign_action.toolTip()
        w.set_coder("boss")
        assert w.team.assign_action.isEnabled()
    finally:
        w.close()


def test_an_ids_file_narrows_the_articles_and_its_mistakes_show_as_one_line(
    qtbot, ui_db, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog

    _team(ui_db, extra_articles=7)  # plain, emoji, arabic, x00..x06
    url = str(ui_db["url"])
    ids = ui_db["ids"]
    listed = tmp_path / "week1.txt"
    listed.write_text("# this week's articles\nemoji\n\nx03\nx05\n", encoding="utf-8")
    missing = tmp_path / "typos.txt"
    missing.write_text("emoji\nx99\nnope\n", encoding="utf-8")
    w = make_window(qtbot, ui_db, "boss")
    try:
        dialog = _open_dialog(w)
        assert _preview(dialog) == {"amal": 7, "bilal": 7, "chen": 6}  # no file: every article
        # Chosen through the file dialog: only the three articles it lists.
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(listed), ""))
        dialog.choose_ids.click()
        assert dialog.ids_file.text() == str(listed)
        assert sum(_preview(dialog).values()) == 6 and not dialog.error.isVisible()
        assert "6 assignment(s) on 3 article(s)" in dialog.summary.text()
        # A file naming articles the project lacks: one line that names the file and the ids.
        dialog.ids_file.setText(str(missing))
        assert _preview(dialog) == {} and not dialog.assign_button.isEnabled()
        line = dialog.error.text()
        assert line == f"{missing}: 2 article id(s) are not in the database: 'x99', 'nope'" and "\n" not in line
        dialog.ids_file.setText(str(tmp_path / "gone.txt"))
        _preview(dialog)
        assert dialog.error.text().startswith(f"{tmp_path / 'gone.txt'}: cannot be read")
        assert _stored(url) == []  # none of the mistakes wrote anything
        # Back to the good file, with the other options applied within it.
        dialog.ids_file.setText(str(listed))
        dialog.per_article.setValue(1)
        dialog.limit.setValue(2)
        assert sum(_preview(dialog).values()) == 2 and not dialog.error.isVisible()
        dialog.assign_button.click()
        stored = _stored(url)
        assert sorted(a for _c, a, _b in stored) == sorted([ids["emoji"], _article(url, "x03")])
        # Cleared, and no limit: every article again.
        dialog.ids_file.clear()
        dialog.limit.setValue(0)
        assert sum(_preview(dialog).values()) == 8  # the ten articles at one coder each, less the two just given
    finally:
        w.close()


def _article(url: str, external_id: str) -> int:
    from annotator.services.assignment import article_id

    project = open_project(url)
    try:
        return article_id(project, external_id)
    finally:
        project.close()
