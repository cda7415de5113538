"""The Spark engine, really on Spark (`local[2]`: two executor threads, Python workers, Arrow batches):
the same input gives the same dataset, duplicate marks and series as the in-process engine."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from batch_posts import MAP, QUERIES, write_posts
from typer.testing import CliRunner

from sarap.cli.main import app

pytestmark = [
    pytest.mark.skipif(bool(os.environ.get("SARAP_TEST_DATABASE_URL")),
                       reason="no database involved: runs in the SQLite pass only"),
    pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java (scripts/test installs it)"),
]
pytest.importorskip("pyspark")
pytest.importorskip("duckdb")


def _rows(folder: Path) -> list[dict[str, Any]]:
    import pyarrow as pa
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

    from sarap.monitor.batch.dataset import SCHEMA

    days = ds.partitioning(pa.schema([("day", pa.string())]), flavor="hive")
    table = ds.dataset(folder, format="parquet", partitioning=days, exclude_invalid_files=True).to_table()
    rows = sorted(table.select(SCHEMA.names).to_pylist(), key=lambda r: (r["file"], r["row"]))
    marks = pq.read_table(folder / "_duplicates" / "marks.parquet").to_pylist()
    return rows + marks


def _cli(*args: str) -> Any:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_spark_local2_and_in_process_give_the_same_dataset_and_series(tmp_path: Path,
                                                                       cli_env: dict[str, str]) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    write_posts(inputs / "a.jsonl", 30)
    write_posts(inputs / "b.jsonl", 20)
    local, spark = tmp_path / "local", tmp_path / "spark"
    _cli("monitor", "batch", "analyse", str(inputs), "--out", str(local), *MAP, "--json")
    _cli("monitor", "batch", "analyse", str(inputs), "--out", str(spark), *MAP, "--engine", "spark",
         "--master", "local[2]", "--partitions", "2", "--json")
    assert any(spark.glob("day=*/part-*.snappy.parquet"))  # written by Spark's executors
    assert _rows(local) == _rows(spark)
    assert len(_rows(local)) > 50
    for query in QUERIES[:2]:  # family keys in SQL, and a phrase checked in Python (mapInArrow)
        by_duckdb = _cli("monitor", "batch", "series", str(local), "--query", query, "--bucket", "day",
                         "--json")
        by_spark = _cli("monitor", "batch", "series", str(spark), "--query", query, "--bucket", "day",
                        "--engine", "spark", "--master", "local[2]", "--json")
        assert by_duckdb["mentions"] > 0 and by_duckdb == by_spark, query
