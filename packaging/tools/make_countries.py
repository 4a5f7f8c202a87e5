"""Generate the ``[[countries]]`` table of the default codebook from ISO 3166-1.

Dev tool, not shipped. Needs ``pycountry`` (a dev dependency). Every ISO 3166-1 country and territory
gets an entry named as ACLED names it, with its ISO numeric and alpha-3 codes, its ACLED region and, as
aliases, the ISO names and other common spellings. Kosovo, which has no ISO code, is added by hand.

Usage (from the repository root)::

    python packaging/tools/make_countries.py            # rewrite resources/codebooks/acled.toml
    python packaging/tools/make_countries.py --check    # exit 1 if the file is out of date
    python packaging/tools/make_countries.py --stdout   # print the generated entries only

The entries replace everything after the line starting with ``# Countries:`` in the codebook, so
running the tool again gives the same file.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pycountry

REPO = Path(__file__).resolve().parents[2]
CODEBOOK = REPO / "resources" / "codebooks" / "acled.toml"
MARKER = "# Countries:"

# ---- ACLED regions ----

WAF = "Western Africa"
MAF = "Middle Africa"
EAF = "Eastern Africa"
SAF = "Southern Africa"
NAF = "Northern Africa"
SAS = "South Asia"
SEA = "Southeast Asia"
MEA = "Middle East"
EUR = "Europe"
CCA = "Caucasus and Central Asia"
CAM = "Central America"
SAM = "South America"
CAR = "Caribbean"
EAS = "East Asia"
NAM = "North America"
OCE = "Oceania"
ANT = "Antarctica"

# ISO 3166-1 alpha-3 -> ACLED region. Based on the UN M49 sub-regions, changed where ACLED differs:
# the Middle East is Western Asia without the Caucasus plus Iran; Sudan is Northern Africa and South
# Sudan Eastern Africa; Russia, Ukraine and Belarus are Europe; Antarctica and the sub-Antarctic
# territories form their own region.
REGION: dict[str, str] = {
    # Western Africa
    "BEN": WAF, "BFA": WAF, "CIV": WAF, "CPV": WAF, "GHA": WAF, "GIN": WAF, "GMB": WAF, "GNB": WAF,
    "LBR": WAF, "MLI": WAF, "MRT": WAF, "NER": WAF, "NGA": WAF, "SEN": WAF, "SHN": WAF, "SLE": WAF,
    "TGO": WAF,
    # Middle Africa
    "AGO": MAF, "CAF": MAF, "CMR": MAF, "COD": MAF, "COG": MAF, "GAB": MAF, "GNQ": MAF, "STP": MAF,
    "TCD": MAF,
    # Eastern Africa (the British Indian Ocean Territory as in M49)
    "BDI": EAF, "COM": EAF, "DJI": EAF, "ERI": EAF, "ETH": EAF, "IOT": EAF, "KEN": EAF, "MDG": EAF,
    "MOZ": EAF, "MUS": EAF, "MWI": EAF, "MYT": EAF, "REU": EAF, "RWA": EAF, "SOM": EAF, "SSD": EAF,
    "SYC": EAF, "TZA": EAF, "UGA": EAF, "ZMB": EAF, "ZWE": EAF,
    # Southern Africa
    "BWA": SAF, "LSO": SAF, "NAM": SAF, "SWZ": SAF, "ZAF": SAF,
    # Northern Africa
    "DZA": NAF, "EGY": NAF, "ESH": NAF, "LBY": NAF, "MAR": NAF, "SDN": NAF, "TUN": NAF,
    # South Asia
    "AFG": SAS, "BGD": SAS, "BTN": SAS, "IND": SAS, "LKA": SAS, "MDV": SAS, "NPL": SAS, "PAK": SAS,
    # Southeast Asia
    "BRN": SEA, "IDN": SEA, "KHM": SEA, "LAO": SEA, "MMR": SEA, "MYS": SEA, "PHL": SEA, "SGP": SEA,
    "THA": SEA, "TLS": SEA, "VNM": SEA,
    # Middle East
    "ARE": MEA, "BHR": MEA, "CYP": MEA, "IRN": MEA, "IRQ": MEA, "ISR": MEA, "JOR": MEA, "KWT": MEA,
    "LBN": MEA, "OMN": MEA, "PSE": MEA, "QAT": MEA, "SAU": MEA, "SYR": MEA, "TUR": MEA, "YEM": MEA,
    # Caucasus and Central Asia
    "ARM": CCA, "AZE": CCA, "GEO": CCA, "KAZ": CCA, "KGZ": CCA, "TJK": CCA, "TKM": CCA, "UZB": CCA,
    # East Asia
    "CHN": EAS, "HKG": EAS, "JPN": EAS, "KOR": EAS, "MAC": EAS, "MNG": EAS, "PRK": EAS, "TWN": EAS,
    # Europe
    "ALA": EUR, "ALB": EUR, "AND": EUR, "AUT": EUR, "BEL": EUR, "BGR": EUR, "BIH": EUR, "BLR": EUR,
    "CHE": EUR, "CZE": EUR, "DEU": EUR, "DNK": EUR, "ESP": EUR, "EST": EUR, "FIN": EUR, "FRA": EUR,
    "FRO": EUR, "GBR": EUR, "GGY": EUR, "GIB": EUR, "GRC": EUR, "HRV": EUR, "HUN": EUR, "IMN": EUR,
    "IRL": EUR, "ISL": EUR, "ITA": EUR, "JEY": EUR, "LIE": EUR, "LTU": EUR, "LUX": EUR, "LVA": EUR,
    "MCO": EUR, "MDA": EUR, "MKD": EUR, "MLT": EUR, "MNE": EUR, "NLD": EUR, "NOR": EUR, "POL": EUR,
    "PRT": EUR, "ROU": EUR, "RUS": EUR, "SJM": EUR, "SMR": EUR, "SRB": EUR, "SVK": EUR, "SVN": EUR,
    "SWE": EUR, "UKR": EUR, "VAT": EUR, "XKX": EUR,
    # Central America
    "BLZ": CAM, "CRI": CAM, "GTM": CAM, "HND": CAM, "MEX": CAM, "NIC": CAM, "PAN": CAM, "SLV": CAM,
    # South America
    "ARG": SAM, "BOL": SAM, "BRA": SAM, "CHL": SAM, "COL": SAM, "ECU": SAM, "FLK": SAM, "GUF": SAM,
    "GUY": SAM, "PER": SAM, "PRY": SAM, "SUR": SAM, "URY": SAM, "VEN": SAM,
    # Caribbean
    "ABW": CAR, "AIA": CAR, "ATG": CAR, "BES": CAR, "BHS": CAR, "BLM": CAR, "BRB": CAR, "CUB": CAR,
    "CUW": CAR, "CYM": CAR, "DMA": CAR, "DOM": CAR, "GLP": CAR, "GRD": CAR, "HTI": CAR, "JAM": CAR,
    "KNA": CAR, "LCA": CAR, "MAF": CAR, "MSR": CAR, "MTQ": CAR, "PRI": CAR, "SXM": CAR, "TCA": CAR,
    "TTO": CAR, "VCT": CAR, "VGB": CAR, "VIR": CAR,
    # North America
    "BMU": NAM, "CAN": NAM, "GRL": NAM, "SPM": NAM, "USA": NAM,
    # Oceania (Christmas and Cocos Islands with Australia, as in M49)
    "ASM": OCE, "AUS": OCE, "CCK": OCE, "COK": OCE, "CXR": OCE, "FJI": OCE, "FSM": OCE, "GUM": OCE,
    "KIR": OCE, "MHL": OCE, "MNP": OCE, "NCL": OCE, "NFK": OCE, "NIU": OCE, "NRU": OCE, "NZL": OCE,
    "PCN": OCE, "PLW": OCE, "PNG": OCE, "PYF": OCE, "SLB": OCE, "TKL": OCE, "TON": OCE, "TUV": OCE,
    "UMI": OCE, "VUT": OCE, "WLF": OCE, "WSM": OCE,
    # Antarctica and the sub-Antarctic territories
    "ATA": ANT, "ATF": ANT, "BVT": ANT, "HMD": ANT, "SGS": ANT,
}  # fmt: skip

# ACLED's name where it is not the ISO short name. Names avoid diacritics, as ACLED's do; the ISO
# spellings become aliases.
ACLED_NAME: dict[str, str] = {
    "ALA": "Aland Islands",
    "BES": "Caribbean Netherlands",
    "BLM": "Saint-Barthelemy",
    "BOL": "Bolivia",
    "BRN": "Brunei",
    "CIV": "Ivory Coast",
    "COD": "Democratic Republic of Congo",
    "COG": "Republic of Congo",
    "CPV": "Cape Verde",
    "CUW": "Curacao",
    "CZE": "Czech Republic",
    "FLK": "Falkland Islands",
    "FSM": "Micronesia",
    "IRN": "Iran",
    "KOR": "South Korea",
    "LAO": "Laos",
    "MAF": "Saint-Martin",
    "MDA": "Moldova",
    "PRK": "North Korea",
    "PSE": "Palestine",
    "REU": "Reunion",
    "RUS": "Russia",
    "SWZ": "eSwatini",
    "SXM": "Sint Maarten",
    "SYR": "Syria",
    "TLS": "East Timor",
    "TUR": "Turkey",
    "TWN": "Taiwan",
    "TZA": "Tanzania",
    "VAT": "Vatican City",
    "VEN": "Venezuela",
    "VGB": "British Virgin Islands",
    "VIR": "United States Virgin Islands",
    "VNM": "Vietnam",
}

# Other well-known spellings, added after the ISO names.
EXTRA_ALIASES: dict[str, tuple[str, ...]] = {
    "ATF": ("French Southern and Antarctic Lands",),
    "BHS": ("The Bahamas",),
    "CIV": ("Cote d'Ivoire",),
    "COD": ("Democratic Republic of the Congo", "DR Congo", "DRC", "Congo-Kinshasa"),
    "COG": ("Congo-Brazzaville",),
    "CPV": ("Cape Verde Islands",),
    "CZE": ("Czech Rep.",),
    "FLK": ("Malvinas",),
    "GBR": ("UK", "Great Britain", "Britain"),
    "GMB": ("The Gambia",),
    "MAC": ("Macau",),
    "MKD": ("Macedonia",),
    "MMR": ("Burma",),
    "PCN": ("Pitcairn Islands",),
    "PRK": ("DPRK",),
    "PSE": ("Palestinian Territories", "Occupied Palestinian Territory"),
    "SHN": ("Saint Helena",),
    "SWZ": ("Swaziland",),
    "TLS": ("Timor Leste",),
    "TUR": ("Turkiye",),
    "USA": ("USA", "US"),
    "VAT": ("Holy See", "Vatican City State", "Vatican"),
    "VIR": ("US Virgin Islands",),
}

# Kosovo has no ISO 3166-1 code; XKX is the user-assigned code the EU and others use.
KOSOVO = ("Kosovo", 0, "XKX", ("Republic of Kosovo",))


@dataclass
class Entry:
    name: str
    iso: int
    iso3: str
    region: str
    aliases: list[str] = field(default_factory=list)

    def add_alias(self, alias: str) -> None:
        alias = alias.strip()
        if alias.startswith("the "):
            alias = alias[4:]
        if alias and alias != self.name and alias not in self.aliases:
            self.aliases.append(alias)


def build() -> list[Entry]:
    entries: list[Entry] = []
    iso_codes = set()
    for c in pycountry.countries:
        code = c.alpha_3
        iso_codes.add(code)
        if code not in REGION:
            raise SystemExit(f"no ACLED region for {code} ({c.name}): add it to REGION")
        iso_names = [getattr(c, "common_name", ""), c.name, getattr(c, "official_name", "")]
        name = ACLED_NAME.get(code) or iso_names[0] or c.name
        entry = Entry(name=name, iso=int(c.numeric), iso3=code, region=REGION[code])
        for alias in (*iso_names, *EXTRA_ALIASES.get(code, ())):
            entry.add_alias(alias)
        entries.append(entry)
    name, iso, iso3, aliases = KOSOVO
    kosovo = Entry(name=name, iso=iso, iso3=iso3, region=REGION[iso3])
    for alias in aliases:
        kosovo.add_alias(alias)
    entries.append(kosovo)

    unknown = set(REGION) - iso_codes - {iso3}
    unknown |= (set(ACLED_NAME) | set(EXTRA_ALIASES)) - iso_codes
    if unknown:
        raise SystemExit(f"codes not in ISO 3166-1: {sorted(unknown)}")
    _check_unique(entries)
    entries.sort(key=lambda e: e.name.casefold())
    return entries


def _check_unique(entries: list[Entry]) -> None:
    """Every name and alias must lead to exactly one country."""
    owner: dict[str, str] = {}
    for e in entries:
        for text in (e.name, *e.aliases):
            key = text.casefold()
            if key in owner and owner[key] != e.iso3:
                raise SystemExit(f"'{text}' names both {owner[key]} and {e.iso3}")
            owner[key] = e.iso3


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def render(entries: list[Entry]) -> str:
    blocks = []
    for e in entries:
        lines = [
            "[[countries]]",
            f"name = {_quote(e.name)}",
            f"iso = {e.iso}",
            f"iso3 = {_quote(e.iso3)}",
            f"region = {_quote(e.region)}",
        ]
        if e.aliases:
            lines.append(f"aliases = [{', '.join(_quote(a) for a in e.aliases)}]")
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)


def splice(codebook_text: str, generated: str) -> str:
    """The codebook up to and including the last ``# Countries:`` line, then the generated entries."""
    lines = codebook_text.splitlines(keepends=True)
    marks = [i for i, line in enumerate(lines) if line.startswith(MARKER)]
    if not marks:
        raise SystemExit(f"no line starting with '{MARKER}' in the codebook")
    head = "".join(lines[: marks[-1] + 1])
    if not head.endswith("\n"):
        head += "\n"
    return f"{head}\n{generated}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codebook", type=Path, default=CODEBOOK, help="codebook TOML to update")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="exit 1 if the codebook is out of date")
    mode.add_argument("--stdout", action="store_true", help="print the entries instead of writing")
    args = parser.parse_args(argv)

    entries = build()
    generated = render(entries)
    if args.stdout:
        sys.stdout.write(generated)
        return 0
    old = args.codebook.read_text(encoding="utf-8")
    new = splice(old, generated)
    if args.check:
        if new != old:
            sys.stderr.write(f"{args.codebook}: countries are out of date; run {Path(__file__).name}\n")
            return 1
        return 0
    if new != old:
        args.codebook.write_text(new, encoding="utf-8", newline="\n")
    sys.stdout.write(f"{args.codebook}: {len(entries)} countries\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
