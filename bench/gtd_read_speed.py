"""GTD reader throughput at GTD scale against plain csv.reader on the same file.

Builds an N-row extract (default 30,000, about a country-region's worth of the full GTD) from the
test fixture's rows with fresh event ids, Latin-1 encoded as older extracts are, then times
`gtd.read` (decoding, mapping, cell checks) and a bare csv.reader pass. Prints the ratio.
Run: .venv/bin/python bench/gtd_read_speed.py [N]
"""

from __future__ import annotations

import csv
import io
import sys
import tempfile
import time
from pathlib import Path

from sarap.events.importers import gtd

FIXTURE = Path(__file__).parents[1] / "tests" / "fixtures" / "gtd_kazakhstan.csv"


def build(path: Path, n: int) -> None:
    with FIXTURE.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header, rows = next(reader), list(reader)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for i in range(n):
        row = list(rows[i % len(rows)])
        row[0] = f"{row[0][:8]}{i % 10000:04d}"
        row[12] = row[12] + (" – Aktöbe" if i % 7 == 0 else "")  # a Latin-1 letter now and then
        writer.writerow(row)
    path.write_bytes(out.getvalue().replace("–", "-").encode("latin-1"))


def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "gtd.csv"
        build(path, n)
        start = time.perf_counter()
        rows = list(csv.reader(io.StringIO(path.read_bytes().decode("latin-1"), newline="")))
        bare = time.perf_counter() - start
        start = time.perf_counter()
        read = list(gtd.read(path))
        mapped = time.perf_counter() - start
    good = sum(r.record is not None for r in read)
    print(f"{n} rows ({len(rows) - 1} records): gtd.read {mapped:.2f} s ({n / mapped:,.0f} rows/s), "
          f"{good} mapped; bare csv.reader {bare:.2f} s; ratio {mapped / bare:.1f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30_000)
