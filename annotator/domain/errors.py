"""Errors a person can act on. Anything derived from UserError is shown as a message, never a traceback."""

from __future__ import annotations

# Longest stretch of a value (or a field name taken from the input) quoted in a message: an error
# about a 100,000-character value stays one readable line.
QUOTE_LIMIT = 80


def clip(value: str, limit: int = QUOTE_LIMIT) -> str:
    """``value`` quoted for a message, cut to ``limit`` characters (with its full length said)."""
    if len(value) <= limit:
        return repr(value)
    return f"{value[:limit]!r}… ({len(value):,} characters)"


def _clip_name(name: str, limit: int = QUOTE_LIMIT) -> str:
    # Field paths come from the input too (an unknown key): the same bound, without quotes.
    # and may hold line breaks or surrogates, shown escaped so the message stays one printable line.
    cut = name[:limit]
    shown = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in cut)
    return shown if len(name) <= limit else shown + "…"


class UserError(Exception):
    """A problem caused by the user's input or environment, explained in plain words."""


class InputError(UserError):
    """Bad input data, located by file, line and field where known."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
        item: int | None = None,
    ) -> None:
        self.file = file
        self.line = line
        self.field = field
        # The article's place in a file holding many (a news-database export): "item 3".
        self.item = item
        self.reason = message
        super().__init__(self._render())

    def _render(self) -> str:
        where = []
        if self.file:
            where.append(str(self.file))
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.item is not None:
            where.append(f"item {self.item}")
        if self.field:
            where.append(f"field '{_clip_name(self.field)}'")
        return f"{', '.join(where)}: {self.reason}" if where else self.reason

    def located(self, *, file: str | None = None, line: int | None = None, item: int | None = None) -> InputError:
        """The same error with a file, line or item filled in by an outer reader."""
        return InputError(
            self.reason,
            file=self.file or file,
            line=self.line if self.line is not None else line,
            field=self.field,
            item=self.item if self.item is not None else item,
        )


class CodebookError(UserError):
    """A codebook file that does not validate; lists every problem with its key."""

    def __init__(self, file: str, problems: list[str]) -> None:
        self.file = file
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{file}: the codebook has {len(problems)} problem(s):\n{lines}")
