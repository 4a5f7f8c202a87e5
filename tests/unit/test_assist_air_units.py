"""Air and drone strikes by Russia's and Ukraine's forces, named by their air unit as ACLED names
them (annotator/assist/data/state_units.toml), and a strike's words that begin inside the name of
the force that struck (issue #13, point 3)."""

from __future__ import annotations

import datetime as dt

import pytest

from annotator.assist import SuggestionEngine
from annotator.domain.text import normalise_text

PUBLISHED = dt.date(2025, 5, 25)


def read(engine: SuggestionEngine, text: str) -> tuple[list[dict[str, object]], list[str]]:
    found = engine.suggest(text, published=PUBLISHED)
    return (
        [s.value for s in found if s.label == "actor"],
        [s.value["sub_event_type"] for s in found if s.label == "action"],
    )


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # Before: the force without its unit; and no actor at all for "Russian air forces".
        ("On 17 May 2025, Russian forces launched a drone strike at Prymorske, Zaporizhia region.",
         "Military Forces of Russia (2000-) Air Force"),
        ("On 11 May 2025, Russian air forces carried out airstrikes at Pavlivka, Zaporizhia.",
         "Military Forces of Russia (2000-) Air Force"),
        ("On 21 May 2025, Ukrainian drones struck a semiconductor plant in Bolkhov, Oryol, Russia.",
         "Military Forces of Ukraine (2019-) Air Force"),
    ],
)  # fmt: skip
def test_russia_s_and_ukraine_s_air_strikes_are_their_air_force_s(
    engine: SuggestionEngine, text: str, name: str
) -> None:
    actors, acts = read(engine, text)
    assert acts == ["Air/drone strike"]
    assert actors[0]["name"] == name
    force = name.removesuffix(" Air Force")
    assert [a["name"] for a in actors[0]["alternatives"]] == [force]  # type: ignore[attr-defined]


def test_other_acts_and_other_countries_keep_the_force_s_name(engine: SuggestionEngine) -> None:
    actors, _acts = read(engine, "On 11 May 2025, Russian forces shelled Kherson, Ukraine.")
    assert actors[0]["name"] == "Military Forces of Russia (2000-)"
    # ACLED names Israel's strikes by the force alone.
    actors, _acts = read(engine, "On 8 May 2025, Israeli warplanes struck Khan Yunis, Gaza.")
    assert actors[0]["name"] == "Military Forces of Israel (2022-)"


@pytest.mark.parametrize(
    "text",
    [
        # Before: the force's name ("Ukrainian FPV-drone", "Ukrainian drone") hid the strike.
        "On 23 May 2025, 1 Ukrainian FPV-drone struck a moving car in the village of Saranchino, Bryansk.",
        "On 23 May 2025, 1 Ukrainian drone dropped explosives onto the small town of Borisovka, Belgorod.",
    ],
)
def test_a_strike_beginning_inside_its_force_s_name_is_kept(engine: SuggestionEngine, text: str) -> None:
    actors, acts = read(engine, text)
    assert acts == ["Air/drone strike"]
    assert actors[0]["name"] == "Military Forces of Ukraine (2019-) Air Force"


def test_a_moved_strike_keeps_code_point_spans_after_emoji_arabic_and_crlf(engine: SuggestionEngine) -> None:
    # The pass reads LF-normalised text in code points (the import turns CRLF into LF): a strike
    # moved past its force's name, and the force renamed, still cover their own words.
    raw = (
        "😀🇺🇦 قال شهود عيان\r\n"
        "On 23 May 2025, 1 Ukrainian drone dropped explosives onto Borisovka, Belgorod, Russia.\r\n"
        "ISWAP or Boko Haram militants ambushed soldiers near Mora, Cameroon."
    )
    text = normalise_text(raw)
    found = engine.suggest(text, published=PUBLISHED)
    assert all(text[s.start : s.end] == s.text for s in found)
    spans = {(s.label, s.text) for s in found}
    assert {("actor", "Ukrainian drone"), ("action", "dropped"), ("actor", "ISWAP")} <= spans
    drone = next(s for s in found if s.text == "Ukrainian drone")
    assert drone.value["name"] == "Military Forces of Ukraine (2019-) Air Force"
