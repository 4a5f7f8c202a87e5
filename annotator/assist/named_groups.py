"""Armed groups a text names that the actor dictionary lacks.

Two forms: capitalised words before "gang" or "militia" ("the Gran Grif gang", "Fano militiamen",
"the 5 Segond gang"), which ACLED names by the name and kind ("Gran Grif Gang", "Fano Militia");
and a proper name ending in a capitalised kind word ("the Arakan Army (AA)", "the Oromo Liberation
Front", "the Democratic Forces for the Liberation of Rwanda"), which ACLED writes with its acronym
first where the text gives one ("AA: Arakan Army").

The pass offers that name, less sure than a dictionary's. Read so, the group is someone named in its
sentence: its members are no crowd ("Members of the 5 Segond gang attacked"), no unnamed actor is
supplied for its act, and its words are no place ("West Papua" of the West Papua National
Liberation Army).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

from annotator.assist.context import sentence_start

REBEL_GROUP, POLITICAL_MILITIA, IDENTITY_MILITIA = 2, 3, 4
ETHNIC_MILITIA = "Ethnic Militia"  # the kind of a people's militia (see HERDERS)
CLAN_MILITIA = "Clan Militia"  # the kind of a Somali clan's militia (see SOMALI_CLANS)

# Kind words after a group's name, in lower case, and the word ACLED's name ends with.
KINDS = {"gang": "Gang", "gangs": "Gang", "militia": "Militia", "militias": "Militia", "militiamen": "Militia"}
# Herders named by their people ("Fulani herders", "Dinka herdsmen"), whom ACLED codes as that
# people's militia: "Fulani Ethnic Militia (Nigeria)". One word, which is the people's name wherever
# it stands (a sentence's start included).
# So are a people's tribesmen ("Salamat tribesmen abducted two Misseriya scouts": Salamat Ethnic
# Militia (Sudan), as ACLED coded it in 2017).
HERDERS = {"herders": ETHNIC_MILITIA, "herdsmen": ETHNIC_MILITIA, "herder": ETHNIC_MILITIA,
           "herdsman": ETHNIC_MILITIA, "tribesmen": ETHNIC_MILITIA, "tribesman": ETHNIC_MILITIA}  # fmt: skip
# Capitalised kind words that end a group's own name, and the group's actor type.
PROPER_KINDS = {
    "Army": REBEL_GROUP, "Front": REBEL_GROUP, "Movement": REBEL_GROUP, "Forces": REBEL_GROUP, "Force": REBEL_GROUP,
    "Resistance": REBEL_GROUP, "Brigade": POLITICAL_MILITIA, "Brigades": POLITICAL_MILITIA,
    "Battalion": POLITICAL_MILITIA, "Cartel": POLITICAL_MILITIA,
}  # fmt: skip
# The name right before the kind word: up to four capitalised words or numbers, a Romance joining
# word between two of them ("Village de Dieu").
_NAME_BEFORE = re.compile(
    r"(?<![\w'’-])(?:[A-Z0-9][\w'’-]*)(?: (?:(?:de|du|des|la|le|el|al) )?[A-Z0-9][\w'’-]*){0,3} $"
)
# What may follow a proper kind word as more of the name ("Forces for the Liberation of Rwanda",
# "Front for the Liberation of the Enclave of Cabinda"), then the acronym the text gives ("(AA)").
_NAME_GOES_ON = re.compile(r"(?: (?:for|of) (?:the )?[A-Z][\w'’-]*(?: (?:of |and )?(?:the )?[A-Z][\w'’-]*){0,4})?")
_ACRONYM = re.compile(r" \(([A-Z][A-Z0-9-]{1,9})\)")
# Words that describe a group rather than name it, capitalised where they begin a sentence or a
# headline ("Armed gangs", "Rival militias", "Pro-government militia", "Special Forces").
_DESCRIPTIVE = frozenset({
    "a", "an", "the", "armed", "local", "rival", "criminal", "suspected", "unidentified", "unknown", "allied",
    "tribal", "ethnic", "communal", "community", "clan", "islamist", "jihadist", "government", "rebel", "youth",
    "notorious", "powerful", "several", "some", "two", "three", "four", "five", "many", "other", "these", "those",
    "pro-government", "anti-government", "self-defence", "self-defense", "vigilante",
    "special", "security", "coalition", "joint", "peacekeeping", "regional", "international", "foreign",
    "opposition", "separatist", "insurgent", "militant", "terrorist", "air", "naval", "ground", "border",
    "cattle", "nomadic", "fellow", "young", "migrant", "pastoralist",
})  # fmt: skip
# One word that alone before a proper kind word names no particular group ("the National Army",
# "Islamic Front", "the Red Army").
_NO_NAME_ALONE = frozenset({
    "national", "royal", "regular", "state", "republican", "presidential", "federal", "popular", "liberation",
    "islamic", "people's", "peoples", "new", "red", "salvation", "united", "democratic", "revolutionary", "free",
    "defence", "defense", "support", "protest", "civil", "military", "army", "police", "rapid", "task",
})  # fmt: skip
# Words of a state body's name: the police, guards, a navy ("Puntland Maritime Police Force",
# "Republican Guard Forces"), which the dictionary's words for state forces read.
_STATE_WORDS = frozenset({
    "Police", "Guard", "Guards", "Gendarmerie", "Navy", "Naval", "Coast", "Customs", "Intelligence", "Presidential",
    "Republican", "Maritime", "Border", "Marine", "Marines", "Air", "Armed",
})  # fmt: skip
# Words that make a name that begins with a country's a rebel group's ("Myanmar National Democratic
# Alliance Army", "Balochistan Liberation Army", "Sudan People's Liberation Movement-in-Opposition").
_REBELS_WORDS = frozenset({
    "Liberation", "Independence", "Alliance", "Revolutionary", "Salvation", "Patriotic", "Islamic", "Resistance",
    "Mujahideen", "Popular", "Democratic",
})  # fmt: skip
_WINDOW = 60  # characters before the kind word read for the name

# Somali clan families and the clans and sub-clans news name, with their family: ACLED names a
# clan's militia by its family and the clan as the text gives it ("Habar Gedir-Sacad and Leelkayse
# clan militia clashed": "Hawiye-Habar Gedir-Sacad Sub-Clan Militia (Somalia)" and
# "Darod-Leelkayse Sub-Clan Militia (Somalia)", ACLED's export of April 2025,
# y5z2rmg7y8-bit/Somalia-Conflict-Monitor acled_data.csv), and a family's own as "Hawiye Clan
# Militia (Somalia)". The lineages are the commonly published Somali genealogy (the five families:
# Hawiye, Darod, Dir, Isaaq, Rahanweyn), with the spellings Somali and English news use.
_FAMILIES = ("Hawiye", "Darod", "Dir", "Isaaq", "Rahanweyn")
_CLANS = {
    "Hawiye": ("Abgal", "Abgaal", "Habar Gedir", "Habar Gidir", "Habargidir", "Murusade", "Murusado", "Hawadle",
               "Xawaadle", "Duduble", "Gaaljecel", "Galjecel", "Sheekhaal", "Ajuuraan", "Ajuran", "Wadalaan",
               "Hiraab", "Mudulood"),
    "Darod": ("Marehan", "Mareehan", "Mareexaan", "Majerteen", "Majeerteen", "Dhulbahante", "Dhulbahaante",
              "Warsangeli", "Warsengeli", "Ogaden", "Ogaadeen", "Leelkase", "Leelkayse", "Awrtable", "Harti",
              "Absame"),
    "Dir": ("Gadabuursi", "Ciise", "Issa", "Biimaal", "Bimal", "Surre", "Quranyow"),
    "Isaaq": ("Habar Awal", "Habar Yoonis", "Habar Yonis", "Habar Jeclo", "Habar Jelo", "Garhajis", "Arap",
              "Ciidagale", "Eidagale"),
    "Rahanweyn": ("Leysan", "Hadame", "Eelay", "Elay", "Jiroon", "Harin", "Luwaay", "Geledi", "Jiido"),
}  # fmt: skip
SOMALI_CLANS = {name.lower(): family for family, names in _CLANS.items() for name in (family, *names)}
_LONGEST_CLAN = max(map(len, SOMALI_CLANS))
# "X clan militia", "X sub-clan militia", "X and Y clan militias", "X militia": what stands before the
# kind word (read backwards from it).
_CLAN_WORDS = re.compile(r"(?: (?:sub-)?clan)? $")
_CLAN_NAME = r"([A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,2})"
_CLAN_PAIR = re.compile(rf"(?<![\w'’-]){_CLAN_NAME} and {_CLAN_NAME}$")
_CLAN_ONE = re.compile(rf"(?<![\w'’-]){_CLAN_NAME}$")
# Where Somali clans live: elsewhere a name in the table is something else ("Dir", a district of
# Pakistan), and its militia is read as any other.
SOMALI_LANDS = frozenset({"Somalia", "Ethiopia", "Kenya", "Djibouti"})


class NamedGroup(NamedTuple):
    start: int
    end: int
    name: str  # as ACLED would write it: "Gran Grif Gang", "AA: Arakan Army"
    kind: str  # "Gang", "Militia", or the proper kind word ("Army")
    own_name: str  # the name without its kind or acronym: "Gran Grif", "Arakan"
    type_code: int


# The kind words in lower case: what a caller's scan of the folded text looks for (see
# :func:`named_groups`).
KIND_WORDS = tuple(dict.fromkeys((*KINDS, *HERDERS, *(word.lower() for word in PROPER_KINDS))))
_KIND_WORD = re.compile(r"(?i)(?<!\w)(?:" + "|".join(KIND_WORDS) + r")(?!\w)")


def named_groups(
    text: str, is_country: Callable[[str], bool], kind_words: Iterable[tuple[int, int]] | None = None
) -> Iterator[NamedGroup]:
    """The groups ``text`` names that a kind word marks, in text order.

    ``is_country``: whether a word is a country's name or its people's; one before the name says
    whose the group is ("Somali Macawisley militia"), not what it is called, and a proper name that
    begins so is a state's force ("Sudanese Armed Forces", "Myanmar Army"). A lone capitalised word
    at a sentence's start before "gang" or "militia" names a group only where the text names one so
    elsewhere. ``kind_words``: (start, end) of each word of KIND_WORDS in the text, in any case, if
    the caller's own scan found them (the suggestion pass's lexicon does); else the text is scanned.
    """
    if kind_words is None:
        kind_words = (m.span() for m in _KIND_WORD.finditer(text))
    found: list[tuple[NamedGroup, bool]] = []
    for start, end in kind_words:
        if start < 1 or text[start - 1] != " ":
            continue
        word = text[start:end]
        read: tuple[NamedGroup, bool] | None = None
        if (kind := KINDS.get(word.lower())) is not None:
            clans = _clans_before(text, start, end) if kind == "Militia" else []
            if clans:
                found.extend((group, False) for group in clans)
                continue
            read = _group_before(text, start - 1, end, kind, is_country)
        elif word in HERDERS:
            read = _people_before(text, start - 1, end, is_country)
        elif (type_code := PROPER_KINDS.get(word)) is not None:
            group = _proper_group(text, start - 1, end, word, type_code, is_country)
            read = (group, False) if group is not None else None
        if read is not None:
            found.append(read)
    # A lone capitalised word at a sentence's start is taken for an ordinary word ("Bandits",
    # "Local militiamen"), unless the text names a group so elsewhere ("Fano militiamen").
    named = {group.name for group, alone_at_start in found if not alone_at_start}
    return iter(sorted(group for group, alone_at_start in found if not alone_at_start or group.name in named))


def _name_before(text: str, at: int) -> re.Match[str] | None:
    """The capitalised words that end with the space at ``at``, if any (not a word the window cuts)."""
    lo = max(0, at - _WINDOW)
    match = _NAME_BEFORE.search(text, lo, at + 1)
    return None if match is None or (match.start() == lo and lo > 0) else match


def _name_words(
    text: str,
    at: int,
    is_country: Callable[[str], bool],
    keep_country: bool = False,
    match: re.Match[str] | None = None,
) -> tuple[int, list[str]] | None:
    """(start, words) of the name that ends with the space at ``at``, without the words before it
    that describe the group or say whose it is (but for a country's name that is the name's own,
    ``keep_country``); None where none stands there. ``match``: :func:`_name_before`'s, if the
    caller has it."""
    match = match or _name_before(text, at)
    if match is None:
        return None
    words = match.group().split()
    start = match.start()
    # A count before the name ("200 Fano militiamen") is no part of it; a number after "the" is
    # ("the 400 Mawozo gang").
    while words and (words[0].lower() in _DESCRIPTIVE or (not keep_country and is_country(words[0])) or (
        words[0].isdecimal() and text[max(0, start - 4) : start].lower() != "the "
    )):  # fmt: skip
        start += len(words[0]) + 1
        words.pop(0)
    if text[max(0, start - 5) : start].endswith((" and ", " or ", "& ")):
        return None  # the last name of a list ("Sool, Sanaag and Cayn militia"): the group is the list's
    if not words or all(w.isdecimal() for w in words) or not (words[0][0].isupper() or words[0].isdecimal()):
        return None
    return start, words


_MAI_MAI = re.compile(r"(?i)(?:mayi|mai)[- ](?:mayi|mai) ")


def _group_before(
    text: str, at: int, end: int, kind: str, is_country: Callable[[str], bool]
) -> tuple[NamedGroup, bool] | None:
    """The group named just before the kind word at ``at`` (its leading space), if any, and
    whether its name is one word at a sentence's start."""
    read = _name_words(text, at, is_country)
    if read is None:
        return None
    start, words = read
    own = " ".join(words)
    name = f"{own} {kind}"
    # Congo's Mai-Mai groups, as ACLED names each: "Mayi-Mayi Yakutumba militiamen" are the
    # "Mayi Mayi Militia (Yakutumba)" ("Mayi Mayi Militia (Nyatura)" in its DRC events).
    mai_mai = _MAI_MAI.match(own)
    if mai_mai is not None and kind == "Militia" and mai_mai.end() < len(own):
        name = f"Mayi Mayi Militia ({own[mai_mai.end() :]})"
    group = NamedGroup(start, end, name, kind, own, POLITICAL_MILITIA)
    # (An acronym is a name wherever it stands: "CODECO militiamen raped ...".)
    return group, len(words) == 1 and not _acronym(words[0]) and sentence_start(text, start)


def _clans_before(text: str, start: int, end: int) -> list[NamedGroup]:
    """The Somali clans whose militia the kind word at ``start`` names ("Abgal clan militia",
    "Habar Gedir-Sacad and Leelkayse clan militia"), each a group; none unless every name is a
    clan of SOMALI_CLANS."""
    lo = max(0, start - _WINDOW)
    words = _CLAN_WORDS.search(text, lo, start)
    if words is None:
        return []
    at = words.start()
    pair = _CLAN_PAIR.search(text, lo, at)
    spans = [pair.span(1), pair.span(2)] if pair is not None else []
    if not spans and (one := _CLAN_ONE.search(text, lo, at)) is not None:
        spans = [one.span(1)]
    out = []
    for i, (s, e) in enumerate(spans):
        own = text[s:e]
        family = _family_of(own)
        if family is None:
            return []
        name = f"{own} Clan Militia" if own == family else f"{family}-{own} Sub-Clan Militia"
        # The last clan's span reaches the kind word; an earlier one's is its own name.
        out.append(NamedGroup(s, end if i == len(spans) - 1 else e, name, CLAN_MILITIA, own, IDENTITY_MILITIA))
    return out


def _family_of(name: str) -> str | None:
    """The clan family of a clan named so ("Habar Gedir-Sacad": Hawiye, by its first part), if known."""
    low = name.lower()
    for n in range(min(len(low), _LONGEST_CLAN), 0, -1):
        family = SOMALI_CLANS.get(low[:n])
        if family is not None and (n == len(low) or low[n] in " -"):
            return family
    return None


def _people_before(text: str, at: int, end: int, is_country: Callable[[str], bool]) -> tuple[NamedGroup, bool] | None:
    """The people named by one capitalised word just before "herders" at ``at`` (its leading
    space), if any: "Fulani herders"."""
    read = _name_words(text, at, is_country)
    if read is None or len(read[1]) != 1 or not read[1][0].isalpha():
        return None
    start, (people,) = read
    return NamedGroup(start, end, f"{people} {ETHNIC_MILITIA}", ETHNIC_MILITIA, people, IDENTITY_MILITIA), False


def _acronym(word: str) -> bool:
    return len(word) >= 2 and word.isupper() and word.isalpha()


def _proper_group(
    text: str, at: int, end: int, kind: str, type_code: int, is_country: Callable[[str], bool]
) -> NamedGroup | None:
    """The group whose proper name ends with the kind word at ``at`` (its leading space), if any."""
    match = _name_before(text, at)
    if match is None:
        return None
    words = match.group().split()
    rebels = bool(_REBELS_WORDS.intersection(words))
    if is_country(words[0]) and not rebels:
        # A state's: "Sudanese Armed Forces", "Myanmar Army"; not "Myanmar National Democratic Alliance Army".
        return None
    read = _name_words(text, at, is_country, keep_country=rebels, match=match)
    if read is None:
        return None
    start, words = read
    if _STATE_WORDS.intersection(words):
        return None  # a state's body, whatever region names it ("Puntland Maritime Police Force")
    more = _NAME_GOES_ON.match(text, end)
    if len(words) == 1 and words[0].lower() in _NO_NAME_ALONE and not (more and more.group()):
        return None  # ("the National Army"; not "the Democratic Forces for the Liberation of Rwanda")
    end = more.end() if more else end
    own = " ".join(words)
    full = f"{own} {text[at + 1 : end]}"
    acronym = _ACRONYM.match(text, end)
    name = f"{acronym.group(1)}: {full}" if acronym else full
    return NamedGroup(start, end, name, kind, own, type_code)
