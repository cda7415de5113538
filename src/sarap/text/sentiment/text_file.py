"""The texts of a CSV, TSV or JSON Lines file, for batch scoring (`sarap sentiment score --file`).

A CSV/TSV file needs a header naming the text column; a JSON Lines file has one object per line
with the text under that key. The whole file is checked before anything is scored: a line that is
not JSON, not an object, lacks the column or holds a non-text value is an error naming the file,
the line and the column (up to MAX_ERRORS of them), so a run never stops half-way. An empty text is
not an error: it is scored "unscored".
"""

from __future__ import annotations

import csv
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from sarap.core.errors import InvalidInput, Problem

MAX_ERRORS = 20
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")


@dataclass(frozen=True)
class Row:
    row: int  # 1-based record number (the header is not a record)
    line: int  # the line of the file where the record starts
    text: str


def _layout(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix == ".tsv":
        return "tsv"
    if suffix == ".csv":
        return "csv"
    with path.open(encoding="utf-8-sig") as fh:
        head = fh.read(1024).lstrip()
    return "jsonl" if head.startswith("{") else "csv"


def read_texts(path: Path, column: str = "text") -> list[Row]:
    if not path.is_file():
        raise InvalidInput([Problem("no such file", file=str(path),
                                    expected="a CSV, TSV or JSON Lines file")])
    try:
        return _jsonl(path, column) if _layout(path) == "jsonl" else _csv(path, column)
    except UnicodeDecodeError as exc:
        raise InvalidInput([Problem("not UTF-8 text", file=str(path), value=str(exc.reason),
                                    expected="a UTF-8 file")]) from None


def _jsonl(path: Path, column: str) -> list[Row]:
    out: list[Row] = []
    problems: list[Problem] = []
    with path.open(encoding="utf-8-sig") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            where = str(path)
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                problems.append(Problem("not JSON", file=where, row=number, value=exc.msg,
                                        expected="one JSON object per line"))
            else:
                if not isinstance(record, dict):
                    problems.append(Problem("not a JSON object", file=where, row=number,
                                            expected=f'{{"{column}": "…"}}'))
                elif column not in record:
                    problems.append(Problem("no such key", file=where, row=number, column=column,
                                            value=",".join(list(record)[:10]), expected=f"a {column!r} key"))
                elif record[column] is not None and not isinstance(record[column], str):
                    problems.append(Problem("not a text", file=where, row=number, column=column,
                                            value=str(record[column])[:40], expected="a JSON string"))
                else:
                    out.append(Row(len(out) + 1, number, record[column] or ""))
            if len(problems) >= MAX_ERRORS:
                break
    if problems:
        raise InvalidInput(problems)
    return out


def _csv(path: Path, column: str) -> list[Row]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    out: list[Row] = []
    problems: list[Problem] = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t" if _layout(path) == "tsv" else ",")
        if column not in (reader.fieldnames or []):
            raise InvalidInput([Problem("no such column", file=str(path), row=1, column=column,
                                        value=",".join(reader.fieldnames or []),
                                        expected=f"a header naming the {column!r} column (see --column)")])
        width = len(reader.fieldnames or [])
        line = reader.line_num
        for record in reader:
            start, line = line + 1, reader.line_num
            missing = sum(1 for k, v in record.items() if k is not None and v is None)
            extra = len(record.get(None) or [])  # DictReader puts surplus fields under None
            if missing or extra:
                problems.append(Problem(f"{width - missing + extra} fields, the header has {width}",
                                        file=str(path), row=start, column=column,
                                        expected="as many fields as the header (quote commas)"))
            else:
                out.append(Row(len(out) + 1, start, record[column]))
            if len(problems) >= MAX_ERRORS:
                break
    if problems:
        raise InvalidInput(problems)
    return out
