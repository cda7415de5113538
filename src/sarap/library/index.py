"""The full-text index over units' family keys: SQLite FTS5 on the embedded database, PostgreSQL
full-text search (to_tsvector('simple', family_keys), GIN-indexed by migration l001) on a server.

Both engines see the same tokens (family keys made of letters and digits, see terms.index_token)
and get the same boolean query of keys (a KeyNode, which search.py makes from a parsed
sarap.text.query), so they select the same units; search.py then runs text.query's matcher on them
and builds snippets in Python, identically for both.

The FTS5 table is not in the Alembic schema: Alembic cannot reflect virtual tables, and their
shadow tables would read as tables the models lack (the schema comparison leaves out every table
ending in "_fts": core.fts). It is made on first use (and filled from library_units.family_keys,
so deleting it is a way to rebuild it), inside the caller's transaction, and kept in step with
every unit written or removed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, literal_column
from sqlalchemy.orm import Session

from sarap.core.fts import KeyIndex, is_sqlite
from sarap.library.models import LibraryUnit

FTS = KeyIndex("library_fts", "SELECT id, family_keys FROM library_units WHERE indexed",
               "tokenize = 'unicode61 remove_diacritics 0'")


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


def ensure(session: Session) -> bool:
    """Makes and fills the FTS5 table when it is missing (SQLite only); True when it did."""
    return FTS.ensure(session)


def add(session: Session, units: Iterable[LibraryUnit]) -> None:
    """Indexes written units (flushed, so they have ids). PostgreSQL's index follows by itself."""
    FTS.add(session, ((u.id, u.family_keys) for u in units if u.indexed))


def remove(session: Session, unit_ids: Sequence[int]) -> None:
    FTS.remove(session, unit_ids)


def rebuild(session: Session) -> None:
    FTS.rebuild(session)


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
    if is_sqlite(session):
        FTS.ensure(session)
        return LibraryUnit.id.in_(FTS.matching_ids(fts5_expression(query)))
    vector = func.to_tsvector(literal_column("'simple'"), LibraryUnit.family_keys)
    wanted = func.to_tsquery(literal_column("'simple'"), tsquery_expression(query))
    return vector.op("@@")(wanted) & LibraryUnit.indexed.is_(True)
