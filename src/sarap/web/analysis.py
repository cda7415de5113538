"""Pages for the results of `sarap.analysis`, computed from the records the visitor may read."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from sarap.analysis import aggregations, charts, forecast, gti, periods, report
from sarap.analysis.frames import EventRow, rows_from_events
from sarap.auth.models import User
from sarap.core.errors import NotFound
from sarap.events import store
from sarap.web.pages import render
from sarap.web.queries import event_filter, readable, visible_events
from sarap.web.sessions import current_user

router = APIRouter(include_in_schema=False)
EDITIONS = range(2012, 2026)
CHARTS = ("timeline", "verbal_physical", "regions", "casualties", "forecast")
MEDIA = {"svg": "image/svg+xml", "png": "image/png", "csv": "text/csv; charset=utf-8"}


def _forecast(session: Session, where: store.EventFilter, user: User | None) -> forecast.ForecastReport:
    where = store.EventFilter(dataset=where.dataset, region=where.region, date_from=where.date_from,
                              date_to=where.date_to)  # the forecast counts physical acts itself
    return forecast.forecast(forecast.series_from_events(session, where, visible=readable(user)))


def _chart(name: str, rows: list[EventRow], result: forecast.ForecastReport, lang: str) -> charts.Chart:
    if name == "forecast":
        return charts.forecast_fan(result, lang)
    if name == "regions":
        return charts.region_map(aggregations.by_region(rows, lang), lang)
    if name == "casualties":
        return charts.casualties(aggregations.casualties_by_year(rows), lang)
    by_year = aggregations.by_year(rows)
    if name == "timeline":
        return charts.timeline(by_year, lang, periods.resolve(None))
    return charts.verbal_physical(by_year, lang)


def _read(request: Request, session: Session) -> tuple[Any, list[EventRow], forecast.ForecastReport]:
    """The visitor, the rows they may read under the page's filter, and the forecast of those."""
    user = current_user(request, session)
    where = event_filter(dict(request.query_params))
    _, events = visible_events(session, where, user)
    return user, rows_from_events(events), _forecast(session, where, user)


@router.get("/analysis", response_class=HTMLResponse)
def analysis_page(request: Request) -> HTMLResponse:
    lang = request.state.lang
    params = dict(request.query_params)
    with request.app.state.db.session() as session:
        user, rows, result = _read(request, session)
        tables = [aggregations.counts(rows, by, lang=lang) for by in ("year", "region", "category")]
        query = urlencode({k: v for k, v in params.items() if k == "dataset" and v})
        return render(request, "analysis.html", user, tables=tables,
                      scores=gti.country_by_edition(rows, EDITIONS), events=len(rows),
                      dataset=params.get("dataset", ""), forecast=result,
                      summary=result.summary(lang), backtest=report.backtest_table(result),
                      charts=CHARTS, query=f"?{query}" if query else "",
                      datasets=[d.name for d in store.list_datasets(session)])


@router.get("/analysis/charts/{name}.{fmt}")
def chart_file(request: Request, name: str, fmt: str) -> Response:
    """One chart of the analysis page as SVG or PNG, or the numbers behind it as CSV."""
    if name not in CHARTS or fmt not in MEDIA:
        raise NotFound(f"no chart {name}.{fmt}")
    with request.app.state.db.session() as session:
        _, rows, result = _read(request, session)
        chart = _chart(name, rows, result, request.state.lang)
    if fmt == "csv":
        return Response(chart.data.csv_text(), media_type=MEDIA[fmt])
    return Response(chart.svg() if fmt == "svg" else chart.png(), media_type=MEDIA[fmt])
