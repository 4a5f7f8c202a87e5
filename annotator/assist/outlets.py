"""The country an article's outlet is at home in: weak evidence of where its events are (a
"Hyderabad" in an Indian paper is India's, a mob in a Kenyan paper's village the gazetteer lacks is
Kenya's rioters).

Read from what the project holds of the outlet: its source name, as ACLED writes sources ("Daily
Trust (Nigeria)", several joined by ";"), or with a country's name or people's in it ("The Times of
India", "Kenya Broadcasting Corporation"); and the article's address, by its country-code domain
("nation.co.ke", "dawn.com.pk").
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from annotator.assist.countries import CountryInfo, CountryTable
from annotator.assist.folding import fold_key

# Country-code domains that sites all over the world take for their look ("t.co", "bit.ly",
# "podcast.fm"): a country's own only under a second level of its own ("eltiempo.com.co").
_VANITY_DOMAINS = frozenset({"co", "io", "tv", "me", "fm", "ai", "ws", "cc", "to", "nu", "ly", "gg", "im", "sh", "am"})
_SECOND_LEVELS = frozenset({"com", "co", "org", "net", "gov", "go", "ac", "edu", "or", "ne", "info", "news"})
_IN_PARENTHESES = re.compile(r"\(([^()]{2,60})\)")
_LONGEST_NAME = 4  # words: "Democratic Republic of Congo"


def outlet_country(source: str, url: str, countries: CountryTable) -> CountryInfo | None:
    """The outlet's country, or None where nothing says it or its clues disagree."""
    return _from_parentheses(source, countries) or _from_address(url, countries) or _from_name(source, countries)


def _from_parentheses(source: str, countries: CountryTable) -> CountryInfo | None:
    """The one country the source names in parentheses ("Daily Post (Nigeria); Twitter")."""
    named = {info.iso3: info for m in _IN_PARENTHESES.finditer(source) if (info := countries.find(m.group(1)))}
    return next(iter(named.values())) if len(named) == 1 else None


def _from_address(url: str, countries: CountryTable) -> CountryInfo | None:
    """The country of the address's country-code domain."""
    try:
        host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower()
    except ValueError:
        return None
    labels = host.split(".")
    if len(labels) < 2 or len(labels[-1]) != 2 or not labels[-1].isalpha():
        return None
    code = labels[-1]
    if code in _VANITY_DOMAINS and not (len(labels) >= 3 and labels[-2] in _SECOND_LEVELS):
        return None
    if code == "uk":
        code = "gb"
    return countries.by_iso2(code.upper())


def _from_name(source: str, countries: CountryTable) -> CountryInfo | None:
    """The one country whose name or people's the source's name holds ("Sudan Tribune")."""
    named: dict[str, CountryInfo] = {}
    for part in source.split(";"):
        words = fold_key(part).split()
        i = 0
        while i < len(words):
            # The longest name first: "south sudan" is not Sudan.
            for size in range(min(_LONGEST_NAME, len(words) - i), 0, -1):
                info = countries.find(" ".join(words[i : i + size]))
                if info is not None and (size > 1 or len(words[i]) > 3):  # (not "us", "in", "to")
                    named[info.iso3] = info
                    i += size
                    break
            else:
                i += 1
    return next(iter(named.values())) if len(named) == 1 else None
