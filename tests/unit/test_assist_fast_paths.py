"""The suggestion pass's quick checks read as the plain forms they stand for (issue #13: each is
asked thousands of times on a long article): the same answer on crafted and random strings."""

from __future__ import annotations

import random
import re

import pytest

from annotator.assist import context, place_roles
from annotator.assist.automata import automaton_of
from annotator.assist.event_context import _NUMBER_WORDS, _is_count
from annotator.assist.place_roles import (
    _ADJECTIVE,
    _ADJECTIVES,
    _COMMA_LEADS,
    _LEADS,
    _NAMED_ROAD,
    _NAMED_ROAD_FIRST,
    _PARTICLE_WORDS,
    _name_before,
    _trigger_automaton,
    admin_context_after,
    admin_contexts_after,
    name_positions,
    road_name,
)
from annotator.assist.suggest import _Spans

_WORD_PARTS = (*sorted(_NUMBER_WORDS), "1", "12", "1,200", ",", "-", "a", "one-", "-two", "twenty-one", "x", "")


def _is_count_plain(word: str) -> bool:
    return word.replace(",", "").isdigit() or all(part in _NUMBER_WORDS for part in word.split("-"))


def test_a_count_is_read_as_the_plain_test_reads_it() -> None:
    rng = random.Random(13)
    words = [*_WORD_PARTS, "twenty-one", "forty-five", "1-2", "1,2-3", "dozen-", "--", "٣", "²", "four,"]
    words += ["".join(rng.choice(_WORD_PARTS) for _ in range(rng.randint(1, 4))) for _ in range(5_000)]
    for word in words:
        assert _is_count(word) == _is_count_plain(word), word


def test_lead_words_are_read_as_when_each_was_followed(monkeypatch: pytest.MonkeyPatch) -> None:
    # The trigger automaton finds a lead word ("in", "of", "city of") only with the opening of a
    # name after it: the names' positions are those found when every lead word was read, on
    # random runs of lead words, names, adjectives, kind words and punctuation.
    assert all(re.fullmatch(_ADJECTIVE, a) for a in _ADJECTIVES)
    assert sorted(set(_ADJECTIVES)) == sorted(_ADJECTIVES) and len(_ADJECTIVES) == 10  # rural, central, 4 x 2
    every = automaton_of(
        [(f" {lead} ", ("lead", lead, len(lead) + 2, 0)) for lead in {*_LEADS, *_COMMA_LEADS}]
        + [(key, value) for key, value in _trigger_automaton().items() if value[0] != "lead"]
    )
    words = [*_LEADS, *_COMMA_LEADS, *_ADJECTIVES, *(a.capitalize() for a in _ADJECTIVES), "the", "The", "a",
             "Aleppo", "Al-Hasakah", "Tal Tamer", "Kefar Azza", "de", "al", "district", "province", "countryside",
             "road", "village", "and", "said", "x", "ÉTAT", "Ōsaka", "(", ")", ",", ".", "-", "'s",
             "in the", "the northern", "the rural", "of the", "city of the central"]  # fmt: skip
    rng = random.Random(13)
    for _ in range(2_000):
        text = "".join(
            rng.choice(words) + rng.choice((" ", " ", " ", "", ", ", "  ")) for _ in range(rng.randint(1, 14))
        )
        got = name_positions(text)
        with monkeypatch.context() as m:
            m.setattr(place_roles, "_trigger_automaton", lambda: every)
            want = name_positions(text)
        assert {k: v.spans for k, v in got.items()} == {k: v.spans for k, v in want.items()}, text


def test_admin_contexts_for_many_names_are_those_read_one_by_one() -> None:
    # admin_contexts_after asks admin_context_after only near a context: the same answers for
    # every end of random texts with random contexts (some ending where a name does, some just
    # within reach, some beyond it, some across a parenthesis or full stop).
    rng = random.Random(13)
    for _ in range(500):
        text = "".join(rng.choice(("Palma", ", ", " (", ")", ". ", "Cabo Delgado", " x ", "  ")) for _ in range(40))
        spans = sorted(
            {(s, s + rng.randint(1, 12)) for s in (rng.randrange(len(text)) for _ in range(rng.randint(0, 6)))}
        )
        contexts = [(s, e, rng.choice(("MZ", "KE")), rng.choice(("", "Cabo Delgado"))) for s, e in spans]
        ends = list(range(len(text) + 2))
        assert admin_contexts_after(text, ends, contexts) == [admin_context_after(text, e, contexts) for e in ends]


def _name_before_plain(text: str, end: int) -> int:
    start, pos, words = -1, end, 0
    while words < 4:
        i = pos
        while i > 0 and (text[i - 1].isalnum() or text[i - 1] in "'’-"):
            i -= 1
        token = text[i:pos]
        if not token:
            break
        if token[0].isupper():
            start, words = i, words + 1
        elif token not in _PARTICLE_WORDS or start < 0:
            break
        if i < 1 or text[i - 1] != " ":
            break
        pos = i - 1
    return start


def test_the_name_before_a_word_is_read_as_character_by_character() -> None:
    # _name_before takes a word of letters or digits back to a space in one step: the same start
    # at every position of random texts of names, particles, long words, apostrophes and hyphens.
    words = ["Dawlat", "Abad", "al", "de", "Kefar", "Azza", "x", "Ta'ang", "Abomey-Calavi", "O’Neil", "2024",
             "Ōsaka", "ÉTAT", "a" * 40, "B" * 35, "district", "(", ")", ",", "-", "'", "", "\n"]  # fmt: skip
    rng = random.Random(13)
    for _ in range(2_000):
        text = "".join(rng.choice(words) + rng.choice((" ", " ", "", "  ", ", ")) for _ in range(rng.randint(1, 10)))
        for end in range(len(text) + 1):
            assert _name_before(text, end) == _name_before_plain(text, end), (text, end)


def test_a_named_road_is_looked_for_only_after_its_words_first_letters() -> None:
    # road_name runs its expression only when the letter after the space is one its words begin
    # with (the expression has no flags: those capitals only).
    assert _NAMED_ROAD.flags & re.IGNORECASE == 0
    assert {w[0] for w in re.findall(r"[A-Z][a-z]+", _NAMED_ROAD.pattern)} == _NAMED_ROAD_FIRST
    assert road_name("the Srinagar Highway", 4, 12) and road_name("Nablus Road", 0, 6)
    assert not road_name("Nablus road", 0, 6) and not road_name("Nablus Roadside", 0, 6)


def test_the_words_before_a_government_are_searched_only_after_their_last_words() -> None:
    # government_use searches the window before a name only when it ends with one of the
    # expression's last words (then a space, maybe "the ", maybe a line break): the same answer as
    # searching every window, on random runs of the expression's words, in any case.
    def plain(text: str, start: int, end: int) -> bool:
        window = text[end : end + 60]
        if context._SPEECH_AFTER.match(window) or context._GOVERNMENT_AFTER.match(window):
            return True
        return context._GOVERNMENT_BEFORE.search(text[max(0, start - 60) : start].lower()) is not None

    words = re.findall(r"[a-z]+", context._GOVERNMENT_BEFORE.pattern.replace(r"\b", " ").replace(r"\w", " "))
    assert set(context.GOVERNMENT_BEFORE_LAST) <= set(words)
    pieces = [*words, "the", "The", "ACCUSED", "Told", "x", "Moscow", "said", "'s government", "-backed", "İ"]
    rng = random.Random(17)
    read = 0
    # (and each phrase whole, at the end of the window: "talks with Moscow and", "called on the")
    phrases = [" ".join(words[i : i + n]) for n in (2, 3, 4) for i in range(len(words))]
    phrases += ["talks with Moscow and", "deal between x and", "called on", "according to"]
    for _ in range(20_000):
        before = "".join(rng.choice(pieces) + rng.choice((" ", " ", "  ", "\n", " \n", "", ", ")) for _ in range(4))
        if rng.random() < 0.5:
            before += rng.choice(phrases) + rng.choice((" ", " the ", " The ", "  ", " \n", " the \n", "", "\n"))
        after = rng.choice(("", " said", "'s government", ", officials said", " on Monday"))
        text = f"{before}Kyiv{after}"
        start, end = len(before), len(before) + 4
        answer = plain(text, start, end)
        read += answer
        assert context.government_use(text, start, end) == answer, text
    assert read > 1000


def test_the_places_inside_spans_are_those_each_asked_of_them() -> None:
    # The places inside a group's name are found from the names' side (_Spans.held): the same as
    # asking contains of each place, on random spans, nested, chained and sharing ends.
    rng = random.Random(5)
    for _ in range(3_000):
        spans = _Spans([(s, s + rng.randint(0, 12)) for s in (rng.randint(0, 60) for _ in range(rng.randint(0, 8)))])
        ranges = sorted((s, s + rng.randint(1, 6)) for s in (rng.randint(0, 70) for _ in range(rng.randint(0, 20))))
        starts, ends = [s for s, _e in ranges], [e for _s, e in ranges]
        assert spans.held(starts, ends) == {i for i, (s, e) in enumerate(ranges) if spans.contains(s, e)}
