"""A time limit on the queries of one interactive request: no anonymous search or page can keep
the database busy for long. The web app sets a deadline for each request; SQLite interrupts a
statement from its progress handler once the deadline has passed, PostgreSQL cancels it through
`statement_timeout`. Work without a deadline (the CLI, imports, background jobs) is not limited."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from sarap.core.errors import SarapError

_DEADLINE: ContextVar[tuple[float, float] | None] = ContextVar("sarap_query_deadline", default=None)
PROGRESS_STEPS = 20_000  # SQLite virtual-machine steps between two looks at the clock


class QueryTimeout(SarapError):
    """A query ran past the request's time limit."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        super().__init__(f"the query took longer than the limit of {seconds:g} s (query_timeout_seconds); "
                         "narrow the search or the period")


@contextmanager
def limited(seconds: float | None) -> Iterator[None]:
    """Queries run inside this block stop after `seconds` in all (None: no limit)."""
    token = _DEADLINE.set((time.monotonic() + seconds, seconds) if seconds else None)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def _sqlite_interrupt() -> int:
    deadline = _DEADLINE.get()
    return int(deadline is not None and time.monotonic() > deadline[0])


def on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.set_progress_handler(_sqlite_interrupt, PROGRESS_STEPS)


def on_postgres_checkout(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """Each use of a pooled connection gets the time left to the request (0: no limit)."""
    deadline = _DEADLINE.get()
    left = 0 if deadline is None else max(1, int((deadline[0] - time.monotonic()) * 1000))
    cursor = dbapi_connection.cursor()
    cursor.execute(f"SET statement_timeout = {left}")
    cursor.close()
    dbapi_connection.commit()


def timed_out(exc: BaseException) -> QueryTimeout | None:
    """The QueryTimeout behind a driver's error, if that is what the error is."""
    text = str(getattr(exc, "orig", exc)).lower()
    deadline = _DEADLINE.get()
    if "interrupted" in text or "statement timeout" in text:
        return QueryTimeout(deadline[1] if deadline else 0)
    return None
