"""Sarap's own formats: CSV and XLSX in the flat column set, JSON Lines / JSON / YAML objects."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sarap.core.errors import InvalidInput, Problem
from sarap.core.safeload import check_size, check_zip, load_json, load_yaml
from sarap.events import flat
from sarap.events.importers.base import MAX_ROWS, ImportedRow, read_csv_rows, read_text


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
        record = flat.to_object(row)
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

    check_size(path)
    check_zip(path, "XLSX")
    try:
        book = load_workbook(path, read_only=True, data_only=True)
        sheets = book.worksheets
    except Exception as exc:  # openpyxl raises several unrelated types for a bad file
        raise InvalidInput([Problem(f"not a readable XLSX workbook: {exc}", file=path.name)]) from exc
    if not sheets:
        raise InvalidInput([Problem("the workbook has no worksheet", file=path.name,
                                    expected="the events on the first sheet")])
    rows = _sheet_rows(path, sheets[0].iter_rows(values_only=True))
    header = [_cell(h).strip() for h in next(rows, ())]
    seen: set[str] = set()
    twice = [h for h in header if h and (h in seen or seen.add(h))]  # type: ignore[func-returns-value]
    if twice:
        raise InvalidInput([Problem("the column appears twice in the header", file=path.name, row=1,
                                    column=c, expected="each column once")
                            for c in dict.fromkeys(twice)])

    def body() -> Iterator[tuple[int, dict[str, Any]]]:
        for number, cells in enumerate(rows, start=2):
            if number > MAX_ROWS:
                raise InvalidInput([Problem(f"more than {MAX_ROWS:,} rows", file=path.name,
                                            row=number, expected="a smaller file; split it")])
            values = [_cell(c) for c in cells]
            if any(v.strip() for v in values):
                yield number, dict(zip(header, values, strict=False))

    return _flat_rows(path, header, body())


def _sheet_rows(path: Path, rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    """The sheet's rows; a sheet whose XML is damaged becomes a file error at the row reached."""
    number = 0
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as exc:  # lxml/openpyxl/zipfile: many types for one damaged sheet
            raise InvalidInput([Problem(f"the worksheet cannot be read: {type(exc).__name__}: "
                                        f"{str(exc)[:200]}", file=path.name, row=number + 1,
                                        expected="an XLSX saved by a spreadsheet program")]) from None
        number += 1
        yield row


def read_jsonl(path: Path) -> Iterator[ImportedRow]:
    text = read_text(path)
    for number, line in enumerate(text.splitlines(), start=1):
        if number > MAX_ROWS:
            raise InvalidInput([Problem(f"more than {MAX_ROWS:,} lines", file=path.name,
                                        row=number, expected="a smaller file; split it")])
        if not line.strip():
            continue
        try:
            obj = load_json(line, path.name, number)
        except InvalidInput as exc:
            yield ImportedRow(number, None, exc.problems)
            continue
        yield _object_row(path, number, obj)


def _object_row(path: Path, number: int, obj: Any) -> ImportedRow:
    if not isinstance(obj, dict):
        return ImportedRow(number, None, [Problem("not an object", file=path.name, row=number,
                                                  expected="an event object")])
    return ImportedRow(number, obj)


def read_documents(path: Path) -> Iterator[ImportedRow]:
    """A YAML or JSON file holding one event, a list of events, or {events: [...]}."""
    text = read_text(path)
    expected = "an event, a list of events or {events: [...]} (docs/event-format.md)"
    data = (load_json(text, path.name) if path.suffix.lower() == ".json"
            else load_yaml(text, path.name, expected))
    items = data.get("events", [data]) if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise InvalidInput([Problem("expected an event, a list of events or {events: [...]}",
                                    file=path.name)])
    for number, obj in enumerate(items, start=1):
        yield _object_row(path, number, obj)
