"""The Sarap web app: pages, the JSON API, languages and security headers."""

from __future__ import annotations

import logging
import secrets
import tempfile
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from sarap.core.db import READ_ONLY, Busy, Database
from sarap.core.errors import InvalidInput, NotFound
from sarap.web import (
    accounts,
    admin,
    analysis,
    api,
    editing,
    importing,
    monitor_items,
    monitor_sources,
    pages,
    registry_api,
    survey_api,
)
from sarap.web import jobs as job_pages
from sarap.web import library as library_pages
from sarap.web import monitor as monitor_pages
from sarap.web import monitor_api as monitor_json
from sarap.web import registry as registry_pages
from sarap.web import review as review_pages
from sarap.web import situation as situation_pages
from sarap.web import survey as survey_pages
from sarap.web.i18n import choose, t
from sarap.web.sessions import Forbidden, Unauthorized, secret_key

HERE = Path(__file__).parent
log = logging.getLogger("sarap.web")
MAX_BODY = 10 * 1024 * 1024  # uploads of event files stay well under this
PASSWORD_PATHS = {"/account/password", "/logout", "/login"}
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                               "script-src 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


async def _has_nul(request: Request) -> bool:
    """A NUL character in the query string, a JSON body or a form: PostgreSQL refuses it in any text, so it
    is refused here, before it reaches a query, with the same answer on both databases."""
    if "\x00" in "".join(request.query_params.values()):
        return True
    kind = request.headers.get("content-type", "")
    if "json" in kind:
        return b"\\u0000" in await request.body()
    return "x-www-form-urlencoded" in kind and b"%00" in await request.body()


def create_app(db: Database, secret: str | None = None, secure_cookies: bool = False,
               data_dir: Path | None = None) -> FastAPI:
    # Swagger and ReDoc pages load their assets from a CDN: off, since Sarap runs offline.
    app = FastAPI(title="Sarap", version="0.1.0", docs_url=None, redoc_url=None,
                  openapi_url="/api/v1/openapi.json")
    app.state.db = db
    app.state.login_throttle = accounts.LoginThrottle()
    app.state.upload_dir = (data_dir or Path(tempfile.gettempdir()) / "sarap") / "uploads"
    app.state.templates = Environment(loader=FileSystemLoader(HERE / "templates"),
                                      autoescape=select_autoescape())
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api.router)
    app.include_router(monitor_json.router)
    app.include_router(survey_api.router)
    app.include_router(registry_api.router)
    app.include_router(accounts.router)
    app.include_router(editing.router)
    app.include_router(importing.router)
    app.include_router(admin.router)
    app.include_router(analysis.router)
    app.include_router(registry_pages.router)
    app.include_router(survey_pages.router)
    app.include_router(monitor_sources.router)
    app.include_router(monitor_items.router)
    app.include_router(job_pages.router)
    app.include_router(situation_pages.router)
    app.include_router(monitor_pages.router)
    app.include_router(review_pages.router)
    app.include_router(library_pages.router)
    app.include_router(pages.router)

    @app.middleware("http")
    async def language_and_headers(request: Request, call_next: Any) -> Response:
        request.state.lang = choose(request.query_params.get("lang"), request.cookies.get("lang"))
        if int(request.headers.get("content-length") or 0) > MAX_BODY:
            return JSONResponse({"error": "request too large", "limit_bytes": MAX_BODY}, status_code=413)
        if await _has_nul(request):
            return JSONResponse({"error": "invalid input", "problems": [
                {"message": "text may not contain NUL characters (\\u0000)", "expected": "text"}]},
                status_code=422)
        if request.session.get("must_change") and request.url.path not in PASSWORD_PATHS \
                and not request.url.path.startswith("/static/"):
            return RedirectResponse("/account/password", status_code=303)
        # A GET only reads: its sessions do not queue for SQLite's write lock (sarap.core.db).
        reading = READ_ONLY.set(request.method in ("GET", "HEAD"))
        try:
            response: Response = await call_next(request)
        except Exception:
            log.exception("unhandled error on %s", request.url.path)
            response = _error_page(request, 500)
        finally:
            READ_ONLY.reset(reading)
        if request.query_params.get("lang") == request.state.lang:
            response.set_cookie("lang", request.state.lang, max_age=365 * 24 * 3600,
                                samesite="lax", httponly=True)
        response.headers.update(SECURITY_HEADERS)
        return response

    # Added last, so it runs first: the language middleware above can read the session.
    app.add_middleware(SessionMiddleware, secret_key=secret or secrets.token_urlsafe(32),
                       session_cookie="sarap_session", same_site="strict", https_only=secure_cookies,
                       max_age=8 * 3600)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden) -> Response:
        return _error_page(request, 403, str(exc))

    @app.exception_handler(Unauthorized)
    async def unauthorized(request: Request, exc: Unauthorized) -> Response:
        if not request.url.path.startswith("/api/"):
            return RedirectResponse("/login", status_code=303)
        return _error_page(request, 401, str(exc))

    @app.exception_handler(InvalidInput)
    async def invalid(request: Request, exc: InvalidInput) -> Response:
        return JSONResponse({"error": "invalid input",
                             "problems": [p.to_dict() for p in exc.problems]}, status_code=422)

    @app.exception_handler(Busy)
    async def busy(request: Request, exc: Busy) -> Response:
        response = _error_page(request, 503, str(exc))
        response.headers["Retry-After"] = "5"
        return response

    @app.exception_handler(NotFound)
    async def not_found(request: Request, _exc: NotFound) -> Response:
        return _error_page(request, 404)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return _error_page(request, exc.status_code)

    return app


def _error_page(request: Request, status: int, detail: str | None = None) -> Response:
    lang = getattr(request.state, "lang", "kk")
    message = t({404: "not_found", 403: "forbidden", 401: "login"}.get(status, "server_error"), lang)
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": message, **({"detail": detail} if detail else {})},
                            status_code=status)
    body = (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{status}</title>'
            f'<link rel="stylesheet" href="/static/sarap.css"></head><body><main><h1>{status}</h1>'
            f'<p>{message}</p><p><a href="/">{t("dashboard", lang)}</a></p></main></body></html>')
    return HTMLResponse(body, status_code=status)


def serve(host: str = "127.0.0.1", port: int = 8000) -> None:
    import uvicorn

    from sarap.core.settings import load_settings

    settings = load_settings()
    db = Database.from_settings(settings)
    db.migrate()
    app = create_app(db, secret_key(settings.data_dir), data_dir=settings.data_dir)
    uvicorn.run(app, host=host, port=port)
