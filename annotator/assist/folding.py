"""Name folding shared by the gazetteer, the actor dictionary and the suggestion pass.

Two folds:

* :func:`fold_text` maps every code point to exactly one code point (lower case, accents dropped,
  anything that is not a letter or digit becomes a space). Because the length never changes, an
  offset into the folded text is the same offset into the original, which lets the suggestion pass
  run its matchers over folded text and report code-point offsets into the article.
* :func:`fold_key` is ``fold_text`` plus collapsed and trimmed spaces: the form under which names are
  stored. ``fold_key("Al-Mālikīyah") == fold_key("al Malikiyah") == "al malikiyah"``.

:func:`name_variants` adds the spellings news writers use for Arabic place names: without the
article ("Malikiyah", "Raqqah") and without a final h ("Raqqa").
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Arabic article forms in transliteration, including the assimilated ones (ar-Raqqah, as-Suwayda).
_ARTICLES = ("al", "el", "ar", "as", "ash", "ad", "adh", "at", "ath", "az", "an")
_ASSIMILATING = {"ar": "r", "as": "s", "ash": "sh", "ad": "d", "adh": "dh", "at": "t", "ath": "th",
                 "az": "z", "an": "n"}  # fmt: skip
_SPACES = re.compile(" +")
_COMBINING = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670"
    "\u06d6-\u06ed\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
)
# Only ASCII is folded ahead (translate's fast path needs every ASCII entry); any other code point
# folds through _FoldTable.__missing__ on first sight and is remembered. Folding the first 8,192
# ahead took 14 ms of every process's start (the command line's, the window's, the suggestion
# process's), for characters most articles never hold.
_TABLE_END = 0x80


def _fold_char(ch: str) -> str:
    if not ch.isalnum():
        # A combining mark left after NFC must stay with its letter, not split the word.
        return ch if unicodedata.category(ch).startswith("M") else " "
    low = ch.lower()
    if len(low) != 1:  # 'İ' lowers to two code points; keep the length fixed
        low = ch
    decomposed = unicodedata.normalize("NFD", low)
    base = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
    if len(base) == 1:
        return base
    return _SPECIAL.get(low, low)


# Letters that do not decompose into base + accent.
_SPECIAL = {"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ŧ": "t", "ɨ": "i"}


class _FoldTable(dict[int, str]):
    """str.translate table; code points beyond the prebuilt range are folded on first sight."""

    def __missing__(self, key: int) -> str:
        value = _fold_char(chr(key))
        self[key] = value
        return value


def _build_table() -> _FoldTable:
    # Identity entries too: str.translate reads every ASCII character of a text from the table,
    # and a missing one would go through __missing__ each time.
    table = _FoldTable()
    for i in range(_TABLE_END):
        table[i] = _fold_char(chr(i))
    return table


_TABLE: _FoldTable | None = None


def _table() -> _FoldTable:
    global _TABLE
    if _TABLE is None:
        _TABLE = _build_table()
    return _TABLE


# From this length on a text that is not all ASCII is folded as an array of code points (numpy,
# imported then): ~5x faster than line by line, which a long article repays at once.
_ARRAY_FROM = 250_000


def fold_text(text: str) -> str:
    """Fold ``text`` code point by code point; ``len(fold_text(t)) == len(t)`` always."""
    table = _table()
    if text.isascii() or len(text) < 4096:
        return text.translate(table)
    if len(text) >= _ARRAY_FROM:
        folded = _fold_array(text, table)
        if folded is not None:
            return folded
    return _fold_lines(text, table)


def _fold_lines(text: str, table: _FoldTable) -> str:
    # str.translate has a fast path for ASCII input only: fold line by line so the English lines
    # of a mixed article take it. A line break folds to a space, so joining with one is exact.
    return " ".join(line.translate(table) for line in text.split("\n"))


def _fold_array(text: str, table: _FoldTable) -> str | None:
    """:func:`fold_text` as an array look-up: each distinct code point of the text folded once
    through the table (as ``str.translate`` reads it), then every code point mapped in C. Outside
    its ASCII fast path ``str.translate`` asks the table for each character in turn (a 1.5 MB
    article with Arabic paragraphs and dashes: ~65 ms; this ~12 ms). None for a text that holds a
    lone surrogate (not encodable): the caller folds it line by line."""
    import numpy as np

    try:
        data = text.encode("utf-32-le")
    except UnicodeEncodeError:
        return None
    codes = np.frombuffer(data, dtype=np.uint32)
    present = np.flatnonzero(np.bincount(codes))
    lookup = np.zeros(int(present[-1]) + 1, dtype=np.uint32)
    lookup[present] = [ord(table[code]) for code in present.tolist()]
    return lookup[codes].tobytes().decode("utf-32-le")


def fold_key(name: str) -> str:
    """The stored form of a name: folded, single-spaced, trimmed."""
    if name.isascii():
        return _SPACES.sub(" ", name.translate(_table())).strip()
    folded = fold_text(unicodedata.normalize("NFC", name))
    # Combining marks that survived NFC (Arabic vowel signs) are dropped from keys: articles rarely
    # carry them, so a key without them matches more text.
    return _SPACES.sub(" ", _COMBINING.sub("", folded)).strip()


ARABIC_CLITICS = ("وبال", "فبال", "وال", "فال", "بال", "كال", "لل", "ال", "و", "ب", "ل", "ف")


def arabic_stems(word: str) -> list[tuple[str, str]]:
    """(prefix, stem) for each way an Arabic-script word may carry attached prefixes, longest
    prefix first: "بالخرطوم" -> [("بال", "خرطوم"), ("ب", "الخرطوم")].

    Prepositions and the article are written joined to the noun, so a place name inside such a
    word is found by looking up its stems.
    """
    return [(p, word[len(p) :]) for p in ARABIC_CLITICS if word.startswith(p) and len(word) - len(p) >= 3]


def strip_article(key: str) -> str:
    """A folded key without a leading Arabic article: 'al malikiyah' -> 'malikiyah'.

    Assimilated forms are stripped only before the matching consonant ('ar raqqah' -> 'raqqah'), so
    English words such as 'as' or 'at' in front of a name are not mistaken for an article.
    """
    head, _, rest = key.partition(" ")
    if not rest or head not in _ARTICLES:
        return key
    if head in ("al", "el"):
        return rest
    if rest.startswith(_ASSIMILATING[head]):
        return rest
    return key


def name_variants(key: str) -> set[str]:
    """Spellings of a folded key that news text also uses (the key itself included)."""
    bare = strip_article(key)
    if key.startswith("ال") and len(key) > 4:  # Arabic script: the article is part of the word
        return {key, key[2:]}
    if not key.endswith(("ah", "eh")):
        return {key, bare}
    variants = {key, bare}
    for v in (key, bare):
        if len(v) > 4:
            variants.add(v[:-1])
    return variants


# Marks GeoNames uses for Arabic ayn and hamza ("‘Āmūdā", "Ra’s al ‘Ayn"); ACLED's names leave them
# out ("Amuda", "Ras al Ain").
_AYN_HAMZA = frozenset("‘’ʿʾʻʼ`´")
# Letters that NFKD does not split into an ASCII letter and an accent.
_ASCII_SPECIAL = {"ß": "ss", "Æ": "AE", "æ": "ae", "Ø": "O", "ø": "o", "Ł": "L", "ł": "l", "Đ": "D", "đ": "d",
                  "Ħ": "H", "ħ": "h", "ı": "i", "Ə": "E", "ə": "e", "Œ": "OE", "œ": "oe", "Þ": "Th", "þ": "th",
                  "Ŧ": "T", "ŧ": "t", "ɨ": "i", "Ɨ": "I", "ʹ": "", "–": "-", "—": "-"}  # fmt: skip


@functools.lru_cache(maxsize=1 << 16)  # place and admin names recur in every article
def ascii_name(name: str) -> str:
    """The name as ACLED writes place names, in plain ASCII: "Al Mālikīyah" -> "Al Malikiyah",
    "‘Āmūdā" -> "Amuda", "Côte d’Ivoire" -> "Cote d'Ivoire".

    A name in another script (Arabic, Cyrillic) has no such spelling and is returned unchanged.
    """
    if name.isascii():
        return name
    out: list[str] = []
    for ch in unicodedata.normalize("NFKD", name):
        if unicodedata.combining(ch):
            continue
        if ch in _AYN_HAMZA:
            # An elided vowel after a one-letter word ("d’Ivoire", "l’Est") keeps its apostrophe.
            before = out[-2:] if len(out) >= 2 else [" ", *out]
            if ch in "’'ʼ" and len(before) == 2 and before[0] in " -" and before[1].isalpha():
                out.append("'")
            continue
        out.append(_ASCII_SPECIAL.get(ch, ch))
    result = "".join(out)
    return result if result.isascii() else name


# Spellings that transliterations of one name differ by (Dowlatabad / Dawlat Abad, Tall Tamr /
# Tal Tamer, 'Ayn 'Isa / Ein Issa, Maai Mahiu / Mai Mahiu, Qalqilyah / Kalkiliya): letters that
# stand for one sound, doubled letters, vowels, spaces, hyphens and apostrophes.
_SAME_SOUND = (("hp", "p"), ("ph", "f"), ("dj", "j"), ("q", "k"), ("v", "w"))
_VOWEL_RUNS = re.compile("[aeiouy]+")
_DOUBLED = re.compile(r"(.)\1+")


@functools.lru_cache(maxsize=1 << 16)
def variant_key(key: str) -> str:
    """A folded key reduced to what its transliterations share: words joined, a final h after a
    vowel dropped, ph/f, q/k, v/w, dj/j alike, doubled letters single, every run of vowels one
    "a". ``variant_key("tal tamer") == variant_key("tell tamer")``,
    ``variant_key("ein issa") == variant_key("ain aissa")``. Keys in other scripts give "".

    A lossy key: names that share it are candidates for a spelling the gazetteer lacks, to be
    confirmed by where they are, never a match by themselves.
    """
    if not key.isascii():
        return ""
    joined = "".join(ch for ch in key if ch.isalpha())
    for a, b in _SAME_SOUND:
        joined = joined.replace(a, b)
    if len(joined) > 3 and joined.endswith("h") and joined[-2] in "aeiouy":
        joined = joined[:-1]
    return _VOWEL_RUNS.sub("a", _DOUBLED.sub(r"\1", joined))
