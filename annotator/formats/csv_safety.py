"""Cells a spreadsheet would run as a formula, and how to make them plain text.

OWASP's CSV-injection triggers are a cell starting with ``=``, ``+``, ``-``, ``@``, tab or carriage
return; line feed was added in 2025 and ASVS 5 adds NUL. Spreadsheets skip leading spaces (also
no-break and other Unicode spaces) before deciding, so a trigger after leading whitespace counts too.
The fix is OWASP's: prefix the cell with a single quote. The CSV writer then quotes the cell as
RFC 4180 requires.

Only text columns are neutralised (a negative number stays a number). A multi-line cell is one cell
to a spreadsheet, so a trigger at the start of a later line inside it is left alone.
"""

from __future__ import annotations

FORMULA_TRIGGERS: frozenset[str] = frozenset("=+-@\t\r\n\x00")

# Characters a spreadsheet skips before looking for a formula: every Unicode space, plus the zero-width
# space and the byte-order mark that copy and paste often leave behind.
LEADING_BLANKS: str = (
    "\x0b\x0c\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000\u200b\ufeff"
)

# The first characters worth a closer look: a quick set test in the hot loop, then ``neutralise``.
SUSPECT_FIRST: frozenset[str] = FORMULA_TRIGGERS | frozenset(LEADING_BLANKS)

PREFIX = "'"


def is_formula_like(value: str) -> bool:
    """Would a spreadsheet take this text cell as a formula (or the start of one)?"""
    if not value:
        return False
    if value[0] in FORMULA_TRIGGERS:
        return True
    rest = value.lstrip(LEADING_BLANKS)
    return bool(rest) and rest[0] in FORMULA_TRIGGERS


def neutralise(value: str) -> str:
    """The cell as plain text: prefixed with a single quote if it would run as a formula."""
    return PREFIX + value if is_formula_like(value) else value


def neutralise_cell(value: str | None) -> str | None:
    """``neutralise`` with the quick first-character test in front; None and "" pass through."""
    if value and value[0] in SUSPECT_FIRST:
        return neutralise(value)
    return value
