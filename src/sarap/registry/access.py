"""Who may read and write registry records: the rules of events (sarap.auth.access), applied to
bodies, plans and exercises. public: everyone; official: logged-in users; restricted: the owning
agency. Writing needs the editor role and a record of one's own agency (or of none)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, or_

from sarap.auth.models import User


def readable(user: User | None, model: Any) -> ColumnElement[bool]:
    """A condition on `model` (Body, Plan or Exercise) keeping the rows the user may read."""
    if user is None:
        return model.access_level == "public"
    return or_(model.access_level.in_(("public", "official")), model.agency == user.agency.code)


def can_read(user: User | None, record: Any) -> bool:
    if record.access_level == "public":
        return True
    if user is None:
        return False
    return bool(record.access_level == "official" or record.agency == user.agency.code)


def can_write(user: User | None, record: Any | None = None) -> bool:
    if user is None or not user.has_role("editor"):
        return False
    return record is None or record.agency in (None, user.agency.code)
