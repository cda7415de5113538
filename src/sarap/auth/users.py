"""Managing agencies, users, passwords and API tokens. Every write is audited."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from sarap.auth import sessions as web_sessions
from sarap.auth.access import SYSTEM_AGENCY
from sarap.auth.models import ROLES, Agency, ApiToken, User
from sarap.core import audit
from sarap.core.db import BUSY_TIMEOUT
from sarap.core.errors import InvalidInput, NotFound, Problem, SarapError

MIN_PASSWORD = 12
TOKEN_DAYS = 90
_hasher = PasswordHasher()


class LoginRefused(SarapError):
    """Wrong name or password, or a disabled account: the message does not say which."""


def agency(session: Session, code: str, *, create: bool = False, actor: str = "system",
           names: dict[str, str] | None = None) -> Agency:
    found = session.scalar(select(Agency).where(Agency.code == code))
    if found is None:
        if not create:
            raise NotFound(f"no agency {code!r}")
        found = Agency(code=code, names=names or {})
        session.add(found)
        session.flush()
        audit.record(session, actor=actor, action="agency.create", entity="agency", entity_id=code)
    return found


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput([Problem("the password is too short", column="password",
                                    expected=f"at least {MIN_PASSWORD} characters")])


def one_time_password() -> str:
    return secrets.token_urlsafe(12)


def create_user(session: Session, username: str, agency_code: str, role: str, *, actor: str,
                password: str | None = None) -> tuple[User, str]:
    """A new user and the password to hand over; a generated one must be changed at first login."""
    if role not in ROLES:
        raise InvalidInput([Problem("unknown role", column="role", value=role,
                                    expected="one of " + ", ".join(ROLES))])
    if session.scalar(select(User).where(User.username == username)):
        raise InvalidInput([Problem("the user name is taken", column="username", value=username)])
    if agency_code == SYSTEM_AGENCY:
        raise InvalidInput([Problem("this agency is reserved for shipped data", column="agency",
                                    value=agency_code, expected="a real agency's code")])
    given = password is not None
    password = password or one_time_password()
    _check_password(password)
    user = User(username=username, agency=agency(session, agency_code, create=True, actor=actor),
                role=role, password_hash=_hasher.hash(password), must_change_password=not given)
    session.add(user)
    session.flush()
    audit.record(session, actor=actor, action="user.create", entity="user", entity_id=username,
                 detail={"agency": agency_code, "role": role})
    return user, password


def get_user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound(f"no user {username!r}")
    return user


def _dummy_hash() -> str:
    global _DUMMY
    if _DUMMY is None:
        _DUMMY = _hasher.hash(secrets.token_urlsafe(16))
    return _DUMMY


_DUMMY: str | None = None


def authenticate(session: Session, username: str, password: str) -> User:
    """The user, if the name exists, the account is active and the password is right. Every
    failure takes the same time and gives the same message, and is audited; slowing down repeated
    guesses is the login throttle's work (sarap.auth.throttle), so no account can be locked."""
    user = session.scalar(select(User).where(User.username == username))
    try:
        _hasher.verify(user.password_hash if user is not None else _dummy_hash(), password)
        right = user is not None and user.active
    except (VerificationError, InvalidHashError):
        right = False
    if not right:
        if user is not None:
            user.failed_logins += 1
        audit.record(session, actor=username[:100], action="login.failed", entity="user",
                     entity_id=username[:60], detail={"known": user is not None})
        raise LoginRefused("wrong user name or password")
    assert user is not None
    user.failed_logins, user.locked_until = 0, None
    audit.record(session, actor=username, action="login", entity="user", entity_id=username)
    return user


def set_password(session: Session, user: User, password: str, *, actor: str,
                 must_change: bool = False) -> None:
    _check_password(password)
    user.password_hash = _hasher.hash(password)
    user.must_change_password = must_change
    user.failed_logins, user.locked_until = 0, None
    audit.record(session, actor=actor, action="user.password", entity="user", entity_id=user.username)
    web_sessions.end_all(session, user, actor=actor, why="password")


def set_role(session: Session, user: User, role: str, *, actor: str) -> None:
    if role not in ROLES:
        raise InvalidInput([Problem("unknown role", column="role", value=role,
                                    expected="one of " + ", ".join(ROLES))])
    user.role = role
    audit.record(session, actor=actor, action="user.role", entity="user", entity_id=user.username,
                 detail={"role": role})


def set_active(session: Session, user: User, active: bool, *, actor: str) -> None:
    user.active = active
    audit.record(session, actor=actor, action="user.enable" if active else "user.disable",
                 entity="user", entity_id=user.username)
    if not active:
        web_sessions.end_all(session, user, actor=actor, why="disabled")


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(session: Session, user: User, name: str, *, actor: str,
                 days: int | None = TOKEN_DAYS) -> str:
    """A new API token, valid for `days` (None: until revoked); this is the only time its text
    is available."""
    if days is not None and not 1 <= days <= 3660:
        raise InvalidInput([Problem("a token's lifetime is out of range", column="days", value=str(days),
                                    expected="1 to 3660 days")])
    token = "srp_" + secrets.token_urlsafe(32)
    expires = datetime.now(UTC) + timedelta(days=days) if days is not None else None
    session.add(ApiToken(user_id=user.id, name=name, token_hash=_token_hash(token), expires_at=expires))
    audit.record(session, actor=actor, action="token.create", entity="user", entity_id=user.username,
                 detail={"name": name, "expires": expires})
    return token


def revoke_tokens(session: Session, user: User, *, actor: str, name: str | None = None) -> int:
    """Revokes the user's tokens (those called `name`, or all); returns how many."""
    found = [t for t in session.scalars(select(ApiToken).where(ApiToken.user_id == user.id,
                                                               ApiToken.revoked.is_(False)))
             if name is None or t.name == name]
    for item in found:
        item.revoked = True
    audit.record(session, actor=actor, action="token.revoke", entity="user", entity_id=user.username,
                 detail={"name": name, "tokens": len(found)})
    return len(found)


def user_for_token(session: Session, token: str, now: datetime | None = None) -> User | None:
    """The token's user, if the token exists, is neither revoked nor expired and its user is
    active; None otherwise (the API answers 401)."""
    now = now or datetime.now(UTC)
    found = session.scalar(select(ApiToken).where(ApiToken.token_hash == _token_hash(token),
                                                  ApiToken.revoked.is_(False)))
    if found is None or not found.user.active:
        return None
    expires = found.expires_at
    if expires is not None and (expires if expires.tzinfo else expires.replace(tzinfo=UTC)) <= now:
        return None
    note_use(session, found)
    return found.user


TOUCH_EVERY = 60  # seconds: a token's last-used time is that precise, and reads stay reads


def note_use(session: Session, token: ApiToken) -> None:
    """Records when a token was last used, at most once a minute, in its own short transaction
    outside the request's: a GET does not write, and never waits behind an import (on SQLite it
    gives up after 0.2 s; the next use a minute later tries again)."""
    now = datetime.now(UTC)
    last = token.last_used
    if last is not None and (now - (last if last.tzinfo else last.replace(tzinfo=UTC))
                             ).total_seconds() < TOUCH_EVERY:
        return
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    try:
        with engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("PRAGMA busy_timeout=200")
            try:
                conn.execute(update(ApiToken).where(ApiToken.id == token.id)
                             .values(last_used=now))
                conn.commit()
            finally:
                if conn.dialect.name == "sqlite":
                    conn.rollback()
                    conn.exec_driver_sql(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT * 1000)}")
                    conn.rollback()
    except OperationalError:
        return  # busy: not worth a failed request
    set_committed_value(token, "last_used", now)
