"""The JSON API of monitoring under /api/v1/monitor: read-only topics, series and interest index,
with the access rules of events applied to topics and to the items counted."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

from fastapi import APIRouter, Query, Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from sarap.auth.access import readable_rows
from sarap.auth.models import User
from sarap.core.errors import NotFound
from sarap.core.partial_dates import iso_day
from sarap.monitor import analytics
from sarap.monitor.models import MonitorItem, MonitorTopic
from sarap.web.sessions import current_user

router = APIRouter(prefix="/api/v1/monitor", tags=["monitor"])
BUCKET = "^(hour|day|week)$"


def _topic(session: Session, name: str, user: User | None) -> MonitorTopic:
    found = session.scalar(select(MonitorTopic).where(MonitorTopic.name == name,
                                                      readable_rows(user, MonitorTopic)))
    if found is None:
        raise NotFound(f"no topic named {name!r}")
    return found


def _scope(topic: MonitorTopic, start: str | None, end: str | None) -> analytics.Scope:
    first, last = iso_day(start, "from"), iso_day(end, "to")
    return analytics.Scope.of_topic(
        topic, start=datetime.combine(first, time(), UTC) if first else None,
        end=datetime.combine(last + timedelta(days=1), time(), UTC) if last else None)


@router.get("/topics")
def list_topics(request: Request) -> list[dict[str, Any]]:
    with request.app.state.db.session() as session:
        user = current_user(request, session)
        found = session.scalars(select(MonitorTopic).where(readable_rows(user, MonitorTopic))
                                .order_by(MonitorTopic.name))
        return [{"name": t.name, "query": t.query, "filters": t.filters} for t in found]


@router.get("/topics/{name}/series")
def topic_series(request: Request, name: str, start: str | None = Query(None, alias="from"),
                 end: str | None = Query(None, alias="to"),
                 bucket: str | None = Query(None, pattern=BUCKET)) -> dict[str, Any]:
    """Mentions per bucket with all items in scope, the share and the interest index (0–100)."""
    with request.app.state.db.session() as session:
        user = current_user(request, session)
        topic = _topic(session, name, user)
        return analytics.series(session, topic, _scope(topic, start, end), bucket=bucket,
                                readable=readable_rows(user, MonitorItem)).to_dict()


@router.get("/topics/{name}/index")
def topic_index(request: Request, name: str, start: str | None = Query(None, alias="from"),
                end: str | None = Query(None, alias="to"),
                bucket: str | None = Query(None, pattern=BUCKET)) -> dict[str, Any]:
    """The interest index alone: the share of all items per bucket, the peak = 100."""
    with request.app.state.db.session() as session:
        user = current_user(request, session)
        topic = _topic(session, name, user)
        result = analytics.series(session, topic, _scope(topic, start, end), bucket=bucket,
                                  readable=readable_rows(user, MonitorItem))
        return {"topic": result.topic, "bucket": result.bucket,
                "index": [{"start": p.start.isoformat(), "index": p.index} for p in result.points]}
