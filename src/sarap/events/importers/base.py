"""What every importer yields, and the CSV reading they share."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sarap.core.errors import InvalidInput, Problem


@dataclass
class ImportedRow:
    """One input row: its row number (the header is row 1), the event in object form
    (docs/event-format.md) or None, and the problems found while mapping it."""

    row: int
    record: dict[str, Any] | None
    problems: list[Problem] = field(default_factory=list)
    raw: dict[str, str] = field(default_factory=dict)


def read_text(path: Path) -> str:
    """The file's text; a file that is not UTF-8 is refused with the place of the first bad byte."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InvalidInput(
            [
                Problem(
                    "the file is not UTF-8 text",
                    file=path.name,
                    row=line,
                    value=data[exc.start : exc.start + 4].hex(" "),
                    expected="UTF-8 (save the spreadsheet as 'CSV UTF-8')",
                )
            ]
        ) from exc


def read_csv_rows(
    path: Path, required: list[str] | tuple[str, ...] = ()
) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """Header and (row number, row) pairs; Windows line endings and a BOM are accepted.

    Row numbers count physical CSV records with the header as row 1, as spreadsheets show them.
    """
    text = read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise InvalidInput([Problem("the file is empty", file=path.name, expected="a header row")]) from None
    missing = [c for c in required if c not in header]
    if missing:
        raise InvalidInput(
            [
                Problem(
                    "required column is missing",
                    file=path.name,
                    row=1,
                    column=c,
                    expected="a header that names it",
                )
                for c in missing
            ]
        )

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            yield number, {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(header)}

    return header, rows()
