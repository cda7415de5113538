"""Pages for the results of `sarap.analysis`, computed from the records the visitor may read."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from sarap.analysis import aggregations, gti
from sarap.analysis.frames import rows_from_events
from sarap.events import store
from sarap.web.pages import render
from sarap.web.queries import event_filter, visible_events
from sarap.web.sessions import current_user

router = APIRouter(include_in_schema=False)
EDITIONS = range(2012, 2026)


@router.get("/analysis", response_class=HTMLResponse)
def analysis_page(request: Request) -> HTMLResponse:
    lang = request.state.lang
    params = dict(request.query_params)
    with request.app.state.db.session() as session:
        user = current_user(request, session)
        _, events = visible_events(session, event_filter(params), user)
        rows = rows_from_events(events)
        tables = [aggregations.counts(rows, by, lang=lang) for by in ("year", "region", "category")]
        scores = [next(s for s in gti.by_country(rows, edition) if s.unit == "KAZ")
                  for edition in EDITIONS]
        datasets = [d.name for d in store.list_datasets(session)]
        return render(request, "analysis.html", user, tables=tables, scores=scores,
                      events=len(rows), dataset=params.get("dataset", ""), datasets=datasets)
