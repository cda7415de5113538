"""The full-text index over units' family keys: SQLite FTS5 on the embedded database, PostgreSQL
full-text search (to_tsvector('simple', family_keys), GIN-indexed by migration l001) on a server.

Both engines see the same tokens (family keys made of letters and digits, see terms.index_token)
and get the same boolean query of keys (a KeyNode, which search.py makes from a parsed
sarap.text.query), so they select the same units; search.py then runs text.query's matcher on them
and builds snippets in Python, identically for both.

The FTS5 table is not in the Alembic schema: Alembic cannot reflect virtual tables, and their
shadow tables would read as tables the models lack (the schema comparison leaves out every table
named with FTS_PREFIX: see core/migrations/env.py). It is created here on first use (and filled
from library_units.family_keys, so deleting it is a way to rebuild it), inside the caller's
transaction, and kept in step with every unit written or removed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, func, literal_column, select, text
from sqlalchemy.orm import Session

from sarap.library.models import LibraryUnit

FTS_PREFIX = "library_fts"  # the FTS5 table and its shadow tables (library_fts_data, …)
FTS_TABLE = FTS_PREFIX


@dataclass(frozen=True)
class Keys:
    """Units holding any of these keys."""

    any_of: frozenset[str]


@dataclass(frozen=True)
class AllOf:
    items: tuple[KeyNode, ...]


@dataclass(frozen=True)
class AnyOf:
    items: tuple[KeyNode, ...]


@dataclass(frozen=True)
class Without:
    """Units that `keep` selects and `drop` does not (FTS5's NOT needs something to keep)."""

    keep: KeyNode
    drop: KeyNode


KeyNode = Keys | AllOf | AnyOf | Without


def _is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def ensure(session: Session) -> bool:
    """Creates the FTS5 table when it is missing and fills it from the units (SQLite only);
    True when it did (the units written so far are then indexed already)."""
    if not _is_sqlite(session):
        return False
    exists = session.execute(text("SELECT 1 FROM sqlite_master WHERE name = :n"), {"n": FTS_TABLE}).first()
    if exists:
        return False
    session.execute(text(f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(keys, "
                         "tokenize = 'unicode61 remove_diacritics 0')"))
    session.execute(text(f"INSERT INTO {FTS_TABLE}(rowid, keys) SELECT id, family_keys FROM library_units "
                         "WHERE indexed"))
    return True


def add(session: Session, units: Iterable[LibraryUnit]) -> None:
    """Indexes written units (flushed, so they have ids). PostgreSQL's index follows by itself."""
    if not _is_sqlite(session):
        return
    if ensure(session):
        return
    rows = [{"id": u.id, "keys": u.family_keys} for u in units if u.indexed]
    if rows:
        session.execute(text(f"INSERT INTO {FTS_TABLE}(rowid, keys) VALUES (:id, :keys)"), rows)


def remove(session: Session, unit_ids: Sequence[int]) -> None:
    if not _is_sqlite(session) or not unit_ids:
        return
    ensure(session)
    session.execute(text(f"DELETE FROM {FTS_TABLE} WHERE rowid = :id"), [{"id": i} for i in unit_ids])


def rebuild(session: Session) -> None:
    if _is_sqlite(session):
        session.execute(text(f"DROP TABLE IF EXISTS {FTS_TABLE}"))
        ensure(session)


# -- queries --------------------------------------------------------------------------------------

def fts5_expression(node: KeyNode) -> str:
    if isinstance(node, Keys):
        return "(" + " OR ".join(f'"{k}"' for k in sorted(node.any_of)) + ")"
    if isinstance(node, Without):
        return f"({fts5_expression(node.keep)} NOT {fts5_expression(node.drop)})"
    joint = " AND " if isinstance(node, AllOf) else " OR "
    return "(" + joint.join(fts5_expression(i) for i in node.items) + ")"


def tsquery_expression(node: KeyNode) -> str:
    if isinstance(node, Keys):
        return "(" + " | ".join(sorted(node.any_of)) + ")"
    if isinstance(node, Without):
        return f"({tsquery_expression(node.keep)} & !{tsquery_expression(node.drop)})"
    joint = " & " if isinstance(node, AllOf) else " | "
    return "(" + joint.join(tsquery_expression(i) for i in node.items) + ")"


def matching(session: Session, query: KeyNode) -> ColumnElement[bool]:
    """A condition on LibraryUnit keeping the indexed units that the key query selects."""
    if _is_sqlite(session):
        ensure(session)
        ids: Select[Any] = (select(literal_column("rowid")).select_from(text(FTS_TABLE))
               .where(text(f"{FTS_TABLE} MATCH :fts_query").bindparams(fts_query=fts5_expression(query))))
        return LibraryUnit.id.in_(ids)
    vector = func.to_tsvector(literal_column("'simple'"), LibraryUnit.family_keys)
    wanted = func.to_tsquery(literal_column("'simple'"), tsquery_expression(query))
    return vector.op("@@")(wanted) & LibraryUnit.indexed.is_(True)
