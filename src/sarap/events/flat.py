"""The flat (one row per event) form used by CSV and XLSX, and its mapping to the object form.

Lists (places, actors, sources) are kept position by position in ` | `-separated cells; a `|` or
`\\` inside a value is written `\\|` / `\\\\`. The author's own cells and the corrections (nested
objects) are kept as JSON text in the `author_coding` and `corrections` columns, so nothing of an
event is lost (docs/event-format.md).
"""

from __future__ import annotations

import json
import re
from typing import Any

from sarap.events.models import VICTIM_GROUPS

SEP = " | "
PLACE_COLUMNS = {"region": "region", "country": "country", "settlement": "settlement",
                 "place_text": "text", "latitude": "latitude", "longitude": "longitude",
                 "geo_precision": "geo_precision"}  # fmt: skip
ACTOR_COLUMNS = {"actor_names": "name", "actor_kinds": "kind", "actor_roles": "role"}
SOURCE_COLUMNS = {"source_urls": "url", "source_outlets": "outlet", "source_languages": "language",
                  "source_published": "published", "source_accessed": "accessed"}  # fmt: skip
CASUALTY_COLUMNS = [f"{k}_{g}" for k in ("killed", "injured") for g in VICTIM_GROUPS]
COLUMNS = [
    "id", "dataset", "origin", "date_text", "date_start", "date_end", "date_precision",
    *PLACE_COLUMNS, "category", "action_type", "side", "summary", *ACTOR_COLUMNS,
    *CASUALTY_COLUMNS, "hostages", "property_damage", *SOURCE_COLUMNS,
    "certainty", "meets_definition", "agency", "access_level", "notes", "author_coding", "corrections",
]  # fmt: skip
JSON_COLUMNS = ("author_coding", "corrections")
REQUIRED_COLUMNS = ("date_start", "category", "action_type", "side", "summary")
LISTS = {"places": PLACE_COLUMNS, "actors": ACTOR_COLUMNS, "sources": SOURCE_COLUMNS}


def _split(cell: str | None) -> list[str]:
    if cell is None or not str(cell).strip():
        return []
    parts, current = [], []
    chars = iter(str(cell))
    for char in chars:
        if char == "\\":  # only \| and \\ are escapes; any other backslash is kept as it is
            after = next(chars, "")
            current.append(after if after in "|\\" and after else char + after)
        elif char == "|":
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [part.strip() for part in parts]


def _escaped(value: Any) -> str:
    return str(value).replace("\\", "\\\\").replace("|", "\\|")


def _json(cell: Any) -> Any:
    """The nested value a JSON column holds; text that is not JSON is left for the validator."""
    if cell is None or str(cell).strip() == "":
        return None
    try:
        return json.loads(str(cell))
    except ValueError:
        return cell


def _items(row: dict[str, Any], columns: dict[str, str]) -> list[dict[str, Any]]:
    cells = {key: _split(row.get(column)) for column, key in columns.items()}
    size = max((len(v) for v in cells.values()), default=0)
    items = []
    for i in range(size):
        item = {key: (values[i] if i < len(values) and values[i] != "" else None)
                for key, values in cells.items()}
        if any(v is not None for v in item.values()):
            items.append(item)
    return items


def to_object(row: dict[str, Any]) -> dict[str, Any]:
    """The object form of one flat row (values still unvalidated text)."""
    def cell(name: str) -> Any:
        value = row.get(name)
        return None if value is None or str(value).strip() == "" else value

    obj: dict[str, Any] = {k: cell(k) for k in (
        "origin", "category", "action_type", "side", "summary", "property_damage", "certainty",
        "meets_definition", "agency", "access_level", "notes")}
    obj["date"] = {"text": cell("date_text"), "start": cell("date_start"),
                   "end": cell("date_end"), "precision": cell("date_precision")}
    for name, columns in LISTS.items():
        obj[name] = _items(row, columns)
    obj["casualties"] = {
        kind: {g: cell(f"{kind}_{g}") for g in VICTIM_GROUPS} for kind in ("killed", "injured")
    }
    obj["casualties"]["hostages"] = cell("hostages")
    obj.update({name: _json(row.get(name)) for name in JSON_COLUMNS})
    return obj


def _joined(items: list[dict[str, Any]], key: str) -> str:
    if not items or all(item.get(key) in (None, "") for item in items):
        return ""
    return SEP.join("" if item.get(key) is None else _escaped(item[key]) for item in items)


def to_row(record: dict[str, Any], *, event_id: int | None = None,
           dataset: str | None = None) -> dict[str, Any]:
    """The flat row of a canonical record."""
    row: dict[str, Any] = {"id": event_id, "dataset": dataset}
    row.update({k: record.get(k) for k in (
        "origin", "category", "action_type", "side", "summary", "property_damage", "certainty",
        "agency", "access_level", "notes")})
    flag = record.get("meets_definition")
    row["meets_definition"] = "" if flag is None else ("yes" if flag else "no")
    when = record["date"]
    row.update(date_text=when.get("text"), date_start=when["start"], date_end=when["end"],
               date_precision=when["precision"])
    for name, columns in LISTS.items():
        for column, key in columns.items():
            row[column] = _joined(record[name], key)
    for kind in ("killed", "injured"):
        for group in VICTIM_GROUPS:
            row[f"{kind}_{group}"] = record["casualties"][kind].get(group)
    row["hostages"] = record["casualties"].get("hostages")
    for name in JSON_COLUMNS:
        value = record.get(name)
        row[name] = None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)
    return {c: ("" if row.get(c) is None else row[c]) for c in COLUMNS}


_INDEXED = re.compile(r"^(places|actors|sources)\[\d+\]\.(\w+)$")
_REVERSE = {name: {key: column for column, key in cols.items()} for name, cols in LISTS.items()}


def column_of(path: str) -> str:
    """The flat column that an object-form field path came from (for error messages)."""
    if m := _INDEXED.match(path):
        return _REVERSE[m[1]].get(m[2], path)
    if path.startswith("date."):
        return "date_" + path.split(".", 1)[1]
    if path.startswith("casualties."):
        parts = path.split(".")[1:]
        return "_".join(parts)
    return path
