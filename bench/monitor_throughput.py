"""Monitoring throughput: generated posts through the whole ingest pipeline, and a topic series query
against DuckDB on a Parquet copy of the same items.

1. N items (default 1,000,000) are generated from the seed texts (/work/shared/seeds, or the texts
   shipped in the repository when ../shared is absent): Kazakh and Russian sentences recombined
   with words of their own language, with a fixed random seed; a few per cent are reposts (exact
   and near duplicates). They are written as a JSONL export.
2. Bare pass: read the JSONL and split each text into words. Pipeline: the same file as a `jsonl`
   source with a column mapping through `sarap.monitor.ingest` (read → normalise → language →
   tokens and family keys → de-duplicate → store in SQLite). Printed: items/s and the ratio.
3. Series: mentions per day of a topic with `sarap.monitor.analytics.series`, and the same
   aggregation (mentions, all items, unique authors per day, duplicates left out) by DuckDB on a
   Parquet export of the stored items with their family keys. Printed: both times and the ratio;
   the two results are checked to agree.

Run: .venv/bin/python bench/monitor_throughput.py [--items 50000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from sarap.monitor.demo import sentences

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"  # Kazakh texts
KAZAKH_FALLBACK = [REPO / "src/sarap/registry/decree_1404_kk.txt"]
PLATFORMS = ("telegram", "vk", "facebook", "instagram", "news", "youtube")
START = datetime(2024, 1, 1, tzinfo=UTC)
TOPIC = "терроризм OR экстремизм"
T = TypeVar("T")


# --- the items -----------------------------------------------------------------------------------

def _text(rng: random.Random, sentences: list[list[str]], vocabulary: list[str]) -> str:
    base = rng.choice(sentences)
    start = rng.randrange(max(1, len(base) - 40))
    words = base[start:start + rng.randint(10, 40)]
    words = [rng.choice(vocabulary) if rng.random() < 0.3 else w for w in words]
    if rng.random() < 0.3:
        words += rng.choice(sentences)[:rng.randint(3, 12)]
    return " ".join(words) + rng.choice((".", "!", ".", "?", "."))


def generate(path: Path, n: int, seed: int = 1404) -> dict[str, int]:
    """Writes n items as JSONL; returns how many are Kazakh, Russian and reposts."""
    rng = random.Random(seed)
    kk, ru = sentences(sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else KAZAKH_FALLBACK)
    kk_vocab = sorted({w for s in kk for w in s})
    ru_vocab = sorted({w for s in ru for w in s})
    counts = {"kk": 0, "ru": 0, "reposts": 0}
    recent: list[str] = []
    span = int(timedelta(days=365).total_seconds())
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            if recent and rng.random() < 0.04:  # a repost: the same words, or with a line added
                text = rng.choice(recent)
                if rng.random() < 0.5:
                    text += f" Дереккөз: {rng.choice(('Жетісу жаңалықтары', 'Tengrinews', 'Казинформ'))}."
                counts["reposts"] += 1
            elif rng.random() < 0.7:
                text = _text(rng, kk, kk_vocab)
                counts["kk"] += 1
            else:
                text = _text(rng, ru, ru_vocab)
                counts["ru"] += 1
            recent = (recent + [text])[-200:] if i % 7 == 0 else recent
            when = START + timedelta(seconds=rng.randrange(span))
            fh.write(json.dumps({"id": f"g{i}", "date": when.isoformat(), "text": text,
                                 "platform": rng.choice(PLATFORMS), "author": f"user{rng.randrange(20000)}"},
                                ensure_ascii=False) + "\n")
    return counts


# --- the runs ------------------------------------------------------------------------------------

def bare_pass(path: Path) -> tuple[float, int]:
    start = time.perf_counter()
    words = 0
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            words += len(json.loads(line)["text"].split())
    return time.perf_counter() - start, words


def pipeline(path: Path, db_url: str, batch_size: int) -> tuple[float, Any]:
    from sarap.core.db import Database
    from sarap.monitor import ingest, store
    from sarap.monitor.pseudonyms import Pseudonymiser

    db = Database(db_url)
    db.migrate()
    mapping = {"format": "jsonl", "columns": {"id": "id", "published": "date", "text": "text",
                                              "platform": "platform", "author": "author"}}
    with db.session() as s:
        store.add_source(s, name="bench", kind="jsonl", location=str(path), options=mapping, actor="bench")
    pseudonymiser = Pseudonymiser.in_data_dir(path.parent / "data")
    start = time.perf_counter()
    report = ingest.ingest(db, "bench", pseudonymiser=pseudonymiser, actor="bench", batch_size=batch_size)
    return time.perf_counter() - start, report


def _stored_rows(db_url: str) -> Iterator[tuple[Any, ...]]:
    from sqlalchemy import select

    from sarap.core.db import Database
    from sarap.monitor.models import MonitorItem

    with Database(db_url).session() as s:
        yield from s.execute(select(MonitorItem.id, MonitorItem.published_at, MonitorItem.language,
                                    MonitorItem.platform, MonitorItem.author_key, MonitorItem.duplicate_of_id,
                                    MonitorItem.terms).execution_options(yield_per=50_000))


def to_parquet(db_url: str, target: Path) -> None:
    """The stored items with their family keys (as a list column) to Parquet."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    names = ("id", "published_at", "language", "platform", "author_key", "duplicate_of_id", "terms")
    columns: dict[str, list[Any]] = {n: [] for n in names}
    for row in _stored_rows(db_url):
        for name, value in zip(names, row, strict=True):
            columns[name].append(value)
    columns["published_at"] = [v.replace(tzinfo=UTC) if v.tzinfo is None else v
                               for v in columns["published_at"]]
    columns["terms"] = [t.split() for t in columns["terms"]]
    schema = pa.schema([("id", pa.int64()), ("published_at", pa.timestamp("us", tz="UTC")),
                        ("language", pa.string()), ("platform", pa.string()), ("author_key", pa.string()),
                        ("duplicate_of_id", pa.int64()), ("terms", pa.list_(pa.string()))])
    pq.write_table(pa.table(columns, schema=schema), target)


def _best(runs: int, fn: Callable[[], T]) -> tuple[float, T]:
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result  # type: ignore[return-value]


def series_ours(db_url: str, runs: int) -> tuple[float, list[tuple[datetime, int, int]], int]:
    from sarap.core.db import Database
    from sarap.monitor import analytics, store

    db = Database(db_url)
    with db.session() as s:
        store.add_topic(s, name="bench-topic", query=TOPIC, actor="bench")
    with db.session() as s:
        topic = store.topic_named(s, "bench-topic")
        seconds, result = _best(runs, lambda: analytics.series(s, topic, bucket="day"))
    points = [(p.start, p.count, p.total) for p in result.points if p.total]
    return seconds, points, result.unique_authors


def series_duckdb(parquet: Path, runs: int) -> tuple[float, list[tuple[datetime, int, int]], int]:
    import duckdb

    from sarap.monitor import textual

    keys = sorted(textual.compile_query(TOPIC).keys())
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    sql = """
        SELECT date_trunc('day', published_at) AS day,
               count(*) FILTER (WHERE list_has_any(terms, $keys)) AS mentions,
               count(*) AS total
        FROM read_parquet($path) WHERE duplicate_of_id IS NULL GROUP BY day ORDER BY day"""
    authors_sql = """SELECT count(DISTINCT author_key) FROM read_parquet($path)
                     WHERE duplicate_of_id IS NULL AND list_has_any(terms, $keys)"""

    def run() -> tuple[list[Any], int]:
        rows = con.execute(sql, {"keys": keys, "path": str(parquet)}).fetchall()
        authors = con.execute(authors_sql, {"keys": keys, "path": str(parquet)}).fetchone()
        return rows, int(authors[0]) if authors else 0

    seconds, (rows, authors) = _best(runs, run)
    points = [(d.astimezone(UTC) if d.tzinfo else d.replace(tzinfo=UTC), int(m), int(t)) for d, m, t in rows]
    return seconds, points, authors


# --- main ----------------------------------------------------------------------------------------

def _empty_postgres(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1404)
    parser.add_argument("--batch-size", type=int, default=None, help="ingest batch (default: ingest's)")
    parser.add_argument("--runs", type=int, default=3, help="series query runs (best is kept)")
    parser.add_argument("--keep", type=Path,
                        help="work in this folder and keep it (default: a temporary one)")
    parser.add_argument("--database-url", help="a PostgreSQL database to measure on instead of SQLite "
                        "(its public schema is EMPTIED first: a throw-away one, as scripts/with-postgres "
                        "makes)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        export, db_path, parquet = folder / "posts.jsonl", folder / "monitor.db", folder / "items.parquet"
        db_path.unlink(missing_ok=True)
        db_url = args.database_url or f"sqlite:///{db_path}"
        if args.database_url:
            _empty_postgres(args.database_url)
        started = time.perf_counter()
        counts = generate(export, args.items, args.seed)
        print(f"items: {args.items:,} ({counts['kk']:,} kk, {counts['ru']:,} ru, "
              f"{counts['reposts']:,} reposts); generated in {time.perf_counter() - started:.1f} s, "
              f"{export.stat().st_size / 1e6:.0f} MB JSONL")

        bare, words = bare_pass(export)
        from sarap.monitor import ingest

        ours, report = pipeline(export, db_url, args.batch_size or ingest.BATCH_SIZE)
        assert report.read == args.items and report.added == args.items, report
        print(f"bare pass (read JSONL, split words): {bare:.2f} s, {args.items / bare:,.0f} items/s "
              f"({words:,} words)")
        print(f"ingest pipeline: {ours:.1f} s, {args.items / ours:,.0f} items/s "
              f"({report.duplicates:,} duplicates linked)")
        print(f"ratio pipeline/bare: {ours / bare:.1f}x (target ≤ 20x)")

        to_parquet(db_url, parquet)
        t_ours, p_ours, a_ours = series_ours(db_url, args.runs)
        t_duck, p_duck, a_duck = series_duckdb(parquet, args.runs)
        agree = p_ours == p_duck and a_ours == a_duck
        mentions = sum(m for _, m, _ in p_ours)
        print(f"series '{TOPIC}' per day: {len(p_ours)} days, {mentions:,} mentions, {a_ours:,} authors")
        engine = "PostgreSQL" if args.database_url else "SQLite"
        print(f"series query, sarap ({engine}): {t_ours * 1000:.0f} ms; "
              f"DuckDB on Parquet: {t_duck * 1000:.0f} ms; "
              f"ratio {t_ours / t_duck:.1f}x (target ≤ 2x); results agree: {'yes' if agree else 'NO'}")
        if not agree:
            diff = [(a, b) for a, b in zip(p_ours, p_duck, strict=False) if a != b][:3]
            print(f"  first differences (sarap, duckdb): {diff}; authors {a_ours} vs {a_duck}")


if __name__ == "__main__":
    main()
