"""Monitoring in batch on ≥ 200,000 generated items: `sarap monitor batch analyse` in-process
(`local`) and on Spark with `local[2]`, in the same run: items/s of each and the ratio, and a check
that both wrote the same rows.

Items are bench/monitor_throughput.py's (Kazakh and Russian sentences recombined with a fixed seed,
a few per cent reposts), as one JSONL export. Spark's figure includes starting the JVM and its
Python workers (printed apart). Run: .venv/bin/python bench/batch_spark.py [--items 200000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from monitor_throughput import generate

MAPPING = {"format": "jsonl", "columns": {"id": "id", "published": "date", "text": "text",
                                          "platform": "platform", "author": "author"}}


def _sorted(folder: Path) -> object:
    import pyarrow as pa
    import pyarrow.dataset as ds

    from sarap.monitor.batch.dataset import SCHEMA

    days = ds.partitioning(pa.schema([("day", pa.string())]), flavor="hive")
    table = ds.dataset(folder, format="parquet", partitioning=days).to_table().select(SCHEMA.names)
    return table.cast(SCHEMA).sort_by([("file", "ascending"), ("row", "ascending")])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=200_000)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()

    from sarap.monitor import files
    from sarap.monitor.batch import engines
    from sarap.monitor.pseudonyms import Pseudonymiser

    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        posts = folder / "posts.jsonl"
        if not posts.is_file() or sum(1 for _ in posts.open(encoding="utf-8")) != args.items:
            generate(posts, args.items)
        mapping = files.Mapping.from_dict(MAPPING)
        names = Pseudonymiser(b"bench-key-0123456789abcdef012345")

        def job(name: str) -> engines.Job:
            return engines.Job((posts,), folder / name, mapping, "bench", "other", names)

        start = time.perf_counter()
        engines.run_local(job("local"))
        local = time.perf_counter() - start
        start = time.perf_counter()
        engines.spark_session(args.master).range(1).count()  # the JVM and a first job
        started = time.perf_counter() - start
        start = time.perf_counter()
        engines.run_spark(job("spark"), args.master)
        spark = time.perf_counter() - start
        same = _sorted(folder / "local").equals(_sorted(folder / "spark"))
    n = args.items
    print(f"items: {n:,}")
    print(f"local (in-process): {local:.1f} s, {n / local:,.0f} items/s")
    print(f"spark {args.master}: {spark:.1f} s, {n / spark:,.0f} items/s (+ {started:.1f} s to start Spark)")
    print(f"ratio spark/local items/s: {local / spark:.2f}x; same rows: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
