"""The JSON API of the Decree 1404 registry under /api/v1/registry, with the access rules of events."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict

from sarap.auth.access import readable_rows
from sarap.registry import exercises, store
from sarap.registry.models import Body, Exercise
from sarap.web.sessions import api_writer, current_user

router = APIRouter(prefix="/api/v1/registry", tags=["registry"])


def _exercise_json(e: Exercise) -> dict[str, Any]:
    return {"id": e.id, "name": e.name, "date_start": e.date_start, "date_end": e.date_end,
            "date_precision": e.date_precision, "region": e.region, "settlement": e.settlement,
            "scenario": e.scenario, "bodies": [b.code for b in e.bodies], "event_id": e.event_id,
            "access_level": e.access_level}


@router.get("/bodies")
def list_bodies(request: Request) -> list[dict[str, Any]]:
    """The bodies in hierarchy order, each with its duties and the decree item they come from."""
    with request.app.state.db.session() as session:
        nodes = store.bodies_tree(session, readable_rows(current_user(request, session), Body))
        return [{"code": n.body.code, "names": n.body.names, "kind": n.body.kind, "level": n.body.level,
                 "parent": n.body.parent.code if n.body.parent else None, "depth": n.depth,
                 "decree_item": n.body.decree_item,
                 "duties": [{"text": d.text, "decree_item": d.decree_item} for d in n.body.duties]}
                for n in nodes]


@router.get("/measures")
def list_measures(request: Request) -> list[dict[str, Any]]:
    """The decree's kinds of prevention measure and their sub-items."""
    with request.app.state.db.session() as session:
        return [{"code": k.code, "names": k.names, "decree_item": k.decree_item,
                 "measures": [{"text": m.text, "decree_item": m.decree_item} for m in k.measures]}
                for k in store.measure_kinds(session)]


@router.get("/exercises")
def list_exercises(request: Request) -> list[dict[str, Any]]:
    with request.app.state.db.session() as session:
        visible = readable_rows(current_user(request, session), Exercise)
        return [_exercise_json(e) for e in exercises.list_exercises(session, visible=visible)]


class ExerciseBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    when: str
    scenario: str = "other"
    region: str | None = None
    settlement: str | None = None
    bodies: list[str] = []
    description: str | None = None
    access_level: str | None = None
    event_id: int | None = None


@router.post("/exercises", status_code=201)
def add_exercise(request: Request, body: ExerciseBody) -> dict[str, Any]:
    """Adds an exercise; it becomes (or links) a verbal event in the event data bank."""
    with request.app.state.db.session() as session:
        user = api_writer(request, session)
        new = exercises.NewExercise(**body.model_dump(), agency=user.agency.code)
        return _exercise_json(exercises.add(session, new, author=user.username, reader=user))
