"""The situation report in the browser: choose a region and period, read the report built from the
records you may see (the same as `sarap report situation`), download it as HTML, DOCX or PDF."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse
from markupsafe import Markup
from starlette.background import BackgroundTask

from sarap.core.errors import InvalidInput, NotFound, Problem
from sarap.core.partial_dates import iso_day
from sarap.events import regions
from sarap.situation import render as situation_render
from sarap.situation.report import Reader, SituationReport, build
from sarap.web.pages import render
from sarap.web.sessions import current_user

router = APIRouter(include_in_schema=False)
PARAMS = ("region", "from", "to")
MEDIA = {"html": "text/html; charset=utf-8", "pdf": "application/pdf",
         "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def _build(request: Request, session: object, user: object) -> SituationReport:
    params = request.query_params
    problems: list[Problem] = []
    days = {}
    for key in ("from", "to"):
        try:
            days[key] = iso_day(params.get(key) or None, key)
        except InvalidInput as exc:
            problems += exc.problems
    if problems:
        raise InvalidInput(problems)
    return build(session, region=(params.get("region") or "").upper(),  # type: ignore[arg-type]
                 start=days["from"], end=days["to"], reader=Reader(user=user))  # type: ignore[arg-type]


@router.get("/report/situation", response_class=HTMLResponse)
def situation_page(request: Request) -> HTMLResponse:
    lang = request.state.lang
    values = {k: request.query_params.get(k, "") for k in PARAMS}
    with request.app.state.db.session() as session:
        user = current_user(request, session)
        body, errors, status = None, {}, 200
        if any(values.values()):
            try:
                report = _build(request, session, user)
                body = Markup(situation_render.body(report, lang))
            except InvalidInput as exc:
                errors = {p.column or "region": f"{p.message}" + (f" («{p.value}»)" if p.value else "")
                          + (f"; {p.expected}" if p.expected else "") for p in exc.problems}
                status = 400
        query = "&".join(f"{k}={v}" for k, v in values.items() if v)
        return render(request, "situation.html", user, status=status, values=values, errors=errors,
                      report=body, query=query, all_regions=regions.all_regions())


@router.get("/report/situation.{fmt}")
def situation_file(request: Request, fmt: str) -> FileResponse:
    if fmt not in MEDIA:
        raise NotFound(f"no report format {fmt!r}")
    with request.app.state.db.session() as session:
        report = _build(request, session, current_user(request, session))
        folder = Path(tempfile.mkdtemp(prefix="sarap-report-"))
        path = situation_render.write(report, folder / f"situation-{report.region}.{fmt}", request.state.lang)
    name = f"situation-{report.region}-{report.start}-{report.end}.{fmt}"

    def clean() -> None:
        path.unlink(missing_ok=True)
        folder.rmdir()

    return FileResponse(path, media_type=MEDIA[fmt], filename=name, background=BackgroundTask(clean))
