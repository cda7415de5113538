"""Handlers that touch the database are plain functions, which FastAPI runs in its thread pool: a long
import or save does not hold up every other visitor's request."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import Any

from fastapi.routing import APIRoute

from sarap.core.db import Database
from sarap.web.app import create_app


def _routes(routes: list[Any]) -> Iterator[Any]:
    for route in routes:
        included = getattr(route, "original_router", None)  # FastAPI keeps included routers whole
        yield from _routes(included.routes) if included is not None else [route]


def test_no_route_blocks_the_event_loop(db: Database) -> None:
    app = create_app(db, secret="x" * 32)
    handlers = [r for r in _routes(app.routes) if isinstance(r, APIRoute)]
    assert handlers
    blocking = [r.path for r in handlers if inspect.iscoroutinefunction(r.endpoint)]
    assert blocking == []
