"""Logged-in sessions kept on the server, so that ending one really ends it: the browser holds a
random key, the database its hash, when it began and when it was last used."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from sarap.auth.models import User, WebSession
from sarap.core import audit

TOUCH_EVERY = timedelta(minutes=1)  # last_seen is written at most this often


@dataclass(frozen=True)
class Limits:
    idle: timedelta = timedelta(minutes=30)
    absolute: timedelta = timedelta(hours=8)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def start(session: Session, user: User, now: datetime | None = None) -> str:
    """A new session for the user; the key returned goes in the cookie and nowhere else."""
    now = now or datetime.now(UTC)
    key = secrets.token_urlsafe(32)
    session.add(WebSession(user_id=user.id, key_hash=_hash(key), created_at=now, last_seen=now))
    session.flush()
    return key


def user_of(session: Session, key: str | None, limits: Limits = Limits(),
            now: datetime | None = None) -> User | None:
    """The session's user while the session is open, not idle too long, not too old, and the
    user still active; otherwise None (and a timed-out session is ended)."""
    if not key:
        return None
    now = now or datetime.now(UTC)
    found = session.scalar(select(WebSession).where(WebSession.key_hash == _hash(key)))
    if found is None or found.ended_at is not None:
        return None
    if now - _aware(found.last_seen) > limits.idle or now - _aware(found.created_at) > limits.absolute:
        found.ended_at, found.ended_why = now, "timeout"
        return None
    if not found.user.active:
        return None
    if now - _aware(found.last_seen) > TOUCH_EVERY:
        found.last_seen = now
    return found.user


def end(session: Session, key: str | None, why: str = "logout") -> None:
    if key:
        session.execute(update(WebSession).where(WebSession.key_hash == _hash(key),
                                                 WebSession.ended_at.is_(None))
                        .values(ended_at=datetime.now(UTC), ended_why=why))


def end_all(session: Session, user: User, *, actor: str, why: str) -> int:
    """Ends every open session of the user (password change, disabling, "sign out everywhere")."""
    result = session.execute(update(WebSession).where(WebSession.user_id == user.id,
                                                      WebSession.ended_at.is_(None))
                             .values(ended_at=datetime.now(UTC), ended_why=why))
    count = int(getattr(result, "rowcount", 0) or 0)
    audit.record(session, actor=actor, action="user.sessions_ended", entity="user",
                 entity_id=user.username, detail={"why": why, "sessions": count})
    return count
