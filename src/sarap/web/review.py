"""Review pages: the queue (reviewers), an item with its text, score and reasons, the decision and
second-confirmation forms, and the transparency report (counts only, readable by everyone)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from sarap.auth.models import User
from sarap.core.errors import InvalidInput, NotFound, SarapError
from sarap.review import categories, queue, report
from sarap.review.config import ReviewConfig, load_config
from sarap.review.models import ReviewItem
from sarap.web.pages import render
from sarap.web.posted import PostedForm
from sarap.web.sessions import Forbidden, Unauthorized, check_csrf, current_user

router = APIRouter(include_in_schema=False)


def _config(request: Request) -> ReviewConfig:
    # create_app keeps uploads in <data dir>/uploads: the review settings and the author key live beside.
    return load_config(Path(request.app.state.upload_dir).parent)


def _reviewer(request: Request, session: Session) -> User:
    user = current_user(request, session)
    if user is None:
        raise Unauthorized("log in to review")
    if not user.has_role("reviewer"):
        raise Forbidden("the review queue needs the reviewer role")
    return user


def _item(session: Session, item_id: int, user: User) -> ReviewItem:
    try:
        item = queue.get(session, item_id)
    except NotFound:
        raise NotFound(f"no review item {item_id}") from None
    if item.agency not in (None, user.agency.code):
        raise NotFound(f"no review item {item_id}")  # another agency's item is not shown to exist
    return item


@dataclass(frozen=True)
class Segment:
    text: str
    kind: str  # "", "flag" (a rule matched) or "counter" (a counter-signal matched)
    why: str


def segments(text: str, reasons: dict[str, Any]) -> list[Segment]:
    """The text cut into plain and highlighted runs; a rule's match wins over a counter-signal's."""
    kinds = [""] * len(text)
    why: list[list[str]] = [[] for _ in text]
    for key, kind in (("counter_signals", "counter"), ("rules", "flag")):
        for fired in reasons.get(key) or []:
            for span in fired["spans"]:
                for i in range(max(0, span[0]), min(len(text), span[1])):
                    kinds[i] = kind
                    why[i].append(fired["rule"])
    out: list[Segment] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or kinds[i] != kinds[start] or why[i] != why[start]:
            out.append(Segment(text[start:i], kinds[start], ", ".join(dict.fromkeys(why[start]))))
            start = i
    return out


@router.get("/review", response_class=HTMLResponse)
def queue_page(request: Request) -> HTMLResponse:
    with request.app.state.db.session() as session:
        user = _reviewer(request, session)
        items = queue.open_items(session, agency=user.agency.code)
        return render(request, "review/queue.html", user, items=items, values={}, error=None,
                      cat_label=_labeller(request))


def _labeller(request: Request) -> Callable[[str | None], str]:
    lang: str = request.state.lang
    return lambda code: categories.label(code, lang) if code else "—"


@router.post("/review/items")
def add_item(request: Request, form: PostedForm) -> Response:
    check_csrf(request, str(form.get("csrf") or ""))
    values = {k: str(form.get(k) or "").strip() for k in ("text", "context", "source")}
    with request.app.state.db.session() as session:
        user = _reviewer(request, session)
        try:
            item = queue.add_item(session, queue.NewItem(values["text"], context=values["context"] or None,
                                                         source_ref=values["source"] or None),
                                  actor=user.username, origin="pasted", config=_config(request),
                                  agency=user.agency.code)
        except InvalidInput as exc:
            session.rollback()
            items = queue.open_items(session, agency=user.agency.code)
            return render(request, "review/queue.html", user, status=400, items=items, values=values,
                          error=str(exc.problems[0]), cat_label=_labeller(request))
        return RedirectResponse(f"/review/items/{item.id}", status_code=303)


def _item_page(request: Request, user: User, item: ReviewItem, error: str | None = None,
               status: int = 200) -> HTMLResponse:
    first = queue.first_decision(item) if item.state == "awaiting_confirmation" else None
    return render(request, "review/item.html", user, status=status, item=item, error=error,
                  segments=segments(item.text or "", item.reasons or {}), cat_label=_labeller(request),
                  outcomes=categories.outcomes(), first=first,
                  can_decide=item.state in ("pending", "escalated"),
                  can_confirm=first is not None and first.reviewer_id != user.id)


@router.get("/review/items/{item_id}", response_class=HTMLResponse)
def item_page(request: Request, item_id: int) -> HTMLResponse:
    with request.app.state.db.session() as session:
        user = _reviewer(request, session)
        return _item_page(request, user, _item(session, item_id, user))


def _act(request: Request, form: FormData, item_id: int, confirming: bool) -> Response:
    check_csrf(request, str(form.get("csrf") or ""))
    outcome, note = str(form.get("outcome") or ""), str(form.get("note") or "")
    with request.app.state.db.session() as session:
        user = _reviewer(request, session)
        item = _item(session, item_id, user)
        try:
            if confirming:
                queue.confirm(session, item, user, outcome, note)
            else:
                queue.decide(session, item, user, outcome, note, config=_config(request))
        except SarapError as exc:
            session.rollback()
            message = str(exc.problems[0]) if isinstance(exc, InvalidInput) else str(exc)
            return _item_page(request, user, _item(session, item_id, user), error=message, status=400)
        return RedirectResponse(f"/review/items/{item.id}", status_code=303)


@router.post("/review/items/{item_id}/decide")
def decide(request: Request, form: PostedForm, item_id: int) -> Response:
    return _act(request, form, item_id, confirming=False)


@router.post("/review/items/{item_id}/confirm")
def confirm(request: Request, form: PostedForm, item_id: int) -> Response:
    return _act(request, form, item_id, confirming=True)


def _report(request: Request, start: str | None, end: str | None) -> report.Report:
    first, last = report.parse_period(start or None, end or None, today=datetime.now(UTC).date())
    with request.app.state.db.session() as session:
        return report.build(session, first, last)


@router.get("/review/report", response_class=HTMLResponse)
def report_page(request: Request, start: str = "", end: str = "") -> HTMLResponse:
    """Counts only (no text, authors or notes), so everyone may read it, as a transparency report."""
    start = request.query_params.get("from", start)
    end = request.query_params.get("to", end)
    built = _report(request, start, end)
    with request.app.state.db.session() as session:
        user = current_user(request, session)
        return render(request, "review/report.html", user, r=built, cat_label=_labeller(request),
                      fmt=lambda v: "—" if v is None else f"{v:.3f}",
                      principle=categories.principle(request.state.lang))


@router.get("/review/report.csv")
def report_csv(request: Request) -> Response:
    built = _report(request, request.query_params.get("from"), request.query_params.get("to"))
    name = f"sarap-review-{built.start.isoformat()}-{built.end.isoformat()}.csv"
    return Response(report.to_csv(built), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
