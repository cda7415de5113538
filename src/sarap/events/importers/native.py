"""Sarap's own formats: CSV and XLSX in the flat column set, JSON Lines / JSON / YAML objects."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from sarap.core import spreadsheet
from sarap.core.errors import InvalidInput, Problem
from sarap.events import flat
from sarap.events.importers.base import ImportedRow, read_csv_rows, read_text


def _check_header(path: Path, header: list[str]) -> None:
    problems = [
        Problem("unknown column", file=path.name, row=1, column=name,
                expected="a column of Sarap's format (docs/event-format.md)")
        for name in header if name and name not in flat.COLUMNS
    ]
    problems += [
        Problem("required column is missing", file=path.name, row=1, column=name,
                expected="a header that names it")
        for name in flat.REQUIRED_COLUMNS if name not in header
    ]
    if problems:
        raise InvalidInput(problems)


def _flat_rows(path: Path, header: list[str],
               rows: Iterable[tuple[int, dict[str, Any]]]) -> Iterator[ImportedRow]:
    _check_header(path, header)
    for number, row in rows:
        record = flat.to_object({k: spreadsheet.restore(v) for k, v in row.items()})  # our own exports
        yield ImportedRow(number, record, raw={k: str(v) for k, v in row.items()})


def read_csv(path: Path) -> Iterator[ImportedRow]:
    header, rows = read_csv_rows(path)
    return _flat_rows(path, header, rows)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_xlsx(path: Path) -> Iterator[ImportedRow]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for a bad file
        raise InvalidInput([Problem(f"not a readable XLSX workbook: {exc}", file=path.name)]) from exc
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [_cell(h).strip() for h in next(rows, ())]

    def body() -> Iterator[tuple[int, dict[str, Any]]]:
        for number, cells in enumerate(rows, start=2):
            values = [_cell(c) for c in cells]
            if any(v.strip() for v in values):
                yield number, dict(zip(header, values, strict=False))

    return _flat_rows(path, header, body())


def read_jsonl(path: Path) -> Iterator[ImportedRow]:
    text = read_text(path)
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ImportedRow(number, None, [Problem(f"not valid JSON: {exc.msg}", file=path.name,
                                                     row=number, expected="one JSON object a line")])
            continue
        yield _object_row(path, number, obj)


def _object_row(path: Path, number: int, obj: Any) -> ImportedRow:
    if not isinstance(obj, dict):
        return ImportedRow(number, None, [Problem("not an object", file=path.name, row=number,
                                                  expected="an event object")])
    return ImportedRow(number, obj)


def read_documents(path: Path) -> Iterator[ImportedRow]:
    """A YAML or JSON file holding one event, a list of events, or {events: [...]}."""
    try:
        data = yaml.safe_load(read_text(path))
    except yaml.YAMLError as exc:
        raise InvalidInput([Problem(f"not valid YAML/JSON: {exc}", file=path.name)]) from exc
    items = data.get("events", [data]) if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise InvalidInput([Problem("expected an event, a list of events or {events: [...]}",
                                    file=path.name)])
    for number, obj in enumerate(items, start=1):
        yield _object_row(path, number, obj)
