"""Registry pages: the bodies of Decree 1404 with their duties and items, the kinds of prevention
measure, exercises, and the form by which an editor adds an exercise (it becomes a verbal event)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sarap.auth.access import can_write
from sarap.auth.access import readable_rows as readable
from sarap.core.errors import InvalidInput
from sarap.events import regions
from sarap.events.codebook import codes
from sarap.registry import exercises, store
from sarap.registry.models import SCENARIOS, Body, Exercise
from sarap.registry.vocabulary import label
from sarap.web.pages import render
from sarap.web.sessions import Forbidden, check_csrf, current_user

router = APIRouter(include_in_schema=False)
FIELDS = ("name", "when", "scenario", "region", "settlement", "description", "access_level")


def _page(request: Request, template: str, user: Any, status: int = 200, **context: Any) -> HTMLResponse:
    lang = request.state.lang
    return render(request, f"registry/{template}", user, status=status,
                  vocab=lambda field, code: label(field, code, lang), **context)


@router.get("/registry", response_class=HTMLResponse)
def bodies(request: Request) -> HTMLResponse:
    with request.app.state.db.session() as session:
        user = current_user(request, session)
        nodes = store.bodies_tree(session, readable(user, Body))
        return _page(request, "bodies.html", user, nodes=nodes)


@router.get("/registry/measures", response_class=HTMLResponse)
def measures(request: Request) -> HTMLResponse:
    with request.app.state.db.session() as session:
        user = current_user(request, session)
        return _page(request, "measures.html", user, kinds=store.measure_kinds(session))


@router.get("/registry/exercises", response_class=HTMLResponse)
def exercise_list(request: Request) -> HTMLResponse:
    with request.app.state.db.session() as session:
        user = current_user(request, session)
        found = exercises.list_exercises(session, visible=readable(user, Exercise))
        return _page(request, "exercises.html", user, exercises=found, can_add=can_write(user))


def _editor(request: Request, session: Any) -> Any:
    user = current_user(request, session)
    if not can_write(user):
        raise Forbidden("adding exercises needs the editor role")
    return user


def _form(request: Request, session: Any, user: Any, values: dict[str, Any], errors: dict[str, str],
          status: int = 200) -> HTMLResponse:
    return _page(request, "exercise_form.html", user, status=status, values=values, errors=errors,
                 scenarios=SCENARIOS, access_levels=codes("access_levels"),
                 all_regions=regions.all_regions(),
                 all_bodies=[n.body for n in store.bodies_tree(session, readable(user, Body))])


@router.get("/registry/exercises/new", response_class=HTMLResponse)
def new_exercise(request: Request) -> HTMLResponse:
    with request.app.state.db.session() as session:
        user = _editor(request, session)
        return _form(request, session, user, {"scenario": "other", "access_level": "public", "bodies": []},
                     {})


@router.post("/registry/exercises/new")
async def add_exercise(request: Request) -> Response:
    form = await request.form()
    check_csrf(request, str(form.get("csrf") or ""))
    values: dict[str, Any] = {k: str(form.get(k) or "").strip() for k in FIELDS}
    values["bodies"] = [str(v) for v in form.getlist("bodies")]
    with request.app.state.db.session() as session:
        user = _editor(request, session)
        new = exercises.NewExercise(
            name=values["name"], when=values["when"], scenario=values["scenario"],
            region=values["region"] or None, settlement=values["settlement"] or None,
            bodies=values["bodies"], description=values["description"] or None,
            agency=user.agency.code, access_level=values["access_level"] or "public")
        try:
            added = exercises.add(session, new, author=user.username)
        except InvalidInput as exc:
            session.rollback()
            errors = {_field(p.column): p.message + (f"; expected {p.expected}" if p.expected else "")
                      for p in exc.problems}
            return _form(request, session, user, values, errors, status=400)
        return RedirectResponse(f"/events/{added.event_id}", status_code=303)


def _field(column: str | None) -> str:
    return {"date": "when", "bodies": "bodies"}.get(column or "", column or "name")
