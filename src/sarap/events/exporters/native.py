"""Export to Sarap's own formats; what these write, `sarap events import` reads back."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sarap.core import spreadsheet
from sarap.events import flat, records
from sarap.events.models import Event


def _rows(events: Sequence[Event]) -> list[dict[str, Any]]:
    return [flat.to_row(records.to_record(e), event_id=e.id,
                        dataset=e.dataset.name if e.dataset else None) for e in events]


def write_csv(events: Sequence[Event], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = spreadsheet.dict_writer(fh, flat.COLUMNS)
        writer.writeheader()
        writer.writerows(_rows(events))


def write_xlsx(events: Sequence[Event], path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "events"
    sheet.append(flat.COLUMNS)
    for row in _rows(events):
        spreadsheet.append(sheet, [row[c] for c in flat.COLUMNS])
    sheet.freeze_panes = "A2"
    book.save(path)


def event_json(event: Event) -> dict[str, Any]:
    """The object form with the event's id and dataset: what --json and JSON Lines carry."""
    return {"id": event.id, "dataset": event.dataset.name if event.dataset else None,
            **records.to_record(event)}


def write_jsonl(events: Sequence[Event], path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for event in events:
            fh.write(json.dumps(event_json(event), ensure_ascii=False) + "\n")
