"""A migration killed (SIGKILL) at any moment leaves the old schema or the new one: the next
`migrate` finishes it and the shipped data seeds. Real processes, real SQLite/PostgreSQL."""

from __future__ import annotations

import os
import signal
import time

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text

from sarap.core.db import Base, Database
from sarap.core.migrations import include_name
from sarap.core.models import import_all_models
from sarap.events import seed

KILL_POINTS = 12


def _fresh(url: str, tmp_path, i: int) -> str:
    if url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / f'kill{i}.db'}"
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


def _migrate_in_child(url: str) -> int:
    """A forked process (the interpreter already warm, so the kill lands inside the migration)."""
    pid = os.fork()
    if pid == 0:
        try:
            Database(url).migrate()
        except BaseException:
            os._exit(1)
        os._exit(0)
    return pid


def _timed_full_run(url: str) -> float:
    start = time.perf_counter()
    os.waitpid(_migrate_in_child(url), 0)
    return time.perf_counter() - start


def _versions(url: str) -> set[str]:
    engine = create_engine(url)
    with engine.connect() as conn:
        found = set(MigrationContext.configure(conn).get_current_heads())
    engine.dispose()
    return found


def test_killed_migrations_leave_a_database_that_migrates_and_seeds(db_url, tmp_path):
    import_all_models()
    full = _timed_full_run(_fresh(db_url, tmp_path, 0))
    states: set[frozenset[str]] = set()
    for i in range(1, KILL_POINTS + 1):
        url = _fresh(db_url, tmp_path, i)
        pid = _migrate_in_child(url)
        time.sleep(full * i / (KILL_POINTS + 1))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        states.add(frozenset(_versions(url)))
        db = Database(url)
        db.migrate()  # no "table already exists", no lock left behind
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(
                conn, opts={"include_name": include_name}), Base.metadata)
        assert [d for d in diff if d[0] != "remove_table"] == []
        db.dispose()
    # The kills landed at different steps, not all before or after the whole migration.
    assert len(states) >= 3, states
    db = Database(url)
    report = seed.load(db, "dissertation-2025")
    assert report.created > 0 and not report.errors
    db.dispose()


def test_two_processes_migrating_at_once_both_succeed(db_url, tmp_path):
    url = _fresh(db_url, tmp_path, 99)
    pids = [_migrate_in_child(url) for _ in range(2)]
    for pid in pids:
        _, status = os.waitpid(pid, 0)
        assert os.WEXITSTATUS(status) == 0
    db = Database(url)
    db.migrate()
    assert seed.load(db, "dissertation-2025").created > 0
    db.dispose()
