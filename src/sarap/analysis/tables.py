"""A tidy table: what every analysis returns, and what the CLI prints and exports."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sarap.core import spreadsheet
from sarap.core.errors import InvalidInput, Problem

EXPORT_SUFFIXES = (".csv", ".xlsx")


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "columns": self.columns, "rows": self.records()}

    def column(self, name: str) -> list[Any]:
        index = self.columns.index(name)
        return [row[index] for row in self.rows]

    def csv_text(self) -> str:
        # a byte-order mark so that spreadsheet programs read Kazakh and Russian text correctly
        out = io.StringIO()
        out.write("\ufeff")
        writer = spreadsheet.csv_writer(out)
        writer.writerow(self.columns)
        writer.writerows(["" if v is None else v for v in row] for row in self.rows)
        return out.getvalue()

    def to_csv(self, path: Path) -> None:
        Path(path).write_text(self.csv_text(), encoding="utf-8", newline="")

    def to_xlsx(self, path: Path) -> None:
        from openpyxl import Workbook  # imported here: only exports need it

        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "table"
        sheet.append([self.title])
        sheet.append(self.columns)
        for row in self.rows:
            spreadsheet.append(sheet, row)
        book.save(path)

    def write(self, path: Path) -> None:
        """Writes CSV or XLSX, chosen by the file's suffix."""
        suffix = Path(path).suffix.lower()
        if suffix not in EXPORT_SUFFIXES:
            raise InvalidInput([Problem("unknown output format", value=str(path),
                                        expected="a file name ending in .csv or .xlsx")])
        self.to_csv(path) if suffix == ".csv" else self.to_xlsx(path)
