"""Export to Sarap's own formats; what these write, `sarap events import` reads back, every field
included (author's cells and corrections as JSON columns in CSV/XLSX). Each format writes its
cells in one place (`_csv_row`, `_xlsx_value`)."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sarap.events import flat, records
from sarap.events.models import Event


def _rows(events: Sequence[Event]) -> list[dict[str, Any]]:
    return [flat.to_row(records.to_record(e), event_id=e.id,
                        dataset=e.dataset.name if e.dataset else None) for e in events]


def _csv_row(row: dict[str, Any]) -> list[Any]:
    return [row[c] for c in flat.COLUMNS]


def write_csv(events: Sequence[Event], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(flat.COLUMNS)
        writer.writerows(_csv_row(row) for row in _rows(events))


# What an XLSX cell cannot hold: control characters other than tab, line feed and carriage return.
XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
XLSX_MAX_CELL = 32_767  # Excel shows no more characters than this in one cell
ABOUT = [
    "Sarap event export. Sheet 'events': one row per event; `sarap events import` reads it back.",
    "List fields (places, actors, sources) are ' | '-separated, item by item; a '|' or '\\' in a "
    "value is written '\\|' or '\\\\'.",
    "author_coding and corrections hold the author's own cells and our corrections as JSON text.",
    "Column reference: docs/event-format.md.",
]


def _xlsx_value(value: Any, lost: list[str], where: str) -> Any:
    if not isinstance(value, str):
        return value
    if XLSX_ILLEGAL.search(value):
        lost.append(f"{where}: control characters removed (XLSX cannot hold them)")
        value = XLSX_ILLEGAL.sub("", value)
    if len(value) > XLSX_MAX_CELL:
        lost.append(f"{where}: {len(value)} characters; Excel shows only {XLSX_MAX_CELL}")
    return value


def write_xlsx(events: Sequence[Event], path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "events"
    sheet.append(flat.COLUMNS)
    lost: list[str] = []
    for number, row in enumerate(_rows(events), start=2):
        sheet.append([_xlsx_value(row[c], lost, f"row {number}, {c}") for c in flat.COLUMNS])
    sheet.freeze_panes = "A2"
    about = book.create_sheet("about")
    for line in ABOUT + (["Not carried by this format:", *lost] if lost
                         else ["Every field of every event is carried; nothing was left out."]):
        about.append([line])
    book.save(path)


def event_json(event: Event) -> dict[str, Any]:
    """The object form with the event's id and dataset: what --json and JSON Lines carry."""
    return {"id": event.id, "dataset": event.dataset.name if event.dataset else None,
            **records.to_record(event)}


def write_jsonl(events: Sequence[Event], path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for event in events:
            fh.write(json.dumps(event_json(event), ensure_ascii=False) + "\n")
