"""Editing an event in the browser; every save is a revision, with the reason the editor gives."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sarap.auth import access
from sarap.events import records, regions, store
from sarap.events.codebook import codes
from sarap.events.models import VICTIM_GROUPS
from sarap.web.forms import field_errors
from sarap.web.pages import render
from sarap.web.posted import PostedForm
from sarap.web.queries import visible_event
from sarap.web.sessions import Forbidden, check_csrf, current_user

router = APIRouter(include_in_schema=False)
CHOICES = {"category": "categories", "action_type": "action_types", "side": "sides",
           "certainty": "certainties", "access_level": "access_levels"}
COUNTS = [f"{k}_{g}" for k in ("killed", "injured") for g in VICTIM_GROUPS] + ["hostages"]


def _form_values(record: dict[str, Any]) -> dict[str, Any]:
    values = {k: record.get(k) or "" for k in (*CHOICES, "summary", "notes")}
    values.update(date_text=record["date"].get("text") or "", date_start=record["date"]["start"],
                  date_end=record["date"]["end"])
    for kind in ("killed", "injured"):
        for group in VICTIM_GROUPS:
            value = record["casualties"][kind].get(group)
            values[f"{kind}_{group}"] = "" if value is None else value
    hostages = record["casualties"].get("hostages")
    values["hostages"] = "" if hostages is None else hostages
    return values


def _apply(record: dict[str, Any], form: dict[str, str]) -> dict[str, Any]:
    """The record with the form's fields put in (lists such as places stay as they were)."""
    raw = {**record, **{k: form.get(k, "") for k in (*CHOICES, "summary", "notes")}}
    raw["date"] = {"text": form.get("date_text") or None, "start": form.get("date_start"),
                   "end": form.get("date_end") or None}
    raw["casualties"] = {kind: {g: form.get(f"{kind}_{g}") for g in VICTIM_GROUPS}
                         for kind in ("killed", "injured")}
    raw["casualties"]["hostages"] = form.get("hostages")
    return raw


def _editable(request: Request, session: Any, event_id: int) -> tuple[Any, Any]:
    user = current_user(request, session)
    event = visible_event(session, event_id, user)
    if not access.can_write(user, event):
        raise Forbidden("editing this event needs the editor role in its agency")
    return user, event


@router.get("/events/{event_id}/edit", response_class=HTMLResponse)
def edit_form(request: Request, event_id: int) -> HTMLResponse:
    with request.app.state.db.session() as session:
        user, event = _editable(request, session, event_id)
        return render(request, "edit.html", user, e=event, values=_form_values(records.to_record(event)),
                      errors={}, choices={k: codes(v) for k, v in CHOICES.items()}, counts=COUNTS,
                      fields=CHOICES)


@router.post("/events/{event_id}/edit")
def save(request: Request, posted: PostedForm, event_id: int) -> Response:
    form = {k: str(v) for k, v in posted.items()}
    check_csrf(request, form.get("csrf"))
    with request.app.state.db.session() as session:
        user, event = _editable(request, session, event_id)
        record, problems = records.validate(_apply(records.to_record(event), form))
        if record is None:
            return render(request, "edit.html", user, status=400, e=event, values=form,
                          errors=_errors(problems),
                          choices={k: codes(v) for k, v in CHOICES.items()}, counts=COUNTS, fields=CHOICES)
        store.update(session, event_id, record, author=user.username, reason=form.get("reason") or None)
    return RedirectResponse(f"/events/{event_id}", status_code=303)


EMPTY = {"date": {"start": ""}, "places": [], "actors": [], "sources": [], "category": "other",
         "action_type": "verbal", "side": "counter_terrorism", "summary": "", "certainty": "probable",
         "access_level": "public", "notes": "", "casualties": {"killed": {}, "injured": {}}}


def _creator(request: Request, session: Any) -> Any:
    user = current_user(request, session)
    if not access.can_write(user):
        raise Forbidden("adding events needs the editor role")
    return user


def _new_form(request: Request, user: Any, values: dict[str, Any], errors: dict[str, str],
              status: int = 200) -> HTMLResponse:
    return render(request, "edit.html", user, status=status, e=None, values=values, errors=errors,
                  choices={k: codes(v) for k, v in CHOICES.items()}, counts=COUNTS, fields=CHOICES,
                  all_regions=regions.all_regions())


@router.get("/events/new", response_class=HTMLResponse)
def new_form(request: Request) -> HTMLResponse:
    with request.app.state.db.session() as session:
        user = _creator(request, session)
        values = {k: v for k, v in _form_values({**EMPTY, "date": {"start": "", "end": ""}}).items()}
        return _new_form(request, user, {**values, "dataset": "default"}, {})


@router.post("/events/new")
def create(request: Request, posted: PostedForm) -> Response:
    form = {k: str(v) for k, v in posted.items()}
    check_csrf(request, form.get("csrf"))
    with request.app.state.db.session() as session:
        user = _creator(request, session)
        raw = _apply(EMPTY, form)
        raw["agency"] = user.agency.code
        raw["places"] = [{"region": form.get("region"), "settlement": form.get("settlement")}]
        raw["sources"] = [{"url": form.get("source_url")}]
        record, problems = records.validate(raw)
        if record is None:
            return _new_form(request, user, form, _errors(problems), status=400)
        dataset = store.dataset_named(session, form.get("dataset") or "default", create=True)
        event = store.create(session, record, author=user.username, reason=form.get("reason") or None,
                             dataset=dataset)
        return RedirectResponse(f"/events/{event.id}", status_code=303)


def _errors(problems: list[Any]) -> dict[str, str]:
    return field_errors(problems, _field)


def _field(path: str | None) -> str:
    """The form field a validation problem belongs to: "date.start" → "date_start"."""
    path = path or ""
    if path.startswith("casualties."):
        return "_".join(path.split(".")[1:])
    if path.startswith(("places[0].", "sources[0].")):
        return {"places[0].region": "region", "sources[0].url": "source_url"}.get(path, "settlement")
    return path.replace(".", "_")
