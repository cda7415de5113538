"""Interview study pages: the list of studies, a study (guide, respondents, theme frequencies as a
table and an SVG bar chart, agreement between coders, quoted answers), and the coding form for editors."""

from __future__ import annotations

import math
from html import escape
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from sarap.auth.access import can_read, can_write, readable_rows
from sarap.auth.models import User
from sarap.core.errors import InvalidInput, NotFound
from sarap.survey import analysis, store
from sarap.survey.models import Answer, Study
from sarap.web.i18n import t
from sarap.web.pages import render
from sarap.web.posted import PostedForm
from sarap.web.sessions import Forbidden, Unauthorized, check_csrf, current_user

router = APIRouter(include_in_schema=False)
GROUPINGS = ("all", "section", "question", "sector", "role")


def _vocab(kind: str, code: str, lang: str) -> str:
    """A translated name for a code (sector, role, grouping, measure), or the code itself."""
    key = f"srv_{kind}_{code}"
    text = t(key, lang)
    return code if text == key else text


def _fmt(value: float) -> str:
    return "—" if math.isnan(value) else f"{value:.3f}"


def _text(value: dict[str, str], lang: str) -> str:
    return value.get(lang) or value.get("en") or next(iter(value.values()), "")


def readable_study(session: Session, slug: str, user: User | None) -> Study:
    try:
        study = store.study_named(session, slug)
    except NotFound:
        raise NotFound(f"no study {slug}") from None
    if not can_read(user, study):
        raise NotFound(f"no study {slug}")  # as for events: an unreadable record is not shown to exist
    return study


@router.get("/survey", response_class=HTMLResponse)
def studies(request: Request) -> HTMLResponse:
    with request.app.state.db.session() as session:
        user = current_user(request, session)
        found = store.studies(session, readable_rows(user, Study))
        return render(request, "survey/list.html", user, studies=found,
                      text=lambda v: _text(v, request.state.lang))


def bar_chart(title: str, bars: list[tuple[str, int]], unit: str, width: int = 720) -> str:
    """Horizontal bars (label, count), drawn on the server; counts are written beside the bars."""
    row, left, top = 22, 260, 30
    height = top + row * len(bars) + 10
    peak = max((n for _, n in bars), default=0) or 1
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
             f'width="100%" aria-labelledby="survey-chart-title" class="survey-chart">',
             f'<title id="survey-chart-title">{escape(title)}</title>',
             f'<text x="0" y="18" class="chart-title">{escape(title)}</text>']
    for i, (label, count) in enumerate(bars):
        y = top + i * row
        w = count / peak * (width - left - 40)
        parts.append(f'<text x="{left - 6}" y="{y + 14}" text-anchor="end" class="tick">'
                     f'{escape(label)}</text>'
                     f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="{row - 6}" fill="#2b6cb0">'
                     f'<title>{escape(label)}: {count} {escape(unit)}</title></rect>'
                     f'<text x="{left + w + 4:.1f}" y="{y + 14}" class="tick">{count}</text>')
    return "".join(parts) + "</svg>"


def _context(study: Study, lang: str, by: str, coder: str | None) -> dict[str, Any]:
    labels = {t.code: _text(t.label, lang) for t in study.themes}
    rows = analysis.frequencies(study, by=by, coder=coder)
    leaves = [t.code for t in study.themes if not any(c.parent_id == t.id for c in study.themes)]
    overall = {r.theme: r.answers for r in analysis.frequencies(study, coder=coder)}
    bars = [(labels[code], overall[code]) for code in leaves if overall.get(code)]
    bars.sort(key=lambda b: -b[1])
    reports = [analysis.study_agreement(study, level=level) for level in ("theme", "parent")]
    return {"study": study, "labels": labels, "rows": rows, "by": by, "coder": coder or "",
            "coders": analysis.coders(study), "groupings": GROUPINGS, "reports": reports,
            "depth": {t.code: 1 if t.parent_id else 0 for t in study.themes},
            "chart": bar_chart(t("srv_chart_title", lang), bars, t("srv_answers", lang))}


@router.get("/survey/{slug}", response_class=HTMLResponse)
def study_page(request: Request, slug: str, by: str = "section", coder: str = "") -> HTMLResponse:
    lang = request.state.lang
    by = by if by in GROUPINGS else "section"
    with request.app.state.db.session() as session:
        user = current_user(request, session)
        study = readable_study(session, slug, user)
        chosen = coder if coder in analysis.coders(study) else None
        return render(request, "survey/study.html", user, text=lambda v: _text(v, lang), fmt=_fmt,
                      vocab=lambda kind, code: _vocab(kind, code, lang),
                      can_code=can_write(user, study), **_context(study, lang, by, chosen))


def _codable(request: Request, session: Session, slug: str, answer_id: int) -> tuple[User, Study, Answer]:
    user = current_user(request, session)
    study = readable_study(session, slug, user)
    if user is None:
        raise Unauthorized("log in to code answers")
    if not can_write(user, study):
        raise Forbidden("coding answers needs the editor role in the study's agency")
    answer = next((a for a in study.answers if a.id == answer_id), None)
    if answer is None:
        raise NotFound(f"no answer {answer_id} in {slug}")
    return user, study, answer


def _form(request: Request, user: User, study: Study, answer: Answer, values: dict[str, str],
          errors: dict[str, str], status: int = 200) -> HTMLResponse:
    lang = request.state.lang
    return render(request, "survey/code.html", user, status=status, study=study, answer=answer,
                  values=values, errors=errors, text=lambda v: _text(v, lang),
                  themes=[t for t in study.themes if t.parent_id is not None] or study.themes)


@router.get("/survey/{slug}/answers/{answer_id}/code", response_class=HTMLResponse)
def coding_form(request: Request, slug: str, answer_id: int) -> HTMLResponse:
    with request.app.state.db.session() as session:
        user, study, answer = _codable(request, session, slug, answer_id)
        return _form(request, user, study, answer, {}, {})


@router.post("/survey/{slug}/answers/{answer_id}/code")
def add_coding(request: Request, form: PostedForm, slug: str, answer_id: int) -> Response:
    check_csrf(request, str(form.get("csrf") or ""))
    values = {k: str(form.get(k) or "").strip() for k in ("passage", "theme")}
    with request.app.state.db.session() as session:
        user, study, answer = _codable(request, session, slug, answer_id)
        passage = values["passage"] or answer.text
        errors: dict[str, str] = {}
        if answer.text.count(passage) != 1:
            errors["passage"] = "srv_passage_not_found"
        if values["theme"] not in store.themes_by_code(study):
            errors["theme"] = "srv_theme_unknown"
        if not errors:
            start = answer.text.index(passage)
            try:
                store.add_codings(session, study, [store.NewCoding(
                    answer.id, start, start + len(passage), values["theme"], user.username)],
                    author=user.username)
            except InvalidInput:  # checked above; kept so a race cannot show a traceback
                errors["theme"] = "srv_theme_unknown"
        if errors:
            session.rollback()
            return _form(request, user, study, answer, values, errors, status=400)
        return RedirectResponse(f"/survey/{slug}#answer-{answer.id}", status_code=303)
