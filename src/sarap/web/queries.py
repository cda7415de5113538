"""Reading events for the web: the request's filters and the dashboard's counts; what the visitor
may read is decided in sarap.events.visible (re-exported here for the pages)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sarap.auth.models import User
from sarap.core.partial_dates import iso_day
from sarap.events import store
from sarap.events.models import Event, Place
from sarap.events.visible import readable, visible_event, visible_events

__all__ = ["FILTER_KEYS", "event_filter", "overview", "readable", "visible_event", "visible_events"]
FILTER_KEYS = ("dataset", "region", "category", "action_type", "side", "text", "from", "to")


def _day(value: str | None, column: str) -> date | None:
    """A from/to filter; an impossible date (31.11.2024) is an error naming the field, never a
    filter silently dropped."""
    return iso_day(value, column) if value else None


def event_filter(params: dict[str, Any]) -> store.EventFilter:
    def get(key: str) -> str | None:
        value = params.get(key)
        return str(value).strip() or None if value is not None else None

    return store.EventFilter(dataset=get("dataset"), region=get("region"), category=get("category"),
                             action_type=get("action_type"), side=get("side"), text=get("text"),
                             date_from=_day(get("from"), "from"), date_to=_day(get("to"), "to"))


@dataclass
class Overview:
    """What the dashboard shows, counted by the database rather than in Python."""

    by_year_and_type: list[tuple[int, str, int]]
    by_place: list[tuple[str, int]]
    latest: list[Event]

    @property
    def total(self) -> int:
        return sum(n for _, _, n in self.by_year_and_type)

    def split(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for _, kind, n in self.by_year_and_type:
            out[kind] = out.get(kind, 0) + n
        return out


def overview(session: Session, user: User | None) -> Overview:
    seen = (Event.deleted.is_(False), readable(user))
    year = func.extract("year", Event.date_start)
    by_year = session.execute(select(year, Event.action_type, func.count(Event.id)).where(*seen)
                              .group_by(year, Event.action_type)).all()
    place = func.coalesce(Place.region, Place.country)
    # An event counts once per place key, however many of its places share it.
    by_place = session.execute(
        select(place, func.count(func.distinct(Place.event_id))).join(Event, Place.event_id == Event.id)
        .where(*seen).group_by(place)).all()
    latest = list(session.scalars(
        store.EventFilter().select().where(readable(user)).order_by(None)
        .order_by(Event.date_start.desc(), Event.id.desc()).limit(10)))
    return Overview([(int(y), k, n) for y, k, n in by_year], [(p, n) for p, n in by_place], latest)
