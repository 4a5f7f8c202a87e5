"""Text in whatever encoding it came in: UTF-8 when it is, otherwise detected (charset-normalizer).

Articles arrive as Windows-1252 from old newsroom systems, Windows-1256 or ISO-8859-6 Arabic, KOI8-R
or UTF-16 from Windows tools. UTF-8 is tried first because it is exact (text that decodes as UTF-8
is UTF-8 with near certainty); the rest is a guess, so the guess is reported with the file.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from charset_normalizer import from_bytes

from annotator.domain.errors import InputError
from annotator.domain.models import ArticleRecord

UTF8 = "utf-8"
# UTF-32 first: its little-endian mark starts with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Legacy encodings by how widely they are used, for ties between equally likely ones.
_PREFERRED = ("cp1252", "iso8859_1", "cp1251", "cp1256", "iso8859_15", "cp1250")
# Detection reads this much of a large file; the rest is decoded with the same guess.
SAMPLE_BYTES = 256 * 1024


def encoding_name(encoding: str) -> str:
    """An encoding as people write it: UTF-8, not Python's utf-8."""
    return "UTF-8" if encoding == UTF8 else encoding


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # Python's name for it: "utf-8", "cp1252", "cp1256", "utf_16" …


def detect_encoding(raw: bytes, name: str) -> str:
    """The encoding of ``raw`` (or of its first part): UTF-8 if it decodes as such, else the best guess."""
    if raw.startswith(codecs.BOM_UTF8):
        return UTF8
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return encoding
    try:
        raw.decode(UTF8)
        return UTF8
    except UnicodeDecodeError as exc:
        # A sample cut inside a character fails only at its very end.
        if len(raw) >= SAMPLE_BYTES and exc.start >= len(raw) - 4:
            return UTF8
    try:
        # UTF-8 in all but encoded surrogates (CESU-8, or a lone surrogate written out): UTF-8 that is
        # broken, not another encoding. Reading it as UTF-8 refuses it with its line.
        raw.decode(UTF8, "surrogatepass")
        return UTF8
    except UnicodeDecodeError:
        pass
    matches = list(from_bytes(raw))
    if not matches:
        raise InputError("is not text in any encoding that could be recognised (is it a binary file?)", file=name)
    # Encodings of one family often fit equally well: French text reads without error, and with the
    # same scores, as Windows-1250 ("prčs") and Windows-1252 ("près"). The more widely used one wins a tie.
    best = matches[0]
    tied = [m.encoding for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    return next((e for e in _PREFERRED if e in tied), best.encoding)


def decode_bytes(raw: bytes, name: str) -> Decoded:
    """The whole of ``raw`` as text, with the encoding it was read in. What characters the text may
    hold is the input contract's to say, in each reader (the first refused one is named, NUL or not)."""
    encoding = detect_encoding(raw, name)
    try:
        text = raw.decode("utf-8-sig" if encoding == UTF8 else encoding)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(f"is not {encoding_name(encoding)} text ({exc.reason})", file=name, line=line) from None
    return Decoded(text, encoding)


def with_encoding(record: ArticleRecord, encoding: str) -> ArticleRecord:
    """The record with the encoding its file was read in kept in its meta, where it was not UTF-8
    (the import reports it from there, and it stays with the article as a record of how it was read)."""
    if encoding == UTF8:
        return record
    article = record.article.model_copy(update={"meta": record.article.meta | {"encoding": encoding}})
    return record.model_copy(update={"article": article})
