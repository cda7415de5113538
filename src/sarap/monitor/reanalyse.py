"""Re-analysing stored items after an upgrade of the text pipeline (sarap.text.pipeline.VERSION).

Items analysed by another version (or before versions were kept) get their family keys, exact
duplicate hash and version recomputed from their stored (normalised) text and language, in batches
of BATCH_SIZE, each one transaction: a run that stops half-way leaves the rest for the next run,
which picks up where it stopped (it only ever looks at items still of another version). The SQLite
key index is rebuilt at the end.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from sarap.core import audit
from sarap.core.db import Database
from sarap.monitor import dedup, keyindex
from sarap.monitor.models import MonitorItem
from sarap.text import pipeline

BATCH_SIZE = 500


def _stale() -> ColumnElement[bool]:
    return or_(MonitorItem.pipeline_version.is_(None), MonitorItem.pipeline_version != pipeline.VERSION)


def stale_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(MonitorItem).where(_stale())) or 0


def reanalyse(db: Database, *, actor: str, batch_size: int = BATCH_SIZE,
              progress: Callable[[int], None] | None = None, limit: int | None = None) -> int:
    """Re-analyses every stale item (at most `limit`); returns how many. `progress` gets the number
    done so far after each committed batch."""
    done = 0
    while limit is None or done < limit:
        size = batch_size if limit is None else min(batch_size, limit - done)
        with db.session() as session:
            stale = select(MonitorItem).where(_stale()).order_by(MonitorItem.id).limit(size)
            items = list(session.scalars(stale))
            if not items:
                break
            for item in items:
                analysis = pipeline.item_analysis(item.text, item.language)
                item.terms = " ".join(sorted(analysis.keys))
                item.content_hash = dedup.content_hash(analysis.signature)
                item.pipeline_version = pipeline.VERSION
            audit.record(session, actor=actor, action="monitor.reanalyse", entity="monitor_item",
                         detail={"first": items[0].id, "last": items[-1].id, "version": pipeline.VERSION})
        done += len(items)
        if progress is not None:
            progress(done)
    if done:
        with db.session() as session:
            keyindex.FTS.rebuild(session)
    return done
