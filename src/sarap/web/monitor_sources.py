"""Monitoring sources in the browser: add a feed, a web page or an uploaded export (Telegram Desktop
JSON, CSV, JSON Lines) with a preview of its first rows as they would be stored and the errors the
file would give; edit and pause a source; start its ingest as a background job (sarap.core.jobs).

Only editors change sources, and only those of their own agency; everyone sees the sources they may
read (the list is on /monitor)."""

from __future__ import annotations

import re
import secrets
from itertools import islice
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from sarap.auth.access import can_write, readable_rows
from sarap.auth.models import User
from sarap.core import jobs
from sarap.core.db import Database
from sarap.core.errors import InvalidInput, NotFound, Problem
from sarap.monitor import demo, files, ingest, store, telegram
from sarap.monitor.models import ACCESS_LEVELS, SOURCE_KINDS, IngestRun, MonitorSource
from sarap.monitor.pseudonyms import Pseudonymiser
from sarap.monitor.records import RawItem
from sarap.web.forms import field_errors
from sarap.web.pages import render
from sarap.web.sessions import Forbidden, Unauthorized, check_csrf, current_user

router = APIRouter(include_in_schema=False)
PREVIEW_ROWS = 5
SCAN_LIMIT = 100_000  # rows read to find the errors a file would give
FIELDS = ("name", "kind", "location", "platform", "interval", "access_level", "preset", "mapping",
          "upload")
UPLOAD_NAME = re.compile(r"^[0-9a-f]{16}/[\w.\- ]{1,120}$")


def _editor(request: Request, session: Session, record: Any = None) -> User:
    user = current_user(request, session)
    if user is None:
        raise Unauthorized("log in to change monitoring sources")
    if not can_write(user, record):
        raise Forbidden("changing sources needs the editor role in the owning agency")
    return user


def _source(session: Session, source_id: int, user: User | None) -> MonitorSource:
    found = None if not 0 < source_id < 2**31 else session.scalar(
        select(MonitorSource).where(MonitorSource.id == source_id, readable_rows(user, MonitorSource)))
    if found is None:
        raise NotFound(f"no source {source_id}")
    return found


# --- uploads ---------------------------------------------------------------------------------------

def _uploads(request: Request) -> Path:
    return Path(request.app.state.upload_dir) / "monitor"


async def _store_upload(request: Request, upload: UploadFile) -> str:
    """Keeps an uploaded export under the data folder; returns its name relative to the folder."""
    name = re.sub(r"[^\w.\- ]", "_", Path(upload.filename or "export").name)[:120] or "export"
    relative = f"{secrets.token_hex(8)}/{name}"
    path = _uploads(request) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(await upload.read())
    return relative


def _upload_path(request: Request, relative: str) -> Path:
    if not UPLOAD_NAME.match(relative):
        raise InvalidInput([Problem("unknown upload", column="upload", value=relative,
                                    expected="a file uploaded with this form")])
    return _uploads(request) / relative


# --- preview -----------------------------------------------------------------------------------------

def _mapping(values: dict[str, Any]) -> files.Mapping:
    overrides = [line.strip() for line in values["mapping"].splitlines() if line.strip()]
    return files.load_mapping(preset_name=values["preset"] or None, overrides=overrides,
                              fmt=values["kind"])


def _reader(path: Path, values: dict[str, Any]) -> Any:
    if values["kind"] == "telegram":
        return telegram.read(path)
    return files.read(path, _mapping(values))


def preview(path: Path, values: dict[str, Any]) -> dict[str, Any]:
    """The first rows as they would be stored, how many rows the file holds up to the first error,
    that error (file, row, field, expected), and for Telegram what would be passed over and why."""
    rows: list[RawItem] = []
    problems: list[Problem] = []
    count = 0
    try:
        for raw in islice(_reader(path, values), SCAN_LIMIT):
            if len(rows) < PREVIEW_ROWS:
                rows.append(raw)
            count += 1
    except InvalidInput as exc:
        problems = list(exc.problems)
    skipped = telegram.skip_reasons(path) if values["kind"] == "telegram" else {}
    return {"rows": rows, "count": count, "problems": problems, "skipped": skipped}


# --- the form --------------------------------------------------------------------------------------

def _form_page(request: Request, user: User, values: dict[str, Any], *, errors: dict[str, str] | None = None,
               shown: dict[str, Any] | None = None, status: int = 200) -> HTMLResponse:
    return render(request, "monitor/source_form.html", user, status=status, values=values,
                  errors=errors or {}, preview=shown, kinds=SOURCE_KINDS, access_levels=ACCESS_LEVELS,
                  presets=sorted(p.stem for p in files.PRESETS.glob("*.yaml")),
                  file_kinds=store.FILE_KINDS)


@router.get("/monitor/sources/new", response_class=HTMLResponse)
def new_source(request: Request) -> HTMLResponse:
    with request.app.state.db.session() as session:
        user = _editor(request, session)
        kind = request.query_params.get("kind", "telegram")
        values = {**dict.fromkeys(FIELDS, ""), "kind": kind if kind in SOURCE_KINDS else "telegram",
                  "interval": "60", "access_level": "official"}
        return _form_page(request, user, values)


def _field(column: str | None) -> str:
    return {"interval": "interval", "agency": "access_level", "file": "upload", "--map": "mapping",
            "format": "kind"}.get(column or "", column if column in FIELDS else "upload")


def _interval(values: dict[str, Any]) -> int:
    try:
        return int(values["interval"] or 60)
    except ValueError:
        raise InvalidInput([Problem("not a whole number of minutes", column="interval",
                                    value=values["interval"], expected="minutes ≥ 1")]) from None


def _options(values: dict[str, Any]) -> dict[str, Any]:
    if values["kind"] in ("csv", "jsonl"):
        return _mapping(values).to_dict()
    return {}


@router.post("/monitor/sources")
async def add_source(request: Request) -> Response:
    """action=preview shows what the file would give; action=save adds the source (and, for a file,
    starts its ingest when asked: action=save_ingest)."""
    form = await request.form()
    check_csrf(request, str(form.get("csrf") or ""))
    values: dict[str, Any] = {k: str(form.get(k) or "").strip() for k in FIELDS}
    upload = form.get("file")
    if isinstance(upload, UploadFile) and upload.filename:
        values["upload"] = await _store_upload(request, upload)
    action = str(form.get("action") or "save")
    db: Database = request.app.state.db
    with db.session() as session:
        user = _editor(request, session)
        try:
            if values["kind"] in store.FILE_KINDS:
                if not values["upload"]:
                    raise InvalidInput([Problem("choose the export file to upload", column="upload",
                                                expected="a Telegram result.json, a CSV or a JSONL file")])
                path = _upload_path(request, values["upload"])
                values["location"] = str(path)
                if action == "preview":
                    return _form_page(request, user, values, shown=preview(path, values))
            if not values["name"]:
                raise InvalidInput([Problem("a source needs a name", column="name", expected="a short name")])
            source = store.add_source(session, name=values["name"], kind=values["kind"],
                                      location=values["location"], platform=values["platform"] or None,
                                      interval_minutes=_interval(values), options=_options(values),
                                      agency=user.agency.code,
                                      access_level=values["access_level"] or "official",
                                      actor=user.username)
        except InvalidInput as exc:
            session.rollback()
            return _form_page(request, user, values, errors=field_errors(exc.problems, _field), status=400)
        source_id, name, username, agency = source.id, source.name, user.username, user.agency.code
    if action == "save_ingest":
        job_id = start_ingest(request, source_id, name, username, agency)
        return RedirectResponse(f"/jobs/{job_id}", status_code=303)
    return RedirectResponse(f"/monitor/sources/{source_id}", status_code=303)


# --- a source's page ---------------------------------------------------------------------------------

@router.get("/monitor/sources/{source_id}", response_class=HTMLResponse)
def source_page(request: Request, source_id: int) -> HTMLResponse:
    with request.app.state.db.session() as session:
        user = current_user(request, session)
        source = _source(session, source_id, user)
        runs = session.scalars(select(IngestRun).where(IngestRun.source_id == source.id)
                               .order_by(IngestRun.id.desc()).limit(10)).all()
        recent = jobs.recent(session, user.username, kind="monitor.ingest") if user else []
        return render(request, "monitor/source.html", user, source=source, runs=runs,
                      can_edit=can_write(user, source), access_levels=ACCESS_LEVELS, errors={},
                      jobs=[j for j in recent if j.title == f"ingest: {source.name}"])


@router.post("/monitor/sources/{source_id}")
async def edit_source(request: Request, source_id: int) -> Response:
    form = await request.form()
    check_csrf(request, str(form.get("csrf") or ""))
    with request.app.state.db.session() as session:
        source = _source(session, source_id, current_user(request, session))
        user = _editor(request, session, source)
        values = {k: str(form.get(k) or "").strip()
                  for k in ("platform", "interval", "access_level", "location")}
        changes: dict[str, Any] = {"paused": form.get("paused") == "on"}
        try:
            changes["interval_minutes"] = _interval(values)
            for key in ("platform", "access_level", "location"):
                if values[key]:
                    changes[key] = values[key].lower() if key == "platform" else values[key]
            if source.kind in store.FILE_KINDS:
                changes.pop("location", None)
            store.update_source(session, source, actor=user.username, **changes)
        except InvalidInput as exc:
            session.rollback()
            source = _source(session, source_id, user)
            runs = session.scalars(select(IngestRun).where(IngestRun.source_id == source.id)
                                   .order_by(IngestRun.id.desc()).limit(10)).all()
            return render(request, "monitor/source.html", user, status=400, source=source, runs=runs,
                          can_edit=True, access_levels=ACCESS_LEVELS, jobs=[],
                          errors=field_errors(exc.problems, lambda c: c or "interval"))
    return RedirectResponse(f"/monitor/sources/{source_id}", status_code=303)


# --- ingest as a job ---------------------------------------------------------------------------------

def start_ingest(request: Request, source_id: int, name: str, username: str, agency: str | None) -> int:
    db: Database = request.app.state.db
    data_dir = Path(request.app.state.upload_dir).parent

    def work(progress: jobs.Progress) -> dict[str, Any]:
        total = ingest.count_records(db, name)
        progress(0, total)
        report = ingest.ingest(db, name, pseudonymiser=Pseudonymiser.in_data_dir(data_dir), actor=username,
                               progress=lambda n: progress(n, total))
        with db.session() as session:
            source = session.get_one(MonitorSource, source_id)
            why = telegram.skip_reasons(Path(source.location)) if source.kind == "telegram" else {}
        return {**report.to_dict(), "source_id": source_id, "skipped_why": why}

    return jobs.start(db, "monitor.ingest", work, title=f"ingest: {name}", owner=username, agency=agency)


@router.post("/monitor/sources/{source_id}/ingest")
async def ingest_source(request: Request, source_id: int) -> Response:
    form = await request.form()
    check_csrf(request, str(form.get("csrf") or ""))
    with request.app.state.db.session() as session:
        source = _source(session, source_id, current_user(request, session))
        user = _editor(request, session, source)
        name, username, agency = source.name, user.username, user.agency.code
    job_id = start_ingest(request, source_id, name, username, agency)
    return RedirectResponse(f"/jobs/{job_id}", status_code=303)


@router.post("/monitor/demo/remove")
async def remove_demo(request: Request) -> Response:
    """Removes the generated demonstration corpus (admins): source, posts, topics, alerts."""
    form = await request.form()
    check_csrf(request, str(form.get("csrf") or ""))
    with request.app.state.db.session() as session:
        user = current_user(request, session)
        if user is None:
            raise Unauthorized("log in to remove the demonstration corpus")
        if user.role != "admin":
            raise Forbidden("removing the demonstration corpus needs the admin role")
        username = user.username
    demo.remove(request.app.state.db, actor=username)
    return RedirectResponse("/monitor", status_code=303)
