"""Items from monitoring enter the review queue when their score reaches the threshold (once each);
the rest stay out. Authors arrive already pseudonymised by the monitor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from sarap.monitor.models import MonitorItem
from sarap.review.config import ReviewConfig
from sarap.review.queue import accept_monitor_item
from sarap.review.scoring import Scorer


@dataclass(frozen=True)
class Intake:
    scanned: int
    queued: list[int]  # review item ids, new or already there


def from_monitor(session: Session, config: ReviewConfig, *, since: datetime | None = None,
                 agency: str | None = None) -> Intake:
    """Scores every original (not duplicate) monitored item published since `since`."""
    query = select(MonitorItem).where(MonitorItem.duplicate_of_id.is_(None)).order_by(MonitorItem.id)
    if since is not None:
        query = query.where(MonitorItem.published_at >= since)
    scorer = Scorer(session, config)
    scanned, queued = 0, []
    for item in session.scalars(query):
        scanned += 1
        found = accept_monitor_item(session, f"monitor:{item.id}", item.text, item.language, item.author_key,
                                    item.url, config=config, scorer=scorer, agency=agency or item.agency)
        if found is not None:
            queued.append(found.id)
    return Intake(scanned, queued)
