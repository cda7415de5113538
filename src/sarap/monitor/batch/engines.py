"""`analyse` on one machine (pyarrow) or on Apache Spark (mapInArrow over Arrow batches).

Both read each input file whole with sarap.monitor.batch.inputs, run sarap.monitor.batch.dataset's
`analyse` on batches of raw rows, and write the rows partitioned by day; then the duplicate pass and
the manifest. On Spark the files are read by the executors (`binaryFile`: a local path, HDFS, S3…),
the raw rows are spread over the cluster before the text pipeline runs, and the executors write the
Parquet files. Files over 2 GB do not fit Spark's binary reader: split such exports first."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import pyarrow as pa

from sarap.core.errors import InvalidInput, Problem
from sarap.monitor import files
from sarap.monitor.batch import dataset, duplicates, inputs
from sarap.monitor.batch.reading import write_manifest
from sarap.monitor.pseudonyms import Pseudonymiser
from sarap.monitor.store import BATCH_MANIFEST

ENGINES = ("local", "spark")
BATCH_ROWS = 2_000


@dataclass(frozen=True)
class Job:
    """What to analyse and how: the same for both engines."""

    paths: tuple[Path, ...]
    out: Path
    mapping: files.Mapping
    source: str
    platform: str
    names: Pseudonymiser

    @property
    def root(self) -> str:
        return os.path.commonpath([str(p.parent) for p in self.paths])

    def options(self) -> dict[str, Any]:
        return {"source": self.source, "platform": self.platform, "names": self.names}


def _name(path: str, root: str) -> str:
    """A file's name in the dataset: its path under the inputs' common folder (engine-independent)."""
    if path.startswith("file:"):
        path = unquote(urlparse(path).path)
    try:
        return Path(path).relative_to(root).as_posix()
    except ValueError:
        return path


def _prepare_out(out: Path) -> None:
    """An earlier dataset in `out` is replaced; anything else there is left alone and refused."""
    if out.exists() and any(out.iterdir()):
        if not (out / BATCH_MANIFEST).is_file():
            raise InvalidInput([Problem("the output folder holds other files", file=str(out),
                                        expected="an empty or new folder, or an earlier dataset")])
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)


def _finish(job: Job, engine: str, rows: int) -> dict[str, Any]:
    write_manifest(job.out, {"pipeline_version": dataset.PIPELINE_VERSION, "engine": engine, "rows": rows,
                             "source": job.source, "inputs": [str(p) for p in job.paths]})
    repeats = duplicates.mark(job.out)
    info = {"rows": rows, "duplicates": repeats, "engine": engine, "out": str(job.out)}
    write_manifest(job.out, {**info, "pipeline_version": dataset.PIPELINE_VERSION, "source": job.source,
                             "inputs": [str(p) for p in job.paths]})
    return info


def run_local(job: Job) -> dict[str, Any]:
    import pyarrow.dataset as ds

    _prepare_out(job.out)
    root, count = job.root, 0

    def batches() -> Iterator[pa.RecordBatch]:
        nonlocal count
        for path in job.paths:
            raw = inputs.raw_table(_name(str(path), root), path.read_bytes(), job.mapping)
            pieces = raw.to_batches(max_chunksize=BATCH_ROWS)
            for analysed in dataset.analyse_batches(pieces, **job.options()):
                count += analysed.num_rows
                yield analysed

    ds.write_dataset(batches(), job.out, schema=dataset.SCHEMA, format="parquet",
                     partitioning=[dataset.PARTITION], partitioning_flavor="hive",
                     basename_template="part-{i}.parquet", existing_data_behavior="overwrite_or_ignore")
    return _finish(job, "local", count)


def _parse_files(batches: Iterator[pa.RecordBatch], *, mapping: files.Mapping,
                 root: str) -> Iterator[pa.RecordBatch]:
    for batch in batches:
        for path, content in zip(batch.column("path").to_pylist(), batch.column("content").to_pylist(),
                                 strict=True):
            raw = inputs.raw_table(_name(path, root), content, mapping)
            yield from raw.to_batches(max_chunksize=BATCH_ROWS)


def spark_session(master: str | None) -> Any:
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("sarap monitor batch")
    if master:
        builder = builder.master(master)
    if (master or "local").startswith("local"):  # 200 shuffle tasks would cost more than they share
        builder = builder.config("spark.sql.shuffle.partitions", "4")
        # local workers run this very Python (with Sarap and pyarrow), whatever `python3` is on PATH
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    return (builder.config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
            .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
            .getOrCreate())


def run_spark(job: Job, master: str | None, partitions: int | None = None) -> dict[str, Any]:
    from pyspark.sql.pandas.types import from_arrow_schema

    _prepare_out(job.out)
    spark = spark_session(master)
    frames = spark.read.format("binaryFile").load([p.as_uri() for p in job.paths])
    raw = frames.select("path", "content").mapInArrow(
        partial(_parse_files, mapping=job.mapping, root=job.root), from_arrow_schema(inputs.RAW_SCHEMA))
    spread = raw.repartition(partitions or 2 * spark.sparkContext.defaultParallelism)
    analysed = spread.mapInArrow(partial(dataset.analyse_batches, **job.options()),
                                 from_arrow_schema(dataset.SCHEMA))
    analysed.write.mode("overwrite").partitionBy(dataset.PARTITION).parquet(str(job.out))
    return _finish(job, "spark", _rows_written(job.out))


def _rows_written(out: Path) -> int:
    import pyarrow.dataset as ds

    return int(ds.dataset(out, format="parquet", partitioning="hive").count_rows())
