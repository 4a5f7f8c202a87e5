"""What the words around a name say about it: the rules that keep the suggestion pass from reading
people, governments and web addresses as event locations (issue #9, finding 4).

Each rule looks at the original text (not the folded one) so it can see capitals and punctuation:

* :func:`masked_ranges` — URLs, e-mail addresses, @handles and photo credits ("Photo: Baderkhan
  Ahmad / AP"): nothing inside them is a place, an actor or a country mention.
* :func:`person_context` — a name that is part of a person's name: after a title ("President
  Vladimir Putin"), glued to another capitalised word it does not include ("Baderkhan Ahmad",
  "Vladimir Putin"), or the subject of a speech verb when it is not a capital ("Ahmad said").
  The same adjacency rule keeps a lone first word of a longer name ("Tal" of "Tal Kocher") out.
* :func:`government_use` — a capital (or a country name) standing for its government: the subject
  of a speech or decision verb ("Moscow said", "Damascus rejected"), the object of one ("accused
  Damascus", "agreed with Ankara"), or "Moscow-backed", "Moscow's decision".
* :func:`near_after` — "the Qamishli countryside", "Aleppo area": the general area of a town, ACLED's
  geo_precision 2 (the words before a name are read by the suggestion pass itself).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable

from annotator.assist.folding import fold_text

# ---- text that is not prose ----

_URL_REST = re.compile(r"[^\s<>\"')\]]+")
# Photo credits, to the end of the line or the closing bracket: "Photo: X / AP", "(Photo by X)".
# Matched only where a credit word starts a line, a bracket or a sentence.
_CREDIT_AT = re.compile(
    r"(?:photo credit|photo(?:graph)?s?|pictures?|images?|credits?)[ \t]*(?:[:：]|by\b)[^\n)\]]*", re.IGNORECASE
)
_CREDIT_WORDS = ("photo", "picture", "image", "credit")
_EMAIL_LOCAL = re.compile(r"[\w.+-]+$")
_AFTER_AT = re.compile(r"[\w-]+(?:\.[\w-]+)*")


class Masks:
    """Sorted, non-overlapping ranges of the text that hold no suggestions."""

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        self._starts = [s for s, _ in ranges]
        self._ends = [e for _, e in ranges]

    def covers(self, start: int, end: int) -> bool:
        """True when [start, end) overlaps a masked range."""
        i = bisect.bisect_right(self._starts, start) - 1
        if i >= 0 and self._ends[i] > start:
            return True
        j = i + 1
        return j < len(self._starts) and self._starts[j] < end

    def __bool__(self) -> bool:
        return bool(self._starts)


def masked_ranges(text: str, folded: str | None = None) -> Masks:
    """URLs, e-mail addresses, @handles and photo credits in ``text`` (``folded``: its
    :func:`~annotator.assist.folding.fold_text`, if the caller has it).

    Each kind is looked for only when its mark ("://", "www.", "@", "photo", ...) occurs: one
    regular expression for all of them tried at every position costs seconds on a long article.
    """
    ranges: list[tuple[int, int]] = []
    find = _lower_finder(text, folded)
    for mark in ("://", "www."):
        i = find(mark, 0)
        while i >= 0:
            # Back over the scheme ("https"), then on to the next space or bracket.
            start = i
            while mark == "://" and start > 0 and text[start - 1].isalpha():
                start -= 1
            m = _URL_REST.match(text, i)
            end = m.end() if m else i + len(mark)
            ranges.append((start, end))
            i = find(mark, end)
    at = text.find("@")
    while at >= 0:
        after = _AFTER_AT.match(text, at + 1)
        local = _EMAIL_LOCAL.search(text, max(0, at - 64), at)
        if after is not None and local is not None and "." in after.group():
            ranges.append((local.start(), after.end()))  # desk@example.org
        elif after is not None and (at == 0 or not (text[at - 1].isalnum() or text[at - 1] == "@")):
            ranges.append((at, after.end()))  # @DerikNews
        at = text.find("@", at + 1)
    for word in _CREDIT_WORDS:
        i = find(word, 0)
        while i >= 0:
            j = i - 1
            while j >= 0 and text[j] in " \t":
                j -= 1
            m = _CREDIT_AT.match(text, i) if j < 0 or text[j] in "\n([.!?" else None
            if m is not None:
                ranges.append(m.span())
            i = find(word, m.end() if m else i + 1)
    ranges.sort()
    merged: list[tuple[int, int]] = []
    for start, end in ranges:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return Masks(merged)


def _lower_finder(text: str, folded: str | None) -> Callable[[str, int], int]:
    """``text.lower().find`` for the marks and words above, without lowering a long text when its
    folded form is at hand: each word's places are among those of its folded form in the folded
    text (same offsets), and are checked. (A text with "İ", which lowers to two characters, is
    lowered as before: the offsets read are then the lowered text's.)"""
    if folded is None or "\u0130" in text:
        return text.lower().find

    def find(word: str, start: int) -> int:
        if not any(c.isalpha() for c in word):
            return text.find(word, start)  # "://": what lowering leaves alone
        probe = fold_text(word)
        i = folded.find(probe, start)
        while i >= 0 and text[i : i + len(word)].lower() != word:
            i = folded.find(probe, i + 1)
        return i

    return find


# ---- people ----

# Words before a name that make it a person's name.
_TITLES = frozenset((
    "president", "mr", "mrs", "ms", "miss", "dr", "prof", "minister", "premier", "chancellor", "general",
    "gen", "col", "colonel", "lt", "captain", "capt", "major", "maj", "sergeant", "sgt", "commander", "cmdr",
    "admiral", "marshal", "sheikh", "shaikh", "sheik", "emir", "king", "queen", "prince", "princess", "imam",
    "mullah", "ayatollah", "pope", "bishop", "archbishop", "rev", "reverend", "father", "senator", "sen",
    "rep", "congressman", "congresswoman", "governor", "gov", "mayor", "judge", "justice", "spokesman",
    "spokeswoman", "spokesperson", "photographer", "journalist", "reporter", "correspondent", "activist",
    "lawyer", "leader", "chief", "commander-in-chief", "deputy", "envoy", "ambassador", "secretary", "mp",
    "mr.", "dr.", "gen.", "col.", "lt.", "capt.", "maj.", "sgt.", "rev.", "sen.", "rep.", "gov.",
))  # fmt: skip
# Capitalised words that may stand right before a place name without being part of another name.
_MAY_PRECEDE = frozenset((
    "in", "at", "on", "from", "to", "near", "outside", "of", "the", "and", "but", "or", "for", "with", "by",
    "into", "across", "around", "inside", "between", "within", "through", "toward", "towards", "via", "over",
    "under", "along", "beyond", "past", "until", "after", "before", "since", "north", "south", "east", "west",
    "northern", "southern", "eastern", "western", "central", "upper", "lower", "greater", "northeast",
    "northwest", "southeast", "southwest", "northeastern", "northwestern", "southeastern", "southwestern",
    "rural", "downtown", "old", "new", "a", "an", "as", "while", "when", "where", "if", "as-well", "then",
    "also",
))  # fmt: skip
# Capitalised words that may follow a place name without making it the first word of a longer one.
_MAY_FOLLOW = frozenset((
    "city", "province", "governorate", "district", "region", "state", "county", "town", "village", "camp",
    "airport", "airbase", "base", "international", "area", "countryside", "municipality", "subdistrict",
    "sub-district", "department", "division", "prefecture", "oblast", "island", "islands", "and", "or", "but",
    "on", "in", "at", "the",
))  # fmt: skip
# Words of a facility or unit named after its town: "Dhaka Medical College", "Savar Bus Stand",
# "Paltan Jam-e Mosque", "Bishwanath Police Station". Within two words after a place name they make
# the name the town's, not the first word of another place's.
_FACILITY = frozenset((
    "university", "college", "medical", "hospital", "clinic", "stadium", "press", "club", "court", "jail",
    "prison", "station", "railway", "bus", "port", "harbour", "harbor", "airport", "market", "bazar", "bazaar",
    "road", "highway", "mosque", "church", "temple", "school", "cantonment", "police", "military", "municipal",
    "agricultural", "upazila", "union", "thana", "zila", "sadar", "council", "hall", "gate", "bridge",
    "square", "park", "border", "crossing", "checkpoint", "camp", "base", "barracks", "prison",
))  # fmt: skip
_WEEKDAYS_MONTHS = frozenset((
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
))  # fmt: skip
# Verbs of speaking and deciding: a town is never their subject, a person or a government is.
_SPEECH = (
    r"said|says|say|stated|states|told|announced|announces|rejected|rejects|accused|accuses|warned|warns|"
    r"denied|denies|condemned|condemns|insisted|insists|demanded|demands|urged|urges|called|calls|claimed|"
    r"claims|responded|responds|vowed|vows|threatened|threatens|refused|refuses|agreed|agrees|approved|"
    r"approves|decided|decides|ordered|orders|blamed|blames|welcomed|welcomes|criticised|criticized|"
    r"criticises|criticizes|confirmed|confirms|dismissed|dismisses|declared|declares|signalled|signaled|"
    r"wants|sees|believes|hopes|opposes|opposed|supports|supported|backs|backed|expects|expressed|"
    r"summoned|recalled|protested|sent|pledged|offered|added|noted|reiterated|maintains|maintained|"
    r"argued|argues|complained|complains|described|describes|considers|considered"
)
# Up to three words between a subject and its verb: "Damascus has also accused", "Moscow on Tuesday said".
_ADVERB_WORDS = ("also", "then", "later", "quickly", "immediately", "publicly", "officially", "again", "reportedly",
                 "strongly", "had", "has", "have")  # fmt: skip
_ADVERBS = rf"(?:(?:{'|'.join(_ADVERB_WORDS)}|on \w+) ){{0,3}}"
_SPEECH_AFTER = re.compile(rf"^(?:,? (?:and|or) [A-Z][\w'-]+)? {_ADVERBS}(?:{_SPEECH})\b")
# For a place that is not a capital only the plain speech verbs count ("Ahmad said"): "Qamishli was
# shelled" has a place as its subject.
_SAID_VERBS = "said|says|told|added|noted|explained|stated|wrote|asked|recalled|insisted|argued"
_SAID_AFTER = re.compile(rf" {_ADVERBS}(?:{_SAID_VERBS})\b")
# The words the pattern can begin with after its space (an adverb, "on" or a verb): a name followed
# by none of them is no one's (a long article has tens of thousands of place names to ask about).
_SAID_FIRST = (*_ADVERB_WORDS, "on ", *_SAID_VERBS.split("|"))
_GOVERNMENT_AFTER = re.compile(
    r"^(?:-(?:backed|led|aligned|allied|sponsored|brokered|friendly|controlled|appointed)\b"
    r"|'s? (?:government|decision|position|support|backing|envoy|ambassador|foreign|defen[cs]e|response|"
    r"statement|officials?|policy|ally|allies|stance|move|demands?|plan|offer|proposal|influence|"
    r"military|troops|forces|intervention|role|interests?|approval|consent|regime|leadership)\b)"
)
_GOVERNMENT_BEFORE = re.compile(
    r"(?:\b(?:accused|accusing|urged|urging|warned|warning|criticised|criticized|blamed|blaming|told|"
    r"pressed|called on|asked|condemned|according to|backed by|supported by|rejected by|announced by|"
    r"approved by|ordered by|sponsored by|brokered by|allied with|ally of|allies of)"
    r"|\b(?:agreed|agreement|agreements|deal|deals|talks|negotiations|coordination|coordinated|relations|"
    r"ties|contacts|meeting|meetings|understanding) (?:with|between)(?: \w+ and)?)"
    r" (?:the )?$"
)

# The last word of each of _GOVERNMENT_BEFORE's phrases (a test reads them from the expression).
GOVERNMENT_BEFORE_LAST = (
    "accused", "accusing", "urged", "urging", "warned", "warning", "criticised", "criticized", "blamed", "blaming",
    "told", "pressed", "on", "asked", "condemned", "to", "by", "with", "of", "between", "and",
)  # fmt: skip


# How far the word next to a name is first looked for in one piece (most words are shorter).
_WORD_REACH = 32


def word_before(text: str, start: int) -> str:
    """The word right before ``start`` if only one space separates them, else "": letters,
    apostrophes, hyphens and full stops back from the space."""
    if start < 2 or text[start - 1] != " " or not (text[start - 2].isalpha() or text[start - 2] == "."):
        return ""
    # Most words are all letters up to the space before them: found in one step (a long article
    # asks for tens of thousands); the rest are read back character by character.
    lo = start - 1 - _WORD_REACH if start > _WORD_REACH else 0
    space = text.rfind(" ", lo, start - 1)
    if space >= 0 or lo == 0:
        word = text[space + 1 : start - 1]
        if word.isalpha():
            return word
    i = start - 2
    while i >= 0 and (text[i].isalpha() or text[i] in "'-."):
        i -= 1
    return text[i + 1 : start - 1]


def word_after(text: str, end: int) -> str:
    """The word right after ``end`` if one space separates them, else "": from a letter on,
    letters, apostrophes and hyphens."""
    if end + 1 >= len(text) or text[end] != " " or not text[end + 1].isalpha():
        return ""
    # As in word_before: a word of letters up to the next space in one step.
    space = text.find(" ", end + 1, end + 2 + _WORD_REACH)
    if space >= 0:
        word = text[end + 1 : space]
        if word.isalpha():
            return word
    j = end + 1
    while j < len(text) and (text[j].isalpha() or text[j] in "'-"):
        j += 1
    return text[end + 1 : j]


@functools.lru_cache(maxsize=1 << 12)  # asked of the words next to every place name; reads only the word
def _title_case(word: str) -> bool:
    """A capitalised word in running text: "Ahmad", "Putin" (not "SDF" or "al")."""
    return len(word) > 1 and word[0].isupper() and any(c.islower() for c in word[1:])


def person_context(text: str, start: int, end: int, *, allowed: frozenset[str] = frozenset()) -> bool:
    """True when the name at [start, end) is (part of) a person's name or of a longer name.

    ``allowed`` adds lower-cased words that may stand before the name (demonyms: "Syrian").
    """
    before = word_before(text, start)
    if before:
        reading = _before_reading(before, allowed)
        if reading == _PERSON:
            return True
        if reading == _PERSON_MID_SENTENCE and not sentence_start(text, start - len(before) - 1):
            return True
        if (before in _JOINING or before in _ARTICLES) and _joined_before(text, start, before):
            return True  # the last word of a longer name ("Santander" of "Norte de Santander")
    after = word_after(text, end)
    if after and _name_goes_on(after):
        return not _facility_follows(text, end + 1 + len(after))
    # (the first word of a longer name: "Valle" of "Valle del Cauca"; only a joining word can join it)
    return after in _JOINING and _joined_after(text, end, after)


# Lower-case words that join the words of a Spanish, Portuguese, French or Italian place name
# ("Valle del Cauca", "Norte de Santander", "Ilha do Governador", "Lomas de la Presa"): a name they
# join to another capitalised word is part of that longer name.
_JOINING = frozenset(("de", "del", "della", "di", "da", "do", "dos", "das", "du", "des"))
_ARTICLES = frozenset(("la", "las", "los", "le", "les"))


def _joined_before(text: str, start: int, before: str) -> bool:
    """Whether the word ``before`` the name at ``start`` (with an article after it: "de la") joins
    the name to a capitalised word before it."""
    at = start - len(before) - 1
    if before in _ARTICLES:
        before = word_before(text, at)
        at -= len(before) + 1
    return before in _JOINING and _title_case(word_before(text, at))


def _joined_after(text: str, end: int, after: str) -> bool:
    """Whether the word ``after`` the name ending at ``end`` (with an article after it: "de la")
    joins the name to a capitalised word after it."""
    if after not in _JOINING:
        return False
    at = end + 1 + len(after)
    article = word_after(text, at)
    if article in _ARTICLES:
        at += 1 + len(article)
    return _title_case(word_after(text, at))


def _facility_follows(text: str, end: int) -> bool:
    """True when the next word, or the one after a capitalised next word, names a facility or a
    body ("Dhaka Medical College", "Derna Mujahideen Shoura Council"): a name two words before
    it is the town the facility or body is named after."""
    second = word_after(text, end)
    if second.lower() in _FACILITY:
        return True
    return _title_case(second) and word_after(text, end + 1 + len(second)).lower() in _FACILITY


# What the word before a name says of it: the name is a person's, is one unless the word begins a
# sentence ("Ahmad" in "Baderkhan Ahmad", not in "... said. Aleppo"), or says nothing.
_PERSON, _PERSON_MID_SENTENCE, _NOTHING = "person", "person mid-sentence", "nothing"


@functools.lru_cache(maxsize=1 << 12)  # asked of the word before every place name; reads only the word
def _before_reading(before: str, allowed: frozenset[str]) -> str:
    low = before.lower()
    if low in _TITLES or low.rstrip(".") in _TITLES:
        return _PERSON
    if before.endswith("."):
        return _NOTHING  # the end of the sentence before ("... in Syria. Damascus")
    if low.endswith(("'s", "\u2019s")):
        return _NOTHING  # a country's or region's place ("in Kenya's Mandera", "Manipur's Bishnupur")
    if _title_case(before) and low not in _MAY_PRECEDE and low not in _WEEKDAYS_MONTHS and low not in allowed:
        return _PERSON_MID_SENTENCE
    return _NOTHING


@functools.lru_cache(maxsize=1 << 12)  # as _before_reading, for the word after
def _name_goes_on(after: str) -> bool:
    """Whether a capitalised word after a name may make it the first word of a longer one (unless
    a facility's word follows: "Dhaka Medical College")."""
    low = after.lower()
    return _title_case(after) and low not in _MAY_FOLLOW and low not in _WEEKDAYS_MONTHS and low not in _FACILITY


def said_after(text: str, end: int) -> bool:
    """True when a speech verb follows the name: its subject is a person (or, for a capital, the
    government)."""
    # (The verb is one space on at least: most names are followed by punctuation, read at once.)
    return (
        text.startswith(_SAID_FIRST, end + 1)
        and text.startswith(" ", end)
        and _SAID_AFTER.match(text, end, min(len(text), end + 40)) is not None
    )


def sentence_start(text: str, i: int) -> bool:
    """True when position ``i`` starts a sentence or line (a capital there says nothing)."""
    j = i - 1
    while j >= 0 and text[j] in " \t\"'“‘(":
        j -= 1
    return j < 0 or text[j] in ".!?:\n—–-"


def government_use(text: str, start: int, end: int) -> bool:
    """True when the name at [start, end) stands for a government rather than a place."""
    window = text[end : end + 60]
    if _SPEECH_AFTER.match(window) or _GOVERNMENT_AFTER.match(window):
        return True
    before = text[max(0, start - 60) : start].lower()
    # The expression before ends so: one of its last words, a space, maybe "the " (then maybe a line
    # break, which "$" lets through). A search of the window tries it at each of 60 characters, and
    # most names follow none of those words.
    last = before[:-1] if before.endswith("\n") else before
    if not last.endswith(" "):
        return False
    last = last[:-1]
    if not (
        last.endswith(GOVERNMENT_BEFORE_LAST) or (last.endswith(" the") and last[:-4].endswith(GOVERNMENT_BEFORE_LAST))
    ):
        return False
    return _GOVERNMENT_BEFORE.search(before) is not None


# ---- "the Qamishli countryside" ----

_AREA_AFTER = re.compile(
    r"^(?:'s)? (?:countryside|area|areas|region|outskirts|environs|vicinity|suburbs|surroundings)\b"
)


# The first letters of the words each pattern reads after a name, in either case: no other
# character lowers to one of them (a test checks every code point), so a name followed by another
# letter, as nearly all are, is answered without lowering and matching the text after it.
AREA_FIRST = frozenset("caroevsCAROEVS")
REGION_FIRST = frozenset("pgrsoPGRSO")


def near_after(text: str, end: int) -> bool:
    first = text[end + 3 : end + 4] if text.startswith("'", end) else text[end + 1 : end + 2]
    return first in AREA_FIRST and _AREA_AFTER.match(text[end : end + 30].lower()) is not None


_REGION_AFTER = re.compile(r"^ (?:province|governorate|region|state|prefecture|oblast)\b")


def region_after(text: str, end: int) -> bool:
    """ "Al-Hasakah province": the region, coded to its capital with ACLED's geo_precision 3."""
    return text[end + 1 : end + 2] in REGION_FIRST and _REGION_AFTER.match(text[end : end + 20].lower()) is not None
