"""The JSON API under /api/v1."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from sqlalchemy import func, select

from sarap.auth import access
from sarap.events import regions, stats, store
from sarap.events.codebook import codebook
from sarap.events.exporters.native import event_json
from sarap.events.models import Dataset, Event
from sarap.web.queries import event_filter, visible_event, visible_events
from sarap.web.sessions import current_user

router = APIRouter(prefix="/api/v1", tags=["events"])


def _db(request: Request) -> Any:
    return request.app.state.db


@router.get("/events")
def list_events(request: Request, limit: int = Query(100, ge=1, le=1000),
                offset: int = Query(0, ge=0)) -> dict[str, Any]:
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
                & access.readable(user)).group_by(Dataset.id).order_by(Dataset.name))
        return [{"name": d.name, "version": d.version, "title": d.title, "events": n,
                 "description": d.description} for d, n in rows]


@router.get("/datasets/{name}/stats")
def dataset_stats(request: Request, name: str) -> dict[str, Any]:
    with _db(request).session() as session:
        return stats.dataset_stats(session, name)


@router.get("/codebook")
def get_codebook() -> dict[str, Any]:
    return codebook()


@router.get("/regions")
def get_regions() -> list[dict[str, Any]]:
    return [{"code": r.code, "pcode": r.pcode, "names": r.names, "note": r.note}
            for r in regions.all_regions()]
