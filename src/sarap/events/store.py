"""Writing and reading events. Every create, update, delete, restore and merge writes a revision."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, selectinload

from sarap.core import audit
from sarap.core.errors import InvalidInput, NotFound, Problem
from sarap.events import records
from sarap.events.models import Dataset, Event, Place, Revision


def dataset_named(session: Session, name: str, *, create: bool = False, **fields: Any) -> Dataset:
    found = session.scalar(select(Dataset).where(Dataset.name == name))
    if found is None:
        if not create:
            raise NotFound(f"no dataset named {name!r}; see 'sarap datasets'")
        found = Dataset(name=name, title=fields.pop("title", None) or {}, meta={}, **fields)
        session.add(found)
        session.flush()
    return found


def dataset_exists(session: Session, name: str) -> bool:
    return session.scalar(select(Dataset.id).where(Dataset.name == name)) is not None


def _revise(session: Session, event: Event, action: str, author: str, reason: str | None,
            before: dict[str, Any] | None) -> Revision:
    after = records.to_record(event)
    number = 1 if action == "create" else (session.scalar(
        select(func.max(Revision.number)).where(Revision.event_id == event.id)) or 0) + 1
    changes = records.diff(before, after)
    revision = Revision(event_id=event.id, number=number, action=action, author=author,
                        reason=reason, diff=changes, snapshot={**after, "deleted": event.deleted})
    session.add(revision)
    audit.record(session, actor=author, action=f"event.{action}", entity="event", entity_id=event.id,
                 detail={"revision": number, "reason": reason, "fields": sorted(changes)})
    return revision


def create(session: Session, record: dict[str, Any], *, author: str, reason: str | None = None,
           dataset: Dataset | None = None) -> Event:
    event = Event(dataset=dataset)
    records.apply(event, record)
    session.add(event)
    session.flush()
    _revise(session, event, "create", author, reason, None)
    return event


MAX_ID = 2**31 - 1  # ids are INTEGER columns: 32 bits on PostgreSQL


def get(session: Session, event_id: int, *, include_deleted: bool = False) -> Event:
    event = session.get(Event, event_id) if 0 < event_id <= MAX_ID else None
    if event is None or (event.deleted and not include_deleted):
        raise NotFound(f"no event with id {event_id}")
    return event


def update(session: Session, event_id: int, record: dict[str, Any], *, author: str,
           reason: str | None = None) -> Event:
    event = get(session, event_id)
    before = records.to_record(event)
    if records.diff(before, record) == {}:
        return event
    records.apply(event, record)
    session.flush()
    _revise(session, event, "update", author, reason, before)
    return event


def delete(session: Session, event_id: int, *, author: str, reason: str | None = None) -> Event:
    """Marks the event deleted; its record and history stay, and `restore` can bring it back."""
    event = get(session, event_id)
    event.deleted = True
    session.flush()
    _revise(session, event, "delete", author, reason, records.to_record(event))
    return event


def history(session: Session, event_id: int) -> list[Revision]:
    get(session, event_id, include_deleted=True)
    return list(session.scalars(
        select(Revision).where(Revision.event_id == event_id).order_by(Revision.number)))


def restore(session: Session, event_id: int, number: int, *, author: str,
            reason: str | None = None) -> Event:
    """Brings an event back to the state recorded by revision `number` (undeleting it if needed)."""
    event = get(session, event_id, include_deleted=True)
    revision = session.scalar(select(Revision).where(
        Revision.event_id == event_id, Revision.number == number))
    if revision is None:
        raise NotFound(f"event {event_id} has no revision {number}")
    before = records.to_record(event)
    state = dict(revision.snapshot)
    event.deleted = bool(state.pop("deleted", False))
    records.apply(event, state)
    session.flush()
    _revise(session, event, "restore", author, reason or f"restored to revision {number}", before)
    return event


def merge(session: Session, keep_id: int, drop_id: int, *, author: str,
          reason: str | None = None) -> Event:
    """Merges a duplicate into the event kept: its sources and actors are added, it is marked
    merged and deleted, and both histories stay."""
    if keep_id == drop_id:
        raise InvalidInput([Problem("an event cannot be merged into itself", value=str(keep_id))])
    keep, drop = get(session, keep_id), get(session, drop_id)
    before = records.to_record(keep)
    merged = records.to_record(keep)
    urls = {s["url"] for s in merged["sources"] if s["url"]}
    merged["sources"] += [s for s in records.to_record(drop)["sources"] if s["url"] not in urls]
    names = {a["name"] for a in merged["actors"]}
    merged["actors"] += [a for a in records.to_record(drop)["actors"] if a["name"] not in names]
    records.apply(keep, merged)
    drop.deleted, drop.merged_into_id = True, keep.id
    session.flush()
    why = reason or f"merged duplicate event {drop_id}"
    _revise(session, keep, "merge", author, why, before)
    _revise(session, drop, "merge", author, f"merged into event {keep_id}", records.to_record(drop))
    return keep


@dataclass
class EventFilter:
    dataset: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    region: str | None = None
    category: str | None = None
    action_type: str | None = None
    side: str | None = None
    text: str | None = None
    include_deleted: bool = False

    def select(self) -> Select[tuple[Event]]:
        query = select(Event).options(
            selectinload(Event.places), selectinload(Event.actors), selectinload(Event.sources),
            selectinload(Event.dataset))
        if not self.include_deleted:
            query = query.where(Event.deleted.is_(False))
        if self.dataset:
            query = query.join(Dataset, Event.dataset_id == Dataset.id).where(
                Dataset.name == self.dataset)
        if self.date_from:
            query = query.where(Event.date_end >= self.date_from)
        if self.date_to:
            query = query.where(Event.date_start <= self.date_to)
        for column in ("category", "action_type", "side"):
            if value := getattr(self, column):
                query = query.where(getattr(Event, column) == value)
        if self.region:
            query = query.where(Event.places.any(Place.region == self.region))
        if self.text:
            pattern = f"%{self.text.lower()}%"
            query = query.where(or_(func.lower(Event.summary).like(pattern),
                                    func.lower(Event.notes).like(pattern),
                                    func.lower(Event.date_text).like(pattern)))
        return query.order_by(Event.date_start, Event.id)


def find(session: Session, where: EventFilter) -> list[Event]:
    return list(session.scalars(where.select()))


def list_datasets(session: Session) -> list[Dataset]:
    return list(session.scalars(select(Dataset).order_by(Dataset.name)))
