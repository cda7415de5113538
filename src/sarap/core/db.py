"""Database engine and sessions: SQLite (WAL, foreign keys on) or PostgreSQL, one model.

Writers take their turn: on SQLite a writing session starts with `BEGIN IMMEDIATE`, so it waits
(busy_timeout) for the one writer SQLite allows instead of failing half-way with
"database is locked"; reading sessions (web GETs, `rollback=True`) start a plain deferred
transaction and never wait, thanks to WAL. Both backends enforce the same text rules
(declared lengths, no NUL characters) before anything is written.
"""

from __future__ import annotations

import contextvars
import os
import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import JSON, MetaData, String, create_engine, event, inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from sarap.core.errors import InvalidInput, Problem, SarapError
from sarap.core.settings import Settings

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
# How long a writer waits for another to finish, in seconds (SARAP_DB_BUSY_TIMEOUT overrides).
BUSY_TIMEOUT = float(os.environ.get("SARAP_DB_BUSY_TIMEOUT", "60"))
# Connections per process: `sarap serve` runs handlers in a pool of 40 threads.
POOL_SIZE, POOL_OVERFLOW = 20, 20
# How long exclusive work (an import) waits for another to finish before giving up.
EXCLUSIVE_WAIT = 3600.0
T = TypeVar("T")

# Set while a request only reads (the web sets it for GET and HEAD): its sessions do not wait
# for the write lock.
READ_ONLY: contextvars.ContextVar[bool] = contextvars.ContextVar("sarap_read_only", default=False)
_IMMEDIATE: contextvars.ContextVar[bool] = contextvars.ContextVar("sarap_immediate", default=False)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Busy(SarapError):
    """Another writer held the database for longer than we wait."""


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Sarap issues BEGIN itself (below): pysqlite's own transaction handling would commit
    # before DDL, so a migration killed half-way would leave half a schema.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")  # durable with WAL, and much faster
    cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT * 1000)}")
    cursor.close()
    # SQLite's own lower() folds ASCII only; Kazakh and Russian text needs Python's.
    dbapi_connection.create_function(
        "lower", 1, lambda s: s.lower() if isinstance(s, str) else s, deterministic=True
    )


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if _IMMEDIATE.get() else "BEGIN")


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(url, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW)
        else:
            engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW)


def is_contention(exc: BaseException) -> bool:
    """A failure that goes away when tried again: SQLite's lock, PostgreSQL's serialization
    failure or deadlock."""
    if not isinstance(exc, DBAPIError):
        return False
    code = getattr(exc.orig, "sqlstate", None)
    return code in ("40001", "40P01") or "database is locked" in str(exc.orig)


def retrying(work: Callable[[], T], *, attempts: int = 5, first_wait: float = 0.05) -> T:
    """Runs `work` (one whole transaction) again, after a growing pause, when it failed only
    because another writer was in the way."""
    for attempt in range(attempts):
        try:
            return work()
        except DBAPIError as exc:
            if not is_contention(exc) or attempt == attempts - 1:
                raise
            time.sleep(first_wait * 2**attempt * (1 + random.random()))
    raise AssertionError("unreachable")


def text_problem(value: Any, limit: int | None, where: str) -> Problem | None:
    if isinstance(value, str):
        if "\x00" in value:
            return Problem("text holds a NUL character", column=where, value=value[:40],
                           expected="text without NUL (\\0) characters")
        if limit is not None and len(value) > limit:
            return Problem(f"too long ({len(value):,} characters)", column=where,
                           value=value[:40] + "…", expected=f"at most {limit:,} characters")
    elif isinstance(value, dict):
        for item in value.values():
            if found := text_problem(item, None, where):
                return found
    elif isinstance(value, list):
        for item in value:
            if found := text_problem(item, None, where):
                return found
    return None


def _same_text_rules(session: Session, _context: Any, _instances: Any) -> None:
    """Declared lengths and NUL refused on SQLite too, as PostgreSQL refuses them, so both
    backends accept the same input; the problem names the table and column."""
    problems = []
    for obj in [*session.new, *session.dirty]:
        state = inspect(obj)
        for attr in state.mapper.column_attrs:
            column = attr.columns[0]
            if not isinstance(column.type, String | JSON):
                continue
            if attr.key not in state.dict:
                continue
            limit = getattr(column.type, "length", None)
            if found := text_problem(state.dict[attr.key], limit, f"{column.table.name}.{column.name}"):
                problems.append(found)
    if problems:
        raise InvalidInput(problems)


class Database:
    """One database: its engine and a session factory; `session()` is one transaction."""

    def __init__(self, url: str):
        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        event.listen(self._sessions, "before_flush", _same_text_rules)
        # Told, once, when a writer has to wait for another (the CLI prints it).
        self.on_wait: Callable[[str], None] | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> Database:
        return cls(settings.database_url)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def session(self, *, rollback: bool = False, write: bool | None = None,
                exclusive: str | None = None) -> Iterator[Session]:
        """One transaction: committed at the end, or rolled back on error or when asked
        (a dry run does all its work and then keeps none of it).

        A writing session (the default, except for dry runs and read-only requests) takes
        SQLite's write lock at the start and waits its turn. `exclusive` names work of which
        only one may run at a time (e.g. "import"): a second one waits, and says so."""
        writes = (not rollback and not READ_ONLY.get()) if write is None else write
        session = self._sessions()
        try:
            if writes or exclusive:
                self._begin_writing(session, exclusive)
            yield session
            if rollback:
                session.rollback()
            else:
                session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def _begin_writing(self, session: Session, exclusive: str | None) -> None:
        # Said once if the turn does not come within a second, so nobody wonders about a hang.
        notice = threading.Timer(1.0, self._tell_waiting, (exclusive,))
        notice.daemon = True
        notice.start()
        try:
            if self.is_sqlite:
                self._sqlite_take_lock(session, patient=bool(exclusive))
            elif exclusive:
                session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:k))"),
                                {"k": f"sarap:{exclusive}"})
        finally:
            notice.cancel()

    def _sqlite_take_lock(self, session: Session, *, patient: bool) -> None:
        """BEGIN IMMEDIATE, waiting busy_timeout; exclusive work (imports) keeps waiting up
        to EXCLUSIVE_WAIT, as a long import holds the lock for longer than that."""
        deadline = time.monotonic() + (EXCLUSIVE_WAIT if patient else 0)
        token = _IMMEDIATE.set(True)
        try:
            while True:
                try:
                    session.connection()
                    return
                except OperationalError as exc:
                    session.rollback()
                    if not is_contention(exc) or time.monotonic() >= deadline:
                        raise busy_error() from exc
        finally:
            _IMMEDIATE.reset(token)

    def _tell_waiting(self, what: str | None) -> None:
        if self.on_wait:
            self.on_wait(f"another {what or 'write'} is running on this database; waiting for it"
                         " to finish…")

    def migrate(self) -> None:
        from sarap.core.migrations import upgrade

        if upgrade(self.engine):
            self.analyze()

    def analyze(self) -> None:
        """Refreshes the planner's statistics (after imports and migrations): without them
        SQLite picks slow plans for filtered lists."""
        with self.engine.connect() as conn:
            if self.is_sqlite:
                conn.exec_driver_sql("PRAGMA analysis_limit=2000")
                conn.exec_driver_sql("ANALYZE")
                conn.exec_driver_sql("PRAGMA optimize")
            else:
                conn.commit()
                conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
            conn.commit()

    def dispose(self) -> None:
        self.engine.dispose()


def busy_error() -> Busy:
    return Busy("the database is busy with another write (an import?) for longer than "
                f"{BUSY_TIMEOUT:g} s; try again when it has finished")
