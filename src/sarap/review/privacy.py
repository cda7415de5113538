"""Retention: the text of items decided "not violating" is purged after a configurable period.

What goes: the text, its context, URL, author key, the matched spans' text and the classifier's
features (they quote the text), and the reviewers' notes. What stays: the item's state, category,
score, rules fired (by id), dates — so every count and metric still adds up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sarap.core import audit
from sarap.review.models import NOT_VIOLATING, ReviewItem

PURGED_NOTE = "[purged]"


@dataclass(frozen=True)
class PurgeResult:
    purged: int
    cutoff: datetime


def _strip(fired: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**f, "spans": [s[:2] for s in f.get("spans", [])]} for f in fired]


def purge(session: Session, *, now: datetime, retention_days: int, actor: str) -> PurgeResult:
    """Purges every item decided not violating at or before now − retention_days. The clock is passed
    in, so the rule can be tested and run for any day."""
    cutoff = now - timedelta(days=retention_days)
    items = list(session.scalars(select(ReviewItem).where(
        ReviewItem.state == NOT_VIOLATING, ReviewItem.purged_at.is_(None), ReviewItem.decided_at <= cutoff)))
    for item in items:
        item.text = item.context = item.url = item.author_key = None
        reasons = dict(item.reasons or {})
        reasons["rules"] = _strip(reasons.get("rules", []))
        reasons["counter_signals"] = _strip(reasons.get("counter_signals", []))
        reasons["features"] = []
        item.reasons = reasons
        for decision in item.decisions:
            decision.note = PURGED_NOTE
        item.purged_at = now
    audit.record(session, actor=actor, action="review.items.purge", entity="review_item",
                 detail={"purged": len(items), "retention_days": retention_days,
                         "cutoff": cutoff.isoformat()})
    return PurgeResult(len(items), cutoff)
