"""Importing events from a file: all rows in one transaction, every problem reported at once."""

from __future__ import annotations

import csv
import importlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sarap.core.db import Database, retrying, text_problem
from sarap.core.errors import InvalidInput, Problem
from sarap.core.safeload import MAX_ERRORS, ProblemList
from sarap.events import flat, records, store
from sarap.events.importers.base import ImportedRow
from sarap.events.models import Dataset, Event

Reader = Callable[[Path], Iterator[ImportedRow]]
# format → "module:function" in sarap.events.importers, imported when used.
READERS = {
    "csv": "native:read_csv",
    "xlsx": "native:read_xlsx",
    "jsonl": "native:read_jsonl",
    "json": "native:read_documents",
    "yaml": "native:read_documents",
    "gtd": "gtd:read",
    "acled": "acled:read",
}
FLAT_FORMATS = {"csv", "xlsx"}
EXTENSIONS = {".csv": "csv", ".xlsx": "xlsx", ".jsonl": "jsonl", ".ndjson": "jsonl",
              ".json": "json", ".yaml": "yaml", ".yml": "yaml"}  # fmt: skip


@dataclass
class ImportReport:
    file: str
    format: str
    dataset: str
    dry_run: bool
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list[Problem] = field(default_factory=list)
    reject_file: str | None = None

    @property
    def imported(self) -> int:
        return self.created + self.updated

    @property
    def failed(self) -> bool:
        """Bad rows that were not set aside: nothing was written."""
        return bool(self.errors) and not self.rejected

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file, "format": self.format, "dataset": self.dataset,
            "dry_run": self.dry_run, "read": self.read, "imported": self.imported,
            "created": self.created, "updated": self.updated, "unchanged": self.unchanged,
            "rejected": self.rejected, "reject_file": self.reject_file,
            "errors": [p.to_dict() for p in self.errors],
        }


def detect_format(path: Path) -> str:
    fmt = EXTENSIONS.get(path.suffix.lower())
    if fmt is None:
        raise InvalidInput([Problem("cannot tell the format from the file name", file=path.name,
                                    expected="--format " + "|".join(READERS))])
    return fmt


def _reader(fmt: str) -> Reader:
    module, function = READERS[fmt].split(":")
    reader: Reader = getattr(importlib.import_module(f"sarap.events.importers.{module}"), function)
    return reader


@dataclass
class _Checked:
    row: ImportedRow
    record: dict[str, Any] | None
    problems: list[Problem]


def _check_rows(path: Path, fmt: str, progress: Callable[[int], None] | None,
                stop_after: int | None = None) -> list[_Checked]:
    """Every row checked; with `stop_after`, reading stops once that many rows are bad (nothing
    will be written anyway), so a file of a million bad rows is refused in seconds."""
    column_of = flat.column_of if fmt in FLAT_FORMATS else None
    checked: list[_Checked] = []
    seen: dict[str, int] = {}
    bad = 0
    for row in _reader(fmt)(path):
        if stop_after is not None and bad >= stop_after:
            checked.insert(0, _Checked(row, None, [Problem(  # first, so that it is seen
                f"stopped reading after {bad:,} bad rows", file=path.name, row=row.row,
                expected="fix these rows and import again")]))
            break
        problems = list(row.problems)
        record = None
        if row.record is not None and not problems:
            record, problems = records.validate(row.record, file=path.name, row=row.row,
                                                column_of=column_of)
        if record is not None:
            record["origin"] = record["origin"] or f"{path.name}:{row.row}"
            if record["origin"] in seen:
                problems = [Problem("the same origin appears twice in the file", file=path.name,
                                    row=row.row, column="origin", value=record["origin"],
                                    expected=f"a unique origin (first seen in row {seen[record['origin']]})")]
                record = None
            else:
                seen[record["origin"]] = row.row
        checked.append(_Checked(row, record, problems))
        bad += record is None
        if progress:
            progress(len(checked))
    return checked


def _write(session: Session, checked: list[_Checked], report: ImportReport, author: str,
           reason: str, dataset_fields: dict[str, Any]) -> None:
    if not any(item.record for item in checked) and not store.dataset_exists(session, report.dataset):
        return  # an import that writes nothing leaves no empty dataset behind
    dataset = store.dataset_named(session, report.dataset, create=True)
    for key, value in dataset_fields.items():
        setattr(dataset, key, value)
    # One query for the events already there, rather than one per row.
    existing_by_origin = {e.origin: e for e in session.scalars(
        select(Event).where(Event.dataset_id == dataset.id))}
    for item in checked:
        if item.record is None:
            continue
        existing = existing_by_origin.get(item.record["origin"])
        if existing is None:
            store.create(session, item.record, author=author, reason=reason, dataset=dataset)
            report.created += 1
        elif records.diff(records.to_record(existing), item.record) or existing.deleted:
            existing.deleted = False
            store.update(session, existing.id, item.record, author=author, reason=reason)
            report.updated += 1
        else:
            report.unchanged += 1


def _write_rejects(path: Path, rejected: list[_Checked]) -> None:
    """Rejected rows with their problems, so that they can be fixed and imported again."""
    path.parent.mkdir(parents=True, exist_ok=True)
    columns = list(dict.fromkeys(k for item in rejected for k in item.row.raw))
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["row", "problems", *columns] if columns else ["row", "problems", "record"])
        for item in rejected:
            problems = "; ".join(str(p) for p in item.problems)
            cells = [item.row.raw.get(c, "") for c in columns] if columns else [
                json.dumps(item.row.record, ensure_ascii=False, default=str)]
            writer.writerow([item.row.row, problems, *cells])


def run_import(db: Database, path: Path, *, dataset: str, author: str, fmt: str | None = None,
               dry_run: bool = False, skip_bad: bool = False, reject_file: Path | None = None,
               progress: Callable[[int], None] | None = None,
               dataset_fields: dict[str, Any] | None = None) -> ImportReport:
    """Reads, validates and writes a file's events; writes nothing if any row is bad, unless
    `skip_bad`, when bad rows go to the reject file instead."""
    fmt = fmt or detect_format(path)
    if fmt not in READERS:
        raise InvalidInput([Problem(f"unknown format {fmt!r}", expected="|".join(READERS))])
    limit = Dataset.__table__.c.name.type.length  # type: ignore[attr-defined]
    if found := text_problem(dataset, limit, "datasets.name"):  # before any query: PostgreSQL
        raise InvalidInput([found])                                # refuses NUL even there
    report = ImportReport(file=str(path), format=fmt, dataset=dataset, dry_run=dry_run)
    checked = _check_rows(path, fmt, progress, None if skip_bad else MAX_ERRORS)
    report.read = len(checked)
    bad = [c for c in checked if c.record is None]
    errors = ProblemList()
    for c in bad:
        errors.extend(c.problems)
    report.errors = errors.summary()
    if bad and not skip_bad:
        return report
    report.rejected = len(bad)
    if bad:
        reject = reject_file or path.with_name(path.stem + ".rejected.csv")
        if not dry_run:
            _write_rejects(reject, bad)
        report.reject_file = str(reject)
    def write() -> None:
        # One import at a time per database: a second waits its turn (and says so), never fails.
        report.created = report.updated = report.unchanged = 0
        with db.session(rollback=dry_run, exclusive=None if dry_run else "import") as session:
            _write(session, checked, report, author, f"import of {path.name}", dataset_fields or {})

    retrying(write)  # again, whole, if PostgreSQL broke a deadlock with another writer
    if report.imported and not dry_run:
        db.analyze()
    return report
