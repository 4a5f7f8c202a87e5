"""Errors a person can act on. Anything derived from UserError is shown as a message, never a traceback."""

from __future__ import annotations


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
            where.append(f"field '{self.field}'")
        return f"{', '.join(where)}: {self.reason}" if where else self.reason

    def located(self, *, file: str | None = None, line: int | None = None) -> InputError:
        """The same error with a file or line filled in by an outer reader."""
        return InputError(
            self.reason,
            file=self.file or file,
            line=self.line if self.line is not None else line,
            field=self.field,
            item=self.item,
        )


class CodebookError(UserError):
    """A codebook file that does not validate; lists every problem with its key."""

    def __init__(self, file: str, problems: list[str]) -> None:
        self.file = file
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{file}: the codebook has {len(problems)} problem(s):\n{lines}")
