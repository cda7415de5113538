"""Who may read and write which records.

public: everyone, also without logging in; official: every logged-in user; restricted: users of
the owning agency and of agencies it is shared with. Writing needs the editor role (or admin)
and a record of one's own agency.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, or_, select

from sarap.auth.models import User
from sarap.events.models import Event, EventShare


def readable_rows(user: User | None, model: Any) -> ColumnElement[bool]:
    """A condition on any model with `access_level` and `agency` columns (events, studies,
    registry records) that keeps the rows the user may read, explicit shares aside."""
    if user is None:
        return model.access_level == "public"
    return or_(model.access_level.in_(("public", "official")), model.agency == user.agency.code)


def readable(user: User | None) -> ColumnElement[bool]:
    """A condition on events that keeps those the user may read, shares included."""
    if user is None:
        return readable_rows(None, Event)
    shared = select(EventShare.event_id).where(EventShare.agency == user.agency.code)
    return or_(readable_rows(user, Event), Event.id.in_(shared))


def can_read(user: User | None, record: Any) -> bool:
    """The same rule for one record of any kind; `shares` where the record has them."""
    if record.access_level == "public":
        return True
    if user is None:
        return False
    if record.access_level == "official" or record.agency == user.agency.code:
        return True
    return user.agency.code in {s.agency for s in getattr(record, "shares", ())}


def can_write(user: User | None, record: Any | None = None) -> bool:
    """Editors write new records and those of their own agency (or of no agency)."""
    if user is None or not user.has_role("editor"):
        return False
    return record is None or record.agency in (None, user.agency.code)
