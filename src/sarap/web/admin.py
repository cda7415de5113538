"""Agency administration in the browser: users of one's agency, and sharing restricted records."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from sarap.auth import users
from sarap.auth.models import ROLES, User
from sarap.core import audit
from sarap.core.errors import InvalidInput
from sarap.events.models import EventShare
from sarap.web.pages import render
from sarap.web.posted import PostedForm
from sarap.web.queries import visible_event
from sarap.web.sessions import Forbidden, Unauthorized, check_csrf, current_user

router = APIRouter(include_in_schema=False)


def _admin(request: Request, session: Any) -> User:
    user = current_user(request, session)
    if user is None:
        raise Unauthorized("log in first")
    if user.role != "admin":
        raise Forbidden("this page is for the agency's administrators")
    return user


def _users_page(request: Request, session: Any, admin: User, **context: Any) -> HTMLResponse:
    members = session.scalars(select(User).where(User.agency_id == admin.agency_id)
                              .order_by(User.username)).all()
    return render(request, "users.html", admin, members=members, roles=ROLES,
                  **{"created": None, "error": None, **context})


@router.get("/admin/users", response_class=HTMLResponse)
def users_page(request: Request) -> HTMLResponse:
    with request.app.state.db.session() as session:
        return _users_page(request, session, _admin(request, session))


@router.post("/admin/users", response_class=HTMLResponse)
def users_action(request: Request, posted: PostedForm) -> Response:
    """Create a user of the admin's own agency, change a role, or disable a user."""
    form = {k: str(v) for k, v in posted.items()}
    check_csrf(request, form.get("csrf"))
    with request.app.state.db.session() as session:
        admin = _admin(request, session)
        try:
            if form.get("action") == "create":
                user, password = users.create_user(session, form.get("username", "").strip(),
                                                   admin.agency.code, form.get("role", "viewer"),
                                                   actor=admin.username)
                return _users_page(request, session, admin, created=(user.username, password))
            member = users.get_user(session, form.get("username", ""))
            if member.agency_id != admin.agency_id:
                raise Forbidden("that user belongs to another agency")
            if form.get("action") == "role":
                users.set_role(session, member, form.get("role", ""), actor=admin.username)
            elif form.get("action") == "disable":
                users.set_active(session, member, False, actor=admin.username)
        except InvalidInput as exc:
            return _users_page(request, session, admin, error=str(exc))
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/events/{event_id}/share")
def share(request: Request, posted: PostedForm, event_id: int) -> Response:
    """Share a restricted record of one's own agency with another agency (editors and admins)."""
    form = {k: str(v) for k, v in posted.items()}
    check_csrf(request, form.get("csrf"))
    with request.app.state.db.session() as session:
        user = current_user(request, session)
        event = visible_event(session, event_id, user)
        if user is None or not user.has_role("editor") or event.agency != user.agency.code:
            raise Forbidden("only the owning agency's editors can share its records")
        agency = users.agency(session, form.get("agency", "").strip())
        if agency.code not in {s.agency for s in event.shares}:
            event.shares.append(EventShare(agency=agency.code))
            audit.record(session, actor=user.username, action="event.share", entity="event",
                         entity_id=event.id, detail={"agency": agency.code})
    return RedirectResponse(f"/events/{event_id}", status_code=303)
