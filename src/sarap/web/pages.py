"""Server-rendered pages: dashboard, event list with filters and export, event page."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from babel.numbers import format_decimal
from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.background import BackgroundTask

from sarap.auth import access
from sarap.core.errors import NotFound
from sarap.events import regions, store
from sarap.events.codebook import codes, label
from sarap.events.exporters import native
from sarap.library.models import LibraryDocument
from sarap.registry.models import Exercise
from sarap.web import charts, labels, maps
from sarap.web.i18n import country_name, format_date, t
from sarap.web.queries import FILTER_KEYS, event_filter, overview, visible_event, visible_events
from sarap.web.sessions import csrf_token, current_user

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50
EXPORTS = {"csv": ("text/csv", native.write_csv),
           "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    native.write_xlsx),
           "jsonl": ("application/x-ndjson", native.write_jsonl)}


def render(request: Request, template: str, user: Any = None, status: int = 200,
           **context: Any) -> HTMLResponse:
    lang = request.state.lang
    helpers = {"t": lambda key: t(key, lang), "lang": lang, "label": lambda f, c: label(f, c, lang),
               "user": user, "csrf": csrf_token(request),
               "num": lambda n: format_decimal(n, locale=lang),
               "region_name": lambda code: _place_name(code, lang),
               "when": lambda e: format_date(e.date_start, e.date_end, e.date_precision, lang),
               "request": request}
    html = request.app.state.templates.get_template(template).render(**helpers, **context)
    return HTMLResponse(html, status_code=status)


def _place_name(code: str | None, lang: str) -> str:
    """A region's name; KAZ alone means the whole country; other codes are countries abroad."""
    if code and len(code) == 3 and code in {r.code for r in regions.all_regions()}:
        return regions.get(code).name(lang)
    if code in (None, "KAZ"):
        return t("nationwide", lang)
    return f"{t('abroad', lang)}: {country_name(code, lang)}"


def _db(request: Request) -> Any:
    return request.app.state.db


def _by_year(counts: list[tuple[int, str, int]]) -> list[tuple[int, dict[str, int]]]:
    years: dict[int, dict[str, int]] = {}
    for year, kind, n in counts:
        years.setdefault(year, {})[kind] = n
    if not years:
        return []
    return [(y, years.get(y, {})) for y in range(min(years), max(years) + 1)]


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request) -> HTMLResponse:
    lang = request.state.lang
    with _db(request).session() as session:
        user = current_user(request, session)
        seen = overview(session, user)
        chart = charts.stacked_bars(t("by_year", lang), _by_year(seen.by_year_and_type),
                                    {a: label("action_types", a, lang) for a in codes("action_types")},
                                    t("year", lang), t("count", lang))
        per_place = dict(seen.by_place)
        region_map = maps.choropleth(t("map", lang), per_place, lang)
        return render(request, "dashboard.html", user, total=seen.total, chart=chart, split=seen.split(),
                      region_map=region_map, region_codes={r.code for r in regions.all_regions()},
                      regions=sorted(per_place.items(), key=lambda kv: (-kv[1], kv[0] or "")),
                      latest=seen.latest)


MAX_PAGE = 10**6


@router.get("/events", response_class=HTMLResponse)
def event_list(request: Request, page: int = 1, sort: str = "date") -> HTMLResponse:
    params = {k: v for k, v in request.query_params.items() if k in FILTER_KEYS and v}
    if sort != "date":
        params["sort"] = sort
    page = min(max(page, 1), MAX_PAGE)  # a huge page number is the last page people could ask for
    with _db(request).session() as session:
        user = current_user(request, session)
        total, events = visible_events(session, event_filter(params), user, sort=sort, limit=PAGE_SIZE,
                                       offset=(page - 1) * PAGE_SIZE)
        return render(request, "events.html", user, events=events, total=total, page=page,
                      pages=max(1, -(-total // PAGE_SIZE)), params=params, query=urlencode(params),
                      choices={f: codes(f) for f in ("categories", "action_types", "sides")},
                      all_regions=regions.all_regions())


@router.get("/events/export.{fmt}")
def export(request: Request, fmt: str) -> FileResponse:
    if fmt not in EXPORTS:
        raise NotFound(f"no export format {fmt!r}")
    media_type, writer = EXPORTS[fmt]
    with _db(request).session() as session:
        user = current_user(request, session)
        _, events = visible_events(session, event_filter(dict(request.query_params)), user)
        descriptor, name = tempfile.mkstemp(suffix=f".{fmt}")
        os.close(descriptor)
        writer(events, Path(name))
    return FileResponse(name, media_type=media_type, filename=f"sarap-events.{fmt}",
                        background=BackgroundTask(Path(name).unlink))


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: int) -> HTMLResponse:
    with _db(request).session() as session:
        user = current_user(request, session)
        event = visible_event(session, event_id, user)
        codes_here = [p.region for p in event.places if p.region]
        place_map = maps.choropleth(t("places", request.state.lang), {}, request.state.lang,
                                    width=360, highlight=codes_here[0]) if codes_here else None
        return render(request, "event.html", user, e=event, history=store.history(session, event_id),
                      place_map=place_map, can_edit=access.can_write(user, event),
                      documents=_linked(session, LibraryDocument, event_id, user),
                      exercises=_linked(session, Exercise, event_id, user),
                      field_name=lambda path: labels.field_name(path, request.state.lang),
                      coded=lambda path, v: labels.coded(path, v, request.state.lang))


def _linked(session: Session, model: Any, event_id: int, user: Any) -> list[Any]:
    """Records of other packages that point at this event (an act it adopted, an exercise it
    records) and that the visitor may read."""
    return list(session.scalars(select(model).where(model.event_id == event_id,
                                                    access.readable_rows(user, model))))
