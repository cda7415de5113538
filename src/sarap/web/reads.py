"""GETs are answered as reads first: their sessions do not queue for SQLite's write lock
(sarap.core.db.READ_ONLY). A GET that turns out to write (an audited read of a restricted record)
and meets another writer is answered once more, this time waiting its turn. A GET has no body
and nothing has been sent when that happens, so running it again is safe."""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import OperationalError

from sarap.core.db import READ_ONLY, is_contention

READ_METHODS = ("GET", "HEAD")


class ReadsFirst:
    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] not in READ_METHODS:
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: dict[str, Any]) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        reading = READ_ONLY.set(True)
        try:
            await self.app(scope, receive, watch)
            return
        except OperationalError as exc:
            if started or not is_contention(exc):
                raise
        finally:
            READ_ONLY.reset(reading)
        await self.app(scope, receive, send)  # again, as a writer
