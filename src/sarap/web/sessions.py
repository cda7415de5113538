"""Who is asking: the logged-in user from the session cookie or an API token, and CSRF tokens."""

from __future__ import annotations

import hmac
import secrets
from pathlib import Path

from fastapi import Request
from sqlalchemy.orm import Session

from sarap.auth import access, users
from sarap.auth.models import User
from sarap.core.errors import SarapError


class Forbidden(SarapError):
    """The user may not do this."""


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


def current_user(request: Request, session: Session) -> User | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return users.user_for_token(session, header[7:].strip())
    user_id = request.session.get("user_id")
    if user_id is None:
        return None
    user = session.get(User, user_id)
    return user if user is not None and user.active else None


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
    if not request.headers.get("authorization"):
        check_csrf(request, request.headers.get("x-csrf-token"))
    if not access.can_write(user):
        raise Forbidden("writing needs the editor role")
    return user
