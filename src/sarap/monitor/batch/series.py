"""A query's mentions per bucket on an analysed dataset, counted as the in-database series counts
them (sarap.monitor.analytics): duplicates left out unless asked for, totals of all items in scope,
shares, the interest index and unique authors among the mentions.

A query of bare words, AND, OR and NOT is answered from the family keys (`keys` column) in SQL, by
DuckDB (`local`) or Spark; phrases, prefixes and NEAR are checked in Python on the rows holding the
keys their words need, with the same matching function as the database's series."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

import pyarrow as pa

from sarap.monitor import analytics, textual
from sarap.monitor.batch.reading import marks_path, parquet_glob
from sarap.text import query as tq


@dataclass(frozen=True)
class Counts:
    totals: Counter[datetime]
    mentions: Counter[datetime]
    authors: int
    first: datetime | None
    last: datetime | None


def _keys_sql(node: tq.Node, has_any: str) -> str:
    """The SQL for a keys-only query node; has_any is the engine's "lists overlap" function."""
    if isinstance(node, tq.Word):
        keys = ", ".join("'" + k.replace("'", "''") + "'" for k in sorted(textual.query_keys(node.text)))
        listed = f"[{keys}]" if has_any == "list_has_any" else f"array({keys})"
        return f"{has_any}(keys, {listed})"
    if isinstance(node, tq.Not):
        return f"NOT ({_keys_sql(node.item, has_any)})"
    if isinstance(node, tq.And | tq.Or):
        joiner = " AND " if isinstance(node, tq.And) else " OR "
        return "(" + joiner.join(_keys_sql(i, has_any) for i in node.items) + ")"
    raise TypeError(node)


def _bucket_sql(bucket: str) -> str:
    return f"date_trunc('{bucket}', published)"


def _scope_sql(include_duplicates: bool, start: datetime | None, end: datetime | None) -> str:
    where = ["m.row IS NULL" if not include_duplicates else "(m.row IS NULL OR m.duplicate_kind <> 'repeat')"]
    if start is not None:
        where.append(f"published >= TIMESTAMP '{start:%Y-%m-%d %H:%M:%S}'")
    if end is not None:
        where.append(f"published < TIMESTAMP '{end:%Y-%m-%d %H:%M:%S}'")
    return " AND ".join(where)


def _matches(batches: Iterator[pa.RecordBatch], *, query_text: str) -> Iterator[pa.RecordBatch]:
    """Rows (bucket, author_key) of those that match: the Python check, on DuckDB's rows."""
    query = textual.compile_query(query_text)
    for batch in batches:
        cols = batch.to_pydict()
        kept = [i for i, (text, keys, lang) in enumerate(zip(cols["text"], cols["keys"], cols["language"],
                                                              strict=True))
                if query.matches(text, " ".join(keys), lang)]
        yield pa.RecordBatch.from_pydict({"bucket": [cols["bucket"][i] for i in kept],
                                          "author_key": [cols["author_key"][i] for i in kept]},
                                         schema=pa.schema([("bucket", batch.schema.field("bucket").type),
                                                           ("author_key", pa.string())]))


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def count_local(dataset: Path, query: textual.Query, bucket: str, include_duplicates: bool,
                start: datetime | None, end: datetime | None) -> Counts:
    import duckdb

    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'").fetchall()
    con.execute(f"""CREATE VIEW items AS SELECT d.*, {_bucket_sql(bucket)} AS bucket
                    FROM read_parquet('{parquet_glob(dataset)}', hive_partitioning = true) d
                    LEFT JOIN read_parquet('{marks_path(dataset)}') m ON d.file = m.file AND d.row = m.row
                    WHERE {_scope_sql(include_duplicates, start, end)}""").fetchall()
    grouped = con.execute("SELECT bucket, count(*) FROM items GROUP BY 1").fetchall()
    totals = Counter({_utc(b): n for b, n in grouped})
    first, last = con.execute("SELECT min(published), max(published) FROM items").fetchall()[0]
    mentions: Counter[datetime] = Counter()
    if query.keys_only:
        where = _keys_sql(query.root, "list_has_any")
        mentions.update({_utc(b): n for b, n in con.execute(
            f"SELECT bucket, count(*) FROM items WHERE {where} GROUP BY 1").fetchall()})
        authors = con.execute(f"SELECT count(DISTINCT author_key) FROM items WHERE {where}").fetchall()
        n_authors = int(authors[0][0])
    else:
        rows = con.sql("SELECT bucket, text, keys, language, author_key FROM items").to_arrow_table()
        matched = list(_matches(iter(rows.to_batches(max_chunksize=10_000) if rows is not None else []),
                                query_text=query.text))
        mentions.update(_utc(b) for batch in matched for b in batch.column("bucket").to_pylist())
        n_authors = len({a for batch in matched for a in batch.column("author_key").to_pylist() if a})
    return Counts(totals, mentions, n_authors, first and _utc(first), last and _utc(last))


def _flagged(batches: Iterator[pa.RecordBatch], *, query_text: str) -> Iterator[pa.RecordBatch]:
    """Every row as (bucket, published, author_key, matched): the Python check inside Spark."""
    query = textual.compile_query(query_text)
    for batch in batches:
        cols = batch.to_pydict()
        flags = [query.matches(text, " ".join(keys), lang)
                 for text, keys, lang in zip(cols["text"], cols["keys"], cols["language"], strict=True)]
        yield pa.RecordBatch.from_arrays(
            [batch.column("bucket"), batch.column("published"), batch.column("author_key"), pa.array(flags)],
            names=["bucket", "published", "author_key", "matched"])


def count_spark(dataset: Path, query: textual.Query, bucket: str, include_duplicates: bool,
                start: datetime | None, end: datetime | None, master: str | None) -> Counts:
    from sarap.monitor.batch.engines import spark_session

    spark = spark_session(master)
    parquet_glob(dataset)  # checks that it is a dataset
    spark.read.parquet(str(dataset)).createOrReplaceTempView("rows")  # Spark skips _duplicates
    spark.read.parquet(marks_path(dataset)).createOrReplaceTempView("marks")
    items = spark.sql(f"""SELECT d.*, {_bucket_sql(bucket)} AS bucket FROM rows d
                          LEFT JOIN marks m ON d.file = m.file AND d.row = m.row
                          WHERE {_scope_sql(include_duplicates, start, end)}""")
    if query.keys_only:
        flagged = items.selectExpr("bucket", "published", "author_key",
                                   f"{_keys_sql(query.root, 'arrays_overlap')} AS matched")
    else:
        from pyspark.sql.types import BooleanType, StringType, StructField, StructType, TimestampType

        schema = StructType([StructField("bucket", TimestampType()),
                             StructField("published", TimestampType()),
                             StructField("author_key", StringType()), StructField("matched", BooleanType())])
        flagged = items.select("bucket", "published", "text", "keys", "language", "author_key").mapInArrow(
            partial(_flagged, query_text=query.text), schema)
    flagged.cache().createOrReplaceTempView("flagged")
    per_bucket = spark.sql("SELECT bucket, count(*), count_if(matched) FROM flagged GROUP BY 1").collect()
    first, last, authors = spark.sql("""SELECT min(published), max(published),
        count(DISTINCT CASE WHEN matched THEN author_key END) FROM flagged""").collect()[0]
    return Counts(Counter({_utc(b): n for b, n, _ in per_bucket}),
                  Counter({_utc(b): m for b, _, m in per_bucket if m}), int(authors or 0),
                  first and _utc(first), last and _utc(last))


def series(dataset: Path, query_text: str, *, bucket: str | None = None, engine: str = "local",
           master: str | None = None, include_duplicates: bool = False, start: datetime | None = None,
           end: datetime | None = None) -> analytics.Series:
    """The series of a query on a dataset (see the module docstring); `end` is exclusive."""
    query = textual.compile_query(query_text)
    chosen = bucket or "day"
    counts = (count_spark(dataset, query, chosen, include_duplicates, start, end, master) if engine == "spark"
              else count_local(dataset, query, chosen, include_duplicates, start, end))
    if counts.first is None or counts.last is None:
        return analytics.Series(query_text, chosen, [], 0, 0, 0)
    span_start = start or counts.first
    span_end = end - timedelta(microseconds=1) if end else counts.last
    if bucket is None:
        chosen = analytics.choose_bucket(span_start, span_end)
        if chosen != "day":
            return series(dataset, query_text, bucket=chosen, engine=engine, master=master,
                          include_duplicates=include_duplicates, start=start, end=end)
    points = [analytics.Point(b, counts.mentions[b], counts.totals[b],
                              counts.mentions[b] / counts.totals[b] if counts.totals[b] else 0.0)
              for b in analytics.grid(span_start, span_end, chosen)]
    analytics.scale_points(points)  # the in-database series' rule, low-volume buckets included
    return analytics.Series(query_text, chosen, points, sum(counts.mentions.values()),
                            sum(counts.totals.values()), counts.authors)
