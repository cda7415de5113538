"""The analysed dataset: one row per input record, made by the project's one text pipeline.

`analyse` is the function every engine runs on each Arrow batch of raw rows (in-process, or inside
Spark's mapInArrow); it depends only on its input, the pseudonymisation key and the pipeline code,
so the same input gives the same rows on any engine. The rows carry what ingest would store (the
normalised text, language, family keys, content hash, near-duplicate band keys, the author's keyed
hash), the lexicon sentiment, and PIPELINE_VERSION, and are written partitioned by `day` (UTC).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence

import pyarrow as pa

from sarap.monitor import dedup, textual
from sarap.monitor.ingest import language_of
from sarap.monitor.pseudonyms import Pseudonymiser
from sarap.text import pipeline as text_pipeline

# Bumped whenever the text pipeline, the duplicate rules or this schema change what a row holds.
PIPELINE_VERSION = f"sarap-text-{text_pipeline.VERSION}-batch-1"
BANDS = tuple(f"band{i}" for i in range(dedup.BANDS))
SCHEMA = pa.schema([
    ("id", pa.string()), ("source", pa.string()), ("file", pa.string()), ("row", pa.int64()),
    ("published", pa.timestamp("us", tz="UTC")), ("language", pa.string()), ("platform", pa.string()),
    ("text", pa.string()), ("title", pa.string()), ("url", pa.string()), ("author_key", pa.string()),
    ("author_public", pa.bool_()), ("region", pa.string()), ("engagement", pa.string()),
    ("extra", pa.string()), ("keys", pa.list_(pa.string())), ("content_hash", pa.string()),
    *((band, pa.int64()) for band in BANDS), ("sentiment", pa.string()), ("pipeline_version", pa.string()),
    ("day", pa.string())])
PARTITION = "day"


def pipeline(texts: Sequence[str]) -> list[textual.Analysis]:
    """The one call into the text pipeline (sarap.text through monitoring's adapter)."""
    return textual.analyse_batch(texts)


def _sentiment(texts: Sequence[str], langs: Sequence[str]) -> list[str]:
    # The lexicon: it needs no trained model in a data directory, so every machine scores alike.
    from sarap.text.sentiment.scoring import sentiment_batch

    return [r.label for r in sentiment_batch(texts, langs, method="lexicon")]


def _author(author: str | None, public: bool, platform: str, names: Pseudonymiser) -> tuple[str | None, bool]:
    if not author or not author.strip():
        return None, False
    if public:
        return author.strip()[:200], True
    return names.key_of(platform, author), False


def analyse(raw: pa.RecordBatch | pa.Table, *, source: str, platform: str,
            names: Pseudonymiser) -> pa.RecordBatch:
    """Raw rows (sarap.monitor.batch.inputs.RAW_SCHEMA) to analysed rows (SCHEMA)."""
    cols = raw.to_pydict()
    analyses = pipeline(cols["text"])
    langs = [language_of(given, a.language) for given, a in zip(cols["language"], analyses, strict=True)]
    out: dict[str, list[object]] = {f.name: [] for f in SCHEMA}
    out["sentiment"] = list(_sentiment([a.text for a in analyses], langs))
    for i, analysis in enumerate(analyses):
        words = analysis.words
        content_hash = dedup.content_hash(analysis.signature)
        bands = dedup.band_keys(words)
        item_platform = (cols["platform"][i] or platform).lower()[:40]
        author_key, public = _author(cols["author"][i], bool(cols["author_public"][i]), item_platform, names)
        published = cols["published"][i]
        values = {
            "id": (cols["external_id"][i] or f"sha256:{content_hash}")[:300], "source": source,
            "file": cols["file"][i], "row": cols["row"][i], "published": published, "language": langs[i],
            "platform": item_platform, "text": analysis.text, "title": cols["title"][i],
            "url": cols["url"][i],
            "author_key": author_key, "author_public": public, "region": cols["region"][i],
            "engagement": cols["engagement"][i], "extra": cols["extra"][i], "keys": sorted(analysis.keys),
            "content_hash": content_hash, "pipeline_version": PIPELINE_VERSION,
            "day": published.date().isoformat()}
        for j, band in enumerate(BANDS):
            values[band] = bands[j] if bands else None
        for key, value in values.items():
            out[key].append(value)
    return pa.RecordBatch.from_pydict(out, schema=SCHEMA)


def analyse_batches(batches: Iterable[pa.RecordBatch], **options: object) -> Iterator[pa.RecordBatch]:
    """`analyse` over a stream of batches: the shape mapInArrow wants."""
    for batch in batches:
        if batch.num_rows:
            yield analyse(batch, **options)  # type: ignore[arg-type]


def engagement(value: str | None) -> dict[str, int]:
    return dict(json.loads(value)) if value else {}
