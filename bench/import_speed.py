"""Import throughput of `run_import` against a bare reference in the same process.

Reference: the same rows written with sqlite3's executemany into one flat table (no validation,
no revisions, no audit). The ratio says what validation, child tables, revisions and the audit
chain cost per event. Run: .venv/bin/python bench/import_speed.py [N]
"""

from __future__ import annotations

import csv
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from sarap.core.db import Database
from sarap.events import flat
from sarap.events.importing import _check_rows, run_import


def write_rows(path: Path, n: int) -> list[dict[str, str]]:
    rows = []
    for i in range(n):
        row = dict.fromkeys(flat.COLUMNS, "")
        row.update(origin=f"b:{i}", date_start=f"{2000 + i % 25}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                   region=["AST", "ALA", "ATY", "AKT"][i % 4], category="armed_assault",
                   action_type="physical", side="perpetrators", summary=f"Synthetic event {i}",
                   killed_civilians=str(i % 3), source_urls=f"https://example.org/{i}")
        rows.append(row)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=flat.COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return rows


def reference(rows: list[dict[str, str]], db_path: Path) -> float:
    start = time.perf_counter()
    conn = sqlite3.connect(db_path)
    conn.execute(f"CREATE TABLE t ({', '.join(flat.COLUMNS)})")
    with conn:
        conn.executemany(f"INSERT INTO t VALUES ({', '.join('?' * len(flat.COLUMNS))})",
                         [[r[c] for c in flat.COLUMNS] for r in rows])
    conn.close()
    return time.perf_counter() - start


def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows = write_rows(folder / "events.csv", n)
        base = reference(rows, folder / "reference.db")
        db = Database(f"sqlite:///{folder / 'sarap.db'}")
        db.migrate()
        start = time.perf_counter()
        report = run_import(db, folder / "events.csv", dataset="bench", author="bench")
        ours = time.perf_counter() - start
        assert report.created == n, report.errors[:3]
        start = time.perf_counter()
        _check_rows(folder / "events.csv", "csv", None)
        checking = time.perf_counter() - start
    print(f"events: {n}")
    print(f"sarap import: {ours:.2f} s ({n / ours:.0f} events/s); of which reading and validating "
          f"the rows alone: {checking:.2f} s ({checking / base:.0f}x the reference)")
    print(f"reference (sqlite3 executemany, flat table): {base:.3f} s")
    print(f"ratio sarap/reference: {ours / base:.0f}x (target ≤ 10x)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
