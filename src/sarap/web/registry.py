"""Registry pages: the bodies of Decree 1404 with their duties and items, the kinds of prevention
measure, exercises, and the form by which an editor adds an exercise (it becomes a verbal event)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sarap.auth.access import can_read, can_write
from sarap.auth.access import readable_rows as readable
from sarap.core.errors import InvalidInput, NotFound, Problem
from sarap.core.partial_dates import iso_day
from sarap.events import regions
from sarap.events.codebook import codes
from sarap.registry import exercises, reports, store
from sarap.registry.models import PLAN_STATUSES, SCENARIOS, Body, Exercise, Plan
from sarap.registry.vocabulary import label
from sarap.web.forms import field_errors
from sarap.web.pages import render
from sarap.web.posted import PostedForm
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
def add_exercise(request: Request, form: PostedForm) -> Response:
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
            errors = field_errors(exc.problems, _field)
            return _form(request, session, user, values, errors, status=400)
        return RedirectResponse(f"/events/{added.event_id}", status_code=303)


def _field(column: str | None) -> str:
    return {"date": "when", "bodies": "bodies"}.get(column or "", column or "name")


def _period(request: Request) -> dict[str, Any]:
    params = request.query_params
    return {"region": params.get("region") or None, "date_from": iso_day(params.get("from"), "from"),
            "date_to": iso_day(params.get("to"), "to")}



def _plans(request: Request, session: Any, user: Any, *, values: dict[str, Any] | None = None,
           errors: dict[str, str] | None = None, status: int = 200) -> HTMLResponse:
    period = _period(request)
    report = reports.build(session, **period, lang=request.state.lang,
                           visible_plans=readable(user, Plan), visible_exercises=readable(user, Exercise))
    return _page(request, "plans.html", user, status=status, report=report, statuses=PLAN_STATUSES,
                 plans=store.plans(session, store.PlanFilter(**period), readable(user, Plan)),
                 can_edit=can_write(user), kinds=store.measure_kinds(session),
                 all_bodies=[n.body for n in store.bodies_tree(session, readable(user, Body))],
                 all_regions=regions.all_regions(), access_levels=codes("access_levels"),
                 query=request.url.query, params=request.query_params, values=values or {},
                 errors=errors or {})


@router.get("/registry/plans", response_class=HTMLResponse)
def plans_page(request: Request) -> HTMLResponse:
    """Plans of measures and what was done, per measure kind, for a region and period."""
    with request.app.state.db.session() as session:
        return _plans(request, session, current_user(request, session))


@router.get("/registry/report.{fmt}")
def report_file(request: Request, fmt: str) -> Response:
    """The plans-and-exercises report of the page's region and period as CSV or XLSX."""
    if fmt not in ("csv", "xlsx"):
        raise NotFound(f"no report format {fmt}")
    with request.app.state.db.session() as session, tempfile.TemporaryDirectory() as folder:
        user = current_user(request, session)
        report = reports.build(session, **_period(request), lang=request.state.lang,
                               visible_plans=readable(user, Plan), visible_exercises=readable(user, Exercise))
        path = reports.write(report, Path(folder) / f"registry-report.{fmt}")
        media = "text/csv; charset=utf-8" if fmt == "csv" else (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        return Response(path.read_bytes(), media_type=media,
                        headers={"Content-Disposition": f'attachment; filename="{path.name}"'})


@router.post("/registry/plans")
def add_plan(request: Request, form: PostedForm) -> Response:
    check_csrf(request, str(form.get("csrf") or ""))
    value = {k: str(form.get(k) or "").strip() or None for k in
             ("title", "kind", "body", "region", "deadline", "access_level", "notes")}
    with request.app.state.db.session() as session:
        user = _editor(request, session)
        try:
            store.add_plan(session, title=value["title"] or "", kind=value["kind"] or "",
                           body_code=value["body"] or "", region=value["region"],
                           deadline=iso_day(value["deadline"], "deadline"), agency=user.agency.code,
                           access_level=value["access_level"], notes=value["notes"], author=user.username)
        except (InvalidInput, NotFound) as exc:
            session.rollback()
            problems = exc.problems if isinstance(exc, InvalidInput) else [Problem(str(exc), column="body")]
            errors = field_errors(problems, lambda column: column or "title")
            return _plans(request, session, user, values=value, errors=errors, status=400)
    return RedirectResponse("/registry/plans", status_code=303)


@router.post("/registry/plans/{plan_id}/status")
def change_status(request: Request, form: PostedForm, plan_id: int) -> Response:
    check_csrf(request, str(form.get("csrf") or ""))
    with request.app.state.db.session() as session:
        user = _editor(request, session)
        plan = session.get(Plan, plan_id)
        if plan is None or not can_read(user, plan) or not can_write(user, plan):
            raise NotFound(f"no plan {plan_id}")
        store.set_plan_status(session, plan_id, str(form.get("status") or ""), author=user.username,
                              reason=str(form.get("reason") or "") or None)
    return RedirectResponse("/registry/plans", status_code=303)
