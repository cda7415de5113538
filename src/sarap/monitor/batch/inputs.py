"""What an INPUT names (a file, a folder, a glob) and the raw rows of each file.

Export files are read with the column mappings of monitoring sources (sarap.monitor.files): CSV,
JSON Lines, and Parquet (whose columns the mapping names as it names a JSON object's keys). A
file's rows become one Arrow table of the raw fields, with the file name and the row number, so
that every engine reads files the same way and keeps input order."""

from __future__ import annotations

import glob
import io
import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pyarrow as pa

from sarap.core.errors import InvalidInput, Problem
from sarap.monitor import files
from sarap.monitor.records import RawItem

FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".parquet": "parquet"}
RAW_SCHEMA = pa.schema([
    ("file", pa.string()), ("row", pa.int64()), ("external_id", pa.string()),
    ("published", pa.timestamp("us", tz="UTC")), ("text", pa.string()), ("title", pa.string()),
    ("url", pa.string()), ("author", pa.string()), ("author_public", pa.bool_()),
    ("platform", pa.string()), ("region", pa.string()), ("language", pa.string()),
    ("engagement", pa.string()), ("extra", pa.string())])


def paths(given: str) -> list[Path]:
    """The files of an INPUT, sorted (the order rows are numbered and duplicates are decided in)."""
    path = Path(given)
    if path.is_file():
        found = [path]
    elif path.is_dir():
        found = [p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in FORMATS]
    else:
        found = [Path(p) for p in glob.glob(given, recursive=True) if Path(p).is_file()]
    found = sorted(p.resolve() for p in found)
    if not found:
        raise InvalidInput([Problem("no input files", file=given,
                                    expected="a .csv, .jsonl or .parquet file, a folder of them, or a glob")])
    unknown = [p for p in found if p.suffix.lower() not in FORMATS]
    if unknown:
        raise InvalidInput([Problem("unknown file type", file=str(p), value=p.suffix,
                                    expected=", ".join(FORMATS)) for p in unknown])
    return found


def _items(name: str, data: bytes, mapping: files.Mapping) -> Iterator[RawItem]:
    kind = FORMATS[Path(name).suffix.lower()]
    if kind == "parquet":
        import pyarrow.parquet as pq

        rows = pq.read_table(pa.BufferReader(data)).to_pylist()
        as_json = replace(mapping, format="jsonl")  # a Parquet row may leave columns empty, as JSON may
        for number, record in enumerate(rows, start=1):
            yield files.item_of({k: v for k, v in record.items() if v is not None}, as_json, name, number)
        return
    text = io.StringIO(data.decode(mapping.encoding), newline="")
    yield from files.read_stream(text, replace(mapping, format=kind), name)


def raw_table(name: str, data: bytes, mapping: files.Mapping) -> pa.Table:
    """All rows of one file (its name as given, its bytes) as raw Arrow rows; an InvalidInput names
    the file, row and field of the first row that does not fit."""
    columns: dict[str, list[object]] = {f.name: [] for f in RAW_SCHEMA}
    for item in _items(name, data, mapping):
        row = item.extra.get("row")
        extra = {k: v for k, v in item.extra.items() if k != "row"}
        for key, value in (("file", name), ("row", row), ("external_id", item.external_id),
                           ("published", item.published), ("text", item.text), ("title", item.title),
                           ("url", item.url), ("author", item.author), ("author_public", item.author_public),
                           ("platform", item.platform), ("region", item.region), ("language", item.language),
                           ("engagement", json.dumps(item.engagement, sort_keys=True)),
                           ("extra", json.dumps(extra, sort_keys=True, ensure_ascii=False, default=str))):
            columns[key].append(value)
    return pa.table(columns, schema=RAW_SCHEMA)
