"""Reading events for the web: the request's filters, and only what the visitor may read."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sarap.auth import access
from sarap.auth.models import User
from sarap.core import audit
from sarap.core.errors import NotFound
from sarap.events import stats, store
from sarap.events.models import Event

FILTER_KEYS = ("dataset", "region", "category", "action_type", "side", "text", "from", "to")


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def event_filter(params: dict[str, Any]) -> store.EventFilter:
    def get(key: str) -> str | None:
        value = params.get(key)
        return str(value).strip() or None if value is not None else None

    return store.EventFilter(dataset=get("dataset"), region=get("region"), category=get("category"),
                             action_type=get("action_type"), side=get("side"), text=get("text"),
                             date_from=_day(get("from")), date_to=_day(get("to")))


def visible_events(session: Session, where: store.EventFilter, user: User | None = None, *,
                   limit: int | None = None, offset: int = 0) -> tuple[int, list[Event]]:
    """The matching events that the user (None: a visitor) may read, and their number."""
    query = where.select().where(access.readable(user))
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    if limit is not None:
        query = query.limit(limit).offset(offset)
    return total, list(session.scalars(query))


def visible_event(session: Session, event_id: int, user: User | None = None) -> Event:
    """The event if the user may read it; a read of a restricted one is audited."""
    event = store.get(session, event_id)
    if not access.can_read(user, event):
        raise NotFound(f"no event with id {event_id}")  # the same answer as for a missing one
    if event.access_level == "restricted" and user is not None:
        audit.record(session, actor=user.username, action="event.read", entity="event",
                     entity_id=event.id)
    return event


def visible_stats(session: Session, name: str, user: User | None = None) -> dict[str, Any]:
    """`stats.dataset_stats` over only the events the user may read: the number of restricted
    records, and their origin groups, are not a visitor's to see. The printed counts are then
    compared with what the visitor can check."""
    dataset = store.dataset_named(session, name)
    events = list(session.scalars(select(Event).where(
        Event.dataset_id == dataset.id, Event.deleted.is_(False), access.readable(user))))
    groups: dict[str, list[Event]] = {}
    for event in events:
        groups.setdefault((event.origin or "").split(":", 1)[0] or "(none)", []).append(event)
    counts = [_count(group, items) for group, items in sorted(groups.items())]
    whole = _count("all", events)
    printed = []
    for summary in (dataset.meta or {}).get("printed_summaries", []):
        computed = next((c for c in counts if c.scope == summary.get("scope", "appendix-a")), whole)
        disagree = [k for k in ("total", "verbal", "physical")
                    if summary.get(k) is not None and summary[k] != getattr(computed, k)]
        printed.append({**summary, "compared_with": computed.scope, "disagrees_on": disagree})
    return {"dataset": name, "version": dataset.version,
            "counts": [c.to_dict() for c in (whole, *counts)], "printed": printed}


def _count(scope: str, events: list[Event]) -> stats.Count:
    return stats.Count(scope, len(events), sum(e.action_type == "verbal" for e in events),
                       sum(e.action_type == "physical" for e in events))
