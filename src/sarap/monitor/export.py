"""A topic's matched items as CSV or JSON Lines. Authors leave only as their keyed hashes (public
outlets and official accounts by handle), as they are stored."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session

from sarap.core import spreadsheet
from sarap.core.errors import InvalidInput, Problem
from sarap.monitor import analytics, textual
from sarap.monitor.models import MonitorTopic

FORMATS = ("csv", "jsonl")
COLUMNS = ("id", "published", "platform", "source", "language", "region", "author", "url", "title", "text",
           "likes", "shares", "comments", "views", "reactions")


def records(session: Session, topic: MonitorTopic, scope: analytics.Scope | None = None,
            readable: ColumnElement[bool] | None = None) -> list[dict[str, Any]]:
    scope = scope or analytics.Scope.of_topic(topic)
    rows = analytics.matching(analytics.rows_in_scope(session, scope, readable),
                              textual.compile_query(topic.query))
    return [{"id": r.id, "published": r.published.isoformat(), "platform": r.platform, "source": r.source,
             "language": r.language, "region": r.region, "author": r.author, "url": r.url, "title": r.title,
             "text": r.text, **{k: (r.engagement or {}).get(k) for k in COLUMNS[10:]}} for r in rows]


def write(path: Path, rows: list[dict[str, Any]], fmt: str) -> None:
    if fmt not in FORMATS:
        raise InvalidInput([Problem("unknown export format", column="--format", value=fmt,
                                    expected="csv or jsonl")])
    with path.open("w", encoding="utf-8", newline="") as fh:
        if fmt == "jsonl":
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            return
        writer = spreadsheet.dict_writer(fh, COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
