"""The JSON API under /api/v1."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, ConfigDict
from sqlalchemy import func, select

from sarap.core.errors import InvalidInput
from sarap.events import records, regions, stats, store, visible
from sarap.events.codebook import codebook
from sarap.events.exporters.native import event_json
from sarap.events.models import Dataset, Event
from sarap.web.queries import event_filter, visible_event, visible_events
from sarap.web.sessions import api_writer, current_user

router = APIRouter(prefix="/api/v1", tags=["events"])


def _db(request: Request) -> Any:
    return request.app.state.db


@router.get("/events")
def list_events(request: Request, limit: int = Query(100, ge=1, le=1000),
                offset: int = Query(0, ge=0, le=2**31)) -> dict[str, Any]:
    """Events matching the filters (dataset, region, category, action_type, side, text, from, to)."""
    with _db(request).session() as session:
        user = current_user(request, session)
        total, found = visible_events(session, event_filter(dict(request.query_params)), user,
                                      limit=limit, offset=offset)
        return {"total": total, "limit": limit, "offset": offset,
                "items": [event_json(e) for e in found]}


@router.get("/events/{event_id}")
def get_event(request: Request, event_id: int) -> dict[str, Any]:
    with _db(request).session() as session:
        user = current_user(request, session)
        return event_json(visible_event(session, event_id, user))


@router.get("/events/{event_id}/history")
def get_history(request: Request, event_id: int) -> list[dict[str, Any]]:
    with _db(request).session() as session:
        user = current_user(request, session)
        visible_event(session, event_id, user)
        return [{"number": r.number, "action": r.action, "author": r.author, "at": r.created_at,
                 "reason": r.reason, "diff": r.diff} for r in store.history(session, event_id)]


@router.get("/datasets")
def list_datasets(request: Request) -> list[dict[str, Any]]:
    with _db(request).session() as session:
        user = current_user(request, session)
        rows = session.execute(
            select(Dataset, func.count(Event.id)).outerjoin(
                Event, (Event.dataset_id == Dataset.id) & Event.deleted.is_(False)
                & visible.readable(user)).group_by(Dataset.id).order_by(Dataset.name))
        return [{"name": d.name, "version": d.version, "title": d.title, "events": n,
                 "description": d.description, "agency": d.agency} for d, n in rows]


@router.get("/datasets/{name}/stats")
def dataset_stats(request: Request, name: str) -> dict[str, Any]:
    with _db(request).session() as session:
        return stats.dataset_stats(session, name, visible.readable(current_user(request, session)))


@router.get("/codebook")
def get_codebook() -> dict[str, Any]:
    return codebook()


@router.get("/regions")
def get_regions() -> list[dict[str, Any]]:
    return [{"code": r.code, "pcode": r.pcode, "names": r.names, "note": r.note}
            for r in regions.all_regions()]


class EventBody(BaseModel):
    """An event in Sarap's object form (docs/event-format.md); `dataset` names where it goes."""

    model_config = ConfigDict(extra="allow")
    dataset: str = "default"
    reason: str | None = None


def _validated(body: EventBody) -> dict[str, Any]:
    record, problems = records.validate(body.model_dump(exclude={"dataset", "reason"}))
    if record is None:
        raise InvalidInput(problems)
    return record


@router.post("/events", status_code=201)
def create_event(request: Request, body: EventBody) -> dict[str, Any]:
    with _db(request).session() as session:
        user = api_writer(request, session)
        event = visible.create(session, _validated(body), user, dataset=body.dataset, reason=body.reason)
        return event_json(event)


@router.put("/events/{event_id}")
def replace_event(request: Request, event_id: int, body: EventBody) -> dict[str, Any]:
    with _db(request).session() as session:
        user = api_writer(request, session)
        return event_json(visible.update(session, event_id, _validated(body), user, reason=body.reason))


@router.delete("/events/{event_id}", status_code=204)
def delete_event(request: Request, event_id: int, reason: str | None = None) -> Response:
    with _db(request).session() as session:
        user = api_writer(request, session)
        visible.delete(session, event_id, user, reason=reason)
    return Response(status_code=204)


class TransferBody(BaseModel):
    """The agency that receives the event, and why."""

    agency: str
    reason: str | None = None


@router.post("/events/{event_id}/transfer")
def transfer_event(request: Request, event_id: int, body: TransferBody) -> dict[str, Any]:
    """Gives an event to another agency; only an admin of the agency that owns it."""
    with _db(request).session() as session:
        user = api_writer(request, session)
        return event_json(visible.transfer(session, event_id, body.agency, user, reason=body.reason))
