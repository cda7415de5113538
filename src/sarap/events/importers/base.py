"""What every importer yields, and the CSV reading they share."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sarap.core.errors import InvalidInput, Problem
from sarap.core.safeload import check_size

MAX_ROWS = 2_000_000  # more than any export we read (GTD: ~210,000 rows)


@dataclass
class ImportedRow:
    """One input row: its row number (the header is row 1), the event in object form
    (docs/event-format.md) or None, and the problems found while mapping it."""

    row: int
    record: dict[str, Any] | None
    problems: list[Problem] = field(default_factory=list)
    raw: dict[str, str] = field(default_factory=dict)


def read_text(path: Path, fallbacks: tuple[str, ...] = ()) -> str:
    """The file's text; a file that is not UTF-8 (nor in one of the `fallbacks` a foreign layout is
    known to use) is refused with the place of the first bad byte."""
    check_size(path)
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        for encoding in fallbacks:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                pass
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
    path: Path, required: list[str] | tuple[str, ...] = (), fallbacks: tuple[str, ...] = ()
) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """Header and (row number, row) pairs; Windows line endings and a BOM are accepted.

    Row numbers count physical CSV records with the header as row 1, as spreadsheets show them.
    """
    text = read_text(path, fallbacks)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise InvalidInput([Problem("the file is empty", file=path.name, expected="a header row")]) from None
    except csv.Error as exc:
        raise _csv_problem(path, 1, exc) from None
    _check_csv_header(path, header, required)
    cut_off = bool(text) and not text.endswith(("\n", "\r"))

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        number = 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise _csv_problem(path, number + 1, exc) from None
            number += 1
            if number > MAX_ROWS:
                raise InvalidInput([Problem(f"more than {MAX_ROWS:,} rows", file=path.name,
                                            row=number, expected="a smaller file; split it")])
            if not any(cell.strip() for cell in cells):
                continue
            if cut_off and len(cells) < len(header) and reader.line_num == text.count("\n") + 1:
                raise InvalidInput([Problem(
                    f"the last row has {len(cells)} of {len(header)} columns: the file seems cut "
                    "off", file=path.name, row=number, expected="a complete file")])
            yield number, {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(header)}

    return header, rows()


def _check_csv_header(path: Path, header: list[str], required: list[str] | tuple[str, ...]) -> None:
    seen: set[str] = set()
    twice = [h for h in header if h and (h in seen or seen.add(h))]  # type: ignore[func-returns-value]
    problems = [Problem("the column appears twice in the header", file=path.name, row=1, column=c,
                        expected="each column once") for c in dict.fromkeys(twice)]
    problems += [Problem("required column is missing", file=path.name, row=1, column=c,
                         expected="a header that names it") for c in required if c not in header]
    if problems:
        raise InvalidInput(problems)


def _csv_problem(path: Path, row: int, exc: csv.Error) -> InvalidInput:
    message = str(exc)
    if "field larger than field limit" in message:
        message = f"a cell longer than {csv.field_size_limit():,} characters"
    return InvalidInput([Problem(f"not valid CSV: {message}", file=path.name, row=row,
                                 expected="comma-separated values, quotes closed")])


# Country names as GTD and ACLED write them (casefolded) → ISO 3166-1 alpha-3.
COUNTRIES = {
    "kazakhstan": "KAZ", "kyrgyzstan": "KGZ", "kyrgyz republic": "KGZ", "tajikistan": "TJK",
    "uzbekistan": "UZB", "turkmenistan": "TKM", "russia": "RUS", "russian federation": "RUS",
    "china": "CHN", "mongolia": "MNG", "afghanistan": "AFG", "pakistan": "PAK", "india": "IND",
    "iran": "IRN", "iraq": "IRQ", "syria": "SYR", "turkey": "TUR", "turkiye": "TUR",
    "türkiye": "TUR", "azerbaijan": "AZE", "armenia": "ARM", "georgia": "GEO",
    "ukraine": "UKR", "belarus": "BLR", "moldova": "MDA", "soviet union": "SUN",
    "saudi arabia": "SAU", "yemen": "YEM", "jordan": "JOR", "lebanon": "LBN", "israel": "ISR",
    "west bank and gaza strip": "PSE", "palestine": "PSE", "egypt": "EGY", "libya": "LBY",
    "somalia": "SOM", "nigeria": "NGA", "mali": "MLI", "bangladesh": "BGD",
    "indonesia": "IDN", "philippines": "PHL", "malaysia": "MYS", "germany": "DEU",
    "france": "FRA", "belgium": "BEL", "netherlands": "NLD", "sweden": "SWE", "austria": "AUT",
    "united kingdom": "GBR", "united states": "USA", "poland": "POL", "latvia": "LVA",
    "lithuania": "LTU", "estonia": "EST",
}  # fmt: skip
NOT_GIVEN = {"", "unknown", "not applicable"}


class Cells:
    """One raw row and the problems found reading it; each problem names its cell.
    Shared by the GTD and ACLED readers."""

    def __init__(self, path: Path, row: int, raw: dict[str, str]):
        self.file, self.row, self.raw = path.name, row, raw
        self.problems: list[Problem] = []

    def text(self, column: str) -> str | None:
        value = (self.raw.get(column) or "").strip()
        return value or None

    def given(self, column: str) -> str | None:
        """The text, or None where the source says it does not know."""
        value = self.text(column)
        return None if value is None or value.casefold() in NOT_GIVEN else value

    def problem(self, column: str, message: str, expected: str, value: str | None = None) -> None:
        self.problems.append(Problem(message, file=self.file, row=self.row, column=column,
                                     value=self.raw.get(column, "") if value is None else value,
                                     expected=expected))

    def integer(self, column: str, expected: str, low: int | None = None,
                high: int | None = None, what: str | None = None) -> int | None:
        value = self.text(column)
        if value is None:
            return None
        try:
            number = float(value)  # exports written by spreadsheets say "3.0"
            if not number.is_integer():
                raise ValueError(value)
        except ValueError:
            self.problem(column, "not a whole number", expected)
            return None
        if (low is not None and number < low) or (high is not None and number > high):
            self.problem(column, f"{what or column} out of range", expected)
            return None
        return int(number)

    def decimal(self, column: str, low: float, high: float) -> float | None:
        value = self.text(column)
        if value is None:
            return None
        expected = f"a decimal number from {low:g} to {high:g}"
        try:
            number = float(value)
        except ValueError:
            self.problem(column, "not a number", expected)
            return None
        if not low <= number <= high:
            self.problem(column, f"{column} out of range", expected)
            return None
        return number

    def count(self, column: str, unknown: tuple[int, ...] = ()) -> int | None:
        """A casualty count; blank and the source's unknown codes mean "not reported"."""
        expected = "a whole number ≥ 0" + (", or empty/-9/-99 if unknown" if unknown else "")
        number = self.integer(column, expected)
        if number is None or number in unknown:
            return None
        if number < 0:
            self.problem(column, "a count cannot be negative", expected)
            return None
        return number

    def country(self, column: str) -> str | None:
        name = self.text(column)
        code = COUNTRIES.get((name or "").casefold())
        if code is None:
            self.problem(column, "unknown country name", "a country name in the importers' table "
                         "(docs/import-mappings.md), e.g. Kazakhstan")
        return code


def read_mapped(path: Path, required: tuple[str, ...],
                to_record: Callable[[Cells], dict[str, Any]],
                fallbacks: tuple[str, ...] = ()) -> Iterator[ImportedRow]:
    """Rows of a foreign CSV layout mapped one by one; a row with a problem yields no record."""
    _, rows = read_csv_rows(path, required=required, fallbacks=fallbacks)
    for number, raw in rows:
        cells = Cells(path, number, raw)
        try:
            record = to_record(cells)
        except (ValueError, TypeError, OverflowError, KeyError, IndexError) as exc:
            # A value no mapping rule foresaw is this row's error, not the end of the import.
            cells.problems.append(Problem(f"the row cannot be read: {str(exc)[:200]}",
                                          file=path.name, row=number,
                                          expected="values as the source's codebook writes them"))
            record = {}
        yield ImportedRow(number, None if cells.problems else record, cells.problems, raw)
