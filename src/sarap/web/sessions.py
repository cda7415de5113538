"""Who is asking: the logged-in user from the session cookie or an API token, and CSRF tokens."""

from __future__ import annotations

import hmac
import secrets
from pathlib import Path

from fastapi import Request
from sqlalchemy.orm import Session

from sarap.auth import access, users
from sarap.auth import sessions as web_sessions
from sarap.auth.models import User
from sarap.core.errors import Forbidden, SarapError

__all__ = ["Forbidden", "Unauthorized", "api_writer", "check_csrf", "csrf_token", "current_user",
           "log_in", "log_out", "secret_key"]


class Unauthorized(SarapError):
    """Nobody is logged in, and the request needs someone."""


def secret_key(data_dir: Path) -> str:
    """The key that signs session cookies: made once and kept in the data directory."""
    path = data_dir / "secret_key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    return header[7:].strip() if header.lower().startswith("bearer ") else None


def current_user(request: Request, session: Session) -> User | None:
    """The API token's user (a bad, expired or revoked token is refused with 401, not taken for
    a visitor), else the user of an open server-side session, else None."""
    token = _bearer(request)
    if token is not None:
        user = users.user_for_token(session, token)
        if user is None:
            raise Unauthorized("the API token is unknown, expired or revoked")
        # The token's last-used time was written on a connection of its own; ending this
        # session's read snapshot now lets it still write (the audit of a restricted read) on
        # SQLite, whose WAL refuses a write from a snapshot older than the last commit.
        session.commit()
        return user
    limits = getattr(request.app.state, "session_limits", web_sessions.Limits())
    user = web_sessions.user_of(session, request.session.get("sid"), limits)
    if user is None and request.session.get("sid"):
        request.session.pop("sid", None)
    return user


def log_in(request: Request, session: Session, user: User) -> None:
    """A new server-side session for the user; the cookie gets a fresh key (against fixation)."""
    request.session.clear()
    request.session["sid"] = web_sessions.start(session, user)


def log_out(request: Request, session: Session) -> None:
    web_sessions.end(session, request.session.get("sid"))
    request.session.clear()


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(24)
    return str(token)


def check_csrf(request: Request, submitted: str | None) -> None:
    expected = request.session.get("csrf")
    if not expected or not submitted or not hmac.compare_digest(str(expected), submitted):
        raise Forbidden("the form is missing its CSRF token or it does not match; reload the page")


def api_writer(request: Request, session: Session) -> User:
    """The user behind an API write: a bearer token, or a session cookie with its CSRF header."""
    user = current_user(request, session)
    if user is None:
        raise Unauthorized("log in or send an API token (Authorization: Bearer …)")
    if _bearer(request) is None:  # only a token makes a request safe from cross-site forgery
        check_csrf(request, request.headers.get("x-csrf-token"))
    if not access.can_write(user):
        raise Forbidden("writing needs the editor role")
    return user
