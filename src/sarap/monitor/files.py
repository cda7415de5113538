"""Exports of posts in CSV or JSON Lines, read through a column mapping the user sets.

A mapping names, for each of our fields, the column (or, for `published`, the columns joined with a
space) that holds it; `text` and `published` are required. Dates are ISO 8601 unless `date_format`
(strptime) says otherwise; a time without an offset is taken in `timezone`. Presets ship in
sarap/monitor/presets/ (`youscan`). Every error names the file, the row (CSV, counting the header as
row 1) or line (JSONL), the field and what was expected.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from sarap.core import safeload
from sarap.core.errors import InvalidInput, Problem
from sarap.events import regions
from sarap.monitor.records import RawItem

PRESETS = Path(__file__).parent / "presets"
FIELDS = ("id", "published", "text", "title", "url", "author", "author_type", "platform", "language",
          "region", "likes", "shares", "comments", "views")
ENGAGEMENT = ("likes", "shares", "comments", "views")
REQUIRED = ("text", "published")
DEFAULT_TZ = "Asia/Almaty"


@dataclass
class Mapping:
    columns: dict[str, str | list[str]]
    format: str = "csv"
    delimiter: str = ","
    encoding: str = "utf-8-sig"
    date_format: str | None = None
    timezone: str = DEFAULT_TZ
    public_author_types: list[str] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any], origin: str = "mapping") -> Mapping:
        columns = dict(data.get("columns") or {})
        problems = [Problem(f"unknown field {name!r}", file=origin, column=name,
                            expected="one of " + ", ".join(FIELDS)) for name in columns if name not in FIELDS]
        problems += [Problem(f"no column given for the required field {name!r}", file=origin, column=name,
                             expected="a column name") for name in REQUIRED if name not in columns]
        fmt = str(data.get("format", "csv"))
        if fmt not in ("csv", "jsonl"):
            problems.append(Problem("unknown format", file=origin, column="format", value=fmt,
                                    expected="csv or jsonl"))
        tz = str(data.get("timezone") or DEFAULT_TZ)
        try:
            ZoneInfo(tz)
        except (KeyError, ValueError):
            problems.append(Problem("unknown time zone", file=origin, column="timezone", value=tz,
                                    expected="an IANA name such as Asia/Almaty"))
        if problems:
            raise InvalidInput(problems)
        return cls(columns=columns, format=fmt, delimiter=str(data.get("delimiter", ",")),
                   encoding=str(data.get("encoding", "utf-8-sig")), date_format=data.get("date_format"),
                   timezone=tz, public_author_types=[str(v) for v in data.get("public_author_types") or []])

    def to_dict(self) -> dict[str, Any]:
        return {"columns": self.columns, "format": self.format, "delimiter": self.delimiter,
                "encoding": self.encoding, "date_format": self.date_format, "timezone": self.timezone,
                "public_author_types": self.public_author_types}


def preset(name: str) -> dict[str, Any]:
    path = PRESETS / f"{name}.yaml"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in PRESETS.glob("*.yaml")))
        raise InvalidInput([Problem("no such mapping preset", column="preset", value=name, expected=known)])
    return dict(yaml.safe_load(path.read_text(encoding="utf-8")))


def load_mapping(*, preset_name: str | None = None, mapping_file: Path | None = None,
                 overrides: list[str] | None = None, fmt: str | None = None) -> Mapping:
    """A preset, then a YAML file, then `field=Column` options, each over the one before."""
    data: dict[str, Any] = preset(preset_name) if preset_name else {"columns": {}}
    origin = f"preset {preset_name}" if preset_name else "mapping"
    if mapping_file is not None:
        loaded = safeload.load_file(mapping_file, "a YAML mapping with keys columns, format, "
                                             "date_format, timezone") or {}
        if not isinstance(loaded, dict):
            raise InvalidInput([Problem("a mapping file is a YAML mapping", file=str(mapping_file),
                                        expected="keys columns, format, date_format, timezone")])
        columns = {**data.get("columns", {}), **(loaded.get("columns") or {})}
        data = {**data, **loaded, "columns": columns}
        origin = str(mapping_file)
    for option in overrides or []:
        name, sep, column = option.partition("=")
        if not sep or not name.strip() or not column.strip():
            raise InvalidInput([Problem("a column mapping is field=Column", column="--map", value=option,
                                        expected="e.g. text=Message")])
        parts = [c.strip() for c in column.split("+")]
        data["columns"][name.strip()] = parts if len(parts) > 1 else parts[0]
    if fmt:
        data["format"] = fmt
    return Mapping.from_dict(data, origin)


class _Row:
    def __init__(self, record: dict[str, Any], mapping: Mapping, file: str, row: int):
        self.record, self.mapping, self.file, self.row = record, mapping, file, row

    def fail(self, field_name: str, message: str, value: object, expected: str) -> InvalidInput:
        column = self.mapping.columns.get(field_name, field_name)
        label = "+".join(column) if isinstance(column, list) else column
        return InvalidInput([Problem(message, file=self.file, row=self.row, column=f"{field_name} ({label})",
                                     value=None if value is None else str(value), expected=expected)])

    def get(self, name: str) -> str | None:
        column = self.mapping.columns.get(name)
        if column is None:
            return None
        names = column if isinstance(column, list) else [column]
        missing = [c for c in names if c not in self.record]
        if missing and self.mapping.format == "jsonl":
            names = [c for c in names if c in self.record]  # JSON objects may leave keys out
        elif missing:
            raise self.fail(name, f"the column {missing[0]!r} is missing", None,
                            "a column of that name (see the mapping)")
        values = [self.record[c] for c in names]
        text = " ".join(str(v).strip() for v in values if v is not None and str(v).strip())
        return text or None

    def published(self) -> datetime:
        value = self.get("published")
        if value is None:
            raise self.fail("published", "no date", value, "a date and time")
        try:
            if self.mapping.date_format:
                when = datetime.strptime(value, self.mapping.date_format)
            else:
                when = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise self.fail("published", "not a date and time", value,
                            self.mapping.date_format or "ISO 8601, e.g. 2024-03-01T10:00:00+05:00") from None
        if when.tzinfo is None:
            when = when.replace(tzinfo=ZoneInfo(self.mapping.timezone))
        return when

    def number(self, name: str) -> int | None:
        value = self.get(name)
        if value is None:
            return None
        try:
            return int(float(value.replace(" ", "").replace("\u00a0", "")))
        except ValueError:
            raise self.fail(name, "not a number", value, "a whole number") from None

    def item(self) -> RawItem:
        text = self.get("text")
        if text is None:
            raise self.fail("text", "no text", None, "the text of the post")
        author_type = self.get("author_type")
        public = {v.lower() for v in self.mapping.public_author_types}
        region_text = self.get("region")
        engagement = {k: n for k in ENGAGEMENT if (n := self.number(k)) is not None}
        extra: dict[str, Any] = {"row": self.row}
        if region_text:
            extra["region_text"] = region_text
        return RawItem(
            text=text, published=self.published(), external_id=self.get("id"), title=self.get("title"),
            url=self.get("url"), author=self.get("author"),
            author_public=bool(author_type and author_type.lower() in public),
            platform=(self.get("platform") or "").lower() or None, region=regions.resolve(region_text),
            language=self.get("language"), engagement=engagement, extra=extra)


def read(path: Path, mapping: Mapping) -> Iterator[RawItem]:
    """The items of an export, in file order; stops at the first row that does not fit."""
    if not path.is_file():
        raise InvalidInput([Problem("no such file", file=str(path))])
    with path.open(encoding=mapping.encoding, newline="") as fh:
        if mapping.format == "csv":
            reader = csv.DictReader(fh, delimiter=mapping.delimiter)
            for number, record in enumerate(reader, start=2):
                yield _Row(record, mapping, str(path), number).item()
            return
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InvalidInput([Problem(f"not JSON: {exc.msg}", file=str(path), row=number,
                                            expected="one JSON object per line")]) from None
            if not isinstance(record, dict):
                raise InvalidInput([Problem("not a JSON object", file=str(path), row=number,
                                            expected="one JSON object per line")])
            yield _Row(record, mapping, str(path), number).item()
