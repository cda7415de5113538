"""Which items hold a family key, answered by the database: the SQL side of topic queries.

A query made of bare words, AND, OR and NOT (textual.Query.keys_only) becomes one SQL condition on
monitor_items, so series and breakdowns count in SQL (GROUP BY bucket) instead of reading every item.
Phrases, prefixes and NEAR get a looser condition (the keys their words need) that keeps every item
that can match; Python checks the words in order on those candidates only.

- SQLite: an FTS5 table over the items' keys (contentless: it holds only the index), created on
  first use and filled from monitor_items.terms, then kept in step by ingest (sarap.library.index
  does the same for the library, for the same reason: Alembic cannot read virtual tables). Keys are
  single tokens there: letters and digits, and hyphens inside (`tokenchars '-'`).
- PostgreSQL: `string_to_array(terms, ' ') && ARRAY[keys]`, with a GIN index on that expression
  (migration m17a).
A key with other characters (an emoji joined to a word) is not trusted to either engine: a query
word with such a key is checked in Python.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from sqlalchemy import (
    ColumnElement,
    and_,
    func,
    literal,
    literal_column,
    not_,
    or_,
    true,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session
from sqlalchemy.types import Text

from sarap.core.fts import KeyIndex, is_sqlite
from sarap.monitor.models import MonitorItem
from sarap.text import query as tq

FTS = KeyIndex("monitor_fts", "SELECT id, terms FROM monitor_items",
               "content='', tokenize = \"unicode61 remove_diacritics 0 tokenchars '-'\"")
_SIMPLE_KEY = re.compile(r"[^\W_]+(?:-[^\W_]+)*")


def ensure(session: Session) -> bool:
    """Makes and fills the FTS5 table when it is missing (SQLite only); True when it did."""
    return FTS.ensure(session)


def add(session: Session, rows: Iterable[tuple[int, str]]) -> None:
    """Indexes written items: (id, terms) pairs. PostgreSQL's index follows by itself."""
    FTS.add(session, rows)


def simple(keys: Iterable[str]) -> bool:
    return all(_SIMPLE_KEY.fullmatch(k) for k in keys)


def any_key(session: Session, keys: Iterable[str]) -> ColumnElement[bool]:
    """Items holding at least one of the keys (all simple, see the module docstring)."""
    wanted = sorted(set(keys))
    if not wanted:
        return not_(true())
    if is_sqlite(session):
        FTS.ensure(session)
        return MonitorItem.id.in_(FTS.matching_ids(" OR ".join(f'"{k}"' for k in wanted)).scalar_subquery())
    terms = func.string_to_array(MonitorItem.terms, literal_column("' '"), type_=ARRAY(Text))
    return terms.op("&&")(literal(wanted, type_=ARRAY(Text)))


KeysOf = Callable[[str], frozenset[str]]


def _word(session: Session, word: str, keys_of: KeysOf, exact: bool) -> ColumnElement[bool] | None:
    """Exact: the items whose keys meet the word's (textual's keys-only rule). Loose: also every item
    where the word stands as written, which holds one of those keys when the word is plain letters,
    digits and hyphens (its keys in the item's language are among the query's)."""
    keys = keys_of(word)
    if not keys or not simple(keys) or not (exact or _SIMPLE_KEY.fullmatch(word)):
        return None
    return any_key(session, keys)


def condition(session: Session, node: tq.Node, keys_of: KeysOf, exact: bool) -> ColumnElement[bool] | None:
    """The SQL condition for a query node. exact=True: exactly the items it matches by keys, or None
    when SQL cannot say that. exact=False: a condition every match meets (None: no restriction)."""
    if isinstance(node, tq.Word):
        return _word(session, node.text, keys_of, exact)
    if isinstance(node, tq.Not):
        inner = condition(session, node.item, keys_of, True)
        return None if inner is None else not_(inner)
    if isinstance(node, tq.And | tq.Or):
        parts = [condition(session, i, keys_of, exact) for i in node.items]
        kept = [p for p in parts if p is not None]
        if isinstance(node, tq.Or) or exact:
            return None if len(kept) < len(parts) else (or_ if isinstance(node, tq.Or) else and_)(*kept)
        return and_(*kept) if kept else None
    if exact:
        return None
    if isinstance(node, tq.Phrase):
        kept = [c for w in node.words if (c := _word(session, w, keys_of, False)) is not None]
        return and_(*kept) if kept else None
    if isinstance(node, tq.Near):
        sides = (condition(session, side, keys_of, False) for side in (node.left, node.right))
        kept = [c for c in sides if c is not None]
        return and_(*kept) if kept else None
    return None
