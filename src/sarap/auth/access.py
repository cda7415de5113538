"""Who may read, write, share and transfer which records: the one policy every store applies, so
the CLI, the API and the pages give the same answers.

public: everyone, also without logging in; official: every logged-in user; restricted: users of
the owning agency and of agencies it is shared with. Every record has an owning agency; records
that came without one (shipped data, older rows) belong to the system agency, whose records only
the curators of their dataset may change. Writing needs the editor role (or admin) and a record of
one's own agency; moving a record to another agency is a separate transfer, by an admin of the
agency that gives it away.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, or_

from sarap.auth.models import User
from sarap.core.errors import Forbidden

SYSTEM_AGENCY = "system"  # owns what Sarap ships; no web user belongs to it, the local CLI operator does


def owner(record: Any) -> str:
    """The record's owning agency: rows without one belong to the system agency."""
    return getattr(record, "agency", None) or SYSTEM_AGENCY


def readable_rows(user: User | None, model: Any, shared: Any = None) -> ColumnElement[bool]:
    """A condition on any model with `access_level` and `agency` columns that keeps the rows the
    user may read; `shared` is an optional subquery of record ids shared with the user's agency
    (the caller's share table, which this policy does not need to know)."""
    if user is None:
        return model.access_level == "public"
    own = [model.agency == user.agency.code]
    if user.agency.code == SYSTEM_AGENCY:
        own.append(model.agency.is_(None))
    if shared is not None:
        own.append(model.id.in_(shared))
    return or_(model.access_level.in_(("public", "official")), *own)


def can_read(user: User | None, record: Any) -> bool:
    """The same rule for one record of any kind; `shares` where the record has them."""
    if record.access_level == "public":
        return True
    if user is None:
        return False
    if record.access_level == "official" or owner(record) == user.agency.code:
        return True
    return user.agency.code in {s.agency for s in getattr(record, "shares", ())}


def is_curator(user: User | None, dataset: Any) -> bool:
    return user is not None and dataset is not None and user.username in (dataset.curators or ())


def can_write_dataset(user: User | None, dataset: Any) -> bool:
    """Adding to or changing a dataset: its curators, or editors of its agency (shipped data,
    owned by the system agency, changes only through its curators, the local operator or a fork)."""
    if user is None or not user.has_role("editor"):
        return False
    if dataset is None or is_curator(user, dataset):
        return True
    return owner(dataset) == user.agency.code


def can_write(user: User | None, record: Any | None = None) -> bool:
    """Editors write new records and those of their own agency; a record in a dataset also
    needs the right to write that dataset (curators of shipped data write its records)."""
    if user is None or not user.has_role("editor"):
        return False
    if record is None:
        return True
    dataset = getattr(record, "dataset", None)
    if is_curator(user, dataset):
        return True
    if owner(record) != user.agency.code:
        return False
    return dataset is None or can_write_dataset(user, dataset)


def can_transfer(user: User | None, record: Any) -> bool:
    """Only an admin of the agency that owns a record may give it to another agency."""
    return user is not None and user.role == "admin" and owner(record) == user.agency.code


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise Forbidden(message)
