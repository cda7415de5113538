"""Writing CSV and XLSX that a spreadsheet program cannot run: every export goes through here.

Text from outside (a Telegram post, an imported summary) may begin with `=`, `+`, `-`, `@`, a tab
or a carriage return, which Excel and LibreOffice take as the start of a formula
(`=HYPERLINK(...)` leaks data when clicked). OWASP's rule for CSV: prefix such a cell with a single
quote, so it is shown as text. In XLSX every text cell is written as a string cell, never as a
formula, and keeps its text unchanged. Numbers stay numbers; a cell that is just a number, such as
"-3", is not a formula and stays as it is.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return text.strip() == text


def neutralise(value: Any) -> Any:
    """The value as a CSV cell that no spreadsheet evaluates."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _is_number(value):
        return "'" + value
    return value


def restore(value: Any) -> Any:
    """Undoes `neutralise` when a file Sarap wrote is read back, so a round trip loses nothing."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_START) \
            and not _is_number(value[1:]):
        return value[1:]
    return value


class _Rows:
    def __init__(self, writer: Any):
        self._writer = writer

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([neutralise(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class _Dicts:
    def __init__(self, writer: csv.DictWriter[str]):
        self._writer = writer

    def writeheader(self) -> Any:
        return self._writer.writeheader()

    def writerow(self, row: Mapping[str, Any]) -> Any:
        return self._writer.writerow({k: neutralise(v) for k, v in row.items()})

    def writerows(self, rows: Iterable[Mapping[str, Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(handle: IO[str], **options: Any) -> _Rows:
    """csv.writer whose cells are neutralised."""
    return _Rows(csv.writer(handle, **options))


def dict_writer(handle: IO[str], fieldnames: Sequence[str], **options: Any) -> _Dicts:
    """csv.DictWriter whose cells are neutralised."""
    return _Dicts(csv.DictWriter(handle, fieldnames=fieldnames, **options))


def append(sheet: Any, row: Iterable[Any]) -> None:
    """sheet.append(row) for an openpyxl sheet, with every text cell a string, never a formula."""
    sheet.append(list(row))
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
