"""Logging in and out, and changing one's password (forced after a one-time password)."""

from __future__ import annotations

import time
from collections import deque
from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sarap.auth import users
from sarap.core.errors import InvalidInput
from sarap.web.i18n import t
from sarap.web.pages import render
from sarap.web.sessions import Unauthorized, check_csrf, current_user

router = APIRouter(include_in_schema=False)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> HTMLResponse:
    return render(request, "login.html", error=None)


class LoginThrottle:
    """At most `limit` login attempts per client address in a sliding window; on top of the
    per-account lock-out, this slows guessing across many accounts."""

    def __init__(self, limit: int = 20, window: float = 300.0):
        self.limit, self.window = limit, window
        self.attempts: dict[str, deque[float]] = {}

    def allow(self, address: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        recent = self.attempts.setdefault(address, deque())
        while recent and now - recent[0] > self.window:
            recent.popleft()
        if len(recent) >= self.limit:
            return False
        recent.append(now)
        return True


@router.post("/login")
def login(request: Request, username: str = Form(...), password: str = Form(...),
          csrf: str = Form("")) -> Response:
    check_csrf(request, csrf)
    if not request.app.state.login_throttle.allow(request.client.host if request.client else "?"):
        return render(request, "login.html", error=t("too_many", request.state.lang), status=429)
    with request.app.state.db.session() as session:
        try:
            user = users.authenticate(session, username, password)
        except users.LoginRefused as exc:
            error = str(exc)
        else:
            request.session.clear()  # a new session id against fixation
            request.session["user_id"] = user.id
            if user.must_change_password:
                request.session["must_change"] = True
            target = "/account/password" if user.must_change_password else "/"
            return RedirectResponse(target, status_code=303)
    return render(request, "login.html", error=error, status=401)


@router.post("/logout")
def logout(request: Request, csrf: str = Form("")) -> Response:
    check_csrf(request, csrf)
    request.session.clear()
    return RedirectResponse("/", status_code=303)


@router.get("/account/password", response_class=HTMLResponse)
def password_form(request: Request) -> HTMLResponse:
    with request.app.state.db.session() as session:
        user = _required(request, session)
        return render(request, "password.html", user, error=None)


@router.post("/account/password")
def change_password(request: Request, current: str = Form(...), new: str = Form(...),
                    repeat: str = Form(...), csrf: str = Form("")) -> Response:
    check_csrf(request, csrf)
    with request.app.state.db.session() as session:
        user = _required(request, session)
        error = None
        try:
            users.authenticate(session, user.username, current)
            if new != repeat:
                error = "mismatch"
            elif new == current:
                error = "same"
            else:
                users.set_password(session, user, new, actor=user.username)
                request.session.pop("must_change", None)
                return RedirectResponse("/", status_code=303)
        except users.LoginRefused:
            error = "wrong_current"
        except InvalidInput:
            error = "too_short"
        return render(request, "password.html", user, error=error, status=400)


def _required(request: Request, session: Any) -> Any:
    user = current_user(request, session)
    if user is None:
        raise Unauthorized("log in first")
    return user
