"""The form's assists on the article of issue #9 (northeast Syria: villagers block a Russian patrol):
actor completion and types (findings 1-3), the event's country and a new event's first values
(finding 3, 13), the place look-up (finding 5), the view after the last suggestion (finding 6),
long drop-down texts, and the whole article coded by keyboard in at most 40 actions.

The real window, offscreen. Tests that need the gazetteer (suggestions, place search) share it
with the suggestion tests' cache folder."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox

from tests.ui.conftest import make_window, stored

ROOT = Path(__file__).parents[2]
ARTICLE = (ROOT / "tests" / "fixtures" / "articles" / "ne_syria_patrol.txt").read_text(encoding="utf-8")
SOURCE = "Kurdistan 24"
PUBLISHED = dt.date(2024, 6, 12)  # a Wednesday: "Tuesday" is 2024-06-11
# Country names alone say Iraq ("the Iraqi border"); the places say Syria.
BORDER = (
    "A drone strike hit a car on the road outside Al-Malikiyah in Hasakah province on Sunday, killing two "
    "men. Residents said the car was travelling towards the Iraqi border."
)
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
NONE = Qt.KeyboardModifier.NoModifier


def add_article(project, external_id: str, text: str, source: str = SOURCE) -> int:  # type: ignore[no-untyped-def]
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
    """The gazetteer is built once per machine in pytest's cache folder, as for the suggestion tests."""
    from annotator.ui.coding import suggestions

    cache = getattr(request.config, "cache", None)
    folder = Path(cache.mkdir("annotator-gazetteer")) if cache is not None else tmp_path_factory.mktemp("gazetteer")
    before = suggestions.CACHE_DIR
    suggestions.CACHE_DIR = folder
    yield folder
    suggestions.CACHE_DIR = before


@pytest.fixture
def sdb(tmp_path: Path) -> dict[str, object]:
    """The Syria article, another one, and an earlier article whose events code two actors."""
    from annotator.services.annotate import CreateEvent, SetRef, apply
    from annotator.services.project import open_project

    url = f"sqlite:///{tmp_path / 'form.db'}"
    project = open_project(url)
    try:
        earlier = add_article(project, "earlier", "Farmers marched in Derik on Monday.", "Rudaw")
        ids = {
            "syria": add_article(project, "syria", ARTICLE),
            "other": add_article(project, "other", "Quiet day."),
            "border": add_article(project, "border", BORDER),
        }
        ref = SetRef(earlier, "tester")
        for actor, code in (("Kurdish Farmers Union", 6), ("Kurdish Farmers Union", 6), ("Protesters (Syria)", 6)):
            apply(project, CreateEvent(ref, values=(("actor1", actor), ("inter1", code))))
    finally:
        project.close()
    return {"url": url, "ids": ids, "settings": str(tmp_path / "settings.ini")}


@pytest.fixture
def win(qtbot, sdb) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    w = make_window(qtbot, sdb)
    w.coding.controller.open_article(sdb["ids"]["syria"])
    yield w
    w.close()


def form_of(w):  # type: ignore[no-untyped-def]
    return w.coding.events_panel.form


def editor(w, name: str):  # type: ignore[no-untyped-def]
    return form_of(w).fields[name].editor


def fields(w, n: int = 0):  # type: ignore[no-untyped-def]
    return stored(w).events[n].fields


def focused():  # type: ignore[no-untyped-def]
    return QApplication.focusWidget()


# ---- finding 13 and 3: a new event starts with the article's source and its country


def test_a_new_event_starts_with_the_articles_source_and_country(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    """The article names Russia, Moscow and Ankara for forces and governments: the event is in Syria."""
    qtbot.keyClick(win.coding.view, Qt.Key.Key_N, CTRL)
    f = fields(win)
    assert (f.source, f.country) == (SOURCE, "Syria")
    assert editor(win, "country").currentText() == "Syria" and editor(win, "source").text() == SOURCE
    assert focused() is editor(win, "event_date")  # a new event is coded from the top


# ---- finding 1: completion offers real names, the project's first


def test_actor_completion_offers_the_projects_actors_and_filled_generics(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(win.coding.view, Qt.Key.Key_N, CTRL)
    form = form_of(win)
    actor = editor(win, "actor1")
    actor.setFocus()
    qtbot.keyClick(actor, Qt.Key.Key_Down)  # the list, before typing anything
    popup = form.fields["actor1"].popup
    assert popup.visible
    names = [c.text for c in popup.choices]
    assert names[:2] == ["Kurdish Farmers Union", "Protesters (Syria)"]  # most used first
    assert "Civilians (Syria)" in names and not any("{" in n or "}" in n for n in names)
    qtbot.keyClick(popup.completer.popup(), Qt.Key.Key_Escape)
    qtbot.keyClicks(actor, "Civ")
    assert popup.choices[0].text == "Civilians (Syria)"  # not "Civilians (Russia)"
    assert all("{" not in c.text for c in popup.choices)
    # Enter takes the first suggestion: the name and its type in one edit, one undo step.
    qtbot.keyClick(popup.completer.popup(), Qt.Key.Key_Return)
    f = fields(win)
    assert (f.actor1, f.inter1) == ("Civilians (Syria)", 7)
    assert actor.text() == "Civilians (Syria)" and editor(win, "inter1").currentData() == 7
    qtbot.keyClick(actor, Qt.Key.Key_Z, CTRL)
    f = fields(win)
    assert (f.actor1, f.inter1) == ("", None)


# ---- finding 2: the type follows the actor, unless the coder chose it


def test_the_type_follows_the_actor_typed_by_hand_but_not_a_type_chosen_by_hand(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(win.coding.view, Qt.Key.Key_N, CTRL)
    actor = editor(win, "actor1")
    actor.setFocus()
    qtbot.keyClicks(actor, "Civilians (Syria)")
    assert (fields(win).actor1, fields(win).inter1) == ("Civilians (Syria)", 7)
    assert "interaction 70" in form_of(win).derived.text()
    actor.selectAll()
    qtbot.keyClicks(actor, "Protesters (Syria)")
    assert (fields(win).actor1, fields(win).inter1) == ("Protesters (Syria)", 6)
    assert "interaction 60" in form_of(win).derived.text()
    # The typing burst is one undo step, the types that followed it included.
    qtbot.keyClick(actor, Qt.Key.Key_Z, CTRL)
    assert (fields(win).actor1, fields(win).inter1) == ("", None)
    qtbot.keyClick(actor, Qt.Key.Key_Z, CTRL | SHIFT)
    assert (fields(win).actor1, fields(win).inter1) == ("Protesters (Syria)", 6)
    # The coder chooses another type by hand: it stays when the actor changes.
    inter1 = editor(win, "inter1")
    assert isinstance(inter1, QComboBox)
    inter1.setCurrentIndex(inter1.findData(4))
    inter1.activated.emit(inter1.currentIndex())
    actor.setFocus()
    actor.selectAll()
    qtbot.keyClicks(actor, "Rioters (Syria)")
    assert (fields(win).actor1, fields(win).inter1) == ("Rioters (Syria)", 4)


# ---- finding 3: state forces abroad are External/Other forces, in the event's country


def test_russian_and_turkish_patrols_in_syria_make_88(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(win.coding.view, Qt.Key.Key_N, CTRL)
    for name, typed in (
        ("actor1", "Military Forces of Russia (2000-)"),
        ("actor2", "Military Forces of Turkey (2002-)"),
    ):
        editor(win, name).setFocus()
        qtbot.keyClicks(editor(win, name), typed)
    f = fields(win)
    assert (f.inter1, f.inter2) == (8, 8)
    assert "interaction 88" in form_of(win).derived.text()


# ---- a linked span fills the type too


def test_a_linked_span_fills_the_actor_and_its_type(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.conftest import select_cp

    start = ARTICLE.index("protesters")
    select_cp(win.coding.view, start, start + len("protesters"))
    qtbot.keyClick(win.coding.view, "a")
    qtbot.keyClick(win.coding.view, Qt.Key.Key_N, CTRL)
    editor(win, "actor1").setFocus()
    win.coding.controller.link_selected_span("actor1")
    f = fields(win)
    assert (f.actor1, f.inter1) == ("protesters", 6)
    assert stored(win).events[0].evidence["actor1"]


# ---- finding 13: accepting a suggestion with no event selected says it made one


@dataclass(frozen=True)
class _Suggestion:
    start: int
    end: int
    label: str
    text: str
    value: Any


def test_accepting_with_no_event_selected_says_a_new_event_was_made(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    start = ARTICLE.index("Tuesday")
    tuesday = _Suggestion(start, start + 7, "date", "Tuesday", {"event_date": "2024-06-11", "time_precision": 1})
    assert win.coding.controller.current_event is None
    assert win.coding.controller.accept_suggestion(tuesday)
    assert "New event 1" in win.statusBar().currentMessage()
    f = fields(win)
    assert (f.event_date, f.country, f.source) == (dt.date(2024, 6, 11), "Syria", SOURCE)


# ---- long drop-down texts are not cut off


def test_long_drop_down_texts_are_not_cut_off(win) -> None:  # type: ignore[no-untyped-def]
    from annotator.ui.coding.form_widgets import DETAIL_ROLE

    form = form_of(win)
    for name in ("event_type", "sub_event_type", "inter1", "country", "source_scale"):
        combo = form.fields[name].editor
        widest = max(combo.fontMetrics().horizontalAdvance(combo.itemText(i)) for i in range(combo.count()))
        assert combo.view().minimumWidth() > widest, name  # the list is as wide as its longest entry
        assert all(combo.itemData(i, Qt.ItemDataRole.ToolTipRole) == combo.itemText(i) for i in range(1, combo.count()))
    precision = form.fields["geo_precision"].editor
    described = [precision.itemData(i, DETAIL_ROLE) for i in range(1, precision.count())]
    assert described[1] == "A part of a region or 'near' a town, coded to a representative town."  # whole
    assert precision.view().minimumWidth() > precision.fontMetrics().horizontalAdvance(described[2])


# ---- finding 5: a place looked up fills every place field, one undo step


@pytest.mark.parametrize(("precision", "kind"), [(3, "province"), (2, "district")])
def test_a_second_level_region_is_described_as_what_it_is_coded_as(precision: int, kind: str) -> None:
    from annotator.services.place_lookup import PlaceOption
    from annotator.ui.coding.place_search import describe

    option = PlaceOption(location="Catarman", country="Philippines", admin1="Eastern Visayas",
                         admin2="Province of Northern Samar", admin3="", latitude=12.5, longitude=124.6,
                         geo_precision=precision, feature="admin2", population=0, source="gazetteer")  # fmt: skip
    # Before, every second-level region read "district", provinces too.
    assert describe(option)[1].split("  ·  ")[1].startswith(f"{kind}, coded to its largest town")


def test_ctrl_g_finds_a_place_and_fills_every_place_field(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    w = win
    qtbot.keyClick(w.coding.view, Qt.Key.Key_N, CTRL)
    qtbot.keyClick(focused(), Qt.Key.Key_G, CTRL)
    search = form_of(w).place_search
    assert search is not None and search.isVisible()
    assert search.country.currentText() == "Syria"  # the event's country filters
    qtbot.keyClicks(search.search, "Malikiyah")
    first = search.options[0]
    assert (first.location, first.admin1, first.country) == ("Al Malikiyah", "Al Hasakeh", "Syria")
    assert "37.1770, 42.1401" in search.results.item(0).text() and "geo precision" in search.results.item(0).text()
    assert search.map.current == (first.latitude, first.longitude)
    qtbot.keyClick(search.search, Qt.Key.Key_Return)
    f = fields(w)
    assert (f.country, f.admin1, f.location, f.latitude, f.longitude, f.geo_precision) == (
        "Syria", "Al Hasakeh", "Al Malikiyah", 37.177, 42.1401, first.geo_precision,
    )  # fmt: skip
    assert editor(w, "location").text() == "Al Malikiyah" and not search.isVisible()
    qtbot.keyClick(focused(), Qt.Key.Key_Z, CTRL)  # one step takes the whole place back
    f = fields(w)
    assert (f.admin1, f.location, f.latitude, f.longitude, f.geo_precision) == ("", "", None, None, None)
    # A village the gazetteer lacks, coded once by hand, is found next time by its evidence text.
    qtbot.keyClick(focused(), Qt.Key.Key_G, CTRL)
    qtbot.keyClicks(search.search, "Qesirdib")
    assert search.options == [] and "No place in Syria" in search.status.text()
    qtbot.keyClick(search.search, Qt.Key.Key_Escape)
    assert not search.isVisible()


# ---- finding 6 and the whole loop: the article coded by keyboard alone, suggestions on


class Keyboard:
    """Keys sent where the keyboard focus is, as a coder presses them; counts the actions (a key
    or a chord is one, a word typed is one) and the characters typed."""

    def __init__(self, qtbot) -> None:  # type: ignore[no-untyped-def]
        self.qtbot = qtbot
        self.actions = 0
        self.characters = 0

    def target(self):  # type: ignore[no-untyped-def]
        """Where a key goes: an open pop-up's focused field, else the focused widget."""
        popup = QApplication.activePopupWidget()
        return (popup.focusWidget() or popup) if popup is not None else focused()

    def press(self, key: Qt.Key, modifiers: Qt.KeyboardModifier = NONE) -> None:
        self.qtbot.keyClick(self.target(), key, modifiers)
        self.actions += 1

    def type(self, text: str) -> None:
        self.qtbot.keyClicks(self.target(), text)
        self.actions += 1
        self.characters += len(text)


@pytest.fixture
def suggesting(qtbot, sdb) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    w = make_window(qtbot, sdb, suggestions=True)
    w.resize(1366, 705)  # a maximised window on a 1366x768 laptop
    w.coding.controller.open_article(sdb["ids"]["syria"])
    layer = w.coding.suggestions
    qtbot.waitUntil(lambda: layer.ready, timeout=120_000)
    yield w
    w.close()


def test_accepting_the_last_suggestion_keeps_the_view_where_it_was(qtbot, suggesting) -> None:  # type: ignore[no-untyped-def]
    w = suggesting
    layer = w.coding.suggestions
    view = w.coding.view
    w.resize(900, 420)  # small enough for the article to scroll
    qtbot.wait(20)
    layer._make_current(layer.shown[-1])  # the last one (revealed: the view scrolls down to it)
    bar = view.verticalScrollBar()
    assert bar.value() > 0
    where = bar.value()
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert bar.value() == where  # not back at the top of the article
    assert layer.current is None and "last suggestion" in w.statusBar().currentMessage()


def test_the_event_country_is_where_the_places_are_not_a_neighbours_name(qtbot, sdb) -> None:  # type: ignore[no-untyped-def]
    """Read from the text's country names alone, "the Iraqi border" made it Iraq; once the
    suggestion engine has read the places (Al-Malikiyah, Hasakah), the article is about Syria."""
    w = make_window(qtbot, sdb, suggestions=True)
    try:
        w.coding.suggestions._assistant = None  # as on a session's first article: no engine built yet
        w.coding.controller.open_article(sdb["ids"]["border"])
        assert w.coding.assist.article_country == "Iraq"  # the engine is not ready yet: names only
        qtbot.waitUntil(lambda: w.coding.suggestions.ready, timeout=120_000)
        assert w.coding.assist.article_country == "Syria"
        qtbot.keyClick(w.coding.view, Qt.Key.Key_N, CTRL)
        assert fields(w).country == "Syria"
    finally:
        w.close()


def test_the_syria_article_coded_by_keyboard_in_at_most_40_actions(qtbot, suggesting) -> None:  # type: ignore[no-untyped-def]
    """A protest, a standoff and a withdrawal (the issue's run took about 90 actions and 515
    typed characters). Suggestions take the spans, dates, places, actions and actors they find;
    the form does the rest with completion and the place look-up."""
    w = suggesting
    keys = Keyboard(qtbot)
    layer = w.coding.suggestions

    def current() -> str:
        return layer.current.text if layer.current is not None else ""

    keys.press(Qt.Key.Key_2, CTRL)  # to the text
    # Event 1, the protest: villagers block a Russian patrol near Al-Malikiyah on Tuesday.
    assert current() == "QAMISHLI"  # the dateline
    keys.press(Qt.Key.Key_Backspace)  # not where it happened
    assert current() == "Villagers"
    keys.press(Qt.Key.Key_Backspace)  # coded as protesters, below
    assert current() == "Al-Hasakah province"  # the region, with its kind (issue 13)
    keys.press(Qt.Key.Key_Backspace)  # the province: the village near Al-Malikiyah is better
    assert current() == "Russian military police"
    keys.press(Qt.Key.Key_Right, ALT)  # theirs is the next event
    assert current() == "Tuesday"
    keys.press(Qt.Key.Key_Return)  # no event yet: this one makes event 1, and says so
    assert "New event 1" in w.statusBar().currentMessage()
    assert current() == "Qesirdib"  # the village the gazetteer lacks, offered by its name...
    assert "not in the gazetteer" in w.statusBar().currentMessage()
    keys.press(Qt.Key.Key_Backspace)  # ...but with no point: coded to the town near it, as ACLED does
    assert current() == "Al-Malikiyah"
    keys.press(Qt.Key.Key_Return)  # "near Al-Malikiyah": geo precision 2
    assert current() == "residents"
    keys.press(Qt.Key.Key_Backspace)
    assert current() == "Tal Kocher"  # the neighbouring village, which the gazetteer lacks too
    keys.press(Qt.Key.Key_Backspace)
    assert current() == "protested"
    keys.press(Qt.Key.Key_Return)  # Protests › Peaceful protest
    assert current() == "protesters"
    keys.press(Qt.Key.Key_Return)  # Protesters (Syria), type 6
    # Event 2, the standoff: SDF fighters between the crowd and the Russian patrol.
    keys.press(Qt.Key.Key_N, CTRL)  # the form, at the date
    keys.type("2024-06-11")
    keys.press(Qt.Key.Key_Tab)
    keys.press(Qt.Key.Key_Down)  # time precision 1
    keys.press(Qt.Key.Key_Tab)
    keys.type("S")  # Strategic developments
    keys.press(Qt.Key.Key_Tab)
    keys.type("O")  # Other
    keys.press(Qt.Key.Key_2, CTRL)
    assert current() == "Syrian Democratic Forces"
    keys.press(Qt.Key.Key_Return)  # actor 1, type 2
    assert current() == "Russian military police"
    keys.press(Qt.Key.Key_Return)  # actor 2: forces of Russia in Syria, type 8
    keys.press(Qt.Key.Key_G, CTRL)  # the place look-up...
    keys.type("Malik")  # ...finds the place event 1 was coded to, first
    keys.press(Qt.Key.Key_Return)
    # Event 3, the withdrawal.
    keys.press(Qt.Key.Key_N, CTRL)
    keys.type("2024-06-11")
    keys.press(Qt.Key.Key_Tab)
    keys.press(Qt.Key.Key_Down)
    for _ in range(3):  # event type, sub-event type, actor 1 (the suggestion fills the types)
        keys.press(Qt.Key.Key_Tab)
    keys.type("Mil")  # the project's actors first: the Russian forces coded in event 2
    keys.press(Qt.Key.Key_Return)
    keys.press(Qt.Key.Key_2, CTRL)
    assert current() == "withdrew from"
    keys.press(Qt.Key.Key_Return)  # Strategic developments › Non-violent transfer of territory
    keys.press(Qt.Key.Key_G, CTRL)
    keys.type("Malik")
    keys.press(Qt.Key.Key_Return)

    print(f"\n{keys.actions} actions, {keys.characters} characters typed")
    assert keys.actions <= 40 and keys.characters <= 40
    e1, e2, e3 = (e.fields for e in stored(w).events)
    tuesday = dt.date(2024, 6, 11)
    place = ("Syria", "Al Hasakeh", "Al Malikiyah", 37.177, 42.1401, 2)

    def where(f: Any) -> tuple[Any, ...]:
        return (f.country, f.admin1, f.location, f.latitude, f.longitude, f.geo_precision)

    assert (e1.event_date, e1.time_precision, e1.event_type, e1.sub_event_type) == (
        tuesday, 1, "Protests", "Peaceful protest",
    )  # fmt: skip
    assert (e1.actor1, e1.inter1, where(e1), e1.source) == ("Protesters (Syria)", 6, place, SOURCE)
    assert (e2.event_date, e2.time_precision, e2.event_type, e2.sub_event_type) == (
        tuesday, 1, "Strategic developments", "Other",
    )  # fmt: skip
    assert (e2.actor1, e2.inter1, e2.actor2, e2.inter2, where(e2)) == (
        "QSD: Syrian Democratic Forces", 2, "Military Forces of Russia (2000-) Military Police", 8, place,
    )  # fmt: skip
    # (a unit of the military, as ACLED names military police; the force itself is offered too)
    assert (e3.event_date, e3.sub_event_type, e3.actor1, e3.inter1, where(e3)) == (
        tuesday, "Non-violent transfer of territory", "Military Forces of Russia (2000-) Military Police", 8, place,
    )  # fmt: skip
    assert all(e.source == SOURCE for e in (e1, e2, e3))
    assert "All changes saved" in w.status.saved_label.text()
