"""A reviewer's import of items to review: CSV (with a header) or JSON Lines, all or nothing.

Columns/keys: text (required); source, context, lang, author, platform, url (optional). Authors are
hashed on the way in (queue.add_item); the raw handle is never stored.
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


def _rows(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """(line, record) pairs; a record that does not parse is an error naming its line."""
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput([Problem("not UTF-8 text", file=path.name, expected="a UTF-8 file",
                                    value=str(exc.reason))]) from None
    if path.suffix.lower() in (".jsonl", ".ndjson", ".json"):
        out, problems = [], []
        for number, line in enumerate(raw.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                problems.append(Problem("not JSON", file=path.name, row=number, value=exc.msg,
                                        expected="one JSON object per line"))
                continue
            if not isinstance(record, dict):
                problems.append(Problem("not an object", file=path.name, row=number, expected='{"text": …}'))
                continue
            out.append((number, record))
        if problems:
            raise InvalidInput(problems)
        return out
    reader = csv.DictReader(raw.splitlines())
    if not reader.fieldnames or "text" not in reader.fieldnames:
        raise InvalidInput([Problem("missing column", file=path.name, row=1, column="text",
                                    value=",".join(reader.fieldnames or []),
                                    expected="a header with a 'text' column")])
    return [(number, dict(row)) for number, row in enumerate(reader, start=2)]


def _new_item(record: dict[str, Any]) -> NewItem:
    def field(name: str) -> str | None:
        value = record.get(name)
        return None if value in (None, "") else str(value)

    return NewItem(text=str(record.get("text") or ""), source_ref=field("source"), context=field("context"),
                   lang=field("lang"), author=field("author"), platform=field("platform") or "unknown",
                   url=field("url"))


def import_file(session: Session, path: Path, *, actor: str, config: ReviewConfig,
                agency: str | None = None) -> ImportSummary:
    rows = _rows(path)
    problems: list[Problem] = []
    news = []
    for number, record in rows:
        unknown = sorted(set(record) - set(COLUMNS))
        problems += [Problem("unknown column", file=path.name, row=number, column=u,
                             expected=", ".join(COLUMNS)) for u in unknown]
        new = _new_item(record)
        problems += check_new(new, path.name, number)
        news.append(new)
    if problems:
        raise InvalidInput(problems)
    scorer = Scorer(session, config)
    items = [add_item(session, new, actor=actor, origin="import", config=config, scorer=scorer, agency=agency)
             for new in news]
    return ImportSummary(path.name, len(rows), len(items), sum(i.flagged for i in items),
                         [i.id for i in items])
