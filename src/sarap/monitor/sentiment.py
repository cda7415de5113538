"""The sentiment step of monitoring: scores collected items with sarap.text.sentiment and keeps the
label on each item (positive, negative, neutral, or unscored for a language without a model)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from sarap.core import audit
from sarap.monitor.models import MonitorItem
from sarap.text.sentiment.scoring import sentiment_batch

BATCH = 500


def score_items(session: Session, data_dir: Path, *, actor: str, rescore: bool = False,
                method: str = "auto", where: ColumnElement[bool] | None = None,
                progress: Callable[[int], None] = lambda done: None) -> Counter[str]:
    """Scores the items without a label (every item when `rescore`), a batch at a time; returns
    how many got each label. The run, not each item, goes to the audit log."""
    query = select(MonitorItem).order_by(MonitorItem.id)
    if not rescore:
        query = query.where(MonitorItem.sentiment.is_(None))
    if where is not None:
        query = query.where(where)
    labels: Counter[str] = Counter()
    last_id = 0
    while batch := list(session.scalars(query.where(MonitorItem.id > last_id).limit(BATCH))):
        results = sentiment_batch([i.text for i in batch], [i.language for i in batch],
                                  data_dir=data_dir, method=method, explain=False)
        for item, result in zip(batch, results, strict=True):
            item.sentiment = result.label
            labels[result.label] += 1
        session.flush()
        last_id = batch[-1].id
        progress(sum(labels.values()))
    audit.record(session, actor=actor, action="monitor.sentiment.score", entity="monitor_item",
                 entity_id=None, detail={"method": method, "rescore": rescore, "labels": dict(labels)})
    return labels
