"""Which rows of a dataset repeat an earlier one, decided as ingest decides them (sarap.monitor.ingest
and sarap.monitor.dedup), in input order (file, row):

- `repeat`: the same id (or, without one, the same content) as an earlier row of the same source;
  loading keeps only the first, so series leave it out always;
- `exact`: the same words as an earlier original; `near`: 3-shingle Jaccard ≥ 0.6 with an earlier
  original sharing a band key. Both are left out of series unless duplicates are asked for.

The rule is order-dependent (an item is compared with the originals before it), so this is one
ordered pass on the machine that runs the command, whichever engine analysed the rows. It keeps the
hashes, band keys and words of the originals in memory: about 1 KB per original."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from sarap.monitor.batch.dataset import BANDS
from sarap.monitor.ingest import DuplicateIndex, Original
from sarap.text import pipeline as text_pipeline

FOLDER = "_duplicates"  # under the dataset; a leading underscore keeps readers of the dataset out
SCHEMA = pa.schema([("file", pa.string()), ("row", pa.int64()), ("duplicate_of", pa.string()),
                    ("duplicate_kind", pa.string())])


def mark(dataset: Path) -> int:
    """Writes the marks of a dataset (DIR/_duplicates/marks.parquet); returns how many rows repeat."""
    import duckdb
    import pyarrow.parquet as pq

    from sarap.monitor.batch.reading import parquet_glob

    con = duckdb.connect()
    rows = con.execute(f"""SELECT source, id, file, row, content_hash, {", ".join(BANDS)}, text
                           FROM read_parquet(?, hive_partitioning = true) ORDER BY file, row""",
                       [parquet_glob(dataset)])
    index, ids = DuplicateIndex(), list[str]()
    seen: set[tuple[str, str]] = set()
    out: dict[str, list[object]] = {f.name: [] for f in SCHEMA}

    def marked(file: str, row: int, of: str | None, kind: str) -> None:
        for key, value in (("file", file), ("row", row), ("duplicate_of", of), ("duplicate_kind", kind)):
            out[key].append(value)

    while batch := rows.fetchmany(10_000):
        for source, item_id, file, row, content_hash, *rest in batch:
            *band_values, text = rest
            if (source, item_id) in seen:
                marked(file, row, None, "repeat")
                continue
            seen.add((source, item_id))
            stored = text_pipeline.item_analysis(text, "unknown", keyed=False)
            bands = None if band_values[0] is None else tuple(band_values)
            exact = index.by_hash.get(content_hash)
            first = exact or index.near(stored.words, bands, stored.numbers)
            if first is None:
                index.add(content_hash, Original(None, stored.words, bands, slot=len(ids),
                                                 numbers=stored.numbers))
                ids.append(item_id)
            else:
                marked(file, row, ids[first.slot], "exact" if exact else "near")
    folder = dataset / FOLDER
    folder.mkdir(exist_ok=True)
    pq.write_table(pa.table(out, schema=SCHEMA), folder / "marks.parquet")
    return len(out["row"])
