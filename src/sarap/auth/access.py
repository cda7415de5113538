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


def readable(user: User | None) -> ColumnElement[bool]:
    """A condition on events that keeps those the user may read."""
    if user is None:
        return Event.access_level == "public"
    shared = select(EventShare.event_id).where(EventShare.agency == user.agency.code)
    return or_(Event.access_level.in_(("public", "official")),
               Event.agency == user.agency.code, Event.id.in_(shared))


def can_read(user: User | None, event: Any) -> bool:
    if event.access_level == "public":
        return True
    if user is None:
        return False
    if event.access_level == "official" or event.agency == user.agency.code:
        return True
    return user.agency.code in {s.agency for s in event.shares}


def can_write(user: User | None, event: Any | None = None) -> bool:
    """Editors write new records and those of their own agency (or of no agency)."""
    if user is None or not user.has_role("editor"):
        return False
    return event is None or event.agency in (None, user.agency.code)
