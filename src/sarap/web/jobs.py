"""A background job's page (progress bar, then its report) and its JSON under /api for the page to
poll; a job is its starter's: another user gets 404."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse

from sarap.core import jobs
from sarap.web.pages import render
from sarap.web.sessions import Unauthorized, current_user

router = APIRouter(include_in_schema=False)


def _job(request: Request, job_id: int) -> tuple[jobs.Job, object]:
    with request.app.state.db.session() as session:
        user = current_user(request, session)
        if user is None:
            raise Unauthorized("log in to see your jobs")
        return jobs.get(session, job_id, owner=user.username), user


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, job_id: int) -> HTMLResponse:
    job, user = _job(request, job_id)
    return render(request, "job.html", user, job=job)


@router.get("/api/v1/jobs/{job_id}")
def job_json(request: Request, job_id: int) -> JSONResponse:
    job, _ = _job(request, job_id)
    return JSONResponse(job.to_dict(), headers={"Cache-Control": "no-store"})
