"""Importing a file from the browser: a dry run shows what would happen, then the user confirms."""

from __future__ import annotations

import re
import secrets
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from sarap.auth import access
from sarap.core.errors import InvalidInput
from sarap.events.importing import READERS, ImportReport, run_import
from sarap.web.pages import render
from sarap.web.posted import PostedForm
from sarap.web.sessions import Forbidden, check_csrf, current_user

router = APIRouter(include_in_schema=False)
SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def _importer(request: Request) -> Any:
    with request.app.state.db.session() as session:
        user = current_user(request, session)
        if not access.can_write(user):
            raise Forbidden("importing needs the editor role")
        return user


def _page(request: Request, user: Any, **context: Any) -> HTMLResponse:
    defaults: dict[str, Any] = {"report": None, "problems": [], "token": None, "done": False,
                                "formats": list(READERS), "dataset": "", "fmt": ""}
    return render(request, "import.html", user, **{**defaults, **context})


@router.get("/import", response_class=HTMLResponse)
def import_form(request: Request) -> HTMLResponse:
    return _page(request, _importer(request))


def _run(request: Request, path: Path, user: Any, fmt: str, dataset: str, dry_run: bool) -> Response:
    try:
        report: ImportReport = run_import(request.app.state.db, path, dataset=dataset,
                                          author=user.username, fmt=fmt or None, dry_run=dry_run)
    except InvalidInput as exc:
        return _page(request, user, problems=exc.problems, dataset=dataset, fmt=fmt)
    token = path.name if dry_run and not report.failed else None
    return _page(request, user, report=report, problems=report.errors, token=token,
                 done=not dry_run, dataset=dataset, fmt=fmt)


@router.post("/import", response_class=HTMLResponse)
def preview(request: Request, form: PostedForm) -> Response:
    """Saves the upload under the data directory and runs the import without writing."""
    check_csrf(request, str(form.get("csrf", "")))
    user = _importer(request)
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _page(request, user, problems=[], dataset=str(form.get("dataset", "")))
    folder = request.app.state.upload_dir
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{secrets.token_hex(8)}-{SAFE_NAME.sub('_', upload.filename)}"
    path.write_bytes(upload.file.read())
    return _run(request, path, user, str(form.get("format", "")), str(form.get("dataset") or "default"),
                dry_run=True)


@router.post("/import/confirm", response_class=HTMLResponse)
def confirm(request: Request, form: PostedForm) -> Response:
    check_csrf(request, str(form.get("csrf", "")))
    user = _importer(request)
    name = SAFE_NAME.sub("_", str(form.get("token", "")))
    path = request.app.state.upload_dir / name
    if not name or not path.is_file():
        raise Forbidden("that upload is gone; upload the file again")
    response = _run(request, path, user, str(form.get("format", "")), str(form.get("dataset", "")),
                    dry_run=False)
    path.unlink(missing_ok=True)
    return response
