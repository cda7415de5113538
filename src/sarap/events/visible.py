"""Events as the acting user may see and change them: the sarap.auth policy applied to the event
store, so the CLI, the API and the pages read the same records and audit the same reads."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from sarap.auth import access
from sarap.auth.models import User
from sarap.auth.users import agency as agency_named
from sarap.auth.users import get_user
from sarap.core import audit
from sarap.core.errors import Forbidden, InvalidInput, NotFound, Problem
from sarap.events import records, store
from sarap.events.models import Dataset, Event, EventShare

SORTS = {"date": (Event.date_start, Event.id), "-date": (Event.date_start.desc(), Event.id.desc()),
         "category": (Event.category, Event.date_start), "action_type": (Event.action_type, Event.date_start)}


def readable(user: User | None) -> ColumnElement[bool]:
    """A condition on events that keeps those the user may read, shares included."""
    if user is None:
        return access.readable_rows(None, Event)
    shared = select(EventShare.event_id).where(EventShare.agency == user.agency.code)
    return access.readable_rows(user, Event, shared)


def visible_events(session: Session, where: store.EventFilter, user: User | None = None, *,
                   limit: int | None = None, offset: int = 0, sort: str = "date"
                   ) -> tuple[int, list[Event]]:
    """The matching events that the user (None: a visitor) may read, and their number."""
    query = where.select().where(readable(user)).order_by(None).order_by(*SORTS.get(sort, SORTS["date"]))
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    if limit is not None:
        query = query.limit(limit).offset(offset)
    return total, list(session.scalars(query))


def visible_event(session: Session, event_id: int, user: User | None = None, *,
                  via: str | None = None, include_deleted: bool = False) -> Event:
    """The event if the user may read it; a read of a restricted one is audited (`via` names the
    channel, e.g. "cli")."""
    event = store.get(session, event_id, include_deleted=include_deleted)
    if not access.can_read(user, event):
        raise NotFound(f"no event with id {event_id}")  # the same answer as for a missing one
    if event.access_level == "restricted" and user is not None:
        audit.record(session, actor=user.username, action="event.read", entity="event",
                     entity_id=event.id, detail={"via": via} if via else None)
    return event


def writable_event(session: Session, event_id: int, user: User | None, *,
                   include_deleted: bool = False) -> Event:
    """The event if the user may change it: 404 when it may not even read it, else 403."""
    event = visible_event(session, event_id, user, include_deleted=include_deleted)
    access.require(access.can_write(user, event),
                   "this event belongs to another agency or to a dataset you do not curate")
    return event


def target_dataset(session: Session, name: str, user: User) -> Dataset:
    """The dataset a new event goes into, made for the user's agency if it does not exist yet;
    a shipped or another agency's dataset takes additions only from its curators."""
    dataset = store.dataset_named(session, name, create=True, agency=user.agency.code)
    access.require(access.can_write_dataset(user, dataset),
                   f"dataset {name!r} belongs to another agency or is shipped data; "
                   "add to your own dataset or fork it (sarap datasets fork)")
    return dataset


def create(session: Session, record: dict[str, Any], user: User, *, dataset: str,
           reason: str | None = None) -> Event:
    """A new event of the user's agency in a dataset the user may write."""
    record = {**record, "agency": record.get("agency") or user.agency.code}
    access.require(record["agency"] == user.agency.code, "events can only be created for one's own agency")
    return store.create(session, record, author=user.username, reason=reason,
                        dataset=target_dataset(session, dataset, user))


def update(session: Session, event_id: int, record: dict[str, Any], user: User, *,
           reason: str | None = None) -> Event:
    """Changes an event the user may write; its agency stays (moving it is a transfer)."""
    writable_event(session, event_id, user)
    return store.update(session, event_id, record, author=user.username, reason=reason)


def delete(session: Session, event_id: int, user: User, *, reason: str | None = None) -> Event:
    writable_event(session, event_id, user)
    return store.delete(session, event_id, author=user.username, reason=reason)


def transfer(session: Session, event_id: int, to_agency: str, user: User, *,
             reason: str | None = None) -> Event:
    """Gives an event to another agency: only an admin of the giving agency, always audited."""
    event = visible_event(session, event_id, user)
    giving = access.owner(event)
    if not access.can_transfer(user, event):
        raise Forbidden(f"only an admin of agency {giving!r} can transfer its records")
    if to_agency == giving:
        raise InvalidInput([Problem("the record already belongs to this agency", column="agency",
                                    value=to_agency)])
    agency_named(session, to_agency)  # the receiving agency must exist
    event.agency = to_agency
    session.flush()
    audit.record(session, actor=user.username, action="event.transfer", entity="event",
                 entity_id=event.id, detail={"from": giving, "to": to_agency, "reason": reason})
    return event


def fork(session: Session, name: str, new_name: str, user: User) -> tuple[Dataset, int]:
    """A copy of a dataset the user may read, owned by the user's agency, to change freely."""
    source = store.dataset_named(session, name)
    if session.scalar(select(Dataset).where(Dataset.name == new_name)) is not None:
        raise InvalidInput([Problem("a dataset of that name exists", column="name", value=new_name)])
    copy = store.dataset_named(session, new_name, create=True, agency=user.agency.code,
                               title=dict(source.title or {}), description=source.description)
    copy.meta = {**(source.meta or {}), "forked_from": {"name": source.name, "version": source.version}}
    _, events = visible_events(session, store.EventFilter(dataset=name), user)
    for event in events:
        record = {**records.to_record(event), "agency": user.agency.code}
        store.create(session, record, author=user.username, reason=f"fork of {name}", dataset=copy)
    audit.record(session, actor=user.username, action="dataset.fork", entity="dataset", entity_id=new_name,
                 detail={"from": name, "events": len(events)})
    return copy, len(events)


def set_curators(session: Session, name: str, user: User, *, add: list[str], remove: list[str]) -> Dataset:
    """Names who may change a dataset: its curators, or an admin of its owning agency."""
    dataset = store.dataset_named(session, name)
    access.require(access.is_curator(user, dataset) or access.can_transfer(user, dataset),
                   f"only the curators of {name!r} or an admin of agency {access.owner(dataset)!r} "
                   "can name its curators")
    for username in add:
        get_user(session, username)  # a curator is a real account
    dataset.curators = sorted((set(dataset.curators or ()) | set(add)) - set(remove))
    audit.record(session, actor=user.username, action="dataset.curators", entity="dataset", entity_id=name,
                 detail={"added": add, "removed": remove})
    return dataset
