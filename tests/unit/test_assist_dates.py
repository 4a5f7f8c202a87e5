"""Date expressions resolved by ACLED's time_precision rules against a published date."""

from __future__ import annotations

import datetime as dt
import random
import re

import pytest

from annotator.assist.automata import automaton_of
from annotator.assist.dates import (
    _AHEAD,
    _FIND,
    _FIRST_CHARS,  # (the guarded scan against the plain one)
    _GUARDED_FROM,
    _MONTH_FIRST,
    _MONTH_NUMBERS,
    _WEEKDAY_ALONE,
    _WEEKDAYS,
    _anchor_automaton,
    _combine,
    _find_guarded,
    _guard,
    _rules,
    _starts_before,
    anchor_keys,
    find_date_expressions,
    find_date_expressions_slow,
    find_dates,
    resolve_date,
)
from annotator.assist.folding import fold_text

WED = dt.date(2024, 6, 12)  # a Wednesday


@pytest.mark.parametrize(
    ("expression", "expected", "precision"),
    [
        # precision 1: the day is known
        ("on Tuesday", dt.date(2024, 6, 11), 1),
        ("Tuesday", dt.date(2024, 6, 11), 1),
        ("on Wednesday", dt.date(2024, 6, 12), 1),  # the published day's own weekday: that day
        ("last Wednesday", dt.date(2024, 6, 5), 1),  # a week back only when the text says so
        ("last Friday", dt.date(2024, 6, 7), 1),
        ("Sunday", dt.date(2024, 6, 9), 1),
        ("today", dt.date(2024, 6, 12), 1),
        ("this morning", dt.date(2024, 6, 12), 1),
        ("yesterday", dt.date(2024, 6, 11), 1),
        ("last night", dt.date(2024, 6, 11), 1),
        ("the day before yesterday", dt.date(2024, 6, 10), 1),
        ("two days ago", dt.date(2024, 6, 10), 1),
        ("2 June", dt.date(2024, 6, 2), 1),
        ("June 2", dt.date(2024, 6, 2), 1),
        ("12th of June", dt.date(2024, 6, 12), 1),
        ("15 December", dt.date(2023, 12, 15), 1),  # lean to the past
        ("13 June", dt.date(2023, 6, 13), 1),  # tomorrow's date is last year's
        ("29 February", dt.date(2024, 2, 29), 1),
        ("3 June 2024", dt.date(2024, 6, 3), 1),
        ("June 3, 2024", dt.date(2024, 6, 3), 1),
        ("2024-06-03", dt.date(2024, 6, 3), 1),
        ("03/06/2024", dt.date(2024, 6, 3), 1),  # day first
        ("06/13/2024", dt.date(2024, 6, 13), 1),  # month first only when day first is impossible
        # precision 2: a week or weekend, its middle (Wednesday; Saturday)
        ("last week", dt.date(2024, 6, 5), 2),
        ("the previous week", dt.date(2024, 6, 5), 2),
        ("earlier this week", dt.date(2024, 6, 10), 2),  # Wednesday is today: middle of Mon-Tue
        ("over the weekend", dt.date(2024, 6, 8), 2),
        ("two weeks ago", dt.date(2024, 5, 29), 2),
        ("a few days ago", dt.date(2024, 6, 9), 2),
        # precision 3: the month, its 15th, first or last day
        ("last month", dt.date(2024, 5, 15), 3),
        ("in May", dt.date(2024, 5, 15), 3),
        ("in December", dt.date(2023, 12, 15), 3),
        ("mid-May", dt.date(2024, 5, 15), 3),
        ("May 2024", dt.date(2024, 5, 15), 3),
        ("early this month", dt.date(2024, 6, 1), 3),
        ("at the start of the month", dt.date(2024, 6, 1), 3),
        ("beginning of May", dt.date(2024, 5, 1), 3),
        ("early last month", dt.date(2024, 5, 1), 3),
        ("end of May", dt.date(2024, 5, 31), 3),
        ("late last month", dt.date(2024, 5, 31), 3),
        ("late February", dt.date(2024, 2, 29), 3),
        ("the end of April 2023", dt.date(2023, 4, 30), 3),
        # the 15th of June would be after 12 June: the middle of the days so far instead
        ("earlier this month", dt.date(2024, 6, 6), 3),
        ("three months ago", dt.date(2024, 3, 15), 3),
    ],
)
def test_rules(expression: str, expected: dt.date, precision: int) -> None:
    result = resolve_date(expression, WED)
    assert result is not None, expression
    assert (result.event_date, result.time_precision) == (expected, precision)
    assert result.expression == expression


def test_rule_is_named() -> None:
    result = resolve_date("last week", WED)
    assert result is not None
    assert result.rule == "last week: Wednesday"
    assert result.as_dict() == {
        "event_date": "2024-06-05",
        "time_precision": 2,
        "expression": "last week",
        "rule": "last week: Wednesday",
    }


@pytest.mark.parametrize(
    "expression",
    ["Monday", "on Tuesday", "last week", "this week", "over the weekend", "this month", "in June",
     "end of June", "end of the month", "late this month", "17 June", "December 31", "last Wednesday"],
)  # fmt: skip
def test_relative_expressions_never_pass_the_published_date(expression: str) -> None:
    for offset in range(14):
        published = dt.date(2024, 6, 1) + dt.timedelta(days=offset)
        result = resolve_date(expression, published)
        assert result is not None
        assert result.event_date <= published, (expression, published)


def test_weekend_seen_from_sunday_and_monday() -> None:
    from_sunday = resolve_date("over the weekend", dt.date(2024, 6, 9))
    from_monday = resolve_date("at the weekend", dt.date(2024, 6, 10))
    assert from_sunday is not None and from_sunday.event_date == dt.date(2024, 6, 8)
    assert from_monday is not None and from_monday.event_date == dt.date(2024, 6, 8)


def test_last_month_in_january_is_december() -> None:
    result = resolve_date("late last month", dt.date(2024, 1, 9))
    assert result is not None
    assert (result.event_date, result.time_precision) == (dt.date(2023, 12, 31), 3)


def test_less_precise_than_a_month_is_not_resolved() -> None:
    assert resolve_date("last year", WED) is None
    assert resolve_date("31 June", WED) is None


def test_other_languages_fall_back_to_dateparser() -> None:
    result = resolve_date("3 juin 2024", WED)
    assert result is not None
    assert (result.event_date, result.time_precision) == (dt.date(2024, 6, 3), 1)


def test_find_in_a_report() -> None:
    text = (
        "On Tuesday, protesters rallied in Qamishli. Last week police arrested 12 people, and on "
        "2 June troops may march again. In May and early last month the army shelled villages; "
        "residents said the attack of 4th of July 2023 was the worst."
    )
    found = find_date_expressions(text)
    assert found == [
        (3, 10, "Tuesday"),
        (44, 53, "Last week"),
        (88, 94, "2 June"),
        (122, 125, "May"),
        (130, 146, "early last month"),
        (203, 219, "4th of July 2023"),
    ]
    for start, end, expression in found:
        assert text[start:end] == expression
    assert find_date_expressions_slow(text) == found


def test_a_span_of_days_written_with_a_spaced_dash_is_one_span() -> None:
    # "between 3 - 4 May" folds to "between 3   4 may": the gap is a dash, not a break between two
    # expressions, so the span is read whole rather than its last day on its own.
    text = "Around 3 May 2024 (between 3 - 4 May), gunmen raided two villages; on 9 June. 2 died."
    found = find_date_expressions(text)
    assert [expression for _s, _e, expression in found] == ["Around 3 May 2024", "between 3 - 4 May", "9 June"]
    assert found == find_date_expressions_slow(text)
    span = resolve_date("between 3 - 4 May", WED)
    assert span is not None and (span.event_date, span.time_precision) == (dt.date(2024, 5, 3), 2)


def test_verbs_and_lower_case_months_are_not_dates() -> None:
    assert find_date_expressions("Crowds may march to the square; they said it may rain.") == []


def test_find_dates_resolves_with_code_point_offsets() -> None:
    text = "قال شهود 😀 إن الاشتباكات وقعت. Fighting broke out on Monday near the border."
    found = find_dates(text, WED)
    assert len(found) == 1
    start, end, resolution = found[0]
    assert text[start:end] == "Monday"
    assert start == text.index("Monday")
    assert resolution.event_date == dt.date(2024, 6, 10)


def test_fast_scan_agrees_with_the_plain_regex() -> None:
    text = (
        "Between 3 and 5 May, the day before yesterday and the beginning of the month saw clashes. "
        "By 2024-05-03 and 03/05/2024, in March 2023 or mid-March, early Monday and this past Friday, "
        "over the weekend, a few days ago, 10 days ago, three weeks ago, last night and tonight. "
    ) * 3
    assert find_date_expressions(text) == find_date_expressions_slow(text)
    # A long article is scanned with the guarded rules (see test_guarded_rules_match_as_the_plain_ones_do).
    long = text * (_GUARDED_FROM // len(text) + 1)
    assert len(long) >= _GUARDED_FROM
    assert find_date_expressions(long) == find_date_expressions_slow(long)


def test_anchors_that_begin_no_expression_are_read_from_the_words_before_them() -> None:
    # The scan does not try the expression at "morning", "ago", "weekend" or a lower-case month
    # itself: only from the words before them.
    text = (
        "They march at night. This morning, a month ago, two weeks ago, Monday night and Friday "
        "evening; in May they may march again over the weekend, as every week."
    )
    found = find_date_expressions(text)
    assert [expression for _s, _e, expression in found] == [
        "This morning", "a month ago", "two weeks ago", "Monday", "Friday", "May", "over the weekend",
    ]  # fmt: skip
    assert found == find_date_expressions_slow(text)


def test_this_week_from_friday_and_monday() -> None:
    friday = resolve_date("earlier this week", dt.date(2024, 6, 14))
    monday = resolve_date("this week", dt.date(2024, 6, 10))
    assert friday is not None and (friday.event_date, friday.time_precision) == (dt.date(2024, 6, 12), 2)
    assert monday is not None and monday.event_date == dt.date(2024, 6, 10)  # nothing earlier in the week


def test_weekday_named_on_its_own_publication_day_is_that_day() -> None:
    # "police said on Wednesday" in Wednesday's report (before: the Wednesday a week earlier, which
    # a report would write "last Wednesday" or as a date).
    result = resolve_date("on Wednesday", WED)
    assert result is not None and result.event_date == WED
    last = resolve_date("last Wednesday", WED)
    assert last is not None and last.event_date == dt.date(2024, 6, 5)
    tuesday = resolve_date("on Tuesday", WED)
    assert tuesday is not None and tuesday.event_date == dt.date(2024, 6, 11)
    today = resolve_date("today", WED)
    assert today is not None and today.event_date == WED


# Words of every rule, in several cases, with the punctuation and digits they come with, and a few
# characters (\u212a the Kelvin sign, which (?i) reads as "k"; Arabic-Indic digits) that only the
# non-ASCII side of a guard lets through.
_WORDS = (
    "between from and to of on or about around approximately circa as reported the first second third "
    "fourth last final middle week weeks weekend month months new year's eve day christmas boxing early "
    "late mid beginning start end this past previous earlier over at during a an few one two three four "
    "five six seven eight nine ten days ago yesterday today tonight night morning afternoon evening in "
    "January February March May June Sept Sep. Oct Monday Tuesday Wednesday Thursday Friday Saturday "
    "Sunday 1 2nd 3rd 5th 12 12th 21st 31 2024 1999 2024-05-03 03/05/2024 12.03.2023 3-5 - – ( ) , . "
    "\u212aey \u0663\u0664 \u0661\u0662\u0663\u0664-05-03 said fighters"
)
_DATE_WORDS = [
    *_WORDS.split(),
    # every rule's opening words together, so that each rule matches often
    "on the 5th",
    "on or about",
    "as reported on",
    "New Year's Day",
    "Christmas Eve",
    "Boxing Day",
    "the day before yesterday",
    "a few",
    "in March",
    "in May",
    "in November",
    "in December",
    "in April",
    "in July",
    "in August",
    "the first week of",
    "between 3 and 5",
    "from 2 to 4",
    "last week",
    "this week",
    "over the weekend",
    "the beginning of the month",
]


def test_guarded_rules_match_as_the_plain_ones_do() -> None:
    # The scanning expression carries a look-ahead per rule for the characters the rule may begin
    # with (_FIRST_CHARS): it must find the same match at every start as the rules without it, in
    # the same order. Random runs of the rules' own words, in any case, at every position.
    rules = _rules(find=True)
    plain = re.compile(_combine(rules))
    guarded = re.compile(_combine(rules, {name: _guard(first) for name, first in _FIRST_CHARS.items()}))
    assert set(_FIRST_CHARS) == {name for name, _pattern in rules}
    rng = random.Random(13)
    matched = 0
    for _ in range(3000):
        words = [rng.choice(_DATE_WORDS) for _ in range(rng.randint(1, 7))]
        words = [w.upper() if rng.random() < 0.15 else w.capitalize() if rng.random() < 0.3 else w for w in words]
        text = rng.choice((" ", "  ", ", ")).join(words)
        for pos in range(len(text)):
            a, b = plain.match(text, pos), guarded.match(text, pos)
            assert (a and (a.span(), a.lastgroup)) == (b and (b.span(), b.lastgroup)), (text, pos)
            matched += a is not None
    assert matched > 1000  # (the words do make dates)
    # And a rule is not let through where it cannot begin: "of" begins none.
    assert guarded.match("of the month", 0) is None


def test_the_starts_left_out_begin_no_expression() -> None:
    # The scan does not try the expression from a lead word that begins none ("of", "days") or
    # begins one only before certain words ("on" before "the" or "or"; "on Tuesday" begins at
    # "Tuesday"): at every start so left out, neither the plain nor the guarded expression matches,
    # to the window's end or the text's. Random runs of the rules' words, in any case, with
    # characters that (?i) reads as ASCII letters (the Kelvin sign, a long s, dotted and dotless i)
    # and other spaces.
    rng = random.Random(13)
    odd = {"k": "\u212a", "s": "\u017f", "i": "\u0131", "I": "\u0130"}
    left_out = 0
    for _ in range(3000):
        words = [rng.choice(_DATE_WORDS) for _ in range(rng.randint(1, 8))]
        words = [w.upper() if rng.random() < 0.15 else w.capitalize() if rng.random() < 0.3 else w for w in words]
        words = ["".join(odd.get(c, c) if rng.random() < 0.05 else c for c in w) for w in words]
        text = "".join(w + rng.choice((" ", " ", "  ", ", ", " - ", "\u00a0", "\n", ". ")) for w in words)
        folded = fold_text(text)
        for end, (length, _first, word) in _anchor_automaton().iter(f" {folded} "):
            anchor = end - length + 1
            for floor in {0, rng.randint(0, anchor)}:
                every = _starts_before(folded, anchor, floor, text)
                tried = _starts_before(folded, anchor, floor, text, word)
                assert set(tried) <= set(every) and tried[-1] == anchor
                for start in set(every) - set(tried):
                    left_out += 1
                    for expression in (_FIND, _find_guarded()):
                        assert expression.match(text, start) is None, (text, start)
                        assert expression.match(text, start, min(len(text), anchor + _AHEAD)) is None, (text, start)
    assert left_out > 1000


def test_anchor_hits_from_a_larger_automaton_find_the_same_dates() -> None:
    # The suggestion pass finds the anchors with its lexicon's keys in one scan and hands their
    # hits to find_dates: with other keys beside them (some the anchors' own words, some inside
    # them, some spanning them), the anchors' hits and so the dates are those of their own automaton.
    others = {" on ": "on", " last week ": "lw", " march ": "m", " sun": "s", " the ": "t", "ay ": "a"}
    keys: dict[str, tuple[object, object]] = {k: (None, v) for k, v in others.items()}
    for key, anchor in anchor_keys().items():
        keys[key] = (anchor, keys.get(key, (None, None))[1])
    merged = automaton_of(keys.items())
    rng = random.Random(17)
    for _ in range(1500):
        words = [rng.choice(_DATE_WORDS) for _ in range(rng.randint(1, 10))]
        words = [w.capitalize() if rng.random() < 0.4 else w for w in words]
        text = "".join(w + rng.choice((" ", "  ", ", ", " - ", "\n", ". ")) for w in words)
        folded = fold_text(text)
        hits = [(end, anchor) for end, (anchor, _other) in merged.iter(f" {folded} ") if anchor is not None]
        assert hits == list(_anchor_automaton().iter(f" {folded} "))
        assert find_dates(text, WED, folded, anchors=hits) == find_dates(text, WED, folded)


def test_at_a_weekdays_or_months_name_its_rules_alone_match_as_all_do() -> None:
    # The scan tries only the weekday rule where an anchor that is a weekday's name is the start,
    # and only the rules that may begin with a month's name at a month's: at every such anchor of
    # random runs of the rules' words (any case, "_" and digits before them), with either window
    # end, they and both full expressions give the same match or none.
    rng = random.Random(23)
    pieces = [*_DATE_WORDS, "Tuesday", "TUESDAY", "tuesday", "_Friday", "2Sunday", "Thursday's", "Mondays", "Sept.",
              "MAY", "in", "In", "_June", "Aug", "3-4", "12–14", "Dec.", "2023", "1999", "3", "21st", "2024,"]  # fmt: skip
    tried = 0
    crafted = ["Aug 3, 2023", "March 12 2024", "June 2023", "Dec. 3-4, 2023", "in March", "Tuesday", "Sept 21st"]
    for n in range(3000):
        words = [rng.choice(pieces) for _ in range(rng.randint(1, 8))]
        words = [w.capitalize() if rng.random() < 0.3 else w for w in words]
        text = "".join(w + rng.choice((" ", "  ", ", ", "-", "\n", ". ", "")) for w in words)
        if n < len(crafted):
            text = crafted[n]
        folded = fold_text(text)
        for end, (length, _first, word) in _anchor_automaton().iter(f" {folded} "):
            anchor = end - length + 1
            if (word in _WEEKDAYS or word in _MONTH_NUMBERS) and text[anchor].isupper():
                only = _WEEKDAY_ALONE if word in _WEEKDAYS else _MONTH_FIRST
                for window_end in (len(text), min(len(text), anchor + _AHEAD)):
                    tried += 1
                    plain = [(m.span(), m.lastgroup) for m in [_FIND.match(text, anchor, window_end)] if m]
                    guarded = [(m.span(), m.lastgroup) for m in [_find_guarded().match(text, anchor, window_end)] if m]
                    alone = [(m.span(), m.lastgroup) for m in [only.match(text, anchor, window_end)] if m]
                    assert alone == plain == guarded, (text, anchor)
    assert tried > 1000


def test_two_days_joined_by_and_are_one_span_as_written_with_a_dash() -> None:
    # Before: "On 28 and 29 March" was read as 29 March alone, while "28-29 March" is the span.
    text = "On 28 and 29 March, students of the university clashed in El Gezira Aba."
    found = find_date_expressions(text)
    assert [expression for _s, _e, expression in found] == ["28 and 29 March"] and found == find_date_expressions_slow(
        text
    )
    joined, dashed = resolve_date("28 and 29 March", WED), resolve_date("28-29 March", WED)
    assert joined is not None and dashed is not None
    assert (joined.event_date, joined.time_precision) == (dashed.event_date, dashed.time_precision)
