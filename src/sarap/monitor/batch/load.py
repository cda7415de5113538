"""An analysed dataset into the database: each row becomes a monitoring item as ingest would store
it, through ingest itself (sarap.monitor.ingest), so the rules are the same: an item is known by
(source, id) and never stored twice, duplicates are linked to their first item, each batch is one
transaction that moves the run's position, and a run that stopped resumes where it stopped.

The dataset's sources become monitoring sources of kind `batch` located at the dataset's folder
(created on the first load); rows are read in input order (file, row)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import select

from sarap.core.db import Database
from sarap.core.errors import InvalidInput, Problem
from sarap.monitor import textual
from sarap.monitor.batch.dataset import BANDS, engagement
from sarap.monitor.batch.reading import manifest, parquet_glob
from sarap.monitor.ingest import BATCH_SIZE, PreparedItem, Progress, RunReport, ingest
from sarap.monitor.models import MonitorSource
from sarap.monitor.pseudonyms import Pseudonymiser
from sarap.monitor.store import add_source
from sarap.text import pipeline as text_pipeline


def prepared_items(dataset: Path) -> Iterator[PreparedItem]:
    """The dataset's rows in input order, ready for ingest."""
    import duckdb

    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'").fetchall()
    rows = con.execute(f"""SELECT id, published, language, platform, text, title, url, author_key,
                                  author_public, region, engagement, extra, keys, content_hash,
                                  {", ".join(BANDS)}, sentiment
                           FROM read_parquet(?, hive_partitioning = true) ORDER BY file, row""",
                       [parquet_glob(dataset)])
    while batch := rows.fetchmany(5_000):
        for (item_id, published, lang, platform, text, title, url, author_key, public, region, counts,
             extra, keys, content_hash, *rest) in batch:
            *bands, sentiment = rest
            stored = text_pipeline.item_analysis(text, lang, keyed=False)  # words and numbers, as ingest
            analysis = textual.Analysis(text, lang, stored.words, frozenset(keys), stored.signature,
                                        stored.numbers)
            yield PreparedItem(text=text, published=published, external_id=item_id, title=title, url=url,
                               author=None, author_public=bool(public), platform=platform, region=region,
                               language=lang, engagement=engagement(counts),
                               extra=json.loads(extra) if extra else {}, analysis=analysis,
                               content_hash=content_hash, bands=None if bands[0] is None else tuple(bands),
                               author_key=author_key, sentiment=sentiment)


def _source_name(dataset: Path) -> str:
    return str(manifest(dataset).get("source") or dataset.name)


def load(db: Database, dataset: Path, *, actor: str, progress: Progress | None = None,
         batch_size: int = BATCH_SIZE) -> RunReport:
    """Loads the dataset (see the module docstring); running it again adds nothing new."""
    dataset = dataset.resolve()
    name = _source_name(dataset)
    with db.session() as session:
        existing = session.scalar(select(MonitorSource).where(MonitorSource.name == name))
        if existing is None:
            add_source(session, name=name, kind="batch", location=str(dataset), actor=actor)
        elif existing.kind != "batch":
            raise InvalidInput([Problem("a monitoring source of that name reads something else",
                                        column="source", value=name,
                                        expected="another name (analyse --source NAME)")])
        else:  # the same source analysed again, perhaps into another folder
            existing.location = str(dataset)
    # The pseudonymiser is not used: the dataset holds the authors' keyed hashes already.
    return ingest(db, name, pseudonymiser=Pseudonymiser(b""), actor=actor, progress=progress,
                  batch_size=batch_size)
