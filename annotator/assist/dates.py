"""Date expressions in news text, resolved against the article's published date.

ACLED's time_precision rules (reference §4.1) decide the day coded for a vague expression:

* precision 1, the day is known: explicit dates, "2 June" (the most recent 2 June on or before the
  published date), weekdays (the published day for its own, else the most recent such day before it),
  "yesterday", "today".
* precision 2, a week or weekend: the middle of it. For an ISO week (Monday to Sunday) that is
  Wednesday or Thursday; we take **Wednesday**. For a weekend it is Saturday.
* precision 3, only the month: the 15th; "early"/"beginning of" -> the 1st; "late"/"end of" -> the
  last day.

News reports past events, so every relative expression leans to the past and never resolves to a
day after the published date: where the rule's day would be later (the 15th of the current month
when the article is from the 10th) the middle of the part of the period already over is used
instead. Only an explicit full date can lie after the published date.

Finding uses one compiled regular expression, tried only around anchor words (month and weekday
names, "week", "yesterday", years...) that an Aho-Corasick scan of the folded text finds; month and
weekday names must be capitalised, which keeps "may" and "march" the verbs out. Resolution re-reads
the found text case-insensitively.
Anything the rules do not cover can still be resolved by dateparser, imported on first use.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import itertools
import operator
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from annotator.assist.automata import automaton_of
from annotator.assist.folding import fold_text

# ---- what a resolution looks like ----


@dataclass(frozen=True, slots=True)
class DateResolution:
    """A resolved date expression. ``rule`` names the rule applied (for the coder and the tests)."""

    event_date: dt.date
    time_precision: int
    expression: str
    rule: str

    def as_dict(self) -> dict[str, Any]:
        return {"event_date": self.event_date.isoformat(), "time_precision": self.time_precision,
                "expression": self.expression, "rule": self.rule}  # fmt: skip


# ---- patterns ----

_MONTH_NUMBERS = {
    name.lower(): i for i, name in enumerate(calendar.month_name) if name
} | {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
     "oct": 10, "nov": 11, "dec": 12}  # fmt: skip
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                 "seven": 7, "eight": 8, "nine": 9, "ten": 10}  # fmt: skip

_MONTH = (
    r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)\b"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b"
_YEAR = r"(?:19|20)\d{2}\b"
_EARLY_LATE = r"(?:early|late|mid|(?:the\s+)?(?:beginning|start|end|middle)\s+of)"
_COUNT = r"(?:\d{1,2}|an?|one|two|three|four|five|six|seven|eight|nine|ten|(?:a\s+)?few)"


def _rules(find: bool) -> list[tuple[str, str]]:
    """(rule name, pattern) in matching order: at one position the first rule that matches wins.

    ``find`` builds the scanning form, whose month and weekday names must be capitalised and whose
    bare month needs a preceding "in"; the resolving form accepts the expression on its own.
    """
    bare_month = rf"(?<=\b[Ii]n ){_MONTH}(?!\s+\d)" if find else _MONTH
    return [
        # Issue #13: spans of days, "around" a day, "on the 5th", weeks of a month, named days.
        # (Day first, month first, and a night across two days: "the night of 3 to 4 March".)
        ("day_range",
         rf"(?i:\b(?:between|from)\s+){_DAY}(?i:\s+(?:and|to)\s+|\s*[-–]\s*){_DAY}(?i:\s+of)?\s+{_MONTH}(?:,?\s+{_YEAR})?"
         rf"|\b{_DAY}\s*[-–]\s*{_DAY}\s+{_MONTH}(?:,?\s+{_YEAR})?"
         rf"|\b{_DAY}(?i:\s+and\s+){_DAY}\s+{_MONTH}(?:,?\s+{_YEAR})?"  # "on 28 and 29 March"
         rf"|(?i:\b(?:the\s+)?night\s+of\s+){_DAY}(?i:\s+(?:and|to)\s+|\s*[-–]\s*){_DAY}(?i:\s+of)?\s+{_MONTH}(?:,?\s+{_YEAR})?"
         rf"|(?i:\b(?:between|from)\s+){_MONTH}\s+{_DAY}(?i:\s+(?:and|to)\s+|\s*[-–]\s*){_DAY}(?:,?\s+{_YEAR})?"
         rf"|\b{_MONTH}\s+{_DAY}[-–]{_DAY}(?:,?\s+{_YEAR})?"),
        # "As reported on" a day: the day of the report, not known to be the event's (precision 2).
        ("around",
         rf"(?i:\b(?:around|about|approximately|circa|on\s+or\s+about|as\s+reported\s+on)\s+)"
         rf"(?:{_DAY}(?i:\s+of)?\s+{_MONTH}|{_MONTH}\s+{_DAY})(?:,?\s+{_YEAR})?"
         rf"|\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\s+\((?i:week\s+of)\)"),
        ("month_week",
         rf"(?i:\b(?:the\s+)?(?:first|second|third|fourth|last|final|middle)\s+week\s+of\s+){_MONTH}(?:,?\s+{_YEAR})?"),
        ("ordinal_day",
         r"(?i:\bon\s+the\s+)(?:[12]\d|3[01]|0?[1-9])(?i:st|nd|rd|th)\b"
         rf"(?!\s+(?:of\s+)?{_MONTH})"),
        ("named_day", r"(?i:\b(?:New\s+Year['’]?s\s+(?:Eve|Day)|Christmas\s+(?:Eve|Day)|Boxing\s+Day)\b)"),
        ("iso", r"\b\d{4}-\d{2}-\d{2}\b"),
        ("numeric", r"\b\d{1,2}[/.]\d{1,2}[/.](?:19|20)\d{2}\b"),
        ("day_month_year", rf"\b{_DAY}(?i:\s+of)?\s+{_MONTH},?\s+{_YEAR}"),
        ("month_day_year", rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}"),
        ("month_year", rf"(?i:\b{_EARLY_LATE}[\s-]+)?{_MONTH}\s+{_YEAR}"),
        ("day_month", rf"\b{_DAY}(?i:\s+of)?\s+{_MONTH}"),
        ("month_day", rf"\b{_MONTH}\s+{_DAY}"),
        ("month_part", rf"(?i:\b{_EARLY_LATE}[\s-]+){_MONTH}"),
        ("month", bare_month),
        ("relative_month",
         rf"(?i:\b(?:(?:{_EARLY_LATE}|earlier)[\s-]+)?(?:this|last|previous|the\s+previous)\s+month\b"
         r"|\b(?:the\s+)?(?:beginning|start|end|middle)\s+of\s+the\s+month\b"
         r"|\b(?:the\s+)?past\s+month\b)"),
        ("relative_week",
         r"(?i:\b(?:earlier\s+)?this\s+week\b|\b(?:last|previous|the\s+previous)\s+week\b"
         r"|\b(?:the\s+)?past\s+week\b)"),
        ("weekend", r"(?i:\b(?:(?:over|at|during)\s+the|this|last|past|the\s+past)\s+weekend\b)"),
        ("ago", rf"(?i:\b{_COUNT}\s+(?:days?|weeks?|months?)\s+ago\b)"),
        ("day_word",
         r"(?i:\bthe\s+day\s+before\s+yesterday\b|\byesterday\b|\btoday\b|\btonight\b|\blast\s+night\b"
         r"|\bthis\s+(?:morning|afternoon|evening)\b)"),
        ("weekday", rf"(?i:\b(?:last|this\s+past|this|early|late)\s+)?\b{_WEEKDAY}"),
    ]  # fmt: skip


def _combine(rules: list[tuple[str, str]], guards: dict[str, str] | None = None) -> str:
    # Each rule is wrapped in a named group; the outermost group closes last, so ``lastgroup`` of a
    # match names the rule without trying every group. ``guards``: a look-ahead for the characters
    # each rule may begin with, before its group (it consumes nothing: the same matches).
    return "|".join(f"{guards[name] if guards else ''}(?P<{name}>{pattern})" for name, pattern in rules)


# The characters each scanning rule may begin with: "#" an ASCII digit, a lower-case letter that
# letter in either case (the rule begins case-insensitively: "on", "Last"), an upper-case one that
# capital only (a month or weekday name, which must be capitalised). A rule also matches where it
# begins with any other character only through a non-ASCII one (a Unicode digit, a letter such as
# the Kelvin sign that (?i) equates with an ASCII one), which the guard lets through too. The
# expression is tried at ~13,000 starts on a 1.5 MB article, nearly all of which fail: an unguarded
# rule is entered at each, a guarded one mostly rejected by its first character (~35 % less time).
_FIRST_CHARS = {
    "day_range": "bfntJFMASOND#", "around": "aco#", "month_week": "tfslm", "ordinal_day": "o", "named_day": "ncb",
    "iso": "#", "numeric": "#", "day_month_year": "#", "month_day_year": "JFMASOND",
    "month_year": "elmtbsJFMASOND", "day_month": "#", "month_day": "JFMASOND", "month_part": "elmtbs",
    "month": "JFMASOND", "relative_month": "elmtbsp", "relative_week": "etlp", "weekend": "oadtlp",
    "ago": "#aotfsen", "day_word": "tyl", "weekday": "lteMTWFS",
}  # fmt: skip


def _guard(first: str) -> str:
    """A look-ahead for a rule's first characters (see _FIRST_CHARS) or any non-ASCII character:
    no ASCII character but those. (Written as ranges of the ASCII characters it refuses: a class
    reaching to the end of Unicode made the expression ~60 ms longer to compile.)"""
    chars = {*"".join("0123456789" if c == "#" else c + c.upper() if c.islower() else c for c in first)}
    # (in ranges: "\\x00-\\x2f\\x3a-\\x40...", a short class, quick to compile)
    runs = itertools.groupby(range(128), key=lambda c: chr(c) in chars)
    refused = "".join(f"\\x{r[0]:02x}-\\x{r[-1]:02x}" for taken, g in runs if not taken for r in [list(g)])
    return f"(?![{refused}])"


_FIND = re.compile(_combine(_rules(find=True)))
# The weekday rule where the text begins with a weekday's name (its optional words before it cannot
# match there): what _FIND matches at such a position, as a test checks.
_WEEKDAY_ALONE = re.compile(_combine([rule for rule in _rules(find=True) if rule[0] == "weekday"]))
# And the rules one of whose forms begins with a month's name, in their order, for a position that
# begins with one.
_MONTH_RULES = frozenset({"day_range", "month_day_year", "month_year", "month_day", "month"})
_MONTH_FIRST = re.compile(_combine([rule for rule in _rules(find=True) if rule[0] in _MONTH_RULES]))
# From this length on the guarded form is used: it takes ~2 ms longer to compile, which a short
# article (and the app's start, which compiles _FIND) would pay for nothing; a long one gains more.
_GUARDED_FROM = 100_000


@functools.cache
def _find_guarded() -> re.Pattern[str]:
    """_FIND with each rule behind the guard of its first characters (the same matches)."""
    return re.compile(_combine(_rules(find=True), {name: _guard(first) for name, first in _FIRST_CHARS.items()}))


@functools.cache
def _resolve_form() -> re.Pattern[str]:
    """The resolving form of the rules (:func:`resolve_date`): compiled on first use, as the
    suggestion pass resolves what _FIND matched by its rule's name and never needs it (~20 ms
    that a cold ``annotator suggest`` would pay for nothing)."""
    return re.compile(_combine(_rules(find=False)), re.IGNORECASE)


_LEADING_PREPOSITION = re.compile(r"^(?:on|in|at|during|around|since|by)\s+", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


# ---- finding ----

# Every expression the rules accept contains one of these words (or a year). Scanning the folded
# text for them with Aho-Corasick and running the full expression only in a small window around
# each hit is several times faster than letting the regular expression try every position.
_ANCHOR_WORDS = (
    *_MONTH_NUMBERS,
    *_WEEKDAYS,
    "week",
    "weekend",
    "month",
    "yesterday",
    "today",
    "tonight",
    "night",
    "morning",
    "afternoon",
    "evening",
    "ago",
    "new",
    "christmas",
    "boxing",
    *(str(y) for y in range(1900, 2100)),
    # "on the 5th": ordinals are anchors of their own.
    *(f"{d}{suffix}" for d in range(1, 32) for suffix in ("st", "nd", "rd", "th")),
)
# Words that may stand before an anchor inside one expression ("the beginning of the month",
# "the day before yesterday", "12th of June"): candidate starts are found by walking back over them.
_LEAD_WORDS = frozenset({
    "the", "early", "late", "mid", "beginning", "start", "end", "middle", "of", "this", "last",
    "previous", "past", "earlier", "over", "at", "during", "a", "an", "few", "day", "before", "days",
    "weeks", "months", "between", "from", "and", "to", "around", "about", "approximately", "circa", "on", "or",
    "first", "second", "third", "fourth", "final", "week", "as", "reported", "night",
    *_NUMBER_WORDS, *_MONTH_NUMBERS,
})  # fmt: skip
_NUMBER_TOKEN = re.compile(r"\d{1,4}(?:st|nd|rd|th)?")
_SPACED_DASHES = frozenset({" - ", " – "})
_MAX_LEAD = 5
_AHEAD = 48  # an expression ends at most this far after its anchor word


# Anchor words no expression begins with (only lead words or other anchors come first: "last week",
# "this morning", "two days ago"); month and weekday names begin one only when capitalised ("March
# 2024", not "they march"). At such a word itself the expression is not tried: a long article has
# thousands of them ("morning", "night", "may").
_NEVER_FIRST = frozenset({"week", "weekend", "month", "night", "morning", "afternoon", "evening", "ago"})
_FIRST_IF_CAPITALISED = frozenset({*_MONTH_NUMBERS, *_WEEKDAYS})
_ALWAYS, _NEVER, _CAPITALISED = 0, 1, 2


# An anchor's hit as the automaton gives it: (its last index in the padded folded text, (its key's
# length, whether an expression may begin with it, the word)).
AnchorHit = tuple[int, tuple[int, int, str]]


def anchor_keys() -> dict[str, tuple[int, int, str]]:
    """Each anchor word with its length and whether an expression may begin with it: spaces around
    each word, as the folded text has a space at every non-letter, so that a hit is a whole word.
    A caller that scans the padded folded text with an automaton of its own (the suggestion pass's
    lexicon) may add these keys to it and hand their hits to :func:`find_dates`: one scan of a long
    text, not two."""
    return {
        f" {word} ": (len(word) + 2, _NEVER if word in _NEVER_FIRST else
                      _CAPITALISED if word in _FIRST_IF_CAPITALISED else _ALWAYS, word)
        for word in _ANCHOR_WORDS
    }  # fmt: skip


@functools.cache
def _anchor_automaton() -> Any:
    return automaton_of(anchor_keys().items())


# Lead words from which no expression begins: they stand inside one ("the 12th of June", "two days
# ago", "the day before yesterday", "the first week of May"). And those that begin one only before
# certain words ("on the 5th", "on or about 3 May", "as reported on", "the past week", "over the
# weekend"): "on Tuesday" begins at "Tuesday". The expression is not tried from such a word, where
# it would fail: a long article has thousands ("on" before nearly every weekday). The word after
# it is the folded one, read exactly, as every word of the walk back from an anchor is; a test
# checks the scan against the plain expression on random runs of these words.
_BEGIN_NOTHING = frozenset({"of", "day", "before", "days", "weeks", "months", "and", "to", "or", "reported", "week"})
_BEGIN_ONLY_BEFORE = {
    "on": frozenset({"the", "or"}),
    "as": frozenset({"reported"}),
    "over": frozenset({"the"}),
    "at": frozenset({"the"}),
    "during": frozenset({"the"}),
    "the": frozenset({"night", "first", "second", "third", "fourth", "last", "final", "middle", "beginning", "start",
                      "end", "previous", "past", "day"}),
}  # fmt: skip


def _starts_before(folded: str, anchor: int, floor: int, text: str = "", anchor_word: str = "") -> list[int]:
    """Word starts from which an expression reaching ``anchor`` may begin, leftmost first
    (``text``: the unfolded text, whose offsets the folded one keeps; ``anchor_word``: the folded
    word at ``anchor``, without which the words before it are all taken)."""
    starts = [anchor]
    i = anchor
    after = anchor_word  # the word after the one read
    for _ in range(_MAX_LEAD):
        j = i - 1
        while j >= floor and folded[j] == " ":
            j -= 1
        # Stop at the text start or a wide gap ("June. 2 ..."), but not at a spaced dash between
        # two days ("between 15 - 16 December"), which folds to three spaces.
        if j < floor or (i - j > 3 and not (i - j == 4 and text[j + 1 : i] in _SPACED_DASHES)):
            break
        # The word's start: after the last space before it, or the floor (which may cut a word).
        # (rfind is -1 or at least the floor: "or" reads as max, without the call)
        k = folded.rfind(" ", floor, j) + 1 or floor
        word = folded[k : j + 1]
        # (a number begins with a decimal digit, as \d is one: most words need no regex call)
        if word not in _LEAD_WORDS and not (word[:1].isdecimal() and _NUMBER_TOKEN.fullmatch(word)):
            break
        if not anchor_word or (
            word not in _BEGIN_NOTHING and ((only := _BEGIN_ONLY_BEFORE.get(word)) is None or after in only)
        ):
            starts.append(k)
        after = word
        i = k
    starts.reverse()
    return starts


def _matches(text: str, folded: str | None, anchors: Iterable[AnchorHit] | None = None) -> list[re.Match[str]]:
    if folded is None:
        folded = fold_text(text)
    n = len(text)
    find = _find_guarded() if n >= _GUARDED_FROM else _FIND
    out: list[re.Match[str]] = []
    pos = 0
    if anchors is None:
        anchors = _anchor_automaton().iter(f" {folded} ")
    for end, (length, first, word) in anchors:
        # In the padded text the key's leading space sits at end - length + 1, which is the word's
        # offset in the unpadded text.
        anchor = end - length + 1
        if anchor < pos:
            continue
        window_end = anchor + _AHEAD if anchor + _AHEAD < n else n
        for start in _starts_before(folded, anchor, pos, text, word):
            if start == anchor and (first == _NEVER or (first == _CAPITALISED and not text[anchor].isupper())):
                break  # (the anchor is the last start)
            if start == anchor and first == _CAPITALISED:
                # At a weekday's name only the weekday rule can match, at a month's only the five
                # that may begin with one (no other begins so): those alone are tried, not the
                # twenty ("Tuesday" enters eight of them).
                m = (_WEEKDAY_ALONE if word in _WEEKDAYS else _MONTH_FIRST).match(text, start, window_end)
            else:
                m = find.match(text, start, window_end)
            if m is not None and m.end() > anchor:
                out.append(m)
                pos = m.end()
                break
    return out


def find_date_expressions(text: str, folded: str | None = None) -> list[tuple[int, int, str]]:
    """(start, end, expression) for each date expression in ``text``; offsets are code points.

    ``folded`` is ``fold_text(text)`` when the caller already has it.
    """
    return [(m.start(), m.end(), m.group()) for m in _matches(text, folded)]


def find_dates(
    text: str,
    published: dt.date,
    folded: str | None = None,
    *,
    day_first: bool | None = None,
    anchors: Iterable[AnchorHit] | None = None,
) -> list[tuple[int, int, DateResolution]]:
    """Date expressions that resolve, with their resolution, in one pass (used by suggestions).

    ``day_first``: how the project reads year-less numeric dates ("on 12/03"); see
    :func:`short_numeric_dates`. ``anchors``: the hits of :func:`anchor_keys` in `` {folded} ``,
    in the order an automaton gives them, if the caller found them."""
    out: list[tuple[int, int, DateResolution]] = []
    if "/" in text:
        out.extend(short_numeric_dates(text, published, day_first))
    # Articles repeat expressions ("on Tuesday"); each is resolved once.
    memo: dict[tuple[str, str], DateResolution | None] = {}
    for m in _matches(text, folded, anchors):
        rule = m.lastgroup
        assert rule is not None
        key = (rule, m.group())
        if key not in memo:
            memo[key] = _resolve_rule(rule, key[1], published)
        resolution = memo[key]
        if resolution is not None:
            out.append((m.start(), m.end(), resolution))
    out.sort(key=_FIRST)
    return out


_FIRST = operator.itemgetter(0)


def find_date_expressions_slow(text: str) -> list[tuple[int, int, str]]:
    """Reference scan with the regular expression alone; the tests check the fast scan against it."""
    return [(m.start(), m.end(), m.group()) for m in _FIND.finditer(text)]


# ---- resolving ----


def resolve_date(expression: str, published: dt.date) -> DateResolution | None:
    """Resolve a date expression ("on Tuesday", "last week", "2 June") against ``published``.

    Returns None when the expression names no day, week or month (e.g. "last year"): ACLED does not
    record anything less precise than a month.
    """
    text = _SPACE.sub(" ", expression.strip())
    stripped = _LEADING_PREPOSITION.sub("", text)
    for candidate in (stripped, text):
        m = _resolve_form().fullmatch(candidate)
        if m is not None and m.lastgroup is not None:
            result = _resolve_rule(m.lastgroup, candidate, published)
            if result is not None:
                return DateResolution(result.event_date, result.time_precision, expression, result.rule)
    return _resolve_with_dateparser(expression, published)


def _resolve_rule(rule: str, text: str, published: dt.date) -> DateResolution | None:
    try:
        return _RESOLVERS[rule](text.lower(), published, text)
    except ValueError:  # a day that does not exist, e.g. "31 June"
        return None


_Resolver = Callable[[str, dt.date, str], "DateResolution | None"]


def _month_of(text: str) -> int:
    for word in re.findall(r"[a-z]+", text):
        if word in _MONTH_NUMBERS:
            return _MONTH_NUMBERS[word]
    raise ValueError("no month")


def _day_of(text: str) -> int:
    m = re.search(r"\b([0-3]?\d)(?:st|nd|rd|th)?\b(?!\d)", text)
    if m is None:
        raise ValueError("no day")
    return int(m.group(1))


def _year_of(text: str) -> int:
    m = re.search(r"\b((?:19|20)\d{2})\b", text)
    if m is None:
        raise ValueError("no year")
    return int(m.group(1))


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _iso(low: str, published: dt.date, text: str) -> DateResolution:
    return DateResolution(dt.date.fromisoformat(low), 1, text, "explicit date")


def _numeric(low: str, published: dt.date, text: str) -> DateResolution:
    first, second, year = (int(p) for p in re.split(r"[/.]", low))
    # Day first, as in most of the world's press; month first only when the day-first reading
    # cannot be a date (05/13/2024).
    day, month = (second, first) if second > 12 >= first else (first, second)
    return DateResolution(dt.date(year, month, day), 1, text, "explicit date")


def _full(low: str, published: dt.date, text: str) -> DateResolution:
    without_year = re.sub(r"\b(?:19|20)\d{2}\b", "", low)
    return DateResolution(dt.date(_year_of(low), _month_of(low), _day_of(without_year)), 1, text, "explicit date")


def _day_month(low: str, published: dt.date, text: str) -> DateResolution | None:
    month, day = _month_of(low), _day_of(low)
    # The most recent such day on or before the published date; 29 February may lie years back.
    for year in range(published.year, published.year - 9, -1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            if day > _last_day(2000, month):  # not a day of this month in any year
                raise
            continue
        if candidate <= published:
            return DateResolution(candidate, 1, text, "day and month, most recent on or before published")
    return None


def _month_part_date(low: str, year: int, month: int, published: dt.date) -> tuple[dt.date, str]:
    """The day ACLED codes for a month or a part of it (1st, 15th or last day)."""
    current = (year, month) == (published.year, published.month)
    if re.search(r"\b(?:early|beginning|start)\b", low):
        return dt.date(year, month, 1), "beginning of month: first day"
    if re.search(r"\b(?:late|end)\b", low):
        last = dt.date(year, month, _last_day(year, month))
        if current and last > published:
            # Only the part of the month up to the article is over.
            return published, "end of current month: published day"
        return last, "end of month: last day"
    middle = dt.date(year, month, 15)
    if current and middle >= published:
        # The month is not over: the middle of the days already past.
        day = max(1, 1 + (published.day - 2) // 2)
        return dt.date(year, month, day), "current month: middle of days so far"
    return middle, "month: 15th"


def _month_year(low: str, published: dt.date, text: str) -> DateResolution:
    year, month = _year_of(low), _month_of(re.sub(r"\b(?:19|20)\d{2}\b", "", low))
    day, rule = _month_part_date(low, year, month, published)
    return DateResolution(day, 3, text, rule)


def _month_only(low: str, published: dt.date, text: str) -> DateResolution:
    month = _month_of(low)
    # The most recent such month: "in December" read in June is last December.
    year = published.year if month <= published.month else published.year - 1
    day, rule = _month_part_date(low, year, month, published)
    return DateResolution(day, 3, text, rule)


def _relative_month(low: str, published: dt.date, text: str) -> DateResolution:
    if "past month" in low:
        return DateResolution(published - dt.timedelta(days=15), 3, text, "past month: 15 days before")
    year, month = published.year, published.month
    if re.search(r"\b(?:last|previous)\b", low):
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    day, rule = _month_part_date(low, year, month, published)
    return DateResolution(day, 3, text, rule)


def _middle_of(first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=(last - first).days // 2)


def _relative_week(low: str, published: dt.date, text: str) -> DateResolution:
    monday = published - dt.timedelta(days=published.weekday())
    if "past week" in low:
        day = _middle_of(published - dt.timedelta(days=7), published - dt.timedelta(days=1))
        return DateResolution(day, 2, text, "past week: middle of the seven days before")
    if "this week" in low:
        wednesday = monday + dt.timedelta(days=2)
        if wednesday < published:
            return DateResolution(wednesday, 2, text, "this week: Wednesday")
        day = _middle_of(monday, max(monday, published - dt.timedelta(days=1)))
        return DateResolution(day, 2, text, "this week: middle of days so far")
    return DateResolution(monday - dt.timedelta(days=5), 2, text, "last week: Wednesday")


def _weekend(low: str, published: dt.date, text: str) -> DateResolution:
    back = (published.weekday() - calendar.SATURDAY) % 7 or 7
    return DateResolution(published - dt.timedelta(days=back), 2, text, "weekend: Saturday")


def _ago(low: str, published: dt.date, text: str) -> DateResolution:
    count_word, unit = re.search(rf"({_COUNT})\s+(day|week|month)", low).groups()  # type: ignore[union-attr]
    if "few" in count_word:
        # "A few days ago" is a few-day window: precision 2, its middle about three days back.
        return DateResolution(published - dt.timedelta(days=3), 2, text, "a few days ago: three days back")
    n = int(count_word) if count_word.isdigit() else _NUMBER_WORDS[count_word]
    if unit == "day":
        return DateResolution(published - dt.timedelta(days=n), 1, text, "days ago")
    if unit == "week":
        monday = published - dt.timedelta(days=published.weekday() + 7 * n)
        return DateResolution(monday + dt.timedelta(days=2), 2, text, "weeks ago: Wednesday of that week")
    total = published.year * 12 + published.month - 1 - n
    return DateResolution(dt.date(total // 12, total % 12 + 1, 15), 3, text, "months ago: 15th")


def _day_word(low: str, published: dt.date, text: str) -> DateResolution:
    if "day before yesterday" in low:
        return DateResolution(published - dt.timedelta(days=2), 1, text, "day before yesterday")
    if "yesterday" in low or "last night" in low:
        return DateResolution(published - dt.timedelta(days=1), 1, text, "yesterday")
    return DateResolution(published, 1, text, "today")


def _weekday(low: str, published: dt.date, text: str) -> DateResolution:
    """The most recent such day before the published date; the published day itself for its own
    weekday ("police said on Tuesday" in Tuesday's report: a week back would be "last Tuesday"),
    unless "last" says a week back."""
    weekday = next(_WEEKDAYS[w] for w in re.findall(r"[a-z]+", low) if w in _WEEKDAYS)
    back = (published.weekday() - weekday) % 7 or (7 if "last" in low.split() else 0)
    day = published - dt.timedelta(days=back)
    return DateResolution(day, 1, text, "weekday: the published day or the most recent before it")


def _day_range(low: str, published: dt.date, text: str) -> DateResolution | None:
    """ "between 1 and 5 March": ACLED splits such a span into one event per day; as one suggestion
    it is the middle day of the span, precision 2 for a few days (up to a week), 3 beyond."""
    days = [int(d) for d in re.findall(r"\b(\d{1,2})(?:st|nd|rd|th)?\b", re.sub(r"\b(?:19|20)\d{2}\b", "", low))]
    first, last = days[0], days[1]
    if last < first:
        return None
    month = _month_of(low)
    year = _year_of(low) if re.search(r"\b(?:19|20)\d{2}\b", low) else None
    end = _most_recent(month, last, published, year)
    if end is None:
        return None
    middle = dt.date(end.year, month, (first + last) // 2)
    precision = 2 if last - first <= 6 else 3
    return DateResolution(middle, precision, text, "span of days: middle day")


def _most_recent(month: int, day: int, published: dt.date, year: int | None) -> dt.date | None:
    if year is not None:
        return dt.date(year, month, day)
    for y in range(published.year, published.year - 2, -1):
        candidate = dt.date(y, month, day)
        if candidate <= published:
            return candidate
    return None


def _around(low: str, published: dt.date, text: str) -> DateResolution | None:
    """ "around 10 June", "around June 10, 2024", "as reported on 10 June", "7 December 2022 (week of)":
    the day given, precision 2 (ACLED's own notes)."""
    core = re.sub(
        r"^(?:around|about|approximately|circa|on\s+or\s+about|as\s+reported\s+on)\s+|\s*\(week\s+of\)$", "", low
    )
    exact = (
        _full(core, published, text) if re.search(r"\b(?:19|20)\d{2}\b", core) else _day_month(core, published, text)
    )
    if exact is None:
        return None
    return DateResolution(exact.event_date, 2, text, "around a day: that day, precision 2")


def _month_week(low: str, published: dt.date, text: str) -> DateResolution | None:
    """ "the first week of June": the middle of that week of the month (4th, 11th, 18th, 25th;
    the last week: four days before the month's end), precision 2."""
    month = _month_of(re.sub(r"\b(?:19|20)\d{2}\b", "", low))
    year = _year_of(low) if re.search(r"\b(?:19|20)\d{2}\b", low) else None
    if year is None:
        year = published.year if month <= published.month else published.year - 1
    last_day = _last_day(year, month)
    which = re.search(r"first|second|third|fourth|last|final|middle", low)
    assert which is not None
    day = {"first": 4, "second": 11, "third": 18, "fourth": 25, "middle": 15}.get(which.group(), last_day - 3)
    return DateResolution(dt.date(year, month, day), 2, text, f"{which.group()} week of month: its middle day")


def _ordinal_day(low: str, published: dt.date, text: str) -> DateResolution | None:
    """ "on the 5th": the 5th of the published month, or of the month before if still to come."""
    day = int(re.search(r"\d{1,2}", low).group())  # type: ignore[union-attr]
    year, month = published.year, published.month
    for _ in range(3):
        if day <= _last_day(year, month) and dt.date(year, month, day) <= published:
            return DateResolution(dt.date(year, month, day), 1, text, "day of the month: most recent")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return None


_NAMED_DAYS = {"new year s eve": (12, 31), "new year s day": (1, 1), "christmas eve": (12, 24),
               "christmas day": (12, 25), "boxing day": (12, 26)}  # fmt: skip


def _named_day(low: str, published: dt.date, text: str) -> DateResolution | None:
    key = " ".join(re.sub(r"[^a-z]+", " ", low).split())
    month, day = _NAMED_DAYS[key]
    found = _most_recent(month, day, published, None)
    return DateResolution(found, 1, text, "named day: most recent") if found else None


# A day and month in digits without a year ("on 12/03"): read with the project's order, or flagged.
_SHORT_NUMERIC = re.compile(r"(?<=\bon )(?:[12]\d|3[01]|0?[1-9])/(?:[12]\d|3[01]|0?[1-9])\b(?![/.]\d)")


def short_numeric_dates(
    text: str, published: dt.date, day_first: bool | None = None
) -> list[tuple[int, int, DateResolution]]:
    """Year-less numeric dates after "on": "on 12/03". ``day_first`` is the project's setting
    (True day/month, False month/day); None reads both ways and, when both are days before the
    published date, takes the most recent with the rule saying the order was ambiguous."""
    out = []
    for m in _SHORT_NUMERIC.finditer(text):
        a, b = (int(x) for x in m.group().split("/"))
        readings = {"day/month": (b, a), "month/day": (a, b)}
        if day_first is not None:
            readings = {k: v for k, v in readings.items() if (k == "day/month") == day_first}
        found = []
        for order, (month, day) in readings.items():
            try:
                when = _most_recent(month, day, published, None)
            except ValueError:
                continue
            if when is not None:
                found.append((when, order))
        if not found:
            continue
        when, order = max(found)
        unsure = day_first is None and len({w for w, _o in found}) > 1
        rule = "numeric day and month: order ambiguous, most recent reading" if unsure else f"numeric {order}"
        out.append((m.start(), m.end(), DateResolution(when, 1, m.group(), rule)))
    return out


_RESOLVERS: dict[str, _Resolver] = {
    "day_range": _day_range,
    "around": _around,
    "month_week": _month_week,
    "ordinal_day": _ordinal_day,
    "named_day": _named_day,
    "iso": _iso,
    "numeric": _numeric,
    "day_month_year": _full,
    "month_day_year": _full,
    "month_year": _month_year,
    "day_month": _day_month,
    "month_day": _day_month,
    "month_part": _month_only,
    "month": _month_only,
    "relative_month": _relative_month,
    "relative_week": _relative_week,
    "weekend": _weekend,
    "ago": _ago,
    "day_word": _day_word,
    "weekday": _weekday,
}


# ---- fallback ----

_PERIOD_PRECISION = {"day": 1, "week": 2, "month": 3}


def _resolve_with_dateparser(expression: str, published: dt.date) -> DateResolution | None:
    """Expressions outside the rules (other languages, odd formats), via dateparser.

    Imported here, not at module level: dateparser takes about half a second to import.
    """
    from dateparser.date import DateDataParser

    base = dt.datetime(published.year, published.month, published.day, 12)
    parser = DateDataParser(settings={
        "RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": True,
        "PREFER_DAY_OF_MONTH": "first",
    })  # fmt: skip
    data = parser.get_date_data(expression)
    if data.date_obj is None or data.period not in _PERIOD_PRECISION:
        return None
    day = data.date_obj.date()
    precision = _PERIOD_PRECISION[data.period]
    if precision == 3:
        day = day.replace(day=15)
    elif precision == 2:
        day = day - dt.timedelta(days=day.weekday()) + dt.timedelta(days=2)
    if day > published and precision > 1:
        day = published
    return DateResolution(day, precision, expression, f"dateparser ({data.period})")
