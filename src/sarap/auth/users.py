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

from sarap.auth.models import ROLES, Agency, ApiToken, User
from sarap.core import audit
from sarap.core.db import BUSY_TIMEOUT
from sarap.core.errors import InvalidInput, NotFound, Problem, SarapError

MIN_PASSWORD = 12
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
_hasher = PasswordHasher()


class LoginRefused(SarapError):
    """Wrong name or password, or a locked account: the message does not say which."""


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


def authenticate(session: Session, username: str, password: str,
                 now: datetime | None = None) -> User:
    """The user, if the password is right and the account is neither locked nor disabled.
    Five wrong passwords lock the account for 15 minutes."""
    now = now or datetime.now(UTC)
    user = session.scalar(select(User).where(User.username == username))
    if user is None or not user.active:
        _hasher.hash(password)  # same work as a real check, so timing does not reveal names
        raise LoginRefused("wrong user name or password")
    locked = user.locked_until
    if locked is not None and (locked if locked.tzinfo else locked.replace(tzinfo=UTC)) > now:
        audit.record(session, actor=username, action="login.locked", entity="user", entity_id=username)
        raise LoginRefused("the account is locked for a while after too many failed logins")
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        user.failed_logins += 1
        if user.failed_logins >= MAX_FAILED_LOGINS:
            user.locked_until, user.failed_logins = now + LOCKOUT, 0
        audit.record(session, actor=username, action="login.failed", entity="user", entity_id=username)
        raise LoginRefused("wrong user name or password") from None
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


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(session: Session, user: User, name: str, *, actor: str) -> str:
    """A new API token; this is the only time its text is available."""
    token = "srp_" + secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, name=name, token_hash=_token_hash(token)))
    audit.record(session, actor=actor, action="token.create", entity="user", entity_id=user.username,
                 detail={"name": name})
    return token


def user_for_token(session: Session, token: str) -> User | None:
    found = session.scalar(select(ApiToken).where(ApiToken.token_hash == _token_hash(token),
                                                  ApiToken.revoked.is_(False)))
    if found is None or not found.user.active:
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
