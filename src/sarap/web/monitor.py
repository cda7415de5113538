"""Monitoring pages: the topics and sources a user may read, a form to save a topic, and a topic's
page with its mentions and interest index drawn as SVG on the server, breakdowns, terms, sentiment,
alerts (acknowledged by editors), a comparison with other topics, and CSV exports.

Everything counted is what the visitor may read: topics, and the items inside a topic's scope, by
the access rules of events. The numbers come from sarap.monitor's public functions.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import UTC, datetime, time, timedelta
from html import escape
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from sarap.auth.access import can_write, readable_rows
from sarap.auth.models import User
from sarap.core.errors import InvalidInput, NotFound, Problem
from sarap.core.partial_dates import iso_day
from sarap.monitor import alerts, analytics, export, store
from sarap.monitor.models import (
    ACCESS_LEVELS,
    IngestRun,
    MonitorAlert,
    MonitorItem,
    MonitorSource,
    MonitorTopic,
)
from sarap.text.query import QuerySyntaxError
from sarap.web.forms import field_errors
from sarap.web.i18n import t
from sarap.web.pages import render
from sarap.web.posted import PostedForm
from sarap.web.sessions import Forbidden, Unauthorized, check_csrf, current_user

router = APIRouter(include_in_schema=False)
LANGUAGES = ("kk", "ru", "en", "mixed", "unknown")
SENTIMENTS = ("positive", "negative", "neutral")
PALETTE = ("#2b6cb0", "#c53030", "#2f855a", "#b7791f", "#6b46c1", "#319795", "#d53f8c", "#4a5568")
FORM_FIELDS = ("name", "query", "platforms", "sources", "start", "end", "threshold", "access_level")
CHUNK = 500  # ids per IN (…) when reading sentiment labels


# --- access ---------------------------------------------------------------------------------------

def _topic(session: Session, topic_id: int, user: User | None) -> MonitorTopic:
    """A topic the user may read; another agency's restricted topic is simply not there (404)."""
    found = None if not 0 < topic_id < 2**31 else session.scalar(
        select(MonitorTopic).where(MonitorTopic.id == topic_id, readable_rows(user, MonitorTopic)))
    if found is None:
        raise NotFound(f"no topic {topic_id}")
    return found


def _editor(request: Request, session: Session, record: Any = None) -> User:
    user = current_user(request, session)
    if user is None:
        raise Unauthorized("log in to change monitoring topics")
    if not can_write(user, record):
        raise Forbidden("saving topics and acknowledging alerts needs the editor role")
    return user


# --- the period of a page -------------------------------------------------------------------------


def _scope(topic: MonitorTopic, request: Request) -> analytics.Scope:
    """The topic's own filters, narrowed by the page's from/to (inclusive days)."""
    first = iso_day(request.query_params.get("from"), "from")
    last = iso_day(request.query_params.get("to"), "to")
    return analytics.Scope.of_topic(
        topic, start=datetime.combine(first, time(), UTC) if first else None,
        end=datetime.combine(last + timedelta(days=1), time(), UTC) if last else None)


def _bucket(request: Request) -> str | None:
    value = request.query_params.get("bucket") or None
    if value is not None and value not in analytics.BUCKETS:
        raise InvalidInput([Problem("unknown bucket", column="bucket", value=value,
                                    expected="hour, day or week")])
    return value


# --- SVG line charts --------------------------------------------------------------------------------

def _tick_label(moment: datetime, bucket: str) -> str:
    return moment.strftime("%m-%d %H:00" if bucket == "hour" else "%Y-%m-%d")


def _y_ticks(peak: float) -> list[float]:
    """0 and up to four whole steps, the last at or above the peak (counts and the index are whole)."""
    if peak <= 0:
        return [0.0]
    step = float(max(1, -(-int(peak) // 4)))
    return [i * step for i in range(int(-(-peak // step)) + 1)]


def line_chart(chart_id: str, title: str, starts: list[datetime], lines: dict[str, list[float]], *,
               bucket: str, x_label: str, y_label: str, empty: str, y_max: float | None = None,
               width: int = 760, height: int = 300) -> str:
    """One or more lines over time buckets, with axes, ticks, axis labels, a title and a legend."""
    left, right, top, bottom = 56, 40, 40, 52
    plot_w, plot_h = width - left - right, height - top - bottom
    ticks = _y_ticks(y_max or max((v for values in lines.values() for v in values), default=0) or 1)
    peak = ticks[-1]
    n = len(starts)

    def x(i: int) -> float:
        return left + (plot_w / 2 if n <= 1 else i * plot_w / (n - 1))

    def y(v: float) -> float:
        return top + plot_h - v / peak * plot_h

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
             f'width="100%" aria-labelledby="{chart_id}-title" id="{chart_id}">',
             f'<title id="{chart_id}-title">{escape(title)}</title>',
             f'<text x="{left}" y="22" class="chart-title">{escape(title)}</text>']
    for tick in ticks:
        label = f"{tick:g}" if tick == int(tick) else f"{tick:.2f}"
        parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
                     f'class="grid" stroke="#edf2f7"/><text x="{left - 6}" y="{y(tick) + 4:.1f}" '
                     f'class="tick" text-anchor="end">{label}</text>')
    parts.append(f'<line x1="{left}" x2="{left}" y1="{top}" y2="{top + plot_h}" stroke="#4a5568"/>'
                 f'<line x1="{left}" x2="{left + plot_w}" y1="{top + plot_h}" y2="{top + plot_h}" '
                 'stroke="#4a5568"/>')
    every = max(1, -(-n // 8))
    for i in range(0, n, every):
        parts.append(f'<text x="{x(i):.1f}" y="{top + plot_h + 16}" class="tick" text-anchor="middle">'
                     f'{_tick_label(starts[i], bucket)}</text>')
    if not n:
        parts.append(f'<text x="{left + plot_w / 2}" y="{top + plot_h / 2}" text-anchor="middle" '
                     f'class="legend">{escape(empty)}</text>')
    for j, (name, values) in enumerate(lines.items()):
        colour = PALETTE[j % len(PALETTE)]
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points}" '
                     f'class="line"><title>{escape(name)}</title></polyline>')
        if n <= 120:
            parts.extend(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="2.5" fill="{colour}"><title>'
                         f'{escape(name)} {_tick_label(starts[i], bucket)}: {v:g}</title></circle>'
                         for i, v in enumerate(values))
        if len(lines) > 1:
            lx = left + 10 + (j % 4) * 170
            ly = top + plot_h + 34 + 12 * (j // 4)
            parts.append(f'<rect x="{lx}" y="{ly - 9}" width="10" height="10" fill="{colour}"/>'
                         f'<text x="{lx + 14}" y="{ly}" class="legend">{escape(name)}</text>')
    parts.append(f'<text x="{left + plot_w / 2}" y="{height - 4}" text-anchor="middle" class="axis-label">'
                 f'{escape(x_label)}</text>')
    parts.append(f'<text x="14" y="{top + plot_h / 2}" text-anchor="middle" class="axis-label" '
                 f'transform="rotate(-90 14 {top + plot_h / 2})">{escape(y_label)}</text>')
    return "".join(parts) + "</svg>"


def _x_label(bucket: str, lang: str) -> str:
    return f'{t("mon_axis_time", lang)} ({t("mon_bucket_" + bucket, lang)}, UTC)'


# --- the list page --------------------------------------------------------------------------------

def _topic_rows(session: Session, user: User | None) -> list[dict[str, Any]]:
    items = readable_rows(user, MonitorItem)
    rows = []
    for topic in session.scalars(select(MonitorTopic).where(readable_rows(user, MonitorTopic))
                                 .order_by(MonitorTopic.name)):
        result = analytics.series(session, topic, readable=items)
        last = session.scalar(select(MonitorAlert).where(MonitorAlert.topic_id == topic.id)
                              .order_by(MonitorAlert.window_start.desc()).limit(1))
        rows.append({"topic": topic, "mentions": result.mentions, "total": result.total, "last_alert": last})
    return rows


def _source_rows(session: Session, user: User | None) -> list[dict[str, Any]]:
    counts = dict(session.execute(select(MonitorItem.source_id, func.count()).where(
        readable_rows(user, MonitorItem)).group_by(MonitorItem.source_id)).tuples().all())
    rows = []
    for source in session.scalars(select(MonitorSource).where(readable_rows(user, MonitorSource))
                                  .order_by(MonitorSource.name)):
        run = session.scalar(select(IngestRun).where(IngestRun.source_id == source.id)
                             .order_by(IngestRun.id.desc()).limit(1))
        rows.append({"source": source, "item_count": counts.get(source.id, 0), "run": run})
    return rows


def _list_page(request: Request, session: Session, user: User | None, *, values: dict[str, Any] | None = None,
               errors: dict[str, str] | None = None, query_error: dict[str, Any] | None = None,
               status: int = 200) -> HTMLResponse:
    sources = _source_rows(session, user)
    return render(request, "monitor/index.html", user, status=status, topics=_topic_rows(session, user),
                  sources=sources, can_add=can_write(user), languages=LANGUAGES,
                  access_levels=ACCESS_LEVELS, source_names=[r["source"].name for r in sources],
                  values=values or {"access_level": "official", "languages": []}, errors=errors or {},
                  query_error=query_error)


@router.get("/monitor", response_class=HTMLResponse)
def monitor_page(request: Request) -> HTMLResponse:
    with request.app.state.db.session() as session:
        return _list_page(request, session, current_user(request, session))


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.replace(";", ",").split(",") if v.strip()]


def _new_topic(values: dict[str, Any], user: User) -> dict[str, Any]:
    threshold = values["threshold"]
    rules = [{"kind": "anomaly"}, {"kind": "threshold", "min_count": threshold}] if threshold else None
    filters = {"languages": values["languages"], "platforms": _split(values["platforms"]),
               "sources": _split(values["sources"]), "start": values["start"], "end": values["end"]}
    return {"name": values["name"], "query": values["query"], "filters": filters, "alert_rules": rules,
            "agency": user.agency.code, "access_level": values["access_level"] or "official"}


def _field(column: str | None) -> str:
    return {"min_count": "threshold", "agency": "access_level", "kind": "threshold"}.get(
        column or "", column or "name")


@router.post("/monitor/topics")
def add_topic(request: Request, form: PostedForm) -> Response:
    check_csrf(request, str(form.get("csrf") or ""))
    values: dict[str, Any] = {k: str(form.get(k) or "").strip() for k in FORM_FIELDS}
    values["languages"] = [str(v) for v in form.getlist("languages")]
    with request.app.state.db.session() as session:
        user = _editor(request, session)
        try:
            if not values["name"]:
                raise InvalidInput([Problem("a topic needs a name", column="name", expected="a short name")])
            topic = store.add_topic(session, **_new_topic(values, user), actor=user.username)
        except QuerySyntaxError as exc:
            session.rollback()
            message = str(exc).split("\n", 1)[0].split(": ", 1)[-1]
            caret = {"column": exc.column, "message": message, "query": exc.query, "pad": " " * exc.position}
            return _list_page(request, session, user, values=values, query_error=caret, status=400)
        except InvalidInput as exc:
            session.rollback()
            errors = field_errors(exc.problems, _field)
            return _list_page(request, session, user, values=values, errors=errors, status=400)
        topic_id = topic.id
    return RedirectResponse(f"/monitor/topics/{topic_id}", status_code=303)


# --- a topic's page -------------------------------------------------------------------------------

def _sentiment(session: Session, topic: MonitorTopic, series: analytics.Series, scope: analytics.Scope,
               items: ColumnElement[bool]) -> dict[str, int]:
    """Positive, negative, neutral and unscored counts of the mentions. While no readable item has
    a label at all, every mention is unscored, and the mentions need not be read again."""
    unscored = {**dict.fromkeys(SENTIMENTS, 0), "unscored": series.mentions}
    labelled = select(MonitorItem.id).where(MonitorItem.sentiment.is_not(None), items).limit(1)
    if session.scalar(labelled) is None:
        return unscored
    ids = [r["id"] for r in export.records(session, topic, scope, items)]
    counts: Counter[str] = Counter()
    for i in range(0, len(ids), CHUNK):
        counts.update(dict(session.execute(
            select(func.coalesce(MonitorItem.sentiment, "unscored"), func.count())
            .where(MonitorItem.id.in_(ids[i:i + CHUNK])).group_by(MonitorItem.sentiment)).tuples().all()))
    return {k: counts.get(k, 0) for k in unscored}


def _comparison(request: Request, session: Session, topic: MonitorTopic, user: User | None,
                scope: analytics.Scope, items: ColumnElement[bool]) -> tuple[list[int], str | None]:
    lang = request.state.lang
    chosen = [int(v) for v in request.query_params.getlist("compare") if v.isdigit() and int(v) != topic.id]
    others = [_topic(session, i, user) for i in chosen[:len(PALETTE) - 1]]
    if not others:
        return chosen, None
    result = analytics.compare(session, [topic, *others], scope, bucket=_bucket(request), readable=items)
    lines = {name: [float(p.index) for p in pts] for name, pts in result.topics.items()}
    chart = line_chart("chart-compare", t("mon_chart_compare", lang), result.starts, lines,
                       bucket=result.bucket, x_label=_x_label(result.bucket, lang),
                       y_label=t("mon_axis_index", lang), empty=t("mon_no_items", lang), y_max=100)
    return chosen, chart


def _charts(series: analytics.Series, topic: MonitorTopic, lang: str) -> dict[str, str]:
    starts, x_label = [p.start for p in series.points], _x_label(series.bucket, lang)
    empty = t("mon_no_items", lang)
    counts = {topic.name: [float(p.count) for p in series.points]}
    index = {topic.name: [float(p.index) for p in series.points]}
    return {
        "mentions": line_chart("chart-mentions", f'{t("mon_chart_mentions", lang)}: {topic.name}', starts,
                               counts, bucket=series.bucket, x_label=x_label, empty=empty,
                               y_label=t("mon_axis_mentions", lang)),
        "index": line_chart("chart-index", f'{t("mon_chart_index", lang)}: {topic.name}', starts, index,
                            bucket=series.bucket, x_label=x_label, empty=empty,
                            y_label=t("mon_axis_index", lang), y_max=100),
    }


def _period_query(request: Request) -> str:
    kept = [(k, v) for k, v in request.query_params.multi_items() if k in ("from", "to", "bucket") and v]
    return urlencode(kept)


@router.get("/monitor/topics/{topic_id}", response_class=HTMLResponse)
def topic_page(request: Request, topic_id: int) -> HTMLResponse:
    lang = request.state.lang
    with request.app.state.db.session() as session:
        user = current_user(request, session)
        topic = _topic(session, topic_id, user)
        scope, items = _scope(topic, request), readable_rows(user, MonitorItem)
        series = analytics.series(session, topic, scope, bucket=_bucket(request), readable=items)
        chosen, compare_chart = _comparison(request, session, topic, user, scope, items)
        others = session.scalars(select(MonitorTopic).where(readable_rows(user, MonitorTopic),
                                                            MonitorTopic.id != topic.id)
                                 .order_by(MonitorTopic.name)).all()
        return render(request, "monitor/topic.html", user, topic=topic, series=series,
                      charts=_charts(series, topic, lang), compare_chart=compare_chart, chosen=chosen,
                      others=others, sentiment=_sentiment(session, topic, series, scope, items),
                      breakdowns={by: analytics.breakdown(session, topic, by, scope, items)
                                  for by in analytics.BREAKDOWNS},
                      terms=analytics.terms(session, topic, scope, readable=items),
                      alerts=store.alerts(session, topic=topic), can_edit=can_write(user, topic),
                      params=request.query_params, period=_period_query(request))


@router.get("/monitor/topics/{topic_id}/series.csv")
def series_csv(request: Request, topic_id: int) -> Response:
    """The page's series: bucket start, mentions, all items, share and index."""
    with request.app.state.db.session() as session:
        user = current_user(request, session)
        topic = _topic(session, topic_id, user)
        result = analytics.series(session, topic, _scope(topic, request), bucket=_bucket(request),
                                  readable=readable_rows(user, MonitorItem))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["start", "bucket", "mentions", "total", "share", "index"])
    writer.writerows([p.start.isoformat(), result.bucket, p.count, p.total, f"{p.share:.6f}", p.index]
                     for p in result.points)
    return _csv(out.getvalue(), f"topic-{topic_id}-series.csv")


@router.get("/monitor/topics/{topic_id}/items.csv")
def items_csv(request: Request, topic_id: int) -> Response:
    """The matched items the visitor may read; authors only as stored (keyed hashes, or the
    handles of outlets and official accounts)."""
    with request.app.state.db.session() as session:
        user = current_user(request, session)
        topic = _topic(session, topic_id, user)
        rows = export.records(session, topic, _scope(topic, request), readable_rows(user, MonitorItem))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=export.COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return _csv(out.getvalue(), f"topic-{topic_id}-items.csv")


def _csv(text: str, name: str) -> Response:
    return Response(text, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


# --- alerts ---------------------------------------------------------------------------------------

@router.post("/monitor/topics/{topic_id}/alerts/run")
def run_alerts(request: Request, form: PostedForm, topic_id: int) -> Response:
    """Evaluates the topic's alert rules now (audited by sarap.monitor.alerts)."""
    check_csrf(request, str(form.get("csrf") or ""))
    with request.app.state.db.session() as session:
        topic = _topic(session, topic_id, current_user(request, session))
        user = _editor(request, session, topic)
        alerts.run_rules(session, topic, actor=user.username)
    return RedirectResponse(f"/monitor/topics/{topic_id}#alerts", status_code=303)


@router.post("/monitor/alerts/{alert_id}/ack")
def acknowledge(request: Request, form: PostedForm, alert_id: int) -> Response:
    check_csrf(request, str(form.get("csrf") or ""))
    with request.app.state.db.session() as session:
        alert = session.get(MonitorAlert, alert_id) if 0 < alert_id < 2**31 else None
        if alert is None:
            raise NotFound(f"no alert {alert_id}")
        topic = _topic(session, alert.topic_id, current_user(request, session))
        user = _editor(request, session, topic)
        store.acknowledge(session, alert_id, actor=user.username)
        topic_id = topic.id
    return RedirectResponse(f"/monitor/topics/{topic_id}#alerts", status_code=303)
