"""A topic's matched items in the browser, filtered (language, platform, sentiment, region, dates)
and paged, with the query's hits highlighted; and the live check of a query being typed: where it
stops parsing (column and caret), how many readable items it would match, and a few examples."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse
from markupsafe import Markup, escape
from sqlalchemy import ColumnElement, and_, true

from sarap.auth.access import readable_rows
from sarap.core.errors import InvalidInput, Problem
from sarap.core.partial_dates import iso_day
from sarap.monitor import analytics, textual
from sarap.monitor.models import MonitorItem
from sarap.text.query import QuerySyntaxError
from sarap.web.monitor import LANGUAGES, SENTIMENTS, _topic
from sarap.web.pages import render
from sarap.web.sessions import current_user

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 25
EXAMPLES = 3
FILTERS = ("language", "platform", "sentiment", "region", "from", "to")


def highlighted(query: textual.Query, text: str, language: str) -> Markup:
    """The text with the query's hits in <mark>, everything else escaped."""
    out, at = [], 0
    for start, end in sorted(set(textual.highlights(query, text, language))):
        if start < at:
            continue
        out += [str(escape(text[at:start])), f"<mark>{escape(text[start:end])}</mark>"]
        at = end
    out.append(str(escape(text[at:])))
    return Markup("".join(out))


def _where(params: dict[str, str]) -> ColumnElement[bool]:
    found: list[ColumnElement[bool]] = []
    if params.get("sentiment"):
        if params["sentiment"] not in (*SENTIMENTS, "unscored"):
            raise InvalidInput([Problem("unknown sentiment", column="sentiment", value=params["sentiment"],
                                        expected="positive, negative, neutral or unscored")])
        found.append(MonitorItem.sentiment.is_(None) if params["sentiment"] == "unscored"
                     else MonitorItem.sentiment == params["sentiment"])
    if params.get("region"):
        found.append(MonitorItem.region == params["region"])
    return and_(true(), *found)


def _scope(topic: Any, params: dict[str, str]) -> analytics.Scope:
    first, last = iso_day(params.get("from"), "from"), iso_day(params.get("to"), "to")
    return analytics.Scope.of_topic(
        topic, languages=(params["language"],) if params.get("language") else (),
        platforms=(params["platform"],) if params.get("platform") else (),
        start=datetime.combine(first, time(), UTC) if first else None,
        end=datetime.combine(last + timedelta(days=1), time(), UTC) if last else None)


@router.get("/monitor/topics/{topic_id}/items", response_class=HTMLResponse)
def topic_items(request: Request, topic_id: int, page: int = 1) -> HTMLResponse:
    params = {k: v for k, v in request.query_params.items() if k in FILTERS and v}
    with request.app.state.db.session() as session:
        user = current_user(request, session)
        topic = _topic(session, topic_id, user)
        query = textual.compile_query(topic.query)
        readable = readable_rows(user, MonitorItem)
        scope = analytics.Scope.of_topic(topic)
        everything = analytics.matching(analytics.rows_in_scope(session, scope, readable), query)
        choices = {"platform": sorted({r.platform for r in everything}),
                   "region": sorted({r.region for r in everything if r.region})}
        errors: dict[str, str] = {}
        try:
            rows = analytics.matching(analytics.rows_in_scope(session, _scope(topic, params), readable,
                                                              _where(params)), query)
        except InvalidInput as exc:  # a bad filter says so and filters nothing: no list at all
            errors = {p.column or "from": f"{p.message}: «{p.value}»; {p.expected}" for p in exc.problems}
            rows = []
        rows.reverse()  # newest first
        pages = max(1, -(-len(rows) // PAGE_SIZE))
        page = min(max(page, 1), pages)
        shown = [{"row": r, "html": highlighted(query, r.text, r.language)}
                 for r in rows[(page - 1) * PAGE_SIZE:page * PAGE_SIZE]]
        return render(request, "monitor/items.html", user, status=400 if errors else 200, topic=topic,
                      items=shown, total=len(rows), page=page, pages=pages, params=params, errors=errors,
                      query=urlencode(params), languages=LANGUAGES, sentiments=SENTIMENTS, choices=choices)


@router.get("/api/v1/monitor/query-check")
def check_query(request: Request, q: str = "") -> JSONResponse:
    """For the topic form while it is typed: a parse error with its column, or the count of readable
    items the query matches and a few of them with their hits marked."""
    try:
        query = textual.compile_query(q)
    except QuerySyntaxError as exc:
        message = str(exc).split("\n", 1)[0].split(": ", 1)[-1]
        return JSONResponse({"ok": False, "column": exc.column, "position": exc.position, "message": message})
    with request.app.state.db.session() as session:
        user = current_user(request, session)
        rows = analytics.rows_in_scope(session, analytics.Scope(), readable_rows(user, MonitorItem))
        found = analytics.matching(rows, query)
    examples = [{"id": r.id, "published": r.published.isoformat(), "platform": r.platform,
                 "html": str(highlighted(query, r.text[:400], r.language))} for r in found[-EXAMPLES:][::-1]]
    return JSONResponse({"ok": True, "count": len(found), "total": len(rows), "examples": examples},
                        headers={"Cache-Control": "no-store"})
