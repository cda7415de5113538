"""Logging in and out, and changing one's password (forced after a one-time password)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sarap.auth import users
from sarap.core import audit
from sarap.core.errors import InvalidInput
from sarap.web.i18n import t
from sarap.web.pages import render
from sarap.web.sessions import Unauthorized, check_csrf, current_user, log_in, log_out

router = APIRouter(include_in_schema=False)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> HTMLResponse:
    return render(request, "login.html", error=None)


def _address(request: Request) -> str:
    return request.client.host if request.client else "?"


@router.post("/login")
def login(request: Request, username: str = Form(...), password: str = Form(...),
          csrf: str = Form("")) -> Response:
    check_csrf(request, csrf)
    throttle, address = request.app.state.login_throttle, _address(request)
    wait = throttle.wait(address, username)
    if wait > 0:
        with request.app.state.db.session() as session:
            audit.record(session, actor=username[:100], action="login.throttled", entity="user",
                         entity_id=username[:60], detail={"address": address, "wait_s": round(wait)})
        response = render(request, "login.html", error=t("too_many", request.state.lang), status=429)
        response.headers["Retry-After"] = str(max(1, round(wait)))
        return response
    with request.app.state.db.session() as session:
        try:
            user = users.authenticate(session, username, password)
        except users.LoginRefused:
            throttle.failed(address, username)
        else:
            throttle.succeeded(address, username)
            log_in(request, session, user)
            if user.must_change_password:
                request.session["must_change"] = True
            target = "/account/password" if user.must_change_password else "/"
            return RedirectResponse(target, status_code=303)
    return render(request, "login.html", error=t("login_failed", request.state.lang), status=401)


@router.post("/logout")
def logout(request: Request, csrf: str = Form("")) -> Response:
    check_csrf(request, csrf)
    with request.app.state.db.session() as session:
        log_out(request, session)
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
                users.set_password(session, user, new, actor=user.username)  # ends every session
                log_in(request, session, user)  # ... and this browser gets a new one
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
