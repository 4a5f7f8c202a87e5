"""The date a news article carries at its head, for files that give no publication date.

Agency copy and saved pages open with a dateline ("NAIROBI, June 3, 2024 (Reuters) -"), a
"Published 3 June 2024" line, or an ISO date under the headline. The suggestions resolve "on
Tuesday" and "last week" against the publication date, so a PDF, a Word file or a text file without
one would leave every relative date unresolved. Only a date with its year is taken, and only from the
first lines: a year-less or numeric day/month date is ambiguous, and a date further down is more
likely the event's than the article's.
"""

from __future__ import annotations

import datetime as dt
import re

from annotator.domain.text import MONTH_NAMES

# How far into the text a dateline can be: the headline, a byline, the first sentence.
HEAD_CHARS = 600
_MONTHS = {name.lower(): number for number, name in enumerate(MONTH_NAMES, start=1)}
_MONTHS.update({name[:3].lower(): number for name, number in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_FORMS = (
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),  # 3 June 2024
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),  # June 3, 2024
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"),  # 2024-06-03
)


def dateline_date(text: str) -> dt.date | None:
    """The first full date (day, month and year) in the article's first lines, or None."""
    head = text[:HEAD_CHARS]
    found: list[tuple[int, dt.date]] = []
    for form in _FORMS:
        for match in form.finditer(head):
            month = match.group("month")
            number = int(month) if month.isdigit() else _MONTHS[month.lower()]
            try:
                found.append((match.start(), dt.date(int(match.group("year")), number, int(match.group("day")))))
            except ValueError:  # 31 June: not a date, keep looking
                continue
            break
    return min(found)[1] if found else None
