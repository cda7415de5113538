"""Errors that users see: each names where the problem is and what was expected."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Problem:
    """One problem in one place of one input: file, row (a text file's line), column (a table's
    column name), the value, what was expected; `char` is the character position in a text
    file's line, shown as file:line:char."""

    message: str
    file: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    expected: str | None = None
    char: int | None = None

    def __str__(self) -> str:
        where = ":".join(str(p) for p in (self.file, self.row, self.char) if p is not None)
        parts = [where] if where else []
        if self.column:
            parts.append(f"column {self.column!r}")
        head = ", ".join(parts)
        text = self.message
        if self.value is not None:
            text += f" (got {self.value!r})"
        if self.expected:
            text += f"; expected {self.expected}"
        return f"{head}: {text}" if head else text

    def to_dict(self) -> dict[str, object]:
        return {k: v for k, v in asdict(self).items() if v is not None}


class SarapError(Exception):
    """Base of the errors Sarap reports to users without a traceback."""


class InvalidInput(SarapError):
    """Input that does not fit; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class NotFound(SarapError):
    pass
