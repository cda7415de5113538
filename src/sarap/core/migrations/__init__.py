"""Alembic migrations, run programmatically: `upgrade(engine)` brings a database to every head
(each capability package has its own branch after 0002).

Two processes never migrate at once: PostgreSQL takes an advisory lock, SQLite a lock file next
to the database; the second waits, then finds the work done.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

HERE = Path(__file__).parent
LOCK_KEY = 7_419_019  # any fixed number: the advisory lock of Sarap's migrations


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(HERE))
    config.attributes["connection"] = connection
    return config


def _is_current(connection: Connection) -> bool:
    heads = set(ScriptDirectory.from_config(alembic_config()).get_heads())
    current = set(MigrationContext.configure(connection).get_current_heads())
    connection.rollback()
    return current == heads


@contextmanager
def _migration_lock(engine: Engine, connection: Connection) -> Iterator[None]:
    if engine.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": LOCK_KEY})
        connection.commit()
        try:
            yield
        finally:
            connection.rollback()
            connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": LOCK_KEY})
            connection.commit()
        return
    path = engine.url.database
    if not path or path == ":memory:":
        yield
        return
    with open(f"{path}.migrate-lock", "a") as fh:  # noqa: PTH123 - flock needs the file object
        fcntl.flock(fh, fcntl.LOCK_EX)  # released by the kernel if this process dies
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def upgrade(engine: Engine, revision: str = "heads") -> bool:
    """Brings the schema to `revision`; True when a migration ran."""
    with engine.connect() as connection:
        if revision == "heads" and _is_current(connection):
            return False
        with _migration_lock(engine, connection):
            if revision == "heads" and _is_current(connection):
                return False  # another process did it while we waited
            command.upgrade(alembic_config(connection), revision)
            connection.commit()
    return True


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Schema comparisons leave out the full-text tables that SQLite makes on first use, outside
    the migrations (sarap.core.fts: the library's and monitoring's): their names hold "_fts", and
    Alembic cannot reflect them."""
    return not (type_ == "table" and name is not None and "_fts" in name)
