"""The suggestion pass's quick checks read as the plain forms they stand for (issue #13: each is
asked thousands of times on a long article): the same answer on crafted and random strings."""

from __future__ import annotations

import random

from annotator.assist.event_context import _NUMBER_WORDS, _is_count

_WORD_PARTS = (*sorted(_NUMBER_WORDS), "1", "12", "1,200", ",", "-", "a", "one-", "-two", "twenty-one", "x", "")


def _is_count_plain(word: str) -> bool:
    return word.replace(",", "").isdigit() or all(part in _NUMBER_WORDS for part in word.split("-"))


def test_a_count_is_read_as_the_plain_test_reads_it() -> None:
    rng = random.Random(13)
    words = [*_WORD_PARTS, "twenty-one", "forty-five", "1-2", "1,2-3", "dozen-", "--", "٣", "²", "four,"]
    words += ["".join(rng.choice(_WORD_PARTS) for _ in range(rng.randint(1, 4))) for _ in range(5_000)]
    for word in words:
        assert _is_count(word) == _is_count_plain(word), word
