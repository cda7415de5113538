"""Full-text key indexes on SQLite: an FTS5 table over a text column of space-separated keys,
made and filled on first use, outside the migrations (Alembic cannot reflect FTS5 tables; the schema
comparison leaves them out by their name, which ends in "_fts": core.migrations.include_name).
On PostgreSQL every method does nothing: there the callers query the column itself."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, literal, literal_column, select, text
from sqlalchemy.orm import Session


def is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


@dataclass(frozen=True)
class KeyIndex:
    table: str  # ends in "_fts"
    fill: str  # SELECT rowid, keys FROM … : what the index holds when it is first made
    options: str  # FTS5 options after the column: tokenizer, content

    def ensure(self, session: Session) -> bool:
        """Makes and fills the table when it is missing (SQLite only); True when it did."""
        if not is_sqlite(session):
            return False
        exists = session.execute(text("SELECT 1 FROM sqlite_master WHERE name = :n"), {"n": self.table})
        if exists.first():
            return False
        session.execute(text(f"CREATE VIRTUAL TABLE {self.table} USING fts5(keys, {self.options})"))
        session.execute(text(f"INSERT INTO {self.table}(rowid, keys) {self.fill}"))
        return True

    def add(self, session: Session, rows: Iterable[tuple[int, str]]) -> None:
        """Indexes written rows as (id, keys); nothing to do when ensure() has just filled it."""
        if not is_sqlite(session) or self.ensure(session):
            return
        params = [{"id": row_id, "keys": keys} for row_id, keys in rows]
        if params:
            session.execute(text(f"INSERT INTO {self.table}(rowid, keys) VALUES (:id, :keys)"), params)

    def remove(self, session: Session, ids: Sequence[int]) -> None:
        if not is_sqlite(session) or not ids:
            return
        self.ensure(session)
        session.execute(text(f"DELETE FROM {self.table} WHERE rowid = :id"), [{"id": i} for i in ids])

    def rebuild(self, session: Session) -> None:
        if is_sqlite(session):
            session.execute(text(f"DROP TABLE IF EXISTS {self.table}"))
            self.ensure(session)

    def matching_ids(self, expression: str) -> Select[Any]:
        """The rowids whose keys match an FTS5 expression (for `id IN (…)`); the expression is an
        anonymous bound value, so several of these can sit in one statement."""
        return (select(literal_column("rowid")).select_from(text(self.table))
                .where(literal_column(self.table).op("MATCH")(literal(expression))))
