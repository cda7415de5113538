"""On PostgreSQL, a topic's key search is answered from the GIN index over the items' family keys
(migration m17a), not by reading every item."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from sarap.core.db import Database
from sarap.monitor import keyindex
from sarap.monitor.models import MonitorItem


def test_key_search_uses_the_gin_index(db: Database) -> None:
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only: SQLite answers from its FTS5 table")
    with db.session() as session:
        condition = keyindex.any_key(session, ["террор", "экстремизм"])
        query = select(func.count(MonitorItem.id)).where(condition)
        compiled = query.compile(session.get_bind(), compile_kwargs={"literal_binds": True})
        session.execute(text("SET LOCAL enable_seqscan = off"))  # an empty table: ask what it can use
        plan = "\n".join(row[0] for row in session.execute(text(f"EXPLAIN {compiled}")))
    assert "ix_monitor_items_terms" in plan, plan
