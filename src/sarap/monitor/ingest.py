"""Ingestion: a source's raw items become stored items, in batches, once each.

Stages, with clear hand-offs: read (feeds, pages, files) → analyse the batch (normalise, language,
words, family keys: sarap.monitor.textual) → de-duplicate (sarap.monitor.dedup) → store.

- Idempotent: an item is known by (source, external id); without an id its content hash stands in.
  Running a source again adds nothing it added before.
- Resumable: each batch of BATCH_SIZE items is one transaction that also moves the run's position
  forward. A run that died (a crash, a bad row) leaves its position at the last committed batch; the
  next run of the same, unchanged file starts there. Whatever happens, the unique key keeps items
  from being stored twice.
- Duplicates (same normalised words, or near: see dedup) are stored too, linked to the first item.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import insert, or_, select
from sqlalchemy.orm import Session

from sarap.core import audit
from sarap.core.db import Database
from sarap.core.errors import InvalidInput, SarapError
from sarap.monitor import dedup, feeds, files, keyindex, telegram, textual
from sarap.monitor.models import IngestRun, MonitorItem, MonitorSource
from sarap.monitor.pseudonyms import Pseudonymiser
from sarap.monitor.records import RawItem
from sarap.monitor.store import FILE_KINDS, RESUMABLE_KINDS, file_fingerprint, is_due, source_named
from sarap.text import pipeline

BATCH_SIZE = 500
_LANGUAGE_NAMES = {
    "kk": "kk", "kz": "kk", "kaz": "kk", "kazakh": "kk", "қазақ": "kk", "қазақша": "kk", "казахский": "kk",
    "ru": "ru", "rus": "ru", "russian": "ru", "русский": "ru", "орысша": "ru",
    "en": "en", "eng": "en", "english": "en", "английский": "en", "ағылшын": "en",
}

Progress = Callable[[int], None]


@dataclass
class RunReport:
    source: str
    run_id: int | None = None
    read: int = 0
    added: int = 0
    duplicates: int = 0
    skipped: int = 0
    resumed_from: int = 0
    not_modified: bool = False
    state: str = "done"
    message: str | None = None
    total: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(eq=False)
class Original:
    """An item others may duplicate: its id (None while it waits in the batch to be inserted, then
    `slot` is its place in the batch's rows), its words and band keys (for the near check)."""

    id: int | None
    words: tuple[str, ...]
    bands: tuple[int, ...] | None
    slot: int = -1
    numbers: tuple[str, ...] = ()


@dataclass
class DuplicateIndex:
    by_hash: dict[str, Original] = field(default_factory=dict)
    by_band: dict[tuple[int, int], list[Original]] = field(default_factory=dict)

    def add(self, content_hash: str, original: Original) -> None:
        self.by_hash.setdefault(content_hash, original)
        for i, key in enumerate(original.bands or ()):
            self.by_band.setdefault((i, key), []).append(original)

    def near(self, words: tuple[str, ...], bands: tuple[int, ...] | None,
             numbers: tuple[str, ...] = ()) -> Original | None:
        if bands is None:
            return None
        candidates = [o for o in {id(o): o for i, key in enumerate(bands)
                                  for o in self.by_band.get((i, key), [])}.values()
                      if dedup.same_numbers(numbers, o.numbers)]
        if not candidates:
            return None
        mine = dedup.shingles(words)
        scored = [(dedup.jaccard(mine, dedup.shingles(o.words)), o) for o in candidates]
        best, original = max(scored, key=lambda pair: pair[0])
        return original if best >= dedup.NEAR_JACCARD else None


def _read(source: MonitorSource, report: RunReport) -> tuple[Iterable[RawItem], dict[str, Any]]:
    """The raw items of a source, and what to remember about the fetch (ETag, Last-Modified)."""
    if source.kind == "batch":
        from sarap.monitor.batch.load import prepared_items

        return prepared_items(Path(source.location)), {}
    if source.kind in ("csv", "jsonl"):
        mapping = files.Mapping.from_dict({**source.options, "format": source.kind}, source.name)
        return files.read(Path(source.location), mapping), {}
    if source.kind == "telegram":
        return telegram.read(Path(source.location),
                             timezone=source.options.get("timezone", telegram.DEFAULT_TZ)), {}
    fetched = feeds.fetch(source.location, etag=source.etag, last_modified=source.last_modified)
    state = {"etag": fetched.etag, "last_modified": fetched.last_modified}
    if fetched.status == 304:
        report.not_modified = True
        return [], state
    parse = feeds.parse_page if source.kind == "web" else feeds.parse_feed
    return parse(fetched.body, source.location), state


def language_of(stated: str | None, guessed: str) -> str:
    """The language a source states (kk, "Kazakh", "қазақша"…), or else the identified one."""
    return _LANGUAGE_NAMES.get((stated or "").strip().lower()) or guessed


@dataclass
class PreparedItem(RawItem):
    """An item analysed before ingest (sarap.monitor.batch): stored as it is, not analysed again."""

    analysis: textual.Analysis | None = None
    content_hash: str = ""
    bands: tuple[int, ...] | None = None
    author_key: str | None = None
    sentiment: str | None = None


def _analysed(raws: list[RawItem]) -> tuple[list[textual.Analysis], list[str], list[tuple[int, ...] | None]]:
    """Each item's analysis, content hash and band keys: computed, or as a prepared item holds them."""
    if raws and all(isinstance(r, PreparedItem) and r.analysis is not None for r in raws):
        prepared: list[PreparedItem] = raws  # type: ignore[assignment]
        return ([r.analysis for r in prepared if r.analysis is not None], [r.content_hash for r in prepared],
                [r.bands for r in prepared])
    analyses = textual.analyse_batch([r.text for r in raws])
    words = [a.words for a in analyses]
    return (analyses, [dedup.content_hash(a.signature) for a in analyses],
            [dedup.band_keys(w) for w in words])


class _Batch:
    """One batch: analysed, checked against what is stored, written."""

    def __init__(self, session: Session, source: MonitorSource, pseudonymiser: Pseudonymiser):
        self.session, self.source, self.pseudonymiser = session, source, pseudonymiser
        self.public = {a.strip().lower() for a in source.public_authors}

    def _author(self, raw: RawItem, platform: str) -> tuple[str | None, bool]:
        if not raw.author or not raw.author.strip():
            return None, False
        if self.source.all_public or raw.author_public or raw.author.strip().lower() in self.public:
            return raw.author.strip()[:200], True
        return self.pseudonymiser.key_of(platform, raw.author), False

    def _extra(self, raw: RawItem, platform: str) -> dict[str, Any]:
        """The item's extra fields, with the name it was forwarded from kept like an author's:
        hashed unless the source names it public."""
        forwarded = raw.extra.get("forwarded_from")
        if not isinstance(forwarded, str):
            return raw.extra
        key, public = self._author(replace(raw, author=forwarded, author_public=False), platform)
        return {**raw.extra, "forwarded_from": key, "forwarded_from_public": public}

    def _stored_originals(self, hashes: set[str], bands: list[tuple[int, ...]]) -> DuplicateIndex:
        index = DuplicateIndex()
        if hashes:
            rows = self.session.execute(
                select(MonitorItem.id, MonitorItem.content_hash).where(MonitorItem.content_hash.in_(hashes),
                                                         MonitorItem.duplicate_of_id.is_(None)).order_by(MonitorItem.id))
            for item_id, content_hash in rows:
                index.by_hash.setdefault(content_hash, Original(item_id, (), None))
        columns = (MonitorItem.band0, MonitorItem.band1, MonitorItem.band2, MonitorItem.band3)
        conditions = [col.in_({b[i] for b in bands}) for i, col in enumerate(columns) if bands]
        if conditions:
            rows = self.session.execute(
                select(MonitorItem.id, MonitorItem.text, *columns)
                .where(or_(*conditions), MonitorItem.duplicate_of_id.is_(None)).order_by(MonitorItem.id))
            for item_id, text, *keys in rows:
                stored = pipeline.item_analysis(text, "unknown", keyed=False)
                original = Original(item_id, stored.words, tuple(keys), numbers=stored.numbers)
                for i, key in enumerate(keys):
                    index.by_band.setdefault((i, key), []).append(original)
        return index

    def write(self, raws: list[RawItem], report: RunReport) -> None:
        """Analyses, de-duplicates and inserts a batch: one multi-row INSERT for the items (and one
        for those that repeat an item of this same batch, once its id is known), one for the key
        index. Nothing is flushed item by item."""
        analyses, hashes, bands = _analysed(raws)
        words = [tuple(a.words) for a in analyses]
        ids = [raw.external_id or f"sha256:{h}" for raw, h in zip(raws, hashes, strict=True)]
        known = set(self.session.scalars(select(MonitorItem.external_id).where(
            MonitorItem.source_id == self.source.id, MonitorItem.external_id.in_(set(ids)))))
        index = self._stored_originals(set(hashes), [b for b in bands if b is not None])
        rows: list[dict[str, Any]] = []  # first the items whose original (if any) has an id
        later: list[tuple[dict[str, Any], Original]] = []  # duplicates of an item of this batch
        for raw, analysis, w, h, b, ext in zip(raws, analyses, words, hashes, bands, ids, strict=True):
            if ext in known:
                report.skipped += 1
                continue
            known.add(ext)
            exact = index.by_hash.get(h)
            near = None if exact else index.near(w, b, analysis.numbers)
            first = exact or near
            row = self._row(raw, analysis, h, b, ext, first.id if first else None,
                            "exact" if exact else "near" if near else None)
            report.added += 1
            if first is None:
                index.add(h, Original(None, w, b, slot=len(rows), numbers=analysis.numbers))
                rows.append(row)
            elif first.id is None:
                report.duplicates += 1
                later.append((row, first))
            else:
                report.duplicates += 1
                rows.append(row)
        new_ids = self._insert(rows)
        for row, first in later:
            row["duplicate_of_id"] = new_ids[first.slot]
        later_ids = self._insert([row for row, _ in later])
        keyindex.add(self.session, zip(new_ids + later_ids, [r["terms"] for r in rows] +
                                       [r["terms"] for r, _ in later], strict=True))

    def _row(self, raw: RawItem, analysis: textual.Analysis, content_hash: str, b: tuple[int, ...] | None,
             external_id: str, duplicate_of: int | None, kind: str | None) -> dict[str, Any]:
        platform = (raw.platform or self.source.platform).lower()[:40]
        prepared = raw if isinstance(raw, PreparedItem) else None
        author_key, author_public = ((prepared.author_key, prepared.author_public) if prepared
                                     else self._author(raw, platform))
        return {
            "source_id": self.source.id, "platform": platform, "external_id": external_id[:300],
            "url": raw.url, "published_at": raw.published.astimezone(UTC),
            "language": language_of(raw.language, analysis.language), "title": raw.title,
            "text": analysis.text,
            "terms": " ".join(sorted(analysis.keys)), "author_key": author_key,
            "author_public": author_public, "region": raw.region, "engagement": raw.engagement,
            "extra": self._extra(raw, platform), "content_hash": content_hash,
            "band0": b[0] if b else None, "band1": b[1] if b else None, "band2": b[2] if b else None,
            "band3": b[3] if b else None, "duplicate_of_id": duplicate_of, "duplicate_kind": kind,
            "sentiment": prepared.sentiment if prepared else None, "agency": self.source.agency,
            "access_level": self.source.access_level, "pipeline_version": pipeline.VERSION}

    def _insert(self, rows: list[dict[str, Any]]) -> list[int]:
        """One executemany INSERT (no RETURNING: SQLAlchemy would then send the rows in small groups
        to keep their order); the new ids are read back through the unique (source, external id)."""
        if not rows:
            return []
        self.session.execute(insert(MonitorItem.__table__), rows)  # type: ignore[arg-type]
        wanted = [r["external_id"] for r in rows]
        found: dict[str, int] = {}
        for start in range(0, len(wanted), 500):
            found.update((ext, item_id) for item_id, ext in self.session.execute(
                select(MonitorItem.id, MonitorItem.external_id).where(
                    MonitorItem.source_id == self.source.id,
                    MonitorItem.external_id.in_(wanted[start:start + 500]))).tuples())
        return [found[ext] for ext in wanted]


def _batches(items: Iterable[RawItem], size: int) -> Iterator[list[RawItem]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _start_run(session: Session, source: MonitorSource) -> tuple[IngestRun, int]:
    """A new run, or the unfinished run of an unchanged file (resumed from its position)."""
    fingerprint = file_fingerprint(source)
    last = session.scalar(select(IngestRun).where(IngestRun.source_id == source.id)
                          .order_by(IngestRun.id.desc()).limit(1))
    now = datetime.now(UTC)
    if (last is not None and last.state != "done" and source.kind in RESUMABLE_KINDS
            and last.fingerprint == fingerprint and last.position > 0):
        last.state, last.message = "running", f"resumed at record {last.position + 1}"
        return last, last.position
    run = IngestRun(source_id=source.id, started_at=now, state="running", fingerprint=fingerprint)
    session.add(run)
    session.flush()
    return run, 0


def ingest(db: Database, source_name: str, *, pseudonymiser: Pseudonymiser, actor: str,
           batch_size: int = BATCH_SIZE, progress: Progress | None = None) -> RunReport:
    """Runs one source to its end (see the module docstring). `progress` gets the number of records
    read so far after each committed batch."""
    report = RunReport(source=source_name)
    with db.session() as session:
        source = source_named(session, source_name)
        source_id = source.id
        run, start = _start_run(session, source)
        report.run_id, report.resumed_from = run.id, start
        audit.record(session, actor=actor, action="monitor.ingest_start", entity="monitor_source",
                     entity_id=source.id, detail={"run": run.id, "resumed_from": start})
    try:
        with db.session() as session:
            source = session.get_one(MonitorSource, source_id)
            raws, fetch_state = _read(source, report)
        position = start
        for batch in _batches(islice(raws, start, None), batch_size):
            with db.session() as session:
                source = session.get_one(MonitorSource, source_id)
                counts = RunReport(source=source_name)
                _Batch(session, source, pseudonymiser).write(batch, counts)
                position += len(batch)
                run = session.get_one(IngestRun, report.run_id)
                run.position, run.read = position, run.read + len(batch)
                run.added += counts.added
                run.duplicates += counts.duplicates
                run.skipped += counts.skipped
                audit.record(session, actor=actor, action="monitor.ingest_batch", entity="monitor_source",
                             entity_id=source_id, detail={"run": run.id, "position": position,
                                                          "added": counts.added})
            report.read += len(batch)
            report.added += counts.added
            report.duplicates += counts.duplicates
            report.skipped += counts.skipped
            if progress is not None:
                progress(position)
    except SarapError as exc:
        _finish(db, source_id, report, state="failed", message=str(exc), fetch_state=None)
        raise
    _finish(db, source_id, report, state="done", message="not modified" if report.not_modified else None,
            fetch_state=fetch_state)
    return report


def _finish(db: Database, source_id: int, report: RunReport, *, state: str, message: str | None,
            fetch_state: dict[str, Any] | None) -> None:
    with db.session() as session:
        source = session.get_one(MonitorSource, source_id)
        run = session.get_one(IngestRun, report.run_id)
        now = datetime.now(UTC)
        run.state, run.message = state, message
        run.finished_at = now
        source.last_polled_at, source.last_state, source.last_message = now, state, message
        if fetch_state is not None:
            source.etag = fetch_state.get("etag") or source.etag
            source.last_modified = fetch_state.get("last_modified") or source.last_modified
        report.state, report.message = state, message
        report.total = run.position


def due_sources(db: Database, now: datetime | None = None) -> list[str]:
    with db.session() as session:
        from sarap.monitor.store import sources

        return [s.name for s in sources(session) if is_due(session, s, now)]


def count_records(db: Database, source_name: str) -> int | None:
    """How many records a file source holds (for a progress bar's total); None for feeds."""
    with db.session() as session:
        source = source_named(session, source_name)
        if source.kind not in FILE_KINDS:
            return None
        try:
            raws, _ = _read(source, RunReport(source=source_name))
            return sum(1 for _ in raws)
        except InvalidInput:
            return None
