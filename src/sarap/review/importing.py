"""A reviewer's import of items to review: CSV (with a header) or JSON Lines, in one transaction.

Columns/keys: text (required); source, context, lang, author, platform, url (optional). Authors are
hashed on the way in (queue.add_item); the raw handle is never stored. A bad row (empty text, a line
that is not JSON, more fields than the header) is an error naming its file, row and field: by default
nothing is imported then; with `skip_bad` the good rows are and the bad ones go to a reject file.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from sarap.core.errors import InvalidInput, Problem
from sarap.review.config import ReviewConfig
from sarap.review.queue import NewItem, add_item, check_new
from sarap.review.scoring import Scorer

COLUMNS = ("text", "source", "context", "lang", "author", "platform", "url")


@dataclass(frozen=True)
class ImportSummary:
    file: str
    read: int
    added: int
    flagged: int
    item_ids: list[int]
    rejected: int = 0
    reject_file: str | None = None
    errors: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class Row:
    number: int
    record: dict[str, Any] | None  # None when the line does not parse
    raw: str
    problems: tuple[Problem, ...] = ()


def read_rows(path: Path) -> list[Row]:
    """Every row of a CSV or JSON Lines file with the problems that make it unusable. Only a file that
    cannot be read at all (not UTF-8, no 'text' column) is an error of the whole file."""
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput([Problem("not UTF-8 text", file=path.name, expected="a UTF-8 file",
                                    value=str(exc.reason))]) from None
    if path.suffix.lower() in (".jsonl", ".ndjson", ".json"):
        return [_json_row(path.name, number, line) for number, line in enumerate(raw.splitlines(), start=1)
                if line.strip()]
    lines = raw.splitlines()
    reader = csv.DictReader(lines)
    if not reader.fieldnames or "text" not in reader.fieldnames:
        raise InvalidInput([Problem("missing column", file=path.name, row=1, column="text",
                                    value=",".join(reader.fieldnames or []),
                                    expected="a header with a 'text' column")])
    out = []
    for row in reader:
        number = reader.line_num
        extra = row.pop(None, None)
        problems = (Problem("more fields than the header", file=path.name, row=number,
                            value=",".join(str(e) for e in extra),
                            expected=f"{len(reader.fieldnames)} fields"),) if extra else ()
        out.append(Row(number, dict(row), lines[number - 1] if number <= len(lines) else "", problems))
    return out


def _json_row(name: str, number: int, line: str) -> Row:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return Row(number, None, line, (Problem("not JSON", file=name, row=number, value=exc.msg,
                                                expected="one JSON object per line"),))
    if not isinstance(record, dict):
        return Row(number, None, line, (Problem("not an object", file=name, row=number,
                                                expected='{"text": …}'),))
    return Row(number, record, line)


def _new_item(record: dict[str, Any]) -> NewItem:
    def field(name: str) -> str | None:
        value = record.get(name)
        return None if value in (None, "") else str(value)

    return NewItem(text=str(record.get("text") or ""), source_ref=field("source"), context=field("context"),
                   lang=field("lang"), author=field("author"), platform=field("platform") or "unknown",
                   url=field("url"))


def check_row(row: Row, name: str) -> tuple[NewItem | None, list[Problem]]:
    if row.record is None:
        return None, list(row.problems)
    problems = list(row.problems)
    problems += [Problem("unknown column", file=name, row=row.number, column=str(u),
                         expected=", ".join(COLUMNS))
                 for u in sorted(set(map(str, row.record)) - set(COLUMNS))]
    new = _new_item(row.record)
    problems += check_new(new, name, row.number)
    return (None if problems else new), problems


def _write_rejects(path: Path, rejected: list[tuple[Row, list[Problem]]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["row", "problems", "line"])
        for row, problems in rejected:
            writer.writerow([row.number, "; ".join(str(p) for p in problems), row.raw])


def import_file(session: Session, path: Path, *, actor: str, config: ReviewConfig,
                agency: str | None = None, skip_bad: bool = False,
                reject_file: Path | None = None) -> ImportSummary:
    """All rows or none; with `skip_bad`, the good rows, and the bad ones in a reject file."""
    rows = read_rows(path)
    checked = [(row, *check_row(row, path.name)) for row in rows]
    bad = [(row, problems) for row, new, problems in checked if new is None]
    errors = tuple(p for _, problems in bad for p in problems)
    if bad and not skip_bad:
        raise InvalidInput(list(errors))
    reject = None
    if bad:
        reject = reject_file or path.with_name(path.stem + ".rejected.csv")
        _write_rejects(reject, bad)
    scorer = Scorer(session, config)
    items = [add_item(session, new, actor=actor, origin="import", config=config, scorer=scorer, agency=agency)
             for _, new, _ in checked if new is not None]
    return ImportSummary(path.name, len(rows), len(items), sum(i.flagged for i in items),
                         [i.id for i in items], len(bad), None if reject is None else str(reject), errors)
