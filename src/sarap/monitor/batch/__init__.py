"""Monitoring in batch: analyse export files into a Parquet dataset, count series on it, load it.

The same functions run in-process (`--engine local`: pyarrow and DuckDB) and on Apache Spark
(`--engine spark`: each function runs in `mapInArrow` over Arrow batches), so a corpus that outgrows
one machine gives the same dataset on a cluster (docs/scale-out.md).

- inputs: which files an INPUT names (a file, a folder, a glob) and their records as raw Arrow rows;
- dataset: the analysed row (the project's one text pipeline) and the dataset's schema;
- duplicates: which rows repeat an earlier one, by ingest's rules, in input order;
- engines: the local and the Spark runs of `analyse`;
- series: mentions per bucket on the dataset, as the in-database series counts them;
- load: the dataset into the database, idempotent and resumable.
"""
